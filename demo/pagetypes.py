"""One address for every page type of the product, in the data at hand (issue 15).

A page type is a URL pattern that answers a GET with a page (HTML, CSV, JSON or a calendar)
for some kind of user: ``page_types()`` gives each pattern a concrete address built from the
data in the database, with the account that may open it (``staff`` or ``exec`` for the
management pages, ``panel`` for a recruitment panel's pages, ``leader`` for a leader's own
profile, None for the public). ``tests/bench/test_smoke_benchmark.py`` loads them all at two
data sizes and holds each page's number of SQL queries constant;
``tests/bench/test_query_counts.py`` checks that no page type of the product is left out.
Where an address names an object, it is the one with the most rows of what its page lists
(members, applications, updates…), so a page whose queries grow with those rows shows it.

The accounts are the demo ICB's (``ccpl.demo``), which the generated data keeps.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.utils import timezone

from actions.models import Action, ActionPlan
from assurance import peer_services
from assurance.models import (
    Assessment,
    AssessmentEntry,
    LevelDescription,
    PeerReviewer,
    Principle,
    YouSaid,
)
from ccpl.models import Person
from communications import cascade_services
from communications import services as communication_services
from communications.models import (
    Bulletin,
    BulletinAttachment,
    Network,
    PractitionerComment,
    PractitionerItem,
    Subscriber,
)
from development.models import (
    Cohort,
    CohortApplication,
    CohortProject,
    CohortSession,
    Match,
    Offer,
)
from forums.models import CoproductionReview, Forum, Meeting, Membership, ReportingLine
from recruitment import services as recruitment_services
from recruitment.models import Application, Campaign, RequestToRecruit
from reports.kinds import available_kinds
from roles.models import Appointment, JobDescription, LinkRole, Role, RoleFunction
from surveys.models import Question, QuestionKind, Survey

from .bench import Page


def _largest(queryset, relation: str):
    """The object with the most ``relation`` rows: a detail page then shows the most rows the
    data at hand gives it, and would show more queries if each row cost its own."""
    return _first(queryset.annotate(rows=Count(relation, distinct=True)), "-rows", "pk")


def _first(queryset, *order: str):
    found = queryset.order_by(*(order or ("pk",))).first()
    if found is None:
        raise LookupError(f"no {queryset.model.__name__} in the data at hand for a page type")
    return found


PUBLIC: dict[str, str] = {
    "": "/",
    "actions/progress/": "/actions/progress/",
    "assurance/": "/assurance/",
    # A peer reviewer's link (no sign-in), made fresh as the worker makes it for the e-mail.
    "assurance/review/<str:token>/": "/assurance/review/{peer_token}/",
    "assurance/you-said-we-did/": "/assurance/you-said-we-did/",
    "communications/": "/communications/",
    "communications/bulletins/<int:pk>/": "/communications/bulletins/{public_bulletin}/",
    "communications/preferences/<str:token>/": "/communications/preferences/{preference_token}/",
    "communications/unsubscribe/<str:token>/": "/communications/unsubscribe/{preference_token}/",
    "communications/bulletins/<int:pk>/attachments/<int:attachment_pk>/": (
        "/communications/bulletins/{public_attachment_bulletin}/attachments/{public_attachment}/"
    ),
    "communications/networks/": "/communications/networks/",
    "communications/networks/<slug:slug>/join/": "/communications/networks/{network_slug}/join/",
    "communications/networks/<slug:slug>/join/sent/": (
        "/communications/networks/{network_slug}/join/sent/"
    ),
    "communications/networks/confirm/<str:token>/": (
        "/communications/networks/confirm/{join_token}/"
    ),
    "communications/networks/leave/<str:token>/": "/communications/networks/leave/{leave_token}/",
    "development/": "/development/",
    "development/<int:pk>/": "/development/{offer}/",
    "development/cohorts/<int:pk>/apply/": "/development/cohorts/{open_cohort}/apply/",
    "forums/": "/forums/",
    "forums/<slug:slug>/": "/forums/{forum}/",
    "forums/<slug:slug>/meetings.ics": "/forums/{forum}/meetings.ics",
    "forums/map/": "/forums/map/",
    "healthz": "/healthz",
    "roles/": "/roles/",
    "roles/diversity.csv": "/roles/diversity.csv",
    "roles/diversity/": "/roles/diversity/",
    "roles/register.csv": "/roles/register.csv",
    "roles/register.json": "/roles/register.json",
    "survey/thank-you/": "/survey/thank-you/",
    "surveys/results/": "/surveys/results/",
    "surveys/results/<int:pk>/": "/surveys/results/{survey}/",
    "surveys/results/<int:pk>/results.csv": "/surveys/results/{survey}/results.csv",
    "surveys/results/<int:pk>/comments/<int:question_pk>/": (
        "/surveys/results/{survey}/comments/{free_text}/"
    ),
    "vacancies/": "/vacancies/",
    "vacancies/<int:pk>/": "/vacancies/{vacancy}/",
    "vacancies/<int:pk>/apply/": "/vacancies/{vacancy}/apply/",
    "vacancies/feed/": "/vacancies/feed/",
    "vacancies/talent-pool/": "/vacancies/talent-pool/",
}
LEADER: dict[str, str] = {
    "profile/": "/profile/",
    "communications/forum/": "/communications/forum/",
    "communications/forum/new/": "/communications/forum/new/",
    "communications/forum/<int:pk>/": "/communications/forum/{forum_item}/",
    "communications/forum/<int:pk>/comment/": "/communications/forum/{forum_item}/comment/",
    "communications/preferences/": "/communications/preferences/",
    "communications/bulletins/<int:pk>/forward/<int:network_pk>/": (
        "/communications/bulletins/{sent_bulletin}/forward/{led_network}/"
    ),
    "profile/mentoring/": "/profile/mentoring/",
    "profile/mentoring/ask/": "/profile/mentoring/ask/",
    "profile/mentoring/matches/<int:pk>/": "/profile/mentoring/matches/{match}/",
    "profile/mentoring/matches/<int:pk>/check-ins/new/": (
        "/profile/mentoring/matches/{match}/check-ins/new/"
    ),
    "profile/mentoring/matches/<int:pk>/close/": "/profile/mentoring/matches/{match}/close/",
    "profile/details/": "/profile/details/",
    "profile/equality/": "/profile/equality/",
    "profile/development/": "/profile/development/",
}
PANEL: dict[str, str] = {
    "recruitment/manage/panel/": "/recruitment/manage/panel/",
    "recruitment/manage/panel/<int:pk>/shortlist/": (
        "/recruitment/manage/panel/{panel_campaign}/shortlist/"
    ),
    "recruitment/manage/panel/<int:pk>/shortlist/<int:application_pk>/": (
        "/recruitment/manage/panel/{panel_campaign}/shortlist/{panel_application}/"
    ),
    "recruitment/manage/panel/<int:pk>/interview/": (
        "/recruitment/manage/panel/{interview_campaign}/interview/"
    ),
    "recruitment/manage/panel/<int:pk>/interview/<int:application_pk>/": (
        "/recruitment/manage/panel/{interview_campaign}/interview/{interviewee}/"
    ),
}
BOARD: dict[str, str] = {
    "reports/board/": "/reports/board/",
}
EXECUTIVE: dict[str, str] = {
    "communications/manage/forum/figures/": "/communications/manage/forum/figures/",
    "recruitment/manage/requests/<int:pk>/decide/": (
        "/recruitment/manage/requests/{pending}/decide/"
    ),
    "recruitment/manage/requests/decisions/": "/recruitment/manage/requests/decisions/",
    "dashboard/": "/dashboard/",
}
STAFF: dict[str, str] = {
    "communications/manage/forum/": "/communications/manage/forum/",
    "communications/manage/forum/<int:pk>/": "/communications/manage/forum/{forum_item}/",
    "communications/manage/forum/<int:pk>/hide/": "/communications/manage/forum/{forum_item}/hide/",
    "communications/manage/forum/<int:pk>/merge/": (
        "/communications/manage/forum/{forum_item}/merge/"
    ),
    "communications/manage/forum/<int:pk>/route/": (
        "/communications/manage/forum/{forum_item}/route/"
    ),
    "communications/manage/forum/<int:pk>/answer/": (
        "/communications/manage/forum/{forum_item}/answer/"
    ),
    "communications/manage/forum/<int:pk>/act/": "/communications/manage/forum/{forum_item}/act/",
    "communications/manage/forum/comments/<int:pk>/hide/": (
        "/communications/manage/forum/comments/{forum_comment}/hide/"
    ),
    "assurance/manage/": "/assurance/manage/",
    "assurance/manage/new/": "/assurance/manage/new/",
    "assurance/manage/compare/": "/assurance/manage/compare/",
    "assurance/manage/principles/": "/assurance/manage/principles/",
    "assurance/manage/principles/<int:pk>/": "/assurance/manage/principles/{core_expectation}/",
    "assurance/manage/levels/<int:pk>/": "/assurance/manage/levels/{level_description}/",
    "assurance/manage/<int:pk>/": "/assurance/manage/{draft_assessment}/",
    "assurance/manage/<int:pk>/review/": "/assurance/manage/{draft_assessment}/review/",
    "assurance/manage/<int:pk>/review/outcome/": (
        "/assurance/manage/{draft_assessment}/review/outcome/"
    ),
    "assurance/manage/entries/<int:pk>/": "/assurance/manage/entries/{draft_entry}/",
    "assurance/manage/<int:pk>/peer-review/invite/": (
        "/assurance/manage/{draft_assessment}/peer-review/invite/"
    ),
    "assurance/manage/peer-reviewers/<int:pk>/extend/": (
        "/assurance/manage/peer-reviewers/{peer_reviewer}/extend/"
    ),
    "assurance/manage/entries/<int:pk>/evidence/link/": (
        "/assurance/manage/entries/{draft_entry}/evidence/link/"
    ),
    "assurance/manage/entries/<int:pk>/evidence/upload/": (
        "/assurance/manage/entries/{draft_entry}/evidence/upload/"
    ),
    "assurance/manage/you-said-we-did/": "/assurance/manage/you-said-we-did/",
    "assurance/manage/you-said-we-did/new/": "/assurance/manage/you-said-we-did/new/",
    "assurance/manage/you-said-we-did/<int:pk>/": (
        "/assurance/manage/you-said-we-did/{you_said_entry}/"
    ),
    "assurance/manage/you-said-we-did/<int:pk>/delete/": (
        "/assurance/manage/you-said-we-did/{you_said_entry}/delete/"
    ),
    "communications/manage/audience/": "/communications/manage/audience/",
    "communications/manage/": "/communications/manage/",
    "communications/manage/new/": "/communications/manage/new/",
    "communications/manage/<int:pk>/": "/communications/manage/{sent_bulletin}/",
    "communications/manage/<int:pk>/edit/": "/communications/manage/{draft_bulletin}/edit/",
    "communications/manage/<int:pk>/schedule/": (
        "/communications/manage/{draft_bulletin}/schedule/"
    ),
    "communications/manage/<int:pk>/attachments/new/": (
        "/communications/manage/{draft_bulletin}/attachments/new/"
    ),
    "communications/manage/networks/": "/communications/manage/networks/",
    "communications/manage/networks/new/": "/communications/manage/networks/new/",
    "communications/manage/networks/<int:pk>/": "/communications/manage/networks/{network}/",
    "communications/manage/networks/<int:pk>/edit/": (
        "/communications/manage/networks/{network}/edit/"
    ),
    "actions/": "/actions/",
    "actions/<int:pk>/": "/actions/{action}/",
    "actions/manage/actions/<int:pk>/edit/": "/actions/manage/actions/{action}/edit/",
    "actions/manage/actions/<int:pk>/progress/": ("/actions/manage/actions/{action}/progress/"),
    "actions/manage/plans/<int:plan_pk>/actions/new/": (
        "/actions/manage/plans/{plan}/actions/new/"
    ),
    "actions/manage/plans/<int:plan_pk>/edit/": "/actions/manage/plans/{plan}/edit/",
    "actions/manage/plans/<int:plan_pk>/refresh/": "/actions/manage/plans/{plan}/refresh/",
    "actions/manage/plans/import/": "/actions/manage/plans/import/",
    "actions/manage/plans/import/template.csv": "/actions/manage/plans/import/template.csv",
    "actions/manage/plans/new/": "/actions/manage/plans/new/",
    "actions/plans/": "/actions/plans/",
    "actions/plans/<int:plan_pk>/": "/actions/plans/{plan}/",
    "actions/plans/<int:plan_pk>/actions/": "/actions/plans/{plan}/actions/",
    "actions/plans/<int:plan_pk>/council-report/": "/actions/plans/{plan}/council-report/",
    "actions/plans/<int:plan_pk>/timeline/": "/actions/plans/{plan}/timeline/",
    "development/manage/": "/development/manage/",
    "development/manage/applications/<int:pk>/": (
        "/development/manage/applications/{cohort_application}/"
    ),
    "development/manage/applications/<int:pk>/decide/": (
        "/development/manage/applications/{cohort_application}/decide/"
    ),
    "development/manage/<int:pk>/": "/development/manage/{offer}/",
    "development/manage/<int:pk>/cohorts/new/": "/development/manage/{offer}/cohorts/new/",
    "development/manage/<int:pk>/edit/": "/development/manage/{offer}/edit/",
    "development/manage/cohorts/": "/development/manage/cohorts/",
    "development/manage/cohorts/<int:pk>/": "/development/manage/cohorts/{applied_cohort}/",
    "development/manage/cohorts/<int:pk>/edit/": "/development/manage/cohorts/{cohort}/edit/",
    "development/manage/cohorts/<int:pk>/sessions/new/": (
        "/development/manage/cohorts/{run_cohort}/sessions/new/"
    ),
    "development/manage/sessions/<int:pk>/edit/": (
        "/development/manage/sessions/{cohort_session}/edit/"
    ),
    "development/manage/sessions/<int:pk>/register/": (
        "/development/manage/sessions/{cohort_session}/register/"
    ),
    "development/manage/applications/<int:pk>/completion/": (
        "/development/manage/applications/{participant}/completion/"
    ),
    "development/manage/cohorts/<int:pk>/projects/": (
        "/development/manage/cohorts/{lab_cohort}/projects/"
    ),
    "development/manage/cohorts/<int:pk>/projects/new/": (
        "/development/manage/cohorts/{lab_cohort}/projects/new/"
    ),
    "development/manage/projects/<int:pk>/edit/": (
        "/development/manage/projects/{cohort_project}/edit/"
    ),
    "development/manage/new/": "/development/manage/new/",
    "development/manage/pipeline/": "/development/manage/pipeline/",
    "development/manage/mentoring/": "/development/manage/mentoring/",
    "development/manage/uptake/": "/development/manage/uptake/",
    "development/manage/mentoring/mentors/new/": "/development/manage/mentoring/mentors/new/",
    "development/manage/mentoring/mentors/<int:pk>/edit/": (
        "/development/manage/mentoring/mentors/{mentor}/edit/"
    ),
    "forums/manage/": "/forums/manage/",
    "forums/manage/<slug:slug>/": "/forums/manage/{forum}/",
    "forums/manage/<slug:slug>/edit/": "/forums/manage/{forum}/edit/",
    "forums/manage/<slug:slug>/meetings/new/": "/forums/manage/{forum}/meetings/new/",
    "forums/manage/<slug:slug>/members/new/": "/forums/manage/{forum}/members/new/",
    "forums/manage/<slug:slug>/remit/": "/forums/manage/{forum}/remit/",
    "forums/manage/<slug:slug>/reporting-lines/new/": (
        "/forums/manage/{forum}/reporting-lines/new/"
    ),
    "forums/manage/<slug:slug>/terms/new/": "/forums/manage/{forum}/terms/new/",
    "forums/manage/calendar/": "/forums/manage/calendar/",
    "forums/manage/coproduction/": "/forums/manage/coproduction/",
    "forums/manage/coproduction/<int:pk>/delete/": (
        "/forums/manage/coproduction/{coproduction_review}/delete/"
    ),
    "forums/manage/coproduction/<int:pk>/edit/": (
        "/forums/manage/coproduction/{coproduction_review}/edit/"
    ),
    "forums/manage/coproduction/new/": "/forums/manage/coproduction/new/",
    "forums/manage/decisions/": "/forums/manage/decisions/",
    "forums/manage/meetings/<int:pk>/": "/forums/manage/meetings/{meeting}/",
    "forums/manage/meetings/<int:pk>/edit/": "/forums/manage/meetings/{meeting}/edit/",
    "forums/manage/meetings/<int:pk>/papers/new/": (
        "/forums/manage/meetings/{meeting}/papers/new/"
    ),
    "forums/manage/members/<int:pk>/edit/": "/forums/manage/members/{membership}/edit/",
    "forums/manage/membership-mix/": "/forums/manage/membership-mix/",
    "forums/manage/new/": "/forums/manage/new/",
    "forums/manage/reporting-lines/<int:pk>/remove/": (
        "/forums/manage/reporting-lines/{line}/remove/"
    ),
    "manage/benchmarks/": "/manage/benchmarks/",
    "manage/benchmarks/import/": "/manage/benchmarks/import/",
    "manage/emails/": "/manage/emails/",
    "manage/history/<int:content_type_id>/<int:object_id>/": (
        "/manage/history/{person_type}/{person}/"
    ),
    "manage/people/": "/manage/people/",
    "manage/people/<int:pk>/": "/manage/people/{person}/",
    "manage/people/<int:pk>/edit/": "/manage/people/{person}/edit/",
    "manage/people/<int:pk>/invite/": "/manage/people/{person}/invite/",
    "manage/people/add/": "/manage/people/add/",
    "recruitment/manage/": "/recruitment/manage/",
    "recruitment/manage/applications/<int:pk>/": (
        "/recruitment/manage/applications/{application}/"
    ),
    "recruitment/manage/applications/<int:pk>/cv/": (
        "/recruitment/manage/applications/{application}/cv/"
    ),
    "recruitment/manage/campaigns/<int:pk>/": "/recruitment/manage/campaigns/{campaign}/",
    "recruitment/manage/campaigns/<int:pk>/edit/": (
        "/recruitment/manage/campaigns/{campaign}/edit/"
    ),
    "recruitment/manage/exit-interviews/": "/recruitment/manage/exit-interviews/",
    "recruitment/manage/exit-interviews/<int:appointment_pk>/": (
        "/recruitment/manage/exit-interviews/{ended}/"
    ),
    "recruitment/manage/funnel/": "/recruitment/manage/funnel/",
    "recruitment/manage/requests/new/": "/recruitment/manage/requests/new/",
    "recruitment/manage/talent-pool/": "/recruitment/manage/talent-pool/",
    "reports/": "/reports/",
    "reports/new/<slug:kind>/": "/reports/new/{report_kind}/",
    "roles/manage/": "/roles/manage/",
    "roles/manage/<int:pk>/": "/roles/manage/{role}/",
    "roles/manage/<int:pk>/edit/": "/roles/manage/{role}/edit/",
    "roles/manage/<int:pk>/job-descriptions/new/": ("/roles/manage/{role}/job-descriptions/new/"),
    "roles/manage/<int:pk>/seats/new/": "/roles/manage/{role}/seats/new/",
    "roles/manage/appointments/<int:pk>/development/": (
        "/roles/manage/appointments/{appointment}/development/"
    ),
    "roles/manage/appointments/<int:pk>/edit/": ("/roles/manage/appointments/{appointment}/edit/"),
    "roles/manage/appointments/<int:pk>/end/": ("/roles/manage/appointments/{appointment}/end/"),
    "roles/manage/due/": "/roles/manage/due/",
    "roles/manage/functions/": "/roles/manage/functions/",
    "roles/manage/functions/<int:pk>/edit/": "/roles/manage/functions/{function}/edit/",
    "roles/manage/functions/new/": "/roles/manage/functions/new/",
    "roles/manage/job-descriptions/<int:pk>/": (
        "/roles/manage/job-descriptions/{job_description}/"
    ),
    "roles/manage/link-roles/": "/roles/manage/link-roles/",
    "roles/manage/link-roles/<int:pk>/edit/": "/roles/manage/link-roles/{link_role}/edit/",
    "roles/manage/link-roles/<int:pk>/remove/": ("/roles/manage/link-roles/{link_role}/remove/"),
    "roles/manage/link-roles/new/": "/roles/manage/link-roles/new/",
    "roles/manage/new/": "/roles/manage/new/",
    "roles/manage/review/": "/roles/manage/review/",
    "roles/manage/snapshots/": "/roles/manage/snapshots/",
    "surveys/manage/": "/surveys/manage/",
    "surveys/manage/<int:pk>/": "/surveys/manage/{survey}/",
    "surveys/manage/<int:pk>/details/": "/surveys/manage/{survey}/details/",
    "surveys/manage/<int:pk>/invitations/": "/surveys/manage/{survey}/invitations/",
    "surveys/manage/<int:pk>/invitations/add/": ("/surveys/manage/{survey}/invitations/add/"),
    "surveys/manage/<int:pk>/preview/": "/surveys/manage/{survey}/preview/",
    # The results pages, the preview's later pages and the import are not reached by the
    # authorisation matrix's crawl (its survey has no results, and the crawl follows links
    # only): they are counted here all the same.
    "surveys/manage/<int:pk>/results/": "/surveys/manage/{survey}/results/",
    "surveys/manage/<int:pk>/results/breakdown/": "/surveys/manage/{survey}/results/breakdown/",
    "surveys/manage/<int:pk>/results/comments/": "/surveys/manage/{survey}/results/comments/",
    "surveys/manage/<int:pk>/results/recommendations/": (
        "/surveys/manage/{survey}/results/recommendations/"
    ),
    "surveys/manage/<int:pk>/results/responses.csv": (
        "/surveys/manage/{survey}/results/responses.csv"
    ),
    "surveys/manage/<int:pk>/results/results.csv": "/surveys/manage/{survey}/results/results.csv",
    "surveys/manage/<int:pk>/preview/<int:number>/": "/surveys/manage/{survey}/preview/2/",
    "surveys/manage/<int:pk>/import/": "/surveys/manage/{survey}/import/",
    # (The builder's page and question forms answer only for a draft survey, which the
    # generated data does not have.)
    "surveys/manage/new/": "/surveys/manage/new/",
    "surveys/manage/trends/": "/surveys/manage/trends/",
}

# Each page type's account: None is the public.
BY_USER: dict[str | None, dict[str, str]] = {
    None: PUBLIC,
    "leader": LEADER,
    "panel": PANEL,
    "board": BOARD,
    "exec": EXECUTIVE,
    "staff": STAFF,
}
ROUTES = frozenset(route for routes in BY_USER.values() for route in routes)


def page_types() -> list[Page]:
    """Every page type, labelled by its URL pattern (as ``tests/authz_matrix.json`` names
    it), with an address in the data at hand and the account that opens it."""
    refs = _references()
    return [
        Page(route, address.format(**refs), username)
        for username, routes in BY_USER.items()
        for route, address in routes.items()
    ]


def _references() -> dict[str, object]:
    """The objects the addresses name, found in the data at hand."""
    today = timezone.localdate()
    plan = _first(ActionPlan.objects.filter(status=ActionPlan.Status.ACTIVE))
    action = _largest(Action.objects.filter(plan=plan), "updates")
    forum = _largest(Forum.objects.filter(is_public=True), "memberships")
    meeting = _largest(Meeting.objects.filter(forum=forum), "attendance")
    membership = _first(Membership.objects.filter(forum=forum))
    line = _first(ReportingLine.objects.all())
    person = _largest(Person.objects.filter(user__isnull=True), "appointments")
    person_type = ContentType.objects.get_for_model(Person).pk
    role = _largest(Role.objects.all(), "appointments")
    appointment = _largest(Appointment.objects.filter(ended_on__isnull=True), "development")
    ended = _first(Appointment.objects.filter(ended_on__isnull=False, exit_interview__isnull=True))
    job_description = _largest(JobDescription.objects.all(), "campaigns")
    function = _largest(RoleFunction.objects.all(), "roles")
    link_role = _first(LinkRole.objects.all())
    campaign = _largest(Campaign.objects.filter(closes_on__lt=today), "applications")
    vacancy = _largest(Campaign.objects.open(), "applications")
    application = _first(Application.objects.filter(campaign=campaign))
    panel_campaign = _first(Campaign.objects.filter(panel__username="panel"))
    panel_application = _first(Application.objects.filter(campaign=panel_campaign))
    interview_campaign = _first(
        Campaign.objects.filter(
            panel__username="panel",
            applications__stage__in=recruitment_services.SHORTLISTED_STAGES,
        )
    )
    interviewee = _first(
        Application.objects.filter(
            campaign=interview_campaign, stage__in=recruitment_services.SHORTLISTED_STAGES
        )
    )
    pending = _first(RequestToRecruit.objects.filter(status=RequestToRecruit.Status.PENDING))
    survey = _first(
        Survey.objects.filter(
            status=Survey.Status.PUBLISHED, results_audience=Survey.Audience.PUBLIC
        ),
        "-year",
        "pk",
    )
    free_text = _largest(
        Question.objects.filter(survey=survey, kind=QuestionKind.FREE_TEXT), "answers"
    )
    report_kind = available_kinds()[0].value
    # Development offers come from the demo ICB (``development.demo``), not in volume yet.
    offer = _largest(Offer.objects.filter(is_published=True), "cohorts")
    cohort = _first(Cohort.objects.filter(offer=offer))
    open_cohort = _first(Cohort.objects.open_on(today))
    applied_cohort = _largest(Cohort.objects.all(), "applications")
    cohort_application = _first(CohortApplication.objects.filter(cohort=applied_cohort))
    # A cohort's run (``development.cohort_run_demo``): the session with the longest register,
    # a participant of it, and the project lab with the most projects.
    cohort_session = _largest(CohortSession.objects.all(), "attendance")
    run_cohort = cohort_session.cohort_id
    participant = _first(
        CohortApplication.objects.filter(
            cohort_id=run_cohort, status=CohortApplication.Status.SELECTED
        )
    )
    lab_cohort = _largest(Cohort.objects.filter(projects__isnull=False), "projects")
    cohort_project = _first(CohortProject.objects.filter(cohort=lab_cohort))
    # The demo leader's own mentoring match (``development.demo.load_mentoring``).
    match = _largest(
        Match.objects.filter(
            status=Match.Status.CONFIRMED, request__mentee__user__username="leader"
        ),
        "check_ins",
    )
    # A leader's signed preference link, as the e-mails carry it.
    leader_email = _first(Person.objects.filter(user__username="leader")).email
    bulletins = Bulletin.objects.all()
    public_attachment = _first(
        BulletinAttachment.objects.filter(bulletin__status="sent", bulletin__is_public=True)
    )
    network = _largest(Network.objects.filter(is_open=True), "subscribers")
    forum_item = _largest(
        PractitionerItem.objects.filter(moderation=PractitionerItem.Moderation.ACCEPTED),
        "comments",
    )
    # The demo's draft self-assessment (``assurance.demo``), and its entry with most evidence.
    draft_assessment = _first(Assessment.objects.filter(status=Assessment.Status.DRAFT), "-year")
    draft_entry = _largest(AssessmentEntry.objects.filter(assessment=draft_assessment), "evidence")
    # Its peer reviewer with most comments (``assurance.demo``), and a link for them.
    peer_reviewer = _largest(
        PeerReviewer.objects.filter(assessment=draft_assessment, revoked_at__isnull=True),
        "comments",
    )
    return {
        "forum_item": forum_item.pk,
        "forum_comment": _first(PractitionerComment.objects.filter(item=forum_item)).pk,
        "draft_assessment": draft_assessment.pk,
        "draft_entry": draft_entry.pk,
        "peer_reviewer": peer_reviewer.pk,
        "peer_token": peer_services.review_token(peer_reviewer.pk),
        "you_said_entry": _largest(YouSaid.objects.all(), "actions").pk,
        "level_description": _first(LevelDescription.objects.all()).pk,
        "core_expectation": _first(Principle.objects.filter(priority__isnull=True)).pk,
        "public_bulletin": _first(bulletins.filter(status="sent", is_public=True)).pk,
        "sent_bulletin": _largest(bulletins.filter(status="sent"), "deliveries").pk,
        "draft_bulletin": _first(bulletins.filter(status="draft")).pk,
        "preference_token": communication_services.preference_token(leader_email),
        "public_attachment_bulletin": public_attachment.bulletin_id,
        "public_attachment": public_attachment.pk,
        "network": network.pk,
        "network_slug": network.slug,
        "led_network": _first(Network.objects.filter(leads__user__username="leader")).pk,
        "join_token": cascade_services.join_token(
            _first(Subscriber.objects.filter(network=network, confirmed_at__isnull=True))
        ),
        "leave_token": cascade_services.leave_token(network.pk, leader_email),
        "plan": plan.pk,
        "action": action.pk,
        "forum": forum.slug,
        "meeting": meeting.pk,
        "membership": membership.pk,
        "line": line.pk,
        # The demo's co-production reviews (``forums.demo``).
        "coproduction_review": _first(CoproductionReview.objects.all(), "-held_on", "pk").pk,
        "person": person.pk,
        "person_type": person_type,
        "role": role.pk,
        "appointment": appointment.pk,
        "ended": ended.pk,
        "job_description": job_description.pk,
        "function": function.pk,
        "link_role": link_role.pk,
        "campaign": campaign.pk,
        "vacancy": vacancy.pk,
        "application": application.pk,
        "panel_campaign": panel_campaign.pk,
        "panel_application": panel_application.pk,
        "interview_campaign": interview_campaign.pk,
        "interviewee": interviewee.pk,
        "pending": pending.pk,
        "survey": survey.pk,
        "free_text": free_text.pk,
        "report_kind": report_kind,
        "offer": offer.pk,
        "cohort": cohort.pk,
        "open_cohort": open_cohort.pk,
        "applied_cohort": applied_cohort.pk,
        "cohort_application": cohort_application.pk,
        "cohort_session": cohort_session.pk,
        "run_cohort": run_cohort,
        "participant": participant.pk,
        "lab_cohort": lab_cohort.pk,
        "cohort_project": cohort_project.pk,
        "match": match.pk,
        "mentor": match.mentor_id,
    }
