"""Writes for recruitment. Every function is keyword-only and runs in one transaction."""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from ccpl import queue
from ccpl import services as core_services
from ccpl.history import saved as _saved
from ccpl.models import Person
from ccpl.rules import EXECUTIVE
from roles import selectors as role_selectors
from roles import services as role_services

from . import hooks
from .fit import RoleFit
from .models import (
    Announcement,
    Application,
    Campaign,
    ExitInterview,
    PanelScore,
    RequestToRecruit,
    TalentPoolMember,
)

logger = logging.getLogger(__name__)

# Stages that mean the panel shortlisted the candidate (for the funnel).
SHORTLISTED_STAGES = {
    Application.Stage.SHORTLISTED,
    Application.Stage.INTERVIEWED,
    Application.Stage.OFFERED,
    Application.Stage.APPOINTED,
}


@transaction.atomic
def request_to_recruit_create(
    *, user, role, reason: str, proposed_funding: str, proposed_sessions
) -> RequestToRecruit:
    """Ask an executive for approval to recruit to ``role``; every executive is e-mailed
    (after the commit, by the worker) that a request waits for their decision."""
    request = _saved(
        RequestToRecruit(
            role=role,
            reason=reason,
            proposed_funding=proposed_funding,
            proposed_sessions=proposed_sessions,
            requested_by=user,
        ),
        user,
    )
    link = _site_url() + reverse("recruitment:request_decide", kwargs={"pk": request.pk})
    warning = role_selectors.role_recruitment_refusal(role=role)
    for address in _executive_addresses():
        core_services.email_queue(
            to=address,
            subject=f"Request to recruit awaiting your decision: {role.title}",
            body=(
                f"A request to recruit to {role.title} is waiting for your decision.\n\n"
                f"Why: {reason}\nFunding: {proposed_funding}\n\n"
                + (f"Please note: {warning}\n\n" if warning else "")
                + f"Decide on it here: {link}\n"
            ),
            kind="Request to recruit awaiting decision",
            about=f"Request to recruit {request.pk}",
        )
    return request


def _site_url() -> str:
    from django.conf import settings

    return (getattr(settings, "CCPL_SITE_URL", "") or "").rstrip("/")


def _executive_addresses() -> list[str]:
    User = get_user_model()
    return sorted(
        set(
            User.objects.filter(is_active=True, groups__name=EXECUTIVE)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )


def _refuse_filled_role(role) -> None:
    refusal = role_selectors.role_recruitment_refusal(role=role)
    if refusal:
        raise ValidationError(refusal, code="role_filled")


@transaction.atomic
def request_to_recruit_decide(
    *, user, request: RequestToRecruit, approve: bool, reason: str = ""
) -> RequestToRecruit:
    """Approve or decline a request awaiting decision; declining needs a reason."""
    request = RequestToRecruit.objects.select_for_update().get(pk=request.pk)
    if request.status != RequestToRecruit.Status.PENDING:
        raise ValidationError("This request has already been decided.", code="decided")
    if not approve and not reason.strip():
        raise ValidationError({"decision_reason": "Enter why the request is declined"})
    if approve:
        _refuse_filled_role(request.role)
    request.status = (
        RequestToRecruit.Status.APPROVED if approve else RequestToRecruit.Status.DECLINED
    )
    request.decided_by = user
    request.decided_on = timezone.localdate()
    request.decision_reason = reason
    return _saved(request, user)


@transaction.atomic
def campaign_create(
    *,
    user,
    request: RequestToRecruit,
    opens_on: date,
    closes_on: date,
    how_to_apply: str = "",
    nhs_jobs_reference: str = "",
    nhs_jobs_url: str = "",
    on_ics_website: bool = False,
    other_platforms: str = "",
    communicated_to=(),
    panel=(),
    base_url: str = "",
) -> Campaign:
    """Advertise an approved request's role with the role's current job description.

    Refused unless the request is approved, has no campaign yet, the role has a JD and the
    role is not filled (``roles.selectors.role_recruitment_refusal``).
    """
    request = RequestToRecruit.objects.select_for_update().get(pk=request.pk)
    if not request.is_approved:
        raise ValidationError(
            "A role can only be advertised once an executive has approved the request to recruit.",
            code="not_approved",
        )
    if Campaign.objects.filter(request=request).exists():
        raise ValidationError("This request already has a campaign.", code="has_campaign")
    _refuse_filled_role(request.role)
    job_description = request.role.job_descriptions.order_by("-version").first()
    if job_description is None:
        raise ValidationError(
            "The role has no job description. Add one before advertising.", code="no_jd"
        )
    campaign = _saved(
        Campaign(
            request=request,
            role=request.role,
            job_description=job_description,
            opens_on=opens_on,
            closes_on=closes_on,
            how_to_apply=how_to_apply,
            nhs_jobs_reference=nhs_jobs_reference,
            nhs_jobs_url=nhs_jobs_url,
            on_ics_website=on_ics_website,
            other_platforms=other_platforms,
        ),
        user,
    )
    campaign.communicated_to.set(communicated_to)
    campaign.panel.set(panel)
    # Matching talent-pool members hear about the advert (many emails: a Celery task, handed
    # over through the outbox, so a broker outage only delays them).
    queue.send_on_commit("recruitment.tasks.notify_talent_pool", campaign.pk, base_url)
    return campaign


CAMPAIGN_FIELDS = {
    "opens_on",
    "closes_on",
    "how_to_apply",
    "nhs_jobs_reference",
    "nhs_jobs_url",
    "on_ics_website",
    "other_platforms",
}


@transaction.atomic
def campaign_update(*, user, campaign: Campaign, communicated_to=None, panel=None, **fields):
    """Change an advert's dates, channels, communications or panel (the role and JD stay)."""
    unknown = set(fields) - CAMPAIGN_FIELDS
    if unknown:
        raise TypeError(f"campaign_update cannot change {', '.join(sorted(unknown))}")
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    for field, value in fields.items():
        setattr(campaign, field, value)
    _saved(campaign, user)
    if communicated_to is not None:
        campaign.communicated_to.set(communicated_to)
    if panel is not None:
        campaign.panel.set(panel)
    return campaign


@transaction.atomic
def application_submit(
    *,
    campaign: Campaign,
    given_name: str,
    family_name: str,
    email: str,
    professional_group,
    organisation: str,
    supporting_statement: str,
    cv,
    consent: bool,
    phone: str = "",
    submission_key=None,
) -> Application:
    """Record an application while the advert is open, and email the applicant.

    Candidate numbers count up within a campaign; the panel knows candidates only by them.
    ``submission_key`` is the form's one-time key: a retry with it (a double click, a browser
    retry after a time-out) gets the application already stored, and nothing is stored twice
    (the campaign's lock orders the two; the unique key is the backstop).
    """
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if submission_key:
        earlier = Application.objects.filter(submission_key=submission_key).first()
        if earlier is not None and earlier.campaign_id == campaign.pk:
            return earlier
        if earlier is not None:
            raise ValidationError("This form has been used already. Reload the page and try again.")
    closed = campaign.closed_because()
    if closed:
        raise ValidationError(f"This advert is closed. {closed}", code="closed")
    refusal = role_selectors.role_profession_refusal(
        role=campaign.role, professional_group=professional_group
    )
    if refusal:
        raise ValidationError(
            {
                "professional_group": f"This advert is open to "
                f"{_eligible_names(campaign.role)} only. You cannot apply as "
                f"{professional_group.name}."
            }
        )
    if not consent:
        raise ValidationError({"consent": "Confirm that we may use your application"})
    last = campaign.applications.aggregate(n=Max("candidate_number"))["n"] or 0
    application = _saved(
        Application(
            campaign=campaign,
            candidate_number=last + 1,
            given_name=given_name,
            family_name=family_name,
            email=email,
            phone=phone,
            professional_group=professional_group,
            organisation=organisation,
            supporting_statement=supporting_statement,
            cv=cv,
            cv_filename=cv.name.rsplit("/", 1)[-1][:200],
            consent=consent,
            submission_key=submission_key,
        )
    )
    role = campaign.role.title
    # Recorded now, sent by the worker after the commit: a mail relay outage never loses the
    # application or tells the applicant it failed (docs/adr/0007).
    core_services.email_queue(
        to=email,
        subject=f"Your application for {role}",
        body=(
            f"Dear {given_name},\n\nThank you for applying for {role}. We have received "
            f"your application (candidate number {application.candidate_number}).\n\n"
            f"The advert closes on {campaign.closes_on:%-d %B %Y}. We will tell you the "
            "outcome of shortlisting after that.\n"
        ),
        kind="Application received",
        about=f"Application {campaign.pk}/{application.candidate_number}",
    )
    return application


def application_equality_save(*, application: Application, answers: dict) -> None:
    """Store an applicant's optional equality answers under the application's pseudonym
    (``ccpl.services.equality_answers_save``): kept apart from the application's own fields,
    not linked to it in the database, and never shown back to anyone."""
    core_services.equality_answers_save(owner=application, answers=answers)


def _eligible_names(role) -> str:
    return " or ".join(sorted(g.name for g in role.eligible_groups.all()))


def _refuse_before_closing(campaign: Campaign, what: str) -> None:
    if not campaign.has_closing_date_passed():
        raise ValidationError(
            f"{what} starts after the closing date: the advert takes applications until the "
            f"end of {campaign.closes_on:%-d %B %Y}.",
            code="not_closed",
        )


# Moving to these stages is a shortlisting decision, made once the advert has closed.
DECISION_STAGES = SHORTLISTED_STAGES | {Application.Stage.NOT_SHORTLISTED}


@transaction.atomic
def appointee_equality_copy(*, user, application_id: int) -> None:
    """Copy to the signed-in appointee's own record the equality answers they gave with the
    application that led to their appointment (the questions they answered there; the rest
    of their own answers stay). Only ``user``'s own person and only an application that
    appointed them: there is no way to name anyone else, so no staff action can copy
    equality data. Written through the one writer, ``ccpl.services.equality_answers_save``."""
    from ccpl import selectors as core_selectors

    person = core_selectors.person_for_account(user)
    application = (
        Application.objects.filter(pk=application_id, appointment__person=person).first()
        if person is not None and user.is_active
        else None
    )
    if application is None:
        raise PermissionDenied("Only the person appointed can copy their own answers.")
    answers = core_selectors.equality_answers_of(application)
    if not any(answers.values()):
        raise ValidationError("There are no answers to copy.", code="nothing")
    own = core_selectors.equality_answers_of(person)
    merged = {**own, **{question: value for question, value in answers.items() if value}}
    core_services.equality_answers_save(owner=person, answers=merged)


@transaction.atomic
def application_move(*, user, application: Application, stage: str) -> Application:
    """Move an application to another stage (appointing goes through ``application_appoint``)."""
    if stage not in Application.Stage.values or stage == Application.Stage.APPOINTED:
        raise ValidationError({"stage": "Select a stage"})
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.stage == Application.Stage.APPOINTED:
        raise ValidationError("This candidate has been appointed.", code="appointed")
    if stage in DECISION_STAGES:
        _refuse_before_closing(application.campaign, "Shortlisting")
    application.stage = stage
    if stage in SHORTLISTED_STAGES and application.shortlisted_on is None:
        application.shortlisted_on = timezone.localdate()
    if stage in (Application.Stage.NOT_SHORTLISTED, Application.Stage.RECEIVED):
        application.shortlisted_on = None
    return _saved(application, user)


@transaction.atomic
def shortlist_lock(*, user, campaign: Campaign) -> Campaign:
    """Fix the shortlist (only after the closing date): from now on the panel sees
    shortlisted candidates' names, the advert is closed, and every candidate not shortlisted
    is e-mailed the outcome (once)."""
    campaign = Campaign.objects.select_for_update().select_related("role").get(pk=campaign.pk)
    if campaign.shortlist_locked:
        return campaign
    _refuse_before_closing(campaign, "Locking the shortlist")
    if not campaign.applications.filter(stage__in=SHORTLISTED_STAGES).exists():
        raise ValidationError("Shortlist at least one candidate first.", code="empty")
    campaign.shortlist_locked_on = timezone.now()
    _saved(campaign, user)
    not_shortlisted = campaign.applications.filter(
        stage__in=[Application.Stage.RECEIVED, Application.Stage.NOT_SHORTLISTED]
    )
    _outcome_emails(
        campaign=campaign,
        applications=not_shortlisted,
        outcome=(
            "The panel has now shortlisted, and we are sorry to tell you that you have not "
            "been shortlisted for interview."
        ),
    )
    return campaign


def _outcome_emails(*, campaign: Campaign, applications, outcome: str) -> int:
    """E-mail each application's outcome once (``outcome_sent_on`` records it)."""
    role = campaign.role.title
    vacancies = _site_url() + reverse("recruitment:vacancy_list")
    sent = 0
    for application in applications.filter(outcome_sent_on__isnull=True).select_for_update():
        core_services.email_queue(
            to=application.email,
            subject=f"Your application for {role}",
            body=(
                f"Dear {application.given_name},\n\nThank you for applying for {role} "
                f"(candidate number {application.candidate_number}). {outcome}\n\n"
                "Thank you for the time you gave to your application. Other leadership roles "
                f"are advertised at {vacancies}\n"
            ),
            kind="Application outcome",
            about=f"Application {campaign.pk}/{application.candidate_number}",
        )
        application.outcome_sent_on = timezone.localdate()
        _saved(application)
        sent += 1
    return sent


@transaction.atomic
def application_appoint(*, user, application: Application, starts_on: date) -> Application:
    """Appoint the candidate: their Person record (found by email or created) gets the
    role's appointment in ``roles``, which puts them on the public register."""
    application = (
        Application.objects.select_for_update()
        .select_related("campaign__role", "professional_group")
        .get(pk=application.pk)
    )
    if application.stage == Application.Stage.APPOINTED:
        raise ValidationError("This candidate has already been appointed.", code="appointed")
    if application.shortlisted_on is None:
        raise ValidationError(
            "Only a shortlisted candidate can be appointed.", code="not_shortlisted"
        )
    person = Person.objects.filter(email__iexact=application.email).first()
    if person is None:
        person = Person(
            given_name=application.given_name,
            family_name=application.family_name,
            email=application.email,
            professional_group=application.professional_group,
        )
        _saved(person, user)
    appointment = role_services.appointment_start(
        user=user, role=application.campaign.role, person=person, starts_on=starts_on
    )
    application.stage = Application.Stage.APPOINTED
    application.appointment = appointment
    application.outcome_sent_on = timezone.localdate()  # told in person, not by e-mail
    _saved(application, user)
    others = application.campaign.applications.exclude(pk=application.pk).filter(
        stage__in=[
            Application.Stage.SHORTLISTED,
            Application.Stage.INTERVIEWED,
            Application.Stage.OFFERED,
        ]
    )
    _outcome_emails(
        campaign=application.campaign,
        applications=others,
        outcome=(
            "The panel has now made an appointment, and we are sorry to tell you that your "
            "application was not successful this time."
        ),
    )
    return application


@transaction.atomic
def panel_score_save(
    *, user, application: Application, step: str, score: int, notes: str = ""
) -> PanelScore:
    """Record (or change) a panel member's score for a candidate (shortlisting scores once
    the advert's closing date has passed)."""
    if step == PanelScore.Step.INTERVIEW and not application.campaign.shortlist_locked:
        raise ValidationError("Interview scores open once the shortlist is locked.", code="early")
    if step == PanelScore.Step.SHORTLISTING and application.campaign.shortlist_locked:
        raise ValidationError("The shortlist is locked.", code="locked")
    if step == PanelScore.Step.SHORTLISTING:
        _refuse_before_closing(application.campaign, "Shortlisting")
    existing = PanelScore.objects.filter(
        application=application, panel_member=user, step=step
    ).first()
    panel_score = existing or PanelScore(application=application, panel_member=user, step=step)
    panel_score.score = score
    panel_score.notes = notes
    return _saved(panel_score)


# --- Talent pool --------------------------------------------------------------------------


@transaction.atomic
def talent_pool_join(
    *,
    given_name: str,
    family_name: str,
    email: str,
    professional_group,
    place=None,
    interests: str = "",
    wants_shadowing: bool = False,
    wants_mentoring: bool = False,
    consent: bool,
) -> TalentPoolMember:
    """Add (or update, by email) an aspiring leader who consented to be contacted."""
    if not consent:
        raise ValidationError({"consent": "Confirm that we may contact you about roles"})
    member = TalentPoolMember.objects.filter(email__iexact=email).first() or TalentPoolMember()
    for field, value in {
        "given_name": given_name,
        "family_name": family_name,
        "email": email,
        "professional_group": professional_group,
        "place": place,
        "interests": interests,
        "wants_shadowing": wants_shadowing,
        "wants_mentoring": wants_mentoring,
        "consent": True,
    }.items():
        setattr(member, field, value)
    return _saved(member)


def talent_pool_matches(campaign: Campaign) -> list[TalentPoolMember]:
    """Consenting members who fit the advert's role (``recruitment.fit``: profession,
    family of professions, Place)."""
    fit = RoleFit.of(campaign.role)
    members = (
        TalentPoolMember.objects.filter(consent=True)
        .select_related("professional_group")
        .order_by("pk")
    )
    return [
        member
        for member in members
        if fit.fits(
            group_id=member.professional_group_id,
            group_parent_id=member.professional_group.parent_id,
            place_id=member.place_id,
        )
    ]


def talent_pool_notify(*, campaign: Campaign, base_url: str = "") -> int:
    """Announce a new advert to every matching talent-pool member (``announce``)."""
    recipients = [
        Recipient(email=member.email, given_name=member.given_name)
        for member in talent_pool_matches(campaign)
    ]
    return announce(
        campaign=campaign, recipients=recipients, audience="Talent pool", base_url=base_url
    )


def advert_announce(*, campaign: Campaign, base_url: str = "") -> int:
    """Tell everyone who asked about a new advert: the talent pool, then each audience an
    app above provides (``recruitment.hooks.advert_audiences``: programme alumni). One
    e-mail per address per advert across them all (``announce``). Returns how many were
    queued."""
    sent = talent_pool_notify(campaign=campaign, base_url=base_url)
    for audience, recipients in hooks.advert_audiences(campaign):
        sent += announce(
            campaign=campaign, recipients=recipients, audience=audience, base_url=base_url
        )
    return sent


# A worker down on an advert's opening day still announces it when it returns, this many
# days later at most; after that the advert is old news.
OPENING_CATCH_UP_DAYS = 7


def adverts_opening_announce(*, on: date | None = None) -> int:
    """Announce the adverts that open today (or opened in the last few days while nothing
    ran): those created with a later opening date had nobody to tell when they were saved,
    since ``announce`` tells nobody about an advert that is not open yet. A repeated run
    sends nothing twice (``Announcement``). Returns how many e-mails were queued."""
    on = on or timezone.localdate()
    opening = Campaign.objects.filter(
        opens_on__gt=on - timedelta(days=OPENING_CATCH_UP_DAYS),
        opens_on__lte=on,
        closes_on__gte=on,
    ).order_by("pk")
    return sum(advert_announce(campaign=campaign) for campaign in opening)


@dataclass(frozen=True)
class Recipient:
    email: str
    given_name: str


def announce(*, campaign: Campaign, recipients, audience: str, base_url: str = "") -> int:
    """E-mail each recipient about ``campaign`` once ever, and only while it is open now.
    Returns how many e-mails were queued.

    The one way any audience hears of an advert (the talent pool today; programme alumni or a
    bulletin later): an advert that has closed by the time the worker gets to it (a message
    queued months ago, a worker's first start) is announced to nobody, and the unique
    ``Announcement`` row per advert and address means a repeated or overlapping run sends
    nothing twice. Links use ``base_url`` (the address staff advertised from) or else
    ``CCPL_SITE_URL``.
    """
    with transaction.atomic():
        # The advert's lock orders two runs for the same advert; the constraint is the backstop.
        campaign = Campaign.objects.select_for_update().select_related("role").get(pk=campaign.pk)
        if not campaign.is_open():
            return 0
        link = (base_url.rstrip("/") or _site_url()) + campaign.get_absolute_url()
        sent = 0
        for recipient in recipients:
            try:
                with transaction.atomic():
                    Announcement.objects.create(
                        campaign=campaign, email=recipient.email.strip(), audience=audience
                    )
            except IntegrityError:
                continue  # announced already, to this address, by this or another audience
            core_services.email_queue(
                to=recipient.email,
                subject=f"New leadership vacancy: {campaign.role.title}",
                body=(
                    f"Dear {recipient.given_name},\n\nYou asked to hear about leadership roles. "
                    f"{campaign.role.title} is now advertised and closes on "
                    f"{campaign.closes_on:%-d %B %Y}.\n\nRead the advert and apply: {link}\n"
                ),
                kind=f"{audience}: new vacancy",
                about=f"Campaign {campaign.pk}",
            )
            sent += 1
        return sent


# --- Exit interviews and learning -------------------------------------------------------


@transaction.atomic
def exit_interview_record(
    *,
    user,
    appointment,
    held_on: date,
    reason: str,
    what_would_have_kept: str = "",
    development_received: str = "",
    themes=(),
) -> ExitInterview:
    """Record the exit interview of an appointment that has ended (or is ending)."""
    if appointment.ended_on is None:
        raise ValidationError(
            "Record the end of the appointment first, then the exit interview.", code="current"
        )
    interview = ExitInterview.objects.filter(appointment=appointment).first() or ExitInterview(
        appointment=appointment
    )
    interview.held_on = held_on
    interview.reason = reason
    interview.what_would_have_kept = what_would_have_kept
    interview.development_received = development_received
    interview.themes = [t for t in themes if t in ExitInterview.Theme.values]
    interview.recorded_by = user
    _saved(interview, user)
    role_services.appointment_update(user=user, appointment=appointment, exit_interview_on=held_on)
    return interview


LEARNING_QUESTIONS = [
    {
        "key": "applied",
        "text": "Did you apply for this role?",
        "kind": "yes_no",
        "required": True,
    },
    {
        "key": "heard-how",
        "text": "How did you hear about the role?",
        "kind": "multiple_choice",
        "options": [
            "NHS Jobs",
            "The ICS website",
            "My professional network or council",
            "A colleague or my manager",
            "Email from the ICB",
            "I did not hear about it",
        ],
    },
    {
        "key": "barriers",
        "text": "What stopped you applying, or nearly stopped you?",
        "kind": "multiple_choice",
        "options": [
            "Not enough protected time",
            "No backfill or funding for my main job",
            "I did not think my profession could apply",
            "I did not feel ready or confident",
            "The job description was unclear",
            "Nothing stopped me",
        ],
    },
    {
        "key": "more-likely",
        "text": "What would make you more likely to apply for a leadership role?",
        "kind": "free_text",
    },
    {
        "key": "professional-group",
        "text": "What is your professional group?",
        "kind": "single_choice",
        "about_you": "professional_group",
    },
]


@transaction.atomic
def learning_survey_create(*, user, campaign: Campaign):
    """A draft anonymous "why did or didn't you apply" questionnaire for a closed campaign,
    made with the surveys app and with every applicant invited (staff add network leaders
    and send it from the survey's pages)."""
    from surveys import services as survey_services
    from surveys.models import Survey

    campaign = Campaign.objects.select_for_update().select_related("role").get(pk=campaign.pk)
    if campaign.learning_survey_id:
        return campaign.learning_survey
    if campaign.is_open() or campaign.opens_on > timezone.localdate():
        raise ValidationError("Ask what people learnt once the advert has closed.", code="open")
    survey = Survey(
        kind=Survey.Kind.RECRUITMENT_LEARNING,
        year=timezone.localdate().year,
        title=f"Why did or didn’t you apply? {campaign.role.title}"[:200],
        introduction=(
            f"We recently advertised {campaign.role.title}. Whether or not you applied, tell us "
            "what helped and what got in the way, so that future adverts reach every "
            "profession. Your answers are anonymous."
        ),
    )
    survey.full_clean()
    survey.save()
    section = survey_services.section_create(survey=survey, title="About the advert")
    survey_services.questions_create(section=section, specs=LEARNING_QUESTIONS)
    invitees = [
        survey_services.Invitee(email=a.email, name=a.full_name)
        for a in campaign.applications.all()
    ]
    survey_services.invitations_add(survey=survey, invitees=invitees)
    campaign.learning_survey = survey
    _saved(campaign, user)
    return survey
