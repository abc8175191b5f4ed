"""Report and dashboard fixtures: the demo ICB (``demo_module``, tests/conftest.py) and its
users, throwaway files."""

import pytest


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


@pytest.fixture
def demo(demo_module, db):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    return {"staff": User.objects.get(username="staff"), "exec": User.objects.get(username="exec")}
