"""The ``nhsuk`` crispy template pack: every component renders NHS.UK markup."""

import datetime
import re

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template

from ccpl import layout
from ccpl.filters import NhsFilterSet
from ccpl.forms import NhsDateField, NhsForm
from ccpl.widgets import NhsRadioSelect


class EveryComponentForm(NhsForm):
    submit_label = "Send"
    cancel_url = "/back/"

    full_name = forms.CharField(label="Full name", help_text="As it appears on your NHS record")
    nickname = forms.CharField(label="Nickname", required=False)
    summary = forms.CharField(label="Summary", widget=forms.Textarea, max_length=200)
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    place = forms.ChoiceField(label="Place", choices=[("", "Choose a place"), ("glos", "Glos")])
    contact = forms.ChoiceField(
        label="How should we contact you?",
        help_text="Select one option",
        choices=[("email", "Email"), ("phone", "Phone")],
        widget=NhsRadioSelect(hints={"phone": "We will call in working hours"}),
    )
    topics = forms.MultipleChoiceField(
        label="Topics",
        choices=[("a", "Alpha"), ("b", "Beta")],
        widget=forms.CheckboxSelectMultiple,
    )
    agree = forms.BooleanField(label="I agree to the terms")
    start = NhsDateField(label="Start date", help_text="For example, 27 3 2026")
    review = forms.DateField(label="Review date", required=False)
    cv = forms.FileField(label="CV", required=False)
    password = forms.CharField(label="Password", widget=forms.PasswordInput)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("full_name") == "Nobody":
            raise forms.ValidationError("That combination is not allowed")
        return cleaned


def render_crispy(form):
    return Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))


def tag(html, element_id):
    """The opening tag of the element with this id."""
    match = re.search(rf'<[a-z]+[^>]*\bid="{re.escape(element_id)}"[^>]*>', html)
    assert match, f"no element with id {element_id}"
    return match.group(0)


def attr(tag_html, name):
    match = re.search(rf'\b{name}="([^"]*)"', tag_html)
    return match.group(1) if match else None


VALID = {
    "full_name": "Ada Lovelace",
    "summary": "Short",
    "place": "glos",
    "contact": "email",
    "topics": ["a"],
    "agree": "on",
    "start_day": "27",
    "start_month": "3",
    "start_year": "2026",
    "password": "x",
}


def test_unbound_form_uses_nhs_components():
    html = render_crispy(EveryComponentForm())

    assert 'method="post"' in html and "novalidate" in html
    assert "nhsuk-error-summary" not in html
    assert "nhsuk-input" in attr(tag(html, "id_full_name"), "class")
    assert "nhsuk-select" in attr(tag(html, "id_place"), "class")
    assert "nhsuk-textarea" in attr(tag(html, "id_notes"), "class")
    assert "nhsuk-file-upload__input" in attr(tag(html, "id_cv"), "class")
    assert 'class="nhsuk-checkboxes__input"' in tag(html, "id_agree")
    assert '<div class="nhsuk-hint" id="id_full_name-hint">' in html
    # Buttons: primary submit and a cancel link, in a button group.
    assert re.search(r'<button type="submit" class="nhsuk-button"[^>]*>\s*Send\s*</button>', html)
    assert '<a href="/back/" class="nhsuk-link">Cancel</a>' in html
    assert 'class="nhsuk-button-group"' in html


def test_optional_fields_say_so_and_required_fields_have_no_asterisk():
    html = render_crispy(EveryComponentForm())

    assert re.search(r"Nickname \(optional\)\s*</label>", html)
    assert not re.search(r"Full name \(optional\)", html)
    assert "*" not in re.sub(r"<(script|style)[^>]*>.*?</\1>", "", html, flags=re.S)


def test_hint_id_is_in_aria_describedby_without_errors():
    html = render_crispy(EveryComponentForm())

    assert attr(tag(html, "id_full_name"), "aria-describedby") == "id_full_name-hint"
    assert attr(tag(html, "id_nickname"), "aria-describedby") is None


def test_radios_are_in_a_fieldset_with_the_label_as_legend():
    html = render_crispy(EveryComponentForm())

    fieldset = re.search(
        r'<fieldset class="nhsuk-fieldset"[^>]*>\s*<legend class="nhsuk-fieldset__legend">\s*'
        r"How should we contact you\?\s*</legend>(.*?)</fieldset>",
        html,
        re.S,
    )
    assert fieldset, "radios are not in a fieldset with a legend"
    body = fieldset.group(1)
    assert 'class="nhsuk-radios" data-module="nhsuk-radios"' in body
    assert body.count('type="radio"') == 2
    assert '<label class="nhsuk-label nhsuk-radios__label" for="id_contact_1">Phone</label>' in body
    # Per-option hint, linked from its radio.
    assert 'aria-describedby="id_contact_1-item-hint"' in body
    assert 'id="id_contact_1-item-hint">We will call in working hours' in body


