"""Development pages, by audience (as ``recruitment.views``): the public catalogue at
/development/ (``public``); applying to a cohort, its optional equality questions, and a
leader's own applications under /profile/ (``applications``); the staff pages under
/development/manage/ (``manage``: the CCPL team changes offers and cohorts, executives read
them; ``selection``: the CCPL team selects applicants, executives read; ``mentoring``: the
CCPL team's mentoring register); a person's own mentoring under /profile/mentoring/
(``profile``). No development page shows an applicant's equality answers."""

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
