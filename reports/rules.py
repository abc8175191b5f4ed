"""Who may do what with reports. Imported by ``ReportsConfig.ready()`` (and by
django-rules' autodiscovery), so the permissions exist wherever the app is installed.

* Reports (history, requests, downloads) and the dashboard: the CCPL team and executives
  (as ``ccpl.view_staff_area``); reports hold only published, disclosure-controlled figures.
* A report's progress page and its JSON: only the people who asked for it.
* Sign-off: an executive, for a finished annual report not yet signed off.
"""

import rules

from ccpl.rules import is_ccpl_team, is_executive

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


staff = rules.is_active & (is_ccpl_team | is_executive)

rules.add_perm("reports.view_reports", staff)
rules.add_perm("reports.request_report", staff)
rules.add_perm("reports.view_report_progress", staff & requested_report)
rules.add_perm("reports.sign_off_report", rules.is_active & is_executive & can_be_signed_off)
