"""The framework core: the ICB, its Places, partners, professions, people, priorities."""

import hashlib
import hmac
import uuid

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords

from . import equality


def equality_subject(label: str, pk) -> str:
    """HMAC-SHA256 of ``"<app_label.model>:<pk>"`` keyed with ``EQUALITY_LINK_KEY``."""
    key = settings.EQUALITY_LINK_KEY
    if not key:
        raise ImproperlyConfigured("EQUALITY_LINK_KEY is not set.")
    message = f"{label}:{pk}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


class IntegratedCareBoard(models.Model):
    """The one ICB this deployment serves (a single row)."""

    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=60, blank=True)
    system_name = models.CharField(
        "integrated care system name",
        max_length=200,
        blank=True,
        help_text="For example, One Gloucestershire",
    )
    cmo_name = models.CharField("Chief Medical Officer", max_length=200, blank=True)
    cno_name = models.CharField("Chief Nursing Officer", max_length=200, blank=True)
    website = models.URLField(blank=True)
    framework_summary = models.TextField(
        blank=True,
        help_text="A plain-English paragraph about the local framework for the public home page.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "integrated care board"

    def __str__(self):
        return self.name

    @classmethod
    def current(cls):
        """The ICB's details, or an unsaved placeholder before set-up."""
        return cls.objects.order_by("pk").first() or cls(name="Integrated Care Board")


class Place(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        TRUST = "trust", "NHS trust"
        PCN = "pcn", "Primary care network"
        GENERAL_PRACTICE = "general_practice", "General practice"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        VCSE = "vcse", "Voluntary, community and social enterprise"
        ICB = "icb", "Integrated care board"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.PROTECT, related_name="organisations"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ProfessionalGroup(models.Model):
    """A profession or family of professions (e.g. Allied health professions → Podiatrists)."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    under_represented = models.BooleanField(
        default=False, help_text="The ICB treats this group as under-represented in leadership."
    )
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    @property
    def family(self):
        """The top-level group this one belongs to (itself when top-level)."""
        return self.parent or self


class PersonQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("professional_group__parent", "organisation", "place", "user")


class Person(models.Model):
    """Anyone the framework records: leaders, members, applicants who are appointed."""

    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    job_title = models.CharField(max_length=200, blank=True)
    professional_group = models.ForeignKey(
        ProfessionalGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    history = HistoricalRecords()

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="person_email_unique_ci",
                violation_error_message="A person with this email address already exists.",
            )
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.given_name} {self.family_name}"


class EqualityProfile(models.Model):
    """Equality-monitoring answers (special-category data) of one person or one application.

    The row does not say whose answers these are. ``subject`` is a keyed hash (HMAC-SHA256,
    keyed with ``EQUALITY_LINK_KEY``, which is kept outside the database) of the label and
    id of what the answers describe (:meth:`subject_for`): the application finds a person's
    answers by working out their subject, while a dump or backup holds answers that point at
    nobody. The id is random, nothing is dated, and the nightly mix
    (``ccpl.services.equality_mix``) re-writes the table in random order, so neither ids nor
    storage order follow the order in which people answered (docs/adr/0002).

    Individual answers are shown only to the person themself; everyone else reads counts
    through ``ccpl.selectors``. Deliberately has no history table and no admin registration.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    subject = models.CharField(max_length=64, unique=True, editable=False)
    age_band = models.CharField(max_length=20, choices=equality.AgeBand.choices, blank=True)
    sex = models.CharField(max_length=20, choices=equality.Sex.choices, blank=True)
    gender_same_as_birth = models.CharField(
        "gender identity the same as sex registered at birth",
        max_length=20,
        choices=equality.YesNo.choices,
        blank=True,
    )
    ethnicity = models.CharField(max_length=40, choices=equality.Ethnicity.choices, blank=True)
    disability = models.CharField(max_length=20, choices=equality.YesNo.choices, blank=True)
    sexual_orientation = models.CharField(
        max_length=30, choices=equality.SexualOrientation.choices, blank=True
    )
    religion = models.CharField(max_length=30, choices=equality.Religion.choices, blank=True)

    def __str__(self):
        return "Equality monitoring answers"

    @staticmethod
    def subject_for(owner: models.Model) -> str:
        """The pseudonym of a person or an application (any saved model instance)."""
        return equality_subject(owner._meta.label_lower, owner.pk)

    @property
    def ethnic_group(self):
        return equality.ethnic_group(self.ethnicity)

    @property
    def nhs_ethnicity_code(self):
        return equality.nhs_2001_code(self.ethnicity)


class Priority(models.Model):
    """One of the five CCPL priorities, in NHS England's words and the ICB's own."""

    number = models.PositiveSmallIntegerField(unique=True)
    short_title = models.CharField(max_length=120)
    nhse_wording = models.TextField("NHS England wording")
    local_wording = models.TextField("local wording")
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name_plural = "priorities"

    def __str__(self):
        return f"{self.number}. {self.short_title}"


class Benchmark(models.Model):
    """A share of the population served or of the workforce, for diversity comparison."""

    class Kind(models.TextChoices):
        POPULATION = "population", "Population served"
        WORKFORCE = "workforce", "Workforce"

    class Dimension(models.TextChoices):
        ETHNIC_GROUP = "ethnic_group", "Broad ethnic group"
        SEX = "sex", "Sex"
        AGE_BAND = "age_band", "Age band"
        PROFESSIONAL_GROUP = "professional_group", "Professional group"

    benchmark = models.CharField(max_length=20, choices=Kind.choices)
    dimension = models.CharField(max_length=30, choices=Dimension.choices)
    category = models.CharField(max_length=120)
    place = models.ForeignKey(
        Place,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="benchmarks",
        help_text="Leave blank for the whole system.",
    )
    share = models.DecimalField(
        max_digits=6, decimal_places=4, help_text="A proportion between 0 and 1, such as 0.0475."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["benchmark", "dimension", "place__name", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["benchmark", "dimension", "category", "place"],
                condition=models.Q(place__isnull=False),
                name="benchmark_unique_per_place",
            ),
            models.UniqueConstraint(
                fields=["benchmark", "dimension", "category"],
                condition=models.Q(place__isnull=True),
                name="benchmark_unique_system_wide",
            ),
            models.CheckConstraint(
                condition=models.Q(share__gte=0) & models.Q(share__lte=1),
                name="benchmark_share_is_proportion",
                violation_error_message="Share must be between 0 and 1.",
            ),
        ]

    def __str__(self):
        where = self.place or "system"
        return f"{self.get_benchmark_display()} · {self.category} ({where}): {self.share}"


class Snapshot(models.Model):
    """Counts of one population of people on one day, by each diversity dimension.

    Populations (role holders, forum members, applicants...) are registered in
    ``ccpl.snapshots``, which takes snapshots. The counts are raw and come from equality
    answers: publish them only through ``ccpl.disclosure``. A snapshot is never edited
    (taking one again the same day replaces it), so it has no history table.
    """

    population = models.CharField(max_length=60)
    taken_on = models.DateField("date")
    taken_at = models.DateTimeField(auto_now=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    total = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-taken_on", "population"]
        constraints = [
            models.UniqueConstraint(
                fields=["population", "taken_on"], name="snapshot_one_per_population_per_day"
            )
        ]

    def __str__(self):
        return f"{self.population} on {self.taken_on:%-d %B %Y}"


class SnapshotCount(models.Model):
    """One raw count in a snapshot: people in ``category`` of ``dimension``."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="counts")
    dimension = models.CharField(max_length=30, choices=Benchmark.Dimension.choices)
    category = models.CharField(max_length=120)
    count = models.PositiveIntegerField()

    class Meta:
        ordering = ["snapshot", "dimension", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "dimension", "category"], name="snapshot_count_unique"
            )
        ]

    def __str__(self):
        return f"{self.dimension} {self.category}: {self.count}"


class EqualityLedger(models.Model):
    """One row: how many times equality answers were written, and when they were last mixed.

    ``revision`` grows on every write (for report freshness and for deciding whether the
    nightly mix is due); it says nothing about whose answers changed."""

    revision = models.PositiveBigIntegerField(default=0)
    mixed_revision = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"Equality answers, revision {self.revision}"


class Publication(models.Model):
    """The published figures about one population at one publication point.

    ``figures`` holds only published figures (after disclosure control: rounded, ``*``,
    and the professional groups a public register already shows). ``digests`` holds, for
    counting how many people changed before the next publication, one keyed HMAC per person
    and one of their published answers (``ccpl.selectors.equality_digests``, keyed with
    ``SECRET_KEY``): a database reader without the key learns nothing from them. Never edited, so no history table.
    """

    population = models.CharField(max_length=60)
    published_on = models.DateField("publication date")
    made_at = models.DateTimeField(auto_now_add=True)
    figures = models.JSONField()
    digests = models.JSONField(default=dict)
    changed = models.PositiveIntegerField(
        "people changed since the previous publication", null=True, blank=True
    )

    class Meta:
        ordering = ["-published_on", "population"]
        constraints = [
            models.UniqueConstraint(
                fields=["population", "published_on"], name="publication_one_per_population_per_day"
            )
        ]

    def __str__(self):
        return f"{self.population} published {self.published_on:%-d %B %Y}"


class OutboxMessage(models.Model):
    """A task for the worker, written in the caller's transaction (docs/adr/0007).

    ``ccpl.queue.send_on_commit`` writes it; the relay (``ccpl.queue.relay``) hands it to the
    broker right after the commit and marks it sent; the beat (``ccpl.relay_outbox``) sends
    whatever is still pending, so a broker outage delays work and never loses it. Delivery is
    at least once: every task takes ids and is idempotent."""

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created", "pk"]
        indexes = [
            models.Index(
                fields=["created"],
                condition=models.Q(sent_at__isnull=True),
                name="outbox_pending",
            )
        ]

    def __str__(self):
        return f"{self.task} #{self.pk}"


def _to_the_minute():
    return timezone.now().replace(second=0, microsecond=0)


class Email(models.Model):
    """One e-mail the service sends, and what became of it (docs/adr/0007).

    Written in the caller's transaction (``ccpl.services.email_queue``), sent only by the
    worker (``ccpl.send_email``): marked "sending" and committed before it is handed to the
    mail relay, then "sent" or "failed". One found still "sending" by the sweeper (a worker
    died in that window) becomes "unknown": it may or may not have gone, so it is never resent
    automatically; staff may send a failed or unknown one again. One that failed because the
    relay could not be reached at all (so surely not sent) is sent again automatically
    (``retry_at``), a few times. Times are kept to the minute.
    Survey invitations and reminders are not recorded here: their personal links must exist
    only in the e-mail itself (docs/adr/0003)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to send"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        UNKNOWN = "unknown", "Unknown (may not have been sent)"
        BOUNCED = "bounced", "Bounced (the recipient's mail server refused it)"

    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    kind = models.CharField(max_length=100, help_text="What the e-mail is, e.g. an acknowledgement")
    about = models.CharField(max_length=200, blank=True, help_text="What it is about, as a label")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created = models.DateTimeField(default=_to_the_minute)
    changed = models.DateTimeField(default=_to_the_minute)
    # An e-mail that carries a one-time link (an invitation, an address confirmation) stores
    # only where the link comes from; the worker makes a fresh link as it sends (the stored
    # body has a "{link}" placeholder), so nobody reading these records can use it.
    # Extra message headers, such as RFC 8058's List-Unsubscribe (never a secret).
    headers = models.JSONField(default=dict, blank=True)
    link_kind = models.CharField(max_length=30, blank=True)
    link_id = models.PositiveBigIntegerField(null=True, blank=True)
    # Set when queued and sent as the Message-ID header, so that the mail relay's report of a
    # bounce names the e-mail (ccpl.services.email_bounces_record).
    message_id = models.CharField(max_length=255, blank=True, db_index=True)
    bounced_at = models.DateTimeField(null=True, blank=True)
    retry_at = models.DateTimeField(
        "to be sent again at",
        null=True,
        blank=True,
        help_text="A failed e-mail the mail relay never took (it could not be reached) is "
        "sent again automatically at this time.",
    )

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["status", "changed"], name="email_status_changed")]

    def __str__(self):
        return f"{self.subject} → {self.to}"

    @property
    def can_send_again(self) -> bool:
        return self.status in {self.Status.FAILED, self.Status.UNKNOWN}


def token_digest(token: str) -> str:
    """What is stored of a one-time link's token: its SHA-256, never the token."""
    return hashlib.sha256(token.encode()).hexdigest()


class OneTimeLink(models.Model):
    """A link sent by e-mail that works once, until it expires or is cancelled.

    Only the token's digest is stored; the token exists in the e-mail alone. Opening the
    link (a GET) never uses it up: only the POST of the page it opens does."""

    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created = models.DateTimeField(default=timezone.now)
    expires = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.cancelled_at is None and self.expires > timezone.now()

    @property
    def state(self) -> str:
        if self.used_at:
            return "Used"
        if self.cancelled_at:
            return "Cancelled"
        if self.expires <= timezone.now():
            return "Expired"
        return "Waiting"


class Invitation(OneTimeLink):
    """An invitation for a person to set up their account (``ccpl.services.person_invite``).

    The account is created when the person follows the link and chooses a password or their
    NHSmail sign-in; it is linked to this person and nobody else."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    kinds = models.JSONField(default=list, help_text="The user kinds the account will have")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"Invitation for {self.person}"


class EmailChange(OneTimeLink):
    """A request to change the e-mail address of a person who has an account: it takes
    effect only when the person, signed in, confirms it from a link sent to the new address."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="email_changes")
    new_email = models.EmailField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"E-mail change for {self.person}"


class AccountEvent(models.Model):
    """What happened to a person's account, and who did it: shown on the person's page."""

    class Kind(models.TextChoices):
        INVITED = "invited", "Invited to set up an account"
        INVITATION_CANCELLED = "invitation_cancelled", "Invitation cancelled"
        SET_UP_PASSWORD = "set_up_password", "Set up an account with a password"
        SET_UP_SSO = "set_up_sso", "Set up an account with NHSmail"
        KINDS_CHANGED = "kinds_changed", "What they can do changed"
        DEACTIVATED = "deactivated", "Account deactivated"
        REACTIVATED = "reactivated", "Account reactivated"
        EMAIL_CHANGE_ASKED = "email_change_asked", "E-mail address change asked for"
        EMAIL_CHANGED = "email_changed", "E-mail address changed (confirmed by the person)"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="account_events")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    detail = models.CharField(max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.person})"


class DataChange(models.Model):
    """A row per write that a public page may show; the highest id is the data version.

    ``ccpl.pagecache`` keys cached public pages by it (docs/adr/0009). The row is written in
    the writer's own transaction, so the version changes exactly when the data does: it is
    seen by others when the write commits and vanishes with it on a rollback. Appending rows
    takes no lock a concurrent writer waits for (one counter row would). The nightly
    clean-up keeps only the newest row."""

    id = models.BigAutoField(primary_key=True)

    def __str__(self):
        return f"data change {self.pk}"
