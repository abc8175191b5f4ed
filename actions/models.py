"""The CCPL action plan: plans, coded actions with owners and timeframes, progress updates.

An action's RAG rating is never stored: ``ActionQuerySet.with_progress`` derives it in
the database from the latest progress update on a given date, so the overview, the
list, the Council report and the CSV all agree (see ``Rag`` for the rules).
"""

import calendar
import datetime
import re

from django.conf import settings
from django.core.validators import FileExtensionValidator, RegexValidator
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from simple_history.models import HistoricalRecords

EVIDENCE_EXTENSIONS = ["pdf", "doc", "docx", "odt", "xls", "xlsx", "ods", "ppt", "pptx", "txt"]
# Days without a progress update after which an incomplete action is flagged as stale.
STALE_AFTER_DAYS = 90


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus a whole number of months, clamped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class Band(models.TextChoices):
    """Timeframe bands, in months from the plan's start."""

    SHORT = "short", "Short term (0 to 6 months)"
    MEDIUM = "medium", "Medium term (6 to 12 months)"
    LONG = "long", "Long term (12 to 18 months)"

    @property
    def months(self) -> tuple[int, int]:
        return BAND_MONTHS[self]

    @property
    def short_label(self) -> str:
        return self.name.capitalize() + " term"


BAND_MONTHS = {Band.SHORT: (0, 6), Band.MEDIUM: (6, 12), Band.LONG: (12, 18)}


def band_dates(band: str, plan_starts_on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Start and due dates of a band: its lower and upper bound after the plan's start."""
    lower, upper = BAND_MONTHS[Band(band)]
    return add_months(plan_starts_on, lower), add_months(plan_starts_on, upper)


class Executive(models.TextChoices):
    CMO = "cmo", "Chief Medical Officer"
    CNO = "cno", "Chief Nursing Officer"
    CMO_AND_CNO = "cmo_cno", "Chief Medical Officer and Chief Nursing Officer"


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    COMPLETE = "complete", "Complete"


class Rag(models.TextChoices):
    """The derived rating. Order matters: the first rule that applies wins."""

    COMPLETE = "complete", "Complete"
    OVERDUE = "overdue", "Overdue"
    OFF_TRACK = "off_track", "Off track"
    AT_RISK = "at_risk", "At risk"
    NOT_STARTED = "not_started", "Not started"
    NOT_DUE = "not_due", "Not due to start"
    ON_TRACK = "on_track", "On track"

    @property
    def colour(self) -> str:
        return RAG_COLOURS[self]

    @property
    def rule(self) -> str:
        return RAG_RULES[self]


# NHS.UK tag colours (nhsuk-tag--<colour>).
RAG_COLOURS = {
    Rag.COMPLETE: "blue",
    Rag.OVERDUE: "red",
    Rag.OFF_TRACK: "red",
    Rag.AT_RISK: "orange",
    Rag.NOT_STARTED: "orange",
    Rag.NOT_DUE: "grey",
    Rag.ON_TRACK: "green",
}
RAG_COLOUR_NAMES = {
    "blue": "Blue",
    "red": "Red",
    "orange": "Amber",
    "grey": "Grey",
    "green": "Green",
}
RAG_RULES = {
    Rag.COMPLETE: "The latest update says the action is complete.",
    Rag.OVERDUE: "The due date has passed and the action is not complete.",
    Rag.OFF_TRACK: "The latest update says the action is off track.",
    Rag.AT_RISK: "The latest update says the action is at risk.",
    Rag.NOT_STARTED: "The action has not started and its start date has passed.",
    Rag.NOT_DUE: "The action has not started and its start date has not passed yet.",
    Rag.ON_TRACK: "The latest update says the action is on track.",
}


class ActionPlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        ARCHIVED = "archived", "Archived"

    title = models.CharField(max_length=200)
    version = models.CharField(
        "version or year", max_length=40, help_text="For example, 2025 to 2026, or version 2."
    )
    starts_on = models.DateField(
        "start date", help_text="Action start and due dates are worked out from this date."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    approved_on = models.DateField("date approved", null=True, blank=True)
    approved_by = models.CharField(
        max_length=200, blank=True, help_text="The forum or person that approved the plan."
    )
    overseeing_forum = models.ForeignKey(
        "forums.Forum",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_plans_overseen",
        help_text="The forum that receives regular progress reports.",
    )
    previous_plan = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_plans",
        help_text="The plan this one was refreshed from.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="active"),
                name="one_active_action_plan",
                violation_error_message="Only one plan can be active at a time.",
            ),
            models.UniqueConstraint(
                fields=["title", "version"],
                name="action_plan_title_version_unique",
                violation_error_message="A plan with this title and version already exists.",
            ),
        ]

    def __str__(self):
        # A refreshed plan's title often names its year already ("... plan 2027 to 2028"):
        # the version is then not repeated after it.
        named = re.search(rf"(?<!\w){re.escape(self.version)}(?!\w)", self.title, re.IGNORECASE)
        if not self.version or named:
            return self.title
        return f"{self.title} ({self.version})"

    def get_absolute_url(self):
        return reverse("actions:plan_overview", kwargs={"plan_pk": self.pk})

    @property
    def ends_on(self) -> datetime.date:
        return add_months(self.starts_on, BAND_MONTHS[Band.LONG][1])


class ActionQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related(
            "plan",
            "priority",
            "owner_forum",
            "owner_role",
            "overseeing_forum",
            "carried_over_from__plan",
        )

    def with_progress(self, on: datetime.date | None = None):
        """Annotate the latest update on ``on`` (today) and the derived RAG and stale flag.

        ``progress_status`` is the latest update's status ("not started" without one),
        ``rag`` a :class:`Rag` value, ``is_stale`` true when an incomplete action has had
        no update for ``STALE_AFTER_DAYS`` (counted from the plan's start without one).
        """
        on = on or timezone.localdate()
        latest = ProgressUpdate.objects.filter(action=OuterRef("pk"), on__lte=on).order_by(
            "-on", "-pk"
        )
        stale_before = on - datetime.timedelta(days=STALE_AFTER_DAYS)
        return self.annotate(
            latest_update_id=Subquery(latest.values("pk")[:1]),
            latest_update_on=Subquery(latest.values("on")[:1]),
            latest_narrative=Subquery(latest.values("narrative")[:1]),
            progress_status=Coalesce(
                Subquery(latest.values("status")[:1]), Value(ProgressStatus.NOT_STARTED)
            ),
        ).annotate(
            rag=Case(
                When(progress_status=ProgressStatus.COMPLETE, then=Value(Rag.COMPLETE)),
                When(due_on__lt=on, then=Value(Rag.OVERDUE)),
                When(progress_status=ProgressStatus.OFF_TRACK, then=Value(Rag.OFF_TRACK)),
                When(progress_status=ProgressStatus.AT_RISK, then=Value(Rag.AT_RISK)),
                When(
                    progress_status=ProgressStatus.NOT_STARTED,
                    starts_on__lt=on,
                    then=Value(Rag.NOT_STARTED),
                ),
                When(progress_status=ProgressStatus.NOT_STARTED, then=Value(Rag.NOT_DUE)),
                default=Value(Rag.ON_TRACK),
                output_field=models.CharField(),
            ),
            is_stale=Case(
                When(progress_status=ProgressStatus.COMPLETE, then=Value(False)),
                When(
                    Q(latest_update_on__lte=stale_before)
                    | Q(latest_update_on__isnull=True, plan__starts_on__lte=stale_before),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=models.BooleanField(),
            ),
        )

    def in_code_order(self):
        """Order "1.2" before "1.10": by priority number, then the code's numeric part."""
        return self.order_by("priority__number", "code_sort", "code")


class Action(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        COMPLETE = "complete", "Complete"
        CARRIED_OVER = "carried_over", "Carried over to the next plan"

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    code = models.CharField(
        max_length=10,
        validators=[
            RegexValidator(
                r"^\d{1,2}\.\d{1,2}$", "Enter a code like 2.3: a priority number, a dot, a number"
            )
        ],
        help_text="For example, 2.3.",
    )
    # Numeric part after the dot, so 1.10 sorts after 1.9 (kept in step by save()).
    code_sort = models.PositiveSmallIntegerField(default=0, editable=False)
    priority = models.ForeignKey("ccpl.Priority", on_delete=models.PROTECT, related_name="actions")
    title = models.CharField(
        max_length=200, blank=True, help_text="A short name for lists. Leave blank to use the text."
    )
    text = models.TextField("action", help_text="The action as the plan states it.")
    band = models.CharField("timeframe", max_length=10, choices=Band.choices)
    starts_on = models.DateField("start date")
    due_on = models.DateField("due date")
    dates_overridden = models.BooleanField(default=False, editable=False)
    date_override_reason = models.CharField(
        "reason for changing the dates", max_length=300, blank=True
    )
    owner = models.CharField(
        max_length=200, help_text="As the plan states it, for example CMO / CNO."
    )
    owner_executive = models.CharField(
        "executive owner", max_length=10, choices=Executive.choices, blank=True
    )
    owner_forum = models.ForeignKey(
        "forums.Forum",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions_owned",
        verbose_name="owning forum",
    )
    owner_role = models.ForeignKey(
        "roles.Role",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions_owned",
        verbose_name="owning role",
    )
    overseeing_forum = models.ForeignKey(
        "forums.Forum",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions_overseen",
    )
    decision = models.ForeignKey(
        "forums.Decision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        help_text="The forum decision that created this action.",
    )
    depends_on = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="dependents"
    )
    carried_over_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_over_to",
        help_text="The same action in the previous plan.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    history = HistoricalRecords(m2m_fields=[depends_on])

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "priority__number", "code_sort", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                name="action_code_unique_in_plan",
                violation_error_message="Another action in this plan already has this code.",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=F("starts_on")),
                name="action_due_after_start",
                violation_error_message="The due date must be on or after the start date.",
            ),
            models.CheckConstraint(
                condition=Q(dates_overridden=False) | ~Q(date_override_reason=""),
                name="action_date_override_has_reason",
                violation_error_message="Give a reason for changing the dates.",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.display_title}"

    def save(self, *args, **kwargs):
        self.code_sort = int(self.code.split(".")[-1]) if self.code.count(".") == 1 else 0
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("actions:action_detail", kwargs={"pk": self.pk})

    @property
    def display_title(self) -> str:
        return self.title or Truncator(self.text).words(12)

    @property
    def band_label(self) -> str:
        return Band(self.band).short_label

    @property
    def rag_choice(self) -> Rag | None:
        """The annotated RAG as a :class:`Rag` (needs ``with_progress()``)."""
        value = getattr(self, "rag", None)
        return Rag(value) if value else None


def evidence_upload_to(instance, filename):
    return f"actions/evidence/{timezone.now():%Y/%m}/{filename}"


class ProgressUpdate(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField("date of update")
    status = models.CharField(max_length=20, choices=ProgressStatus.choices)
    narrative = models.TextField("progress", help_text="What has happened since the last update.")
    evidence_url = models.URLField("link to evidence", max_length=500, blank=True)
    evidence_file = models.FileField(
        "evidence file",
        upload_to=evidence_upload_to,
        max_length=255,
        blank=True,
        validators=[FileExtensionValidator(EVIDENCE_EXTENSIONS)],
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_progress_updates",
    )
    # Internal unless staff choose to publish it: only published updates reach the public
    # plan page (actions.views_public), whatever the narrative says.
    is_public = models.BooleanField(
        "published",
        default=False,
        help_text="Published updates appear on the public plan progress page.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-on", "-pk"]
        indexes = [models.Index(fields=["action", "on"])]

    def __str__(self):
        return f"{self.action.code}: {self.get_status_display()} on {self.on:%-d %B %Y}"

    @property
    def evidence_filename(self) -> str:
        return self.evidence_file.name.rsplit("/", 1)[-1] if self.evidence_file else ""
