"""Survey pages: staff pages under /surveys/manage/, published results under /surveys/results/,
and the respondent journey at /survey/<token>/ (``respond``)."""

from django.urls import reverse

VIEW = "surveys.view_surveys"
MANAGE = "surveys.manage_surveys"


def crumbs(*extra):
    return [("Home", reverse("home")), ("Surveys", reverse("surveys:survey_list")), *extra]


def survey_crumbs(survey, *extra):
    return crumbs((survey.title, reverse("surveys:survey_detail", args=[survey.pk])), *extra)
