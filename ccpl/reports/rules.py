"""Who may do what with reports. Imported by the reports views and services, so the
permissions exist wherever reports are used.

* Reports (history, requests, downloads) and the dashboard: the CCPL team and executives
  (``ccpl.view_staff_area``); reports hold only published, disclosure-controlled figures.
* A report's progress page and its JSON: only the people who asked for it.
* Sign-off: an executive, for a finished annual report not yet signed off.
"""

import rules

from ccpl.rules import is_ccpl_team, is_executive

ANNUAL_REPORT = "annual_report"


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
        and job.kind == ANNUAL_REPORT
        and job.status == "done"
        and job.signed_off_at is None
    )


staff = rules.is_active & (is_ccpl_team | is_executive)

rules.add_perm("ccpl.view_reports", staff)
rules.add_perm("ccpl.request_report", staff)
rules.add_perm("ccpl.view_report_progress", staff & requested_report)
rules.add_perm("ccpl.sign_off_report", rules.is_active & is_executive & can_be_signed_off)