def test_checkboxes_are_in_a_fieldset_and_single_checkbox_is_not():
    html = render_crispy(EveryComponentForm())

    assert re.search(r"<legend[^>]*>\s*Topics\s*</legend>", html)
    assert 'class="nhsuk-checkboxes__input" id="id_topics_0"' in html
    assert not re.search(r"<legend[^>]*>\s*I agree", html)
    assert '<label class="nhsuk-label nhsuk-checkboxes__label" for="id_agree">' in html


def test_select_with_radio_widget_swaps_component():
    class Choice(NhsForm):
        colour = forms.ChoiceField(choices=[("r", "Red"), ("g", "Green")])
        shade = forms.ChoiceField(choices=[("r", "Red"), ("g", "Green")], widget=forms.RadioSelect)

    html = render_crispy(Choice())
    assert "<select" in tag(html, "id_colour")
    assert 'type="radio"' in tag(html, "id_shade_0")


def test_character_count_wraps_textarea_with_maxlength_data():
    html = render_crispy(EveryComponentForm())

    wrapper = re.search(r'<div class="[^"]*nhsuk-character-count"[^>]*>', html)
    assert wrapper
    assert 'data-module="nhsuk-character-count"' in wrapper.group(0)
    assert 'data-maxlength="200"' in wrapper.group(0)
    textarea = tag(html, "id_summary")
    assert "nhsuk-js-character-count" in attr(textarea, "class")
    # No hard maxlength: people see and fix text that is too long.
    assert "maxlength" not in textarea
    assert attr(textarea, "aria-describedby") == "id_summary-info"
    assert 'id="id_summary-info">You can enter up to 200 characters' in html
    # A textarea without max_length is a plain textarea.
    assert "nhsuk-character-count" not in html.split('id="id_notes"')[0].rsplit("<div", 1)[-1]


def test_date_input_splits_into_day_month_and_year():
    html = render_crispy(EveryComponentForm(initial={"start": datetime.date(2026, 3, 27)}))

    group = re.search(r'<fieldset class="nhsuk-fieldset" role="group"[^>]*>', html)
    assert group and attr(group.group(0), "aria-describedby") == "id_start-hint"
    assert '<div class="nhsuk-date-input" id="id_start">' in html
    for index, (part, label, width, value) in enumerate(
        [("day", "Day", 2, "27"), ("month", "Month", 2, "3"), ("year", "Year", 4, "2026")]
    ):
        box = tag(html, f"id_start_{index}")
        assert attr(box, "name") == f"start_{part}"
        assert attr(box, "value") == value
        assert attr(box, "inputmode") == "numeric"
        assert f"nhsuk-input--width-{width}" in attr(box, "class")
        assert "nhsuk-date-input__input" in attr(box, "class")
        assert f'for="id_start_{index}">{label}</label>' in html
    # A plain forms.DateField becomes the NHS date input too.
    assert tag(html, "id_review_0")


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2026", "Start date must be a real date"),
        ("x", "2", "2026", "Start date must be a real date"),
        ("", "2", "2026", "Start date must include a day"),
        ("1", "", "", "Start date must include a month and year"),
        ("1", "2", "26", "Year must include 4 numbers"),
        ("", "", "", "Enter start date"),
    ],
)
def test_invalid_dates_give_a_clear_message(day, month, year, message):
    form = EveryComponentForm({**VALID, "start_day": day, "start_month": month, "start_year": year})

    assert not form.is_valid()
    assert form.errors["start"] == [message]
    html = render_crispy(form)
    assert f'<a href="#id_start_0">{message}</a>' in html
    # What was typed is shown again.
    if day:
        assert attr(tag(html, "id_start_0"), "value") == day
    assert "nhsuk-input--error" in attr(tag(html, "id_start_2"), "class")


def test_valid_date_cleans_to_a_date():
    form = EveryComponentForm(VALID)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["start"] == datetime.date(2026, 3, 27)
    assert form.cleaned_data["review"] is None


