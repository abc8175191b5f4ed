"""You said, we did (issue 18): what leaders said, linked to what the ICB did about it.

An entry has exactly one source, of one kind: a survey recommendation, a theme from a
survey's moderated comments (with, optionally, a quote copied from one of its *published*
comments: never a reference to an answer, whose ids change when responses are mixed), a
forum decision, or an accepted practitioner-forum item. The CCPL team writes "You said" and
"We did" in its own words; only those words, the priority, the status (derived from the
linked actions) and links to public pages ever reach the public page.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class YouSaid(models.Model):
    class Source(models.TextChoices):
        RECOMMENDATION = "recommendation", "Survey recommendation"
        COMMENT_THEME = "comment_theme", "Theme from survey comments"
        DECISION = "decision", "Forum decision"
        PRACTITIONER_ITEM = "practitioner_item", "Practitioner-forum item"

    source_kind = models.CharField("where it came from", max_length=20, choices=Source.choices)
    recommendation = models.ForeignKey(
        "surveys.Recommendation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    survey = models.ForeignKey(
        "surveys.Survey",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="For a theme from survey comments: the survey.",
    )
    theme = models.CharField(
        max_length=200, blank=True, help_text="The theme of the comments, in the team's words."
    )
    quote = models.TextField(
        blank=True, help_text="A copy of one of the survey's published comments."
    )
    decision = models.ForeignKey(
        "forums.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    practitioner_item = models.ForeignKey(
        "communications.PractitionerItem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    you_said = models.TextField("you said")
    we_did = models.TextField("we did", blank=True)
    priority = models.ForeignKey(
        "ccpl.Priority", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actions = models.ManyToManyField("actions.Action", blank=True, related_name="+")
    is_public = models.BooleanField("show on the public page", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[actions])

    class Meta:
        ordering = ["priority__number", "-created_at", "-pk"]
        verbose_name = "you said, we did entry"
        verbose_name_plural = "you said, we did entries"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        source_kind="recommendation",
                        recommendation__isnull=False,
                        survey__isnull=True,
                        decision__isnull=True,
                        practitioner_item__isnull=True,
                    )
                    | Q(
                        source_kind="comment_theme",
                        recommendation__isnull=True,
                        survey__isnull=False,
                        decision__isnull=True,
                        practitioner_item__isnull=True,
                    )
                    | Q(
                        source_kind="decision",
                        recommendation__isnull=True,
                        survey__isnull=True,
                        decision__isnull=False,
                        practitioner_item__isnull=True,
                    )
                    | Q(
                        source_kind="practitioner_item",
                        recommendation__isnull=True,
                        survey__isnull=True,
                        decision__isnull=True,
                        practitioner_item__isnull=False,
                    )
                ),
                name="assurance_yousaid_one_source_of_its_kind",
                violation_error_message="Choose exactly one source, of the kind chosen.",
            )
        ]

    def __str__(self):
        return self.you_said[:80]
