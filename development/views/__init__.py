"""Development pages, by audience (as ``recruitment.views``): the public catalogue at
/development/ (``public``), the staff pages under /development/manage/ (``manage``: the
CCPL team changes offers and cohorts, executives read them; ``mentoring``: the CCPL team's
mentoring register), and a person's own mentoring under /profile/mentoring/ (``profile``)."""

from django.urls import reverse

VIEW = "development.view_development"
MANAGE = "development.manage_development"


def public_crumbs(*extra):
    return [("Home", reverse("home")), *extra]


def manage_crumbs(*extra):
    return [
        ("Home", reverse("home")),
        ("Development offers", reverse("development:offer_list")),
        *extra,
    ]
