"""Celery beat only schedules tasks the worker knows, and the annual report date is configurable."""

import subprocess
import sys

from django.conf import settings


def test_every_scheduled_task_is_registered():
    from ccpl.celery import app

    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"ccpl.take_snapshots", "ccpl.reports.request_annual_report"} <= scheduled
    assert scheduled <= set(app.tasks)


def test_annual_report_date_comes_from_the_environment():
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='ccpl.settings.local';"
        "import django; django.setup(); from django.conf import settings;"
        "s = settings.CELERY_BEAT_SCHEDULE['request-annual-report']['schedule'];"
        "print(sorted(s.month_of_year), sorted(s.day_of_month))"
    )
    env = {
        "ANNUAL_REPORT_ON": "07-15",
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": "sqlite:////tmp/x.db",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip() == "[7] [15]"
