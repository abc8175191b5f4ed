"""Recruitment pages, by audience (as ``surveys.views``): public vacancies, applying and
the talent pool (``public``); staff and executive pages under /recruitment/manage/
(``manage``); recruitment panel pages (``panel``); the appointee's choice to copy their
application's equality answers to their own record (``appointee``).

Nothing here shows an applicant's equality answers: the equality form only writes them,
the funnel counts them through ``recruitment.selectors``, and only the appointed person
is offered their own (on the core's equality page, through ``ccpl.hooks.equality_offers``)."""

from django.urls import reverse

SESSION_KEY = "recruitment_application"


def vacancies_crumbs():
    return [("Home", reverse("home")), ("Vacancies", reverse("recruitment:vacancy_list"))]


def manage_crumbs(*extra):
    return [("Recruitment", reverse("recruitment:manage_home")), *extra]
