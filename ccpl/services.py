"""Writes for the framework core. Every write is transactional."""

import logging
import secrets
import uuid
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone

from . import equality, queue, rules
from .csvfiles import csv_dict_rows
from .models import (
    Benchmark,
    Email,
    EqualityLedger,
    EqualityProfile,
    Person,
    Place,
    ProfessionalGroup,
)

BENCHMARK_COLUMNS = ("benchmark", "dimension", "category", "place", "share")


# --- Equality answers: the one place they are written ------------------------------------


def _ledger_bump() -> None:
    updated = EqualityLedger.objects.filter(pk=1).update(revision=F("revision") + 1)
    if not updated:
        EqualityLedger.objects.get_or_create(pk=1, defaults={"revision": 1})


@transaction.atomic
def equality_answers_save(*, owner: models.Model, answers: dict) -> EqualityProfile | None:
    """Save the equality-monitoring answers of ``owner`` (a person, or an application), under
    the owner's pseudonym (blank means not answered). Nothing answered, and nothing stored
    before: nothing is stored, the same as skipping the form."""
    subject = EqualityProfile.subject_for(owner)
    values = {question: answers.get(question) or "" for question in equality.QUESTIONS}
    profile = EqualityProfile.objects.select_for_update().filter(subject=subject).first()
    if profile is None and not any(values.values()):
        return None
    profile = profile or EqualityProfile(subject=subject)
    for question, value in values.items():
        setattr(profile, question, value)
    profile.full_clean(validate_unique=False)
    profile.save()
    _ledger_bump()
    return profile


@transaction.atomic
def equality_answers_forget(*, owner: models.Model) -> bool:
    """Delete the equality answers of ``owner`` (when the person or application is deleted:
    there is no foreign key to cascade). Returns whether there were any."""
    deleted, _ = EqualityProfile.objects.filter(subject=EqualityProfile.subject_for(owner)).delete()
    if deleted:
        _ledger_bump()
    return bool(deleted)


def equality_answers_forget_on_delete(sender, instance, **kwargs) -> None:
    """``post_delete`` receiver: a deleted person's or application's answers go with it."""
    equality_answers_forget(owner=instance)


SYSTEM_RANDOM = secrets.SystemRandom()


def equality_mix(*, force: bool = False) -> bool:
    """Re-write every equality answer in random order with fresh random ids, when any was
    written since the last mix (or ``force``), then reclaim the old storage. Afterwards
    neither ids nor storage order nor transaction ids follow the order in which people
    answered. Returns whether it mixed."""
    fields = ("subject", *equality.QUESTIONS)
    with transaction.atomic():
        ledger, _ = EqualityLedger.objects.select_for_update().get_or_create(pk=1)
        if not force and ledger.revision == ledger.mixed_revision:
            return False
        rows = list(EqualityProfile.objects.order_by().values(*fields))
        EqualityProfile.objects.all().delete()
        SYSTEM_RANDOM.shuffle(rows)
        EqualityProfile.objects.bulk_create(
            (EqualityProfile(id=uuid.uuid4(), **row) for row in rows), batch_size=2000
        )
        ledger.mixed_revision = ledger.revision
        ledger.save(update_fields=["mixed_revision"])
    storage_reclaim(EqualityProfile)
    return True


def storage_reclaim(*models_: type[models.Model]) -> None:
    """Rewrite the tables of ``models_`` so that deleted rows (the order before a mix, rows
    since deleted) are gone from the database files, not just unreachable.

    PostgreSQL: ``VACUUM FULL`` of those tables. SQLite: ``VACUUM`` of the whole file, then a
    ``wal_checkpoint(TRUNCATE)`` (in WAL mode the old pages otherwise stay in the -wal file).
    Neither can run inside a transaction: this must be called outside one.
    """
    if connection.in_atomic_block:
        raise RuntimeError("storage_reclaim() cannot run inside a transaction")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models_)
            cursor.execute(f"VACUUM FULL {tables}")
        elif connection.vendor == "sqlite":
            cursor.execute("VACUUM")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@transaction.atomic
