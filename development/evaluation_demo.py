"""Demo cohort evaluations: two ended cohorts of the incubator whose evaluations closed with
6 and 7 responses (each too few alone, so the offer page shows them pooled: 13), and an
ended cohort of "Growing system leaders" with 5 responses (too few to show yet)."""

import random
from datetime import timedelta

from ccpl.history import saved
from ccpl.models import Person
from surveys import services as survey_services
from surveys.models import Answer, Invitation, Response, Survey

from . import evaluation_services, services
from .models import Cohort, CohortApplication, Offer

# (offer title, cohort name, ended days ago, length in days, selected, responses)
ENDED_COHORTS = [
    ("Incubator for new leaders", "Summer 2025 cohort", 420, 120, 9, 6),
    ("Incubator for new leaders", "Spring 2026 cohort", 150, 120, 10, 7),
    ("Growing system leaders", "2025 intake", 90, 180, 8, 5),
]
MOST_USEFUL = [
    "Working on a real problem in my Place with people from other professions.",
    "The action learning sets: honest conversations with peers.",
    "Time away from the day job to think about how the system fits together.",
    "Meeting the ICB's executives and hearing how decisions are made.",
]
IMPROVE = [
    "Sessions clashed with clinics: please publish all dates before applying.",
    "More on budgets and how money flows across the system.",
    "Help with getting protected time agreed by my line manager.",
]


def load_evaluation(*, stdout, today, staff) -> None:
    if Cohort.objects.filter(evaluation_survey__isnull=False).exists():
        return
    rng = random.Random(16)
    people = list(
        Person.objects.filter(professional_group__isnull=False, user__isnull=True)
        .exclude(email="")
        .select_related("organisation", "professional_group")
        .order_by("-pk")
    )
    if not people:
        return
    offset = 0
    for title, name, ago, length, selected, responses in ENDED_COHORTS:
        offer = Offer.objects.filter(title=title).first()
        if offer is None:
            continue
        ends = today - timedelta(days=ago)
        cohort = services.cohort_create(
            user=staff,
            offer=offer,
            name=name,
            starts_on=ends - timedelta(days=length),
            ends_on=ends,
            places=selected,
            applications_open_on=ends - timedelta(days=length + 60),
            applications_close_on=ends - timedelta(days=length + 20),
            status=Cohort.Status.FULL,
        )
        for person in people[offset : offset + selected]:
            saved(
                CohortApplication(
                    cohort=cohort,
                    person=person,
                    given_name=person.given_name,
                    family_name=person.family_name,
                    email=person.email,
                    professional_group=person.professional_group,
                    organisation=person.organisation.name
                    if person.organisation
                    else "A partner organisation",
                    sector=Offer.Sector.PRIMARY_CARE,
                    why="To lead across my Place.",
                    consent=True,
                    status=CohortApplication.Status.SELECTED,
                    decision_reason="Meets the offer's criteria, with time agreed.",
                    decided_by=staff,
                    decided_on=cohort.applications_close_on,
                ),
                staff,
            )
        offset += selected
        survey = evaluation_services.evaluation_survey_create(user=staff, cohort=cohort)
        survey.opens_on = ends + timedelta(days=3)
        survey.closes_on = ends + timedelta(days=24)
        _responses(rng, survey, responses)
    stdout.write(f"  {Survey.objects.filter(kind=Survey.Kind.EVALUATION).count()} evaluations")


def _responses(rng, survey: Survey, count: int) -> None:
    """``count`` anonymous responses, written directly as past events; the survey closed and
    most comments published after checking."""
    questions = list(survey.questions.prefetch_related("options"))
    answers = []
    for _ in range(count):
        response = Response.objects.create(survey=survey)
        for question in questions:
            options = list(question.options.all())
            if options:
                # Mostly favourable: the first options are the best ones.
                option = options[min(int(rng.expovariate(1.2)), len(options) - 1)]
                answers.append(Answer(response=response, question=question, option=option))
            elif rng.random() < 0.7:
                texts = MOST_USEFUL if question.key == "most-useful" else IMPROVE
                answers.append(
                    Answer(
                        response=response,
                        question=question,
                        text=rng.choice(texts),
                        moderation=Answer.Moderation.PENDING,
                    )
                )
    Answer.objects.bulk_create(answers)
    for answer in (
        Answer.objects.filter(response__survey=survey).exclude(text="").select_related("question")
    ):
        survey_services.comment_moderate(answer=answer, publish=True, published_text=answer.text)
    invitations = list(survey.invitations.order_by("pk")[:count])
    for invitation in invitations:
        invitation.responded = True
    survey.invitations.update(sent_on=survey.opens_on)
    Invitation.objects.bulk_update(invitations, ["responded"])
    survey.status = Survey.Status.CLOSED
    survey.save(update_fields=["status", "opens_on", "closes_on"])
