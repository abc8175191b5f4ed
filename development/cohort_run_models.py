"""Running a cohort (issue 16): its dated sessions and who attended each, each selected
participant's completion, and the project lab's projects (optionally linked to an action in
the action plan). Imported by ``development.models``; the rules are in
``development.cohort_services``."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class CohortSession(models.Model):
    """One dated session of a cohort (a workshop day, an online module…)."""

    cohort = models.ForeignKey(
        "development.Cohort", on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(max_length=200, help_text="For example, Day 2: leading across Places.")
    held_on = models.DateField("date")
    venue = models.CharField(
        max_length=200, blank=True, help_text="Where it is held. Leave empty for online only."
    )
    online = models.BooleanField("online", default=False, help_text="People can join online.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self):
        return f"{self.title} ({self.held_on:%-d %B %Y})"

    @property
    def where(self) -> str:
        if self.venue and self.online:
            return f"{self.venue}, and online"
        return self.venue or ("Online" if self.online else "")


class Attendance(models.Model):
    """Whether a selected participant came to a session."""

    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Sent apologies"
        ABSENT = "absent", "Absent"

    session = models.ForeignKey(CohortSession, on_delete=models.CASCADE, related_name="attendance")
    application = models.ForeignKey(
        "development.CohortApplication", on_delete=models.CASCADE, related_name="attendance"
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "application"]
        verbose_name_plural = "attendance"
        constraints = [
            models.UniqueConstraint(
                fields=["session", "application"],
                name="cohort_attendance_once_per_session",
                violation_error_message="Attendance is already recorded for this participant.",
            )
        ]

    def __str__(self):
        return f"{self.get_status_display()}: {self.session}"


class Completion(models.Model):
    """A selected participant's end of the cohort: completed (on a date) or not (why)."""

    class Outcome(models.TextChoices):
        COMPLETED = "completed", "Completed"
        DID_NOT_COMPLETE = "did_not_complete", "Did not complete"

    application = models.OneToOneField(
        "development.CohortApplication", on_delete=models.CASCADE, related_name="completion"
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    completed_on = models.DateField("date")
    reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="completed") | ~Q(reason=""),
                name="cohort_completion_not_completed_has_reason",
                violation_error_message="Enter why they did not complete.",
            )
        ]

    def __str__(self):
        return f"{self.get_outcome_display()}: {self.application}"


class CohortProject(models.Model):
    """A project a cohort's project lab works on, in a Place or a neighbourhood, with its
    sponsor and outcome; optionally linked to an action in the action plan."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        UNDER_WAY = "under_way", "Under way"
        FINISHED = "finished", "Finished"
        STOPPED = "stopped", "Stopped"

    cohort = models.ForeignKey(
        "development.Cohort", on_delete=models.PROTECT, related_name="projects"
    )
    title = models.CharField(max_length=200)
    place = models.ForeignKey(
        "ccpl.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="development_projects",
        verbose_name="Place",
    )
    neighbourhood = models.CharField(
        max_length=200,
        blank=True,
        help_text="For example, Stanwell and Stanwell Moor. Give a Place, a neighbourhood or both.",
    )
    sponsor = models.CharField(
        max_length=200, help_text="Who sponsors the project, for example a Place director."
    )
    outcome = models.TextField(
        blank=True, help_text="What the project changed, so far or at the end."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    action = models.ForeignKey(
        "actions.Action",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="development_projects",
        verbose_name="action in the plan",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(place__isnull=False) | ~Q(neighbourhood=""),
                name="cohort_project_has_place_or_neighbourhood",
                violation_error_message="Select a Place or enter a neighbourhood.",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def where(self) -> str:
        parts = [part for part in (self.neighbourhood, self.place and self.place.name) if part]
        return ", ".join(parts)
