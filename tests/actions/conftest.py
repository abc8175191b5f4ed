import pytest

from tests.factories import PriorityFactory


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Evidence files go to a throwaway folder, never the developer's var/private."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": "/files/"},
        },
    }


@pytest.fixture
def priorities(db):
    """The five priorities, by number."""
    return {n: PriorityFactory(number=n, short_title=f"Priority {n}") for n in range(1, 6)}


@pytest.fixture(autouse=True)
def actions_urls(settings):
    """Mount the action plan at /actions/ (ccpl/urls.py may not include it yet)."""
    settings.ROOT_URLCONF = "tests.actions.urls"


@pytest.fixture
def demo_plan(priorities):
    """The Gloucestershire demo plan, with its Council and board."""
    from tests.actions.factories import load_demo_plan

    return load_demo_plan()
