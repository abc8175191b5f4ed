"""The development offer (principle 4): offers in a catalogue, and their dated cohorts.

An offer is what the ICB and its partners provide (a programme, a journal club, coaching…),
with who it is for and the principles it serves; a cohort is one dated run of an offer with
a number of places and a window for applications. The public catalogue lists published
offers with a cohort taking applications today (``CohortQuerySet.open_on``). An application
to a cohort (``CohortApplication``) is selected or not by the CCPL team, with a reason.

Mentoring and coaching (at the end): the register of mentors, people's requests, matches
and their check-ins; ``development.matching`` suggests the matches.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Offer(models.Model):
    class Kind(models.TextChoices):
        PROGRAMME = "programme", "Leadership programme"
        COURSE = "course", "Course"
        MASTERCLASS = "masterclass", "Masterclass"
        FACULTY_SESSION = "faculty_session", "Faculty session"
        INCUBATOR = "incubator", "Incubator for new leaders"
        JOURNAL_CLUB = "journal_club", "Journal club"
        COACHING = "coaching", "Coaching"
        MENTORING = "mentoring", "Mentoring"
        SHADOWING = "shadowing", "Shadowing"

    class Level(models.TextChoices):
        ASPIRING = "aspiring", "Aspiring leaders"
        NEW = "new", "New leaders (in their first 2 years)"
        ESTABLISHED = "established", "Established leaders"
        SENIOR = "senior", "Senior and system leaders"

    class Sector(models.TextChoices):
        NHS = "nhs", "NHS trusts and the ICB"
        PRIMARY_CARE = (
            "primary_care",
            "Primary care (general practice, pharmacy, dental, optometry)",
        )
        SOCIAL_CARE = "social_care", "Social care, including independent care providers"
        LOCAL_AUTHORITY = "local_authority", "Local authorities and public health"
        VCSE = "vcse", "Voluntary, community and social enterprise"

    class Format(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online"
        BLENDED = "blended", "In person and online"

    title = models.CharField(max_length=200)
    kind = models.CharField("type of offer", max_length=20, choices=Kind.choices)
    summary = models.TextField(help_text="What it is and what people get from it, in plain words.")
    provider = models.CharField(
        max_length=200, help_text="Who runs it, for example the ICB's leadership faculty."
    )
    professions = models.ManyToManyField(
        "ccpl.ProfessionalGroup",
        blank=True,
        related_name="development_offers",
        help_text="Leave empty when every profession may take part.",
    )
    levels = models.JSONField(
        default=list, blank=True, help_text="Leave empty when it is for leaders at every level."
    )
    sectors = models.JSONField(
        default=list, blank=True, help_text="Leave empty when it is for every sector."
    )
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.BLENDED)
    time_commitment = models.CharField(
        max_length=200, help_text="For example, one day a month for 6 months."
    )
    cost = models.CharField(
        max_length=200,
        default="Free",
        help_text="For example, Free, or £250 paid by the employer.",
    )
    principles = models.ManyToManyField(
        "ccpl.Priority",
        blank=True,
        related_name="development_offers",
        verbose_name="principles it serves",
    )
    how_to_apply = models.TextField(
        help_text="What to do to take part, shown on the public page.",
    )
    contact_email = models.EmailField(blank=True)
    is_published = models.BooleanField(
        "published", default=False, help_text="Published offers are listed on the public page."
    )
    history = HistoricalRecords(m2m_fields=[professions, principles])

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("development:offer_detail", kwargs={"pk": self.pk})

    def clean(self):
        errors = {}
        for name, choices in (("levels", self.Level), ("sectors", self.Sector)):
            values = getattr(self, name)
            if not isinstance(values, list) or not set(values) <= set(choices.values):
                errors[name] = f"Select {name} from the list"
        if errors:
            raise ValidationError(errors)

    def level_labels(self) -> list[str]:
        return [self.Level(value).label for value in self.Level.values if value in self.levels]

    def sector_labels(self) -> list[str]:
        return [self.Sector(value).label for value in self.Sector.values if value in self.sectors]


class CohortQuerySet(models.QuerySet):
    def open_on(self, on=None):
        """Cohorts taking applications on ``on`` (today): going ahead, not full, inside their
        application window, of a published offer."""
        on = on or timezone.localdate()
        return self.filter(
            status=Cohort.Status.SCHEDULED,
            applications_open_on__lte=on,
            applications_close_on__gte=on,
            offer__is_published=True,
        )


class Cohort(models.Model):
    """One dated run of an offer, with its places and its window for applications."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Going ahead"
        FULL = "full", "Full"
        CANCELLED = "cancelled", "Cancelled"

    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(max_length=200, help_text="For example, Spring 2027.")
    starts_on = models.DateField("start date")
    ends_on = models.DateField("end date")
    places = models.PositiveIntegerField(
        "number of places",
        validators=[MinValueValidator(1, "The number of places must be 1 or more")],
    )
    applications_open_on = models.DateField("applications open")
    applications_close_on = models.DateField("applications close")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    # The anonymous evaluation questionnaire, once the cohort has ended
    # (``development.evaluation_services``).
    evaluation_survey = models.OneToOneField(
        "surveys.Survey",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="evaluated_cohort",
    )
    history = HistoricalRecords()

    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="cohort_ends_after_starting",
                violation_error_message="The end date must be the same as or after the start date.",
            ),
            models.CheckConstraint(
                condition=Q(places__gte=1),
                name="cohort_has_places",
                violation_error_message="The number of places must be 1 or more.",
            ),
            models.CheckConstraint(
                condition=Q(applications_close_on__gte=F("applications_open_on")),
                name="cohort_applications_close_after_opening",
                violation_error_message=("Applications must close on or after the day they open."),
            ),
        ]

    def __str__(self):
        return f"{self.offer}: {self.name}"

    def clean(self):
        # The constraints' rules, worded against the field to correct (full_clean then skips
        # the constraints on a field already in error, so each message appears once).
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "The end date must be the same as or after the start date"
        opens, closes = self.applications_open_on, self.applications_close_on
        if opens and closes and closes < opens:
            errors["applications_close_on"] = (
                "Applications must close on or after the day they open"
            )
        elif closes and self.ends_on and closes > self.ends_on:
            errors["applications_close_on"] = "Applications must close by the cohort's end date"
        if errors:
            raise ValidationError(errors)


