"""Responses are anonymous by construction: the schema, the ids, the order, the journey."""

import uuid

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection, models

from ccpl.models import Person
from surveys import selectors, services
from surveys.models import (
    Answer,
    Invitation,
    InvitationToken,
    Response,
    Survey,
    SurveyJourney,
    SurveyReminder,
)

from .factories import SectionFactory, SurveyFactory, add_responses, invite, question

ANONYMOUS = (Response, Answer)
IDENTIFYING = {Invitation, InvitationToken, Person, get_user_model()}


@pytest.mark.parametrize("model", ANONYMOUS)
def test_no_field_links_a_response_to_an_invitation_or_person(model):
    linked = {f.related_model for f in model._meta.get_fields() if f.is_relation}
    assert not (linked & IDENTIFYING), linked & IDENTIFYING
    # Nor indirectly: everything a response links to is survey structure.
    allowed = {"Survey", "Response", "Question", "QuestionOption", "Answer"}
    assert {m.__name__ for m in linked} <= allowed


@pytest.mark.parametrize("model", [*ANONYMOUS, Invitation, SurveyJourney, SurveyReminder])
def test_no_time_finer_than_the_day(model):
    fields = model._meta.get_fields()
    assert not [f.name for f in fields if isinstance(f, models.DateTimeField | models.TimeField)]
    dates = [f for f in fields if isinstance(f, models.DateField)]
    assert all(not (f.auto_now or f.auto_now_add) for f in dates)


@pytest.mark.parametrize("model", ANONYMOUS)
def test_responses_carry_no_date_at_all(model):
    assert not [f for f in model._meta.get_fields() if isinstance(f, models.DateField)]


def test_reminders_are_kept_per_survey_never_per_invitee():
    assert not [f for f in Invitation._meta.get_fields() if "remind" in f.name]
    assert {f.name for f in SurveyReminder._meta.get_fields()} == {
        "id",
        "survey",
        "sent_on",
        "recipients",
    }


@pytest.mark.parametrize("model", ANONYMOUS)
def test_random_primary_keys_and_ordering_by_them(model):
    assert isinstance(model._meta.pk, models.UUIDField)
    assert model._meta.pk.default is uuid.uuid4
    assert model._meta.ordering == ["id"]


def test_no_audit_history_for_responses_answers_or_invitations():
    history_models = {
        m.__name__
        for m in apps.get_app_config("surveys").get_models()
        if m.__name__.startswith("Historical")
    }
    assert "HistoricalSurvey" in history_models  # the structure does keep its history
    for name in ("Response", "Answer", "Invitation", "InvitationToken"):
        assert f"Historical{name}" not in history_models


@pytest.mark.django_db
def test_database_schema_has_no_link_either():
    """What the database itself holds: columns and foreign keys of the response tables."""
    with connection.cursor() as cursor:
        for model in ANONYMOUS:
            table = model._meta.db_table
            description = connection.introspection.get_table_description(cursor, table)
            columns = {c.name for c in description}
            assert not columns & {"invitation_id", "person_id", "user_id", "token_hash", "email"}
            relations = connection.introspection.get_relations(cursor, table)
            targets = {target_table for _col, (_target_col, target_table) in relations.items()}
            forbidden = {m._meta.db_table for m in IDENTIFYING}
            assert not targets & forbidden, targets
            pk = next(c for c in description if c.name == "id")
            assert "int" not in connection.introspection.get_field_type(pk.type_code, pk).lower()


@pytest.mark.django_db
def test_response_ids_are_random_and_order_gives_nothing_away():
    survey = SurveyFactory()
    section = SectionFactory(survey=survey)
    q = question(section, "q", kind="yes_no")
    created = add_responses(survey, [{q: "Yes"}] * 40)
    ids = [r.id for r in created]
    assert all(i.version == 4 for i in ids)
    listed = list(Response.objects.filter(survey=survey).values_list("id", flat=True))
    assert listed == sorted(ids)  # ordered by the random id...
    assert listed != ids  # ...which is not the order they were saved in


@pytest.mark.django_db
def test_a_submission_leaves_no_trace_of_who(client):
    survey = SurveyFactory(status=Survey.Status.OPEN)
    section = SectionFactory(survey=survey)
    q = question(section, "q", kind="yes_no", required=True)
    invitation, token = invite(survey)
    yes = str(q.options.get(label="Yes").pk)
    client.get(f"/survey/{token}/")
    client.post("/survey/page/1/", {f"q{q.pk}": yes})
    # The journey: its own cookie and table, keyed by a secret unrelated to the token.
    secret = client.cookies["ccpl_survey_journey"].value
    journey = SurveyJourney.objects.get()
    assert journey.answers == {str(q.pk): yes}
    row = " ".join(str(v) for v in SurveyJourney.objects.values().get().values())
    assert token not in row and services.hash_token(token) not in row
    assert str(invitation.pk) not in [str(v) for v in SurveyJourney.objects.values().get().values()]
    assert token not in secret and secret not in row
    assert not Session.objects.exists()  # nothing in django_session
    client.post("/survey/check/")

    invitation.refresh_from_db()
    assert invitation.responded is True
    response = Response.objects.get()
    assert not SurveyJourney.objects.exists()  # answers deleted with the journey
    assert not Session.objects.exists()
    # Nothing in the response row mentions the invitation, the email, the token or a date.
    row = Response.objects.filter(pk=response.pk).values().get()
    assert set(row) == {"id", "survey_id", "imported"}
    text = " ".join(str(v) for v in row.values())
    assert invitation.email not in text and str(invitation.pk) not in row.values()
    assert services.hash_token(token) not in text


@pytest.mark.django_db
def test_anonymised_export_has_no_ids_dates_or_unpublished_comments():
    survey = SurveyFactory()
    section = SectionFactory(survey=survey)
    q = question(section, "q", kind="yes_no")
    comment = question(section, "why", kind="free_text")
    created = add_responses(
        survey, [{q: "Yes", comment: "Dr Amelia Hughes never replies"}, {q: "No"}]
    )
    published = Answer.objects.get(question=comment)
    services.comment_moderate(
        answer=published, publish=True, published_text="[removed] never replies"
    )
    rows = list(selectors.anonymised_response_rows(survey))
    assert rows[0] == ["response", "q", "why"]
    flat = " ".join(str(c) for row in rows for c in row)
    assert "Amelia" not in flat and "[removed] never replies" in flat
    assert not any(str(r.id) in flat for r in created)
    assert sorted(row[0] for row in rows[1:]) == [1, 2]
