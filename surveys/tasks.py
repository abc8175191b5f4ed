"""Thin Celery tasks: take ids, call a service.

Mail tasks carry only the survey's id: personal links are made inside the task, so no token
or link ever passes through the queue (or its logs)."""

from celery import shared_task

from . import services
from .models import Survey


@shared_task(
    autoretry_for=(services.MailRelayUnreachable,),
    retry_backoff=60,
    retry_backoff_max=30 * 60,
    max_retries=10,
)
def send_invitations(survey_id: int) -> int:
    """Email personal links to everyone invited and not yet emailed. While the mail relay
    cannot be reached, tried again with growing pauses (1 minute up to 30), for about 4
    hours; each try sends only what is still unsent."""
    return services.invitations_send(survey=Survey.objects.get(pk=survey_id))


@shared_task
def send_reminders(survey_id: int) -> int:
    """Remind a survey's non-responders, as one batch (at most once a week)."""
    return services.reminders_send(survey=Survey.objects.get(pk=survey_id))


@shared_task(name="surveys.tasks.mix_responses")
def mix_responses(survey_id: int, force: bool = False) -> bool:
    """Re-write one survey's responses in random order (if due, or ``force``: on closing)."""
    survey = Survey.objects.filter(pk=survey_id).first()
    return bool(survey) and services.survey_mix_and_reclaim(survey=survey, force=force)


@shared_task
def mix_due_surveys() -> int:
    """Scheduled: mix every survey with 10 new responses, or closed with any."""
    return services.surveys_mix_due()


@shared_task
def expire_journeys() -> int:
    """Scheduled: delete survey journeys abandoned for ``JOURNEY_DAYS`` days."""
    return services.journeys_expire()
