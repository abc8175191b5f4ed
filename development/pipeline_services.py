"""Writes for the pipeline: a programme alumnus's choice to hear about vacancies."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import VacancyAlerts
from .pipeline_selectors import is_alumnus


@transaction.atomic
def vacancy_alerts_set(*, person, opted_in: bool, on: date | None = None) -> VacancyAlerts:
    """Record the person's own choice, dated. Only programme alumni may opt in (the offer is
    theirs); anyone may opt out."""
    today = on or timezone.localdate()
    if opted_in and not is_alumnus(person, on=today):
        raise ValidationError(
            "Only people who have completed a development programme can ask to hear about "
            "vacancies here. You can join the talent pool instead.",
            code="not_alumnus",
        )
    alerts, _ = VacancyAlerts.objects.select_for_update().get_or_create(person=person)
    alerts.opted_in = opted_in
    alerts.changed_on = today
    alerts.full_clean()
    alerts.save()
    return alerts
