"""The report tasks keep the names they had when the reports lived in the core, so messages
queued before a deploy (and Celery beat's schedule) still find them; the worker finds them by
autodiscovery of ``reports.tasks``, not through the core."""

from django.conf import settings

from ccpl.celery import app
from reports import tasks

REPORT_TASKS = {
    "ccpl.reports.render_report": tasks.render_report,
    "ccpl.reports.sweep_report_jobs": tasks.sweep_report_jobs,
    "ccpl.reports.request_annual_report": tasks.request_annual_report,
    "ccpl.reports.send_reminders": tasks.send_reminders,
}


def test_the_report_tasks_keep_their_names():
    for name, task in REPORT_TASKS.items():
        assert task.name == name


def test_the_worker_registers_them_by_autodiscovery_and_beat_finds_every_scheduled_task():
    app.loader.import_default_modules()  # what a worker does on start: autodiscover
    assert set(REPORT_TASKS) <= set(app.tasks)
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled <= set(app.tasks)


def test_the_report_time_limits_come_from_the_settings():
    assert tasks.render_report.soft_time_limit == settings.REPORT_SOFT_TIME_LIMIT
    assert tasks.render_report.time_limit == settings.REPORT_TIME_LIMIT
    assert settings.REPORT_SOFT_TIME_LIMIT < settings.REPORT_TIME_LIMIT


def test_the_core_imports_nothing_from_reports_or_dashboard():
    """Only the project's wiring (URLs, settings) names the apps above the core."""
    from pathlib import Path

    root = Path(settings.BASE_DIR) / "ccpl"
    wiring = {root / "urls.py", root / "celery.py"}
    found = []
    for path in root.rglob("*.py"):
        if path in wiring or "settings" in path.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            words = line.split()
            if words[:1] in (["from"], ["import"]) and words[1].split(".")[0] in (
                "reports",
                "dashboard",
            ):
                found.append(f"{path.relative_to(root.parent)}:{number}")
    assert found == []
