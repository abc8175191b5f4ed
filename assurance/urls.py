"""Mounted with ``path("assurance/", include("assurance.urls"))``."""

from django.urls import path

from ccpl.pagecache import cached_public_page

from .views import manage, peer, public, yousaid

app_name = "assurance"

M = "manage/"

urlpatterns = [
    path("", cached_public_page(public.summary), name="summary"),
    path(M, manage.assessment_list, name="manage"),
    path(M + "new/", manage.assessment_create, name="assessment_create"),
    path(M + "compare/", manage.comparison, name="comparison"),
    path(M + "principles/", manage.principle_list, name="principle_list"),
    path(M + "principles/<int:pk>/", manage.core_expectation_edit, name="core_expectation_edit"),
    path(M + "levels/<int:pk>/", manage.level_description_edit, name="level_description_edit"),
    path(M + "<int:pk>/", manage.assessment_detail, name="assessment_detail"),
    path(M + "<int:pk>/review/", manage.send_for_review, name="send_for_review"),
    path(M + "<int:pk>/review/outcome/", manage.record_review, name="record_review"),
    path(M + "<int:pk>/sign-off/", manage.sign_off, name="sign_off"),
    path(M + "<int:pk>/publish/", manage.publish, name="publish"),
    path(M + "entries/<int:pk>/", manage.entry_edit, name="entry_edit"),
    path(M + "entries/<int:pk>/evidence/link/", manage.evidence_link_add, name="evidence_link"),
    path(
        M + "entries/<int:pk>/evidence/upload/",
        manage.evidence_document_add,
        name="evidence_upload",
    ),
    path(M + "evidence/<int:pk>/remove/", manage.evidence_remove, name="evidence_remove"),
    path(M + "evidence/<int:pk>/download/", manage.evidence_download, name="evidence_download"),
    # Peer review (issue 18).
    path(M + "<int:pk>/peer-review/", peer.peer_review_start, name="peer_review_start"),
    path(M + "<int:pk>/peer-review/invite/", peer.reviewer_invite, name="peer_reviewer_invite"),
    path(M + "peer-reviewers/<int:pk>/extend/", peer.reviewer_extend, name="peer_reviewer_extend"),
    path(M + "peer-reviewers/<int:pk>/revoke/", peer.reviewer_revoke, name="peer_reviewer_revoke"),
    path(M + "peer-reviewers/<int:pk>/resend/", peer.reviewer_resend, name="peer_reviewer_resend"),
    path("review/<str:token>/", peer.review_page, name="peer_review_page"),
    path(M + "you-said-we-did/", yousaid.manage_list, name="you_said_manage"),
    path(M + "you-said-we-did/new/", yousaid.entry_create, name="you_said_create"),
    path(M + "you-said-we-did/<int:pk>/", yousaid.entry_edit, name="you_said_edit"),
    path(M + "you-said-we-did/<int:pk>/delete/", yousaid.entry_delete, name="you_said_delete"),
    path("you-said-we-did/", cached_public_page(yousaid.public_page), name="you_said"),
]
