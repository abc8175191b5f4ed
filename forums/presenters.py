"""Display logic for forums that is more than a template should hold.

The governance map is built here, not in a template, so that the annual report PDF
can draw the same SVG and list from the same ``GovernanceGraph``.
"""

import textwrap
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, timedelta
from urllib.parse import urlsplit

import icalendar
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from .models import Forum, Meeting, ReportingLine
from .selectors import GovernanceGraph

# --- Governance map ---------------------------------------------------------------------

NODE_WIDTH = 200
NODE_HEIGHT = 62
GAP_X = 72  # between rank columns, where the arrows run
GAP_Y = 14  # between forums stacked in one column
GROUP_GAP = 12
GROUP_PAD = 12
GROUP_LABEL = 26
LINE_CHARS = 26
MAX_LINES = 3
LEGEND_HEIGHT = 56

EDGE_STYLES = {
    ReportingLine.Nature.REPORTS_TO: "",
    ReportingLine.Nature.ADVISES: "8 5",
    ReportingLine.Nature.ESCALATES_TO: "2 4",
}

# The map's one inline <style>: allowed by the hash of this exact text in the
# Content-Security-Policy (settings GOVERNANCE_MAP_STYLE_HASH); change both together.
SVG_STYLE = """
svg.governance-map { max-width: 100%; height: auto; }
.gm-group rect { fill: #f0f4f5; stroke: #d8dde0; }
.gm-group text { fill: #212b32; font-weight: bold; font-size: 14px; }
.gm-node rect { fill: #ffffff; stroke: #005eb8; stroke-width: 2; }
.gm-node.gm-board rect { fill: #005eb8; }
.gm-node text { fill: #212b32; font-size: 13px; }
.gm-node.gm-board text { fill: #ffffff; font-weight: bold; }
.gm-node a:hover rect { stroke-width: 4; }
.gm-node a:focus { outline: none; }
.gm-node a:focus rect { fill: #ffeb3b; stroke: #212b32; stroke-width: 4; }
.gm-node a:focus text { fill: #212b32; }
.gm-edge { fill: none; stroke: #4c6272; stroke-width: 2; }
.gm-legend text { fill: #212b32; font-size: 13px; }
"""


@dataclass
class MapNode:
    forum: Forum
    x: float
    y: float
    rank: int

    @property
    def left(self):
        return (self.x, self.y + NODE_HEIGHT / 2)

    @property
    def right(self):
        return (self.x + NODE_WIDTH, self.y + NODE_HEIGHT / 2)


@dataclass
class MapGroup:
    label: str
    x: float
    y: float
    width: float
    height: float
    forums: list[Forum] = field(default_factory=list)


def _group_key(forum: Forum):
    """System forums first, then one group per Place, by name."""
    return (0, "") if forum.place_id is None else (1, forum.place.name)


def _group_label(forum: Forum) -> str:
    return "System" if forum.place_id is None else forum.place.name


def governance_ranks(graph: GovernanceGraph) -> dict[int, int]:
    """How far down the structure each forum sits: 0 for forums that report to nothing
    in the graph, otherwise one more than the lowest of the forums it reports to."""
    up = graph.parents()
    ranks: dict[int, int] = {}

    def rank(forum_id: int, trail: frozenset = frozenset()) -> int:
        if forum_id in ranks:
            return ranks[forum_id]
        parents = [line.reports_to_id for line in up.get(forum_id, ()) if line.reports_to_id]
        # Loops are refused when links are added; the trail guards against a bad import.
        parents = [p for p in parents if p not in trail]
        value = 1 + max((rank(p, trail | {forum_id}) for p in parents), default=-1)
        ranks[forum_id] = value
        return value

    for forum in graph.forums:
        rank(forum.pk)
    return ranks


@dataclass
class GovernanceLayout:
    nodes: dict[int, MapNode]
    groups: list[MapGroup]
    width: float
    height: float


