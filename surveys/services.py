"""Survey writes and workflows: building, invitations, responding, moderation, publishing."""

import csv
import datetime
import hashlib
import io
import logging
import re
import secrets
import uuid
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
from django.utils.text import slugify

from ccpl import queue
from ccpl import services as core_services
from ccpl.history import attribute, saved
from ccpl.models import Organisation, Person, Place, Priority, ProfessionalGroup

from . import hooks, selectors, temperature_check
from .models import (
    MIN_RESPONDENTS,
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
    ResponseMix,
    Section,
    Survey,
    SurveyJourney,
    SurveyReminder,
)

logger = logging.getLogger(__name__)

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


def question_options_set(*, question: Question, labels: Iterable[str] = (), user=None) -> None:
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
        attribute(option, user)
        option.save()
        keep.add(option.pk)
    question.options.exclude(pk__in=keep).delete()


def _next_order(queryset) -> int:
    highest = queryset.aggregate(highest=Max("order"))["highest"]
    return 0 if highest is None else highest + 1


def _updated(instance, data: Mapping, user):
    for field, value in data.items():
        setattr(instance, field, value)
    return saved(instance, user)


def survey_update(*, survey: Survey, data: Mapping, user=None) -> Survey:
    """Change a survey's details (title, dates, wording, audience)."""
    return _updated(survey, data, user)


def section_update(*, section: Section, data: Mapping, user=None) -> Section:
    """Change a page's title or description."""
    return _updated(section, data, user)


def survey_item_delete(*, item: Section | Question, user=None) -> None:
    """Remove a page (with its questions) or a question from a draft survey."""
    attribute(item, user)
    item.delete()


def survey_mark_imported(*, survey: Survey, user=None) -> Survey:
    """A draft survey whose responses were imported from a file is closed: nobody will
    respond to it here."""
    if survey.status == Survey.Status.DRAFT:
        survey.status = Survey.Status.CLOSED
        attribute(survey, user)
        survey.save(update_fields=["status"])
    return survey


def section_create(*, survey: Survey, title: str, description: str = "", user=None) -> Section:
    section = Section(
        survey=survey,
        title=title,
        description=description,
        order=_next_order(survey.sections.all()),
    )
    attribute(section, user)
    section.save()
    return section


def question_create(
    *, section: Section, data: Mapping, option_labels: Iterable[str] = (), user=None
) -> Question:
    """Add a question at the end of ``section`` with its options."""
    question = Question(
        survey=section.survey,
        section=section,
        order=_next_order(section.questions.all()),
        **data,
    )
    saved(question, user)
    question_options_set(question=question, labels=option_labels, user=user)
    return question


def questions_create(*, section: Section, specs: Iterable[Mapping], user=None) -> None:
    """Add questions from plain specs (another app's fixed questionnaire): each a question's
    fields, with ``options`` (labels), or an ``about_you`` question's own standard options."""
    for spec in specs:
        spec = dict(spec)
        labels = spec.pop("options", None) or _about_you_options(spec.get("about_you", ""))
        question_create(section=section, data=spec, option_labels=labels, user=user)


def question_update(
    *, question: Question, data: Mapping, option_labels: Iterable[str] = (), user=None
):
    moved = "section" in data and data["section"] != question.section
    for field, value in data.items():
        setattr(question, field, value)
    if moved:
        question.order = _next_order(question.section.questions.exclude(pk=question.pk))
    saved(question, user)
    question_options_set(question=question, labels=option_labels, user=user)
    return question


