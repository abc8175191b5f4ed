"""Mentoring and coaching: the services' rules, and who sees which page (goals are the
pair's and the CCPL team's alone)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ccpl import rules as ccpl_rules
from ccpl.models import Email, OutboxMessage
from development import services
from development.models import CheckIn, Match, Mentor, MentoringRequest, MentoringTopic
from tests.factories import PersonFactory, ProfessionalGroupFactory, UserFactory

from .factories import MatchFactory, MentorFactory, MentoringRequestFactory

pytestmark = pytest.mark.django_db

T = MentoringTopic
GOAL_LABEL = "Board and committee work"  # T.BOARD, the goal the tests' mentees keep private


def _today():
    return timezone.localdate()


def _leader_client(person):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=ccpl_rules.LEADER))
    person.user = user
    person.save()
    client = Client()
    client.force_login(user)
    return client


# --- Services ------------------------------------------------------------------------------


def test_confirming_a_suggestion_matches_the_request_and_drops_its_other_suggestions(
    staff_user,
):
    request = MentoringRequestFactory()
    chosen, other = MentorFactory(), MentorFactory()
    suggestion = Match.objects.create(request=request, mentor=chosen)
    spare = Match.objects.create(request=request, mentor=other)
    match = services.match_confirm(user=staff_user, match=suggestion)
    request.refresh_from_db()
    assert (match.status, match.confirmed_by, match.confirmed_on) == (
        Match.Status.CONFIRMED,
        staff_user,
        _today(),
    )
    assert request.status == MentoringRequest.Status.MATCHED
    assert not Match.objects.filter(pk=spare.pk).exists()
    with pytest.raises(ValidationError, match="Only a suggested match"):
        services.match_confirm(user=staff_user, match=match)


def test_confirming_introduces_the_pair_by_email_without_their_goals(staff_user):
    request = MentoringRequestFactory(goals=[T.BOARD])
    mentor = MentorFactory()
    match = services.match_confirm(
        user=staff_user, match=Match.objects.create(request=request, mentor=mentor)
    )
    emails = {email.to: email for email in Email.objects.all()}
    assert set(emails) == {request.mentee.email, mentor.person.email}
    to_mentee = emails[request.mentee.email]
    assert mentor.person.full_name in to_mentee.body
    assert reverse("development_profile:match_detail", args=[match.pk]) in to_mentee.body
    assert request.mentee.full_name in emails[mentor.person.email].body
    assert all(GOAL_LABEL not in email.body for email in emails.values())
    assert OutboxMessage.objects.filter(task="ccpl.send_email").count() == 2


def test_confirming_checks_the_hard_limits_again_on_the_day(staff_user):
    mentor = MentorFactory(capacity=1, accreditation_expires_on=_today() + timedelta(days=3))
    first = Match.objects.create(request=MentoringRequestFactory(), mentor=mentor)
    second = Match.objects.create(request=MentoringRequestFactory(), mentor=mentor)
    services.match_confirm(user=staff_user, match=first)
    with pytest.raises(ValidationError, match="no places left"):
        services.match_confirm(user=staff_user, match=second)
    mentor.capacity = 2
    mentor.save()
    with pytest.raises(ValidationError, match="accreditation has expired"):
        services.match_confirm(user=staff_user, match=second, on=_today() + timedelta(days=4))
    second.refresh_from_db()
    assert second.status == Match.Status.SUGGESTED


def test_one_live_request_of_each_kind(leader_user):
    person = leader_user.person
    kwargs = {"user": leader_user, "mentee": person, "goals": [T.CHANGE]}
    services.mentoring_request_create(kind="mentoring", **kwargs)
    with pytest.raises(ValidationError, match="already asked"):
        services.mentoring_request_create(kind="mentoring", **kwargs)
    services.mentoring_request_create(kind="coaching", **kwargs)
    with pytest.raises(ValidationError):
        services.mentoring_request_create(kind="coaching", **{**kwargs, "goals": []})


def test_check_ins_are_dated_within_the_match_and_closing_frees_the_place(leader_user):
    match = MatchFactory(mentor__capacity=1)
    with pytest.raises(ValidationError):
        services.check_in_record(
            user=leader_user, match=match, held_on=_today() + timedelta(days=1), note="x"
        )
    with pytest.raises(ValidationError):
        services.check_in_record(
            user=leader_user, match=match, held_on=_today() - timedelta(days=31), note="x"
        )
    services.check_in_record(user=leader_user, match=match, held_on=_today(), note="Met.")
    waiting = MentoringRequestFactory()
    assert services.matches_suggest(user=leader_user) == []  # the mentor is full
    services.match_close(user=leader_user, match=match, feedback="Helpful.")
    match.refresh_from_db()
    match.request.refresh_from_db()
    assert (match.status, match.closed_on, match.feedback) == (
        Match.Status.CLOSED,
        _today(),
        "Helpful.",
    )
    assert match.request.status == MentoringRequest.Status.CLOSED
    assert [s.request for s in services.matches_suggest(user=leader_user)] == [waiting]
    with pytest.raises(ValidationError):
        services.check_in_record(user=leader_user, match=match, held_on=_today(), note="x")


def test_goals_and_notes_stay_out_of_the_change_history():
    match = MatchFactory(request__goals=[T.BOARD])
    CheckIn.objects.create(match=match, held_on=_today(), note="Private")
    fields = {f.name for f in MentoringRequest.history.model._meta.get_fields()}
    assert "goals" not in fields and "status" in fields
    assert "note" not in {f.name for f in CheckIn.history.model._meta.get_fields()}
    assert "feedback" not in {f.name for f in Match.history.model._meta.get_fields()}


# --- Pages ---------------------------------------------------------------------------------


REGISTER = reverse("development:mentoring_register")
SUGGEST = reverse("development:matches_suggest")
OWN = reverse("development_profile:my_mentoring")
ASK = reverse("development_profile:mentoring_ask")


def test_the_register_is_the_ccpl_teams_alone(
    client, staff_client, exec_client, leader_client, panel_client, sysadmin_client
):
    MentoringRequestFactory(goals=[T.BOARD])
    assert client.get(REGISTER).status_code == 302
    for other in (exec_client, leader_client, panel_client, sysadmin_client):
        assert other.get(REGISTER).status_code == 403
        assert other.post(SUGGEST).status_code == 403
    page = staff_client.get(REGISTER).content.decode()
    assert GOAL_LABEL in page
    assert staff_client.get(SUGGEST).status_code == 405
    assert client.post(SUGGEST).status_code == 302
    assert not Match.objects.exists()


def test_staff_suggest_and_confirm_from_the_register(staff_client, exec_client):
    mentor = MentorFactory()
    request = MentoringRequestFactory()
    response = staff_client.post(SUGGEST)
    assert response.status_code == 302 and response["Location"] == REGISTER
    match = Match.objects.get()
    assert (match.request, match.mentor) == (request, mentor)
    page = staff_client.get(REGISTER).content.decode()
    confirm = reverse("development:match_confirm", args=[match.pk])
    assert confirm in page and "1 shared goal" in page
    assert exec_client.post(confirm).status_code == 403
    assert staff_client.post(confirm).status_code == 302
    match.refresh_from_db()
    assert match.status == Match.Status.CONFIRMED


def test_own_mentoring_page_for_every_kind(
    client, staff_client, exec_client, leader_client, panel_client, sysadmin_client
):
    assert client.get(OWN).status_code == 302
    assert client.get(ASK).status_code == 302
    assert "Ask for a mentor or coach" in leader_client.get(OWN).content.decode()
    assert leader_client.get(ASK).status_code == 200
    for account in (staff_client, exec_client, panel_client, sysadmin_client):
        # Accounts without a person record are told so (as on the profile page).
        for url in (OWN, ASK):
            response = account.get(url)
            assert response.status_code == 200
            assert "not linked to a person record" in response.content.decode()


def test_a_leader_asks_and_sees_their_own_goals_only(leader_client, leader_user):
    line_manager = MentorFactory()
    response = leader_client.post(
        ASK,
        {
            "kind": "mentoring",
            "goals": [T.BOARD],
            "profession_preference": "different",
            "exclude_own_organisation": "on",
            "excluded_people": [line_manager.person.pk],
        },
    )
    assert response.status_code == 302 and response["Location"] == OWN
    request = MentoringRequest.objects.get(mentee=leader_user.person)
    assert list(request.excluded_people.all()) == [line_manager.person]
    assert GOAL_LABEL in leader_client.get(OWN).content.decode()
    # Someone else's own page does not show it.
    stranger = _leader_client(PersonFactory())
    assert GOAL_LABEL not in stranger.get(OWN).content.decode()
    # Asking twice for the same is refused on the form.
    again = leader_client.post(
        ASK, {"kind": "mentoring", "goals": [T.BOARD], "profession_preference": "any"}
    )
    assert again.status_code == 200 and "already asked" in again.content.decode()


def test_a_match_is_seen_by_its_pair_alone(client, leader_user, staff_client, exec_client):
    match = MatchFactory(request__mentee=leader_user.person, request__goals=[T.BOARD])
    CheckIn.objects.create(match=match, held_on=_today(), note="We talked about the board.")
    mentee = Client()
    mentee.force_login(leader_user)
    mentor = _leader_client(match.mentor.person)
    stranger = _leader_client(PersonFactory())
    urls = [
        reverse("development_profile:match_detail", args=[match.pk]),
        reverse("development_profile:check_in_create", args=[match.pk]),
        reverse("development_profile:match_close", args=[match.pk]),
    ]
    for url in urls:
        assert mentee.get(url).status_code == 200, url
        assert mentor.get(url).status_code == 200, url
        assert stranger.get(url).status_code == 403, url
        assert staff_client.get(url).status_code == 403, url
        assert exec_client.get(url).status_code == 403, url
        assert client.get(url).status_code == 302, url
    page = mentor.get(urls[0]).content.decode()
    assert GOAL_LABEL in page and "We talked about the board." in page
    # The mentor's own page lists their mentee; another mentor's does not.
    assert leader_user.person.full_name in mentor.get(OWN).content.decode()
    other_mentor = _leader_client(MentorFactory().person)
    assert leader_user.person.full_name not in other_mentor.get(OWN).content.decode()
    missing = reverse("development_profile:match_detail", args=[match.pk + 1000])
    assert mentee.get(missing).status_code == 404
    suggestion = Match.objects.create(request=MentoringRequestFactory(), mentor=match.mentor)
    own_suggestion = reverse("development_profile:match_detail", args=[suggestion.pk])
    assert mentor.get(own_suggestion).status_code == 404  # not a match until confirmed


def test_the_pair_record_check_ins_and_close(leader_user):
    match = MatchFactory(request__mentee=leader_user.person)
    mentee = Client()
    mentee.force_login(leader_user)
    stranger = _leader_client(PersonFactory())
    url = reverse("development_profile:check_in_create", args=[match.pk])
    held = {
        "held_on_day": _today().day,
        "held_on_month": _today().month,
        "held_on_year": _today().year,
    }
    assert stranger.post(url, {**held, "note": "Sneaky"}).status_code == 403
    response = mentee.post(url, {**held, "note": "First meeting."})
    assert response.status_code == 302
    assert list(match.check_ins.values_list("note", flat=True)) == ["First meeting."]
    mentor = _leader_client(match.mentor.person)
    close = reverse("development_profile:match_close", args=[match.pk])
    assert mentor.post(close, {"feedback": "Good."}).status_code == 302
    match.refresh_from_db()
    assert (match.status, match.feedback) == (Match.Status.CLOSED, "Good.")
    # A closed match is still the pair's to read, with nothing more to add.
    page = mentee.get(reverse("development_profile:match_detail", args=[match.pk]))
    assert page.status_code == 200 and url not in page.content.decode()


def _mentor_post(**extra):
    expires = _today() + timedelta(days=300)
    return {
        "offers_mentoring": "on",
        "profession": ProfessionalGroupFactory().pk,
        "sector": "nhs",
        "accreditation": "EMCC Foundation",
        "accreditation_expires_on_day": expires.day,
        "accreditation_expires_on_month": expires.month,
        "accreditation_expires_on_year": expires.year,
        "capacity": "2",
        "topics": [T.CHANGE, T.BOARD],
        "is_active": "on",
        **extra,
    }


def test_staff_add_and_change_a_mentor(staff_client, exec_client, leader_client):
    person = PersonFactory(email="Mentor@NHS.net")
    new = reverse("development:mentor_create")
    for other in (exec_client, leader_client):
        assert other.get(new).status_code == 403
        assert other.post(new, _mentor_post(email="mentor@nhs.net")).status_code == 403
    assert not Mentor.objects.exists()
    unknown = staff_client.post(new, _mentor_post(email="nobody@nhs.net"))
    assert "Nobody is recorded with this e-mail address" in unknown.content.decode()
    response = staff_client.post(new, _mentor_post(email="mentor@nhs.net"))
    assert response.status_code == 302
    mentor = Mentor.objects.get()
    assert (mentor.person, mentor.capacity, mentor.topics) == (person, 2, ["change", "board"])
    again = staff_client.post(new, _mentor_post(email="mentor@nhs.net"))
    assert "already on the register" in again.content.decode()
    edit = reverse("development:mentor_edit", args=[mentor.pk])
    assert exec_client.post(edit, _mentor_post(capacity="5")).status_code == 403
    nothing = staff_client.post(edit, _mentor_post(offers_mentoring=""))
    assert "must offer mentoring, coaching or both" in nothing.content.decode()
    assert staff_client.post(edit, _mentor_post(capacity="5")).status_code == 302
    mentor.refresh_from_db()
    assert mentor.capacity == 5
