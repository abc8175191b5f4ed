"""Who may do what with reports. Imported by ``ReportsConfig.ready()`` (and by
django-rules' autodiscovery), so the permissions exist wherever the app is installed.

* Reports (history, requests, downloads) and the dashboard: the CCPL team and executives
  (as ``ccpl.view_staff_area``); reports hold only published, disclosure-controlled figures.
* A report's progress page and its JSON: only the people who asked for it.
* Sign-off: an executive, for a finished annual report not yet signed off.
* Board members: the list of finished board assurance packs, and each such pack's web page
  and PDF (``reports.view_report`` on the job) — no other kind of report, no pack still being
  made or failed, and nothing else of the staff area.
"""

import rules

from ccpl.rules import is_board_member, is_ccpl_team, is_executive

from .models import ReportJob


@rules.predicate
def requested_report(user, job):
    if job is None or not user.is_authenticated:
        return False
    if job.requested_by_id == user.pk:
        return True
    return job.also_requested_by.filter(pk=user.pk).exists()


@rules.predicate
def can_be_signed_off(user, job):
    return (
        job is not None
        and job.takes_sign_off
        and job.status == ReportJob.Status.DONE
        and job.signed_off_at is None
    )


@rules.predicate
def is_finished_assurance_pack(user, job):
    return (
        job is not None
        and job.kind == ReportJob.Kind.ASSURANCE_PACK
        and job.status == ReportJob.Status.DONE
    )


staff = rules.is_active & (is_ccpl_team | is_executive)
board_member = rules.is_active & is_board_member

rules.add_perm("reports.view_reports", staff)
# One report's web page and PDF: staff any report; a board member a finished assurance pack.
rules.add_perm("reports.view_report", staff | (board_member & is_finished_assurance_pack))
# The list of finished assurance packs: the board's own page (staff see them in the history).
rules.add_perm("reports.view_board_packs", staff | board_member)
rules.add_perm("reports.request_report", staff)
rules.add_perm("reports.view_report_progress", staff & requested_report)
rules.add_perm("reports.sign_off_report", rules.is_active & is_executive & can_be_signed_off)
