"""Survey writes and workflows: building, invitations, responding, moderation, publishing."""

import datetime
import hashlib
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ccpl.models import Organisation, Person, Place, Priority, ProfessionalGroup

from . import temperature_check
from .models import (
    SCALES,
    AboutYou,
    Answer,
    Invitation,
    InvitationToken,
    Question,
    QuestionKind,
    QuestionOption,
    Recommendation,
    Response,
    Section,
    Survey,
)

PREFER_NOT_TO_SAY = "Prefer not to say"


# --- Building ------------------------------------------------------------------------------


def _about_you_options(about_you: str) -> list[str]:
    if about_you == AboutYou.PROFESSIONAL_GROUP:
        names = list(
            ProfessionalGroup.objects.filter(parent__isnull=True).values_list("name", flat=True)
        )
    elif about_you == AboutYou.PLACE:
        names = [*Place.objects.values_list("name", flat=True), "More than one Place"]
    elif about_you == AboutYou.ORGANISATION_TYPE:
        names = [label for _value, label in Organisation.Kind.choices]
    else:
        return []
    return [*names, PREFER_NOT_TO_SAY]


def question_options_set(*, question: Question, labels: Iterable[str] = ()) -> None:
    """Give the question its answer options: the fixed scale for its type, else ``labels``.

    Existing options keep their ids (and so their answers) where the label is unchanged.
    """
    if question.kind in SCALES:
        wanted = list(SCALES[question.kind])
    elif question.has_options:
        wanted = [(label, "") for label in dict.fromkeys(x.strip() for x in labels) if label]
    else:
        wanted = []
    existing = {option.label: option for option in question.options.all()}
    keep = set()
    for order, (label, sentiment) in enumerate(wanted):
        option = existing.get(label)
        if option is None:
            option = QuestionOption(question=question, label=label)
        option.sentiment = sentiment
        option.order = order
        option.save()
        keep.add(option.pk)
    question.options.exclude(pk__in=keep).delete()


def _next_order(queryset) -> int:
    highest = queryset.aggregate(highest=Max("order"))["highest"]
    return 0 if highest is None else highest + 1


def section_create(*, survey: Survey, title: str, description: str = "") -> Section:
    return Section.objects.create(
        survey=survey,
        title=title,
        description=description,
        order=_next_order(survey.sections.all()),
    )


def question_create(
    *, section: Section, data: Mapping, option_labels: Iterable[str] = ()
) -> Question:
    """Add a question at the end of ``section`` with its options."""
    question = Question(
        survey=section.survey,
        section=section,
        order=_next_order(section.questions.all()),
        **data,
    )
    question.full_clean()
    question.save()
    question_options_set(question=question, labels=option_labels)
    return question


def question_update(*, question: Question, data: Mapping, option_labels: Iterable[str] = ()):
    moved = "section" in data and data["section"] != question.section
    for field, value in data.items():
        setattr(question, field, value)
    if moved:
        question.order = _next_order(question.section.questions.exclude(pk=question.pk))
    question.full_clean()
    question.save()
    question_options_set(question=question, labels=option_labels)
    return question


