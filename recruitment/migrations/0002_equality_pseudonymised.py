"""Applicants' equality answers move to their pseudonym (see ccpl 0007 and docs/adr/0002)."""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import migrations

QUESTIONS = (
    "age_band",
    "sex",
    "gender_same_as_birth",
    "ethnicity",
    "disability",
    "sexual_orientation",
    "religion",
)


def subject(label, pk):
    key = settings.EQUALITY_LINK_KEY.encode()
    return hmac.new(key, f"{label}:{pk}".encode(), hashlib.sha256).hexdigest()


def copy_applicants(apps, schema_editor):
    Application = apps.get_model("recruitment", "Application")
    Legacy = apps.get_model("ccpl", "LegacyEqualityProfile")
    Profile = apps.get_model("ccpl", "EqualityProfile")
    links = dict(
        Application.objects.filter(equality_profile__isnull=False).values_list(
            "equality_profile_id", "pk"
        )
    )
    rows = list(Legacy.objects.filter(pk__in=list(links)).values("pk", *QUESTIONS))
    secrets.SystemRandom().shuffle(rows)
    Profile.objects.bulk_create(
        Profile(subject=subject("recruitment.application", links[row.pop("pk")]), **row)
        for row in rows
    )


class Migration(migrations.Migration):
    dependencies = [
        ("ccpl", "0007_equality_pseudonymised"),
        ("recruitment", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_applicants, migrations.RunPython.noop),
        migrations.RemoveField(model_name="application", name="equality_profile"),
    ]
