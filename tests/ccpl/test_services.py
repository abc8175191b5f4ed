from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ccpl import selectors, services
from ccpl.models import Benchmark, EqualityProfile, Person
from tests.factories import (
    EqualityProfileFactory,
    PersonFactory,
    PlaceFactory,
    ProfessionalGroupFactory,
)

HEADER = "benchmark,dimension,category,place,share\n"


@pytest.mark.django_db
def test_benchmarks_import_csv_creates_then_updates():
    PlaceFactory(name="Forest of Dean")
    text = (
        HEADER + "population,ethnic_group,white,Forest of Dean,0.979\npopulation,sex,female,,0.51\n"
    )
    assert services.benchmarks_import_csv(text=text) == 2
    assert Benchmark.objects.get(category="white").place.name == "Forest of Dean"
    services.benchmarks_import_csv(text=HEADER + "population,sex,female,,0.52\n")
    assert Benchmark.objects.count() == 2
    assert Benchmark.objects.get(category="female").share == Decimal("0.5200")


@pytest.mark.django_db
def test_benchmarks_import_rejects_the_whole_file_with_row_numbers():
    ProfessionalGroupFactory(name="Medical", slug="medical")
    text = (
        HEADER
        + "workforce,professional_group,medical,,0.12\n"
        + "population,sex,female,Atlantis,0.5\n"
        + "census,sex,male,,1.5\n"
        + "population,age_band,16-29,,lots\n"
    )
    with pytest.raises(ValidationError) as error:
        services.benchmarks_import_csv(text=text)
    messages = error.value.messages
    assert messages[0].startswith("Row 3: there is no Place called 'Atlantis'")
    assert messages[1].startswith("Row 4: benchmark must be one of")
    assert "share must be between 0 and 1" in messages[1]
    assert messages[2].startswith("Row 5: share must be a number")
    assert Benchmark.objects.count() == 0  # all or nothing


@pytest.mark.django_db
def test_benchmarks_import_needs_the_documented_columns():
    with pytest.raises(ValidationError, match="missing: share"):
        services.benchmarks_import_csv(text="benchmark,dimension,category,place\n")


@pytest.mark.django_db
def test_benchmark_categories_must_match_monitoring_answers():
    with pytest.raises(ValidationError, match="category for ethnic_group must be one of"):
        services.benchmarks_import_csv(text=HEADER + "population,ethnic_group,Caucasian,,0.9\n")


@pytest.mark.django_db
def test_equality_answers_save_creates_and_updates_own_answers():
    person = PersonFactory()
    services.equality_answers_save(owner=person, answers={"sex": "male", "age_band": "30-39"})
    services.equality_answers_save(owner=person, answers={"sex": "prefer_not_to_say"})
    profile = EqualityProfile.objects.get(subject=EqualityProfile.subject_for(person))
    assert profile.sex == "prefer_not_to_say"
    assert profile.age_band == ""  # cleared: not answered


@pytest.mark.django_db
def test_equality_answers_save_rejects_unknown_answers():
    person = PersonFactory()
    with pytest.raises(ValidationError):
        services.equality_answers_save(owner=person, answers={"ethnicity": "martian"})
    assert not EqualityProfile.objects.filter(ethnicity="martian").exists()


@pytest.mark.django_db
def test_equality_counts_are_counted_in_the_database(django_assert_num_queries):
    EqualityProfileFactory.create_batch(3, sex="female")
    EqualityProfileFactory.create_batch(2, sex="male")
    PersonFactory()  # no answers yet
    # Two queries: the people's ids (for their pseudonyms), then the answers counted.
    with django_assert_num_queries(2):
        counts = selectors.equality_counts(people=Person.objects.all(), dimension="sex")
    assert counts == {"female": 3, "male": 2, "not_answered": 1}


def test_equality_counts_refuse_unknown_dimensions():
    with pytest.raises(ValueError, match="Unknown equality dimension"):
        selectors.equality_counts(people=Person.objects.none(), dimension="salary")


def test_ethnicity_derivations():
    from ccpl import equality

    assert equality.ethnic_group("asian_chinese") == "asian"
    assert equality.nhs_2001_code("asian_chinese") == "R"
    assert equality.nhs_2001_code("white_roma") == "C"
    assert equality.nhs_2001_code("prefer_not_to_say") == "Z"
    assert equality.ethnic_group("") == "not_stated"
    detailed = [e for e in equality.Ethnicity.values if e != equality.PREFER_NOT_TO_SAY]
    assert len(detailed) == 19  # ONS 2021 categories
    assert sum(len(v) for v in equality.ETHNICITY_BY_GROUP.values()) == 19
