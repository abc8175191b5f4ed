"""Thin Celery tasks: take ids, call a service."""

from celery import shared_task

from . import services
from .models import Survey


@shared_task
def send_invitations(survey_id: int, base_url: str, reminders: bool = False) -> int:
    """Email personal links (or reminders) for one survey."""
    survey = Survey.objects.get(pk=survey_id)
    return services.invitations_send(survey=survey, base_url=base_url, reminders=reminders)