def governance_layout(graph: GovernanceGraph) -> GovernanceLayout:
    """Place each forum: ranks run left to right (the board on the left), and each group
    (the system, then each Place) is a band across the map, its forums stacked in their
    rank's column in the order of the forums they report to, to keep lines short."""
    ranks = governance_ranks(graph)
    up = graph.parents()
    by_group: dict[tuple, list[Forum]] = defaultdict(list)
    for forum in graph.forums:
        by_group[_group_key(forum)].append(forum)
    max_rank = max(ranks.values(), default=0)
    width = (max_rank + 1) * NODE_WIDTH + max_rank * GAP_X + 2 * GROUP_PAD
    nodes: dict[int, MapNode] = {}
    groups = []
    y = 0.0
    for key in sorted(by_group):
        forums = by_group[key]
        top = y + GROUP_LABEL + GROUP_PAD
        tallest = 0
        for r in range(max_rank + 1):
            column = [f for f in forums if ranks[f.pk] == r]

            def order(forum):
                placed = [
                    nodes[ln.reports_to_id].y
                    for ln in up.get(forum.pk, ())
                    if ln.reports_to_id in nodes
                ]
                return (
                    forum.kind != Forum.Kind.BOARD,
                    sum(placed) / len(placed) if placed else 0,
                    forum.name,
                )

            for i, forum in enumerate(sorted(column, key=order)):
                nodes[forum.pk] = MapNode(
                    forum=forum,
                    x=GROUP_PAD + r * (NODE_WIDTH + GAP_X),
                    y=top + i * (NODE_HEIGHT + GAP_Y),
                    rank=r,
                )
            tallest = max(tallest, len(column))
        height = GROUP_LABEL + 2 * GROUP_PAD + tallest * NODE_HEIGHT + (tallest - 1) * GAP_Y
        groups.append(
            MapGroup(
                label=_group_label(forums[0]), x=0, y=y, width=width, height=height, forums=forums
            )
        )
        y += height + GROUP_GAP
    return GovernanceLayout(nodes=nodes, groups=groups, width=width, height=max(y - GROUP_GAP, 0))


def _label_lines(name: str) -> list[str]:
    lines = textwrap.wrap(name, LINE_CHARS) or [""]
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        lines[-1] = lines[-1][: LINE_CHARS - 1].rstrip() + "…"
    return lines


def _edge_path(child: MapNode, parent: MapNode) -> str:
    x1, y1 = child.left
    x2, y2 = parent.right
    x2 += 8  # leave room for the arrowhead
    bend = max((x1 - x2) / 2, 24)
    return f"M {x1:.1f} {y1:.1f} C {x1 - bend:.1f} {y1:.1f}, {x2 + bend:.1f} {y2:.1f}, {x2:.1f} {y2:.1f}"


def governance_map_svg(
    graph: GovernanceGraph,
    *,
    url_for: Callable[[Forum], str],
    title: str = "Governance map",
    title_id: str = "governance-map-title",
) -> SafeString:
    """The whole structure as an SVG: forums as linked boxes grouped by system and Place,
    reporting lines as arrows (dashed for "advises", dotted for "escalates to")."""
    layout = governance_layout(graph)
    width = layout.width + 2
    height = layout.height + LEGEND_HEIGHT
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" class="governance-map" role="group" '
            'aria-labelledby="{}" viewBox="-1 -1 {} {}" width="{}" '
            'font-family="Frutiger W01, Arial, sans-serif">',
            title_id,
            f"{width:.0f}",
            f"{height:.0f}",
            f"{width:.0f}",
        ),
        format_html('<title id="{}">{}</title>', title_id, title),
        mark_safe(f"<style>{SVG_STYLE}</style>"),  # noqa: S308 - constant
        mark_safe(
            '<defs><marker id="gm-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
            'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
            '<path d="M 0 0 L 10 5 L 0 10 z" fill="#4c6272"/></marker></defs>'
        ),
    ]
    for group in layout.groups:
        parts.append(
            format_html(
                '<g class="gm-group" data-group="{}"><rect x="{}" y="{}" width="{}" '
                'height="{}" rx="4"/><text x="{}" y="{}">{}</text></g>',
                group.label,
                f"{group.x:.1f}",
                f"{group.y:.1f}",
                f"{group.width:.1f}",
                f"{group.height:.1f}",
                f"{group.x + GROUP_PAD:.1f}",
                f"{group.y + GROUP_LABEL - 4:.1f}",
                group.label,
            )
        )
    for line in graph.lines:
        child = layout.nodes.get(line.forum_id)
        parent = layout.nodes.get(line.reports_to_id)
        if child is None or parent is None:
            continue
        parts.append(
            format_html(
                '<path class="gm-edge" data-from="{}" data-to="{}" data-nature="{}" d="{}"{} '
                'marker-end="url(#gm-arrow)"><title>{} {} {}</title></path>',
                line.forum.slug,
                line.reports_to.slug,
                line.nature,
                _edge_path(child, parent),
                mark_safe(f' stroke-dasharray="{EDGE_STYLES[line.nature]}"')
                if EDGE_STYLES.get(line.nature)
                else "",
                line.forum.name,
                line.get_nature_display().lower(),
                line.reports_to.name,
            )
        )
    for node in layout.nodes.values():
        lines = _label_lines(node.forum.name)
        first_y = node.y + NODE_HEIGHT / 2 - (len(lines) - 1) * 8 + 4
        text = format_html_join(
            "",
            '<tspan x="{}" y="{}">{}</tspan>',
            (
                (f"{node.x + NODE_WIDTH / 2:.1f}", f"{first_y + i * 16:.1f}", line)
                for i, line in enumerate(lines)
            ),
        )
        parts.append(
            format_html(
                '<g class="gm-node{}" data-slug="{}"><a href="{}">'
                '<rect x="{}" y="{}" width="{}" height="{}" rx="4"/>'
                '<text text-anchor="middle">{}</text></a></g>',
                " gm-board" if node.forum.kind == Forum.Kind.BOARD else "",
                node.forum.slug,
                url_for(node.forum),
                f"{node.x:.1f}",
                f"{node.y:.1f}",
                NODE_WIDTH,
                NODE_HEIGHT,
                text,
            )
        )
    parts.append(_legend(layout.height + 12))
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above


