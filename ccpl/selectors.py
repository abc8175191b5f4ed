"""Reads for the framework core."""

import logging
from collections import Counter, defaultdict
from collections.abc import Iterator

from django.conf import settings
from django.db import connection
from django.db.models import Case, CharField, Count, Q, Value, When

from . import equality, rules
from .models import (
    Benchmark,
    EqualityLedger,
    EqualityProfile,
    Person,
    Priority,
    equality_subject,
)

logger = logging.getLogger(__name__)


def person_for_account(user) -> Person | None:
    """The person record linked to this signed-in account, or None when there is none."""
    if not user.is_authenticated:
        return None
    try:
        return user.person
    except Person.DoesNotExist:
        return None


def priority_list():
    return list(Priority.objects.all())


def health_checks() -> dict[str, bool]:
    """Whether the database and the Celery broker answer right now."""
    from ccpl.celery import app

    results = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        results["database"] = True
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        logger.exception("Health check: database unavailable")
        results["database"] = False
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        results["broker"] = True
    except Exception:  # noqa: BLE001
        logger.exception("Health check: broker unavailable")
        results["broker"] = False
    return results


def equality_counts(*, people, dimension: str) -> dict[str, int]:
    """Raw counts of ``people`` (persons or applications) by one equality answer, counted in
    the database.

    Unanswered questions, and members with no answers stored, count as "not_answered".
    These are raw figures: publish them only through ``ccpl.disclosure``. Ethnicity comes
    back by ONS category; collapse to broad groups before publishing.
    """
    if dimension not in equality.QUESTIONS:
        raise ValueError(f"Unknown equality dimension: {dimension}")
    subjects = _subjects(people)
    counts: Counter[str] = Counter()
    for profiles in _profiles(subjects):
        for row in profiles.order_by().values(dimension).annotate(n=Count("pk")):
            counts[row[dimension] or equality.NOT_ANSWERED] += row["n"]
    stored = sum(counts.values())
    if len(subjects) > stored:
        counts[equality.NOT_ANSWERED] += len(subjects) - stored
    return dict(counts)


def person_list():
    return Person.objects.with_related()


def benchmark_list():
    return Benchmark.objects.select_related("place")


def equality_answers_of(owner) -> dict:
    """The equality answers of ``owner`` (a person or an application), for that person's
    own form only (never for anyone else); ``{}`` when none are stored."""
    profile = EqualityProfile.objects.filter(subject=EqualityProfile.subject_for(owner)).first()
    if profile is None:
        return {}
    return {question: getattr(profile, question) for question in equality.QUESTIONS}


def equality_answered_count(owner) -> int:
    return sum(1 for answer in equality_answers_of(owner).values() if answer)


def equality_revision() -> int:
    """Grows whenever any equality answer is written or deleted (says nothing about whose)."""
    return EqualityLedger.objects.values_list("revision", flat=True).first() or 0


AUDITED_APPS = ("ccpl", "forums", "roles", "actions", "surveys", "recruitment", "development")


def has_audit_history(model) -> bool:
    """Whether staff may read this model's change history (never equality data or survey responses)."""
    from simple_history.models import registered_models

    return (
        registered_models.get(model._meta.db_table) is model
        and model._meta.app_label in AUDITED_APPS
    )


def change_history(obj):
    """Historical records of one object, newest first, with who made each change."""
    return obj.history.select_related("history_user__person").order_by(
        "-history_date", "-history_id"
    )


_CHANGE_TYPES = {"+": "Created", "~": "Changed", "-": "Deleted"}


