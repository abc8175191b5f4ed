"""Writes for the framework core. Every write is transactional."""

import logging
import secrets
import uuid
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from email.utils import make_msgid

from django.conf import settings
from django.core import mail
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone

from . import equality, queue, rules
from .csvfiles import csv_dict_rows
from .history import saved
from .models import (
    AccountEvent,
    Benchmark,
    Email,
    EmailChange,
    EqualityLedger,
    EqualityProfile,
    Invitation,
    Person,
    Place,
    ProfessionalGroup,
    token_digest,
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
def equality_answers_save_new(*, answers_by_owner: list[tuple[models.Model, dict]]) -> int:
    """Bulk form of :func:`equality_answers_save` for owners with nothing stored yet (the data
    generator): each row under the owner's pseudonym (the same ``subject_for``), in random
    order, blank answers dropped, the ledger bumped so the nightly mix runs. Returns how
    many were stored."""
    profiles = []
    for owner, answers in answers_by_owner:
        values = {question: answers.get(question) or "" for question in equality.QUESTIONS}
        if any(values.values()):
            profiles.append(EqualityProfile(subject=EqualityProfile.subject_for(owner), **values))
    SYSTEM_RANDOM.shuffle(profiles)
    EqualityProfile.objects.bulk_create(profiles, batch_size=2000)
    if profiles:
        _ledger_bump()
    return len(profiles)


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
# An e-mail the relay never took (it could not be reached) is tried again automatically, after
# 1, 2, 4, 8 minutes (the beat's sweeper, every minute); after that staff decide.
EMAIL_AUTO_ATTEMPTS = 5


def _minute():
    return timezone.now().replace(second=0, microsecond=0)


def email_queue(
    *,
    to: str,
    subject: str,
    body: str,
    kind: str,
    about: str = "",
    link_kind: str = "",
    link_id: int | None = None,
    headers: dict[str, str] | None = None,
) -> Email:
    """Record an e-mail in the caller's transaction and have the worker send it after the
    commit (never inside the request). Never pass a secret (a personal link, a token): an
    e-mail carrying a one-time link names where it comes from (``link_kind``, ``link_id``,
    one of ``ONE_TIME_LINKS``) and has ``{link}`` in its body; the worker makes the link as it
    sends."""
    if link_kind and link_kind not in ONE_TIME_LINKS:
        raise ValueError(f"Unknown one-time link kind {link_kind!r}")
    email = Email.objects.create(
        to=to,
        subject=subject,
        body=body,
        kind=kind,
        about=about[:200],
        link_kind=link_kind,
        link_id=link_id,
        headers=headers or {},
        message_id=make_msgid(domain=settings.EMAIL_MESSAGE_ID_DOMAIN),
    )
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
    body = email.body
    if email.link_kind:
        # A fresh one-time link for this sending (the last one sent stops working).
        try:
            link = ONE_TIME_LINKS[email.link_kind](email.link_id)
        except ImproperlyConfigured:
            link = None
        if link is None:
            Email.objects.filter(pk=email.pk).update(
                status=Email.Status.FAILED,
                last_error="The link in this e-mail is no longer valid (used, expired or cancelled).",
                changed=_minute(),
                retry_at=None,
            )
            return "failed"
        body = body.replace("{link}", link)
    connection = mail.get_connection()
    try:
        connection.open()
    except Exception as error:  # noqa: BLE001 - the relay is away: nothing was handed over
        return _email_failed(email, error, relay_unreachable=True)
    try:
        connection.send_messages(
            [
                mail.EmailMessage(
                    subject=email.subject,
                    body=body,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[email.to],
                    headers=_headers(email),
                    connection=connection,
                )
            ]
        )
    except Exception as error:  # noqa: BLE001 - any relay failure: staff may send it again
        return _email_failed(email, error, relay_unreachable=False)
    finally:
        connection.close()
    Email.objects.filter(pk=email.pk).update(
        status=Email.Status.SENT, last_error="", changed=_minute(), retry_at=None
    )
    return "sent"


def _headers(email: Email) -> dict | None:
    headers = dict(email.headers or {})
    if email.message_id:
        headers["Message-ID"] = email.message_id
    return headers or None


def email_bounces_record(reports: list[dict]) -> int:
    """The mail relay reports e-mails that bounced, each by the Message-ID we gave it
    (``{"message_id": "<…>", "reason": "550 5.1.1 …"}``). Only e-mails that were handed to
    the relay (sent, or unknown) become bounced, once; a report for an unknown or already
    bounced message changes nothing, so the relay may repeat a report safely. Returns how
    many e-mails changed."""
    changed = 0
    for report in reports:
        message_id = str(report.get("message_id", "")).strip()[:255]
        reason = str(report.get("reason", "") or "The recipient's mail server refused it.")
        if not message_id:
            continue
        changed += Email.objects.filter(
            message_id=message_id, status__in=[Email.Status.SENT, Email.Status.UNKNOWN]
        ).update(
            status=Email.Status.BOUNCED,
            bounced_at=timezone.now(),
            last_error=f"Bounced: {reason}"[:2000],
            changed=_minute(),
            retry_at=None,
        )
    return changed


def _email_failed(email: Email, error: Exception, *, relay_unreachable: bool) -> str:
    """Mark an e-mail failed. When the relay could not be reached at all the message surely
    did not go, so it is sent again automatically later (a few times); any other failure
    (refused, or cut off mid-message, when it may have gone) is left to staff."""
    reason = f"{type(error).__name__}: {error}"[:2000]
    retry_at = None
    if relay_unreachable and email.attempts < EMAIL_AUTO_ATTEMPTS:
        retry_at = timezone.now() + timedelta(minutes=2 ** (email.attempts - 1))
        reason = f"The mail relay could not be reached ({reason})"[:2000]
    logger.warning("E-mail %s not sent (retry at %s): %s", email.pk, retry_at, reason)
    Email.objects.filter(pk=email.pk).update(
        status=Email.Status.FAILED, last_error=reason, changed=_minute(), retry_at=retry_at
    )
    return "failed"


def emails_sweep(*, now=None) -> int:
    """Scheduled every minute: e-mails left "sending" by a worker that died become "unknown"
    (they may have gone; they are never resent automatically), and failed ones whose
    ``retry_at`` has come (the relay was unreachable) are queued again. Returns how many
    changed."""
    now = now or timezone.now()
    stale = _minute() - timedelta(minutes=EMAIL_SENDING_STALE_MINUTES)
    unknown = Email.objects.filter(status=Email.Status.SENDING, changed__lt=stale).update(
        status=Email.Status.UNKNOWN, changed=_minute()
    )
    again = 0
    with transaction.atomic():
        for email in Email.objects.select_for_update(skip_locked=True).filter(
            status=Email.Status.FAILED, retry_at__lte=now
        ):
            email.status = Email.Status.QUEUED
            email.retry_at = None
            email.changed = _minute()
            email.save(update_fields=["status", "retry_at", "changed"])
            queue.send_on_commit("ccpl.send_email", email.pk)
            again += 1
    return unknown + again


@transaction.atomic
def email_send_again(*, email: Email) -> Email:
    """Staff: send a failed or unknown e-mail again."""
    email = Email.objects.select_for_update().get(pk=email.pk)
    if not email.can_send_again:
        raise ValidationError(
            "Only an e-mail that failed, or may not have been sent, can be sent again."
        )
    email.status = Email.Status.QUEUED
    email.retry_at = None
    email.changed = _minute()
    email.save(update_fields=["status", "retry_at", "changed"])
    queue.send_on_commit("ccpl.send_email", email.pk)
    return email


# --- People and accounts (docs/security.md, "People and accounts") -----------------------------

INVITATION_DAYS = 14
EMAIL_CHANGE_DAYS = 3
SSO_INVITATION_SESSION_KEY = "ccpl.sso_invitation"
# The user kinds the CCPL team may give; the system administrator is made in the admin only.
GRANTABLE_KINDS = (
    rules.LEADER,
    rules.RECRUITMENT_PANEL,
    rules.BOARD_MEMBER,
    rules.EXECUTIVE,
    rules.CCPL_TEAM,
)


def _event(person: Person, kind: str, *, by=None, detail: str = "") -> AccountEvent:
    return AccountEvent.objects.create(person=person, kind=kind, by=by, detail=detail[:300])


def site_url() -> str:
    """The service's own address for links in e-mails (CCPL_SITE_URL), or "" if unset."""
    return (getattr(settings, "CCPL_SITE_URL", "") or "").rstrip("/")


_site_url = site_url


def _require_site_url() -> None:
    """Refuse, while the request can still say so, to queue an e-mail whose link cannot be made."""
    if not _site_url():
        raise ValidationError(
            "E-mails with links cannot be sent until the site's address (CCPL_SITE_URL) is set."
        )


def _site_link(path: str) -> str:
    if not _site_url():
        raise ImproperlyConfigured("CCPL_SITE_URL must be set to send links by e-mail.")
    return _site_url() + path


def _fresh_token(link) -> str:
    token = secrets.token_urlsafe(32)
    link.token_hash = token_digest(token)
    link.save(update_fields=["token_hash"])
    return token


def _stored_link(model, pk: int, url_name: str) -> str | None:
    """A fresh link for a usable one-time link row (an invitation, an address change), or
    None; the row is locked while its token is replaced, so the last link sent is the one
    that works."""
    from django.urls import reverse

    with transaction.atomic():
        link = model.objects.select_for_update().filter(pk=pk).first()
        if link is None or not link.is_usable:
            return None
        token = _fresh_token(link)
    return _site_link(reverse(url_name, args=[token]))


def _invitation_link(invitation_id: int) -> str | None:
    return _stored_link(Invitation, invitation_id, "account_setup")


def _email_change_link(change_id: int) -> str | None:
    return _stored_link(EmailChange, change_id, "ccpl:email_change_confirm")


def _password_reset_link(user_id: int) -> str | None:
    """A password reset link for an active account with a password (allauth's key: Django's
    reset token, which stops working once the password changes or after
    PASSWORD_RESET_TIMEOUT)."""
    from urllib.parse import quote

    from allauth.account import app_settings as account_settings
    from allauth.account.utils import user_pk_to_url_str
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password():
        return None
    token = account_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token(user)
    key = f"{user_pk_to_url_str(user)}-{token}"
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
    return _site_link(path.replace("UID-KEY", quote(key)))


ONE_TIME_LINKS = {
    "invitation": _invitation_link,
    "email_change": _email_change_link,
    "password_reset": _password_reset_link,
}


def one_time_link_register(kind: str, maker) -> None:
    """A higher app's one-time link kind (called from its ``AppConfig.ready()``): ``maker``
    takes the e-mail's ``link_id`` and returns a fresh link, or None when it is no longer
    valid."""
    ONE_TIME_LINKS[kind] = maker


def _user_for(person: Person):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk=person.user_id).first() if person.user_id else None


