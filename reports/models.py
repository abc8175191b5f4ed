"""Report jobs: one request to make a report PDF, and the PDF once made.

Moved from the core (``ccpl.ReportJob``) in ``reports/migrations/0001_initial.py`` without
touching the database: the table keeps its name (``db_table``), and the content type and
its permissions were relabelled to this app (see docs/adr/0006-report-jobs.md).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


def report_upload_to(instance, filename):
    return f"reports/{instance.pk}/{filename}"


class ReportJob(models.Model):
    """One request to make a report PDF, and the PDF once made (in private storage).

    Made by a Celery task (``reports.tasks``); ``fingerprint`` summarises the inputs so
    that asking again for the same report on unchanged data returns this job instead of a
    second run. A signed-off annual report is the version offered to the board: it is never
    changed, and a report made on changed data is a new job with the next version number.
    Status changes are not audit-relevant and churn as the task runs, so there is no history
    table; sign-off is recorded in its own fields.
    """

    class Kind(models.TextChoices):
        """The kinds of report: the one list (``reports.kinds`` says what each is about)."""

        ANNUAL_REPORT = "annual_report", "Annual report"
        DIVERSITY_ANALYSIS = "diversity_analysis", "Diversity analysis"
        COUNCIL_REPORT = "council_report", "Council progress report"
        SURVEY_RESULTS = "survey_results", "Survey results"
        ASSURANCE_PACK = "assurance_pack", "Board assurance pack"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being made"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    LIVE_STATUSES = (Status.QUEUED, Status.RUNNING, Status.DONE)
    # The kinds an executive signs off: that version goes to the Integrated Care Board.
    SIGNED_OFF_KINDS = (Kind.ANNUAL_REPORT,)

    kind = models.CharField(max_length=30, choices=Kind.choices)
    period = models.CharField(
        max_length=80, help_text="What the report covers, such as 2026-27 or survey-3."
    )
    title = models.CharField(max_length=300)
    parameters = models.JSONField(default=dict, blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    as_of = models.DateField("figures as of")
    version = models.PositiveIntegerField(default=1)
    fingerprint = models.CharField(max_length=64, db_index=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField("current step", max_length=200, blank=True)
    error = models.TextField("reason it failed", blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="report_jobs",
    )
    also_requested_by = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="report_jobs_also_requested",
        help_text="People who asked for the same report on the same data after the first.",
    )
    requested_at = models.DateTimeField(default=timezone.now)
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        "last sign of life",
        null=True,
        blank=True,
        help_text="Touched every few seconds by the worker making the report: a running job "
        "without a recent one has stalled (its worker died).",
    )
    retry_at = models.DateTimeField(
        "to be tried again at",
        null=True,
        blank=True,
        help_text="When a job put back in the queue after an interruption is tried again.",
    )
    file = models.FileField(upload_to=report_upload_to, max_length=255, blank=True)
    source = models.FileField(
        "HTML the PDF was made from",
        upload_to=report_upload_to,
        max_length=255,
        blank=True,
        help_text="Kept so that signing off adds the sign-off to exactly the same document.",
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report_jobs_signed_off",
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The table it had in the core: the move changed no table, index or constraint.
        db_table = "ccpl_reportjob"
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["status", "started_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["fingerprint"],
                condition=models.Q(status__in=["queued", "running", "done"]),
                name="report_job_one_live_job_per_fingerprint",
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="report_job_progress_at_most_100"
            ),
        ]

    def __str__(self):
        return f"{self.title} (version {self.version})"

    def get_absolute_url(self):
        return reverse("reports:report_detail", kwargs={"pk": self.pk})

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def takes_sign_off(self) -> bool:
        return self.kind in self.SIGNED_OFF_KINDS

    @property
    def is_signed_off(self) -> bool:
        return self.signed_off_at is not None

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""
