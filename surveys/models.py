"""The annual temperature-check survey: surveys, questions, invitations and anonymous responses.

Anonymity is a property of the schema, not of good behaviour: :class:`Response` and
:class:`Answer` have no foreign key to :class:`Invitation` or to anyone, no date at all (the
survey is the round), random (UUID) primary keys, a default ordering by that random key, and
no audit history; a scheduled mix re-writes them in random order. An invitation only records
*that* its invitee responded (a flag without a time); reminders are recorded per survey, never
per invitee. The journey in progress lives in :class:`SurveyJourney`, not in the session. See
docs/adr/0003-survey-anonymity.md.
"""

import uuid

from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from ccpl.models import Person, Priority

# Results are never shown for fewer people than this: not a survey's results, nor a group's.
MIN_RESPONDENTS = 10


class Survey(models.Model):
    class Kind(models.TextChoices):
        TEMPERATURE_CHECK = "temperature_check", "Annual temperature check"
        RECRUITMENT_LEARNING = "recruitment_learning", "Recruitment learning"
        EVALUATION = "evaluation", "Development evaluation"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"
        PUBLISHED = "published", "Results published"

    class Audience(models.TextChoices):
        LEADERS = "leaders", "Leaders who have signed in"
        PUBLIC = "public", "Everyone (public)"

    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.TEMPERATURE_CHECK)
    year = models.PositiveSmallIntegerField(help_text="The year the survey ran, such as 2026.")
    title = models.CharField(max_length=200)
    introduction = models.TextField(
        blank=True, help_text="Shown to people on the first page of the survey."
    )
    opens_on = models.DateField(null=True, blank=True)
    closes_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    anonymity_statement = models.TextField(
        default=(
            "Your answers are anonymous. We record that you have responded, so that we do not "
            "send you reminders, but we do not store who gave which answers. Results for groups "
            "of fewer than 10 people are never shown."
        )
    )
    results_audience = models.CharField(
        "who can read the published results",
        max_length=20,
        choices=Audience.choices,
        default=Audience.LEADERS,
    )
    results_summary = models.TextField(
        blank=True, help_text="A short summary of what the results tell us, for the published page."
    )
    published_on = models.DateField(null=True, blank=True)
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["year"],
                condition=models.Q(kind="temperature_check"),
                name="one_temperature_check_a_year",
                violation_error_message="There is already a temperature check for this year.",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_editable(self):
        """Questions can change only before anyone can answer them."""
        return self.status == self.Status.DRAFT

    @property
    def is_trend_survey(self):
        return self.kind == self.Kind.TEMPERATURE_CHECK


class Section(models.Model):
    """A group of questions: one page for the respondent."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["survey", "order", "pk"]

    def __str__(self):
        return self.title


class QuestionKind(models.TextChoices):
    AGREE_4 = "agree_4", "Agreement (4 points)"
    AGREE_5 = "agree_5", "Agreement (5 points, with neither agree nor disagree)"
    IMPORTANCE_4 = "importance_4", "Importance (4 points)"
    YES_NO = "yes_no", "Yes or no"
    SINGLE_CHOICE = "single_choice", "Choose one"
    MULTIPLE_CHOICE = "multiple_choice", "Choose all that apply"
    FREE_TEXT = "free_text", "Free text"


class Sentiment(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEUTRAL = "neutral", "Neutral"
    NEGATIVE = "negative", "Negative"
    NONE = "", "None"


# Fixed answer scales, best first: (label, sentiment).
SCALES = {
    QuestionKind.AGREE_4: [
        ("Strongly agree", Sentiment.POSITIVE),
        ("Agree", Sentiment.POSITIVE),
        ("Disagree", Sentiment.NEGATIVE),
        ("Strongly disagree", Sentiment.NEGATIVE),
    ],
    QuestionKind.AGREE_5: [
        ("Strongly agree", Sentiment.POSITIVE),
        ("Agree", Sentiment.POSITIVE),
        ("Neither agree nor disagree", Sentiment.NEUTRAL),
        ("Disagree", Sentiment.NEGATIVE),
        ("Strongly disagree", Sentiment.NEGATIVE),
    ],
    QuestionKind.IMPORTANCE_4: [
        ("Very important", Sentiment.POSITIVE),
        ("Important", Sentiment.POSITIVE),
        ("Unimportant", Sentiment.NEGATIVE),
        ("Not at all important", Sentiment.NEGATIVE),
    ],
    QuestionKind.YES_NO: [("Yes", Sentiment.NONE), ("No", Sentiment.NONE)],
}
AGREEMENT_KINDS = (QuestionKind.AGREE_4, QuestionKind.AGREE_5)
# Questions with a "% favourable" figure.
SCALE_KINDS = (*AGREEMENT_KINDS, QuestionKind.IMPORTANCE_4)
CHOICE_KINDS = (*SCALES, QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE)


class AboutYou(models.TextChoices):
    """What an "about you" question records, for breaking results down."""

    NONE = "", "Not an about-you question"
    PROFESSIONAL_GROUP = "professional_group", "Professional group"
    PLACE = "place", "Place"
    ORGANISATION_TYPE = "organisation_type", "Type of organisation"
    OTHER = "other", "Other about-you question"


BREAKDOWN_KINDS = (AboutYou.PROFESSIONAL_GROUP, AboutYou.PLACE, AboutYou.ORGANISATION_TYPE)


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(
        max_length=60,
        help_text=(
            "A short name that stays the same every year, such as p1-communication, so results "
            "can be compared year on year. Lower-case letters, numbers and hyphens."
        ),
    )
    text = models.TextField("question or statement")
    number = models.CharField(
        "question number",
        max_length=10,
        blank=True,
        help_text="The number the survey gave it, such as 3 or 14a, if not its place in order.",
    )
    help_text = models.TextField("hint", blank=True)
    kind = models.CharField("type of answer", max_length=20, choices=QuestionKind.choices)
    required = models.BooleanField("an answer is needed", default=False)
    negatively_worded = models.BooleanField(
        default=False,
        help_text=(
            "Agreeing is unfavourable, as in “communication could be better”. Disagree and "
            "strongly disagree then count as favourable."
        ),
    )
    priority = models.ForeignKey(
        Priority,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="survey_questions",
        help_text="The priority this question tests, if any.",
    )
    about_you = models.CharField(
        "about-you question", max_length=30, choices=AboutYou.choices, blank=True
    )
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["section__order", "section_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "key"],
                name="question_key_unique_in_survey",
                violation_error_message="Another question in this survey has this key.",
            )
        ]

    def __str__(self):
        return self.text

    @property
    def has_options(self):
        return self.kind in CHOICE_KINDS

    @property
    def has_fixed_scale(self):
        return self.kind in SCALES

    @property
    def has_favourable(self):
        return self.kind in SCALE_KINDS

    @property
    def favourable_sentiment(self):
        return Sentiment.NEGATIVE if self.negatively_worded else Sentiment.POSITIVE


class QuestionOption(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(max_length=200)
    sentiment = models.CharField(max_length=10, choices=Sentiment.choices, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["question", "order", "pk"]

    def __str__(self):
        return self.label


class Recommendation(models.Model):
    """What the ICB will do about a priority (or the survey as a whole) in the light of results."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="recommendations")
    priority = models.ForeignKey(
        Priority, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["survey", "priority__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "priority"], name="one_recommendation_per_priority"
            ),
            models.UniqueConstraint(
                fields=["survey"],
                condition=models.Q(priority__isnull=True),
                name="one_overall_recommendation",
            ),
        ]

    def __str__(self):
        return f"Recommendation for {self.priority or 'the survey'}"


