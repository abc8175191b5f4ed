"""Two-way communication with leaders (issue 17). This first part: each recipient's
preferences (topics, how often, unsubscribed), kept by e-mail address so that everyone who
receives an e-mail (a leader, a talent-pool member, a programme member) can manage them
from the link in it without signing in.
"""

from django.db import models
from django.db.models.functions import Lower
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
