import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forums.models import Decision, Forum, Meeting, MeetingPaper, Membership, ReportingLine
from tests.factories import PersonFactory, PlaceFactory, PriorityFactory

from .factories import (
    AttendanceFactory,
    DecisionFactory,
    ForumFactory,
    MeetingFactory,
    MeetingPaperFactory,
    MembershipFactory,
    ReportingLineFactory,
)

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def forum():
    forum = ForumFactory(name="Clinical Council", slug="clinical-council", is_public=True)
    MembershipFactory(forum=forum, person__given_name="Asha", person__family_name="Member")
    meeting = MeetingFactory(
        forum=forum,
        starts_at=timezone.now() - timedelta(days=10),
        minutes="Minutes of the meeting.",
        minutes_public=True,
    )
    AttendanceFactory(meeting=meeting, person=forum.memberships.get().person)
    DecisionFactory(meeting=meeting, text="Agreed the plan.")
    return forum


def _staff_urls(forum):
    meeting = forum.meetings.first()
    membership = forum.memberships.first()
    line = ReportingLineFactory(forum=forum)
    return {
        "view": [
            reverse("forums:forum_list"),
            reverse("forums:decision_list"),
            reverse("forums:membership_mix"),
            reverse("forums:calendar"),
            reverse("forums:forum_detail", args=[forum.slug]),
            reverse("forums:meeting_detail", args=[meeting.pk]),
        ],
        "manage": [
            reverse("forums:forum_create"),
            reverse("forums:forum_edit", args=[forum.slug]),
            reverse("forums:forum_remit", args=[forum.slug]),
            reverse("forums:terms_add", args=[forum.slug]),
            reverse("forums:reporting_line_add", args=[forum.slug]),
            reverse("forums:membership_add", args=[forum.slug]),
            reverse("forums:meeting_create", args=[forum.slug]),
            reverse("forums:meeting_edit", args=[meeting.pk]),
            reverse("forums:paper_upload", args=[meeting.pk]),
            reverse("forums:membership_edit", args=[membership.pk]),
            reverse("forums:reporting_line_remove", args=[line.pk]),
        ],
    }