class CohortApplication(models.Model):
    """An application to join a cohort, from a signed-in leader (``person``) or from anyone
    through the public form (their name and details only), and the CCPL team's decision on it.

    The applicant's optional equality answers are not here: they are stored apart under the
    application's keyed pseudonym (``ccpl.EqualityProfile``, ADR 2), counted only, and never
    shown to whoever selects. One application per person and per e-mail address per cohort.
    """

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        SELECTED = "selected", "Selected"
        NOT_SELECTED = "not_selected", "Not selected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    DECIDED = (Status.SELECTED, Status.NOT_SELECTED)

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="applications")
    person = models.ForeignKey(
        "ccpl.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="development_applications",
        help_text="The signed-in leader who applied; empty for an application from the public.",
    )
    given_name = models.CharField("first name", max_length=100)
    family_name = models.CharField("last name", max_length=100)
    email = models.EmailField("email address")
    professional_group = models.ForeignKey(
        "ccpl.ProfessionalGroup",
        on_delete=models.PROTECT,
        related_name="development_applications",
        verbose_name="profession",
    )
    organisation = models.CharField("organisation you work for", max_length=200)
    sector = models.CharField(max_length=20, choices=Offer.Sector.choices)
    why = models.TextField("why you want to join")
    consent = models.BooleanField(default=False)
    # The one-time key the form carried: a retry with it stores nothing twice (ADR 7).
    submission_key = models.UUIDField(null=True, blank=True, unique=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    decision_reason = models.TextField("reason for the decision", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "person"],
                condition=Q(person__isnull=False),
                name="cohort_application_one_per_person",
                violation_error_message="You have already applied to join this cohort.",
            ),
            models.UniqueConstraint(
                F("cohort"),
                Lower("email"),
                name="cohort_application_one_per_email",
                violation_error_message=(
                    "An application with this email address has already been made for this cohort."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["selected", "not_selected"]) | ~Q(decision_reason=""),
                name="cohort_application_decision_has_reason",
                violation_error_message="Enter the reason for the decision.",
            ),
        ]

    def __str__(self):
        return f"{self.full_name}, {self.cohort}"

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


