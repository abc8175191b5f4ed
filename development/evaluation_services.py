"""Writes for cohort evaluation: once a cohort has ended, the CCPL team drafts a short
anonymous questionnaire in the surveys app with everyone selected for the cohort invited;
staff open and send it from the survey's own pages, under the surveys app's rules
(anonymous responses, no results while open or from fewer than 10 people).

Every cohort's questionnaire has the same question keys, so that
``development.evaluation_selectors`` can pool an offer's cohorts while each is too small.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ccpl.history import saved

from .models import Cohort, CohortApplication

RATING_KEY = "overall-rating"
RATINGS = ["Excellent", "Good", "Fair", "Poor", "Very poor"]
GOOD_RATINGS = ("Excellent", "Good")

EVALUATION_QUESTIONS = [
    {
        "key": RATING_KEY,
        "text": "Overall, how would you rate it?",
        "kind": "single_choice",
        "options": RATINGS,
    },
    {
        "key": "recommend",
        "text": "Would you recommend it to a colleague?",
        "kind": "yes_no",
    },
    {
        "key": "helped-role",
        "text": "It has helped me in my leadership role.",
        "kind": "agree_5",
    },
    {
        "key": "most-useful",
        "text": "What was most useful?",
        "kind": "free_text",
    },
    {
        "key": "improve",
        "text": "What should we improve?",
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
def evaluation_survey_create(*, user, cohort: Cohort):
    """A draft anonymous evaluation of an ended cohort, with every selected participant
    invited. One per cohort: asking again returns the one already made."""
    from surveys import services as survey_services
    from surveys.models import Survey

    cohort = Cohort.objects.select_for_update().select_related("offer").get(pk=cohort.pk)
    if cohort.evaluation_survey_id:
        return cohort.evaluation_survey
    if cohort.status == Cohort.Status.CANCELLED:
        raise ValidationError("This cohort was cancelled, so there is nothing to evaluate.")
    if cohort.ends_on > timezone.localdate():
        raise ValidationError(
            f"Ask for an evaluation once the cohort has ended, on or after "
            f"{cohort.ends_on:%-d %B %Y}.",
            code="not_ended",
        )
    participants = list(
        cohort.applications.filter(status=CohortApplication.Status.SELECTED).order_by("pk")
    )
    if not participants:
        raise ValidationError(
            "Nobody was selected for this cohort, so there is nobody to ask.",
            code="no_participants",
        )
    title = f"Evaluation: {cohort.offer.title}, {cohort.name}"
    survey = Survey(
        kind=Survey.Kind.EVALUATION,
        year=cohort.ends_on.year,
        title=title[:200],
        introduction=(
            f"You took part in {cohort.offer.title} ({cohort.name}). Tell us what worked and "
            "what to improve, so that the next cohorts get more from it. It takes about "
            "5 minutes. Your answers are anonymous, and results are only ever shown for "
            "10 or more people together, pooled with other cohorts when a cohort is smaller."
        ),
    )
    survey.full_clean()
    survey.save()
    section = survey_services.section_create(survey=survey, title="Your evaluation")
    survey_services.questions_create(section=section, specs=EVALUATION_QUESTIONS)
    survey_services.invitations_add(
        survey=survey,
        invitees=[
            survey_services.Invitee(email=a.email, name=a.full_name, person_id=a.person_id)
            for a in participants
        ],
    )
    cohort.evaluation_survey = survey
    saved(cohort, user)
    return survey
