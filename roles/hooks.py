"""What the roles app asks of apps above it (see ``ccpl.hooks``).

``advert_urls``: role id → the address of the role's open advert, for the public register's
"Vacant" links. The recruitment app provides it (``RecruitmentConfig.ready``); without it
no role shows an advert.

``profile_development_links``: person → links to their own development pages (their
applications) for their profile page; provided by the development app.
"""

from ccpl.hooks import Hook


def _no_adverts() -> dict[int, str]:
    return {}


advert_urls: Hook[[], dict[int, str]] = Hook("roles.advert_urls", _no_adverts)


def _no_development_links(person) -> list[tuple[str, str]]:
    return []


# Person → links (label, address) to their own development pages, shown on their profile
# page. Provided by the development app (``DevelopmentConfig.ready``).
profile_development_links: Hook[[object], list[tuple[str, str]]] = Hook(
    "roles.profile_development_links", _no_development_links
)
