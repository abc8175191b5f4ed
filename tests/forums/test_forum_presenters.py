import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from django.utils import timezone

from forums import presenters, selectors
from forums.models import Meeting
from tests.factories import PlaceFactory

from .factories import ForumFactory, MeetingFactory, MeetingPaperFactory, ReportingLineFactory

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def _structure():
    place = PlaceFactory(name="Forest")
    board = ForumFactory(name="Board", slug="board", kind="board")
    council = ForumFactory(name="Council", slug="council")
    senate = ForumFactory(name="Senate", slug="senate")
    assembly = ForumFactory(name="Assembly & friends <b>", slug="assembly")
    local = ForumFactory(name="Forest advisory group", slug="forest", level="place", place=place)
    ReportingLineFactory(forum=council, reports_to=board)
    ReportingLineFactory(forum=senate, reports_to=board, nature="advises")
    ReportingLineFactory(forum=assembly, reports_to=council)
    ReportingLineFactory(forum=assembly, reports_to=senate, nature="escalates_to")
    ReportingLineFactory(forum=local, reports_to=council)
    return [board, council, senate, assembly, local]


def test_map_svg_draws_every_forum_and_every_link():
    forums = _structure()
    graph = selectors.governance_graph()
    svg = presenters.governance_map_svg(graph, url_for=lambda f: f"/forums/{f.slug}/")
    root = ET.fromstring(svg)  # well-formed XML, with names escaped
    nodes = {g.get("data-slug"): g for g in root.iter(f"{SVG}g") if g.get("data-slug")}
    assert set(nodes) == {f.slug for f in forums}
    assert nodes["board"].find(f"{SVG}a").get("href") == "/forums/board/"
    edges = {
        (p.get("data-from"), p.get("data-to"), p.get("data-nature"))
        for p in root.iter(f"{SVG}path")
        if p.get("data-from")
    }
    assert edges == {
        ("council", "board", "reports_to"),
        ("senate", "board", "advises"),
        ("assembly", "council", "reports_to"),
        ("assembly", "senate", "escalates_to"),
        ("forest", "council", "reports_to"),
    }
    groups = [g.get("data-group") for g in root.iter(f"{SVG}g") if g.get("data-group")]
    assert groups == ["System", "Forest"]
    assert "Assembly &amp; friends &lt;b&gt;" in svg


def test_map_layout_puts_forums_right_of_what_they_report_to():
    _structure()
    layout = presenters.governance_layout(selectors.governance_graph())
    by_name = {node.forum.name: node for node in layout.nodes.values()}
    assert by_name["Board"].rank == 0
    assert by_name["Council"].rank == 1
    assert by_name["Assembly & friends <b>"].rank == 2
    assert by_name["Board"].x < by_name["Council"].x < by_name["Assembly & friends <b>"].x
    # The Place's band sits below the system band.
    assert by_name["Forest advisory group"].y > by_name["Senate"].y


def test_outline_lists_forums_under_everything_they_report_to():
    _structure()
    html = presenters.governance_outline_html(
        selectors.governance_graph(), url_for=lambda f: f"/forums/{f.slug}/"
    )
    # The assembly sits under both the council and the senate.
    assert html.count('href="/forums/assembly/"') == 2
    assert html.count('href="/forums/board/"') == 1
    assert "escalates to Senate" in html
    assert "(Forest)" in html
    root = ET.fromstring(html)
    assert root.tag == "ul"


def test_empty_map_is_still_valid_svg():
    svg = presenters.governance_map_svg(selectors.governance_graph(), url_for=str)
    assert ET.fromstring(svg).tag == f"{SVG}svg"
    assert presenters.governance_outline_html(selectors.governance_graph(), url_for=str) == ""


def test_icalendar_feed_escapes_folds_and_marks_cancellations():
    forum = ForumFactory(name="Council; north, south", is_public=True)
    start = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
    held = MeetingFactory(forum=forum, starts_at=start, venue="Room 1, " + "x" * 100)
    cancelled = MeetingFactory(
        forum=forum, starts_at=start + timedelta(days=30), status=Meeting.Status.CANCELLED
    )
    text = presenters.meetings_icalendar(
        forum, [held, cancelled], site_url="https://ccpl.example.nhs.uk/"
    ).decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "SUMMARY:Council\\; north\\, south" in text
    assert "DTSTART:20260310T140000Z" in text
    assert "DTEND:20260310T160000Z" in text
    assert "STATUS:CANCELLED" in text
    assert f"UID:forum-meeting-{held.pk}@ccpl.example.nhs.uk" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "\r\n x" in text  # the long location was folded
    assert timezone.is_aware(held.starts_at)


def test_icalendar_events_link_the_meeting_page_and_list_its_agenda():
    public = ForumFactory(name="Public council", slug="public-council", is_public=True)
    meeting = MeetingFactory(forum=public, starts_at=datetime(2026, 5, 1, 10, tzinfo=UTC))
    agenda = MeetingPaperFactory(meeting=meeting, title="Agenda", is_public=True)
    MeetingPaperFactory(meeting=meeting, title="Confidential finance paper", is_public=False)
    private = ForumFactory(name="Private group", is_public=False)
    private_meeting = MeetingFactory(forum=private, starts_at=datetime(2026, 5, 2, 10, tzinfo=UTC))
    MeetingPaperFactory(meeting=private_meeting, title="Private agenda", is_public=False)
    site = "https://ccpl.example.nhs.uk"

    calendar = icalendar.Calendar.from_ical(
        presenters.meetings_icalendar(public, [meeting], site_url=site)
    )
    (event,) = calendar.walk("VEVENT")
    assert str(event["URL"]) == site + public.get_public_url()
    description = str(event["DESCRIPTION"])
    assert f"Meeting page: {site}{public.get_public_url()}" in description
    assert f"- Agenda: {site}{agenda.get_absolute_url()}" in description
    # Anyone may read a public forum's feed: its private papers are not named.
    assert "Confidential" not in description
    assert str(event["ATTACH"]) == site + agenda.get_absolute_url()

    calendar = icalendar.Calendar.from_ical(
        presenters.meetings_icalendar(private, [private_meeting], site_url=site)
    )
    (event,) = calendar.walk("VEVENT")
    assert str(event["URL"]) == site + private_meeting.get_absolute_url()
    assert "Private agenda" in str(event["DESCRIPTION"])


def test_icalendar_without_a_configured_address_uses_no_request_host():
    forum = ForumFactory(is_public=True)
    meeting = MeetingFactory(forum=forum)
    text = presenters.meetings_icalendar(forum, [meeting], site_url="").decode()
    assert f"UID:forum-meeting-{meeting.pk}@ccpl-manager.invalid" in text
    assert "URL:" not in text