def person_update_own_details(*, person: Person, data: dict) -> Person:
    """Update the contact and work details a person keeps for themself."""
    for field in (
        "given_name",
        "family_name",
        "job_title",
        "professional_group",
        "organisation",
        "place",
    ):
        if field in data:
            setattr(person, field, data[field])
    person.full_clean()
    person.save()
    return person


def benchmark_categories(dimension: str) -> set[str]:
    """The category codes a benchmark may use for a dimension (matching monitoring answers)."""
    if dimension == Benchmark.Dimension.ETHNIC_GROUP:
        return set(equality.EthnicGroup.values) - {equality.EthnicGroup.NOT_STATED}
    if dimension == Benchmark.Dimension.SEX:
        return set(equality.Sex.values) - {equality.PREFER_NOT_TO_SAY}
    if dimension == Benchmark.Dimension.AGE_BAND:
        return set(equality.AgeBand.values) - {equality.PREFER_NOT_TO_SAY}
    return set(ProfessionalGroup.objects.filter(parent=None).values_list("slug", flat=True))


def _benchmark_row(row: dict, places: dict[str, Place]) -> dict:
    errors = []
    kind = (row.get("benchmark") or "").strip().lower()
    dimension = (row.get("dimension") or "").strip().lower()
    category = (row.get("category") or "").strip()
    place_name = (row.get("place") or "").strip()
    share_text = (row.get("share") or "").strip()
    if kind not in Benchmark.Kind.values:
        errors.append(f"benchmark must be one of {', '.join(Benchmark.Kind.values)}")
    if dimension not in Benchmark.Dimension.values:
        errors.append(f"dimension must be one of {', '.join(Benchmark.Dimension.values)}")
    if not category:
        errors.append("category is missing")
    elif dimension in Benchmark.Dimension.values:
        allowed = benchmark_categories(dimension)
        if category not in allowed:
            errors.append(f"category for {dimension} must be one of {', '.join(sorted(allowed))}")
    place = None
    if place_name:
        place = places.get(place_name.lower())
        if place is None:
            errors.append(f"there is no Place called '{place_name}'")
    try:
        share = Decimal(share_text)
        if not Decimal(0) <= share <= Decimal(1):
            errors.append("share must be between 0 and 1")
    except InvalidOperation:
        share = None
        errors.append("share must be a number between 0 and 1, such as 0.0475")
    if errors:
        raise ValidationError("; ".join(errors))
    return {
        "benchmark": kind,
        "dimension": dimension,
        "category": category,
        "place": place,
        "share": share,
    }


@transaction.atomic
def benchmarks_import(*, rows) -> int:
    """Create or update benchmarks from rows with BENCHMARK_COLUMNS; all or nothing.

    Raises ValidationError listing every bad row (numbered from 2, as in a
    spreadsheet with a header row) and saves nothing when any row is bad.
    """
    places = {p.name.lower(): p for p in Place.objects.all()}
    cleaned, errors = [], []
    rows = list(rows)
    if not rows:
        raise ValidationError("The file has no rows of benchmarks.")
    for number, row in enumerate(rows, start=2):
        try:
            cleaned.append(_benchmark_row(row, places))
        except ValidationError as error:
            errors.append(f"Row {number}: {error.messages[0]}")
    if errors:
        raise ValidationError(errors)
    for values in cleaned:
        share = values.pop("share")
        benchmark, created = Benchmark.objects.get_or_create(**values, defaults={"share": share})
        # Re-importing an unchanged figure writes nothing (and adds no history).
        if not created and benchmark.share != share:
            benchmark.share = share
            benchmark.save(update_fields=["share"])
    return len(cleaned)


def benchmarks_import_csv(*, text: str) -> int:
    """Import benchmarks from CSV text with the header benchmark,dimension,category,place,share."""
    header, rows = csv_dict_rows(text, normalise=lambda name: name.strip().lower())
    missing = [c for c in BENCHMARK_COLUMNS if c not in header]
    if missing:
        raise ValidationError(
            f"The file needs the columns {','.join(BENCHMARK_COLUMNS)}; missing: {', '.join(missing)}"
        )
    return benchmarks_import(rows=rows)


