"""Demo temperature checks: the December 2021 baseline (loaded through the CSV import, as a real
ICB would load its SmartSurvey export), two later annual rounds with believable movement, and
this year's survey open now with invitations part-used.

Deterministic (seeded) and idempotent: a survey that exists for its year is left alone.
"""

import csv
import datetime
import hashlib
import io
import random

from django.utils import timezone

from ccpl.models import Person, Priority

from . import importing, selectors, services
from .models import SCALES, Answer, Invitation, QuestionKind, Survey, SurveyReminder

SEED = 2021
BASELINE_YEAR = 2021

# Share of favourable answers per question in December 2021, from Gloucestershire's findings:
# 6 in 10 felt communication could be better; 7 in 10 saw a culture of shared learning; more
# than half wanted more shown on co-production; 6 in 10 felt feedback to communities could be
# better; time was the biggest challenge; 6 in 10 lacked project and admin support; 75% felt
# there was enough training, but almost half found it hard to find; recruitment not transparent.
BASELINE = {
    "p1-say-in-decisions": 0.55,
    "p1-range-of-professions": 0.45,
    "p1-communication-could-be-better": 0.40,
    "p1-know-where-to-raise": 0.50,
    "p2-shared-learning-culture": 0.70,
    "p2-coproduction-impact": 0.45,
    "p2-feedback-to-communities-could-be-better": 0.40,
    "p3-protected-time": 0.30,
    "p3-admin-support": 0.40,
    "p3-data-finance-digital": 0.36,
    "p4-enough-training": 0.75,
    "p4-easy-to-find": 0.52,
    "p4-mentoring": 0.45,
    "p4-learn-alongside-others": 0.85,
    "p5-open-and-fair": 0.35,
    "p5-hard-to-break-in": 0.30,
    "p5-encourage-a-colleague": 0.60,
}
# Change in the favourable share per later round, by priority (then by question where the
# action plan targeted it): communication and recruitment improve most; protected time barely.
MOVEMENT = {1: 0.07, 2: 0.04, 3: 0.015, 4: 0.03, 5: 0.09}
MOVEMENT_BY_KEY = {"p4-easy-to-find": 0.08, "p1-communication-could-be-better": 0.09}

PROFESSIONS = {
    "Medical": 30,
    "Nursing and midwifery": 20,
    "Allied health professions": 20,
    "Pharmacy": 8,
    "Social work": 5,
    "Psychology": 4,
    "Public health": 4,
    "Dentistry": 2,
    "Optometry": 2,
    "Healthcare science": 2,
    "Other professions": 3,
}

COMMENTS = {
    "p1-comments": [
        "A regular practitioner forum where we hear about decisions before they are made.",
        "Papers arrive too late to consult our teams before the meeting.",
        "Better feedback on what happened to the views we gave.",
        "The AHP Council works well. Other professions need something similar.",
        "Dr Sarah Jones chairs very inclusively; not every group is like that.",
        "Social care voices are still missing from most clinical programme groups.",
    ],
    "p2-comments": [
        "The pandemic showed what we can do together. We are slipping back into silos.",
        "More involvement of people with lived experience from the start, not at the end.",
        "Shared learning events across Places would help.",
        "Call me on 07700 900123 if you want examples from our PCN.",
    ],
    "p3-comments": [
        "Protected time that is actually protected: my sessions get eaten by clinics.",
        "A named analyst for our programme would save hours every month.",
        "Admin support to organise meetings and take notes.",
        "Backfill for clinical time so I can attend the Senate.",
    ],
    "p4-comments": [
        "Mentoring from leaders in other professions.",
        "A simple guide to what is on offer and how to book it.",
        "Training alongside the managers I work with, not just other clinicians.",
        "Coaching for new leads in their first year.",
    ],
    "p5-comments": [
        "Advertise every role openly, with the time commitment made clear.",
        "Shadowing opportunities for people thinking about applying.",
        "Recruitment still feels like a tap on the shoulder.",
        "Pay sessions properly so that people without practice income can apply.",
    ],
}

RECOMMENDATIONS = {
    1: "Keep the monthly practitioner forum and publish a short note of every decision it informs.",
    2: "Review how each clinical programme group involves people with lived experience.",
    3: "Agree protected time in every job description and name a link analyst for each programme.",
    4: "Publish one guide to leadership development and extend mentoring to aspiring leaders.",
    5: "Advertise every leadership role openly using the standard job description.",
}


def _favourable_share(key: str, number: int | None, round_: int) -> float:
    base = BASELINE.get(key, 0.6)
    step = MOVEMENT_BY_KEY.get(key, MOVEMENT.get(number or 0, 0.0))
    return min(0.95, max(0.05, base + step * round_))


def _scale_answer(rng, question, share: float) -> str:
    labels = [o.label for o in question.options.all()]
    favourable_side = not question.negatively_worded
    if question.kind == QuestionKind.YES_NO:
        return "Yes" if rng.random() < share else "No"
    positive, negative = labels[:2], labels[-2:]
    neutral = labels[2:-2]
    roll = rng.random()
    if neutral and roll > share and rng.random() < 0.25:
        return neutral[0]
    good = roll < share
    side = positive if good == favourable_side else negative
    strong = rng.random() < 0.35
    if side is positive:
        return side[0] if strong else side[1]
    return side[1] if strong else side[0]


def _weighted(rng, weights):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _respondent(rng, questions, round_: int) -> dict:
    """One believable set of answers: ``{question: label, list of labels, or text}``."""
    answers = {}
    for question in questions:
        if question.kind in SCALES:
            if rng.random() < 0.03:
                continue  # skipped
            number = question.priority.number if question.priority else None
            share = _favourable_share(question.key, number, round_)
            answers[question] = _scale_answer(rng, question, share)
        elif question.kind == QuestionKind.FREE_TEXT:
            bank = COMMENTS.get(question.key)
            if bank and rng.random() < 0.22:
                answers[question] = rng.choice(bank)
        elif question.about_you == "professional_group":
            if rng.random() < 0.04:
                answers[question] = services.PREFER_NOT_TO_SAY
            else:
                labels = {o.label for o in question.options.all()}
                answers[question] = _weighted(
                    rng, {k: v for k, v in PROFESSIONS.items() if k in labels} or {"Other": 1}
                )
        elif question.has_options:
            labels = [o.label for o in question.options.all()]
            answers[question] = rng.choice(labels[:-1] if rng.random() > 0.05 else labels[-1:])
    return answers


def _as_import_rows(answers_list) -> list[dict]:
    rows = []
    for answers in answers_list:
        row = {}
        for question, value in answers.items():
            if question.kind == QuestionKind.FREE_TEXT:
                row[question.pk] = value
            else:
                option = next(o for o in question.options.all() if o.label == value)
                row[question.pk] = str(option.pk)
        rows.append(row)
    return rows


