"""ReportJob moves from the core (``ccpl``) to this app without touching its data.

The database keeps everything as it is: the table ``ccpl_reportjob`` (the model keeps it with
``db_table``), its many-to-many table ``ccpl_reportjob_also_requested_by``, its index and
constraints, and the stored files (their names, ``reports/<id>/...``, are in the rows). Only
Django's state changes: this migration adds the model to the reports app, and
``ccpl/migrations/0006_move_reportjob_to_reports.py`` removes it from the core.

The content type ``ccpl.reportjob`` is relabelled ``reports.reportjob`` in place, so its id,
its four model permissions (with everyone who holds them) and any admin log entries pointing
at it are kept. See docs/adr/0006-report-jobs.md.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import reports.models


def _relabel(apps, schema_editor, *, old_label, new_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    db = schema_editor.connection.alias
    types = ContentType.objects.using(db)
    old = types.filter(app_label=old_label, model="reportjob").first()
    if old is None:
        return  # a new database: post_migrate makes the content type afterwards
    stale = types.filter(app_label=new_label, model="reportjob").first()
    if stale is not None:
        # Made by a post_migrate run before this migration (a partial migrate with the new
        # code): it has only fresh, unassigned permissions, so the old one wins.
        Permission.objects.using(db).filter(content_type=stale).delete()
        stale.delete()
    old.app_label = new_label
    old.save(update_fields=["app_label"])


def content_type_to_reports(apps, schema_editor):
    _relabel(apps, schema_editor, old_label="ccpl", new_label="reports")


def content_type_to_ccpl(apps, schema_editor):
    _relabel(apps, schema_editor, old_label="reports", new_label="ccpl")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("ccpl", "0005_publications"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ReportJob',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('annual_report', 'Annual report'), ('diversity_analysis', 'Diversity analysis'), ('council_report', 'Council progress report'), ('survey_results', 'Survey results')], max_length=30)),
                        ('period', models.CharField(help_text='What the report covers, such as 2026-27 or survey-3.', max_length=80)),
                        ('title', models.CharField(max_length=300)),
                        ('parameters', models.JSONField(blank=True, default=dict)),
                        ('starts_on', models.DateField()),
                        ('ends_on', models.DateField()),
                        ('as_of', models.DateField(verbose_name='figures as of')),
                        ('version', models.PositiveIntegerField(default=1)),
                        ('fingerprint', models.CharField(db_index=True, max_length=64)),
                        ('status', models.CharField(choices=[('queued', 'Waiting to start'), ('running', 'Being made'), ('done', 'Ready'), ('failed', 'Failed')], default='queued', max_length=20)),
                        ('progress', models.PositiveSmallIntegerField(default=0)),
                        ('step', models.CharField(blank=True, max_length=200, verbose_name='current step')),
                        ('error', models.TextField(blank=True, verbose_name='reason it failed')),
                        ('attempts', models.PositiveSmallIntegerField(default=0)),
                        ('requested_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('queued_at', models.DateTimeField(blank=True, null=True)),
                        ('started_at', models.DateTimeField(blank=True, null=True)),
                        ('finished_at', models.DateTimeField(blank=True, null=True)),
                        ('file', models.FileField(blank=True, max_length=255, upload_to=reports.models.report_upload_to)),
                        ('source', models.FileField(blank=True, help_text='Kept so that signing off adds the sign-off to exactly the same document.', max_length=255, upload_to=reports.models.report_upload_to, verbose_name='HTML the PDF was made from')),
                        ('signed_off_at', models.DateTimeField(blank=True, null=True)),
                        ('also_requested_by', models.ManyToManyField(blank=True, help_text='People who asked for the same report on the same data after the first.', related_name='report_jobs_also_requested', to=settings.AUTH_USER_MODEL)),
                        ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='report_jobs', to=settings.AUTH_USER_MODEL)),
                        ('signed_off_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='report_jobs_signed_off', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'ccpl_reportjob',
                        'ordering': ['-requested_at', '-pk'],
                        'indexes': [models.Index(fields=['status', 'started_at'], name='ccpl_report_status_c39b48_idx')],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('status__in', ['queued', 'running', 'done'])), fields=('fingerprint',), name='report_job_one_live_job_per_fingerprint'), models.CheckConstraint(condition=models.Q(('progress__lte', 100)), name='report_job_progress_at_most_100')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_to_reports, content_type_to_ccpl),
    ]
