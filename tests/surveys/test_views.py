"""Survey pages: permissions, the respondent journey, the builder, invitations, results."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from ccpl.access import PUBLIC
from surveys import selectors, services
from surveys.models import Answer, Invitation, Question, Survey, SurveyJourney, SurveyReminder
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
    assert public == ["about", "check", "page", "published_list", "start", "thank_you"]


# --- The respondent journey ----------------------------------------------------------


def _post_page(client, number, data, change=False):
    return client.post(f"/survey/page/{number}/" + ("?change=1" if change else ""), data)


def _begin(client, token):
    """Open the personal link: it starts a journey and redirects to an address without it."""
    response = client.get(f"/survey/{token}/")
    assert response.status_code == 302 and response["Location"] == "/survey/about/"
    return response


def test_respondent_journey_end_to_end(client, survey):
    services.survey_set_status(survey=survey, status=Survey.Status.OPEN)
    invitation, token = invite(survey)
    _begin(client, token)
    assert "sessionid" not in client.cookies  # the journey is not in the session
    start = client.get("/survey/about/")
    assert start.status_code == 200
    assert "Your answers are anonymous" in start.content.decode()
    assert "at least 10 people have responded" in start.content.decode()
    pages = [s for s in survey.sections.all() if s.questions.exists()]
    for number, section in enumerate(pages, start=1):
        page = client.get(f"/survey/page/{number}/")
        assert f"Page {number} of {len(pages)}" in page.content.decode()
        data = {}
        for q in section.questions.all():
            if q.kind == "free_text":
                data[f"q{q.pk}"] = "More protected time, please."
            elif q.kind != "multiple_choice":
                data[f"q{q.pk}"] = str(q.options.first().pk)
        response = _post_page(client, number, data)
        assert response.status_code == 302
        assert token not in response["Location"]
    check = client.get("/survey/check/")
    assert "Check your answers before sending them" in check.content.decode()
    assert "More protected time, please." in check.content.decode()
    done = client.post("/survey/check/")
    assert done["Location"] == "/survey/thank-you/"
    thanks = client.get(done["Location"])
    assert "Thank you, your answers have been sent" in thanks.content.decode()
    assert survey.responses.count() == 1
    assert survey.responses.get().answers.count() == len(survey.questions.all())
    assert not SurveyJourney.objects.exists()  # deleted on submission
    # The link is used up: a clear page.
    used = client.get(f"/survey/{token}/")
    assert used.status_code == 410
    assert "You have already sent your answers" in used.content.decode()
    # The journey is gone too.
    assert client.get("/survey/check/").status_code == 404
    assert client.post("/survey/check/").status_code == 404
    assert survey.responses.count() == 1


def test_opening_the_link_does_not_use_it_up(client, priorities):
    """Mail scanners fetch every link: a GET only checks it, however often."""
    survey = SurveyFactory(status=Survey.Status.OPEN)
    section = SectionFactory(survey=survey)
    question(section, "yn", kind="yes_no")
    invitation, token = invite(survey)
    for _ in range(3):
        _begin(client, token)
    invitation.refresh_from_db()
    assert not invitation.responded and not survey.responses.exists()
    assert SurveyJourney.objects.count() == 1  # the same browser keeps its journey


def test_required_questions_are_checked_once_in_the_service(client, priorities):
    survey = SurveyFactory(status=Survey.Status.OPEN)
    section = SectionFactory(survey=survey, title="Your role")
    q = question(section, "time", text="I have enough protected time.", required=True)
    question(section, "more", kind="free_text")
    invitation, token = invite(survey)
    _begin(client, token)
    response = _post_page(client, 1, {})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Select an answer for “I have enough protected time.”" in body
    # Sending with a required answer missing: the service says so, with a link to its page.
    sent = client.post("/survey/check/")
    assert sent.status_code == 400
    assert "“I have enough protected time.” needs an answer" in sent.content.decode()
    assert 'href="/survey/page/1/?change=1"' in sent.content.decode()
    assert not survey.responses.exists()
    invitation.refresh_from_db()
    assert not invitation.responded
    assert q.options.count() == 4


def test_a_submission_with_no_answers_is_not_a_response(client, priorities):
    survey = SurveyFactory(status=Survey.Status.OPEN)
    section = SectionFactory(survey=survey)
    q = question(section, "yn", kind="yes_no")
    invitation, token = invite(survey)
    _begin(client, token)
    _post_page(client, 1, {})
    sent = client.post("/survey/check/")
    assert sent.status_code == 400
    assert "You have not answered any questions" in sent.content.decode()
    assert not survey.responses.exists()
    invitation.refresh_from_db()
    assert not invitation.responded  # the link still works
    _post_page(client, 1, {f"q{q.pk}": str(q.options.first().pk)})
    assert client.post("/survey/check/")["Location"] == "/survey/thank-you/"
    assert survey.responses.count() == 1


def test_change_link_returns_to_check_page(client, priorities):
    survey = SurveyFactory(status=Survey.Status.OPEN)
    section = SectionFactory(survey=survey)
    q = question(section, "yn", kind="yes_no")
    _invitation, token = invite(survey)
    _begin(client, token)
    yes, no = (str(o.pk) for o in q.options.all())
    _post_page(client, 1, {f"q{q.pk}": yes})
    response = _post_page(client, 1, {f"q{q.pk}": no}, change=True)
    assert response["Location"] == "/survey/check/"
    assert ">No<" in client.get("/survey/check/").content.decode().replace("\n", "")


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
    assert "Open the link in your email again" in client.get("/survey/about/").content.decode()


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
    _begin(client, token)
    _post_page(client, 1, {f"q{q.pk}": str(q.options.first().pk)})
    assert not Answer.objects.exists()
    assert not Invitation.objects.get().responded


def test_abandoned_journeys_are_deleted_after_two_days(client, priorities):
    import datetime

    survey = SurveyFactory(status=Survey.Status.OPEN)
    SectionFactory(survey=survey)
    _invitation, token = invite(survey)
    _begin(client, token)
    started = SurveyJourney.objects.get().started_on
    assert services.journeys_expire(today=started + datetime.timedelta(days=1)) == 0
    assert services.journeys_expire(today=started + datetime.timedelta(days=2)) == 1
    assert "Open the link in your email again" in client.get("/survey/about/").content.decode()


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
    assert "at least 10 people have responded" in mail.outbox[0].body
    token = link.rstrip("/").rsplit("/", 1)[1]
    # Only the hash is stored.
    assert not survey.invitations.filter(tokens__token_hash=token).exists()
    assert survey.invitations.filter(tokens__token_hash=services.hash_token(token)).exists()

    # One person responds; the reminder goes to the other only, as one batch per survey.
    invitation = survey.invitations.get(tokens__token_hash=services.hash_token(token))
    invitation.responded = True
    invitation.save()
    remind = reverse("surveys:invitations_remind", args=[survey.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(remind)
    assert len(mail.outbox) == 3
    assert mail.outbox[2].subject.startswith("Reminder: ")
    other = survey.invitations.get(responded=False)
    assert mail.outbox[2].to == [other.email]
    # Every emailed invitee gets a new link row, responded or not: the rows do not say who.
    assert other.tokens.count() == 2 and invitation.tokens.count() == 2
    batch = SurveyReminder.objects.get(survey=survey)
    assert batch.recipients == 1
    # At most once a week.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(remind, follow=True).content.decode()
    assert "Reminders go at most once every 7 days" in again
    assert len(mail.outbox) == 3

    page = client.get(reverse("surveys:invitation_list", args=[survey.pk])).content.decode()
    assert "1 of 2 invited people have responded (50%)" in page
    assert "1 reminder sent in 1 batch" in page
    listing = page.split("Who has been invited")[1]
    assert "Last reminder" not in listing
    assert "responded" not in listing.lower().replace("who has responded", "")


def test_the_survey_list_counts_each_surveys_questions_responses_and_invitations(closed_survey):
    invite(closed_survey, email="one@nhs.net")
    invite(closed_survey, email="two@nhs.net")
    empty = SurveyFactory(year=2020)
    rows = {s.pk: s for s in selectors.survey_list()}
    counted = rows[closed_survey.pk]
    assert counted.question_count == closed_survey.questions.count() > 1
    assert (counted.response_count, counted.invitation_count) == (12, 2)
    assert (rows[empty.pk].question_count, rows[empty.pk].response_count) == (0, 0)
    assert rows[empty.pk].invitation_count == 0


def test_the_invitations_page_lists_invitees_fifty_a_page(staff_client, survey):
    Invitation.objects.bulk_create(
        Invitation(survey=survey, email=f"leader{i:02d}@nhs.net", name=f"Leader {i:02d}")
        for i in range(51)
    )
    url = reverse("surveys:invitation_list", args=[survey.pk])
    first = staff_client.get(url).content.decode().split("Who has been invited")[1]
    assert "Showing 1 to 50 of 51" in first
    assert "leader49@nhs.net" in first and "leader50@nhs.net" not in first
    second = staff_client.get(url, {"page": 2}).content.decode().split("Who has been invited")[1]
    assert "leader50@nhs.net" in second and "leader00@nhs.net" not in second


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
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = body.strip().splitlines()
    assert header.startswith("response,p1-say-in-decisions,")
    assert len(rows) == 12
    assert "someone@nhs.net" not in body  # unmoderated comments are not exported


def test_invite_everyone_who_holds_a_role_now(client, staff_user, survey):
    from surveys import selectors

    assert selectors.current_role_holders() == []
    from roles.models import Appointment
    from tests.roles.factories import AppointmentFactory

    appointment = AppointmentFactory()
    assert Appointment.objects.current().filter(pk=appointment.pk).exists()
    client.force_login(staff_user)
    form = client.get(reverse("surveys:invitation_add", args=[survey.pk])).content.decode()
    assert "Everyone who holds a leadership role now" in form
    client.post(reverse("surveys:invitation_add", args=[survey.pk]), {"source": "role_holders"})
    assert list(survey.invitations.values_list("person", flat=True)) == [appointment.person_id]


def test_a_saved_response_takes_its_journey_with_it_in_one_transaction(client, monkeypatch):
    """The journey (the answers in progress) is deleted in the response's own transaction:
    a saved response never leaves it behind (a restart between the two once did, and the
    respondent was told nothing had been saved), and a failed save keeps it and the link."""
    from django.db import OperationalError

    survey = SurveyFactory(status=Survey.Status.OPEN)
    q = question(SectionFactory(survey=survey), "yn", kind="yes_no")
    invitation, token = invite(survey)
    _begin(client, token)
    _post_page(client, 1, {f"q{q.pk}": str(q.options.first().pk)})

    def database_gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(Answer.objects, "bulk_create", database_gone)
    with pytest.raises(OperationalError):
        client.post("/survey/check/")
    assert survey.responses.count() == 0
    assert SurveyJourney.objects.count() == 1
    invitation.refresh_from_db()
    assert not invitation.responded

    monkeypatch.undo()
    sent = client.post("/survey/check/")
    assert sent.status_code == 302 and sent["Location"] == "/survey/thank-you/"
    assert survey.responses.count() == 1
    assert SurveyJourney.objects.count() == 0
    # Nothing is left that could send a second response.
    assert client.post("/survey/check/").status_code == 404
    assert survey.responses.count() == 1


def test_published_comments_beyond_the_first_ten_are_on_a_paged_page_of_their_own(
    client, leader_user, closed_survey
):
    """A large system publishes thousands of comments: the results page shows ten a
    question and links to all of them, 50 a page, for whoever may read the results."""
    question = closed_survey.questions.get(key="p1-comments")
    Answer.objects.filter(question=question).update(
        moderation=Answer.Moderation.PUBLISH, published_text="A published comment"
    )
    summary_url = reverse("surveys:published_detail", args=[closed_survey.pk])
    comments_url = reverse("surveys:published_comments", args=[closed_survey.pk, question.pk])
    client.force_login(leader_user)
    assert client.get(comments_url).status_code == 403  # closed, not yet published
    closed_survey.status = Survey.Status.PUBLISHED
    closed_survey.results_audience = Survey.Audience.PUBLIC
    closed_survey.save()
    client.logout()
    page = client.get(summary_url).content.decode()
    assert page.count("A published comment") == 10
    assert f'href="{comments_url}"' in page and "Read all 12 published comments" in page
    every = client.get(comments_url).content.decode()
    assert every.count("A published comment") == 12
    other = closed_survey.questions.exclude(kind="free_text").first()
    assert (
        client.get(
            reverse("surveys:published_comments", args=[closed_survey.pk, other.pk])
        ).status_code
        == 404
    )
