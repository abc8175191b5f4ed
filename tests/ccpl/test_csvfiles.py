"""Every CSV import reads through ccpl.csvfiles: hostile files give line-numbered errors."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from actions import services as action_services
from actions.models import ActionPlan
from ccpl import services
from ccpl.csvfiles import MAX_FIELD_CHARS, csv_dict_rows, csv_rows
from ccpl.models import Benchmark

PLAN_HEADER = "code,priority,text,band,owner,depends on\n"


def test_rows_come_back_as_strings_without_the_byte_order_mark():
    assert csv_rows("\ufeffa,b\n1,2\n") == [["a", "b"], ["1", "2"]]


def test_a_nul_character_is_refused_with_its_line():
    with pytest.raises(ValidationError, match="Line 3: the file contains a NUL character"):
        csv_rows("a,b\n1,2\n3,\x00\n")


def test_a_field_over_the_limit_is_refused_with_its_line_and_column():
    text = "a,b\n1,2\n3," + "x" * (MAX_FIELD_CHARS + 1) + "\n"
    with pytest.raises(ValidationError, match="Line 3: column 2 has more than 20,000 characters"):
        csv_rows(text)
    # Past Python's own csv limit (131,072) the column is unknown, the line is not.
    text = "a,b\n1,2\n3," + "x" * 131_073 + "\n"
    with pytest.raises(ValidationError, match="Line 3: a field has more than 20,000 characters"):
        csv_rows(text)


def test_too_many_rows_stop_the_read():
    with pytest.raises(ValidationError, match="more than 2 rows"):
        csv_rows("h\n1\n2\n3\n", max_rows=2)


def test_dict_rows_pad_short_records_and_skip_blank_lines():
    header, rows = csv_dict_rows("A, B\n1\n\n,\n3,4,5\n", normalise=str.strip)
    assert header == ["A", "B"]
    assert rows == [{"A": "1", "B": ""}, {"A": "3", "B": "4"}]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text,message",
    [
        (PLAN_HEADER + "1.1,1,Do a thing\x00,short,CMO,\n", "Line 2: the file contains a NUL"),
        (
            PLAN_HEADER + "1.1,1," + "x" * 140_000 + ",short,CMO,\n",
            "Line 2: a field has more than 20,000",
        ),
    ],
)
def test_the_plan_import_refuses_hostile_files_and_saves_nothing(text, message):
    with pytest.raises(ValidationError, match=message):
        action_services.plan_import_csv(
            user=None, title="Hostile", version="1", starts_on=datetime.date(2026, 4, 1), text=text
        )
    assert not ActionPlan.objects.exists()


@pytest.mark.django_db
def test_the_benchmark_import_refuses_hostile_files():
    header = "benchmark,dimension,category,place,share\n"
    with pytest.raises(ValidationError, match="Line 2: a field has more than"):
        services.benchmarks_import_csv(text=header + "population,sex," + "f" * 200_000 + ",,0.5\n")
    with pytest.raises(ValidationError, match="NUL"):
        services.benchmarks_import_csv(text=header + "population,sex,female\x00,,0.5\n")
    assert not Benchmark.objects.exists()


@pytest.mark.django_db
def test_the_plan_import_page_shows_the_error_not_a_server_error(staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    upload = SimpleUploadedFile(
        "plan.csv", (PLAN_HEADER + "1.1,1,Thing\x00,short,CMO,\n").encode(), "text/csv"
    )
    response = staff_client.post(
        reverse("actions:plan_import"),
        {
            "title": "Hostile",
            "version": "1",
            "starts_on_day": "1",
            "starts_on_month": "4",
            "starts_on_year": "2026",
            "file": upload,
        },
    )
    assert response.status_code == 200
    assert "NUL character" in response.content.decode()
