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
