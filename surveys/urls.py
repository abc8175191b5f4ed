"""Staff pages at /surveys/manage/ and the published results at /surveys/results/.

Mount with ``path("surveys/", include("surveys.urls"))``; the respondent journey is in
``surveys.respond_urls`` at ``/survey/``.
"""

from django.urls import path

from ccpl.pagecache import cached_public_page

from .views import imports, invitations, manage, results

app_name = "surveys"

urlpatterns = [
    path("results/", cached_public_page(results.published_list), name="published_list"),
    path(
        "results/<int:pk>/", cached_public_page(results.published_detail), name="published_detail"
    ),
    path(
        "results/<int:pk>/comments/<int:question_pk>/",
        cached_public_page(results.published_comments),
        name="published_comments",
    ),
    path(
        "results/<int:pk>/results.csv",
        cached_public_page(results.published_export),
        name="published_export",
    ),
    path("manage/", manage.SurveyListView.as_view(), name="survey_list"),
    path("manage/new/", manage.survey_create, name="survey_create"),
    path("manage/trends/", results.trends, name="trends"),
    path("manage/<int:pk>/", manage.survey_detail, name="survey_detail"),
    path("manage/<int:pk>/details/", manage.survey_edit, name="survey_edit"),
    path("manage/<int:pk>/status/", manage.survey_status, name="survey_status"),
    path("manage/<int:pk>/pages/new/", manage.section_form, name="section_create"),
    path("manage/<int:pk>/pages/<int:section_pk>/", manage.section_form, name="section_edit"),
    path("manage/<int:pk>/questions/new/", manage.question_form, name="question_create"),
    path(
        "manage/<int:pk>/questions/<int:question_pk>/", manage.question_form, name="question_edit"
    ),
    *[
        path(
            f"manage/<int:pk>/{segment}/<int:item_pk>/{action}/",
            view,
            {"kind": kind},
            name=f"{kind}_{action}",
        )
        for segment, kind in (("pages", "section"), ("questions", "question"))
        for action, view in (("move", manage.item_move), ("remove", manage.item_delete))
    ],
    path("manage/<int:pk>/preview/", manage.preview, name="preview_start"),
    path("manage/<int:pk>/preview/<int:number>/", manage.preview, name="preview"),
    path("manage/<int:pk>/invitations/", invitations.invitation_list, name="invitation_list"),
    path("manage/<int:pk>/invitations/add/", invitations.invitation_add, name="invitation_add"),
    path(
        "manage/<int:pk>/invitations/send/", invitations.invitations_send, name="invitations_send"
    ),
    path(
        "manage/<int:pk>/invitations/remind/",
        invitations.invitations_send,
        {"reminders": True},
        name="invitations_remind",
    ),
    path("manage/<int:pk>/results/", results.results, name="results"),
    path("manage/<int:pk>/results/breakdown/", results.breakdown, name="breakdown"),
    path(
        "manage/<int:pk>/results/responses.csv", results.responses_export, name="responses_export"
    ),
    path("manage/<int:pk>/results/results.csv", results.results_export, name="results_export"),
    path("manage/<int:pk>/results/comments/", results.comment_list, name="comment_list"),
    path(
        "manage/<int:pk>/results/comments/<uuid:answer_pk>/",
        results.comment_moderate,
        name="comment_moderate",
    ),
    path(
        "manage/<int:pk>/results/recommendations/",
        results.recommendations,
        name="recommendations",
    ),
    path("manage/<int:pk>/import/", imports.import_upload, name="import_upload"),
    path("manage/<int:pk>/import/columns/", imports.import_map, name="import_map"),
    path("manage/<int:pk>/import/answers/", imports.import_answers, name="import_answers"),
]
