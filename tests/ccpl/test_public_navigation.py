"""The header for everyone: links to the public pages whether signed in or not, one current
item, the phase banner inside the banner landmark; wide tables reachable by keyboard."""

import re

import pytest

PUBLIC = {
    "Leaders and roles": "/roles/",
    "Vacancies": "/vacancies/",
    "Forums": "/forums/",
    "Governance map": "/forums/map/",
    "Our plan": "/actions/progress/",
    "Survey results": "/surveys/results/",
}


def _menu(html):
    menu = re.search(
        r'<nav class="nhsuk-header__navigation" aria-label="Menu">(.*?)</nav>', html, re.S
    )
    assert menu, "no header navigation"
    return menu.group(1)


def _links(html):
    return [
        (re.sub(r"<[^>]+>", "", label).strip(), href)
        for href, label in re.findall(
            r'<a class="nhsuk-header__navigation-link" href="([^"]+)"[^>]*>(.*?)</a>',
            _menu(html),
            re.S,
        )
    ]


@pytest.mark.parametrize("who", ["client", "leader_client", "staff_client"])
def test_every_visitor_gets_the_public_pages_in_the_header(request, db, who):
    client = request.getfixturevalue(who)
    links = _links(client.get("/").content.decode())
    for label, url in PUBLIC.items():
        assert (label, url) in links or any(u == url for _, u in links), (label, links)
    urls = [url for _, url in links]
    assert len(urls) == len(set(urls)), "a link is repeated"
    assert links[0] == ("Home", "/")


def test_signed_in_users_keep_their_own_links_first(leader_client, staff_client):
    leader = _links(leader_client.get("/").content.decode())
    assert leader.index(("Your profile", "/profile/")) < leader.index(("Vacancies", "/vacancies/"))
    staff = [label for label, _ in _links(staff_client.get("/").content.decode())]
    # The staff forums page is named apart from the public one.
    assert "Manage forums" in staff
    assert staff.count("Forums") == 1


def test_only_the_most_specific_section_is_current(client, db):
    menu = _menu(client.get("/forums/map/").content.decode())
    assert re.findall(r'href="([^"]+)" aria-current="([^"]+)"', menu) == [("/forums/map/", "page")]


def test_the_phase_banner_is_inside_the_header(client, db):
    html = client.get("/").content.decode()
    header = re.search(r"<header\b.*?</header>", html, re.S).group(0)
    assert "ccpl-phase-banner" in header
    assert html.count("ccpl-phase-banner__content") == 1


def test_the_home_page_lists_own_links_only_once(leader_client):
    html = leader_client.get("/").content.decode()
    body = html.split('id="maincontent"', 1)[1]
    assert body.count('href="/vacancies/"') == 1  # under "Find out more", not twice


def test_a_table_scroll_container_takes_keyboard_focus(client, db):
    from tests.roles.factories import RoleFactory

    RoleFactory(title="Clinical lead")
    html = client.get("/roles/").content.decode()
    container = re.search(r'<div class="nhsuk-scroll__content"[^>]*>', html).group(0)
    assert 'tabindex="0"' in container
    assert 'role="region"' in container
    assert "aria-labelledby=" in container
