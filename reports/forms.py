"""Report request forms: each kind (``reports.kinds.KINDS``) names the one that asks only
what it needs; ``request_fields`` turns the answers into ``kinds.inputs_for`` arguments."""

from django import forms
from django.utils import timezone

from ccpl.forms import NhsDateField, NhsForm

from . import periods


class ReportForm(NhsForm):
    submit_label = "Make the report"
    # Why this report cannot be asked for yet (shown above the form), or "".
    unavailable = ""

    def request_fields(self) -> dict:
        """The cleaned answers as ``kinds.inputs_for`` arguments."""
        raise NotImplementedError


class YearReportForm(ReportForm):
    """The annual report and the diversity analysis: which financial year."""

    year = forms.ChoiceField(
        label="Which year?",
        help_text="NHS financial years run from 1 April to 31 March. For the year we are in, "
        "figures are as they stand today.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = periods.financial_years(timezone.localdate())
        self.fields["year"].choices = [(y.key, y.label) for y in years]
        self.fields["year"].initial = years[0].key

    def request_fields(self) -> dict:
        return {"year": self.cleaned_data["year"]}


class CouncilReportForm(ReportForm):
    plan = forms.ModelChoiceField(label="Which plan?", queryset=None, empty_label=None)
    on = NhsDateField(
        label="Report date",
        help_text="Progress as it stood on this day. For example, 22 11 2026.",
    )

    def __init__(self, *args, **kwargs):
        from actions.models import ActionPlan

        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = ActionPlan.objects.order_by("-starts_on", "-pk")
        self.fields["on"].initial = timezone.localdate()

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError("Report date must be today or in the past")
        return on

    def request_fields(self) -> dict:
        return {"plan_id": self.cleaned_data["plan"].pk, "on": self.cleaned_data["on"]}


class SurveyReportForm(ReportForm):
    survey = forms.ModelChoiceField(label="Which survey?", queryset=None, empty_label=None)

    def __init__(self, *args, **kwargs):
        from surveys.models import Survey

        super().__init__(*args, **kwargs)
        # Results of a survey still open (or never opened) are nobody's to see.
        self.fields["survey"].queryset = Survey.objects.exclude(
            status__in=[Survey.Status.DRAFT, Survey.Status.OPEN]
        ).order_by("-year", "title")

    def request_fields(self) -> dict:
        return {"survey_id": self.cleaned_data["survey"].pk}


NO_SIGNED_OFF_ASSESSMENT = (
    "There is no signed-off self-assessment yet. The board assurance pack reports on one: "
    "an executive signs off the year's self-assessment first."
)


class AssurancePackForm(ReportForm):
    """The board assurance pack: which signed-off self-assessment (never a draft)."""

    assessment = forms.ModelChoiceField(
        label="Which self-assessment?",
        help_text="Only signed-off self-assessments can go to the board.",
        queryset=None,
        empty_label=None,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        from assurance.models import Assessment

        super().__init__(*args, **kwargs)
        self.fields["assessment"].queryset = Assessment.objects.filter(
            status=Assessment.Status.SIGNED_OFF
        ).order_by("-year")
        if not self.fields["assessment"].queryset.exists():
            self.unavailable = NO_SIGNED_OFF_ASSESSMENT

    def clean(self):
        cleaned = super().clean()
        if self.unavailable:
            raise forms.ValidationError(self.unavailable)
        if not cleaned.get("assessment") and "assessment" not in self.errors:
            self.add_error("assessment", "Choose a signed-off self-assessment")
        return cleaned

    def request_fields(self) -> dict:
        return {"assessment_id": self.cleaned_data["assessment"].pk}
