"""Forms of the "you said, we did" pages: the dropdowns offer valid sources only."""

from django import forms

from actions.models import Action
from ccpl.forms import NhsForm
from ccpl.models import Priority

from . import yousaid_selectors as selectors
from .yousaid_models import YouSaid


class RecommendationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        about = obj.priority.short_title if obj.priority else "the survey as a whole"
        return f"{obj.survey.title} ({obj.survey.year}): {about}"


class SurveyChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.year})"


class DecisionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        meeting = obj.meeting
        return f"{meeting.forum.name}, {meeting.starts_at:%-d %B %Y}: {str(obj)}"


class ItemChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_kind_display()}: {obj.title[:80]}"


class ActionChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.plan.version}: {obj}"


class YouSaidForm(NhsForm):
    submit_label = "Save"

    source_kind = forms.ChoiceField(
        label="Where did it come from?", choices=YouSaid.Source.choices, widget=forms.RadioSelect
    )
    recommendation = RecommendationChoice(
        label="Which recommendation",
        queryset=selectors.recommendation_choices(),
        required=False,
        empty_label="Select a recommendation",
        help_text="Only if it came from a survey recommendation.",
    )
    survey = SurveyChoice(
        label="Which survey's comments",
        queryset=selectors.survey_choices(),
        required=False,
        empty_label="Select a survey",
        help_text="Only if it is a theme from a survey's comments.",
    )
    theme = forms.CharField(label="Theme of the comments", max_length=200, required=False)
    quote = forms.CharField(
        label="Quote (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
        help_text="Copy one of the survey's published comments exactly.",
    )
    decision = DecisionChoice(
        label="Which decision",
        queryset=selectors.decision_choices(),
        required=False,
        empty_label="Select a decision",
        help_text="Only if it came from a forum decision.",
    )
    practitioner_item = ItemChoice(
        label="Which practitioner-forum item",
        queryset=selectors.practitioner_item_choices(),
        required=False,
        empty_label="Select an item",
        help_text="Accepted items only. Its title and text are never shown on the public page.",
    )
    you_said = forms.CharField(
        label="You said",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="In the CCPL team's own words: this is what the public page shows.",
    )
    we_did = forms.CharField(
        label="We did",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    priority = forms.ModelChoiceField(
        label="Priority",
        queryset=Priority.objects.order_by("number"),
        required=False,
        empty_label="No priority",
    )
    actions = ActionChoice(
        label="Actions",
        queryset=Action.objects.select_related("plan").order_by("-plan__starts_on", "code"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="The actions that answer it: its status comes from theirs.",
    )
    is_public = forms.BooleanField(
        label="Show on the public page",
        required=False,
        help_text="Only the team's wording, the priority, the status and links to the public "
        "plan are shown.",
    )


class YouSaidFilterForm(NhsForm):
    submit_label = "Show entries"
    form_method = "get"
    mark_optional = False
    error_summary = False

    priority = forms.ModelChoiceField(
        label="Priority",
        queryset=Priority.objects.order_by("number"),
        required=False,
        empty_label="Any priority",
    )
    source_kind = forms.ChoiceField(
        label="Where it came from",
        choices=[("", "Any source"), *YouSaid.Source.choices],
        required=False,
    )
    public = forms.ChoiceField(
        label="Public",
        choices=[("", "Public or not"), ("yes", "Public"), ("no", "Not public")],
        required=False,
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "priority": data["priority"],
            "source_kind": data["source_kind"],
            "is_public": {"yes": True, "no": False}.get(data["public"]),
        }