def _move(items: list, item, direction: str) -> None:
    index = next(i for i, x in enumerate(items) if x.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for order, x in enumerate(items):
        if x.order != order:
            x.order = order
            x.save(update_fields=["order"])


def section_move(*, section: Section, direction: str) -> None:
    """Swap the section with the one above or below it."""
    _move(list(section.survey.sections.all()), section, direction)


def question_move(*, question: Question, direction: str) -> None:
    """Swap the question with the one above or below it in its section."""
    _move(list(question.section.questions.all()), question, direction)


def survey_check_editable(survey: Survey) -> None:
    if not survey.is_editable:
        raise ValidationError(
            "You cannot change the questions once a survey has opened. Copy it to make a new version."
        )


def survey_from_template(
    *,
    year: int,
    title: str = "",
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
) -> Survey:
    """A draft temperature check with the template's sections and questions (stable keys)."""
    survey = Survey(
        kind=Survey.Kind.TEMPERATURE_CHECK,
        year=year,
        title=title or f"Leadership temperature check {year}",
        introduction=temperature_check.INTRODUCTION,
        opens_on=opens_on,
        closes_on=closes_on,
    )
    survey.full_clean()
    survey.save()
    priorities = {p.number: p for p in Priority.objects.all()}
    for title_, description, number, questions in temperature_check.SECTIONS:
        section = section_create(survey=survey, title=title_, description=description)
        for spec in questions:
            spec = dict(spec)
            labels = spec.pop("options", None) or _about_you_options(spec.get("about_you", ""))
            spec.setdefault("priority", priorities.get(number))
            question_create(section=section, data=spec, option_labels=labels)
    return survey


def survey_copy(*, source: Survey, year: int, title: str) -> Survey:
    """A draft copy of ``source`` for another year: same sections, questions, keys and options."""
    survey = Survey(
        kind=source.kind,
        year=year,
        title=title,
        introduction=source.introduction,
        anonymity_statement=source.anonymity_statement,
        results_audience=source.results_audience,
        copied_from=source,
    )
    survey.full_clean()
    survey.save()
    questions = source.questions.select_related("section").prefetch_related("options")
    by_section: dict[int, list[Question]] = {}
    for question in questions:
        by_section.setdefault(question.section_id, []).append(question)
    for old in source.sections.all():
        section = Section.objects.create(
            survey=survey, title=old.title, description=old.description, order=old.order
        )
        for q in by_section.get(old.pk, []):
            new = Question.objects.create(
                survey=survey,
                section=section,
                key=q.key,
                text=q.text,
                help_text=q.help_text,
                kind=q.kind,
                required=q.required,
                negatively_worded=q.negatively_worded,
                priority_id=q.priority_id,
                about_you=q.about_you,
                order=q.order,
            )
            QuestionOption.objects.bulk_create(
                QuestionOption(question=new, label=o.label, sentiment=o.sentiment, order=o.order)
                for o in q.options.all()
            )
    return survey


def survey_set_status(*, survey: Survey, status: str, today: datetime.date | None = None):
    """Open, close or publish a survey, checking it is ready."""
    today = today or timezone.localdate()
    if status == Survey.Status.OPEN:
        if not survey.questions.exists():
            raise ValidationError("Add at least one question before opening the survey.")
        if survey.closes_on and survey.closes_on < today:
            raise ValidationError("The closing date has passed. Change it before opening.")
        if not survey.opens_on or survey.opens_on > today:
            survey.opens_on = today
    elif status == Survey.Status.CLOSED:
        if survey.status == Survey.Status.DRAFT:
            raise ValidationError("A draft survey cannot be closed. Open it first.")
        survey.published_on = None
    elif status == Survey.Status.PUBLISHED:
        if survey.status not in (Survey.Status.CLOSED, Survey.Status.PUBLISHED):
            raise ValidationError("Close the survey before publishing its results.")
        survey.published_on = survey.published_on or today
    survey.status = status
    survey.save()
    return survey


def recommendations_save(*, survey: Survey, texts: Mapping[int | None, str], summary: str):
    """Store the results summary and the recommendation for each priority (key ``None``:
    the survey as a whole)."""
    survey.results_summary = summary
    survey.save(update_fields=["results_summary"])
    for priority_id, text in texts.items():
        Recommendation.objects.update_or_create(
            survey=survey, priority_id=priority_id, defaults={"text": text.strip()}
        )


# --- Invitations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Invitee:
    email: str
    name: str = ""
    person_id: int | None = None


_LINE = re.compile(r"^\s*(?:(?P<name>[^<,;\t]*?)\s*[<,;\t]\s*)?(?P<email>[^<>,;\s]+)\s*>?\s*$")


def invitees_parse(text: str) -> tuple[list[Invitee], list[str]]:
    """People from a pasted list or CSV: one a line, as ``email``, ``Name <email>`` or
    ``Name,email``. Returns the invitees and a message for each line that is not one."""
    invitees, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _LINE.match(line)
        email = match["email"].strip() if match else ""
        try:
            validate_email(email)
        except ValidationError:
            if number == 1 and "@" not in line:
                continue  # a CSV header row such as "name,email"
            errors.append(f"Line {number}: “{line.strip()}” does not contain an email address")
            continue
        invitees.append(Invitee(email=email, name=(match["name"] or "").strip().strip('"')))
    return invitees, errors


def invitees_from_people(people: Iterable[Person]) -> list[Invitee]:
    return [Invitee(email=p.email, name=p.full_name, person_id=p.pk) for p in people if p.email]


def invitations_add(*, survey: Survey, invitees: Iterable[Invitee]) -> tuple[int, int]:
    """Invite each person once (emails compared without case), matching People records by email.

    Returns (added, already invited).
    """
    invitees = list(invitees)
    emails = {i.email.lower() for i in invitees}
    people = {
        p.email_lower: p
        for p in Person.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)
    }
    existing = {e.lower() for e in survey.invitations.values_list("email", flat=True)}
    added = skipped = 0
    for invitee in invitees:
        key = invitee.email.lower()
        if key in existing:
            skipped += 1
            continue
        person = people.get(key)
        Invitation.objects.create(
            survey=survey,
            email=invitee.email,
            name=invitee.name or (person.full_name if person else ""),
            person_id=invitee.person_id or (person.pk if person else None),
        )
        existing.add(key)
        added += 1
    return added, skipped


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_token_issue(*, invitation: Invitation, token: str | None = None) -> str:
    """A new personal link for the invitation; returns the token (stored only as a hash)."""
    token = token or secrets.token_urlsafe(24)
    InvitationToken.objects.create(invitation=invitation, token_hash=hash_token(token))
    return token


