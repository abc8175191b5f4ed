"""Forms for cohort applications: the public form, the shorter form for a signed-in leader
(prefilled from their record), and the CCPL team's decision. The equality questions that
follow applying are the job application's own form (``recruitment.forms``)."""

import uuid

from django import forms

from ccpl.forms import NhsForm, NhsModelForm
from ccpl.models import ProfessionalGroup
from recruitment.forms import ApplicantEqualityForm

from .application_services import WHY_MAX_LENGTH
from .models import CohortApplication, Offer

__all__ = [
    "ApplicantEqualityForm",
    "DecisionForm",
    "LeaderApplicationForm",
    "PublicApplicationForm",
]


class PublicApplicationForm(NhsModelForm):
    """Anyone may apply (as they may for a vacancy), with their name and contact details."""

    submit_label = "Send application"

    class Meta:
        model = CohortApplication
        fields = [
            "given_name",
            "family_name",
            "email",
            "professional_group",
            "organisation",
            "sector",
            "why",
            "consent",
            "submission_key",
        ]
        labels = {
            "professional_group": "Your profession",
            "sector": "Which sector do you work in?",
            "why": "Why do you want to join?",
            "consent": "I agree that the ICB may use my application to choose who takes part",
        }
        help_texts = {
            "why": "What you hope to get from it, and what you would bring to the group.",
        }
        widgets = {
            "why": forms.Textarea(attrs={"rows": 6}),
            "sector": forms.RadioSelect,
            "submission_key": forms.HiddenInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A new one-time key each time the empty form is shown: a double click or a browser
        # retry sends the same key, and the service stores the application once.
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())
        self.fields["why"].max_length = WHY_MAX_LENGTH
        self.fields["sector"].choices = Offer.Sector.choices
        self.fields["consent"].required = True
        self.fields["consent"].error_messages["required"] = (
            "Confirm that we may use your application"
        )
        self.fields["professional_group"].queryset = ProfessionalGroup.objects.select_related(
            "parent"
        )
        for name, autocomplete in (
            ("given_name", "given-name"),
            ("family_name", "family-name"),
            ("email", "email"),
            ("organisation", "organization"),
        ):
            if name in self.fields:
                self.fields[name].widget.attrs["autocomplete"] = autocomplete

    def clean_why(self):
        text = self.cleaned_data["why"]
        if len(text) > WHY_MAX_LENGTH:
            raise forms.ValidationError(
                f"Why you want to join must be {WHY_MAX_LENGTH:,} characters or fewer"
            )
        return text

    def _post_clean(self):
        # The application is created by the service, not by saving this form.
        pass


class LeaderApplicationForm(PublicApplicationForm):
    """A signed-in leader applies as themself: their name and e-mail address come from their
    record, and their profession and organisation are filled in from it."""

    class Meta(PublicApplicationForm.Meta):
        fields = [
            "professional_group",
            "organisation",
            "sector",
            "why",
            "consent",
            "submission_key",
        ]

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("professional_group", person.professional_group_id)
            if person.organisation_id:
                self.initial.setdefault("organisation", person.organisation.name)


class DecisionForm(NhsForm):
    submit_label = "Record decision"

    status = forms.ChoiceField(
        label="Does the applicant have a place?",
        choices=[
            (CohortApplication.Status.SELECTED, "Yes, selected"),
            (CohortApplication.Status.NOT_SELECTED, "No, not selected"),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Reason for the decision",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Kept with the application for the CCPL team. It is not sent to the applicant.",
    )