# --- Mentoring and coaching ------------------------------------------------------------------
#
# A register of mentors and coaches; people ask for one; ``development.matching`` suggests
# matches, the CCPL team confirms them, and each pair records check-ins and closes with
# feedback. A mentee's goals and a pair's notes are theirs and the CCPL team's alone: they
# are kept out of the change history (which the system administrator may also read).


class MentoringTopic(models.TextChoices):
    """What mentors offer and mentees ask for: one list, so that goals and offers meet."""

    NEW_TO_LEADERSHIP = "new_to_leadership", "Starting out in a leadership role"
    SYSTEM_LEADERSHIP = "system_leadership", "Leading across organisations"
    CHANGE = "change", "Leading change and improvement"
    INFLUENCING = "influencing", "Influencing and negotiating"
    BOARD = "board", "Board and committee work"
    INCLUSION = "inclusion", "Inclusive leadership"
    TEAMS = "teams", "Building and leading teams"
    RESEARCH = "research", "Research and evidence"
    POPULATION_HEALTH = "population_health", "Population health and inequalities"
    DIGITAL = "digital", "Digital and data"
    WELLBEING = "wellbeing", "Wellbeing and resilience"
    CAREER = "career", "Career planning"


def _topics_error(values) -> str | None:
    if not isinstance(values, list) or not set(values) <= set(MentoringTopic.values):
        return "Select topics from the list"
    return None


def topic_labels(values) -> list[str]:
    """Topic labels in the list's order."""
    return [MentoringTopic(value).label for value in MentoringTopic.values if value in values]


class MentoringKind(models.TextChoices):
    MENTORING = "mentoring", "Mentoring"
    COACHING = "coaching", "Coaching"


class Mentor(models.Model):
    """Someone on the register of mentors and coaches, with what they offer and how many
    mentees they take at once."""

    person = models.OneToOneField(
        "ccpl.Person", on_delete=models.PROTECT, related_name="mentor_record"
    )
    offers_mentoring = models.BooleanField(default=True)
    offers_coaching = models.BooleanField(default=False)
    profession = models.ForeignKey(
        "ccpl.ProfessionalGroup", on_delete=models.PROTECT, related_name="mentors"
    )
    sector = models.CharField(max_length=20, choices=Offer.Sector.choices)
    place = models.ForeignKey(
        "ccpl.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mentors",
        help_text="Leave empty for someone who works across the whole system.",
    )
    accreditation = models.CharField(
        max_length=200, help_text="For example, ILM Level 7 Certificate in Coaching."
    )
    accreditation_expires_on = models.DateField("accreditation expires")
    capacity = models.PositiveSmallIntegerField(
        "mentees at once",
        validators=[
            MinValueValidator(1, "The number of mentees must be 1 or more"),
            MaxValueValidator(10, "The number of mentees must be 10 or fewer"),
        ],
    )
    topics = models.JSONField("what they offer", default=list)
    is_active = models.BooleanField(
        "taking mentees", default=True, help_text="Mentors not taking mentees are never matched."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["person__family_name", "person__given_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(offers_mentoring=True) | Q(offers_coaching=True),
                name="mentor_offers_something",
                violation_error_message="A mentor must offer mentoring, coaching or both.",
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=10),
                name="mentor_capacity_1_to_10",
                violation_error_message="The number of mentees must be from 1 to 10.",
            ),
        ]

    def __str__(self):
        return str(self.person)

    def clean(self):
        if error := _topics_error(self.topics):
            raise ValidationError({"topics": error})

    def offers(self, kind: str) -> bool:
        return {
            MentoringKind.MENTORING: self.offers_mentoring,
            MentoringKind.COACHING: self.offers_coaching,
        }[kind]

    def topic_labels(self) -> list[str]:
        return topic_labels(self.topics)


