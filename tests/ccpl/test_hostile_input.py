"""Hostile input that gave server errors or stored script: paging, dates, help text."""

import pytest
from django import forms
from django.urls import reverse

from ccpl.forms import NhsDateField, NhsForm
from tests import factories
from tests.actions.factories import ActionPlanFactory
from tests.ccpl.test_crispy_pack import render_crispy

# Every list drawn by django-tables2, with the user kind that may read it.
TABLE_LISTS = [
    ("roles:public_list", None),
    ("roles:role_list", "staff"),
    ("forums:forum_list", "staff"),
    ("forums:decision_list", "staff"),
    ("actions:action_list", "staff-plan"),
    ("surveys:survey_list", "staff"),
    ("ccpl:person_list", "staff"),
    ("ccpl:benchmark_list", "staff"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("url_name,kind", TABLE_LISTS)
@pytest.mark.parametrize("per_page", ["-1", "0", "-99999999999999999999", "10000000", "abc"])
def test_paging_parameters_never_break_a_list(client, staff_client, url_name, kind, per_page):
    for n in range(3):
        factories.PersonFactory(given_name=f"Person{n}")
    browser = client if kind is None else staff_client
    args = [ActionPlanFactory().pk] if kind == "staff-plan" else []
    response = browser.get(reverse(url_name, args=args), {"per_page": per_page, "page": "-5"})
    assert response.status_code == 200
    table = response.context["table"]
    assert 1 <= table.paginator.per_page <= table.MAX_PER_PAGE


@pytest.mark.django_db
def test_a_huge_per_page_is_clamped_to_the_maximum(staff_client):
    for n in range(3):
        factories.PersonFactory(given_name=f"Person{n}")
    response = staff_client.get(reverse("ccpl:person_list"), {"per_page": "10000000"})
    assert response.context["table"].paginator.per_page == 100


class _DateForm(NhsForm):
    day = NhsDateField(label="Start date")


@pytest.mark.parametrize(
    "day,month,year",
    [
        ("99999999999999999999", "1", "2026"),
        ("1", "99999999999999999999", "2026"),
        ("0000000000000000000031", "1", "2026"),
        ("31", "02", "2026"),
        ("²", "1", "2026"),
        ("1", "1", "9999999999999999999999"),
    ],
)
def test_out_of_range_date_parts_are_a_clear_error(day, month, year):
    form = _DateForm(data={"day_day": day, "day_month": month, "day_year": year})
    assert not form.is_valid()
    assert form.errors["day"][0] in {
        "Start date must be a real date",
        "Year must include 4 numbers",
    }


def test_a_real_date_still_works():
    form = _DateForm(data={"day_day": "09", "day_month": "3", "day_year": "2026"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"].isoformat() == "2026-03-09"


def test_help_text_someone_typed_is_rendered_inert():
    """A question's help text is typed by staff and shown to every respondent."""

    class HintForm(NhsForm):
        answer = forms.CharField(
            label="Answer", help_text='<script>alert("x")</script><b onmouseover=alert(1)>b</b>'
        )

    html = render_crispy(HintForm())
    assert "<script>" not in html
    assert "<b onmouseover" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
