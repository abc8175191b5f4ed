"""Survey anonymity (ADR 0003): days not times, no per-invitee reminders, no response date,
the journey store and the response mix."""

import django.db.models.deletion
from django.db import migrations, models


def _sent_day(apps, schema_editor):
    """Keep the day each invitation was emailed; drop the time of day and every reminder time
    (a per-invitee reminder time says who had not responded by then)."""
    from django.utils import timezone

    Invitation = apps.get_model("surveys", "Invitation")
    for invitation in Invitation.objects.exclude(sent_at=None).only("pk", "sent_at"):
        Invitation.objects.filter(pk=invitation.pk).update(
            sent_on=timezone.localdate(invitation.sent_at)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="sent_on",
            field=models.DateField(blank=True, null=True, verbose_name="invitation emailed on"),
        ),
        migrations.RunPython(_sent_day, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="invitation",
            name="reminded_at",
        ),
        migrations.RemoveField(
            model_name="invitation",
            name="sent_at",
        ),
        migrations.RemoveField(
            model_name="response",
            name="submitted_on",
        ),
        migrations.CreateModel(
            name="ResponseMix",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("responses", models.PositiveIntegerField(default=0)),
                ("mixed_on", models.DateField(blank=True, null=True)),
                (
                    "survey",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="mix",
                        to="surveys.survey",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="SurveyJourney",
            fields=[
                (
                    "id",
                    models.CharField(
                        editable=False, max_length=64, primary_key=True, serialize=False
                    ),
                ),
                ("sealed_link", models.CharField(editable=False, max_length=64)),
                ("answers", models.JSONField(blank=True, default=dict)),
                ("started_on", models.DateField()),
                (
                    "survey",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="surveys.survey",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="SurveyReminder",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sent_on", models.DateField()),
                ("recipients", models.PositiveIntegerField(default=0)),
                (
                    "survey",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reminders",
                        to="surveys.survey",
                    ),
                ),
            ],
            options={
                "ordering": ["survey", "sent_on"],
            },
        ),
    ]
