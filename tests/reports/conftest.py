"""Report and dashboard fixtures: the demo ICB loaded once per module, throwaway files."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Generated PDFs go to a throwaway folder, never the developer's var/private."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": "/files/"},
        },
    }
    return tmp_path / "private"


def load_demo():
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture(scope="module")
def demo_module(django_db_setup, django_db_blocker):
    """The whole demo ICB (every app's demo.py), loaded once for a module's tests and rolled
    back afterwards. Tests use it with ``demo`` (which also gives them the ``db``)."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_module, db):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    return {"staff": User.objects.get(username="staff"), "exec": User.objects.get(username="exec")}
