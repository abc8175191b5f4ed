"""Writes for cohort applications: applying (from the public or as a signed-in leader), the
optional equality answers, the CCPL team's selection, and withdrawing.

Each write runs in one transaction, locks the cohort first (so two applications, or two
selections, for the last place are decided one after the other), saves through
``ccpl.history.saved`` (validation, constraints, the history row) and queues its e-mail
through the core's outbox, sent by the worker after the commit (ADR 7).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ccpl import selectors as core_selectors
from ccpl import services as core_services
from ccpl.history import saved

from . import application_selectors as selectors
from .models import Cohort, CohortApplication

WHY_MAX_LENGTH = 5000


def _dates(cohort: Cohort) -> str:
    return f"{cohort.starts_on:%-d %B %Y} to {cohort.ends_on:%-d %B %Y}"


def _about(application: CohortApplication) -> str:
    return f"Development application {application.pk}"


@transaction.atomic
def cohort_application_submit(
    *,
    cohort: Cohort,
    professional_group,
    organisation: str,
    sector: str,
    why: str,
    consent: bool,
    person=None,
    given_name: str = "",
    family_name: str = "",
    email: str = "",
    submission_key=None,
) -> CohortApplication:
    """Record an application while the cohort takes applications, and e-mail the applicant.

    A signed-in leader applies as their ``person`` (name and e-mail address from their
    record); anyone else gives their name and e-mail address. One application per person
    and per e-mail address per cohort. ``submission_key`` is the form's one-time key: a
    retry with it gets the application already stored (as a job application's, ADR 7).
    """
    cohort = (
        Cohort.objects.select_for_update(of=("self",)).select_related("offer").get(pk=cohort.pk)
    )
    if submission_key:
        earlier = CohortApplication.objects.filter(submission_key=submission_key).first()
        if earlier is not None and earlier.cohort_id == cohort.pk:
            return earlier
        if earlier is not None:
            raise ValidationError("This form has been used already. Reload the page and try again.")
    closed = selectors.cohort_closed_because(cohort)
    if closed:
        raise ValidationError(closed, code="closed")
    if person is not None:
        given_name, family_name = person.given_name, person.family_name
        email = person.email or getattr(person.user, "email", "")
        if not email:
            raise ValidationError(
                "Your profile has no email address. Add one to your details, then apply."
            )
        if CohortApplication.objects.filter(cohort=cohort, person=person).exists():
            raise ValidationError("You have already applied to join this cohort.", code="applied")
    if CohortApplication.objects.filter(cohort=cohort, email__iexact=email).exists():
        raise ValidationError(
            {
                "email": "An application with this email address has already been made for "
                "this cohort"
            },
            code="applied",
        )
    if not consent:
        raise ValidationError({"consent": "Confirm that we may use your application"})
    if len(why) > WHY_MAX_LENGTH:
        raise ValidationError(
            {"why": f"Why you want to join must be {WHY_MAX_LENGTH:,} characters or fewer"}
        )
    application = saved(
        CohortApplication(
            cohort=cohort,
            person=person,
            given_name=given_name,
            family_name=family_name,
            email=email,
            professional_group=professional_group,
            organisation=organisation,
            sector=sector,
            why=why,
            consent=consent,
            submission_key=submission_key,
        )
    )
    core_services.email_queue(
        to=email,
        subject=f"Your application for {cohort.offer.title}",
        body=(
            f"Dear {given_name},\n\nThank you for applying to join {cohort.offer.title}, "
            f"{cohort.name} ({_dates(cohort)}). We have received your application.\n\n"
            f"Applications close on {cohort.applications_close_on:%-d %B %Y}. We will tell "
            "you after that whether you have a place.\n"
        ),
        kind="Development application received",
        about=_about(application),
    )
    return application


def cohort_application_equality_save(*, application: CohortApplication, answers: dict) -> None:
    """Store an applicant's optional equality answers under the application's pseudonym,
    through the core's one writer (``ccpl.services.equality_answers_save``), as a job
    applicant's are: apart from the application, and never shown back to anyone."""
    core_services.equality_answers_save(owner=application, answers=answers)


OUTCOMES = {
    CohortApplication.Status.SELECTED: (
        "We are pleased to offer you a place. The faculty will be in touch with the details "
        "before the start."
    ),
    CohortApplication.Status.NOT_SELECTED: (
        "We are sorry that we cannot offer you a place this time. Thank you for your interest: "
        "other development offers are listed on our website."
    ),
}


@transaction.atomic
def cohort_application_decide(
    *, user, application: CohortApplication, status: str, reason: str
) -> CohortApplication:
    """Select an applicant or not, with the reason, and e-mail them the outcome when it
    changes. A cohort never has more applicants selected than it has places; a withdrawn
    application and a cancelled cohort take no decision."""
    if status not in CohortApplication.DECIDED:
        raise ValidationError({"status": "Select whether the applicant has a place"})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason for the decision"})
    cohort = (
        Cohort.objects.select_for_update(of=("self",))
        .select_related("offer")
        .get(pk=application.cohort_id)
    )
    application = CohortApplication.objects.select_for_update().get(pk=application.pk)
    if application.status == CohortApplication.Status.WITHDRAWN:
        raise ValidationError("This application has been withdrawn. It cannot be decided.")
    if cohort.status == Cohort.Status.CANCELLED:
        raise ValidationError("This cohort has been cancelled. Nobody can be selected for it.")
    selecting = (
        status == CohortApplication.Status.SELECTED
        and application.status != CohortApplication.Status.SELECTED
    )
    if selecting and selectors.selected_count(cohort) >= cohort.places:
        taken = (
            "The only place in this cohort is taken"
            if cohort.places == 1
            else f"All {cohort.places} places in this cohort are taken"
        )
        raise ValidationError(
            {
                "status": f"{taken}. To select this applicant, first mark someone else not "
                "selected, or add places to the cohort"
            },
            code="full",
        )
    changed = application.status != status
    application.status = status
    application.decision_reason = reason
    application.decided_by = user
    application.decided_on = timezone.localdate()
    saved(application, user)
    if changed:
        core_services.email_queue(
            to=application.email,
            subject=f"Your application for {cohort.offer.title}",
            body=(
                f"Dear {application.given_name},\n\nThank you for applying to join "
                f"{cohort.offer.title}, {cohort.name} ({_dates(cohort)}). "
                f"{OUTCOMES[status]}\n"
            ),
            kind="Development application outcome",
            about=_about(application),
        )
    return application


@transaction.atomic
def cohort_application_withdraw(*, user, application: CohortApplication) -> CohortApplication:
    """The applicant (a signed-in leader) withdraws their own application; a place they were
    selected for is freed."""
    application = CohortApplication.objects.select_for_update().get(pk=application.pk)
    person = core_selectors.person_for_account(user)
    if person is None or application.person_id != person.pk:
        raise PermissionDenied("Only the applicant can withdraw an application.")
    if application.status == CohortApplication.Status.WITHDRAWN:
        return application
    application.status = CohortApplication.Status.WITHDRAWN
    return saved(application, user)
