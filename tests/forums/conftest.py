import pytest


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Uploaded papers go to a throwaway folder, never the developer's var/private."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": "/files/"},
        },
    }


@pytest.fixture
def login():
    """A fresh client signed in as ``user`` (the shared fixtures reuse one client)."""
    from django.test import Client

    def signed_in(user=None):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return signed_in
