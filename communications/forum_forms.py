"""Forms of the practitioner forum: posting, commenting, the list's filters, and the
moderators' forms."""

from django import forms
from django.utils import timezone

from actions.models import Action, ActionPlan
from ccpl.forms import NhsForm
from ccpl.models import Place, Priority
from forums.models import Decision, Forum, Meeting

from .forum_models import PractitionerItem
from .forum_selectors import WHO_SEES_THE_AUTHOR

Item = PractitionerItem


class ItemForm(NhsForm):
    submit_label = "Post it"

    kind = forms.ChoiceField(
        label="What are you posting?", choices=Item.Kind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label="Title", max_length=150, help_text="A short summary.")
    body = forms.CharField(
        label="Your question, idea or concern",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Plain text. Leave a blank line between paragraphs. Do not name patients.",
    )
    priority = forms.ModelChoiceField(
        label="CCPL priority",
        queryset=Priority.objects.order_by("number"),
        required=False,
        empty_label="None in particular",
    )
    place = forms.ModelChoiceField(
        label="Place",
        queryset=Place.objects.order_by("name"),
        required=False,
        empty_label="The whole system",
    )
    anonymous = forms.BooleanField(
        label="Post it anonymously", required=False, help_text=WHO_SEES_THE_AUTHOR
    )


class CommentForm(NhsForm):
    submit_label = "Add your comment"

    body = forms.CharField(
        label="Your comment", max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )
    anonymous = forms.BooleanField(
        label="Comment anonymously", required=False, help_text=WHO_SEES_THE_AUTHOR
    )


class ForumFilterForm(NhsForm):
    submit_label = "Show items"
    form_method = "get"
    mark_optional = False
    error_summary = False

    q = forms.CharField(label="Search titles and text", max_length=100, required=False)
    kind = forms.ChoiceField(
        label="Kind", choices=[("", "Any kind"), *Item.Kind.choices], required=False
    )
    status = forms.ChoiceField(
        label="Status", choices=[("", "Any status"), *Item.Status.choices], required=False
    )
    priority = forms.ModelChoiceField(
        label="Priority",
        queryset=Priority.objects.order_by("number"),
        required=False,
        empty_label="Any priority",
    )
    place = forms.ModelChoiceField(
        label="Place",
        queryset=Place.objects.order_by("name"),
        required=False,
        empty_label="Any Place",
    )
    sort = forms.ChoiceField(
        label="Sort by",
        choices=[("newest", "Newest first"), ("supported", "Most supported first")],
        required=False,
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "search": data["q"].strip(),
            "kind": data["kind"],
            "status": data["status"],
            "priority": data["priority"],
            "place": data["place"],
            "sort": data["sort"] or "newest",
        }


class HideForm(NhsForm):
    submit_label = "Hide it"

    reason = forms.CharField(
        label="Why is it hidden?",
        max_length=300,
        help_text="The author sees this reason. Nobody else sees the item.",
    )


class MergeForm(NhsForm):
    submit_label = "Merge it"

    into = forms.ModelChoiceField(
        label="Merge it into",
        queryset=Item.objects.none(),
        help_text="Its comments and supports move to the item you choose.",
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = targets


class RouteForm(NhsForm):
    submit_label = "Put it on the agenda"

    forum = forms.ModelChoiceField(label="Forum", queryset=Forum.objects.order_by("name"))
    meeting = forms.ModelChoiceField(
        label="Meeting",
        queryset=Meeting.objects.none(),
        required=False,
        help_text="An upcoming meeting of that forum, if you know which.",
        empty_label="No meeting chosen yet",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.upcoming(timezone.now()).select_related(
            "forum"
        )


class AnswerForm(NhsForm):
    submit_label = "Record the answer"

    answer = forms.CharField(
        label="Answer",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Every leader reads it. The author is told by e-mail.",
    )


class ActForm(NhsForm):
    """The decision or action an item led to: decisions of the forum it was routed to (or
    of the past year's meetings) and actions of the active plan, so the lists stay short."""

    submit_label = "Record what was done"

    decision = forms.ModelChoiceField(
        label="Decision",
        queryset=Decision.objects.none(),
        required=False,
        empty_label="No decision",
    )
    action = forms.ModelChoiceField(
        label="Action", queryset=Action.objects.none(), required=False, empty_label="No action"
    )
    answer = forms.CharField(
        label="What was done",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        decisions = Decision.objects.select_related("meeting__forum").order_by(
            "-meeting__starts_at", "pk"
        )
        if item.forum_id:
            decisions = decisions.filter(meeting__forum_id=item.forum_id)
        else:
            decisions = decisions.filter(
                meeting__starts_at__gte=timezone.now() - timezone.timedelta(days=365)
            )
        self.fields["decision"].queryset = decisions
        self.fields["action"].queryset = Action.objects.filter(
            plan__status=ActionPlan.Status.ACTIVE
        ).order_by("priority__number", "code_sort", "pk")

    def clean(self):
        data = super().clean()
        if not data.get("decision") and not data.get("action"):
            raise forms.ValidationError("Choose the decision or the action this item led to")
        return data


class CommentHideForm(HideForm):
    submit_label = "Hide the comment"
