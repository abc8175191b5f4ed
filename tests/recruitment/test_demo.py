"""The demo: a year of requests and campaigns, ~60 applications skewed towards medicine,
appointments that fill roles; loading twice changes nothing."""

from io import StringIO

import pytest
from django.core.management.base import OutputWrapper

from recruitment import selectors
from recruitment.models import (
    Application,
    Campaign,
    ExitInterview,
    RequestToRecruit,
    TalentPoolMember,
)

pytestmark = pytest.mark.django_db


def _load():
    import ccpl.demo
    import forums.demo
    import recruitment.demo
    import roles.demo

    for module in (ccpl.demo, forums.demo, roles.demo, recruitment.demo):
        module.load(stdout=OutputWrapper(StringIO()))


def test_demo_recruitment(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    _load()
    counts = (RequestToRecruit.objects.count(), Campaign.objects.count())
    applications = Application.objects.count()
    assert 50 <= applications <= 70
    statuses = set(RequestToRecruit.objects.values_list("status", flat=True))
    assert statuses == {"approved", "declined", "pending"}
    open_now = Campaign.objects.open().count()
    assert 0 < open_now < Campaign.objects.count()
    appointed = Application.objects.filter(stage="appointed").select_related("appointment")
    assert appointed.count() >= 3
    assert all(a.appointment.is_current() for a in appointed)
    by_group = selectors.funnel_counts_by_professional_group()
    medical = by_group["Medical"]["applied"]
    assert medical > applications / 2 - 10
    from ccpl.selectors import equality_told_us

    assert equality_told_us(people=Application.objects.all()).count() > applications / 2
    assert TalentPoolMember.objects.count() >= 10
    assert ExitInterview.objects.exists()
    _load()
    assert (RequestToRecruit.objects.count(), Campaign.objects.count()) == counts
    assert Application.objects.count() == applications