def survey_link(*, base_url: str, token: str) -> str:
    return base_url.rstrip("/") + reverse("survey:start", kwargs={"token": token})


def invitations_send(*, survey: Survey, base_url: str, reminders: bool = False) -> int:
    """Email each invitee their personal link: everyone not yet sent one, or (``reminders``)
    everyone sent one who has not responded. Each email carries a new token; earlier links
    keep working. Returns the number of emails sent."""
    invitations = survey.invitations.filter(responded=False)
    if reminders:
        invitations = invitations.filter(sent_at__isnull=False)
    else:
        invitations = invitations.filter(sent_at__isnull=True)
    now = timezone.now()
    sent = 0
    with mail.get_connection() as connection:
        for invitation in invitations.select_related("survey"):
            token = invitation_token_issue(invitation=invitation)
            context = {
                "survey": survey,
                "invitation": invitation,
                "link": survey_link(base_url=base_url, token=token),
                "reminder": reminders,
            }
            subject = ("Reminder: " if reminders else "") + f"{survey.title}: have your say"
            message = mail.EmailMessage(
                subject=subject,
                body=render_to_string("surveys/email/invitation.txt", context),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[invitation.email],
                connection=connection,
            )
            message.send()
            if reminders:
                invitation.reminded_at = now
                invitation.save(update_fields=["reminded_at"])
            else:
                invitation.sent_at = now
                invitation.save(update_fields=["sent_at"])
            sent += 1
    return sent


# --- Responding ----------------------------------------------------------------------------


class LinkError(Exception):
    """The personal link cannot be used."""


class LinkUnknown(LinkError):
    pass


class LinkUsed(LinkError):
    pass


class SurveyNotOpen(LinkError):
    pass


def survey_is_open(survey: Survey, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        survey.status == Survey.Status.OPEN
        and (survey.opens_on is None or survey.opens_on <= today)
        and (survey.closes_on is None or today <= survey.closes_on)
    )


