"""Survey factories and helpers that add many responses quickly (bulk, like an import)."""

import factory

from surveys import services
from surveys.models import Answer, Invitation, Question, Response, Section, Survey


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    kind = Survey.Kind.TEMPERATURE_CHECK
    year = factory.Sequence(lambda n: 2000 + n)
    title = factory.LazyAttribute(lambda s: f"Temperature check {s.year}")
    status = Survey.Status.DRAFT


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    survey = factory.SubFactory(SurveyFactory)
    title = factory.Sequence(lambda n: f"Page {n}")
    order = factory.Sequence(lambda n: n)


def question(section, key, kind="agree_4", text=None, options=(), **extra) -> Question:
    return services.question_create(
        section=section,
        data={"key": key, "text": text or f"Statement {key}.", "kind": kind, **extra},
        option_labels=options,
    )


def open_survey(**extra) -> Survey:
    survey = SurveyFactory(status=Survey.Status.OPEN, **extra)
    return survey


def invite(survey, email="leader@nhs.net", name="A Leader") -> tuple[Invitation, str]:
    invitation = Invitation.objects.create(survey=survey, email=email, name=name)
    token = services.invitation_token_issue(invitation=invitation)
    return invitation, token


def add_responses(survey, answers) -> list[Response]:
    """``answers``: one dict per respondent of {question: option label, [labels] or text}."""
    options = {
        (o.question_id, o.label): o
        for q in survey.questions.prefetch_related("options")
        for o in q.options.all()
    }
    responses = Response.objects.bulk_create(Response(survey=survey) for _ in answers)
    rows = []
    for response, chosen in zip(responses, answers, strict=True):
        for q, value in chosen.items():
            if q.kind == "free_text":
                rows.append(Answer(response=response, question=q, text=value, moderation="pending"))
                continue
            for label in value if isinstance(value, list) else [value]:
                rows.append(Answer(response=response, question=q, option=options[(q.pk, label)]))
    Answer.objects.bulk_create(rows)
    return responses


def counts_to_answers(question, counts: dict[str, int]) -> list[dict]:
    """[{question: label}, ...] with each label repeated its count."""
    return [{question: label} for label, n in counts.items() for _ in range(n)]
