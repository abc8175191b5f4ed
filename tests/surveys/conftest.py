import pytest

from tests.factories import PriorityFactory


@pytest.fixture(autouse=True)
def survey_urls(settings):
    """Mount the surveys at /surveys/ and /survey/ (ccpl/urls.py may not include them yet)."""
    settings.ROOT_URLCONF = "tests.surveys.urls"
    # Personal links are made inside the mail task from the site's address.
    settings.CCPL_SITE_URL = "http://testserver"


@pytest.fixture
def priorities(db):
    return {n: PriorityFactory(number=n, short_title=f"Priority {n}") for n in range(1, 6)}
