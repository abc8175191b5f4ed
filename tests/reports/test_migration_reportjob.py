"""ReportJob's move from the core to the reports app loses nothing: on a database holding
jobs with files and ``also_requested_by`` links, migrating from before the move to after it
keeps every row, link and file, the content type (same id) and its permissions with whoever
holds them. (reports/migrations/0001_initial.py, ccpl/migrations/0006_move_reportjob_to_reports.py)"""

import datetime

import pytest
import rules
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from reports.models import ReportJob

BEFORE = [("ccpl", "0005_publications"), ("reports", None)]
# reports 0002 adds columns the current model reads (heartbeat_at, retry_at); it changes no data.
AFTER = [
    ("ccpl", "0006_move_reportjob_to_reports"),
    ("reports", "0002_job_heartbeat_and_retry_time"),
]
CODENAMES = {"add_reportjob", "change_reportjob", "delete_reportjob", "view_reportjob"}


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return executor


@pytest.fixture
def migrator(transactional_db, page_cache_paused):
    yield _migrate
    # Leave the database at the latest migrations for the tests after this one.
    executor = MigrationExecutor(connection)
    _migrate(executor.loader.graph.leaf_nodes())


def test_report_jobs_survive_the_move_to_the_reports_app(migrator, settings):
    executor = migrator(BEFORE)
    old_apps = executor.loader.project_state([BEFORE[0]]).apps
    OldReportJob = old_apps.get_model("ccpl", "ReportJob")
    OldUser = old_apps.get_model(settings.AUTH_USER_MODEL)

    # The database as it was before the move: the content type labelled ccpl, its
    # permissions held by a group and a user.
    ContentType.objects.filter(model="reportjob").delete()
    old_type = ContentType.objects.create(app_label="ccpl", model="reportjob")
    permissions = {
        codename: Permission.objects.create(
            content_type=old_type, codename=codename, name=codename.replace("_", " ")
        )
        for codename in CODENAMES
    }
    group = Group.objects.create(name="Report admins")
    group.permissions.add(permissions["view_reportjob"])

    asker = OldUser.objects.create(username="asker", is_active=True)
    second = OldUser.objects.create(username="second", is_active=True)
    third = OldUser.objects.create(username="third", is_active=True)
    OldUser.objects.get(pk=asker.pk)  # the historical model reads the same table
    get_user_model().objects.get(pk=asker.pk).user_permissions.add(permissions["change_reportjob"])
    get_user_model().objects.get(pk=second.pk).groups.add(group)

    today = datetime.date(2026, 5, 31)
    jobs = []
    for number, status in enumerate(["done", "queued", "failed"], start=1):
        job = OldReportJob.objects.create(
            kind="annual_report",
            period=f"202{number}-2{number + 1}",
            title=f"Annual report {number}",
            parameters={"year": f"202{number}-2{number + 1}", "period_label": "April to March"},
            starts_on=today.replace(year=2020 + number),
            ends_on=today,
            as_of=today,
            fingerprint=f"fingerprint-{number}",
            status=status,
            requested_by=asker,
            requested_at=timezone.now(),
        )
        jobs.append(job)
    done = jobs[0]
    pdf_name = default_storage.save(f"reports/{done.pk}/annual-report.pdf", ContentFile(b"%PDF"))
    html_name = default_storage.save(f"reports/{done.pk}/annual-report.html", ContentFile(b"<p>"))
    done.file, done.source = pdf_name, html_name
    done.save(update_fields=["file", "source"])
    done.also_requested_by.add(second, third)
    jobs[1].also_requested_by.add(third)

    # A partial migrate with the new code already made a fresh reports.reportjob type.
    stale = ContentType.objects.create(app_label="reports", model="reportjob")
    Permission.objects.create(content_type=stale, codename="view_reportjob", name="stale")

    migrator(AFTER)

    assert ReportJob.objects.count() == 3
    moved = ReportJob.objects.get(pk=done.pk)
    assert moved.title == "Annual report 1" and moved.status == ReportJob.Status.DONE
    assert moved.requested_by.username == "asker"
    assert sorted(u.username for u in moved.also_requested_by.all()) == ["second", "third"]
    assert [u.username for u in ReportJob.objects.get(pk=jobs[1].pk).also_requested_by.all()] == [
        "third"
    ]
    assert moved.file.name == pdf_name and moved.source.name == html_name
    with moved.file.open("rb") as handle:
        assert handle.read() == b"%PDF"

    content_type = ContentType.objects.get_for_model(ReportJob)
    assert (content_type.pk, content_type.app_label) == (old_type.pk, "reports")
    assert not ContentType.objects.filter(app_label="ccpl", model="reportjob").exists()
    kept = Permission.objects.filter(content_type=content_type)
    assert {p.codename: p.pk for p in kept} == {c: p.pk for c, p in permissions.items()}
    User = get_user_model()
    assert User.objects.get(pk=asker.pk).has_perm("reports.change_reportjob")
    assert User.objects.get(pk=second.pk).has_perm("reports.view_reportjob")
    # The application's permissions (django-rules) read the moved links.
    staff = Group.objects.get_or_create(name="CCPL team")[0]
    staff.user_set.add(User.objects.get(pk=third.pk))
    assert rules.has_perm("reports.view_report_progress", User.objects.get(pk=third.pk), moved)
