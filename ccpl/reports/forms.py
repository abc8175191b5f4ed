"""Report request forms: one per kind, asking only what that kind needs."""

from django import forms
from django.utils import timezone

from ccpl.forms import NhsDateField, NhsForm

from . import periods


class YearReportForm(NhsForm):
    """The annual report and the diversity analysis: which financial year."""

    submit_label = "Make the report"

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


class CouncilReportForm(NhsForm):
    submit_label = "Make the report"

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


class SurveyReportForm(NhsForm):
    submit_label = "Make the report"

    survey = forms.ModelChoiceField(label="Which survey?", queryset=None, empty_label=None)

    def __init__(self, *args, **kwargs):
        from surveys.models import Survey

        super().__init__(*args, **kwargs)
        # Results of a survey still open (or never opened) are nobody's to see.
        self.fields["survey"].queryset = Survey.objects.exclude(
            status__in=[Survey.Status.DRAFT, Survey.Status.OPEN]
        ).order_by("-year", "title")


FORMS = {
    "annual_report": YearReportForm,
    "diversity_analysis": YearReportForm,
    "council_report": CouncilReportForm,
    "survey_results": SurveyReportForm,
}


def request_fields(kind: str, cleaned_data: dict) -> dict:
    """The form's answers as ``kinds.inputs_for`` arguments."""
    if kind == "council_report":
        return {"plan_id": cleaned_data["plan"].pk, "on": cleaned_data["on"]}
    if kind == "survey_results":
        return {"survey_id": cleaned_data["survey"].pk}
    return {"year": cleaned_data["year"]}