def test_invalid_form_shows_error_summary_linking_every_error():
    form = EveryComponentForm({"full_name": "", "summary": "x" * 201, "review_month": "4"})
    assert not form.is_valid()
    html = render_crispy(form)

    summary = re.search(
        r'<div class="nhsuk-error-summary" data-module="nhsuk-error-summary">(.*?)</ul>',
        html,
        re.S,
    )
    assert summary, "no error summary"
    assert "There is a problem" in summary.group(1)
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary.group(1))
    assert links == [
        ("id_full_name", "Enter full name"),
        ("id_summary", "Summary must be 200 characters or fewer"),
        ("id_place", "Select place"),
        ("id_contact_0", "Select an answer for “How should we contact you?”"),
        ("id_topics_0", "Select topics"),
        ("id_agree", "Select “I agree to the terms” to continue"),
        ("id_start_0", "Enter start date"),
        ("id_review_0", "Review date must include a day and year"),
        ("id_password", "Enter password"),
    ]
    # Every link target exists in the page.
    for anchor, _message in links:
        assert f'id="{anchor}"' in html
    # The summary comes before the first field.
    assert html.index("nhsuk-error-summary") < html.index('id="id_full_name"')


def test_non_field_errors_are_in_the_summary():
    form = EveryComponentForm({**VALID, "full_name": "Nobody"})
    assert not form.is_valid()
    html = render_crispy(form)

    assert '<a href="#id_full_name">That combination is not allowed</a>' in html


def test_field_error_message_and_aria_describedby():
    form = EveryComponentForm({"full_name": ""})
    form.is_valid()
    html = render_crispy(form)

    name_input = tag(html, "id_full_name")
    assert attr(name_input, "aria-describedby") == "id_full_name-hint id_full_name-error"
    assert "nhsuk-input--error" in attr(name_input, "class")
    assert re.search(
        r'<span class="nhsuk-error-message" id="id_full_name-error">\s*'
        r'<span class="nhsuk-u-visually-hidden">Error:</span> Enter full name',
        html,
    )
    assert re.search(
        r'class="nhsuk-form-group nhsuk-form-group--error">\s*<label[^>]*for="id_full_name"', html
    )
    # Fieldset components carry hint and error ids on the fieldset.
    radios = re.search(r'<fieldset class="nhsuk-fieldset"[^>]*>\s*<legend[^>]*>\s*How should', html)
    assert attr(radios.group(0), "aria-describedby") == "id_contact-hint id_contact-error"
    summary_ids = attr(tag(html, "id_summary"), "aria-describedby")
    assert summary_ids == "id_summary-info id_summary-error"
    assert "nhsuk-select--error" in attr(tag(html, "id_place"), "class")


def test_crispy_filter_renders_summary_for_forms_we_do_not_own():
    class PlainForm(forms.Form):
        email = forms.EmailField(label="Email address")

    form = PlainForm({"email": ""})
    form.is_valid()
    html = Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(Context({"form": form}))

    # Django's "This field is required." is reworded to name the field.
    assert '<a href="#id_email">Enter email address</a>' in html
    assert "This field is required" not in html
    assert "<form" not in html


def test_layout_objects_field_sizes_fieldset_and_buttons():
    class Address(NhsForm):
        line_1 = forms.CharField(label="Address line 1")
        town = forms.CharField(label="Town or city")
        answer = forms.ChoiceField(
            label="Is this your address?",
            choices=[("y", "Yes"), ("n", "No")],
            widget=forms.RadioSelect,
        )

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.helper.layout = layout.Layout(
                layout.Fieldset("Your address", "line_1", "town", hint="Where you live"),
                layout.Field("answer", heading=True, inline=True),
                layout.ButtonGroup(
                    layout.Submit("Continue"), layout.WarningSubmit("Delete", name="delete")
                ),
            )

    html = render_crispy(Address())

    assert re.search(
        r'<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">\s*Your address',
        html,
    )
    assert 'aria-describedby="your-address-hint"' in html
    assert '<div class="nhsuk-hint" id="your-address-hint">Where you live</div>' in html
    assert re.search(
        r'nhsuk-fieldset__legend--l">\s*<h1 class="nhsuk-fieldset__heading">Is this your address\?',
        html,
    )
    assert "nhsuk-radios--inline" in html
    assert re.search(r'class="nhsuk-button nhsuk-button--warning"[^>]*name="delete"', html)
    # The layout replaces the default submit button.
    assert html.count("<button") == 3


