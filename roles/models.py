"""Roles: leadership positions, who holds them, their job descriptions and where they sit.

Whether a role is filled or vacant is never stored: it is derived from its appointments
(``RoleQuerySet.with_status``). Writes go through ``roles.services``.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


class RoleFunction(models.Model):
    """What a role is for: Gloucestershire's three functions, editable by the CCPL team."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(
        max_length=60, help_text="Used in tables and filters, such as “Professional network”."
    )
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.short_name or self.name


class AppointmentQuerySet(models.QuerySet):
    def current(self, on: date | None = None):
        """Appointments in force on ``on`` (today): started, and not yet ended."""
        on = on or timezone.localdate()
        return self.filter(Q(starts_on__lte=on), Q(ended_on__isnull=True) | Q(ended_on__gte=on))


class RoleQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def with_status(self, on: date | None = None):
        """Annotate ``is_filled``: the role has a current appointment on ``on`` (today)."""
        current = Appointment.objects.current(on).filter(role=OuterRef("pk"))
        return self.annotate(is_filled=Exists(current))


class Role(models.Model):
    class Level(models.TextChoices):
        SYSTEM = "system", "System"
        PLACE = "place", "Place"
        NEIGHBOURHOOD = "neighbourhood", "Neighbourhood"

    class TimeUnit(models.TextChoices):
        PA = "pa", "PAs a week"
        HOURS = "hours", "hours a week"

    class AccountableTo(models.TextChoices):
        CMO = "cmo", "Chief Medical Officer"
        CNO = "cno", "Chief Nursing Officer"
        BOTH = "cmo_cno", "Chief Medical Officer and Chief Nursing Officer"

    title = models.CharField(max_length=200, unique=True)
    function = models.ForeignKey(RoleFunction, on_delete=models.PROTECT, related_name="roles")
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.SYSTEM)
    place = models.ForeignKey(
        "ccpl.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="roles",
        help_text="For a Place or neighbourhood role: the Place it covers.",
    )
    summary = models.TextField(
        blank=True, help_text="One or two plain-English sentences for the public register."
    )
    eligible_groups = models.ManyToManyField(
        "ccpl.ProfessionalGroup",
        blank=True,
        related_name="eligible_roles",
        verbose_name="professional groups who can apply",
        help_text="Leave empty if any profession can hold the role.",
    )
    sessional_time = models.DecimalField(
        "funded time",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The sessional time the role is funded for, such as 2 or 7.5.",
    )
    time_unit = models.CharField(
        "unit of time", max_length=10, choices=TimeUnit.choices, default=TimeUnit.PA
    )
    accountable_to = models.CharField(
        max_length=10, choices=AccountableTo.choices, default=AccountableTo.BOTH
    )
    term_months = models.PositiveSmallIntegerField(
        "term (months)",
        null=True,
        blank=True,
        help_text="How long an appointment usually lasts, such as 36 for 3 years.",
    )
    allows_job_share = models.BooleanField(
        "can be a job share",
        default=False,
        help_text="A job share may have more than one holder at a time.",
    )
    is_active = models.BooleanField(
        "active", default=True, help_text="Roles that are not active leave the public register."
    )
    history = HistoricalRecords()

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["function__order", "title"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(level="system") & Q(place__isnull=True))
                | (Q(level__in=["place", "neighbourhood"]) & Q(place__isnull=False)),
                name="role_place_matches_level",
                violation_error_message="Choose a Place for a Place or neighbourhood role, "
                "and no Place for a system role.",
            ),
            models.CheckConstraint(
                condition=Q(sessional_time__isnull=True) | Q(sessional_time__gt=0),
                name="role_sessional_time_positive",
                violation_error_message="Funded time must be more than 0.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("roles:role_detail", kwargs={"pk": self.pk})

    @property
    def where(self) -> str:
        """ "System", "Place: Cheltenham" or "Neighbourhood in Cheltenham"."""
        if self.level == self.Level.SYSTEM or self.place is None:
            return "System"
        if self.level == self.Level.PLACE:
            return f"Place: {self.place.name}"
        return f"Neighbourhood in {self.place.name}"

    @property
    def time_display(self) -> str:
        return format_time(self.sessional_time, self.time_unit)


def format_time(amount, unit: str) -> str:
    """2 → "2 PAs a week", 7.50 → "7.5 hours a week", 1 PA → "1 PA a week"."""
    if amount is None:
        return ""
    number = f"{amount.normalize():f}" if hasattr(amount, "normalize") else str(amount)
    if unit == Role.TimeUnit.PA:
        return f"{number} PA a week" if number == "1" else f"{number} PAs a week"
    return f"{number} hour a week" if number == "1" else f"{number} hours a week"


class JobDescription(models.Model):
    """One approved version of a role's job description; the highest version is current."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="job_descriptions")
    version = models.PositiveSmallIntegerField()
    purpose = models.TextField("purpose of the role")
    responsibilities = models.TextField("main responsibilities")
    person_specification = models.TextField("person specification")
    values_and_behaviours = models.TextField("values and behaviours")
    approved_by = models.CharField(
        max_length=200, help_text="The person or forum that approved it."
    )
    approved_on = models.DateField("date approved")
    review_due_on = models.DateField("review due")
    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["role", "version"], name="job_description_version"),
            models.CheckConstraint(
                condition=Q(review_due_on__gt=models.F("approved_on")),
                name="job_description_review_after_approval",
                violation_error_message="The review date must be after the approval date.",
            ),
        ]

    def __str__(self):
        return f"{self.role} job description, version {self.version}"


class Seat(models.Model):
    """A role's place in decision-making: a forum (the ICB board included) it sits on.

    The source of truth for role-based membership: the forum's member list shows the
    role's current holder, so the member changes when the appointment does.
    """

    class Capacity(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice chair"
        MEMBER = "member", "Member"
        ATTENDEE = "attendee", "Attendee (not a member)"

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="seats")
    forum = models.ForeignKey("forums.Forum", on_delete=models.CASCADE, related_name="role_seats")
    capacity = models.CharField(max_length=20, choices=Capacity.choices, default=Capacity.MEMBER)
    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "forum__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "forum"],
                name="seat_once_per_forum",
                violation_error_message="This role already has a seat on this forum.",
            )
        ]

    def __str__(self):
        return f"{self.role} on {self.forum} ({self.get_capacity_display().lower()})"


class Appointment(models.Model):
    """A person holding a role for a term. ``ended_on`` is their last day in the role."""

    class LeavingReason(models.TextChoices):
        END_OF_TERM = "end_of_term", "Came to the end of the term"
        RESIGNED = "resigned", "Resigned"
        NEW_ROLE = "new_role", "Moved to another leadership role"
        RETIRED = "retired", "Retired"
        ROLE_CHANGED = "role_changed", "The role changed or ended"
        OTHER = "other", "Another reason"

    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="appointments")
    person = models.ForeignKey("ccpl.Person", on_delete=models.PROTECT, related_name="appointments")
    starts_on = models.DateField("start date")
    planned_end_on = models.DateField("planned end date", null=True, blank=True)
    ended_on = models.DateField("end date", null=True, blank=True)
    leaving_reason = models.CharField(
        "reason for leaving", max_length=20, choices=LeavingReason.choices, blank=True
    )
    leaving_notes = models.TextField("about leaving", blank=True)
    exit_interview_on = models.DateField("exit interview date", null=True, blank=True)
    funded_time = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The sessional time funded for this person, in the role's unit.",
    )
    protected_time = models.DecimalField(
        "time actually protected",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The time the person is actually able to give, in the role's unit.",
    )
    history = HistoricalRecords()

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["role", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("starts_on")),
                name="appointment_ends_after_start",
                violation_error_message="The end date must be on or after the start date.",
            ),
            models.CheckConstraint(
                condition=Q(planned_end_on__isnull=True)
                | Q(planned_end_on__gt=models.F("starts_on")),
                name="appointment_planned_end_after_start",
                violation_error_message="The planned end date must be after the start date.",
            ),
            models.CheckConstraint(
                condition=(Q(funded_time__isnull=True) | Q(funded_time__gte=0))
                & (Q(protected_time__isnull=True) | Q(protected_time__gte=0)),
                name="appointment_time_not_negative",
                violation_error_message="Time cannot be less than 0.",
            ),
        ]
        indexes = [models.Index(fields=["role", "starts_on", "ended_on"])]

    def __str__(self):
        return f"{self.person} as {self.role}"

    @property
    def funded_display(self) -> str:
        return format_time(self.funded_time, self.role.time_unit)

    @property
    def protected_display(self) -> str:
        return format_time(self.protected_time, self.role.time_unit)

    def is_current(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.starts_on <= on and (self.ended_on is None or self.ended_on >= on)


class DevelopmentRecord(models.Model):
    """Induction, objectives, appraisal, mentoring and shadowing for one appointment."""

    class Offer(models.TextChoices):
        NOT_OFFERED = "not_offered", "Not offered yet"
        OFFERED = "offered", "Offered"
        TAKEN_UP = "taken_up", "Taken up"
        DECLINED = "declined", "Declined"

    appointment = models.OneToOneField(
        Appointment, on_delete=models.CASCADE, related_name="development"
    )
    induction_completed_on = models.DateField("induction completed", null=True, blank=True)
    objectives_set_on = models.DateField("objectives set", null=True, blank=True)
    last_appraisal_on = models.DateField("last appraisal", null=True, blank=True)
    next_appraisal_due_on = models.DateField("next appraisal due", null=True, blank=True)
    mentoring = models.CharField(
        "mentoring or coaching", max_length=20, choices=Offer.choices, default=Offer.NOT_OFFERED
    )
    shadowing = models.CharField(max_length=20, choices=Offer.choices, default=Offer.NOT_OFFERED)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(next_appraisal_due_on__isnull=True)
                | Q(last_appraisal_on__isnull=True)
                | Q(next_appraisal_due_on__gt=models.F("last_appraisal_on")),
                name="development_next_appraisal_after_last",
                violation_error_message="The next appraisal must be after the last one.",
            )
        ]

    def __str__(self):
        return f"Development record: {self.appointment}"


class LinkRole(models.Model):
    """A named business intelligence, finance, performance or programme management person
    supporting a role or a programme (Gloucestershire action 3.2). Published."""

    class Kind(models.TextChoices):
        BUSINESS_INTELLIGENCE = "bi", "Business intelligence"
        FINANCE = "finance", "Finance"
        PERFORMANCE = "performance", "Performance"
        PROGRAMME_MANAGEMENT = "programme", "Programme management"

    kind = models.CharField("type of support", max_length=20, choices=Kind.choices)
    name = models.CharField("name", max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        "ccpl.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="link_roles",
    )
    email = models.EmailField(blank=True)
    role = models.ForeignKey(
        Role,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="link_roles",
        help_text="The leadership role this person supports.",
    )
    programme = models.CharField(
        max_length=200,
        blank=True,
        help_text="Or the programme they support, such as “Frailty clinical programme group”.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__isnull=False) | ~Q(programme=""),
                name="link_role_supports_something",
                violation_error_message="Choose the role they support, or name the programme.",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display().lower()})"

    @property
    def supports(self) -> str:
        return str(self.role) if self.role_id else self.programme


class RegisterReview(models.Model):
    """A yearly review of the published role register (Gloucestershire action 1.1)."""

    reviewed_on = models.DateField("date reviewed")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notes = models.TextField(blank=True, help_text="What was checked and what changed.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self):
        return f"Register reviewed on {self.reviewed_on:%-d %B %Y}"
