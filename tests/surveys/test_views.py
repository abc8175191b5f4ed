"""Survey pages: permissions, the respondent journey, the builder, invitations, results."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from ccpl.access import PUBLIC
from surveys import services
from surveys.models import Answer, Invitation, Question, Survey
from tests.factories import PersonFactory

from .factories import SectionFactory, SurveyFactory, add_responses, invite, question

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(priorities):
    return services.survey_from_template(year=2026)


@pytest.fixture
def closed_survey(survey):
    qs = {q.key: q for q in survey.questions.all()}
    add_responses(
        survey,
        [
            {
                qs["p1-say-in-decisions"]: "Agree",
                qs["p1-comments"]: "Email me at someone@nhs.net",
                qs["about-place"]: survey.questions.get(key="about-place").options.first().label,
            }
        ]
        * 12,
    )
    survey.status = Survey.Status.CLOSED
    survey.save()
    return survey


def staff_pages(survey):
    """(read pages, CCPL-team pages) for a closed survey with responses, and the builder's
    pages for a draft copy of it."""
    draft = services.survey_copy(source=survey, year=survey.year + 1, title="Draft")
    question = draft.questions.first()
    section = draft.sections.first()
    comment = Answer.objects.filter(question__survey=survey, question__kind="free_text").first()
    pages = [
        reverse("surveys:survey_list"),
        reverse("surveys:trends"),
        reverse("surveys:survey_detail", args=[survey.pk]),
        reverse("surveys:preview", args=[survey.pk, 1]),
        reverse("surveys:invitation_list", args=[survey.pk]),
        reverse("surveys:results", args=[survey.pk]),
        reverse("surveys:breakdown", args=[survey.pk]),
    ]
    manage_pages = [
        reverse("surveys:survey_create"),
        reverse("surveys:survey_edit", args=[survey.pk]),
        reverse("surveys:section_create", args=[draft.pk]),
        reverse("surveys:section_edit", args=[draft.pk, section.pk]),
        reverse("surveys:section_remove", args=[draft.pk, section.pk]),
        reverse("surveys:question_create", args=[draft.pk]),
        reverse("surveys:question_edit", args=[draft.pk, question.pk]),
        reverse("surveys:question_remove", args=[draft.pk, question.pk]),
        reverse("surveys:invitation_add", args=[survey.pk]),
        reverse("surveys:comment_list", args=[survey.pk]),
        reverse("surveys:recommendations", args=[survey.pk]),
        reverse("surveys:responses_export", args=[survey.pk]),
        reverse("surveys:import_upload", args=[survey.pk]),
    ]
    if comment:
        manage_pages.append(reverse("surveys:comment_moderate", args=[survey.pk, comment.pk]))
    return pages, manage_pages


def test_staff_and_executives_read_staff_pages(client, staff_user, exec_user, closed_survey):
    pages, manage_pages = staff_pages(closed_survey)
    client.force_login(staff_user)
    for url in pages + manage_pages:
        assert client.get(url).status_code == 200, url
    client.force_login(exec_user)
    for url in pages:
        assert client.get(url).status_code == 200, url
    for url in manage_pages:
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("kind", ["leader_user", "panel_user"])
def test_leaders_and_panels_cannot_see_staff_pages(request, client, kind, closed_survey):
    client.force_login(request.getfixturevalue(kind))
    pages, manage_pages = staff_pages(closed_survey)
    for url in pages + manage_pages:
        assert client.get(url).status_code == 403, url


def test_anonymous_visitors_are_sent_to_sign_in(client, closed_survey):
    pages, manage_pages = staff_pages(closed_survey)
    for url in pages + manage_pages:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_every_survey_view_declares_its_audience():
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns)
            elif isinstance(p, URLPattern) and p.callback.__module__.startswith("surveys"):
                yield p

    ours = list(walk(get_resolver().url_patterns))
    assert len(ours) > 20
    assert all(getattr(p.callback, "audience", None) for p in ours)
    public = sorted(p.name for p in ours if p.callback.audience == PUBLIC)
    assert public == ["check", "page", "published_list", "start", "thank_you"]


# --- The respondent journey ----------------------------------------------------------


def _post_page(client, token, number, data):
    return client.post(f"/survey/{token}/page/{number}/", data)


def test_respondent_journey_end_to_end(client, survey):
    services.survey_set_status(survey=survey, status=Survey.Status.OPEN)
    invitation, token = invite(survey)
    start = client.get(f"/survey/{token}/")
    assert start.status_code == 200
    assert "Your answers are anonymous" in start.content.decode()
    pages = [s for s in survey.sections.all() if s.questions.exists()]
    for number, section in enumerate(pages, start=1):
        page = client.get(f"/survey/{token}/page/{number}/")
        assert f"Page {number} of {len(pages)}" in page.content.decode()
        data = {}
        for q in section.questions.all():
            if q.kind == "free_text":
                data[f"q{q.pk}"] = "More protected time, please."
            elif q.kind != "multiple_choice":
                data[f"q{q.pk}"] = str(q.options.first().pk)
        response = _post_page(client, token, number, data)
        assert response.status_code == 302
    check = client.get(f"/survey/{token}/check/")
    assert "Check your answers before sending them" in check.content.decode()
    assert "More protected time, please." in check.content.decode()
    done = client.post(f"/survey/{token}/check/")
    assert done["Location"] == "/survey/thank-you/"
    thanks = client.get(done["Location"])
    assert survey.title in thanks.content.decode()
    assert survey.responses.count() == 1
    assert survey.responses.get().answers.count() == len(survey.questions.all())
    # The link is used up: a clear page, for every step.
    for url in (f"/survey/{token}/", f"/survey/{token}/page/1/", f"/survey/{token}/check/"):
        used = client.get(url)
        assert used.status_code == 410
        assert "You have already sent your answers" in used.content.decode()
    assert client.post(f"/survey/{token}/check/").status_code == 410
    assert survey.responses.count() == 1


def test_required_questions_show_nhs_errors_and_check_page_sends_back(client, priorities):
    survey = SurveyFactory(status=Survey.Status.OPEN)
    section = SectionFactory(survey=survey, title="Your role")
    q = question(section, "time", text="I have enough protected time.", required=True)
    _invitation, token = invite(survey)
    response = _post_page(client, token, 1, {})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Select an answer for “I have enough protected time.”" in body
    # Skipping to the check page with a required answer missing goes back to its page.
    assert client.get(f"/survey/{token}/check/")["Location"] == f"/survey/{token}/page/1/"
    assert not survey.responses.exists()
    assert q.options.count() == 4


def test_change_link_returns_to_check_page(client, priorities):
    survey = SurveyFactory(status=Survey.Status.OPEN)
    section = SectionFactory(survey=survey)
    q = question(section, "yn", kind="yes_no")
    _invitation, token = invite(survey)
    yes, no = (str(o.pk) for o in q.options.all())
    _post_page(client, token, 1, {f"q{q.pk}": yes})
    response = client.post(f"/survey/{token}/page/1/?change=1", {f"q{q.pk}": no})
    assert response["Location"] == f"/survey/{token}/check/"
    assert ">No<" in client.get(f"/survey/{token}/check/").content.decode().replace("\n", "")


def test_unknown_and_closed_links_have_clear_pages(client, priorities):
    response = client.get("/survey/not-a-real-token/")
    assert response.status_code == 404
    assert "This survey link does not work" in response.content.decode()
    survey = SurveyFactory(status=Survey.Status.CLOSED)
    SectionFactory(survey=survey)
    _invitation, token = invite(survey)
    closed = client.get(f"/survey/{token}/")
    assert closed.status_code == 410
    assert "This survey is closed" in closed.content.decode()


def test_a_link_past_the_closing_date_is_closed(client, priorities):
    import datetime

    survey = SurveyFactory(status=Survey.Status.OPEN, closes_on=datetime.date(2020, 1, 1))
    _invitation, token = invite(survey)
    assert "This survey is closed" in client.get(f"/survey/{token}/").content.decode()


def test_answers_are_not_saved_until_sent(client, priorities):
    survey = SurveyFactory(status=Survey.Status.OPEN)
    section = SectionFactory(survey=survey)
    q = question(section, "yn", kind="yes_no")
    _invitation, token = invite(survey)
    _post_page(client, token, 1, {f"q{q.pk}": str(q.options.first().pk)})
    assert not Answer.objects.exists()
    assert not Invitation.objects.get().responded


# --- Builder -------------------------------------------------------------------------


def test_start_from_the_template_and_from_last_year(client, staff_user, priorities):
    client.force_login(staff_user)
    response = client.post(
        reverse("surveys:survey_create"), {"start": "template", "year": "2025", "kind": "other"}
    )
    first = Survey.objects.get(year=2025)
    assert response["Location"] == reverse("surveys:survey_detail", args=[first.pk])
    assert first.kind == "temperature_check"
    assert first.questions.filter(priority__number=3).exists()
    response = client.post(
        reverse("surveys:survey_create"),
        {"start": "copy", "source": first.pk, "year": "2026", "kind": "temperature_check"},
    )
    second = Survey.objects.get(year=2026)
    assert second.title == "Leadership temperature check 2026"
    assert second.copied_from == first
    assert list(second.questions.values_list("key", flat=True)) == list(
        first.questions.values_list("key", flat=True)
    )
    # A second temperature check for the same year is refused.
    again = client.post(
        reverse("surveys:survey_create"),
        {"start": "copy", "source": first.pk, "year": "2026", "kind": "temperature_check"},
    )
    assert "There is already a temperature check for 2026" in again.content.decode()


def test_builder_adds_edits_moves_and_removes(client, staff_user, priorities):
    client.force_login(staff_user)
    survey = SurveyFactory()
    client.post(reverse("surveys:section_create", args=[survey.pk]), {"title": "About your role"})
    section = survey.sections.get()
    url = reverse("surveys:question_create", args=[survey.pk])
    base = {"section": section.pk, "required": "", "priority": "", "about_you": ""}
    client.post(
        url,
        base
        | {
            "text": "Which tools do you use?",
            "kind": "multiple_choice",
            "options": "Teams\nEmail\nPhone",
            "key": "tools",
        },
    )
    client.post(
        url,
        base
        | {
            "text": "I feel heard.",
            "kind": "agree_5",
            "key": "heard",
            "priority": priorities[1].pk,
        },
    )
    bad = client.post(
        url,
        base | {"text": "Pick one", "kind": "single_choice", "options": "Only one", "key": "tools"},
    )
    body = bad.content.decode()
    assert "Enter at least 2 answer options" in body
    assert "Another question in this survey has this key" in body
    tools, heard = survey.questions.all()
    assert [o.label for o in tools.options.all()] == ["Teams", "Email", "Phone"]
    assert heard.options.count() == 5
    client.post(reverse("surveys:question_move", args=[survey.pk, heard.pk]), {"direction": "up"})
    assert [q.key for q in survey.questions.all()] == ["heard", "tools"]
    client.post(
        reverse("surveys:question_edit", args=[survey.pk, tools.pk]),
        base
        | {
            "text": "Which tools do you use?",
            "kind": "multiple_choice",
            "options": "Teams\nPhone\nPost",
            "key": "tools",
        },
    )
    assert [o.label for o in tools.options.all()] == ["Teams", "Phone", "Post"]
    client.post(reverse("surveys:question_remove", args=[survey.pk, tools.pk]))
    assert [q.key for q in survey.questions.all()] == ["heard"]
    preview = client.get(reverse("surveys:preview", args=[survey.pk, 1]))
    assert "Nothing you enter here is saved" in preview.content.decode()


def test_questions_are_locked_once_open(client, staff_user, survey):
    client.force_login(staff_user)
    services.survey_set_status(survey=survey, status=Survey.Status.OPEN)
    q = survey.questions.first()
    response = client.get(reverse("surveys:question_edit", args=[survey.pk, q.pk]))
    assert response.status_code == 302
    response = client.post(reverse("surveys:question_remove", args=[survey.pk, q.pk]))
    assert Question.objects.filter(pk=q.pk).exists()


# --- Invitations ---------------------------------------------------------------------


def test_invite_send_and_remind(
    client, staff_user, survey, eager_celery, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)
    person = PersonFactory(email="amelia.hughes@nhs.net", given_name="Amelia", family_name="Hughes")
    add = reverse("surveys:invitation_add", args=[survey.pk])
    response = client.post(
        add,
        {
            "source": "list",
            "addresses": "name,email\nAmelia Hughes, AMELIA.hughes@nhs.net\nOli <oli@nhs.net>\nnot an email",
        },
    )
    assert "Line 4: “not an email” does not contain an email address" in response.content.decode()
    client.post(
        add,
        {"source": "list", "addresses": "Amelia Hughes, AMELIA.hughes@nhs.net\nOli <oli@nhs.net>"},
    )
    client.post(add, {"source": "people"})  # Amelia again: not invited twice
    assert survey.invitations.count() == 2
    assert survey.invitations.get(email__iexact="amelia.hughes@nhs.net").person == person

    send = reverse("surveys:invitations_send", args=[survey.pk])
    assert "Open the survey" in client.post(send, follow=True).content.decode()
    services.survey_set_status(survey=survey, status=Survey.Status.OPEN)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(send)
    assert len(mail.outbox) == 2
    link = re.search(r"http://testserver/survey/[\w-]+/", mail.outbox[0].body).group(0)
    token = link.rstrip("/").rsplit("/", 1)[1]
    # Only the hash is stored.
    assert not survey.invitations.filter(tokens__token_hash=token).exists()
    assert survey.invitations.filter(tokens__token_hash=services.hash_token(token)).exists()

    # One person responds; the reminder goes to the other only, and both links still work.
    invitation = survey.invitations.get(tokens__token_hash=services.hash_token(token))
    invitation.responded = True
    invitation.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("surveys:invitations_remind", args=[survey.pk]))
    assert len(mail.outbox) == 3
    assert mail.outbox[2].subject.startswith("Reminder: ")
    other = survey.invitations.get(responded=False)
    assert mail.outbox[2].to == [other.email]
    assert other.reminded_at is not None and other.tokens.count() == 2

    page = client.get(reverse("surveys:invitation_list", args=[survey.pk])).content.decode()
    assert "1 of 2 invited people have responded (50%)" in page
    assert "responded" not in page.split("Who has been invited")[1].lower()


# --- Results, moderation, publishing -------------------------------------------------


def test_results_page_and_comment_moderation(client, staff_user, closed_survey):
    client.force_login(staff_user)
    results = client.get(reverse("surveys:results", args=[closed_survey.pk])).content.decode()
    assert "12 people responded" in results
    assert "100.00%" in results
    comment = Answer.objects.filter(question__key="p1-comments").first()
    url = reverse("surveys:comment_moderate", args=[closed_survey.pk, comment.pk])
    form = client.get(url).content.decode()
    assert "Email me at [removed]" in form  # suggested redaction
    client.post(url, {"decision": "publish", "published_text": "Email me at [removed]"})
    comment.refresh_from_db()
    assert (comment.moderation, comment.published_text) == ("publish", "Email me at [removed]")
    missing = client.post(url, {"decision": "publish", "published_text": ""})
    assert "Enter the text to publish" in missing.content.decode()


def test_publish_and_read_the_summary(client, staff_user, leader_user, panel_user, closed_survey):
    summary_url = reverse("surveys:published_detail", args=[closed_survey.pk])
    client.force_login(leader_user)
    assert client.get(summary_url).status_code == 403  # not yet published
    client.force_login(staff_user)
    client.post(
        reverse("surveys:recommendations", args=[closed_survey.pk]),
        {
            "summary": "Leaders feel more involved.",
            f"priority_{closed_survey.questions.get(key='p1-say-in-decisions').priority_id}": "Keep the practitioner forum going.",
        },
    )
    client.post(reverse("surveys:survey_status", args=[closed_survey.pk]), {"status": "published"})
    closed_survey.refresh_from_db()
    assert closed_survey.status == "published" and closed_survey.published_on
    client.force_login(leader_user)
    page = client.get(summary_url).content.decode()
    assert "Leaders feel more involved." in page
    assert "Keep the practitioner forum going." in page
    assert "Email me at" not in page  # comments only once published by moderation
    assert closed_survey.title in client.get(reverse("surveys:published_list")).content.decode()
    client.force_login(panel_user)
    assert client.get(summary_url).status_code == 403
    client.logout()
    assert client.get(summary_url).status_code == 302
    closed_survey.results_audience = Survey.Audience.PUBLIC
    closed_survey.save()
    assert client.get(summary_url).status_code == 200


def test_anonymised_csv_download(client, staff_user, closed_survey):
    client.force_login(staff_user)
    response = client.get(reverse("surveys:responses_export", args=[closed_survey.pk]))
    body = b"".join(response.streaming_content).decode()
    header, *rows = body.strip().splitlines()
    assert header.startswith("response,p1-say-in-decisions,")
    assert len(rows) == 12
    assert "someone@nhs.net" not in body  # unmoderated comments are not exported


def test_invite_everyone_who_holds_a_role_now(client, staff_user, survey):
    from surveys import selectors

    holders = selectors.current_role_holders()
    if holders is None:  # pragma: no cover - only before the roles app existed
        pytest.fail("roles.selectors.role_holders is expected")
    from roles.models import Appointment
    from tests.roles.factories import AppointmentFactory

    appointment = AppointmentFactory()
    assert Appointment.objects.current().filter(pk=appointment.pk).exists()
    client.force_login(staff_user)
    form = client.get(reverse("surveys:invitation_add", args=[survey.pk])).content.decode()
    assert "Everyone who holds a leadership role now" in form
    client.post(reverse("surveys:invitation_add", args=[survey.pk]), {"source": "role_holders"})
    assert list(survey.invitations.values_list("person", flat=True)) == [appointment.person_id]
