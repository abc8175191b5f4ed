"""Public vacancies at /vacancies/ and staff, executive and panel pages at /recruitment/manage/.

Mounted at the site root: ``path("", include("recruitment.urls"))``.
"""

from django.urls import path

from . import views

app_name = "recruitment"

M = "recruitment/manage/"

urlpatterns = [
    path("vacancies/", views.vacancy_list, name="vacancy_list"),
    path("vacancies/feed/", views.vacancy_feed, name="vacancy_feed"),
    path("vacancies/<int:pk>/", views.vacancy_detail, name="vacancy_detail"),
    path("vacancies/<int:pk>/equality/", views.vacancy_equality, name="vacancy_equality"),
    path(
        "vacancies/<int:pk>/confirmation/",
        views.vacancy_confirmation,
        name="vacancy_confirmation",
    ),
    path("vacancies/talent-pool/", views.talent_pool_join, name="talent_pool_join"),
    path(M, views.manage_home, name="manage_home"),
    path(M + "requests/new/", views.request_create, name="request_create"),
    path(M + "requests/decisions/", views.request_decisions, name="request_decisions"),
    path(M + "requests/<int:pk>/decide/", views.request_decide, name="request_decide"),
    path(M + "requests/<int:pk>/advertise/", views.campaign_create, name="campaign_create"),
    path(M + "campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path(M + "campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path(M + "campaigns/<int:pk>/lock/", views.shortlist_lock, name="shortlist_lock"),
    path(M + "applications/<int:pk>/", views.application_detail, name="application_detail"),
    path(M + "applications/<int:pk>/cv/", views.application_cv, name="application_cv"),
    path(
        M + "campaigns/<int:pk>/learning/",
        views.learning_survey_create,
        name="learning_survey_create",
    ),
    path(M + "funnel/", views.funnel, name="funnel"),
    path(M + "talent-pool/", views.talent_pool_list, name="talent_pool_list"),
    path(M + "exit-interviews/", views.exit_interview_list, name="exit_interview_list"),
    path(
        M + "exit-interviews/<int:appointment_pk>/",
        views.exit_interview_record,
        name="exit_interview_record",
    ),
    path(M + "panel/", views.panel_home, name="panel_home"),
    path(M + "panel/<int:pk>/shortlist/", views.panel_shortlist, name="panel_shortlist"),
    path(
        M + "panel/<int:pk>/shortlist/<int:application_pk>/",
        views.panel_shortlist_score,
        name="panel_shortlist_score",
    ),
    path(M + "panel/<int:pk>/interview/", views.panel_interview, name="panel_interview"),
    path(
        M + "panel/<int:pk>/interview/<int:application_pk>/",
        views.panel_interview_score,
        name="panel_interview_score",
    ),
]
