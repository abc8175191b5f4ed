"""Forms of the assurance pages (the NHS.UK crispy pack through ``ccpl.forms``)."""

from django import forms
from django.utils import timezone

from ccpl import uploads
from ccpl.forms import NhsDateField, NhsForm

from . import selectors
from .models import Level

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


class AssessmentCreateForm(NhsForm):
    submit_label = "Start the self-assessment"

    year = forms.IntegerField(
        label="Year", min_value=2020, max_value=2100, help_text="For example, 2026"
    )
    as_of = NhsDateField(
        label="Assessment date",
        help_text="The indicators are worked out as they stood on this day. For example, 31 3 2027",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].error_messages["invalid"] = "Enter the year as a number, like 2026"
        self.fields["year"].error_messages["min_value"] = "Enter a year from 2020"
        self.fields["year"].error_messages["max_value"] = "Enter a year before 2100"


class EntryForm(NhsForm):
    submit_label = "Save"

    level = forms.TypedChoiceField(
        label="Maturity level", choices=Level.choices, coerce=int, widget=forms.RadioSelect
    )
    what_we_did = forms.CharField(
        label="What we did",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=5000,
    )
    what_we_heard = forms.CharField(
        label="What we heard",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=5000,
    )
    what_is_next = forms.CharField(
        label="What is next",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=5000,
    )
    internal_notes = forms.CharField(
        label="Internal notes",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        help_text="For the CCPL team and executives only: never published.",
    )

    def __init__(self, *args, descriptions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if descriptions:
            self.fields["level"].choices = [
                (value, f"{label}: {descriptions[value]}" if value in descriptions else label)
                for value, label in Level.choices
            ]


class EvidenceLinkForm(NhsForm):
    submit_label = "Add the evidence"

    target = forms.ChoiceField(label="What in CCPL Manager shows it")
    label = forms.CharField(
        label="What it shows",
        max_length=200,
        required=False,
        help_text="Leave blank to use its name.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", "Choose…"), *selectors.evidence_choices()]

    def clean_target(self):
        kind, _, pk = self.cleaned_data["target"].partition(":")
        if not (pk.isascii() and pk.isdigit() and len(pk) <= 9):
            raise forms.ValidationError("Choose something in CCPL Manager")
        return kind, int(pk)


class EvidenceDocumentForm(NhsForm):
    submit_label = "Upload the document"

    document = forms.FileField(
        label="Document",
        help_text=f"{uploads.DOCUMENTS_DESCRIBED}; up to 10 MB.",
    )
    label = forms.CharField(label="What it shows", max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].help_text += " " + uploads.scanning_notice()

    def clean_document(self):
        return uploads.check_upload(
            self.cleaned_data["document"],
            kinds=uploads.DOCUMENT_KINDS,
            max_bytes=MAX_EVIDENCE_BYTES,
            what="The document",
            described=uploads.DOCUMENTS_DESCRIBED,
        )


class ReviewForumForm(NhsForm):
    submit_label = "Send for review"

    forum = forms.ModelChoiceField(
        label="Which forum reviews it",
        queryset=None,
        help_text="Usually the Council.",
    )

    def __init__(self, *args, **kwargs):
        from forums.models import Forum

        super().__init__(*args, **kwargs)
        self.fields["forum"].queryset = Forum.objects.order_by("name")


class ReviewOutcomeForm(NhsForm):
    submit_label = "Record the review"

    reviewed_on = NhsDateField(label="Date of the review", help_text="For example, 27 3 2027")
    outcome = forms.CharField(
        label="What the forum said", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    changes_needed = forms.TypedChoiceField(
        label="Did the forum ask for changes?",
        choices=[("no", "No: ready for an executive to sign off"), ("yes", "Yes: back to draft")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("reviewed_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class LevelDescriptionForm(NhsForm):
    description = forms.CharField(label="Description", max_length=250)


class LocalWordingForm(NhsForm):
    local_wording = forms.CharField(
        label="Our words", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )
