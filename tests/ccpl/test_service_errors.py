"""The one helper that puts a service's ValidationError on a form (ccpl.forms.add_service_errors)."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from ccpl.forms import add_service_errors


class NameForm(forms.Form):
    name = forms.CharField(required=False)
    email = forms.CharField(required=False)


def _form():
    form = NameForm({"name": "Ada", "email": "ada@example.org"})
    assert form.is_valid()
    return form


def test_field_errors_go_on_their_field_with_their_code():
    form = _form()
    add_service_errors(form, ValidationError({"name": ValidationError("Taken", code="taken")}))
    assert form.errors == {"name": ["Taken"]}
    assert form.has_error("name", code="taken")
    assert "name" not in form.cleaned_data


def test_non_field_errors_go_on_the_form():
    form = _form()
    add_service_errors(form, ValidationError(["First", "Second"]))
    assert form.non_field_errors() == ["First", "Second"]
    form = _form()
    add_service_errors(form, ValidationError({NON_FIELD_ERRORS: ["Whole form"]}))
    assert form.non_field_errors() == ["Whole form"]


def test_errors_for_fields_the_form_does_not_show_go_on_the_form():
    form = _form()
    add_service_errors(form, ValidationError({"starts_on": "Too early", "name": "Taken"}))
    assert form.non_field_errors() == ["Too early"]
    assert form.errors["name"] == ["Taken"]


def test_a_chosen_field_takes_what_has_no_field_of_its_own():
    form = _form()
    add_service_errors(form, ValidationError("Not a valid address", code="bad"), field="email")
    assert form.has_error("email", code="bad")
    form = _form()
    add_service_errors(form, ValidationError({"unknown": "Lost"}), field="email")
    assert form.errors == {"email": ["Lost"]}


def test_parameters_are_filled_in():
    form = _form()
    add_service_errors(form, ValidationError("%(n)s too many", params={"n": 3}))
    assert form.non_field_errors() == ["3 too many"]
