"""Assurance (issue 18): the ICB's yearly self-assessment against NHS England's five CCPL
principles and two core expectations.

The five principles *are* the CCPL priorities (``ccpl.Priority``, with NHS England's wording
and the ICB's own): a :class:`Principle` of kind ``PRINCIPLE`` points at its priority and takes
its words from there, so they are edited in one place. The two core expectations have no
priority and keep their own words here.

An :class:`Assessment` moves draft → in review (by a named forum, usually the Council) →
signed off by an executive. Signing off stores every indicator as it stood on the
assessment's date (:class:`IndicatorValue`): after that nothing in the assessment changes,
whatever happens to the data it was computed from.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Level(models.IntegerChoices):
    NOT_STARTED = 0, "Not started"
    DEVELOPING = 1, "Developing"
    ESTABLISHED = 2, "Established"
    EMBEDDED = 3, "Embedded"


class Principle(models.Model):
    """A principle (words from its CCPL priority) or a core expectation (words here)."""

    class Kind(models.TextChoices):
        CORE_EXPECTATION = "core_expectation", "Core expectation"
        PRINCIPLE = "principle", "Principle"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(unique=True)
    priority = models.OneToOneField(
        "ccpl.Priority",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assurance_principle",
        help_text="For a principle: the CCPL priority whose words it uses.",
    )
    own_short_title = models.CharField("short title", max_length=120, blank=True)
    own_nhse_wording = models.TextField("NHS England wording", blank=True)
    own_local_wording = models.TextField("local wording", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="principle") & Q(priority__isnull=False))
                | (Q(kind="core_expectation") & Q(priority__isnull=True)),
                name="assurance_principle_has_priority_exactly_when_principle",
                violation_error_message="A principle takes its words from a CCPL priority; "
                "a core expectation has none.",
            )
        ]

    def __str__(self):
        return self.label

    @property
    def short_title(self) -> str:
        return self.priority.short_title if self.priority_id else self.own_short_title

    @property
    def nhse_wording(self) -> str:
        return self.priority.nhse_wording if self.priority_id else self.own_nhse_wording

    @property
    def local_wording(self) -> str:
        return self.priority.local_wording if self.priority_id else self.own_local_wording

    @property
    def label(self) -> str:
        if self.priority_id:
            return f"Principle {self.priority.number}: {self.priority.short_title}"
        return f"Core expectation: {self.own_short_title}"


class LevelDescription(models.Model):
    """What a maturity level looks like for one principle, in one line."""

    principle = models.ForeignKey(
        Principle, on_delete=models.CASCADE, related_name="level_descriptions"
    )
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    description = models.CharField(max_length=250)
    history = HistoricalRecords()

    class Meta:
        ordering = ["principle__order", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["principle", "level"], name="assurance_one_description_per_level"
            )
        ]

    def __str__(self):
        return f"{self.principle}: {self.get_level_display()}"


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        SIGNED_OFF = "signed_off", "Signed off"

    year = models.PositiveSmallIntegerField(unique=True)
    as_of = models.DateField(
        "assessment date", help_text="The indicators are worked out as they stood on this day."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    review_forum = models.ForeignKey(
        "forums.Forum",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assurance_reviews",
        help_text="The forum that reviews the draft (usually the Council).",
    )
    sent_for_review_at = models.DateTimeField(null=True, blank=True)
    reviewed_on = models.DateField(null=True, blank=True)
    review_outcome = models.TextField("what the forum said", blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assurance_sign_offs",
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    published = models.BooleanField(
        default=False,
        help_text="Show the summary (levels and narrative, never internal notes) at /assurance/.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="signed_off")
                | (Q(signed_off_by__isnull=False) & Q(signed_off_at__isnull=False)),
                name="assurance_signed_off_has_who_and_when",
            ),
            models.CheckConstraint(
                condition=Q(published=False) | Q(status="signed_off"),
                name="assurance_only_signed_off_is_published",
            ),
        ]

    def __str__(self):
        return f"Self-assessment {self.year}"

    def get_absolute_url(self):
        return reverse("assurance:assessment_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.SIGNED_OFF


class AssessmentEntry(models.Model):
    """One principle in one assessment: its level, narrative and evidence."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="entries")
    principle = models.ForeignKey(Principle, on_delete=models.PROTECT, related_name="entries")
    level = models.PositiveSmallIntegerField(choices=Level.choices, default=Level.NOT_STARTED)
    what_we_did = models.TextField("what we did", blank=True, max_length=5000)
    what_we_heard = models.TextField("what we heard", blank=True, max_length=5000)
    what_is_next = models.TextField("what is next", blank=True, max_length=5000)
    internal_notes = models.TextField(
        "internal notes",
        blank=True,
        max_length=5000,
        help_text="For the CCPL team and executives only: never published.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "principle__order"]
        verbose_name_plural = "assessment entries"
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "principle"], name="assurance_one_entry_per_principle"
            )
        ]

    def __str__(self):
        return f"{self.assessment}: {self.principle}"


def evidence_upload_to(instance, filename):
    return f"assurance/evidence/{timezone.now():%Y/%m}/{filename}"


class Evidence(models.Model):
    """Something in the product (by kind and id, named and linked through the owning app's
    selectors: ``assurance.selectors.evidence_target``) or an uploaded document."""

    class Kind(models.TextChoices):
        ACTION = "action", "An action in the plan"
        DECISION = "decision", "A forum decision"
        FORUM = "forum", "A forum"
        SURVEY = "survey", "A survey"
        OFFER = "offer", "A development offer"
        REPORT = "report", "A report version"
        DOCUMENT = "document", "An uploaded document"

    entry = models.ForeignKey(AssessmentEntry, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.PositiveIntegerField(null=True, blank=True)
    label = models.CharField(max_length=200, help_text="What the evidence shows, in a few words.")
    document = models.FileField(upload_to=evidence_upload_to, max_length=255, blank=True)
    added_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["entry", "added_at", "pk"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="document") & Q(object_id__isnull=True) & ~Q(document=""))
                | (~Q(kind="document") & Q(object_id__isnull=False) & Q(document="")),
                name="assurance_evidence_is_a_link_or_a_document",
            )
        ]

    def __str__(self):
        return self.label

    @property
    def document_filename(self) -> str:
        return self.document.name.rsplit("/", 1)[-1] if self.document else ""


class IndicatorValue(models.Model):
    """An indicator as it stood on a signed-off assessment's date (``figure`` None: not
    available then). Written once, at sign-off."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="indicator_values"
    )
    principle = models.ForeignKey(Principle, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=60)
    title = models.CharField(max_length=200)
    figure = models.JSONField(null=True, blank=True)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["assessment", "principle__order", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "key"], name="assurance_one_value_per_indicator"
            )
        ]

    def __str__(self):
        return f"{self.assessment}: {self.title}"


from .peer_models import PeerComment, PeerReview, PeerReviewer  # noqa: E402, F401 - peer review
from .yousaid_models import YouSaid  # noqa: E402, F401 - "you said, we did"
