"""Forums: the ICB's governance and engagement structures, their meetings and decisions."""

from datetime import date

from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

# Slugs that would shadow fixed addresses under /forums/ and /forums/manage/.
RESERVED_SLUGS = frozenset(
    {
        "manage",
        "map",
        "papers",
        "calendar",
        "new",
        "decisions",
        "membership-mix",
        "meetings",
        "members",
        "reporting-lines",
        "coproduction",
    }
)

PAPER_EXTENSIONS = ["pdf", "doc", "docx", "odt", "xls", "xlsx", "ods", "ppt", "pptx", "odp", "txt"]


class ForumQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def with_related(self):
        return self.select_related("place", "chair")


class Forum(models.Model):
    class Kind(models.TextChoices):
        BOARD = "board", "Board or committee"
        ASSEMBLY = "assembly", "Assembly"
        SENATE = "senate", "Senate"
        COUNCIL = "council", "Council"
        PLACE_ADVISORY_GROUP = "place_advisory_group", "Place-based advisory group"
        PROFESSIONAL_NETWORK = "professional_network", "Professional council or network"
        PROGRAMME_GROUP = "programme_group", "Programme board or group"
        FACULTY = "faculty", "Faculty or learning programme"
        JOURNAL_CLUB = "journal_club", "Journal club"
        OTHER = "other", "Other"

    class Level(models.TextChoices):
        SYSTEM = "system", "System"
        PLACE = "place", "Place"

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", "Weekly"
        FORTNIGHTLY = "fortnightly", "Every 2 weeks"
        MONTHLY = "monthly", "Monthly"
        BIMONTHLY = "bimonthly", "Every 2 months"
        QUARTERLY = "quarterly", "Every 3 months"
        TWICE_YEARLY = "twice_yearly", "Twice a year"
        ANNUALLY = "annually", "Once a year"
        AS_NEEDED = "as_needed", "When needed"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(
        max_length=120,
        unique=True,
        help_text="Used in the web address. Lower-case letters, numbers and hyphens only.",
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    level = models.CharField(max_length=10, choices=Level.choices, default=Level.SYSTEM)
    place = models.ForeignKey(
        "ccpl.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forums",
        help_text="Only for forums at Place level.",
    )
    purpose = models.TextField(help_text="What the forum is for, in plain English.")
    chair = models.ForeignKey(
        "ccpl.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forums_chaired",
    )
    frequency = models.CharField(
        "how often it meets", max_length=20, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    is_public = models.BooleanField(
        "show on the public website",
        default=False,
        help_text="Public forums show their purpose, members, meeting dates, public papers "
        "and published minutes to everyone.",
    )
    # What the remit expects of the membership (forums.remits): only these are flagged.
    expected_professions = models.ManyToManyField(
        "ccpl.ProfessionalGroup",
        blank=True,
        related_name="forums_expecting",
        verbose_name="professions the remit expects",
        help_text="A member of a profession, or of one of its specialties, meets it.",
    )
    expects_lived_experience = models.BooleanField(
        "expects a member with lived experience", default=False
    )
    expects_vcse = models.BooleanField(
        "expects a voluntary and community sector member", default=False
    )
    history = HistoricalRecords(m2m_fields=[expected_professions])

    objects = ForumQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(level="place") & Q(place__isnull=False))
                | (Q(level="system") & Q(place__isnull=True)),
                name="forum_place_matches_level",
                violation_error_message="Choose a Place for a Place-level forum, "
                "and no Place for a system-level forum.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("forums:forum_detail", kwargs={"slug": self.slug})

    def get_public_url(self):
        return reverse("forums:public_forum_detail", kwargs={"slug": self.slug})


class TermsOfReference(models.Model):
    """One approved version of a forum's terms of reference."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="terms_of_reference")
    version = models.PositiveSmallIntegerField()
    text = models.TextField("terms of reference")
    approved_on = models.DateField(null=True, blank=True)
    approved_by = models.CharField(
        max_length=200, blank=True, help_text="The forum or person that approved this version."
    )
    review_due_on = models.DateField("review due", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["forum", "-version"]
        verbose_name = "terms of reference"
        verbose_name_plural = "terms of reference"
        constraints = [
            models.UniqueConstraint(fields=["forum", "version"], name="tor_version_unique"),
            models.CheckConstraint(
                condition=Q(review_due_on__isnull=True)
                | Q(approved_on__isnull=True)
                | Q(review_due_on__gt=models.F("approved_on")),
                name="tor_review_after_approval",
                violation_error_message="The review date must be after the approval date.",
            ),
        ]

    def __str__(self):
        return f"{self.forum} terms of reference, version {self.version}"


class ReportingLine(models.Model):
    """A link up the governance structure: ``forum`` reports to (or advises) ``reports_to``.

    A forum may have several; the links form a graph without cycles (checked by
    ``forums.services.reporting_line_add``).
    """

    class Nature(models.TextChoices):
        REPORTS_TO = "reports_to", "Reports to"
        ADVISES = "advises", "Advises"
        ESCALATES_TO = "escalates_to", "Escalates to"

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="reporting_lines")
    reports_to = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="reporting_lines_in"
    )
    nature = models.CharField(max_length=20, choices=Nature.choices, default=Nature.REPORTS_TO)
    history = HistoricalRecords()

    class Meta:
        ordering = ["forum__name", "reports_to__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["forum", "reports_to"],
                name="reporting_line_unique",
                violation_error_message="This link already exists.",
            ),
            models.CheckConstraint(
                condition=~Q(forum=models.F("reports_to")),
                name="reporting_line_not_to_self",
                violation_error_message="A forum cannot report to itself.",
            ),
        ]

    def __str__(self):
        return f"{self.forum} {self.get_nature_display().lower()} {self.reports_to}"


class MembershipQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(starts_on__lte=on), Q(ends_on__isnull=True) | Q(ends_on__gte=on))


class Membership(models.Model):
    """A direct member of a forum. Members who sit by virtue of a leadership role come
    from the roles app's role seats and are merged in by ``forums.selectors.forum_members``."""

    class MemberType(models.TextChoices):
        LEADER = "leader", "Clinical or care leader"
        LIVED_EXPERIENCE = "lived_experience", "Person with lived experience"
        VCSE = "vcse", "Voluntary, community and social enterprise representative"
        ELECTED_MEMBER = "elected_member", "Elected member"
        EX_OFFICIO = "ex_officio", "Ex officio"
        OBSERVER = "observer", "Observer"

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        "ccpl.Person", on_delete=models.PROTECT, related_name="forum_memberships"
    )
    member_type = models.CharField(
        max_length=20, choices=MemberType.choices, default=MemberType.LEADER
    )
    starts_on = models.DateField("start date")
    ends_on = models.DateField("end date", null=True, blank=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["forum__name", "person__family_name", "person__given_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["forum", "person", "starts_on"],
                name="membership_unique_start",
                violation_error_message="This person already has a membership starting that day.",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="membership_ends_after_start",
                violation_error_message="The end date must be on or after the start date.",
            ),
        ]

    def __str__(self):
        return f"{self.person} in {self.forum}"


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(
            starts_at__gte=now or timezone.now(), status=Meeting.Status.PLANNED
        ).order_by("starts_at")


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    class Format(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        VIRTUAL = "virtual", "Online"
        HYBRID = "hybrid", "In person and online"

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField("date and start time")
    ends_at = models.DateTimeField("end time", null=True, blank=True)
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.IN_PERSON)
    venue = models.CharField(
        max_length=200, blank=True, help_text="The address, or the online platform."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    minutes = models.TextField(blank=True)
    minutes_public = models.BooleanField(
        "publish the minutes",
        default=False,
        help_text="Published minutes of a public forum appear on its public page.",
    )
    history = HistoricalRecords()

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["forum", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message="The end time must be after the start time.",
            ),
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.forum} – {local:%-d %B %Y}"

    def get_absolute_url(self):
        return reverse("forums:meeting_detail", kwargs={"pk": self.pk})


