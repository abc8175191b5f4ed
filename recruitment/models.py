"""Transparent recruitment: request to recruit, campaign (advert), applications, panel scores.

Equality-monitoring answers of applicants live in the core's one ``EqualityProfile``
model, under the application's pseudonym (no link in the database: see
``EqualityProfile.subject_for``), and are read only as counts through
``recruitment.selectors``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


class RequestToRecruit(models.Model):
    """Approval sought from the CMO/CNO before a role is advertised."""

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting decision"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    role = models.ForeignKey(
        "roles.Role", on_delete=models.PROTECT, related_name="requests_to_recruit"
    )
    reason = models.TextField("why the role needs recruiting")
    proposed_funding = models.CharField(
        max_length=200, help_text="Where the money comes from, such as the ICB's CCPL budget."
    )
    proposed_sessions = models.DecimalField(
        "proposed sessional time",
        max_digits=5,
        decimal_places=2,
        help_text="In the role's unit, such as 2 PAs a week.",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_on = models.DateField(default=timezone.localdate)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    decision_reason = models.TextField("reason for the decision", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_on", "-pk"]
        verbose_name = "request to recruit"
        verbose_name_plural = "requests to recruit"

    def __str__(self):
        return f"Request to recruit: {self.role}"

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class CampaignQuerySet(models.QuerySet):
    def open(self, on=None):
        """Adverts taking applications on ``on`` (today): the database form of
        ``Campaign.closed_because`` (tests check that the two agree)."""
        from roles.models import Appointment

        on = on or timezone.localdate()
        appointed = Application.objects.filter(
            campaign=OuterRef("pk"), stage=Application.Stage.APPOINTED
        )
        held = Appointment.objects.filter(role=OuterRef("role"), ended_on__isnull=True)
        return (
            self.filter(opens_on__lte=on, closes_on__gte=on, shortlist_locked_on__isnull=True)
            .exclude(Exists(appointed))
            .exclude(Q(role__allows_job_share=False) & Exists(held))
        )

    def for_panel_member(self, user):
        return self.filter(panel=user)


class Campaign(models.Model):
    """One advert for one role, with the job description version it was advertised with."""

    request = models.OneToOneField(
        RequestToRecruit, on_delete=models.PROTECT, related_name="campaign"
    )
    role = models.ForeignKey("roles.Role", on_delete=models.PROTECT, related_name="campaigns")
    job_description = models.ForeignKey(
        "roles.JobDescription", on_delete=models.PROTECT, related_name="campaigns"
    )
    how_to_apply = models.TextField(
        blank=True, help_text="Anything applicants should know, such as an informal chat."
    )
    opens_on = models.DateField("opening date")
    closes_on = models.DateField(
        "closing date", help_text="Applications are accepted until the end of this day."
    )
    nhs_jobs_reference = models.CharField("NHS Jobs reference", max_length=60, blank=True)
    nhs_jobs_url = models.URLField("NHS Jobs link", max_length=500, blank=True)
    on_ics_website = models.BooleanField("advertised on the ICS website", default=False)
    other_platforms = models.CharField(
        max_length=300, blank=True, help_text="For example, LinkedIn or a professional journal."
    )
    communicated_to = models.ManyToManyField(
        "ccpl.ProfessionalGroup",
        blank=True,
        related_name="campaigns_communicated",
        verbose_name="professional groups sent communications",
    )
    panel = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="panel_campaigns"
    )
    shortlist_locked_on = models.DateTimeField(null=True, blank=True)
    learning_survey = models.OneToOneField(
        "surveys.Survey",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campaign",
        help_text="The anonymous “why did or didn’t you apply” questionnaire.",
    )
    history = HistoricalRecords()

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-closes_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="campaign_closes_after_opening",
                violation_error_message="The closing date must be on or after the opening date.",
            )
        ]

    def __str__(self):
        return f"{self.role} (closes {self.closes_on:%-d %B %Y})"

    def get_absolute_url(self):
        return reverse("recruitment:vacancy_detail", kwargs={"pk": self.pk})

    def closed_because(self, on=None) -> str | None:
        """Why the advert takes no applications on ``on`` (today), or ``None`` while it does.

        An advert closes at the end of its closing date, when its shortlist is locked, when
        one of its candidates is appointed, and when its role is filled (a role that is not a
        job share with a holder who has no end date recorded).
        """
        on = on or timezone.localdate()
        if on < self.opens_on:
            return f"Applications open on {self.opens_on:%-d %B %Y}."
        if self.applications.filter(stage=Application.Stage.APPOINTED).exists():
            return "The role has been filled. Applications are no longer accepted."
        if (
            not self.role.allows_job_share
            and self.role.appointments.filter(ended_on__isnull=True).exists()
        ):
            return "The role has been filled. Applications are no longer accepted."
        if self.shortlist_locked:
            return "The shortlist has been agreed. Applications are no longer accepted."
        if on > self.closes_on:
            return (
                f"The closing date was {self.closes_on:%-d %B %Y}. Applications are no "
                "longer accepted."
            )
        return None

    def is_open(self, on=None) -> bool:
        return self.closed_because(on) is None

    def has_closing_date_passed(self, on=None) -> bool:
        return (on or timezone.localdate()) > self.closes_on

    @property
    def shortlist_locked(self) -> bool:
        return self.shortlist_locked_on is not None


def cv_upload_to(instance, filename):
    # The applicant's file name is not kept in the path: it may name them.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"recruitment/cvs/{timezone.now():%Y/%m}/{timezone.now():%d%H%M%S%f}.{extension}"


class Application(models.Model):
    class Stage(models.TextChoices):
        RECEIVED = "received", "Received"
        SHORTLISTED = "shortlisted", "Shortlisted"
        NOT_SHORTLISTED = "not_shortlisted", "Not shortlisted"
        INTERVIEWED = "interviewed", "Interviewed"
        OFFERED = "offered", "Offered"
        APPOINTED = "appointed", "Appointed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="applications")
    candidate_number = models.PositiveIntegerField()
    given_name = models.CharField("first name", max_length=100)
    family_name = models.CharField("last name", max_length=100)
    email = models.EmailField("email address")
    phone = models.CharField("phone number", max_length=30, blank=True)
    professional_group = models.ForeignKey(
        "ccpl.ProfessionalGroup", on_delete=models.PROTECT, related_name="applications"
    )
    organisation = models.CharField("organisation you work for", max_length=200)
    supporting_statement = models.TextField()
    cv = models.FileField("CV", upload_to=cv_upload_to, max_length=200)
    cv_filename = models.CharField(max_length=200, blank=True)
    consent = models.BooleanField(default=False)
    # The one-time key the application form carried: a retry with it stores nothing twice.
    submission_key = models.UUIDField(null=True, blank=True, unique=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.RECEIVED)
    shortlisted_on = models.DateField(null=True, blank=True)
    # When the candidate was told the outcome (not shortlisted, or not appointed): once only.
    outcome_sent_on = models.DateField(null=True, blank=True)
    appointment = models.OneToOneField(
        "roles.Appointment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="application",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["campaign", "candidate_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "candidate_number"], name="application_candidate_number"
            )
        ]

    def __str__(self):
        return f"Candidate {self.candidate_number} for {self.campaign.role}"

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class PanelScore(models.Model):
    """One panel member's score for one candidate, at shortlisting or at interview."""

    class Step(models.TextChoices):
        SHORTLISTING = "shortlisting", "Shortlisting"
        INTERVIEW = "interview", "Interview"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    panel_member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    step = models.CharField(max_length=20, choices=Step.choices)
    score = models.PositiveSmallIntegerField()
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["application", "step", "panel_member"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "panel_member", "step"], name="panel_score_once"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5),
                name="panel_score_1_to_5",
                violation_error_message="Score must be from 1 to 5.",
            ),
        ]

    def __str__(self):
        return f"{self.get_step_display()} score for {self.application}"