def _baseline_csv(rng, questions, count: int) -> str:
    """A SmartSurvey-style export, identity and time columns included (the import drops them)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["UserID", "IP Address", "Started", "Ended", *(q.text for q in questions)])
    for n in range(count):
        answers = _respondent(rng, questions, 0)
        started = datetime.datetime(2021, 12, 1 + n % 16, 9 + n % 8, n % 60)
        writer.writerow(
            [
                f"{88100 + n}",
                f"10.12.{n // 200}.{n % 200}",
                f"{started:%d/%m/%Y %H:%M}",
                f"{started + datetime.timedelta(minutes=9):%d/%m/%Y %H:%M}",
                *(answers.get(q, "") for q in questions),
            ]
        )
    return out.getvalue()


def _moderate(rng, survey) -> None:
    names = [p.full_name for p in Person.objects.all()] + ["Dr Sarah Jones"]
    for answer in Answer.objects.filter(
        response__survey=survey, question__kind=QuestionKind.FREE_TEXT
    ).select_related("question"):
        if rng.random() < 0.8:
            text = services.redaction_suggest(answer.text, names=names)
            services.comment_moderate(answer=answer, publish=True, published_text=text)
        else:
            services.comment_moderate(answer=answer, publish=False)


def _publish(rng, survey, *, summary: str, published_on, audience) -> None:
    _moderate(rng, survey)
    services.recommendations_save(
        survey=survey,
        texts={p.pk: RECOMMENDATIONS[p.number] for p in Priority.objects.all()},
        summary=summary,
    )
    survey.status = Survey.Status.PUBLISHED
    survey.published_on = published_on
    survey.results_audience = audience
    survey.save()


def _baseline(rng) -> Survey:
    survey = services.survey_from_template(
        year=BASELINE_YEAR,
        title="Clinical and care professional leaders survey, December 2021",
        opens_on=datetime.date(2021, 12, 1),
        closes_on=datetime.date(2021, 12, 17),
    )
    questions = [q for _s, qs in selectors.survey_structure(survey) for q in qs]
    upload = importing.upload_read(_baseline_csv(rng, questions, 112))
    plan = importing.plan_suggest(survey, upload, create=False)
    label_maps = importing.label_maps_suggest(plan, upload)
    rows, errors, _empty = importing.rows_build(upload=upload, plan=plan, label_maps=label_maps)
    if errors or any("" in m.values() for m in label_maps.values()):  # pragma: no cover
        raise RuntimeError(errors[:3] or label_maps)
    services.responses_import_planned(survey=survey, plan=plan, rows=rows)
    _publish(
        rng,
        survey,
        summary=(
            "Over 100 leaders from a range of professions responded. Most felt there was already "
            "a culture of shared learning, but 6 in 10 felt communication could be better and "
            "protected time was the biggest challenge."
        ),
        published_on=datetime.date(2022, 3, 1),
        audience=Survey.Audience.LEADERS,
    )
    return survey


def _later_round(rng, source: Survey, year: int, round_: int, count: int, audience) -> Survey:
    survey = services.survey_copy(
        source=source, year=year, title=f"Leadership temperature check {year}"
    )
    survey.opens_on = datetime.date(year, 11, 1)
    survey.closes_on = datetime.date(year, 11, 30)
    survey.status = Survey.Status.CLOSED
    survey.save()
    questions = [q for _s, qs in selectors.survey_structure(survey) for q in qs]
    answers = [_respondent(rng, questions, round_) for _ in range(count)]
    services.responses_import(survey=survey, rows=_as_import_rows(answers), imported=False)
    _publish(
        rng,
        survey,
        summary=(
            "More leaders feel involved in decisions and see roles advertised openly. Protected "
            "time remains the biggest challenge."
        ),
        published_on=datetime.date(year + 1, 2, 1),
        audience=audience,
    )
    return survey


def demo_token(email: str) -> str:
    """A fixed personal link for a demo invitation (demo data only: known, like its passwords)."""
    return hashlib.sha256(f"ccpl-demo-survey:{email.lower()}".encode()).hexdigest()[:32]


def _open_round(rng, source: Survey, today) -> Survey:
    survey = services.survey_copy(
        source=source, year=today.year, title=f"Leadership temperature check {today.year}"
    )
    survey.opens_on = today - datetime.timedelta(days=10)
    survey.closes_on = today + datetime.timedelta(days=21)
    survey.save()
    services.survey_set_status(survey=survey, status=Survey.Status.OPEN, today=today)
    leader = Person.objects.filter(user__username="leader").first()
    people = list(Person.objects.exclude(email="").order_by("family_name", "given_name")[:60])
    if leader is not None and leader not in people:
        people.append(leader)
    services.invitations_add(survey=survey, invitees=services.invitees_from_people(people))
    sent = today - datetime.timedelta(days=10)
    survey.invitations.update(sent_on=sent)
    questions = [q for _s, qs in selectors.survey_structure(survey) for q in qs]
    invitations = list(survey.invitations.order_by("email"))
    for invitation in invitations:
        services.invitation_token_issue(invitation=invitation, token=demo_token(invitation.email))
    # Who answers is seeded; the order they answer in is not (nor is it the list's order):
    # the storage must not keep an order anyone could match to the invitation list.
    responding = [
        i
        for i in invitations
        if i.person_id != getattr(leader, "pk", None) and rng.random() <= 0.45
    ]
    services.SYSTEM_RANDOM.shuffle(responding)
    for invitation in responding:
        answers = _as_import_rows([_respondent(rng, questions, 3)])[0]
        services.response_submit(
            token=demo_token(invitation.email), answers={str(k): v for k, v in answers.items()}
        )
    waiting = sum(1 for i in invitations if i not in responding)
    SurveyReminder.objects.create(
        survey=survey, sent_on=sent + datetime.timedelta(days=7), recipients=waiting
    )
    services.responses_mix(survey=survey)
    return survey


def load(*, stdout):
    rng = random.Random(SEED)
    today = timezone.localdate()
    existing = set(
        Survey.objects.filter(kind=Survey.Kind.TEMPERATURE_CHECK).values_list("year", flat=True)
    )
    years = [max(BASELINE_YEAR + 1, today.year - 2), today.year - 1]
    if BASELINE_YEAR not in existing:
        _baseline(rng)
    previous = Survey.objects.get(kind=Survey.Kind.TEMPERATURE_CHECK, year=BASELINE_YEAR)
    for round_, year in enumerate(years, start=1):
        if year not in existing:
            audience = Survey.Audience.PUBLIC if year == years[-1] else Survey.Audience.LEADERS
            _later_round(rng, previous, year, round_, 118 + 6 * (round_ - 1), audience)
        previous = Survey.objects.get(kind=Survey.Kind.TEMPERATURE_CHECK, year=year)
    if today.year not in existing:
        _open_round(rng, previous, today)
    current = Survey.objects.get(kind=Survey.Kind.TEMPERATURE_CHECK, year=today.year)
    stdout.write(
        f"  {Survey.objects.count()} surveys, "
        f"{Invitation.objects.filter(survey=current, responded=True).count()} of "
        f"{current.invitations.count()} invited have responded to the open one"
    )
    leader = Invitation.objects.filter(
        survey=current, person__user__username="leader", responded=False
    ).first()
    if leader is not None:
        stdout.write(f"  Try the survey as the demo leader: /survey/{demo_token(leader.email)}/")
