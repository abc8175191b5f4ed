"""The smoke version of `make bench` (docs/benchmarks.md): the generator at two small sizes,
and every page the benchmark loads, and one page of every page type
(``demo.pagetypes.page_types()``, kept whole by ``test_query_counts.py``), answering with the
same number of SQL queries at both.

A page whose queries grow with the data would be slower at national scale than any
benchmark on the demo shows: the query count must not depend on how many rows there are.
The data is generated once per size for all the pages: the generator is the slow part.
"""

import pytest
from django.db import transaction

from ccpl.models import EqualityProfile, Person
from demo import bench, pagetypes, scale
from recruitment.models import Application
from surveys.models import Invitation, Response

SMALL, LARGER = 20, 10  # volumes divided by these: 1/20 and 1/10 of a large ICB


@pytest.fixture
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": "/files/"},
        },
    }


@pytest.mark.django_db
def test_pages_make_as_many_queries_at_both_sizes(private_storage):
    scale.base_load()
    counts, sizes = {}, {}
    for shrink in (SMALL, LARGER):
        savepoint = transaction.savepoint()
        scale.Generator(scale=1, shrink=shrink).run(mix=False)
        sizes[shrink] = (Person.objects.count(), Response.objects.count())
        if shrink == SMALL:
            generated_people_data_keeps_its_promises()
        counts[shrink] = bench.page_queries(bench.pages() + pagetypes.page_types())
        transaction.savepoint_rollback(savepoint)
    assert sizes[LARGER][0] > sizes[SMALL][0] * 1.5
    assert sizes[LARGER][1] > sizes[SMALL][1] * 1.5
    assert pagetypes.ROUTES <= set(counts[SMALL]) == set(counts[LARGER])
    failed = {
        label: (small["url"], small["status"], counts[LARGER][label]["status"])
        for label, small in counts[SMALL].items()
        if not small["status"] == counts[LARGER][label]["status"] == 200
    }
    assert not failed, f"pages not answering 200 (address, small, larger): {failed}"
    grew = {
        label: (small["queries"], counts[LARGER][label]["queries"])
        for label, small in counts[SMALL].items()
        if small["queries"] != counts[LARGER][label]["queries"]
    }
    assert not grew, f"queries grow with the data (small, larger): {grew}"


def generated_people_data_keeps_its_promises():
    """Equality answers are stored under the keyed pseudonym of their owner (ADR 2) and
    survey responses point at no invitation (ADR 3)."""
    subjects = set(EqualityProfile.objects.values_list("subject", flat=True))
    people = Person.objects.filter(user__isnull=True)
    assert sum(EqualityProfile.subject_for(p) in subjects for p in people) > people.count() * 0.7
    applications = Application.objects.all()
    assert sum(EqualityProfile.subject_for(a) in subjects for a in applications) > 0
    assert len(subjects) == EqualityProfile.objects.count()
    response_fields = {f.name for f in Response._meta.get_fields()}
    assert not response_fields & {"invitation", "person", "submitted_on", "created"}
    open_survey = bench.open_survey()
    responded = Invitation.objects.filter(survey=open_survey, responded=True).count()
    assert Response.objects.filter(survey=open_survey).count() == responded > 0


@pytest.mark.django_db
def test_the_bare_view_exists_only_for_the_benchmark(client):
    assert not bench_setting_on()
    assert client.get("/bench/bare/").status_code == 404


def bench_setting_on() -> bool:
    from django.conf import settings

    return settings.BENCH