def change_history_rows(page, obj) -> list[dict]:
    """Rows for a page of history: who, when, what kind, and each field's old and new value.

    Uses a fixed number of queries per page: the record older than the page's last
    one, and one query per related model to name foreign-key values.
    """
    from django.db.models import Q

    records = list(page.object_list)
    if not records:
        return []
    last = records[-1]
    older = (
        change_history(obj)
        .filter(
            Q(history_date__lt=last.history_date)
            | Q(history_date=last.history_date, history_id__lt=last.history_id)
        )
        .first()
    )
    pairs = list(zip(records, records[1:] + [older], strict=True))
    model = type(obj)
    diffs = []
    wanted: dict = {}
    for new, old in pairs:
        changes = []
        if old is not None and new.history_type == "~":
            for change in new.diff_against(old).changes:
                field = model._meta.get_field(change.field)
                changes.append((field, change.old, change.new))
                if field.is_relation:
                    wanted.setdefault(field.related_model, set()).update({change.old, change.new})
        diffs.append((new, changes))
    names = {
        related: related._default_manager.in_bulk([pk for pk in pks if pk is not None])
        for related, pks in wanted.items()
    }

    def shown(field, value):
        if value in (None, ""):
            return "(blank)"
        if field.is_relation:
            return str(names[field.related_model].get(value, f"(removed #{value})"))
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        return str(value)

    return [
        {
            "when": record.history_date,
            "who": user_name(record.history_user) if record.history_user else "System",
            "kind": _CHANGE_TYPES.get(record.history_type, record.history_type),
            "changes": [
                {"field": field.verbose_name, "old": shown(field, old), "new": shown(field, new)}
                for field, old, new in changes
            ],
        }
        for record, changes in diffs
    ]


# --- Equality answers of a population, in aggregate ------------------------------------------
# Answers are stored under a keyed pseudonym, never linked in the database
# (``EqualityProfile.subject_for``): every read of a population's answers works out its
# members' pseudonyms here and finds their answers by them.

PUBLISHED_QUESTIONS = ("age_band", "sex", "ethnicity")
# Pseudonyms per query on SQLite (well under its limit of 32,766 parameters). PostgreSQL
# takes them all in one query, so a page's query count does not grow with the people in it.
_CHUNK = 5000


def _subjects(people) -> dict[str, object]:
    """``{pseudonym: pk}`` for every member of ``people`` (persons or applications)."""
    label = people.model._meta.label_lower
    pks = people.order_by().values_list("pk", flat=True)
    return {equality_subject(label, pk): pk for pk in pks}


def _profiles(subjects) -> Iterator:
    """The stored answers of those pseudonyms: one queryset on PostgreSQL, one per chunk of
    ``_CHUNK`` on SQLite."""
    from django.db import connection

    keys = list(subjects)
    if connection.vendor != "sqlite":
        yield EqualityProfile.objects.filter(subject__in=keys)
        return
    for start in range(0, len(keys), _CHUNK):
        yield EqualityProfile.objects.filter(subject__in=keys[start : start + _CHUNK])


def equality_told_us(*, people):
    """The members of ``people`` (persons or applications) who answered at least one
    published question ("prefer not to say" is an answer)."""
    told = Q()
    for question in PUBLISHED_QUESTIONS:
        told |= Q(**{f"{question}__gt": ""})
    subjects = _subjects(people)
    pks = [
        subjects[subject]
        for profiles in _profiles(subjects)
        for subject in profiles.filter(told).values_list("subject", flat=True)
    ]
    return people.filter(pk__in=pks)


def equality_answer_expression(*, people, question: str) -> Case:
    """An expression giving each member of ``people`` their answer to ``question``
    (``"not_answered"`` when blank or not stored), for grouping and counting in the database
    beside other columns (e.g. recruitment stages)."""
    return equality_answer_expressions(people=people, questions=[question])[question]


