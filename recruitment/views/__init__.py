"""Recruitment pages, by audience (as ``surveys.views``): public vacancies, applying and
the talent pool (``public``); staff and executive pages under /recruitment/manage/
(``manage``); recruitment panel pages (``panel``).

Nothing here reads an applicant's equality answers: the equality form only writes them,
and the funnel counts them through ``recruitment.selectors``."""

from django.urls import reverse

SESSION_KEY = "recruitment_application"


def vacancies_crumbs():
    return [("Home", reverse("home")), ("Vacancies", reverse("recruitment:vacancy_list"))]


def manage_crumbs(*extra):
    return [("Recruitment", reverse("recruitment:manage_home")), *extra]
