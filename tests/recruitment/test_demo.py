"""The demo: a year of requests and campaigns, ~60 applications skewed towards medicine,
appointments that fill roles; loading twice changes nothing."""

from io import StringIO

import pytest
from django.core.management.base import OutputWrapper
from django.db.models import Q

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
    assert by_group["Medical"]["applied"] > 0
    # The seeds' pattern: where every profession may apply, most applicants are medical.
    open_to_all = Application.objects.filter(campaign__role__eligible_groups__isnull=True)
    medical = open_to_all.filter(
        Q(professional_group__name="Medical") | Q(professional_group__parent__name="Medical")
    ).count()
    assert medical > open_to_all.count() / 2 - 5
    # A role limited to some professions only heard from them.
    for application in Application.objects.filter(campaign__role__eligible_groups__isnull=False):
        eligible = set(application.campaign.role.eligible_groups.values_list("pk", flat=True))
        group = application.professional_group
        assert {group.pk, group.parent_id} & eligible, application
    from ccpl.selectors import equality_told_us

    assert equality_told_us(people=Application.objects.all()).count() > applications / 2
    assert TalentPoolMember.objects.count() >= 10
    assert ExitInterview.objects.exists()
    _load()
    assert (RequestToRecruit.objects.count(), Campaign.objects.count()) == counts
    assert Application.objects.count() == applications
