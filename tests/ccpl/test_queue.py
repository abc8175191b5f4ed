"""Services hand work to the worker by task name (ccpl.queue): every name they send is a
task the worker registers, so a renamed or mistyped task fails here, not in production."""

import re
from pathlib import Path

from ccpl.celery import app

ROOT = Path(__file__).resolve().parents[2]
SENT = re.compile(r"queue\.send(?:_on_commit)?\(\s*\"([^\"]+)\"")


def test_every_task_name_sent_through_the_queue_is_registered():
    app.loader.import_default_modules()
    sent = {
        name
        for path in ROOT.glob("*/**/*.py")
        if not {".venv", "node_modules", "tests", "static", "staticfiles"} & set(path.parts)
        for name in SENT.findall(path.read_text())
    }
    assert {
        "ccpl.reports.render_report",
        "surveys.tasks.mix_responses",
        "recruitment.tasks.notify_talent_pool",
    } <= sent
    assert sent <= set(app.tasks), sorted(sent - set(app.tasks))