def link_check(token: str) -> InvitationToken:
    """The link behind ``token`` if it can be used now; raises a :class:`LinkError` if not."""
    link = (
        InvitationToken.objects.select_related("invitation__survey")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if link is None:
        raise LinkUnknown
    if link.invitation.responded:
        raise LinkUsed
    if not survey_is_open(link.invitation.survey):
        raise SurveyNotOpen
    return link


def _questions(survey: Survey) -> list[Question]:
    return list(survey.questions.prefetch_related("options"))


def _answer_rows(
    questions: list[Question], answers: Mapping[str, object], *, enforce_required: bool = True
) -> list[Answer]:
    """Answer rows for the survey's questions; ignores anything else, checks options and
    required questions."""
    rows = []
    for question in questions:
        value = answers.get(str(question.pk))
        if question.kind == QuestionKind.FREE_TEXT:
            text = str(value or "").strip()
            if text:
                rows.append(
                    Answer(question=question, text=text, moderation=Answer.Moderation.PENDING)
                )
            elif question.required and enforce_required:
                raise ValidationError(f"“{question.text}” needs an answer")
            continue
        chosen = value if isinstance(value, list | tuple) else [value] if value else []
        if question.kind != QuestionKind.MULTIPLE_CHOICE:
            chosen = chosen[:1]
        options = {str(o.pk): o for o in question.options.all()}
        for option_id in dict.fromkeys(str(c) for c in chosen):
            if option_id not in options:
                raise ValidationError(f"“{question.text}” has an answer that is not an option")
            rows.append(Answer(question=question, option=options[option_id]))
        if question.required and enforce_required and not chosen:
            raise ValidationError(f"“{question.text}” needs an answer")
    return rows


def response_submit(*, token: str, answers: Mapping[str, object]) -> Response:
    """Save the answers as an anonymous response and use up the invitation: both or neither.

    The invitation is marked by a conditional update, so two submissions racing on one link
    cannot both succeed: the second waits for the first's row lock and then finds it used.
    The response records only the day and has no link to the invitation.
    """
    with transaction.atomic():
        link = link_check(token)
        survey = link.invitation.survey
        rows = _answer_rows(_questions(survey), answers)
        used = Invitation.objects.filter(pk=link.invitation_id, responded=False).update(
            responded=True
        )
        if not used:
            raise LinkUsed
        response = Response.objects.create(survey=survey, submitted_on=timezone.localdate())
        for row in rows:
            row.response = response
        Answer.objects.bulk_create(rows)
    return response


# --- Free-text moderation ------------------------------------------------------------------

REDACTED = "[removed]"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\w)(?:\+44\s?|0)(?:\d[\s-]?){9,10}(?!\w)")


def redaction_suggest(text: str, *, names: Iterable[str] = ()) -> str:
    """``text`` with email addresses, phone numbers and the given full names replaced by
    ``[removed]``: a starting point that staff check before publishing."""
    text = _EMAIL.sub(REDACTED, text)
    text = _PHONE.sub(REDACTED, text)
    for name in sorted({n for n in names if n and len(n) > 3}, key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(name)}\b", REDACTED, text, flags=re.IGNORECASE)
    return text


def comment_moderate(*, answer: Answer, publish: bool, published_text: str = "") -> Answer:
    """Publish a free-text answer (as ``published_text``, which may redact it) or withhold it."""
    if answer.question.kind != QuestionKind.FREE_TEXT:
        raise ValidationError("Only free-text answers are moderated.")
    if publish and not published_text.strip():
        raise ValidationError("Enter the text to publish")
    answer.moderation = Answer.Moderation.PUBLISH if publish else Answer.Moderation.WITHHOLD
    answer.published_text = published_text.strip() if publish else ""
    answer.save(update_fields=["moderation", "published_text"])
    return answer


# --- Importing past results ----------------------------------------------------------------


def responses_import(
    *,
    survey: Survey,
    rows: list[dict[int, object]],
    submitted_on: datetime.date,
    imported: bool = True,
) -> int:
    """Save already-validated imported answers (``{question id: option ids or text}`` for each
    respondent) as responses, all or none."""
    questions = _questions(survey)
    ids = {q.pk for q in questions}
    created = 0
    with transaction.atomic():
        for row in rows:
            answers = {str(qid): value for qid, value in row.items() if qid in ids}
            # Past surveys may not have asked every question, so nothing is required.
            answer_rows = _answer_rows(questions, answers, enforce_required=False)
            if not answer_rows:
                continue
            response = Response.objects.create(
                survey=survey, submitted_on=submitted_on, imported=imported
            )
            for answer in answer_rows:
                answer.response = response
            Answer.objects.bulk_create(answer_rows)
            created += 1
    return created


def survey_delete(*, survey: Survey) -> None:
    if survey.responses.exists():
        raise ValidationError("This survey has responses, so it cannot be deleted.")
    try:
        survey.delete()
    except IntegrityError as error:  # pragma: no cover - protected rows
        raise ValidationError("This survey cannot be deleted.") from error
