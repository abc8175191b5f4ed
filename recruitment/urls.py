"""Public vacancies at /vacancies/ and staff, executive and panel pages at /recruitment/manage/.

Mounted at the site root: ``path("", include("recruitment.urls"))``.
"""

from django.urls import path

from ccpl.pagecache import cached_public_page

from .views import appointee, manage, panel, public

app_name = "recruitment"

M = "recruitment/manage/"

urlpatterns = [
    path("vacancies/", cached_public_page(public.vacancy_list), name="vacancy_list"),
    path("vacancies/feed/", cached_public_page(public.vacancy_feed), name="vacancy_feed"),
    path("vacancies/<int:pk>/", cached_public_page(public.vacancy_detail), name="vacancy_detail"),
    path("vacancies/<int:pk>/apply/", public.vacancy_apply, name="vacancy_apply"),
    path("vacancies/<int:pk>/equality/", public.vacancy_equality, name="vacancy_equality"),
    path(
        "vacancies/<int:pk>/confirmation/",
        public.vacancy_confirmation,
        name="vacancy_confirmation",
    ),
    path("vacancies/talent-pool/", public.talent_pool_join, name="talent_pool_join"),
    path(
        "profile/equality/from-application/",
        appointee.appointee_equality_copy,
        name="appointee_equality_copy",
    ),
    path(M, manage.manage_home, name="manage_home"),
    path(M + "requests/new/", manage.request_create, name="request_create"),
    path(M + "requests/decisions/", manage.request_decisions, name="request_decisions"),
    path(M + "requests/<int:pk>/decide/", manage.request_decide, name="request_decide"),
    path(M + "requests/<int:pk>/advertise/", manage.campaign_create, name="campaign_create"),
    path(M + "campaigns/<int:pk>/", manage.campaign_detail, name="campaign_detail"),
    path(M + "campaigns/<int:pk>/edit/", manage.campaign_edit, name="campaign_edit"),
    path(M + "campaigns/<int:pk>/lock/", manage.shortlist_lock, name="shortlist_lock"),
    path(M + "applications/<int:pk>/", manage.application_detail, name="application_detail"),
    path(M + "applications/<int:pk>/cv/", manage.application_cv, name="application_cv"),
    path(
        M + "campaigns/<int:pk>/learning/",
        manage.learning_survey_create,
        name="learning_survey_create",
    ),
    path(M + "funnel/", manage.funnel, name="funnel"),
    path(M + "talent-pool/", manage.talent_pool_list, name="talent_pool_list"),
    path(M + "exit-interviews/", manage.exit_interview_list, name="exit_interview_list"),
    path(
        M + "exit-interviews/<int:appointment_pk>/",
        manage.exit_interview_record,
        name="exit_interview_record",
    ),
    path(M + "panel/", panel.panel_home, name="panel_home"),
    path(M + "panel/<int:pk>/shortlist/", panel.panel_shortlist, name="panel_shortlist"),
    path(
        M + "panel/<int:pk>/shortlist/<int:application_pk>/",
        panel.panel_shortlist_score,
        name="panel_shortlist_score",
    ),
    path(M + "panel/<int:pk>/interview/", panel.panel_interview, name="panel_interview"),
    path(
        M + "panel/<int:pk>/interview/<int:application_pk>/",
        panel.panel_interview_score,
        name="panel_interview_score",
    ),
]