def _sync_user_names(person: Person) -> None:
    """Accounts show the person's name (never a username): keep it in step."""
    if person.user_id:
        from django.contrib.auth import get_user_model

        get_user_model().objects.filter(pk=person.user_id).update(
            first_name=person.given_name[:150], last_name=person.family_name[:150]
        )


@transaction.atomic
def person_save(*, person: Person, data: dict, by) -> Person:
    """The CCPL team adds or edits a person. The e-mail address of a person with an account
    is not changed here (``email_change_request``: the person confirms it); nor is the
    account a person is linked to, ever."""
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
    if "email" in data and not person.user_id:
        person.email = data["email"]
    person.full_clean()
    saved(person, by)
    _sync_user_names(person)
    return person


@transaction.atomic
def person_invite(*, person: Person, kinds: list[str], by) -> Invitation:
    """Invite a person to set up their account: an e-mail with a one-time link to the address
    held for them. Any earlier invitation still waiting is cancelled. Refused for a person who
    already has an account or has no e-mail address."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.user_id:
        raise ValidationError("This person already has an account, so cannot be invited again.")
    if not person.email:
        raise ValidationError("Add an e-mail address for this person before inviting them.")
    unknown = set(kinds) - set(GRANTABLE_KINDS)
    if unknown or not kinds:
        raise ValidationError("Choose what they can do.")
    _require_site_url()
    now = timezone.now()
    person.invitations.filter(used_at__isnull=True, cancelled_at__isnull=True).update(
        cancelled_at=now
    )
    invitation = Invitation.objects.create(
        person=person,
        email=person.email,
        kinds=sorted(kinds),
        created_by=by,
        token_hash=token_digest(secrets.token_urlsafe(32)),  # replaced as the e-mail is sent
        expires=now + timedelta(days=INVITATION_DAYS),
    )
    ICB = _icb_name()
    email_queue(
        to=invitation.email,
        subject=f"Set up your account for {ICB}'s clinical and care professional leadership",
        body=(
            f"Dear {person.full_name},\n\n"
            f"You have been invited to set up your account with {ICB}'s clinical and care "
            "professional leadership service.\n\n"
            "Follow this link to set it up (it works once, for "
            f"{INVITATION_DAYS} days):\n\n{{link}}\n\n"
            "If you were not expecting this e-mail, you can ignore it.\n"
        ),
        kind="Account invitation",
        about=person.full_name,
        link_kind="invitation",
        link_id=invitation.pk,
    )
    _event(person, AccountEvent.Kind.INVITED, by=by, detail=", ".join(invitation.kinds))
    return invitation


def _icb_name() -> str:
    from .models import IntegratedCareBoard

    icb = IntegratedCareBoard.objects.first()
    return (icb.short_name or icb.name) if icb else "the ICB"


@transaction.atomic
def invitation_cancel(*, invitation: Invitation, by) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used_at or invitation.cancelled_at:
        raise ValidationError("This invitation has already been used or cancelled.")
    invitation.cancelled_at = timezone.now()
    invitation.save(update_fields=["cancelled_at"])
    _event(invitation.person, AccountEvent.Kind.INVITATION_CANCELLED, by=by)
    return invitation


def invitation_open(*, token: str) -> Invitation | None:
    """The usable invitation a raw token from a link belongs to, or None. Opening never
    uses it up."""
    if not token or len(token) > 200:
        return None
    invitation = (
        Invitation.objects.select_related("person").filter(token_hash=token_digest(token)).first()
    )
    return invitation if invitation and invitation.is_usable else None


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user, how: str = "password") -> Person:
    """Link a newly made account to the invited person, once. ``how``: "password" or "sso"."""
    from django.contrib.auth.models import Group

    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    person = Person.objects.select_for_update().get(pk=invitation.person_id)
    if not invitation.is_usable:
        raise ValidationError(
            "This invitation has already been used, has expired or was cancelled."
        )
    if person.user_id:
        raise ValidationError("This person already has an account.")
    if Person.objects.filter(user=user).exists():
        raise ValidationError("This account already belongs to someone else.")
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    person.user = user
    person.save(update_fields=["user"])
    user.first_name, user.last_name = person.given_name[:150], person.family_name[:150]
    if not user.email:
        user.email = person.email
    user.save()
    kinds = [k for k in invitation.kinds if k in GRANTABLE_KINDS]
    user.groups.add(*Group.objects.filter(name__in=kinds))
    _event(
        person,
        AccountEvent.Kind.SET_UP_SSO if how == "sso" else AccountEvent.Kind.SET_UP_PASSWORD,
        by=user,
    )
    return person


def _username_for(person: Person) -> str:
    """An internal sign-in name nobody is shown: people sign in with their e-mail address."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    base = "person-" + str(person.pk)
    name, n = base, 1
    while User.objects.filter(username=name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


@transaction.atomic
def account_set_up_with_password(*, invitation: Invitation, password: str):
    """The invited person chooses a password: make their account and link it (once)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password

    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    person = invitation.person
    User = get_user_model()
    user = User(
        username=_username_for(person),
        email=invitation.email,
        first_name=person.given_name[:150],
        last_name=person.family_name[:150],
    )
    validate_password(password, user)
    user.set_password(password)
    user.save()
    invitation_accept(invitation=invitation, user=user, how="password")
    # The invitation reached this address, so it is verified.
    EmailAddress.objects.create(user=user, email=invitation.email, primary=True, verified=True)
    return user


@transaction.atomic
def account_set_up_with_sso(*, invitation: Invitation, provider: str, uid: str, extra_data: dict):
    """The invited person signed in with NHSmail: make their account, link it to them (once)
    and connect the single sign-on identity ``uid`` ("tid:oid") to it. The account's e-mail
    address is the one the invitation reached, never the identity provider's e-mail claim.
    Refused if the identity is already connected to an account."""
    from allauth.account.models import EmailAddress
    from allauth.socialaccount.models import SocialAccount
    from django.contrib.auth import get_user_model

    if SocialAccount.objects.filter(provider=provider, uid=uid).exists():
        raise ValidationError("This NHSmail account is already linked to someone's account.")
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    person = invitation.person
    User = get_user_model()
    user = User(
        username=_username_for(person),
        email=invitation.email,
        first_name=person.given_name[:150],
        last_name=person.family_name[:150],
    )
    user.set_unusable_password()
    user.save()
    invitation_accept(invitation=invitation, user=user, how="sso")
    EmailAddress.objects.create(user=user, email=invitation.email, primary=True, verified=True)
    account = SocialAccount.objects.create(
        user=user, provider=provider, uid=uid, extra_data=extra_data
    )
    return account


@transaction.atomic
def account_set_kinds(*, person: Person, kinds: list[str], by) -> None:
    """Change what a person's account can do (never the system administrator kind)."""
    from django.contrib.auth.models import Group

    user = _user_for(person)
    if user is None:
        raise ValidationError("This person has no account.")
    if set(kinds) - set(GRANTABLE_KINDS):
        raise ValidationError("Choose what they can do.")
    before = sorted(user.groups.filter(name__in=GRANTABLE_KINDS).values_list("name", flat=True))
    user.groups.remove(*Group.objects.filter(name__in=GRANTABLE_KINDS))
    user.groups.add(*Group.objects.filter(name__in=kinds))
    after = sorted(kinds)
    if before != after:
        _event(
            person,
            AccountEvent.Kind.KINDS_CHANGED,
            by=by,
            detail=f"{', '.join(before) or 'nothing'} → {', '.join(after) or 'nothing'}",
        )


@transaction.atomic
def account_deactivate(*, person: Person, by) -> None:
    """A person who has left: their account can no longer sign in, and any session they have
    stops working at its next request (Django refuses inactive accounts)."""
    user = _user_for(person)
    if user is None:
        raise ValidationError("This person has no account.")
    if by is not None and user.pk == by.pk:
        raise ValidationError("You cannot deactivate your own account.")
    if not user.is_active:
        raise ValidationError("This account is already deactivated.")
    user.is_active = False
    user.save(update_fields=["is_active"])
    _event(person, AccountEvent.Kind.DEACTIVATED, by=by)


@transaction.atomic
def account_reactivate(*, person: Person, by) -> None:
    user = _user_for(person)
    if user is None or user.is_active:
        raise ValidationError("Only a deactivated account can be reactivated.")
    user.is_active = True
    user.save(update_fields=["is_active"])
    _event(person, AccountEvent.Kind.REACTIVATED, by=by)


@transaction.atomic
def email_change_request(*, person: Person, new_email: str, by) -> EmailChange:
    """Ask to change the e-mail address of a person with an account: a link goes to the new
    address, and the change takes effect only when the person, signed in, confirms it. The
    old address is told."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if not person.user_id:
        raise ValidationError("This person has no account: change their e-mail address directly.")
    new_email = (new_email or "").strip()
    if new_email.lower() == (person.email or "").lower():
        raise ValidationError("This is already their e-mail address.")
    if Person.objects.filter(email__iexact=new_email).exclude(pk=person.pk).exists():
        raise ValidationError("A person with this e-mail address already exists.")
    _require_site_url()
    now = timezone.now()
    person.email_changes.filter(used_at__isnull=True, cancelled_at__isnull=True).update(
        cancelled_at=now
    )
    change = EmailChange.objects.create(
        person=person,
        new_email=new_email,
        requested_by=by,
        token_hash=token_digest(secrets.token_urlsafe(32)),
        expires=now + timedelta(days=EMAIL_CHANGE_DAYS),
    )
    email_queue(
        to=new_email,
        subject="Confirm your new e-mail address",
        body=(
            f"Dear {person.full_name},\n\n"
            "We have been asked to use this e-mail address for your clinical and care "
            "professional leadership account. To confirm it, sign in and follow this link "
            f"(it works once, for {EMAIL_CHANGE_DAYS} days):\n\n{{link}}\n\n"
            "If you did not expect this, ignore this e-mail: nothing changes.\n"
        ),
        kind="E-mail address confirmation",
        about=person.full_name,
        link_kind="email_change",
        link_id=change.pk,
    )
    if person.email:
        email_queue(
            to=person.email,
            subject="A change to your e-mail address was asked for",
            body=(
                f"Dear {person.full_name},\n\n"
                "Someone asked to change the e-mail address of your clinical and care "
                "professional leadership account. It will change only if you confirm it from "
                "the new address. If this was not you, tell the CCPL team.\n"
            ),
            kind="E-mail address change notice",
            about=person.full_name,
        )
    _event(person, AccountEvent.Kind.EMAIL_CHANGE_ASKED, by=by)
    return change


def email_change_open(*, token: str) -> EmailChange | None:
    if not token or len(token) > 200:
        return None
    change = (
        EmailChange.objects.select_related("person").filter(token_hash=token_digest(token)).first()
    )
    return change if change and change.is_usable else None


@transaction.atomic
def email_change_confirm(*, change: EmailChange, user) -> Person:
    """The person themself, signed in, confirms their new address."""
    from allauth.account.models import EmailAddress

    change = EmailChange.objects.select_for_update().get(pk=change.pk)
    person = Person.objects.select_for_update().get(pk=change.person_id)
    if not change.is_usable:
        raise ValidationError("This link has already been used, has expired or was cancelled.")
    if person.user_id != user.pk:
        raise ValidationError("Only the person whose address it is can confirm this change.")
    if Person.objects.filter(email__iexact=change.new_email).exclude(pk=person.pk).exists():
        raise ValidationError("A person with this e-mail address already exists.")
    old = person.email
    change.used_at = timezone.now()
    change.save(update_fields=["used_at"])
    person.email = change.new_email
    saved(person, user)
    user.email = change.new_email
    user.save(update_fields=["email"])
    EmailAddress.objects.filter(user=user).delete()
    EmailAddress.objects.create(user=user, email=change.new_email, primary=True, verified=True)
    _event(person, AccountEvent.Kind.EMAIL_CHANGED, by=user, detail=f"{old} → {change.new_email}")
    return person


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
