"""Co-production reviews: the record, its rules, who may see and change it, and its list."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forums import selectors, services
from forums.models import CoproductionReview

from .factories import CoproductionReviewFactory, DecisionFactory, ForumFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _record(user=None, **changes):
    fields = {
        "forum": None,
        "programme_group": "Frailty Programme Group",
        "held_on": date(2025, 6, 10),
        "subject": "Frailty pathway redesign",
        "participants": 8,
        "outcome": "One named contact after discharge.",
    }
    fields.update(changes)
    return services.coproduction_review_record(user=user, **fields)


def _post_data(**changes):
    data = {
        "forum": "",
        "programme_group": "Frailty Programme Group",
        "held_on_day": "10",
        "held_on_month": "6",
        "held_on_year": "2025",
        "subject": "Frailty pathway redesign reviewed with the PPI group",
        "participants": "9",
        "outcome": "Every person now has a care coordinator.",
    }
    data.update(changes)
    return data


# --- Services ---------------------------------------------------------------------------


def test_record_update_and_delete_keep_an_attributed_history(staff_user):
    forum = ForumFactory()
    review = _record(staff_user, forum=forum, programme_group="")
    assert review.held_by == forum.name
    services.coproduction_review_update(
        user=staff_user,
        review=review,
        forum=None,
        programme_group="Respiratory group",
        held_on=date(2025, 7, 1),
        subject="Pulmonary rehabilitation leaflet",
        participants=0,
        outcome="Rewritten.",
    )
    review.refresh_from_db()
    assert (review.forum, review.programme_group, review.participants) == (
        None,
        "Respiratory group",
        0,
    )
    pk = review.pk
    services.coproduction_review_delete(user=staff_user, review=review)
    assert not CoproductionReview.objects.filter(pk=pk).exists()
    history = CoproductionReview.history.filter(id=pk).order_by("history_date")
    assert [h.history_type for h in history] == ["+", "~", "-"]
    assert {h.history_user for h in history} == {staff_user}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"programme_group": ""}, "forum"),  # neither a forum nor a group
        ({"programme_group": "   "}, "forum"),
        ({"held_on": timezone.localdate() + timedelta(days=1)}, "held_on"),
        ({"participants": -1}, "participants"),
    ],
)
def test_the_service_refuses_what_the_rules_forbid(changes, field):
    with pytest.raises(ValidationError) as raised:
        _record(**changes)
    assert field in raised.value.error_dict
    assert not CoproductionReview.objects.exists()


def test_a_review_has_a_forum_or_a_group_not_both():
    with pytest.raises(ValidationError) as raised:
        _record(forum=ForumFactory())
    assert "programme_group" in raised.value.error_dict


def test_the_decision_must_be_the_forums_own():
    forum, other = ForumFactory(), ForumFactory()
    theirs = DecisionFactory(meeting=MeetingFactory(forum=other))
    with pytest.raises(ValidationError) as raised:
        _record(forum=forum, programme_group="", decision=theirs)
    assert "decision" in raised.value.error_dict
    ours = DecisionFactory(meeting=MeetingFactory(forum=forum))
    assert _record(forum=forum, programme_group="", decision=ours).decision == ours


def test_the_database_refuses_both_or_neither_even_without_the_service():
    forum = ForumFactory()
    for forum_value, group in ((forum, "A group"), (None, "")):
        with pytest.raises(IntegrityError), transaction.atomic():
            CoproductionReview.objects.create(
                forum=forum_value,
                programme_group=group,
                held_on=date(2025, 6, 1),
                subject="S",
                participants=1,
                outcome="O",
            )


# --- Selectors --------------------------------------------------------------------------


def test_list_filters_by_forum_and_financial_year():
    forum = ForumFactory()
    in_year = CoproductionReviewFactory(forum=forum, held_on=date(2025, 4, 1))
    CoproductionReviewFactory(forum=forum, held_on=date(2026, 4, 1))  # the next year
    CoproductionReviewFactory(held_on=date(2026, 3, 31))  # another forum, same year
    assert list(selectors.coproduction_reviews(forum=forum, year=2025)) == [in_year]
    assert selectors.coproduction_reviews(year=2025).count() == 2


def test_count_for_a_date_range_includes_both_ends():
    CoproductionReviewFactory(held_on=date(2025, 4, 1), participants=3)
    CoproductionReviewFactory(held_on=date(2025, 6, 30), participants=4)
    CoproductionReviewFactory(held_on=date(2025, 7, 1), participants=50)
    held = selectors.coproduction_count(since=date(2025, 4, 1), until=date(2025, 6, 30))
    assert (held.reviews, held.participants) == (2, 7)
    none = selectors.coproduction_count(since=date(2020, 4, 1), until=date(2020, 6, 30))
    assert (none.reviews, none.participants) == (0, 0)


# --- Permissions ------------------------------------------------------------------------


def _urls(review):
    return {
        "view": [reverse("forums:coproduction_list")],
        "manage": [
            reverse("forums:coproduction_add"),
            reverse("forums:coproduction_edit", args=[review.pk]),
            reverse("forums:coproduction_delete", args=[review.pk]),
        ],
    }


def test_the_public_is_sent_to_sign_in(client):
    review = CoproductionReviewFactory()
    urls = _urls(review)
    for url in urls["view"] + urls["manage"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url
    response = client.post(reverse("forums:coproduction_delete", args=[review.pk]))
    assert response.status_code == 302
    assert CoproductionReview.objects.filter(pk=review.pk).exists()


@pytest.mark.parametrize(
    ("client_fixture", "view_status", "manage_status"),
    [
        ("leader_client", 403, 403),
        ("panel_client", 403, 403),
        ("exec_client", 200, 403),
        ("staff_client", 200, 200),
    ],
)
def test_pages_by_user_kind(request, client_fixture, view_status, manage_status):
    client = request.getfixturevalue(client_fixture)
    review = CoproductionReviewFactory()
    urls = _urls(review)
    for url in urls["view"]:
        assert client.get(url).status_code == view_status, url
    for url in urls["manage"]:
        assert client.get(url).status_code == manage_status, url


@pytest.mark.parametrize("client_fixture", ["leader_client", "panel_client", "exec_client"])
def test_only_the_ccpl_team_can_write(request, client_fixture):
    """An outsider posting straight to the forms changes nothing."""
    client = request.getfixturevalue(client_fixture)
    review = CoproductionReviewFactory(subject="Untouched")
    add = client.post(reverse("forums:coproduction_add"), _post_data())
    edit = client.post(
        reverse("forums:coproduction_edit", args=[review.pk]), _post_data(subject="Changed")
    )
    delete = client.post(reverse("forums:coproduction_delete", args=[review.pk]))
    assert (add.status_code, edit.status_code, delete.status_code) == (403, 403, 403)
    review.refresh_from_db()
    assert review.subject == "Untouched"
    assert CoproductionReview.objects.count() == 1


def test_executives_read_without_change_links(exec_client):
    review = CoproductionReviewFactory(subject="Diabetes education co-designed")
    html = exec_client.get(reverse("forums:coproduction_list")).content.decode()
    assert "Diabetes education co-designed" in html
    assert reverse("forums:coproduction_edit", args=[review.pk]) not in html
    assert reverse("forums:coproduction_add") not in html
    page = exec_client.get(reverse("forums:forum_detail", args=[review.forum.slug]))
    assert "Diabetes education co-designed" in page.content.decode()
    assert reverse("forums:coproduction_edit", args=[review.pk]) not in page.content.decode()


# --- Pages ------------------------------------------------------------------------------


def test_staff_add_a_review_for_a_programme_group(staff_client, staff_user):
    response = staff_client.post(reverse("forums:coproduction_add"), _post_data())
    assert response.status_code == 302
    review = CoproductionReview.objects.get()
    assert review.programme_group == "Frailty Programme Group"
    assert review.held_on == date(2025, 6, 10)
    assert review.history.get().history_user == staff_user


def test_staff_add_a_review_from_a_forum_page_with_its_decision(staff_client):
    forum = ForumFactory()
    decision = DecisionFactory(meeting=MeetingFactory(forum=forum), text="Adopted the pathway.")
    url = reverse("forums:coproduction_add") + f"?forum={forum.pk}"
    form = staff_client.get(url).content.decode()
    assert "Adopted the pathway." in form
    response = staff_client.post(
        url, _post_data(forum=str(forum.pk), programme_group="", decision=str(decision.pk))
    )
    assert response.status_code == 302
    assert response["Location"] == forum.get_absolute_url()
    assert CoproductionReview.objects.get().decision == decision


def test_staff_change_and_delete_a_review(staff_client):
    review = CoproductionReviewFactory()
    url = reverse("forums:coproduction_edit", args=[review.pk])
    assert "Delete this review" in staff_client.get(url).content.decode()
    response = staff_client.post(
        url, _post_data(forum=str(review.forum_id), programme_group="", participants="0")
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.participants == 0
    response = staff_client.post(reverse("forums:coproduction_delete", args=[review.pk]))
    assert response.status_code == 302
    assert not CoproductionReview.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"programme_group": ""}, "Choose the forum that held the review, or give the programme"),
        ({"held_on_year": str(timezone.localdate().year + 1)}, "must be today or in the past"),
        ({"participants": "-2"}, "must be 0 or more"),
        ({"participants": "many"}, "as a whole number"),
        ({"held_on_month": "13"}, "must be a real date"),
        ({"subject": ""}, "Enter what was co-produced or reviewed"),
        ({"outcome": ""}, "Enter what changed as a result"),
    ],
)
def test_bad_input_gives_a_clear_error_not_a_500(staff_client, changes, message):
    response = staff_client.post(reverse("forums:coproduction_add"), _post_data(**changes))
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert not CoproductionReview.objects.exists()


def test_both_a_forum_and_a_group_is_an_error(staff_client):
    forum = ForumFactory()
    response = staff_client.post(reverse("forums:coproduction_add"), _post_data(forum=forum.pk))
    assert response.status_code == 200
    assert "Give a programme group only when no forum held the review" in response.content.decode()


def test_a_decision_of_another_forum_is_refused(staff_client):
    forum, other = ForumFactory(), ForumFactory()
    theirs = DecisionFactory(meeting=MeetingFactory(forum=other))
    response = staff_client.post(
        reverse("forums:coproduction_add") + f"?forum={forum.pk}",
        _post_data(forum=str(forum.pk), programme_group="", decision=str(theirs.pk)),
    )
    assert response.status_code == 200
    assert not CoproductionReview.objects.exists()


def test_a_forum_that_does_not_exist_is_a_404(staff_client):
    assert staff_client.get(reverse("forums:coproduction_add") + "?forum=999999").status_code == 404


def test_the_list_has_an_empty_state_filters_and_a_csv(staff_client):
    html = staff_client.get(reverse("forums:coproduction_list")).content.decode()
    assert "No co-production reviews have been recorded yet." in html
    forum = ForumFactory(name="Senate")
    CoproductionReviewFactory(forum=forum, held_on=date(2025, 5, 1), subject="=Winter priorities")
    CoproductionReviewFactory(held_on=date(2024, 5, 1), subject="Older review")
    html = staff_client.get(reverse("forums:coproduction_list") + "?year=2025").content.decode()
    assert "Winter priorities" in html and "Older review" not in html
    csv = staff_client.get(reverse("forums:coproduction_list") + "?year=2025&_export=csv")
    body = b"".join(csv.streaming_content).decode()
    assert "'=Winter priorities" in body  # a formula is neutralised
    assert "Older review" not in body
    assert "Change" not in body.splitlines()[0]
    none = staff_client.get(reverse("forums:coproduction_list") + "?year=2021").content.decode()
    assert "No co-production reviews match these filters." in none


def _grow(n):
    forum = ForumFactory()
    for i in range(n):
        CoproductionReviewFactory(
            forum=forum if i % 2 else None,
            programme_group="" if i % 2 else f"Group {i}",
            decision=DecisionFactory(meeting=MeetingFactory(forum=forum)) if i % 2 else None,
        )


@pytest.mark.parametrize(
    "url_name", ["forums:coproduction_list", "forums:coproduction_add", "forums:forum_detail"]
)
def test_query_count_is_the_same_at_two_data_sizes(staff_client, url_name, no_page_cache):
    forum = ForumFactory()
    url = reverse(url_name, args=[forum.slug]) if url_name == "forums:forum_detail" else None
    url = url or reverse(url_name)

    def queries():
        staff_client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = staff_client.get(url)
        assert response.status_code == 200
        return len(captured)

    _grow(3)
    CoproductionReviewFactory(forum=forum)
    few = queries()
    _grow(12)
    CoproductionReviewFactory.create_batch(5, forum=forum)
    assert queries() == few