def test_staff_pages_need_sign_in(client, forum):
    urls = _staff_urls(forum)
    for url in urls["view"] + urls["manage"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url


@pytest.mark.parametrize(
    ("client_fixture", "view_status", "manage_status"),
    [
        ("leader_client", 403, 403),
        ("panel_client", 403, 403),
        ("exec_client", 200, 403),
        ("staff_client", 200, 200),
    ],
)
def test_staff_pages_by_user_kind(request, forum, client_fixture, view_status, manage_status):
    client = request.getfixturevalue(client_fixture)
    urls = _staff_urls(forum)
    for url in urls["view"]:
        assert client.get(url).status_code == view_status, url
    for url in urls["manage"]:
        assert client.get(url).status_code == manage_status, url


def test_executive_sees_no_editing_links(exec_client, forum):
    html = exec_client.get(reverse("forums:forum_detail", args=[forum.slug])).content.decode()
    assert "Record a meeting" not in html
    assert reverse("forums:forum_edit", args=[forum.slug]) not in html


# --- Public pages -----------------------------------------------------------------------


def test_public_list_shows_only_public_forums(client, forum):
    ForumFactory(name="Private working group", is_public=False)
    html = client.get(reverse("forums:public_list")).content.decode()
    assert "Clinical Council" in html
    assert "Private working group" not in html


def test_public_forum_page_hides_what_is_not_published(client, forum):
    private = ForumFactory(is_public=False)
    assert client.get(reverse("forums:public_forum_detail", args=[private.slug])).status_code == 404
    meeting = forum.meetings.get()
    MeetingPaperFactory(meeting=meeting, title="Published agenda", is_public=True)
    MeetingPaperFactory(meeting=meeting, title="Confidential finance report", is_public=False)
    MeetingFactory(forum=forum, minutes="Unpublished minutes text.", minutes_public=False)
    ReportingLineFactory(forum=forum, reports_to__name="Secret board", reports_to__is_public=False)

    html = client.get(reverse("forums:public_forum_detail", args=[forum.slug])).content.decode()
    assert "Asha Member" in html
    assert "Published agenda" in html
    assert "Confidential finance report" not in html
    assert "Minutes of the meeting." in html
    assert "Unpublished minutes text." not in html
    assert "Secret board" not in html
    assert "Agreed the plan." not in html  # the decisions log is for staff


def test_map_is_public_for_public_forums_and_complete_for_staff(login, staff_user, forum):
    client, staff_client = login(), login(staff_user)
    secret = ForumFactory(name="Secret group", slug="secret-group", is_public=False)
    ReportingLineFactory(forum=secret, reports_to=forum)

    def slugs(response):
        html = response.content.decode()
        start = html.index('<svg xmlns="http://www.w3.org/2000/svg" class="governance-map"')
        end = html.index("</svg>", start) + len("</svg>")
        root = ET.fromstring(html[start:end])
        nodes = {g.get("data-slug") for g in root.iter(f"{SVG}g") if g.get("data-slug")}
        edges = {(p.get("data-from"), p.get("data-to")) for p in root.iter(f"{SVG}path")}
        return nodes, edges - {(None, None)}, html

    nodes, edges, html = slugs(client.get(reverse("forums:map")))
    assert nodes == {"clinical-council"} and edges == set()
    assert "Secret group" not in html
    assert 'href="/forums/clinical-council/"' in html

    nodes, edges, html = slugs(staff_client.get(reverse("forums:map")))
    assert nodes == {"clinical-council", "secret-group"}
    assert edges == {("secret-group", "clinical-council")}
    assert 'href="/forums/manage/clinical-council/"' in html
    assert "Text version of the map" in html


def test_calendar_feed_is_public_only_for_public_forums(login, staff_user, forum):
    client, staff_client = login(), login(staff_user)
    MeetingFactory(
        forum=forum, status=Meeting.Status.PLANNED, starts_at=timezone.now() + timedelta(days=7)
    )
    response = client.get(reverse("forums:calendar_feed", args=[forum.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response.content.decode().count("BEGIN:VEVENT") == 2
    private = ForumFactory(is_public=False)
    assert client.get(reverse("forums:calendar_feed", args=[private.slug])).status_code == 302
    assert staff_client.get(reverse("forums:calendar_feed", args=[private.slug])).status_code == 200


def test_calendar_uids_and_links_ignore_a_hostile_host_header(client, settings, forum):
    settings.CCPL_SITE_URL = "https://ccpl.example.nhs.uk"
    url = reverse("forums:calendar_feed", args=[forum.slug])

    def without_stamps(content):
        return [line for line in content.decode().split("\r\n") if not line.startswith("DTSTAMP")]

    honest = client.get(url).content
    forged = client.get(url, headers={"host": "evil.example.com"})
    assert forged.status_code == 200
    body = forged.content.decode()
    assert without_stamps(forged.content) == without_stamps(honest)
    assert "evil.example.com" not in body
    meeting = forum.meetings.get()
    assert f"UID:forum-meeting-{meeting.pk}@ccpl.example.nhs.uk" in body
    assert f"URL:https://ccpl.example.nhs.uk{forum.get_public_url()}" in body


# --- Papers -----------------------------------------------------------------------------


def test_papers_are_served_only_to_those_allowed(login, leader_user, staff_user, exec_user, forum):
    client, leader_client = login(), login(leader_user)
    staff_client, exec_client = login(staff_user), login(exec_user)
    meeting = forum.meetings.get()
    public = MeetingPaperFactory(meeting=meeting, is_public=True)
    private = MeetingPaperFactory(meeting=meeting, is_public=False)
    hidden_forum_paper = MeetingPaperFactory(meeting__forum__is_public=False, is_public=True)

    def url(paper):
        return reverse("forums:paper_download", args=[paper.pk])

    response = client.get(url(public))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test paper"
    assert "attachment" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert client.get(url(private)).status_code == 302
    assert client.get(url(hidden_forum_paper)).status_code == 302
    assert leader_client.get(url(private)).status_code == 403
    assert staff_client.get(url(private)).status_code == 200
    assert exec_client.get(url(private)).status_code == 200
    # A leader who sits on the forum may read its private papers.
    MembershipFactory(forum=forum, person=leader_user.person)
    assert leader_client.get(url(private)).status_code == 200
    assert client.get(reverse("forums:paper_download", args=[99999])).status_code == 404


def test_paper_upload_stores_privately_and_checks_the_file(staff_client, forum):
    meeting = forum.meetings.get()
    url = reverse("forums:paper_upload", args=[meeting.pk])
    bad = SimpleUploadedFile("run-me.exe", b"MZ", content_type="application/octet-stream")
    response = staff_client.post(url, {"title": "Bad", "file": bad})
    assert response.status_code == 200
    assert "must be a PDF" in response.content.decode()
    good = SimpleUploadedFile("agenda.pdf", b"%PDF-1.4 agenda", content_type="application/pdf")
    response = staff_client.post(url, {"title": "Agenda", "file": good})
    assert response.status_code == 302
    paper = MeetingPaper.objects.get(title="Agenda")
    assert paper.is_public is False
    assert not paper.file.url.startswith("/static")
    assert response.status_code == 302


# --- Forms ------------------------------------------------------------------------------


def test_create_forum(staff_client):
    place = PlaceFactory(name="Forest")
    response = staff_client.post(
        reverse("forums:forum_create"),
        {
            "name": "Forest advisory group",
            "kind": "place_advisory_group",
            "level": "place",
            "place": place.pk,
            "purpose": "Advises on the Forest.",
            "frequency": "monthly",
            "is_public": "on",
        },
    )
    forum = Forum.objects.get(name="Forest advisory group")
    assert response.status_code == 302
    assert response["Location"] == forum.get_absolute_url()
    assert forum.slug == "forest-advisory-group"
    assert forum.is_public


def test_create_forum_errors_are_clear(staff_client):
    response = staff_client.post(
        reverse("forums:forum_create"),
        {"name": "", "kind": "council", "level": "place", "purpose": "x", "frequency": "monthly"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Select the Place for a Place-level forum" in html
    assert "Enter name" in html
    assert not Forum.objects.exists()


def test_edit_forum_refuses_a_reserved_web_address(staff_client, forum):
    data = {
        "name": forum.name,
        "slug": "map",
        "kind": forum.kind,
        "level": "system",
        "purpose": forum.purpose,
        "frequency": forum.frequency,
    }
    response = staff_client.post(reverse("forums:forum_edit", args=[forum.slug]), data)
    assert response.status_code == 200
    assert "reserved" in response.content.decode()
    data["slug"] = "the-council"
    response = staff_client.post(reverse("forums:forum_edit", args=[forum.slug]), data)
    assert response.status_code == 302
    forum.refresh_from_db()
    assert forum.slug == "the-council" and forum.is_public is False


def test_reporting_line_form_rejects_a_loop(staff_client):
    board = ForumFactory(name="Board", slug="board")
    council = ForumFactory(name="Council", slug="council")
    ReportingLineFactory(forum=council, reports_to=board)
    response = staff_client.post(
        reverse("forums:reporting_line_add", args=["board"]),
        {"reports_to": council.pk, "nature": "reports_to"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This link would make a loop: Board → Council → Board" in html
    assert not ReportingLine.objects.filter(forum=board).exists()
    response = staff_client.post(
        reverse("forums:reporting_line_add", args=["council"]),
        {"reports_to": board.pk, "nature": "advises"},
    )
    assert "already links to Board" in response.content.decode()


def test_reporting_line_remove_needs_a_post(staff_client):
    line = ReportingLineFactory()
    url = reverse("forums:reporting_line_remove", args=[line.pk])
    assert staff_client.get(url).status_code == 200
    assert ReportingLine.objects.exists()
    assert staff_client.post(url).status_code == 302
    assert not ReportingLine.objects.exists()


def test_membership_add_reports_overlaps(staff_client, forum):
    person = forum.memberships.get().person
    response = staff_client.post(
        reverse("forums:membership_add", args=[forum.slug]),
        {
            "person": person.pk,
            "member_type": "leader",
            "starts_on_day": "1",
            "starts_on_month": "1",
            "starts_on_year": str(timezone.localdate().year),
        },
    )
    assert response.status_code == 200
    assert "already a member" in response.content.decode()
    newcomer = PersonFactory()
    response = staff_client.post(
        reverse("forums:membership_add", args=[forum.slug]),
        {
            "person": newcomer.pk,
            "member_type": "vcse",
            "starts_on_day": "1",
            "starts_on_month": "13",
            "starts_on_year": "2026",
        },
    )
    assert "must be a real date" in response.content.decode()


def _meeting_post(people, *, day="10", status="held", attendance=None, decisions=()):
    data = {
        "date_day": day,
        "date_month": "3",
        "date_year": "2026",
        "starts_at": "2pm",
        "ends_at": "16:00",
        "format": "virtual",
        "venue": "Microsoft Teams",
        "status": status,
        "minutes": "We met.",
        "attendance-TOTAL_FORMS": str(len(people)),
        "attendance-INITIAL_FORMS": str(len(people)),
        "decisions-TOTAL_FORMS": "3",
        "decisions-INITIAL_FORMS": "0",
    }
    for i, person in enumerate(people):
        data[f"attendance-{i}-person"] = str(person.pk)
        data[f"attendance-{i}-status"] = (attendance or {}).get(person, "")
    for i, (text, priority) in enumerate(decisions):
        data[f"decisions-{i}-text"] = text
        data[f"decisions-{i}-priority"] = str(priority.pk) if priority else ""
    return data


def test_record_a_meeting_with_attendance_and_decisions(staff_client):
    forum = ForumFactory()
    alice = MembershipFactory(forum=forum, person__family_name="Adams").person
    bob = MembershipFactory(forum=forum, person__family_name="Brown").person
    priority = PriorityFactory(number=1)
    url = reverse("forums:meeting_create", args=[forum.slug])
    html = staff_client.get(url).content.decode()
    assert "Adams" in html
    assert f'name="attendance-0-person" value="{alice.pk}"' in html
    response = staff_client.post(
        url,
        _meeting_post(
            [alice, bob],
            attendance={alice: "present", bob: "apologies"},
            decisions=[("Agreed the plan.", priority)],
        ),
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    assert timezone.localtime(meeting.starts_at).hour == 14
    assert dict(meeting.attendance.values_list("person__family_name", "status")) == {
        "Adams": "present",
        "Brown": "apologies",
    }
    assert Decision.objects.get().priority == priority

    # Editing offers the recorded attendance and changes it.
    edit = reverse("forums:meeting_edit", args=[meeting.pk])
    assert 'value="present" checked' in staff_client.get(edit).content.decode()
    staff_client.post(edit, _meeting_post([alice, bob], attendance={alice: "absent"}))
    assert dict(meeting.attendance.values_list("person__family_name", "status")) == {
        "Adams": "absent"
    }
    assert Decision.objects.count() == 1


def test_meeting_form_errors_without_a_500(staff_client):
    forum = ForumFactory()
    person = MembershipFactory(forum=forum).person
    url = reverse("forums:meeting_create", args=[forum.slug])
    response = staff_client.post(
        url, _meeting_post([person], day="31", status="held") | {"date_month": "2"}
    )
    assert response.status_code == 200
    assert "Date of the meeting must be a real date" in response.content.decode()
    bad_time = _meeting_post([person]) | {"starts_at": "teatime"}
    assert "Enter a time like 14:00 or 2pm" in staff_client.post(url, bad_time).content.decode()
    stranger = _meeting_post([person]) | {"attendance-0-person": "99999"}
    assert "attendance list changed" in staff_client.post(url, stranger).content.decode()
    broken = {"date_day": "1"}  # no management forms at all
    assert staff_client.post(url, broken).status_code == 200
    planned_with_attendance = _meeting_post(
        [person], status="planned", attendance={person: "present"}
    )
    assert staff_client.post(url, planned_with_attendance).status_code == 302
    assert not Meeting.objects.get().attendance.exists()


@pytest.mark.parametrize(
    "query",
    [
        "?kind=nonsense",
        "?place=abc",
        "?sort=bogus",
        "?page=abc",
        "?level=place&place=99999",
        "?name=%00",
    ],
)
def test_forum_list_survives_bad_filters(staff_client, forum, query):
    assert staff_client.get(reverse("forums:forum_list") + query).status_code in (200, 404)


@pytest.mark.parametrize(
    "query", ["?decided_from=yesterday", "?decided_to=31/02/2026", "?priority=x", "?forum=-1"]
)
def test_decision_list_survives_bad_filters(staff_client, forum, query):
    assert staff_client.get(reverse("forums:decision_list") + query).status_code == 200


def test_missing_things_are_404(staff_client):
    for url in [
        reverse("forums:forum_detail", args=["no-such-forum"]),
        reverse("forums:meeting_detail", args=[99999]),
        reverse("forums:public_forum_detail", args=["no-such-forum"]),
        reverse("forums:calendar_feed", args=["no-such-forum"]),
    ]:
        assert staff_client.get(url).status_code == 404, url


# --- CSV --------------------------------------------------------------------------------


def _csv(response):
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_forum_list_and_decisions_export_csv(staff_client, forum):
    text = _csv(staff_client.get(reverse("forums:forum_list") + "?_export=csv&kind=council"))
    assert text.splitlines()[0].startswith("Name,Type,Level,Chair")
    assert "Clinical Council,Council,System,No chair" in text
    text = _csv(staff_client.get(reverse("forums:decision_list") + "?_export=csv"))
    assert "Agreed the plan." in text


def test_decisions_filter_by_priority_and_date(staff_client, forum):
    priority = PriorityFactory(number=3)
    meeting = MeetingFactory(forum=forum, starts_at=timezone.now() - timedelta(days=400))
    DecisionFactory(meeting=meeting, text="Old decision.", priority=priority)
    html = staff_client.get(
        reverse("forums:decision_list") + f"?priority={priority.pk}"
    ).content.decode()
    assert "Old decision." in html and "Agreed the plan." not in html
    since = (timezone.localdate() - timedelta(days=100)).strftime("%d/%m/%Y")
    html = staff_client.get(
        reverse("forums:decision_list") + f"?decided_from={since}"
    ).content.decode()
    assert "Agreed the plan." in html and "Old decision." not in html


def test_membership_mix_page_flags_only_what_the_forum_expects(staff_client, forum):
    from tests.factories import ProfessionalGroupFactory

    pharmacists = ProfessionalGroupFactory(name="Community pharmacists", under_represented=True)
    ProfessionalGroupFactory(name="Dentistry", under_represented=True)
    url = reverse("forums:membership_mix")
    html = staff_client.get(url).content.decode()
    # Expecting nothing, the forum is not flagged for dentists or anyone else.
    assert "Needs attention" not in html and "Dentistry" not in html
    assert "None (not expected)" in html
    assert reverse("forums:forum_remit", args=[forum.slug]) in html

    response = staff_client.post(
        reverse("forums:forum_remit", args=[forum.slug]),
        {"professions": [pharmacists.pk], "lived_experience": "on"},
    )
    assert response.status_code == 302
    forum.refresh_from_db()
    assert list(forum.expected_professions.all()) == [pharmacists]
    assert forum.expects_lived_experience and not forum.expects_vcse
    html = staff_client.get(url).content.decode()
    assert "Needs attention" in html
    assert "No members with lived experience" in html
    assert "Community pharmacists" in html
    assert "Dentistry" not in html
    assert "No VCSE representative" not in html


def test_forum_remit_is_changed_by_the_ccpl_team_only(login, leader_user, exec_user, forum):
    url = reverse("forums:forum_remit", args=[forum.slug])
    for user in (leader_user, exec_user):
        assert login(user).post(url, {"lived_experience": "on"}).status_code == 403
    forum.refresh_from_db()
    assert not forum.expects_lived_experience


def test_forum_remit_refuses_an_unknown_profession(staff_client, forum):
    response = staff_client.post(
        reverse("forums:forum_remit", args=[forum.slug]), {"professions": ["999999"]}
    )
    assert response.status_code == 200
    assert "Error:" in response.content.decode()


# --- Query counts -----------------------------------------------------------------------


def _grow(forum, n):
    people = [m.person for m in MembershipFactory.create_batch(n, forum=forum)]
    for meeting in MeetingFactory.create_batch(n, forum=forum):
        for person in people:
            AttendanceFactory(meeting=meeting, person=person)
        DecisionFactory(meeting=meeting)
        MeetingPaperFactory(meeting=meeting, is_public=True)
    ReportingLineFactory(forum=forum)
    ForumFactory.create_batch(n)


def _queries(client, url):
    client.get(url)  # warm any per-process caches first
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("client_fixture", "url_name", "by_slug"),
    [
        ("staff_client", "forums:forum_list", False),
        ("staff_client", "forums:forum_detail", True),
        ("staff_client", "forums:map", False),
        ("staff_client", "forums:membership_mix", False),
        ("staff_client", "forums:decision_list", False),
        ("staff_client", "forums:calendar", False),
        ("client", "forums:public_list", False),
        ("client", "forums:public_forum_detail", True),
        ("client", "forums:map", False),
    ],
)
def test_query_count_does_not_grow_with_data(
    request, forum, client_fixture, url_name, by_slug, django_assert_max_num_queries, no_page_cache
):
    client = request.getfixturevalue(client_fixture)
    url = reverse(url_name, args=[forum.slug] if by_slug else [])
    _grow(forum, 2)
    few = _queries(client, url)
    _grow(forum, 8)
    with django_assert_max_num_queries(few):
        client.get(url)


def test_meeting_pages_query_count_does_not_grow(staff_client, django_assert_max_num_queries):
    forum = ForumFactory()
    meeting = MeetingFactory(forum=forum)
    people = [m.person for m in MembershipFactory.create_batch(2, forum=forum)]
    for person in people:
        AttendanceFactory(meeting=meeting, person=person)
    urls = [
        reverse("forums:meeting_detail", args=[meeting.pk]),
        reverse("forums:meeting_edit", args=[meeting.pk]),
    ]
    few = [_queries(staff_client, url) for url in urls]
    for membership in MembershipFactory.create_batch(10, forum=forum):
        AttendanceFactory(meeting=meeting, person=membership.person)
    for url, count in zip(urls, few, strict=True):
        with django_assert_max_num_queries(count):
            staff_client.get(url)


def test_history_records_who_changed_a_forum(staff_client, staff_user, forum):
    assert Membership.history.model.objects.count() >= 0
    data = {
        "name": "Renamed council",
        "slug": forum.slug,
        "kind": forum.kind,
        "level": "system",
        "purpose": forum.purpose,
        "frequency": forum.frequency,
    }
    staff_client.post(reverse("forums:forum_edit", args=[forum.slug]), data)
    assert forum.history.first().history_user == staff_user


def test_staff_can_turn_a_decision_into_an_action(staff_client, exec_client):
    meeting = MeetingFactory()
    decision = DecisionFactory(meeting=meeting, text="Set up a virtual practitioner forum.")
    url = reverse("forums:meeting_detail", args=[meeting.pk])
    link = reverse("actions:action_from_decision", args=[decision.pk])
    assert link in staff_client.get(url).content.decode()
    # Executives read everything but do not edit: no link for them.
    assert link not in exec_client.get(url).content.decode()


def test_a_role_seat_holder_may_read_the_forums_private_papers(login, leader_user, forum):
    from tests.roles.factories import AppointmentFactory, SeatFactory

    leader_client = login(leader_user)
    private = MeetingPaperFactory(meeting=forum.meetings.get(), is_public=False)
    url = reverse("forums:paper_download", args=[private.pk])
    assert leader_client.get(url).status_code == 403
    seat = SeatFactory(forum=forum)
    AppointmentFactory(role=seat.role, person=leader_user.person)
    assert leader_client.get(url).status_code == 200


def test_the_public_forum_list_pages_fifty_at_a_time(client):
    for n in range(51):
        ForumFactory(name=f"Forum {n:02d}", is_public=True)
    first = client.get(reverse("forums:public_list")).content.decode()
    assert "Showing 1 to 50 of 51" in first and "Forum 49" in first and "Forum 50" not in first
    second = client.get(reverse("forums:public_list"), {"page": "2"}).content.decode()
    assert "Forum 50" in second and "Forum 00" not in second


def test_a_large_system_s_map_shows_its_spine_and_each_place_a_click_away(client):
    """Hundreds of forums on one map would be unreadable (and a megabyte): above 40, the map
    shows the system's forums and those others report to, and each Place's own map."""
    board = ForumFactory(name="Integrated Care Board", is_public=True)
    north, south = PlaceFactory(name="North"), PlaceFactory(name="South")
    for n in range(42):
        forum = ForumFactory(
            name=f"Neighbourhood forum {n:02d}",
            is_public=True,
            place=north if n % 2 else south,
            level=Forum.Level.PLACE,
        )
        ReportingLineFactory(forum=forum, reports_to=board)
    whole = client.get(reverse("forums:map")).content.decode()
    assert "Integrated Care Board" in whole and "Neighbourhood forum 01" not in whole
    assert f"?place={north.pk}" in whole and "21 more forums" in whole
    page = client.get(reverse("forums:map"), {"place": north.pk}).content.decode()
    assert "Neighbourhood forum 01" in page and "Neighbourhood forum 00" not in page
    assert "Integrated Care Board" in page  # what North's forums report to
    assert client.get(reverse("forums:map"), {"place": "999999"}).status_code == 404
    assert client.get(reverse("forums:map"), {"place": "x'"}).status_code == 200
