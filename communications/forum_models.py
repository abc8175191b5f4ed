"""The virtual practitioner forum (issue 17), the "up" channel: signed-in leaders post
questions, ideas and concerns, optionally anonymously; others comment and support; the CCPL
team moderates and routes each item to a forum's agenda, an answer or an action.

Anonymity: an anonymous item or comment keeps its author (the CCPL team's moderators must
be able to act on a concern, and the author sees their own), but nothing shows the author
to anyone else. Every page reads the author through ``forum_selectors.author_label``; no
model here is in the Django admin, and communications is not among the apps whose change
history staff can browse (``ccpl.selectors.AUDITED_APPS``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


class PractitionerItem(models.Model):
    class Kind(models.TextChoices):
        QUESTION = "question", "Question"
        IDEA = "idea", "Idea"
        CONCERN = "concern", "Concern"

    class Moderation(models.TextChoices):
        PENDING = "pending", "Waiting for moderation"
        ACCEPTED = "accepted", "Accepted"
        HIDDEN = "hidden", "Hidden by moderators"
        MERGED = "merged", "Merged into another item"

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        CONSIDERED = "considered", "Considered at a forum"
        ANSWERED = "answered", "Answered"
        ACTED_ON = "acted_on", "Acted on"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.QUESTION)
    title = models.CharField("title", max_length=150)
    body = models.TextField(
        "your question, idea or concern",
        max_length=5000,
        help_text="Plain text. Leave a blank line between paragraphs.",
    )
    author = models.ForeignKey(
        "ccpl.Person", on_delete=models.PROTECT, related_name="practitioner_items"
    )
    anonymous = models.BooleanField(default=False)
    priority = models.ForeignKey(
        "ccpl.Priority",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="practitioner_items",
    )
    place = models.ForeignKey(
        "ccpl.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="practitioner_items",
    )
    moderation = models.CharField(
        max_length=20, choices=Moderation.choices, default=Moderation.PENDING
    )
    hidden_reason = models.CharField(max_length=300, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_items"
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    forum = models.ForeignKey(
        "forums.Forum",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="practitioner_items",
    )
    meeting = models.ForeignKey(
        "forums.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practitioner_items",
    )
    considered_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(max_length=5000, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    decision = models.ForeignKey(
        "forums.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="practitioner_items",
    )
    action = models.ForeignKey(
        "actions.Action",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="practitioner_items",
    )
    acted_on_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["moderation", "status"]),
            models.Index(fields=["created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(moderation="merged", merged_into__isnull=False)
                | (~Q(moderation="merged") & Q(merged_into__isnull=True)),
                name="practitioner_item_merged_has_target",
            ),
            models.CheckConstraint(
                condition=~Q(status="acted_on")
                | Q(decision__isnull=False)
                | Q(action__isnull=False),
                name="practitioner_item_acted_on_is_linked",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("communications:forum_item", args=[self.pk])


class PractitionerComment(models.Model):
    item = models.ForeignKey(PractitionerItem, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        "ccpl.Person", on_delete=models.PROTECT, related_name="practitioner_comments"
    )
    anonymous = models.BooleanField(default=False)
    body = models.TextField("comment", max_length=3000)
    hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Comment on {self.item}"


class PractitionerSupport(models.Model):
    """One person's support for an item: one per person (pressing again withdraws it)."""

    item = models.ForeignKey(PractitionerItem, on_delete=models.CASCADE, related_name="supports")
    person = models.ForeignKey(
        "ccpl.Person", on_delete=models.CASCADE, related_name="practitioner_supports"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["item", "person"], name="practitioner_support_once_per_person"
            )
        ]

    def __str__(self):
        return f"Support for {self.item}"
