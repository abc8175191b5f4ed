import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from forums import presenters, selectors
from forums.models import Meeting
from tests.factories import PlaceFactory

from .factories import ForumFactory, MeetingFactory, ReportingLineFactory

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
    forum = ForumFactory(name="Council; north, south")
    start = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
    held = MeetingFactory(forum=forum, starts_at=start, venue="Room 1, " + "x" * 100)
    cancelled = MeetingFactory(
        forum=forum, starts_at=start + timedelta(days=30), status=Meeting.Status.CANCELLED
    )
    text = presenters.meetings_icalendar(
        forum, [held, cancelled], domain="example.test", url="https://example.test/f/"
    )
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "SUMMARY:Council\\; north\\, south" in text
    assert "DTSTART:20260310T140000Z" in text
    assert "DTEND:20260310T160000Z" in text
    assert "STATUS:CANCELLED" in text
    assert f"UID:forum-meeting-{held.pk}@example.test" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "\r\n x" in text  # the long location was folded
    assert timezone.is_aware(held.starts_at)
