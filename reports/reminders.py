"""Scheduled reminders: a weekly digest to the CCPL team of what needs attention (job
descriptions due for review, overdue appraisals, action plan updates gone stale), and the
reminder email to leaders who have not yet answered an open temperature check, sent once in
its last week.

Each part reads its app's own selectors.
Survey reminders need the site's address for the personal links: ``CCPL_SITE_URL``.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from actions import selectors as action_selectors
from ccpl import rules
from ccpl.services import email_queue
from roles import selectors as role_selectors
from surveys import services as survey_services

logger = logging.getLogger(__name__)

# How many of each kind of item the digest lists by name (it counts them all).
LIST_LIMIT = 5

SURVEY_REMINDER_DAYS = 7


def _team_emails() -> list[str]:
    User = get_user_model()
    return list(
        User.objects.filter(is_active=True, groups__name=rules.CCPL_TEAM)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )


def reminders_digest(*, on: date) -> dict:
    """What the weekly digest lists."""
    digest: dict = {"on": on}
    jd_reviews = role_selectors.job_description_reviews_due(on=on)
    appraisals = role_selectors.appraisals_overdue(on=on)
    digest["jd_reviews"] = (jd_reviews.count(), list(jd_reviews[:LIST_LIMIT]))
    digest["jd_days"] = role_selectors.JD_DUE_DAYS
    digest["appraisals"] = (appraisals.count(), list(appraisals[:LIST_LIMIT]))
    plan = action_selectors.current_plan()
    if plan is not None:
        stale = action_selectors.action_list(plan=plan, on=on).filter(is_stale=True)
        digest["stale_actions"] = (stale.count(), list(stale[:LIST_LIMIT]))
        digest["plan"] = plan
    return digest


def _has_anything(digest: dict) -> bool:
    return any(
        isinstance(value, tuple) and value[0] for key, value in digest.items() if key != "on"
    )


def survey_reminders_send(*, on: date) -> int:
    """Remind everyone who has not answered an open temperature check closing within the
    week, once (by the surveys app's own service). Returns the number of emails sent."""
    base_url = getattr(settings, "CCPL_SITE_URL", "")
    if not base_url:
        logger.info("Survey reminders are off: set CCPL_SITE_URL to the site's address")
        return 0
    from surveys.models import Survey

    sent = 0
    closing = Survey.objects.filter(
        status=Survey.Status.OPEN,
        closes_on__gte=on,
        closes_on__lte=on + timedelta(days=SURVEY_REMINDER_DAYS),
    )
    for survey in closing:
        last_week = survey.closes_on - timedelta(days=SURVEY_REMINDER_DAYS)
        if survey.reminders.filter(sent_on__gte=last_week).exists():
            continue  # reminded already this last week
        sent += survey_services.reminders_send(survey=survey)
    return sent


def reminders_send(*, on: date | None = None) -> int:
    """Send the digest (if anything needs attention) and any survey reminders due.
    Returns the number of emails sent or queued. The digest goes through the outbox
    (``ccpl.services.email_queue``): one recorded e-mail per person, which staff can see on
    the e-mails page, never lost when the broker or the mail relay is away."""
    on = on or timezone.localdate()
    sent = survey_reminders_send(on=on)
    digest = reminders_digest(on=on)
    recipients = _team_emails()
    if recipients and _has_anything(digest):
        base_url = getattr(settings, "CCPL_SITE_URL", "").rstrip("/")
        body = render_to_string("reports/email/reminders.txt", {**digest, "base_url": base_url})
        subject = f"CCPL Manager: what needs attention this week ({on:%-d %B %Y})"
        with transaction.atomic():
            for recipient in recipients:
                email_queue(
                    to=recipient,
                    subject=subject,
                    body=body,
                    kind="Weekly digest",
                    about=f"Week of {on:%-d %B %Y}",
                )
                sent += 1
    return sent
