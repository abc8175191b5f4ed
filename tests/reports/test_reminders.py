"""Scheduled jobs: the weekly reminder digest, survey reminders in a survey's last week, the
fingerprint that decides whether a report must be made again, and tiles that appear only
when their app provides them."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from ccpl import rules
from ccpl.models import Email, OutboxMessage
from reports import catalogue, fingerprint, kinds, reminders, tasks
from reports.sections import ANNUAL_REPORT, DIVERSITY_ANALYSIS
from tests.factories import EqualityProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_weekly_digest_goes_to_the_ccpl_team(
    demo, eager_celery, django_capture_on_commit_callbacks
):
    team = Group.objects.get(name=rules.CCPL_TEAM)
    UserFactory(username="no-email", email="").groups.add(team)
    addresses = sorted(u.email for u in team.user_set.filter(is_active=True).exclude(email=""))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sent = tasks.send_reminders.apply().get()
    # Through the outbox: one recorded e-mail per person, nothing sent inside the task's
    # transaction, each handed to the worker after the commit.
    recorded = Email.objects.filter(kind="Weekly digest")
    assert sorted(recorded.values_list("to", flat=True)) == addresses
    assert set(recorded.values_list("status", flat=True)) == {"queued"}
    assert sent >= len(addresses)
    assert OutboxMessage.objects.filter(
        task="ccpl.send_email", args__in=[[pk] for pk in recorded.values_list("pk", flat=True)]
    ).count() == len(addresses)
    assert not [m for m in mail.outbox if m.subject.startswith("CCPL Manager: what needs")]
    for callback in callbacks:
        callback()
    digests = [m for m in mail.outbox if m.subject.startswith("CCPL Manager: what needs")]
    assert sorted(m.to[0] for m in digests) == addresses and all(len(m.to) == 1 for m in digests)
    assert set(recorded.values_list("status", flat=True)) == {"sent"}
    digest = digests[0]
    from actions.selectors import action_list, current_plan
    from roles.selectors import appraisals_overdue, job_description_reviews_due

    today = timezone.localdate()
    stale = action_list(plan=current_plan(), on=today).filter(is_stale=True)
    assert f"Actions with no progress update for 90 days or more: {stale.count()}" in digest.body
    assert f"{stale.first().code} {stale.first().display_title}" in digest.body
    jd_due = job_description_reviews_due(on=today)
    assert f"overdue: {jd_due.count()}" in digest.body
    assert f"Appraisals overdue: {appraisals_overdue(on=today).count()}" in digest.body


def test_survey_reminders_go_once_in_the_last_week(demo, settings):
    from surveys.models import Survey

    survey = Survey.objects.get(kind="temperature_check", status="open")
    survey.reminders.all().delete()  # the demo's batch: reminders go at most once a week
    today = timezone.localdate()
    survey.closes_on = today + datetime.timedelta(days=20)
    survey.save()
    settings.CCPL_SITE_URL = "https://ccpl.example.nhs.uk"
    assert reminders.survey_reminders_send(on=today) == 0  # not in its last week yet
    survey.closes_on = today + datetime.timedelta(days=5)
    survey.save()
    waiting = survey.invitations.filter(responded=False, sent_on__isnull=False).count()
    assert waiting and reminders.survey_reminders_send(on=today) == waiting
    reminder = next(m for m in mail.outbox if m.subject.startswith("Reminder:"))
    assert "https://ccpl.example.nhs.uk/survey/" in reminder.body
    assert reminders.survey_reminders_send(on=today) == 0  # once only
    settings.CCPL_SITE_URL = ""
    survey.reminders.all().delete()
    assert reminders.survey_reminders_send(on=today) == 0  # no address for the links


def _fingerprint(kind=ANNUAL_REPORT):
    inputs = kinds.inputs_for(kind=kind)
    return fingerprint.inputs_fingerprint(inputs=inputs, sections=catalogue.sections_for(kind))


def test_the_fingerprint_moves_with_any_data_a_report_reads(demo):
    from actions.models import Action, ProgressUpdate
    from forums.models import Decision

    before = _fingerprint()
    assert _fingerprint() == before  # stable while nothing changes
    action = Action.objects.get(code="2.4")
    ProgressUpdate.objects.create(
        action=action, on=timezone.localdate(), status="on_track", narrative="Moving again."
    )
    after_update = _fingerprint()
    assert after_update != before
    decision = Decision.objects.first()
    decision.text = "Changed wording"
    decision.save()
    assert _fingerprint() != after_update
    diversity = _fingerprint(DIVERSITY_ANALYSIS)
    from ccpl.selectors import equality_answers_of
    from roles.selectors import role_holders

    person = next(p for p in role_holders() if not equality_answers_of(p))
    EqualityProfileFactory(person=person)
    assert _fingerprint(DIVERSITY_ANALYSIS) != diversity