def _move(items: list, item, direction: str, user) -> None:
    index = next(i for i, x in enumerate(items) if x.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for order, x in enumerate(items):
        if x.order != order:
            x.order = order
            attribute(x, user)
            x.save(update_fields=["order"])


def section_move(*, section: Section, direction: str, user=None) -> None:
    """Swap the section with the one above or below it."""
    _move(list(section.survey.sections.all()), section, direction, user)


def question_move(*, question: Question, direction: str, user=None) -> None:
    """Swap the question with the one above or below it in its section."""
    _move(list(question.section.questions.all()), question, direction, user)


def survey_check_editable(survey: Survey) -> None:
    if not survey.is_editable:
        raise ValidationError(
            "You cannot change the questions once a survey has opened. Copy it to make a new version."
        )


def survey_create(*, kind: str, year: int, title: str, user=None) -> Survey:
    """A blank draft survey."""
    return saved(Survey(kind=kind, year=year, title=title), user)


def survey_from_template(
    *,
    year: int,
    title: str = "",
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
    user=None,
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
    saved(survey, user)
    priorities = {p.number: p for p in Priority.objects.all()}
    for title_, description, number, questions in temperature_check.SECTIONS:
        section = section_create(survey=survey, title=title_, description=description, user=user)
        specs = [{"priority": priorities.get(number), **spec} for spec in questions]
        questions_create(section=section, specs=specs, user=user)
    return survey


def survey_copy(*, source: Survey, year: int, title: str, user=None) -> Survey:
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
    saved(survey, user)
    questions = source.questions.select_related("section").prefetch_related("options")
    by_section: dict[int, list[Question]] = {}
    for question in questions:
        by_section.setdefault(question.section_id, []).append(question)
    for old in source.sections.all():
        section = Section(
            survey=survey, title=old.title, description=old.description, order=old.order
        )
        attribute(section, user)
        section.save()
        for q in by_section.get(old.pk, []):
            new = Question(
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
            attribute(new, user)
            new.save()
            QuestionOption.objects.bulk_create(
                QuestionOption(question=new, label=o.label, sentiment=o.sentiment, order=o.order)
                for o in q.options.all()
            )
    return survey


def survey_set_status(
    *, survey: Survey, status: str, today: datetime.date | None = None, user=None
):
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
        respondents = survey.responses.count()
        if respondents < MIN_RESPONDENTS:
            raise ValidationError(
                f"The results cannot be published: {respondents} "
                f"{'person' if respondents == 1 else 'people'} responded. We promised never to "
                f"show results for fewer than {MIN_RESPONDENTS} people."
            )
        withheld = hooks.results_withheld(survey)
        if withheld:
            raise ValidationError(f"The results cannot be published. {withheld}")
        survey.published_on = survey.published_on or today
    closing = status == Survey.Status.CLOSED and survey.status == Survey.Status.OPEN
    survey.status = status
    attribute(survey, user)
    survey.save()
    if closing:
        # Mix whatever arrived since the last mix, once this change is saved.
        queue.send_on_commit("surveys.tasks.mix_responses", survey.pk, force=True)
    return survey


def recommendations_save(
    *, survey: Survey, texts: Mapping[int | None, str], summary: str, user=None
):
    """Store the results summary and the recommendation for each priority (key ``None``:
    the survey as a whole)."""
    survey.results_summary = summary
    attribute(survey, user)
    survey.save(update_fields=["results_summary"])
    for priority_id, text in texts.items():
        recommendation = Recommendation.objects.filter(
            survey=survey, priority_id=priority_id
        ).first() or Recommendation(survey=survey, priority_id=priority_id)
        recommendation.text = text.strip()
        attribute(recommendation, user)
        recommendation.save()


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


# A survey's non-responders are reminded together, at most once in this many days.
REMINDER_INTERVAL_DAYS = 7


class SiteAddressMissing(ValidationError):
    pass


def site_url() -> str:
    base_url = getattr(settings, "CCPL_SITE_URL", "")
    if not base_url:
        raise SiteAddressMissing(
            "Emails with survey links cannot be sent until the site's address (CCPL_SITE_URL) is set."
        )
    return base_url


class MailRelayUnreachable(Exception):
    """The mail relay could not be reached: nothing was handed over, so the task tries again
    later (``surveys.tasks``) and sends only what is still unsent."""


def _links_send(*, survey: Survey, invitations, reminder: bool, mark_sent: bool = False) -> int:
    """Give each invitation a new personal link and email it to those not yet responded.

    The token exists only here and in the email: never logged, queued or stored except as
    its hash. Links are made for everyone in ``invitations``, in their order, so the link
    rows say nothing about who responded. With ``mark_sent``, each invitation is marked
    e-mailed as soon as the relay has taken its message, so a failure part-way leaves the
    rest to send, and a retry never sends those twice."""
    base_url = site_url()
    subject = ("Reminder: " if reminder else "") + f"{survey.title}: have your say"
    sent = 0
    connection = mail.get_connection()
    try:
        connection.open()
    except OSError as error:
        raise MailRelayUnreachable(str(error)) from error
    with connection:
        for invitation in invitations:
            token = invitation_token_issue(invitation=invitation)
            if invitation.responded:
                continue
            context = {
                "survey": survey,
                "invitation": invitation,
                "link": survey_link(base_url=base_url, token=token),
                "reminder": reminder,
                "min_respondents": MIN_RESPONDENTS,
                "journey_days": JOURNEY_DAYS,
            }
            mail.EmailMessage(
                subject=subject,
                body=render_to_string("surveys/email/invitation.txt", context),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[invitation.email],
                connection=connection,
            ).send()
            if mark_sent:
                Invitation.objects.filter(pk=invitation.pk).update(sent_on=timezone.localdate())
            sent += 1
    return sent


def invitations_request(*, survey: Survey, reminders: bool = False) -> None:
    """Ask the worker to send the invitations (or the reminders) through the outbox: saved
    now, sent when the broker can take it. Only the survey's id is queued: the task makes
    the personal links."""
    if reminders:
        queue.send_on_commit("surveys.tasks.send_reminders", survey.pk)
    else:
        queue.send_on_commit("surveys.tasks.send_invitations", survey.pk)


def invitations_send(*, survey: Survey) -> int:
    """Email a personal link to everyone invited and not yet emailed. Returns how many."""
    invitations = list(survey.invitations.filter(sent_on__isnull=True).order_by("pk"))
    sent = _links_send(survey=survey, invitations=invitations, reminder=False, mark_sent=True)
    # Those who responded before being e-mailed (none in practice) count as dealt with.
    Invitation.objects.filter(pk__in=[i.pk for i in invitations], sent_on__isnull=True).update(
        sent_on=timezone.localdate()
    )
    logger.info("Survey %s: %s invitations emailed", survey.pk, sent)
    return sent


def reminders_due_on(survey: Survey) -> datetime.date | None:
    """The first day the next batch of reminders may go, or ``None`` if it may go now."""
    last = survey.reminders.order_by("-sent_on").values_list("sent_on", flat=True).first()
    if last is None:
        return None
    due = last + datetime.timedelta(days=REMINDER_INTERVAL_DAYS)
    return due if due > timezone.localdate() else None


def reminders_send(*, survey: Survey) -> int:
    """Remind, as one batch, everyone emailed who has not responded at this moment, at most
    once every ``REMINDER_INTERVAL_DAYS`` days. Only the batch (day and size) is recorded;
    every emailed invitee gets a new link row, so the links say nothing about who responded.
    Returns how many were reminded."""
    with transaction.atomic():
        Survey.objects.select_for_update().filter(pk=survey.pk).first()
        if reminders_due_on(survey) is not None:
            return 0
        emailed = survey.invitations.filter(sent_on__isnull=False).order_by("pk")
        sent = _links_send(survey=survey, invitations=list(emailed), reminder=True)
        SurveyReminder.objects.create(survey=survey, sent_on=timezone.localdate(), recipients=sent)
    logger.info("Survey %s: a batch of %s reminders emailed", survey.pk, sent)
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


class AnswerMissing(ValidationError):
    """A question that needs an answer has none."""

    def __init__(self, question: Question):
        super().__init__(f"“{question.text}” needs an answer", code="required")
        self.question = question


class NothingAnswered(ValidationError):
    """A submission with no answers at all is not a response."""

    def __init__(self):
        super().__init__(
            "You have not answered any questions. Answer at least one question before you "
            "send your answers.",
            code="empty",
        )


def survey_is_open(survey: Survey, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        survey.status == Survey.Status.OPEN
        and (survey.opens_on is None or survey.opens_on <= today)
        and (survey.closes_on is None or today <= survey.closes_on)
    )


def link_check_hash(token_hash: str) -> InvitationToken:
    """The link whose token hashes to ``token_hash`` if it can be used now; raises a
    :class:`LinkError` if not. Checking never uses a link up."""
    link = (
        InvitationToken.objects.select_related("invitation__survey")
        .filter(token_hash=token_hash)
        .first()
    )
    if link is None:
        raise LinkUnknown
    if link.invitation.responded:
        raise LinkUsed
    if not survey_is_open(link.invitation.survey):
        raise SurveyNotOpen
    return link


def link_check(token: str) -> InvitationToken:
    return link_check_hash(hash_token(token))


def _questions(survey: Survey) -> list[Question]:
    return selectors.survey_questions(survey)


def answer_field(question: Question) -> str:
    """The name a question's answer goes by on a survey page's form."""
    return f"q{question.pk}"


def _chosen(question: Question, value) -> list:
    """The answer ``value`` as a list: the text (free text) or the chosen option ids; empty
    when the question is unanswered."""
    if question.kind == QuestionKind.FREE_TEXT:
        text = str(value or "").strip()
        return [text] if text else []
    chosen = value if isinstance(value, list | tuple) else [value] if value else []
    return chosen if question.kind == QuestionKind.MULTIPLE_CHOICE else chosen[:1]


def _missing_message(question: Question) -> str:
    if question.kind == QuestionKind.FREE_TEXT:
        return f"Enter an answer for “{question.text}”"
    if question.kind == QuestionKind.MULTIPLE_CHOICE:
        return f"Select at least one answer for “{question.text}”"
    return f"Select an answer for “{question.text}”"


def page_answers_check(*, questions: Iterable[Question], answers: Mapping[str, object]) -> None:
    """Check one page's answers (``{question id: value}``): raises a ValidationError naming
    each required question left blank, under its :func:`answer_field`."""
    missing = {
        answer_field(q): ValidationError(_missing_message(q), code="required")
        for q in questions
        if q.required and not _chosen(q, answers.get(str(q.pk)))
    }
    if missing:
        raise ValidationError(missing)


def _option_maps(questions: list[Question]) -> dict[int, dict[str, QuestionOption]]:
    return {q.pk: {str(o.pk): o for o in q.options.all()} for q in questions}


def _answer_values(
    questions: list[Question],
    answers: Mapping[str, object],
    *,
    enforce_required: bool = True,
    option_maps: dict[int, dict[str, QuestionOption]] | None = None,
) -> list[tuple[Question, QuestionOption | None, str]]:
    """``(question, option, text)`` for each answer to the survey's questions; ignores
    anything else, checks options and (the one place this is checked) required questions.
    ``option_maps``: :func:`_option_maps` of the questions, made once for many answers."""
    option_maps = option_maps or _option_maps(questions)
    values = []
    for question in questions:
        chosen = _chosen(question, answers.get(str(question.pk)))
        if question.required and enforce_required and not chosen:
            raise AnswerMissing(question)
        if question.kind == QuestionKind.FREE_TEXT:
            values.extend((question, None, text) for text in chosen)
            continue
        options = option_maps[question.pk]
        for option_id in dict.fromkeys(str(c) for c in chosen):
            if option_id not in options:
                raise ValidationError(f"“{question.text}” has an answer that is not an option")
            values.append((question, options[option_id], ""))
    return values


def _answer_rows(
    questions: list[Question], answers: Mapping[str, object], *, enforce_required: bool = True
) -> list[Answer]:
    """The :func:`_answer_values` as unsaved answers (free text waits to be checked)."""
    return [
        Answer(question=question, text=text, moderation=Answer.Moderation.PENDING)
        if option is None
        else Answer(question=question, option=option)
        for question, option, text in _answer_values(
            questions, answers, enforce_required=enforce_required
        )
    ]


def answers_check(*, survey: Survey, answers: Mapping[str, object]) -> list[Answer]:
    """The answer rows a submission would save; raises :class:`AnswerMissing` for a required
    question left blank and :class:`NothingAnswered` if nothing at all is answered."""
    rows = _answer_rows(_questions(survey), answers)
    if not rows:
        raise NothingAnswered
    return rows


def _commit_without_waiting_for_the_disk() -> None:
    """Let the invitation's mark commit without waiting for its write to reach the disk
    (PostgreSQL's asynchronous commit, for this transaction only). Safe here because the
    response's own commit, which follows, does wait, and PostgreSQL writes its log in order:
    once the response is durable, so is the mark before it. A crash before the response
    commits leaves no response and the link used or not, as without this (nobody was told
    the answers were saved). One wait for the disk per submission instead of two."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def response_submit(
    *,
    answers: Mapping[str, object],
    token: str = "",
    token_hash: str = "",
    journey: SurveyJourney | None = None,
) -> None:
    """Save the answers as an anonymous response and use up the link's invitation (and
    delete ``journey``, the answers in progress, with the response: both or neither).

    Two transactions, so that the invitation's mark and the response rows carry different
    transaction ids: first the invitation is marked by a conditional update, one statement
    committed on its own (two submissions racing on one link cannot both pass: the second
    waits for the first's row lock and then finds it used); then the response is saved. If
    saving fails the mark is undone, so the link still works. Called outside any transaction
    (the respondent views are not atomic); inside one (tests), both steps simply share it.
    Until the next mix the two transaction ids are adjacent: see
    docs/adr/0003-survey-anonymity.md. Returns nothing: no caller needs to know which
    response is the new one.
    """
    token_hash = token_hash or hash_token(token)
    link = link_check_hash(token_hash)
    survey = link.invitation.survey
    rows = answers_check(survey=survey, answers=answers)
    with transaction.atomic():
        _commit_without_waiting_for_the_disk()
        used = Invitation.objects.filter(pk=link.invitation_id, responded=False).update(
            responded=True
        )
    if not used:
        raise LinkUsed
    try:
        with transaction.atomic():
            response = Response.objects.create(survey=survey)
            for row in rows:
                row.response = response
            Answer.objects.bulk_create(rows)
            if journey is not None:
                SurveyJourney.objects.filter(pk=journey.pk).delete()
    except BaseException:
        Invitation.objects.filter(pk=link.invitation_id).update(responded=False)
        raise


# --- The journey: answers in progress, away from the link and the session ------------------

# Abandoned journeys are deleted once they are this many days old (counted in whole days).
JOURNEY_DAYS = 2


def _journey_id(secret: str) -> str:
    return hashlib.sha256(b"journey:" + secret.encode()).hexdigest()


def _seal(secret: str, token_hash: str) -> str:
    """XOR the link's hash with a pad only the cookie's secret can make (and back again)."""
    pad = hashlib.sha256(b"seal:" + secret.encode()).digest()
    return bytes(a ^ b for a, b in zip(bytes.fromhex(token_hash), pad, strict=True)).hex()


def journey_start(*, token: str, secret: str = "") -> tuple[SurveyJourney, str]:
    """Start (or, with the same link and the cookie's ``secret``, continue) a journey for a
    usable link, without using the link up: mail scanners fetch links too. Returns the
    journey and the secret for the respondent's cookie; the token itself is not kept."""
    token_hash = hash_token(token)
    link = link_check_hash(token_hash)
    if secret:
        journey = journey_get(secret=secret)
        if journey is not None and _seal(secret, journey.sealed_link) == token_hash:
            return journey, secret
    secret = secrets.token_urlsafe(32)
    journey = SurveyJourney.objects.create(
        id=_journey_id(secret),
        survey=link.invitation.survey,
        sealed_link=_seal(secret, token_hash),
        started_on=timezone.localdate(),
    )
    return journey, secret


def journey_get(*, secret: str) -> SurveyJourney | None:
    if not secret:
        return None
    return SurveyJourney.objects.select_related("survey").filter(id=_journey_id(secret)).first()


def journey_link_check(*, journey: SurveyJourney, secret: str) -> InvitationToken:
    """The journey's link if it can still be used; raises a :class:`LinkError` if not."""
    return link_check_hash(_seal(secret, journey.sealed_link))


def journey_answers_save(*, journey: SurveyJourney, answers: Mapping[str, object]) -> None:
    journey.answers = dict(answers)
    journey.save(update_fields=["answers"])


def journey_submit(*, journey: SurveyJourney, secret: str) -> None:
    """Submit the journey's answers with its link; the journey is deleted in the response's
    own transaction, so a saved response never leaves its answers in progress behind. A
    :class:`ValidationError` leaves the journey and the link as they were."""
    response_submit(
        token_hash=_seal(secret, journey.sealed_link), answers=journey.answers, journey=journey
    )


def journey_end(*, journey: SurveyJourney) -> None:
    """Delete the journey (one statement: a transaction of its own outside any other)."""
    SurveyJourney.objects.filter(pk=journey.pk).delete()


def journeys_expire(*, today: datetime.date | None = None) -> int:
    """Delete journeys started ``JOURNEY_DAYS`` or more days ago. Returns how many."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=JOURNEY_DAYS)
    deleted, _ = SurveyJourney.objects.filter(started_on__lte=cutoff).delete()
    return deleted


# --- The mix: responses re-written in random order -----------------------------------------

# The mix runs once this many responses have arrived since the last one (or the survey closed).
MIX_AFTER = 10
SYSTEM_RANDOM = secrets.SystemRandom()


def responses_unmixed(survey: Survey) -> int:
    mixed = ResponseMix.objects.filter(survey=survey).values_list("responses", flat=True).first()
    return max(survey.responses.count() - (mixed or 0), 0)


def survey_mix_due(survey: Survey) -> bool:
    """Due when 10 or more responses arrived since the last mix, or any did and the survey is
    no longer open (closed, or past its closing date)."""
    unmixed = responses_unmixed(survey)
    return unmixed >= MIX_AFTER or (unmixed > 0 and not survey_is_open(survey))


def responses_mix(*, survey: Survey) -> int:
    """Re-write every response and answer of ``survey`` in random order with fresh random ids,
    in one transaction: moderation and every other field survive, while storage order,
    transaction ids and ids no longer say anything about who answered when. Returns the
    number of responses. Call :func:`storage_reclaim` afterwards (outside any transaction)
    so the old rows are gone from the files too."""
    with transaction.atomic():
        Survey.objects.select_for_update().filter(pk=survey.pk).first()
        responses = list(Response.objects.filter(survey=survey).order_by().values("id", "imported"))
        fields = ("response_id", "question_id", "option_id", "text", "moderation", "published_text")
        answers = list(
            Answer.objects.filter(response_id__in=[r["id"] for r in responses])
            .order_by()
            .values_list(*fields)
        )
        # By the response ids (an index lookup): the join form, on tables just filled (no
        # planner statistics yet), can become a nested loop that takes minutes.
        Answer.objects.filter(response_id__in=[r["id"] for r in responses]).delete()
        Response.objects.filter(survey=survey).delete()
        SYSTEM_RANDOM.shuffle(responses)
        new_ids = {r["id"]: uuid.uuid4() for r in responses}
        Response.objects.bulk_create(
            Response(id=new_ids[r["id"]], survey=survey, imported=r["imported"]) for r in responses
        )
        SYSTEM_RANDOM.shuffle(answers)
        Answer.objects.bulk_create(
            (
                Answer(
                    response_id=new_ids[response_id],
                    question_id=question_id,
                    option_id=option_id,
                    text=text,
                    moderation=moderation,
                    published_text=published_text,
                )
                for response_id, question_id, option_id, text, moderation, published_text in answers
            ),
            batch_size=2000,
        )
        ResponseMix.objects.update_or_create(
            survey=survey,
            defaults={"responses": len(responses), "mixed_on": timezone.localdate()},
        )
    logger.info("Survey %s: responses mixed", survey.pk)
    return len(responses)


STORAGE_TABLES = (Response, Answer, SurveyJourney)


def storage_reclaim() -> None:
    """Rewrite the response, answer and journey tables so that deleted rows (the order before
    a mix, finished journeys) are gone from the database files (``ccpl.services``)."""
    core_services.storage_reclaim(*STORAGE_TABLES)


def survey_mix_and_reclaim(*, survey: Survey, force: bool = False) -> bool:
    """Mix the survey's responses if due (or ``force``), then reclaim the old storage.
    Returns whether it mixed."""
    if not (force or survey_mix_due(survey)):
        return False
    responses_mix(survey=survey)
    storage_reclaim()
    return True


def surveys_mix_due() -> int:
    """Mix every survey that is due (the scheduled task). Returns how many were mixed."""
    mixed = 0
    for survey in Survey.objects.exclude(status=Survey.Status.DRAFT).order_by("pk"):
        if survey_mix_due(survey):
            responses_mix(survey=survey)
            mixed += 1
    if mixed:
        storage_reclaim()
    return mixed


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


def comments_moderate_bulk(
    *, survey: Survey, answer_ids: Iterable, publish: bool, names: Iterable[str] = ()
) -> int:
    """Publish or withhold many comments of one survey at once, all or none. Published text
    is each comment with :func:`redaction_suggest` applied (e-mail addresses, phone numbers
    and the given names removed). Answers of other surveys, or not free text, are refused."""
    ids = list(dict.fromkeys(str(i) for i in answer_ids))
    if not ids:
        raise ValidationError("Select at least one comment")
    with transaction.atomic():
        answers = list(
            Answer.objects.select_for_update()
            .filter(pk__in=ids, question__survey=survey, question__kind=QuestionKind.FREE_TEXT)
            .exclude(text="")
        )
        if len(answers) != len(ids):
            raise ValidationError("Some of the selected comments are not comments on this survey")
        names = list(names)
        for answer in answers:
            if publish:
                answer.moderation = Answer.Moderation.PUBLISH
                answer.published_text = redaction_suggest(answer.text, names=names)
            else:
                answer.moderation = Answer.Moderation.WITHHOLD
                answer.published_text = ""
        Answer.objects.bulk_update(answers, ["moderation", "published_text"])
    return len(answers)


# --- Importing past results ----------------------------------------------------------------


def responses_import(
    *, survey: Survey, rows: list[dict[int, object]], imported: bool = True
) -> int:
    """Save already-validated imported answers (``{question id: option ids or text}`` for each
    respondent) as responses, all or none, in random order (a file's order is often the
    order people answered in)."""
    questions = _questions(survey)
    ids = {q.pk for q in questions}
    rows = list(rows)
    SYSTEM_RANDOM.shuffle(rows)
    option_maps = _option_maps(questions)
    # Past surveys may not have asked every question, so nothing is required.
    per_response = [
        _answer_values(
            questions,
            {str(qid): value for qid, value in row.items() if qid in ids},
            enforce_required=False,
            option_maps=option_maps,
        )
        for row in rows
    ]
    per_response = [answers for answers in per_response if answers]
    with transaction.atomic():
        # The whole file in the shuffled order: the responses in batches, their answers (tens
        # of thousands of rows) in one COPY on PostgreSQL. COPY is not seen by the watch on
        # writes (ccpl.pagecache); the responses' insert, in this transaction, raises the
        # data version for both.
        responses = Response.objects.bulk_create(
            [Response(survey=survey, imported=imported) for _ in per_response], batch_size=2000
        )
        answers = (
            (uuid.uuid4(), response.pk, question.pk, option.pk if option else None, text)
            for response, values in zip(responses, per_response, strict=True)
            for question, option, text in values
        )
        _answers_insert(answers)
    return len(responses)


def _answers_insert(answers: Iterable[tuple]) -> None:
    """Insert ``(id, response id, question id, option id or None, text)`` rows; free text
    waits to be checked. PostgreSQL's COPY where it can (a file's worth of rows in seconds),
    otherwise ``bulk_create``."""
    from django.db import connection

    pending = Answer.Moderation.PENDING
    if connection.vendor != "postgresql":
        Answer.objects.bulk_create(
            (
                Answer(
                    id=pk,
                    response_id=response_id,
                    question_id=question_id,
                    option_id=option_id,
                    text=text,
                    moderation="" if option_id else pending,
                )
                for pk, response_id, question_id, option_id, text in answers
            ),
            batch_size=2000,
        )
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    for pk, response_id, question_id, option_id, text in answers:
        writer.writerow(
            (pk, response_id, question_id, option_id or "", text, "" if option_id else pending, "")
        )
    buffer.seek(0)
    table = Answer._meta.db_table
    with connection.cursor() as cursor:
        # Every field quoted, so an empty text is '' (never NULL); FORCE_NULL makes a quoted
        # empty option id NULL (a text answer).
        cursor.cursor.copy_expert(
            f"COPY {table} (id, response_id, question_id, option_id, text, moderation, "  # noqa: S608
            "published_text) FROM STDIN WITH (FORMAT csv, FORCE_NULL (option_id))",
            buffer,
        )


def _planned_key(item: dict, taken: set[str]) -> str:
    base = f"q{item['number']}" if item.get("number") else slugify(item["text"])[:50] or "question"
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}-{n}"
    taken.add(key)
    return key


def _section_for(survey: Survey, title: str, user) -> Section:
    return survey.sections.filter(title=title).first() or section_create(
        survey=survey, title=title, user=user
    )


def responses_import_planned(
    *, survey: Survey, plan: list[dict], rows: list[dict[int, object]], user=None
) -> int:
    """Import a file's answers as planned: create the new questions (with the file's
    numbers, kinds and options), then save the rows as responses, all or nothing, and close
    the survey. ``rows`` hold ``{plan index: [option label, ...] or text}``."""
    with transaction.atomic():
        questions: dict[int, Question] = {}
        taken = set(survey.questions.values_list("key", flat=True))
        for position, item in enumerate(plan):
            if item.get("question"):
                questions[position] = survey.questions.get(pk=item["question"])
                continue
            survey_check_editable(survey)
            section = _section_for(survey, "About you" if item["about_you"] else "Questions", user)
            questions[position] = question_create(
                section=section,
                data={
                    "key": _planned_key(item, taken),
                    "number": item.get("number", ""),
                    "text": item["text"],
                    "kind": item["kind"],
                    "about_you": item["about_you"],
                },
                option_labels=item.get("options", ()),
                user=user,
            )
        option_ids = {
            position: {o.label: str(o.pk) for o in question.options.all()}
            for position, question in questions.items()
        }
        converted = []
        for row in rows:
            answers: dict[int, object] = {}
            for position, value in row.items():
                question = questions[position]
                if question.kind == QuestionKind.FREE_TEXT:
                    answers[question.pk] = value
                else:
                    answers[question.pk] = [option_ids[position][label] for label in value]
            converted.append(answers)
        count = responses_import(survey=survey, rows=converted)
        survey_mark_imported(survey=survey, user=user)
    return count


def survey_delete(*, survey: Survey) -> None:
    if survey.responses.exists():
        raise ValidationError("This survey has responses, so it cannot be deleted.")
    try:
        survey.delete()
    except IntegrityError as error:  # pragma: no cover - protected rows
        raise ValidationError("This survey cannot be deleted.") from error