@transaction.atomic
def user_kinds_ensure() -> None:
    """Create the user-kind groups, holding no Django model permissions (idempotent).

    Application permissions are rules (``ccpl.rules``); Django's model permissions only
    open admin pages, and the admin is the superuser's alone, so any a group was once
    given are taken away.
    """
    from django.contrib.auth.models import Group

    for kind in rules.USER_KINDS:
        group, _ = Group.objects.get_or_create(name=kind)
        group.permissions.clear()


# --- E-mail (docs/adr/0007) ---------------------------------------------------------------

logger = logging.getLogger(__name__)

# A message still "sending" this long after it was handed over (past the task's hard time
# limit) belongs to a worker that died: it becomes "unknown".
EMAIL_SENDING_STALE_MINUTES = 15


def _minute():
    return timezone.now().replace(second=0, microsecond=0)


def email_queue(*, to: str, subject: str, body: str, kind: str, about: str = "") -> Email:
    """Record an e-mail in the caller's transaction and have the worker send it after the
    commit (never inside the request). Never pass a secret (a personal link, a token)."""
    email = Email.objects.create(to=to, subject=subject, body=body, kind=kind, about=about[:200])
    queue.send_on_commit("ccpl.send_email", email.pk)
    return email


def email_send(*, email_id: int) -> str:
    """The worker's side: mark a queued e-mail "sending" (committed), hand it to the mail
    relay, then mark it "sent" or "failed". Anything not queued is left alone (a repeated
    task message, or one a worker died with: the sweeper makes that "unknown")."""
    with transaction.atomic():
        email = (
            Email.objects.select_for_update()
            .filter(pk=email_id, status=Email.Status.QUEUED)
            .first()
        )
        if email is None:
            return "skipped"
        email.status = Email.Status.SENDING
        email.attempts += 1
        email.changed = _minute()
        email.save(update_fields=["status", "attempts", "changed"])
    try:
        mail.EmailMessage(
            subject=email.subject,
            body=email.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email.to],
        ).send()
    except Exception as error:  # noqa: BLE001 - any relay failure: staff may send it again
        reason = f"{type(error).__name__}: {error}"[:2000]
        logger.warning("E-mail %s not sent: %s", email.pk, reason)
        Email.objects.filter(pk=email.pk).update(
            status=Email.Status.FAILED, last_error=reason, changed=_minute()
        )
        return "failed"
    Email.objects.filter(pk=email.pk).update(
        status=Email.Status.SENT, last_error="", changed=_minute()
    )
    return "sent"


def emails_sweep() -> int:
    """Scheduled: e-mails left "sending" by a worker that died become "unknown" (they may
    have gone; they are never resent automatically). Returns how many."""
    stale = _minute() - timedelta(minutes=EMAIL_SENDING_STALE_MINUTES)
    return Email.objects.filter(status=Email.Status.SENDING, changed__lt=stale).update(
        status=Email.Status.UNKNOWN, changed=_minute()
    )


@transaction.atomic
def email_send_again(*, email: Email) -> Email:
    """Staff: send a failed or unknown e-mail again."""
    email = Email.objects.select_for_update().get(pk=email.pk)
    if not email.can_send_again:
        raise ValidationError(
            "Only an e-mail that failed, or may not have been sent, can be sent again."
        )
    email.status = Email.Status.QUEUED
    email.changed = _minute()
    email.save(update_fields=["status", "changed"])
    queue.send_on_commit("ccpl.send_email", email.pk)
    return email


# --- MFA: an administrator resets a lost authenticator -----------------------------------


@transaction.atomic
def mfa_reset(*, user) -> int:
    """Remove every authenticator of ``user`` (app, security keys, recovery codes) and end
    their sessions. At their next sign-in with a password they must set up MFA again
    (ccpl.middleware.MfaRequiredMiddleware). Returns how many authenticators went.

    The caller records who did it (the admin action writes the admin's log)."""
    from allauth.mfa.models import Authenticator
    from django.contrib.sessions.models import Session

    deleted, _ = Authenticator.objects.filter(user=user).delete()
    user_id = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == user_id:
            session.delete()
    logger.warning("MFA reset for user %s: %s authenticators removed", user.pk, deleted)
    return deleted
