"""The NHS.UK django-tables2 template: caption, scope, aria-sort, pagination, CSV link."""

import re
from urllib.parse import parse_qs, urlsplit

import django_tables2 as tables
import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django_tables2 import RequestConfig

# render_table renders with the request, so the context processors (which read the ICB) run.
pytestmark = pytest.mark.django_db

ROWS = [
    {"name": f"Person {n:02d}", "place": "Cotswolds" if n % 2 else "Forest of Dean"}
    for n in range(1, 81)
]


class PeopleTable(tables.Table):
    caption = "People in post"

    name = tables.Column(verbose_name="Name")
    place = tables.Column(verbose_name="Place")
    notes = tables.Column(verbose_name="Notes", orderable=False, default="")

    class Meta:
        empty_text = "No people match these filters."


def render(rf, table_class=PeopleTable, data=ROWS, params=None, per_page=25):
    request = rf.get("/people/", params or {})
    request.user = AnonymousUser()
    table = table_class(data)
    RequestConfig(request, paginate={"per_page": per_page}).configure(table)
    html = Template("{% load django_tables2 %}{% render_table table %}").render(
        Context({"table": table, "request": request})
    )
    return html


def headers(html):
    return re.findall(r"<th [^>]*>.*?</th>", html, re.S)


def query(href):
    return parse_qs(urlsplit(href.replace("&amp;", "&")).query)


def test_caption_and_table_markup(rf):
    html = render(rf)

    assert '<table class="nhsuk-table">' in html
    assert (
        '<caption class="nhsuk-table__caption" id="people-in-post-caption">People in post</caption>'
        in html
    )
    # The scrolling wrapper is a region named by the caption.
    assert 'class="nhsuk-scroll" data-module="nhsuk-scroll"' in html
    assert 'role="region" aria-labelledby="people-in-post-caption"' in html
    assert 'class="nhsuk-table__head"' in html and 'class="nhsuk-table__body"' in html
    assert html.count('<td class="nhsuk-table__cell">Person') == 25


def test_every_header_has_scope_col(rf):
    ths = headers(render(rf))

    assert len(ths) == 3
    assert all('scope="col"' in th for th in ths)
    assert all("nhsuk-table__header" in th for th in ths)


def test_aria_sort_on_sortable_headers_only(rf):
    name, place, notes = headers(render(rf, params={"sort": "-place", "page": "2"}))

    assert 'aria-sort="none"' in name
    assert 'aria-sort="descending"' in place
    assert "aria-sort" not in notes and "<a " not in notes
    # The header text is the sort link; sorting returns to page 1.
    link = re.search(r'<a class="nhsuk-link" href="([^"]+)">Name</a>', name)
    assert link
    assert query(link.group(1)) == {"sort": ["name"]}

    name, place, _ = headers(render(rf, params={"sort": "name"}))
    assert 'aria-sort="ascending"' in name
    assert query(re.search(r'href="([^"]+)">Name<', name).group(1)) == {"sort": ["-name"]}


def test_sort_links_keep_filters(rf):
    html = render(rf, params={"place": "Cotswolds", "q": "Per"})
    href = re.search(r'href="([^"]+)">Place</a>', html).group(1)

    assert query(href) == {"place": ["Cotswolds"], "q": ["Per"], "sort": ["place"]}


def test_pagination_text_and_links(rf):
    html = render(rf, params={"page": "2", "place": "Cotswolds"})

    assert "Showing 26 to 50 of 80" in html
    nav = re.search(
        r'<nav class="nhsuk-pagination nhsuk-pagination--numbered"[^>]*>.*?</nav>', html, re.S
    )
    assert nav
    nav = nav.group(0)
    assert 'aria-label="Pagination: People in post"' in nav
    previous = re.search(r'<a href="([^"]+)" class="nhsuk-pagination__previous" rel="prev">', nav)
    following = re.search(r'<a href="([^"]+)" class="nhsuk-pagination__next" rel="next">', nav)
    assert query(previous.group(1)) == {"page": ["1"], "place": ["Cotswolds"]}
    assert query(following.group(1)) == {"page": ["3"], "place": ["Cotswolds"]}
    current = re.search(r'aria-label="Page (\d+)" aria-current="page"', nav)
    assert current and current.group(1) == "2"
    assert re.findall(r'aria-label="Page (\d+)"', nav) == ["1", "2", "3", "4"]


def test_first_and_last_pages(rf):
    first = render(rf)
    assert "Showing 1 to 25 of 80" in first
    assert "nhsuk-pagination__previous" not in first
    assert "nhsuk-pagination__next" in first

    last = render(rf, params={"page": "4"})
    assert "Showing 76 to 80 of 80" in last
    assert "nhsuk-pagination__next" not in last


def test_single_page_has_count_but_no_pagination(rf):
    html = render(rf, data=ROWS[:3])

    assert "Showing 1 to 3 of 3" in html
    assert "nhsuk-pagination" not in html


def test_empty_table_shows_empty_text_in_a_row(rf):
    html = render(rf, data=[])

    assert re.search(
        r'<td class="nhsuk-table__cell ccpl-table-empty" colspan="3">No people match these filters\.</td>',
        html,
    )
    assert "Showing" not in html


def test_column_attrs_are_merged_with_nhs_classes(rf):
    class Numbers(tables.Table):
        caption = "Counts"
        count = tables.Column(
            attrs={
                "th": {"class": "nhsuk-table__header--numeric"},
                "td": {"class": "nhsuk-table__cell--numeric"},
            }
        )

    html = render(rf, table_class=Numbers, data=[{"count": 7}])

    assert re.search(r'<th class="nhsuk-table__header nhsuk-table__header--numeric[^"]*"', html)
    assert '<td class="nhsuk-table__cell nhsuk-table__cell--numeric">7</td>' in html


def test_export_link_adds_export_param_and_keeps_filters(rf):
    request = rf.get("/people/", {"place": "Cotswolds", "sort": "name"})
    html = Template('{% include "includes/export_link.html" %}').render(
        Context({"request": request})
    )

    href = re.search(r'href="([^"]+)"[^>]*>Download as CSV</a>', html).group(1)
    assert query(href) == {"place": ["Cotswolds"], "sort": ["name"], "_export": ["csv"]}


def test_pagination_include_for_a_plain_django_page(rf):
    from django.core.paginator import Paginator

    request = rf.get("/history/", {"page": "10", "kind": "edit"})
    page = Paginator(list(range(1000)), 25).get_page(request.GET["page"])
    html = Template('{% include "includes/pagination.html" %}').render(
        Context({"page_obj": page, "request": request})
    )

    assert "Showing 226 to 250 of 1,000" in html
    numbers = re.findall(r'aria-label="Page (\d+)"', html)
    assert numbers == ["1", "8", "9", "10", "11", "12", "40"]
    assert html.count("nhsuk-pagination__item--ellipsis") == 2
    first = re.search(r'href="([^"]+)" aria-label="Page 1"', html).group(1)
    assert query(first) == {"page": ["1"], "kind": ["edit"]}
