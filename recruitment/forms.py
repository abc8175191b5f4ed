import re
import uuid

from django import forms

from ccpl import uploads
from ccpl.forms import EqualityProfileForm, NhsForm, NhsModelForm
from ccpl.models import ProfessionalGroup
from ccpl.selectors import user_name
from roles.models import Role

from .models import Application, Campaign, ExitInterview, RequestToRecruit, TalentPoolMember

MAX_CV_BYTES = 5 * 1024 * 1024
MAX_CV_NAME = 100
CV_KINDS = (uploads.PDF, uploads.DOCX)
SAFE_NAME = re.compile(r"^[\w\-. ()']+$")


def validate_cv(upload):
    """A PDF or Word (.docx) file by content, up to 5 MB, with a plain name, no active
    content and clean by the virus check (ccpl.uploads)."""
    name = upload.name or ""
    if len(name) > MAX_CV_NAME:
        raise forms.ValidationError(f"The CV file name must be {MAX_CV_NAME} characters or fewer")
    if not SAFE_NAME.match(name) or name.startswith("."):
        raise forms.ValidationError(
            "The CV file name can only use letters, numbers, spaces, hyphens, brackets and "
            "full stops"
        )
    return uploads.check_upload(upload, kinds=CV_KINDS, max_bytes=MAX_CV_BYTES, what="The CV")


class RequestToRecruitForm(NhsModelForm):
    submit_label = "Send for approval"

    class Meta:
        model = RequestToRecruit
        fields = ["role", "reason", "proposed_funding", "proposed_sessions"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = Role.objects.active().order_by("title")


class DecisionForm(NhsForm):
    submit_label = "Record decision"

    decision = forms.ChoiceField(
        label="Do you approve recruitment to this role?",
        choices=[("approve", "Approve"), ("decline", "Decline")],
        widget=forms.RadioSelect,
    )
    decision_reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed if you decline.",
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not data.get("decision_reason", "").strip():
            self.add_error("decision_reason", "Enter why the request is declined")
        return data


class CampaignForm(NhsModelForm):
    submit_label = "Publish advert"

    nhs_jobs_url = forms.URLField(
        label="NHS Jobs link", max_length=500, required=False, assume_scheme="https"
    )

    class Meta:
        model = Campaign
        fields = [
            "opens_on",
            "closes_on",
            "how_to_apply",
            "nhs_jobs_reference",
            "nhs_jobs_url",
            "on_ics_website",
            "other_platforms",
            "communicated_to",
            "panel",
        ]
        widgets = {
            "communicated_to": forms.CheckboxSelectMultiple,
            "panel": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        from django.contrib.auth import get_user_model

        from ccpl.rules import RECRUITMENT_PANEL

        super().__init__(*args, **kwargs)
        self.fields["communicated_to"].queryset = ProfessionalGroup.objects.filter(
            parent__isnull=True
        )
        self.fields["panel"].queryset = (
            get_user_model()
            .objects.filter(groups__name=RECRUITMENT_PANEL, is_active=True)
            .select_related("person")
        )
        self.fields["panel"].label_from_instance = user_name

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", "The closing date must be on or after the opening date")
        return data

    def _post_clean(self):
        # The campaign is created by the service, not by saving this form.
        pass


class ApplicationForm(NhsModelForm):
    submit_label = "Send application"

    class Meta:
        model = Application
        fields = [
            "given_name",
            "family_name",
            "email",
            "phone",
            "professional_group",
            "organisation",
            "supporting_statement",
            "cv",
            "consent",
            "submission_key",
        ]
        labels = {
            "supporting_statement": "Supporting statement",
            "consent": "I agree that the ICB may use my application to recruit to this role",
        }
        help_texts = {
            "supporting_statement": "Say how you meet each point of the person specification.",
            "cv": "A PDF or Word (.docx) file, up to 5 MB.",
        }
        widgets = {
            "supporting_statement": forms.Textarea(attrs={"rows": 10}),
            "submission_key": forms.HiddenInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A new one-time key each time the empty form is shown: a double click or a browser
        # retry sends the same key, and the service stores the application once.
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())
        self.fields["supporting_statement"].max_length = 10000
        self.fields["cv"].help_text += " " + uploads.scanning_notice()
        self.fields["consent"].required = True
        self.fields["consent"].error_messages["required"] = (
            "Confirm that we may use your application"
        )
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["given_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["family_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["professional_group"].queryset = ProfessionalGroup.objects.select_related(
            "parent"
        )

    def clean_supporting_statement(self):
        text = self.cleaned_data["supporting_statement"]
        if len(text) > 10000:
            raise forms.ValidationError("Supporting statement must be 10,000 characters or fewer")
        return text

    def clean_cv(self):
        return validate_cv(self.cleaned_data["cv"])

    def _post_clean(self):
        # The application is created by the service, not by saving this form.
        pass


class ApplicantEqualityForm(EqualityProfileForm):
    """The core's equality form, asked once at the end of applying."""

    submit_label = "Send answers"


class StageForm(NhsForm):
    submit_label = "Move"

    stage = forms.ChoiceField(
        label="Stage",
        choices=[c for c in Application.Stage.choices if c[0] != Application.Stage.APPOINTED],
    )


class AppointForm(NhsForm):
    submit_label = "Appoint"

    starts_on = forms.DateField(label="Start date")


class ScoreForm(NhsForm):
    submit_label = "Save score"

    score = forms.TypedChoiceField(
        label="Score",
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 6)],
        widget=forms.RadioSelect,
        help_text="1 does not meet the person specification; 5 meets it fully.",
    )
    notes = forms.CharField(
        label="Notes", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class TalentPoolForm(NhsModelForm):
    submit_label = "Join the talent pool"

    class Meta:
        model = TalentPoolMember
        fields = [
            "given_name",
            "family_name",
            "email",
            "professional_group",
            "place",
            "interests",
            "wants_shadowing",
            "wants_mentoring",
            "consent",
        ]
        labels = {
            "consent": "I agree that the ICB may keep my details and email me about roles",
            "place": "Place you would like to lead in",
        }
        widgets = {"interests": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].required = True
        self.fields["consent"].error_messages["required"] = (
            "Confirm that we may contact you about roles"
        )
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def _post_clean(self):
        # Joining again with the same email updates the member: the service decides.
        pass


class ExitInterviewForm(NhsForm):
    submit_label = "Save exit interview"

    held_on = forms.DateField(label="Date of the exit interview")
    reason = forms.CharField(
        label="Why are they leaving?", max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    what_would_have_kept = forms.CharField(
        label="What would have kept them in the role?",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    development_received = forms.CharField(
        label="What development did they receive?",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, induction, coaching, a leadership course.",
    )
    themes = forms.MultipleChoiceField(
        label="Themes",
        required=False,
        choices=ExitInterview.Theme.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. Themes are counted across exit interviews.",
    )