def paper_upload_to(instance, filename):
    return f"forums/papers/{timezone.now():%Y/%m}/{filename}"


class MeetingPaper(models.Model):
    """A paper for a meeting. Stored in private storage; served by a permission-checked view."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=200)
    file = models.FileField(
        upload_to=paper_upload_to,
        max_length=255,
        validators=[FileExtensionValidator(PAPER_EXTENSIONS)],
    )
    is_public = models.BooleanField(
        "public paper",
        default=False,
        help_text="Public papers of a public forum can be downloaded by anyone.",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forums:paper_download", kwargs={"pk": self.pk})


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Sent apologies"
        ABSENT = "absent", "Absent"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        "ccpl.Person", on_delete=models.PROTECT, related_name="forum_attendance"
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "person__family_name", "person__given_name"]
        verbose_name_plural = "attendance"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="attendance_once_per_meeting",
                violation_error_message="Attendance for this person is already recorded.",
            ),
        ]

    def __str__(self):
        return f"{self.person}: {self.get_status_display()}"


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField("decision")
    priority = models.ForeignKey(
        "ccpl.Priority",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forum_decisions",
        help_text="The CCPL priority this decision serves, if any.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-meeting__starts_at", "pk"]

    def __str__(self):
        return self.text[:80]


class CoproductionReviewQuerySet(models.QuerySet):
    def held_between(self, since: date, until: date):
        return self.filter(held_on__gte=since, held_on__lte=until)


class CoproductionReview(models.Model):
    """A piece of work co-produced or reviewed with people with lived experience or the
    public, held by a forum or by a programme group that is not a forum here."""

    forum = models.ForeignKey(
        Forum,
        null=True,
        blank=True,
        # Assurance evidence: a forum with reviews is not deleted along with them.
        on_delete=models.PROTECT,
        related_name="coproduction_reviews",
    )
    programme_group = models.CharField(
        max_length=200,
        blank=True,
        help_text="Only when the review was not held by a forum recorded here.",
    )
    held_on = models.DateField("date held")
    subject = models.CharField(
        "what was co-produced or reviewed",
        max_length=200,
        help_text="For example, the frailty pathway redesign.",
    )
    participants = models.PositiveSmallIntegerField(
        "people with lived experience or members of the public who took part"
    )
    outcome = models.TextField("what changed as a result")
    decision = models.ForeignKey(
        Decision,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coproduction_reviews",
        help_text="The forum's decision this review led to or informed, if any.",
    )
    history = HistoricalRecords()

    objects = CoproductionReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(forum__isnull=False) & Q(programme_group=""))
                | (Q(forum__isnull=True) & ~Q(programme_group="")),
                name="coproduction_review_forum_or_group",
                violation_error_message="Choose the forum that held the review, or give the "
                "name of the programme group, not both.",
            ),
            models.CheckConstraint(
                condition=Q(decision__isnull=True) | Q(forum__isnull=False),
                name="coproduction_review_decision_needs_forum",
                violation_error_message="Only a review held by a forum can link to a decision.",
            ),
        ]

    def __str__(self):
        return f"{self.subject} ({self.held_by}, {self.held_on:%-d %B %Y})"

    def get_absolute_url(self):
        return reverse("forums:coproduction_edit", kwargs={"pk": self.pk})

    @property
    def held_by(self) -> str:
        return self.forum.name if self.forum_id else self.programme_group