class Invitation(models.Model):
    """Who was asked to respond. Deliberately no history: a history row would record the
    moment ``responded`` changed."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField()
    # The day only, and no reminder date: reminders go to a survey's non-responders as one
    # batch, and a per-invitee reminder date would say who had not responded that day.
    sent_on = models.DateField("invitation emailed on", null=True, blank=True)
    responded = models.BooleanField(default=False)

    class Meta:
        ordering = ["survey", "email"]
        constraints = [
            models.UniqueConstraint(
                "survey",
                Lower("email"),
                name="one_invitation_per_email",
                violation_error_message="This person has already been invited.",
            )
        ]

    def __str__(self):
        return self.name or self.email


class InvitationToken(models.Model):
    """A personal link. Only the SHA-256 of the token is stored. A reminder adds a new link
    and the earlier one keeps working; whichever is used first uses up the invitation."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(max_length=64, unique=True)

    def __str__(self):
        return "Survey link"


class Response(models.Model):
    """One person's submitted answers. No link to an invitation or person, and no date: the
    survey round is the only time it carries."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    imported = models.BooleanField(default=False)

    class Meta:
        # Random ids: listing by id gives nothing away about the order of submission.
        ordering = ["id"]

    def __str__(self):
        return "Survey response"


class Answer(models.Model):
    """One answer: an option chosen (one row per option for choose-all-that-apply) or text."""

    class Moderation(models.TextChoices):
        PENDING = "pending", "Not yet checked"
        PUBLISH = "publish", "Publish"
        WITHHOLD = "withhold", "Do not publish"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    option = models.ForeignKey(
        QuestionOption, null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    text = models.TextField(blank=True)
    moderation = models.CharField(max_length=10, choices=Moderation.choices, blank=True, default="")
    published_text = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["question", "option"])]

    def __str__(self):
        return "Survey answer"


class SurveyReminder(models.Model):
    """One batch of reminders: sent to every invitee who had not responded that day. Kept per
    survey, so nothing says which invitees were reminded."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField()
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["survey", "sent_on"]

    def __str__(self):
        return f"Reminders sent on {self.sent_on}"


class ResponseMix(models.Model):
    """When a survey's responses were last re-written in random order, and how many there
    were then: the mix runs again once 10 more have arrived (or the survey has closed)."""

    survey = models.OneToOneField(Survey, on_delete=models.CASCADE, related_name="mix")
    responses = models.PositiveIntegerField(default=0)
    mixed_on = models.DateField(null=True, blank=True)

    def __str__(self):
        return "Response mix"


class SurveyJourney(models.Model):
    """A respondent's answers in progress, kept until they submit (then deleted) or for at
    most ``SURVEY_JOURNEY_DAYS`` days.

    The primary key is the SHA-256 of a random secret held only in the respondent's own
    cookie; it has nothing to do with the personal link. The link's token hash is stored
    sealed (XOR) with a pad derived from that secret, so the row names no invitation to anyone
    without the cookie. The day it started is the only time stored.
    """

    id = models.CharField(primary_key=True, max_length=64, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    sealed_link = models.CharField(max_length=64, editable=False)
    answers = models.JSONField(default=dict, blank=True)
    started_on = models.DateField()

    def __str__(self):
        return "Survey journey"