def equality_answer_expressions(*, people, questions) -> dict[str, Case]:
    """``equality_answer_expression`` for each of ``questions``, working out the members'
    pseudonyms and reading their answers once for all of them."""
    for question in questions:
        if question not in equality.QUESTIONS:
            raise ValueError(f"Unknown equality dimension: {question}")
    subjects = _subjects(people)
    by_answer: dict[str, dict[str, list]] = {q: defaultdict(list) for q in questions}
    for profiles in _profiles(subjects):
        for subject, *answers in profiles.values_list("subject", *questions):
            for question, answer in zip(questions, answers, strict=True):
                if answer:
                    by_answer[question][answer].append(subjects[subject])
    return {
        question: Case(
            *(When(pk__in=pks, then=Value(answer)) for answer, pks in sorted(answers.items())),
            default=Value(equality.NOT_ANSWERED),
            output_field=CharField(),
        )
        for question, answers in by_answer.items()
    }


def equality_digests(*, people, purpose: str) -> dict[str, str]:
    """One keyed digest per member of ``people``: ``{HMAC(id): HMAC(id, professional group,
    published answers)}``, keyed with ``SECRET_KEY`` and ``purpose``. Two digests differ
    exactly when the person's published answers (or group) changed; without the key they
    tell nobody anything about the answers. For counting changes between publications."""
    from django.utils.crypto import salted_hmac

    subjects = _subjects(people)
    answers = {}
    for profiles in _profiles(subjects):
        for subject, *values in profiles.values_list("subject", *PUBLISHED_QUESTIONS):
            answers[subjects[subject]] = values
    blank = [""] * len(PUBLISHED_QUESTIONS)
    out = {}
    for pk, group in people.order_by().values_list("pk", "professional_group_id"):
        person = salted_hmac(purpose, f"person:{pk}", algorithm="sha256").hexdigest()
        state = "|".join(str(x or "") for x in (pk, group, *answers.get(pk, blank)))
        out[person] = salted_hmac(purpose, f"state:{state}", algorithm="sha256").hexdigest()
    return out


# --- People and accounts -------------------------------------------------------------------


def sso_configured() -> bool:
    """Whether NHSmail (Entra ID) single sign-on is set up (docs/security.md)."""
    return bool(getattr(settings, "SSO_ENTRA_CLIENT_ID", ""))


def account_kinds(person: Person) -> list[str]:
    from django.contrib.auth.models import Group

    if not person.user_id:
        return []
    return sorted(
        Group.objects.filter(user__pk=person.user_id, name__in=rules.USER_KINDS).values_list(
            "name", flat=True
        )
    )


def account_summary(person: Person) -> dict:
    """What the CCPL team sees of a person's account: its state, what it can do, the
    invitation waiting, any e-mail change waiting for the person, and what happened to it
    (newest first). Never a password, a token or a link."""
    from .models import AccountEvent, EmailChange, Invitation

    user = None
    if person.user_id:
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(pk=person.user_id).first()
    invitation = (
        Invitation.objects.filter(person=person, used_at__isnull=True, cancelled_at__isnull=True)
        .order_by("-created")
        .first()
    )
    if invitation is not None and not invitation.is_usable:
        invitation = None
    change = (
        EmailChange.objects.filter(person=person, used_at__isnull=True, cancelled_at__isnull=True)
        .order_by("-created")
        .first()
    )
    if change is not None and not change.is_usable:
        change = None
    if user is None:
        state = "Invited" if invitation else "No account"
    else:
        state = "Active" if user.is_active else "Deactivated"
    return {
        "state": state,
        "user": user,
        "kinds": account_kinds(person),
        "invitation": invitation,
        "email_change": change,
        "events": list(
            AccountEvent.objects.filter(person=person).select_related("by", "by__person")[:50]
        ),
        "signs_in_with": _signs_in_with(user),
    }


def _signs_in_with(user) -> str:
    if user is None:
        return ""
    if user.has_usable_password():
        return "Email address and password"
    return "NHSmail"


def user_name(user) -> str:
    """How a user is named on every page, report and e-mail: the person's name, never a
    username (a system account with no person and no name shows as "an administrator")."""
    if user is None:
        return "the system"
    person = getattr(user, "person", None) if user.pk else None
    if person is not None:
        return person.full_name
    return user.get_full_name() or "an administrator"