def _legend(y: float) -> SafeString:
    items = []
    x = 0
    for nature, label in ReportingLine.Nature.choices:
        dash = EDGE_STYLES.get(nature)
        items.append(
            format_html(
                '<path class="gm-edge" d="M {} {} L {} {}"{} marker-end="url(#gm-arrow)"/>'
                '<text x="{}" y="{}">{}</text>',
                x,
                f"{y + 14:.0f}",
                x + 40,
                f"{y + 14:.0f}",
                mark_safe(f' stroke-dasharray="{dash}"') if dash else "",
                x + 50,
                f"{y + 19:.0f}",
                label,
            )
        )
        x += 200
    return format_html('<g class="gm-legend" aria-hidden="true">{}</g>', mark_safe("".join(items)))


@dataclass
class OutlineItem:
    forum: Forum
    via: ReportingLine | None  # the link to the forum above it in the outline
    children: list["OutlineItem"]
    also_links_to: list[ReportingLine]


def governance_outline(graph: GovernanceGraph) -> list[OutlineItem]:
    """The structure as a nested list: each forum under every forum it reports to (a forum
    with several links appears under each), forums linking to nothing at the top."""
    ids = {f.pk for f in graph.forums}
    up = graph.parents()
    down = graph.children()
    forums = {f.pk: f for f in graph.forums}

    def item(forum_id: int, via: ReportingLine | None, trail: frozenset) -> OutlineItem:
        children = [
            item(line.forum_id, line, trail | {forum_id})
            for line in sorted(down.get(forum_id, ()), key=lambda ln: ln.forum.name)
            if line.forum_id in ids and line.forum_id not in trail
        ]
        others = [
            line
            for line in up.get(forum_id, ())
            if via is None or line.reports_to_id != via.reports_to_id
        ]
        return OutlineItem(
            forum=forums[forum_id],
            via=via,
            children=children,
            also_links_to=sorted(others, key=lambda ln: ln.reports_to.name),
        )

    tops = [f for f in graph.forums if not any(ln.reports_to_id in ids for ln in up.get(f.pk, ()))]
    tops.sort(key=lambda f: (f.kind != Forum.Kind.BOARD, f.name))
    return [item(f.pk, None, frozenset()) for f in tops]