class ExitInterview(models.Model):
    """What a leader leaving a role told us: why, what would have kept them, development."""

    class Theme(models.TextChoices):
        TIME = "time", "Not enough protected time"
        FUNDING = "funding", "Funding or backfill"
        SUPPORT = "support", "Support and infrastructure"
        DEVELOPMENT = "development", "Training and development"
        INFLUENCE = "influence", "Influence on decisions"
        WORKLOAD = "workload", "Workload in their main job"
        CAREER = "career", "Career move"
        PERSONAL = "personal", "Personal reasons"

    appointment = models.OneToOneField(
        "roles.Appointment", on_delete=models.PROTECT, related_name="exit_interview"
    )
    held_on = models.DateField("date of the exit interview")
    reason = models.TextField("why they are leaving")
    what_would_have_kept = models.TextField("what would have kept them", blank=True)
    development_received = models.TextField("development they received", blank=True)
    themes = models.JSONField(default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"Exit interview: {self.appointment}"

    @property
    def theme_labels(self) -> list[str]:
        labels = dict(self.Theme.choices)
        return [labels.get(t, t) for t in self.themes]


class TalentPoolMember(models.Model):
    """An aspiring leader who asked to hear about roles and be offered shadowing and mentoring."""

    given_name = models.CharField("first name", max_length=100)
    family_name = models.CharField("last name", max_length=100)
    email = models.EmailField("email address", unique=True)
    professional_group = models.ForeignKey(
        "ccpl.ProfessionalGroup", on_delete=models.PROTECT, related_name="talent_pool"
    )
    place = models.ForeignKey(
        "ccpl.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="talent_pool",
        help_text="Leave blank for roles anywhere in the system.",
    )
    interests = models.TextField(
        "leadership interests", blank=True, help_text="For example, frailty or population health."
    )
    wants_shadowing = models.BooleanField("I would like to shadow a leader", default=False)
    wants_mentoring = models.BooleanField("I would like a mentor", default=False)
    consent = models.BooleanField(default=False)
    joined_on = models.DateField(default=timezone.localdate)
    history = HistoricalRecords()

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = "talent pool member"

    def __str__(self):
        return f"{self.given_name} {self.family_name}"


class Announcement(models.Model):
    """One advert announced to one address: the database lets it happen once, whichever
    audience (the talent pool, later programme alumni or bulletins) asks for it."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="announcements")
    email = models.EmailField("email address")
    audience = models.CharField(max_length=60, help_text="Who asked, such as “Talent pool”.")
    announced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["campaign", "email"]
        constraints = [
            models.UniqueConstraint(models.F("campaign"), Lower("email"), name="announcement_once"),
        ]

    def __str__(self):
        return f"{self.campaign} announced to {self.email}"