def test_filter_form_is_get_with_apply_and_clear(rf, db):
    from django.contrib.auth.models import User

    class UserFilter(NhsFilterSet):
        class Meta:
            model = User
            fields = ["username", "is_staff"]

    request = rf.get("/people/", {"username": "ann"})
    request.user = AnonymousUser()
    filterset = UserFilter(request.GET, queryset=User.objects.all(), request=request)
    html = Template('{% include "includes/filter_panel.html" %}').render(
        Context({"filter": filterset, "request": request})
    )

    assert 'method="get"' in html
    assert "csrfmiddlewaretoken" not in html
    assert re.search(r"<button[^>]*>\s*Apply filters\s*</button>", html)
    assert '<a href="?" class="nhsuk-link">Clear filters</a>' in html
    assert attr(tag(html, "id_username"), "value") == "ann"
    assert "(optional)" not in html
    assert 'class="ccpl-filter-panel"' in html


def test_login_page_renders_in_nhs_style(client, db):
    response = client.get("/accounts/login/")
    html = response.content.decode()

    assert response.status_code == 200
    assert '<html lang="en-GB">' in html
    assert re.search(r"<title>Sign in – CCPL Manager – [^<]+</title>", html)
    assert '<a class="nhsuk-skip-link" data-module="nhsuk-skip-link" href="#maincontent">' in html
    assert '<main class="nhsuk-main-wrapper" id="maincontent">' in html
    assert 'class="nhsuk-header__account-link" href="/accounts/login/">Sign in</a>' in html
    assert "nhsuk-input" in attr(tag(html, "id_password"), "class")
    assert "Forgotten your password?" in html
    # allauth's own "forgot password" help text is not repeated as a hint.
    assert "id_password-hint" not in html
    assert "/accounts/signup/" not in html
    assert "placeholder" not in html


def test_wrong_password_shows_error_summary(client, db):
    response = client.post("/accounts/login/", {"login": "nobody", "password": "wrong"})
    html = response.content.decode()

    assert response.status_code == 200
    assert 'class="nhsuk-error-summary"' in html
    assert '<a href="#id_login">' in html


def test_signed_in_header_has_the_persons_name_and_post_sign_out(client, django_user_model):
    user = django_user_model.objects.create_user(
        "header-user", password="pw-not-used-1234", first_name="Hana", last_name="Ito"
    )
    client.force_login(user)
    html = client.get("/").content.decode()

    assert "Hana Ito" in html and "header-user" not in html  # a name, never a username
    form = re.search(r'<form class="nhsuk-header__account-form"[^>]*>.*?</form>', html, re.S)
    assert form
    assert 'action="/accounts/logout/"' in form.group(0)
    assert 'method="post"' in form.group(0)
    assert "csrfmiddlewaretoken" in form.group(0)
    assert re.search(r'aria-current="page"><strong[^>]*>Home</strong>', html)


def test_messages_render_as_notification_banners(rf, db):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message

    request = rf.get("/")
    request.user = AnonymousUser()
    html = Template('{% include "includes/messages.html" %}').render(
        Context(
            {
                "messages": [
                    Message(constants.SUCCESS, "Role saved"),
                    Message(constants.INFO, "Meeting moved"),
                ]
            }
        )
    )

    assert 'nhsuk-notification-banner nhsuk-notification-banner--success" ' in html
    assert 'role="alert" aria-labelledby="notification-title-1"' in html
    assert 'id="notification-title-2">Important</h2>' in html
    assert "Role saved" in html and "Meeting moved" in html


def test_breadcrumbs_include():
    html = Template(
        '{% include "includes/breadcrumbs.html" with items=items current="Edit role" %}'
    ).render(Context({"items": [("Home", "/"), ("Roles", "/roles/")]}))

    assert '<nav class="nhsuk-breadcrumb" aria-label="Breadcrumb">' in html
    assert '<a class="nhsuk-breadcrumb__link" href="/roles/">Roles</a>' in html
    assert 'aria-current="page">Edit role</li>' in html
    assert re.search(r'class="nhsuk-back-link" href="/roles/">.*Back to </span>Roles', html)


def test_error_pages_render(client, db):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Sorry, there is a problem with the service" in html
    assert 'lang="en-GB"' in html

    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_rate_limit_page_renders_with_the_layout(rf, db):
    from django.template.loader import render_to_string

    request = rf.get("/accounts/login/")
    request.user = AnonymousUser()
    html = render_to_string("429.html", request=request)
    assert "Too many attempts" in html
    assert "nhsuk-header" in html


def test_page_title_without_a_title_block_is_service_and_icb(rf, db):
    from django.template import RequestContext

    request = rf.get("/")
    request.user = AnonymousUser()
    template = Template('{% extends "base.html" %}{% block content %}<h1>Hi</h1>{% endblock %}')
    html = template.render(RequestContext(request, {}))

    title = re.search(r"<title>([^<]*)</title>", html).group(1)
    assert re.fullmatch(r"CCPL Manager – \S.*", title)