def governance_outline_html(
    graph: GovernanceGraph, *, url_for: Callable[[Forum], str]
) -> SafeString:
    """The nested list as HTML: the map's text alternative."""

    def render(items: list[OutlineItem]) -> str:
        rendered = []
        for entry in items:
            where = "" if entry.forum.place_id is None else f" ({entry.forum.place.name})"
            links = ([entry.via] if entry.via else []) + entry.also_links_to
            described = "; ".join(
                f"{ln.get_nature_display().lower()} {ln.reports_to.name}" for ln in links
            )
            via = format_html(" – {}", described) if described else ""
            children = render(entry.children)
            rendered.append(
                format_html(
                    '<li><a href="{}">{}</a>{}{}{}</li>',
                    url_for(entry.forum),
                    entry.forum.name,
                    where,
                    via,
                    children,
                )
            )
        if not rendered:
            return ""
        return format_html(
            '<ul class="nhsuk-list nhsuk-list--bullet">{}</ul>', mark_safe("".join(rendered))
        )

    return mark_safe(render(governance_outline(graph)))  # noqa: S308 - built with format_html


# --- Calendar ---------------------------------------------------------------------------


# Used in UIDs while the site's address (CCPL_SITE_URL) is not set: never the request's
# Host header, which anyone can choose. ".invalid" is reserved (RFC 2606), so it names nobody.
UNCONFIGURED_UID_DOMAIN = "ccpl-manager.invalid"


@dataclass(frozen=True)
class CalendarLinks:
    """Where a feed's events point: built from the configured site address only."""

    site_url: str  # "https://ccpl.example.nhs.uk", or "" when not configured

    @property
    def uid_domain(self) -> str:
        return urlsplit(self.site_url).hostname or UNCONFIGURED_UID_DOMAIN

    def absolute(self, path: str) -> str:
        return self.site_url + path if self.site_url else ""


def _meeting_page(forum: Forum, meeting: Meeting) -> str:
    """The page that shows the meeting to whoever may read the feed: a public forum's
    public page (anyone may read its feed), or the staff meeting page."""
    return forum.get_public_url() if forum.is_public else meeting.get_absolute_url()


def _agenda_papers(forum: Forum, meeting: Meeting) -> list:
    """Papers the feed's readers may open: public papers of a public forum's meeting (its
    feed is public), every paper of a private forum's (its feed is for staff)."""
    papers = list(meeting.papers.all())
    return [p for p in papers if p.is_public] if forum.is_public else papers


def meetings_icalendar(forum: Forum, meetings: list[Meeting], *, site_url: str, now=None) -> bytes:
    """An iCalendar (RFC 5545) feed of a forum's meetings, built with ``icalendar``.

    UIDs and links come from ``site_url`` (the configured address, CCPL_SITE_URL), never
    from the request, so a forged Host header changes nothing. Each event links the
    meeting's page and lists its agenda and papers (each also an ATTACH); cancelled
    meetings are marked so. Pass meetings with ``papers`` prefetched.
    """
    links = CalendarLinks(site_url=(site_url or "").rstrip("/"))
    stamp = (now or timezone.now()).astimezone(UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//CCPL Manager//Forums//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", forum.name)
    for meeting in meetings:
        ends_at = meeting.ends_at or meeting.starts_at + timedelta(hours=2)
        page = links.absolute(_meeting_page(forum, meeting))
        papers = [
            (paper.title, links.absolute(paper.get_absolute_url()))
            for paper in _agenda_papers(forum, meeting)
        ]
        lines = [f"{forum.name}: {meeting.get_format_display().lower()} meeting."]
        if page:
            lines.append(f"Meeting page: {page}")
        if papers:
            lines.append("Agenda and papers:")
            lines += [f"- {title}: {url}" if url else f"- {title}" for title, url in papers]
        else:
            lines.append("The agenda and papers are not published yet.")
        event = icalendar.Event()
        event.add("uid", f"forum-meeting-{meeting.pk}@{links.uid_domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.starts_at.astimezone(UTC))
        event.add("dtend", ends_at.astimezone(UTC))
        event.add("summary", forum.name)
        event.add("location", meeting.venue or meeting.get_format_display())
        event.add("description", "\n".join(lines))
        event.add(
            "status",
            "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED",
        )
        if page:
            event.add("url", page)
        for _title, url in papers:
            if url:
                event.add("attach", url)
        calendar.add_component(event)
    return calendar.to_ical()


def percent(rate) -> str:
    """'80%' or 'No records' for an ``AttendanceRate``."""
    return "No records" if rate.percent is None else f"{rate.percent}%"
