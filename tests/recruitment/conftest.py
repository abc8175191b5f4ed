import pytest


@pytest.fixture(autouse=True)
def recruitment_urls(settings, tmp_path):
    settings.ROOT_URLCONF = "tests.recruitment.urls"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }
