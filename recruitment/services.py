"""Writes for recruitment. Every function is keyword-only and runs in one transaction."""

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from ccpl import queue
from ccpl import services as core_services
from ccpl.history import saved as _saved
from ccpl.models import Person
from roles import services as role_services

from .models import (
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
    """Ask an executive for approval to recruit to ``role``."""
    return _saved(
        RequestToRecruit(
            role=role,
            reason=reason,
            proposed_funding=proposed_funding,
            proposed_sessions=proposed_sessions,
            requested_by=user,
        ),
        user,
    )


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

    Refused unless the request is approved, has no campaign yet, and the role has a JD.
    """
    request = RequestToRecruit.objects.select_for_update().get(pk=request.pk)
    if not request.is_approved:
        raise ValidationError(
            "A role can only be advertised once an executive has approved the request to recruit.",
            code="not_approved",
        )
    if Campaign.objects.filter(request=request).exists():
        raise ValidationError("This request already has a campaign.", code="has_campaign")
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
    if not campaign.is_open():
        raise ValidationError(
            f"This advert closed on {campaign.closes_on:%-d %B %Y}. Applications are no "
            "longer accepted.",
            code="closed",
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


@transaction.atomic
def application_move(*, user, application: Application, stage: str) -> Application:
    """Move an application to another stage (appointing goes through ``application_appoint``)."""
    if stage not in Application.Stage.values or stage == Application.Stage.APPOINTED:
        raise ValidationError({"stage": "Select a stage"})
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.stage == Application.Stage.APPOINTED:
        raise ValidationError("This candidate has been appointed.", code="appointed")
    application.stage = stage
    if stage in SHORTLISTED_STAGES and application.shortlisted_on is None:
        application.shortlisted_on = timezone.localdate()
    if stage in (Application.Stage.NOT_SHORTLISTED, Application.Stage.RECEIVED):
        application.shortlisted_on = None
    return _saved(application, user)


@transaction.atomic
def shortlist_lock(*, user, campaign: Campaign) -> Campaign:
    """Fix the shortlist: from now on the panel sees shortlisted candidates' names."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.shortlist_locked:
        return campaign
    if not campaign.applications.filter(stage__in=SHORTLISTED_STAGES).exists():
        raise ValidationError("Shortlist at least one candidate first.", code="empty")
    campaign.shortlist_locked_on = timezone.now()
    return _saved(campaign, user)


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
    return _saved(application, user)


@transaction.atomic
def panel_score_save(
    *, user, application: Application, step: str, score: int, notes: str = ""
) -> PanelScore:
    """Record (or change) a panel member's score for a candidate."""
    if step == PanelScore.Step.INTERVIEW and not application.campaign.shortlist_locked:
        raise ValidationError("Interview scores open once the shortlist is locked.", code="early")
    if step == PanelScore.Step.SHORTLISTING and application.campaign.shortlist_locked:
        raise ValidationError("The shortlist is locked.", code="locked")
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


def talent_pool_matches(campaign: Campaign):
    """Members whose profession may apply and whose Place (if they gave one) fits the role."""
    role = campaign.role
    members = TalentPoolMember.objects.filter(consent=True)
    eligible = list(role.eligible_groups.values_list("pk", flat=True))
    if eligible:
        members = members.filter(
            Q(professional_group__in=eligible) | Q(professional_group__parent__in=eligible)
        )
    if role.place_id:
        members = members.filter(Q(place__isnull=True) | Q(place_id=role.place_id))
    return members.order_by("pk")


def talent_pool_notify(*, campaign: Campaign, base_url: str = "") -> int:
    """Email every matching talent-pool member about a new advert. Returns how many.

    Links use ``base_url`` (the address staff advertised from) or else ``CCPL_SITE_URL``.
    """
    from django.conf import settings

    base_url = base_url or getattr(settings, "CCPL_SITE_URL", "")
    link = base_url.rstrip("/") + campaign.get_absolute_url()
    # One recorded e-mail each (ccpl.Email), sent by the worker and visible to staff.
    sent = 0
    for member in talent_pool_matches(campaign):
        core_services.email_queue(
            to=member.email,
            subject=f"New leadership vacancy: {campaign.role.title}",
            body=(
                f"Dear {member.given_name},\n\nYou asked to hear about leadership roles. "
                f"{campaign.role.title} is now advertised and closes on "
                f"{campaign.closes_on:%-d %B %Y}.\n\nRead the advert and apply: {link}\n"
            ),
            kind="Talent pool: new vacancy",
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
    for spec in LEARNING_QUESTIONS:
        spec = dict(spec)
        labels = spec.pop("options", None) or survey_services._about_you_options(
            spec.get("about_you", "")
        )
        survey_services.question_create(section=section, data=spec, option_labels=labels)
    invitees = [
        survey_services.Invitee(email=a.email, name=a.full_name)
        for a in campaign.applications.all()
    ]
    survey_services.invitations_add(survey=survey, invitees=invitees)
    campaign.learning_survey = survey
    _saved(campaign, user)
    return survey