class MentoringRequest(models.Model):
    """A person asking for a mentor or a coach: their goals, their preferences, and the
    people they must not be matched with."""

    class ProfessionPreference(models.TextChoices):
        ANY = "any", "No preference"
        SAME = "same", "Someone from my own profession"
        DIFFERENT = "different", "Someone from a different profession"

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for a match"
        MATCHED = "matched", "Matched"
        CLOSED = "closed", "Closed"

    mentee = models.ForeignKey(
        "ccpl.Person", on_delete=models.PROTECT, related_name="mentoring_requests"
    )
    kind = models.CharField("what you are asking for", max_length=20, choices=MentoringKind.choices)
    goals = models.JSONField("what you would like help with", default=list)
    profession_preference = models.CharField(
        "profession of your mentor or coach",
        max_length=20,
        choices=ProfessionPreference.choices,
        default=ProfessionPreference.ANY,
    )
    place_preference = models.ForeignKey(
        "ccpl.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="Place you would prefer",
    )
    exclude_own_organisation = models.BooleanField(
        "not someone from my own organisation", default=True
    )
    excluded_people = models.ManyToManyField(
        "ccpl.Person",
        blank=True,
        related_name="+",
        verbose_name="people you must not be matched with",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    asked_on = models.DateField(default=timezone.localdate)
    # Goals (and whom they excluded: not tracked for many-to-many) stay out of the history.
    history = HistoricalRecords(excluded_fields=["goals"])

    class Meta:
        ordering = ["asked_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee", "kind"],
                condition=Q(status__in=["open", "matched"]),
                name="one_live_mentoring_request_per_kind",
                violation_error_message=(
                    "You have already asked for this. You can ask again once it has closed."
                ),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.mentee}"

    def clean(self):
        # At least one goal is the service's rule (``mentoring_request_create``): the form
        # requires the field itself, and a second message here would repeat its own.
        if error := _topics_error(self.goals):
            raise ValidationError({"goals": error})

    def goal_labels(self) -> list[str]:
        return topic_labels(self.goals)


class Match(models.Model):
    """A mentee's request paired with a mentor: suggested by the matching, confirmed by the
    CCPL team, closed by the pair with feedback."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        CONFIRMED = "confirmed", "Confirmed"
        CLOSED = "closed", "Closed"

    request = models.ForeignKey(MentoringRequest, on_delete=models.CASCADE, related_name="matches")
    mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, related_name="matches")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUGGESTED)
    reasons = models.CharField(
        max_length=300, blank=True, help_text="Why the matching suggested it."
    )
    suggested_on = models.DateField(default=timezone.localdate)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    feedback = models.TextField(blank=True)
    history = HistoricalRecords(excluded_fields=["reasons", "feedback"])

    class Meta:
        ordering = ["suggested_on", "pk"]
        verbose_name_plural = "matches"
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status__in=["confirmed", "closed"]),
                name="one_confirmed_match_per_request",
                violation_error_message="This request already has a confirmed match.",
            )
        ]

    def __str__(self):
        return f"{self.request.mentee} with {self.mentor}"

    def is_party(self, person) -> bool:
        """``person`` is the mentee or the mentor of this match."""
        return person is not None and person.pk in (
            self.request.mentee_id,
            self.mentor.person_id,
        )


class CheckIn(models.Model):
    """A meeting of a matched pair, with the pair's own note of it."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="check_ins")
    held_on = models.DateField("date of the meeting")
    note = models.TextField(help_text="What you talked about and what you agreed.")
    history = HistoricalRecords(excluded_fields=["note"])

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self):
        return f"Check-in on {self.held_on}"


# Running a cohort: sessions, attendance, completion and the project lab (issue 16).
from .cohort_run_models import (  # noqa: E402, F401
    Attendance,
    CohortProject,
    CohortSession,
    Completion,
)

# --- The pipeline ------------------------------------------------------------------------------


class VacancyAlerts(models.Model):
    """A programme alumnus's own choice to hear about leadership vacancies that fit them.

    Explicit consent, off until they turn it on; one row per person, with the day of their
    latest choice. Only a selected participant of a cohort that has ended may turn it on
    (``development.pipeline.vacancy_alerts_set``); turning it off is always possible."""

    person = models.OneToOneField(
        "ccpl.Person", on_delete=models.CASCADE, related_name="vacancy_alerts"
    )
    opted_in = models.BooleanField("tell me about leadership vacancies", default=False)
    changed_on = models.DateField(default=timezone.localdate)

    class Meta:
        verbose_name = "vacancy alerts choice"
        verbose_name_plural = "vacancy alerts choices"

    def __str__(self):
        return f"{self.person}: {'opted in' if self.opted_in else 'opted out'}"
