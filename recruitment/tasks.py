"""Thin Celery tasks: take ids, call a service."""

from celery import shared_task

from . import services
from .models import Campaign


@shared_task(name="recruitment.tasks.notify_talent_pool")
def notify_talent_pool(campaign_id: int, base_url: str = "") -> int:
    """Email everyone who asked about a new advert: matching talent-pool members and the
    audiences apps above provide (``services.advert_announce``)."""
    campaign = Campaign.objects.select_related("role").get(pk=campaign_id)
    return services.advert_announce(campaign=campaign, base_url=base_url)


@shared_task(name="recruitment.tasks.announce_opening_adverts")
def announce_opening_adverts() -> int:
    """Daily: announce the adverts whose opening day has come
    (``services.adverts_opening_announce``)."""
    return services.adverts_opening_announce()
