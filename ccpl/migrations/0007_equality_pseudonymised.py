"""Equality answers lose their link to the person: a keyed pseudonym instead (docs/adr/0002).

The old table is kept as ``LegacyEqualityProfile`` until ``recruitment`` has copied the
applicants' answers (recruitment 0002); ccpl 0008 then drops it. Rows are copied in random
order with random ids, so nothing of the old ids or storage order survives.
"""

import hashlib
import hmac
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import migrations, models

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
    key = settings.EQUALITY_LINK_KEY
    if not key:
        raise ImproperlyConfigured("EQUALITY_LINK_KEY must be set before migrating.")
    return hmac.new(key.encode(), f"{label}:{pk}".encode(), hashlib.sha256).hexdigest()


def copy_people(apps, schema_editor):
    Legacy = apps.get_model("ccpl", "LegacyEqualityProfile")
    Profile = apps.get_model("ccpl", "EqualityProfile")
    rows = list(Legacy.objects.filter(person__isnull=False).values("person_id", *QUESTIONS))
    secrets.SystemRandom().shuffle(rows)
    Profile.objects.bulk_create(
        Profile(subject=subject("ccpl.person", row.pop("person_id")), **row) for row in rows
    )
    apps.get_model("ccpl", "EqualityLedger").objects.create(revision=1)


class Migration(migrations.Migration):
    dependencies = [
        ("ccpl", "0006_move_reportjob_to_reports"),
    ]

    operations = [
        migrations.RenameModel("EqualityProfile", "LegacyEqualityProfile"),
        migrations.CreateModel(
            name="EqualityProfile",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("subject", models.CharField(editable=False, max_length=64, unique=True)),
                (
                    "age_band",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("16-29", "16 to 29"),
                            ("30-39", "30 to 39"),
                            ("40-49", "40 to 49"),
                            ("50-59", "50 to 59"),
                            ("60+", "60 or over"),
                            ("prefer_not_to_say", "Prefer not to say"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "sex",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("female", "Female"),
                            ("male", "Male"),
                            ("prefer_not_to_say", "Prefer not to say"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "gender_same_as_birth",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("yes", "Yes"),
                            ("no", "No"),
                            ("prefer_not_to_say", "Prefer not to say"),
                        ],
                        max_length=20,
                        verbose_name="gender identity the same as sex registered at birth",
                    ),
                ),
                (
                    "ethnicity",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("asian_bangladeshi", "Bangladeshi"),
                            ("asian_chinese", "Chinese"),
                            ("asian_indian", "Indian"),
                            ("asian_pakistani", "Pakistani"),
                            ("asian_other", "Any other Asian background"),
                            ("black_african", "African"),
                            ("black_caribbean", "Caribbean"),
                            (
                                "black_other",
                                "Any other Black, Black British or Caribbean background",
                            ),
                            ("mixed_white_asian", "White and Asian"),
                            ("mixed_white_black_african", "White and Black African"),
                            ("mixed_white_black_caribbean", "White and Black Caribbean"),
                            ("mixed_other", "Any other Mixed or multiple ethnic background"),
                            (
                                "white_british",
                                "English, Welsh, Scottish, Northern Irish or British",
                            ),
                            ("white_irish", "Irish"),
                            ("white_gypsy_traveller", "Gypsy or Irish Traveller"),
                            ("white_roma", "Roma"),
                            ("white_other", "Any other White background"),
                            ("other_arab", "Arab"),
                            ("other_any", "Any other ethnic group"),
                            ("prefer_not_to_say", "Prefer not to say"),
                        ],
                        max_length=40,
                    ),
                ),
                (
                    "disability",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("yes", "Yes"),
                            ("no", "No"),
                            ("prefer_not_to_say", "Prefer not to say"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "sexual_orientation",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("heterosexual", "Heterosexual or straight"),
                            ("gay_lesbian", "Gay or lesbian"),
                            ("bisexual", "Bisexual"),
                            ("other", "Other sexual orientation"),
                            ("not_sure", "Not sure"),
                            ("prefer_not_to_say", "Prefer not to say"),
                        ],
                        max_length=30,
                    ),
                ),
                (
                    "religion",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("none", "No religion"),
                            ("buddhist", "Buddhist"),
                            ("christian", "Christian"),
                            ("hindu", "Hindu"),
                            ("jewish", "Jewish"),
                            ("muslim", "Muslim"),
                            ("sikh", "Sikh"),
                            ("other", "Any other religion"),
                            ("prefer_not_to_say", "Prefer not to say"),
                        ],
                        max_length=30,
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="EqualityLedger",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("revision", models.PositiveBigIntegerField(default=0)),
                ("mixed_revision", models.PositiveBigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(copy_people, migrations.RunPython.noop),
    ]
