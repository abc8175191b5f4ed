"""Two-way communication with leaders (issue 17). This first part: each recipient's
preferences (topics, how often, unsubscribed), kept by e-mail address so that everyone who
receives an e-mail (a leader, a talent-pool member, a programme member) can manage them
from the link in it without signing in.
"""

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Topic(models.TextChoices):
    NEWS = "news", "News and updates from the CCPL team"
    OPPORTUNITIES = "opportunities", "Leadership roles, development and other opportunities"
    EVENTS = "events", "Events, forums and ways to have your say"
    SURVEYS = "surveys", "Surveys and what we heard"


class Frequency(models.TextChoices):
    EACH = "each", "Every message when it is sent"
    WEEKLY = "weekly", "A weekly digest"


def all_topics() -> list[str]:
    return list(Topic.values)


class Preference(models.Model):
    """One recipient's choices. No row means the defaults: every topic, every message."""

    email = models.EmailField("email address")
    person = models.ForeignKey(
        "ccpl.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="communication_preferences",
    )
    topics = models.JSONField("topics you want to hear about", default=all_topics, blank=True)
    frequency = models.CharField(
        "how often", max_length=10, choices=Frequency.choices, default=Frequency.EACH
    )
    unsubscribed_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when the person unsubscribed from every e-mail."
    )
    changed_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="communication_preference_one_per_email",
                violation_error_message="These preferences already exist for this address.",
            )
        ]

    def __str__(self):
        return f"Preferences of {self.email}"

    @property
    def is_unsubscribed(self) -> bool:
        return self.unsubscribed_at is not None

    def wants(self, topic: str) -> bool:
        return not self.is_unsubscribed and topic in self.topics


class Bulletin(models.Model):
    """A message from the CCPL team to an audience: written, previewed, then sent now or at
    a set time. Its audience is kept as criteria and resolved when it is sent."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    title = models.CharField("subject", max_length=150)
    body = models.TextField(
        "message",
        max_length=20000,
        help_text=(
            "Plain text. Leave a blank line between paragraphs, start a line with a dash "
            "(-) for a bulleted list, and put **two stars** round words to make them bold. "
            "Web addresses become links."
        ),
    )
    topic = models.CharField(max_length=20, choices=Topic.choices, default=Topic.NEWS)
    audience = models.JSONField(default=dict, blank=True)
    audience_label = models.CharField(max_length=300, blank=True)
    is_public = models.BooleanField(
        "show it to the public too",
        default=False,
        help_text="Otherwise only signed-in leaders see it in the archive.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    send_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["status", "send_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("communications:bulletin_detail", args=[self.pk])


class Delivery(models.Model):
    """One bulletin to one address. Made once per address (the database refuses a second),
    and given its e-mail once: a retried delivery run sends nobody twice."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="deliveries")
    email = models.EmailField()
    name = models.CharField(max_length=200, blank=True)
    person = models.ForeignKey(
        "ccpl.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.ForeignKey(
        "ccpl.Email", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    weekly = models.BooleanField(default=False, help_text="Goes in the weekly digest.")
    skipped = models.BooleanField(
        default=False, help_text="Not sent: the person unsubscribed before it went."
    )
    done = models.BooleanField(default=False, help_text="Given its e-mail, or skipped.")
    forward = models.ForeignKey(
        "communications.Forward",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
        help_text="Set when the address was reached through a lead's network, not directly.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                "bulletin", Lower("email"), name="delivery_one_per_address_per_bulletin"
            )
        ]
        indexes = [
            models.Index(fields=["bulletin", "done"]),
            models.Index(fields=["weekly", "done"]),
        ]

    def __str__(self):
        return f"{self.bulletin} to {self.email}"


ATTACHMENT_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "txt", "csv"]
MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


def attachment_upload_to(instance, filename):
    return f"communications/attachments/{timezone.now():%Y/%m}/{filename}"


class BulletinAttachment(models.Model):
    """A file sent with a bulletin. Kept in private storage and served only by a view that
    asks whether the person may see the bulletin; e-mails link to it, never carry it."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField("file name", max_length=200)
    file = models.FileField(
        upload_to=attachment_upload_to,
        max_length=255,
        validators=[FileExtensionValidator(ATTACHMENT_EXTENSIONS)],
    )
    size = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("communications:attachment_download", args=[self.bulletin_id, self.pk])


from .cascade_models import Forward, Network, Subscriber  # noqa: E402, F401

# The practitioner forum's models live in their own module; imported here so Django sees them.
from .forum_models import (  # noqa: E402, F401
    PractitionerComment,
    PractitionerItem,
    PractitionerSupport,
)
