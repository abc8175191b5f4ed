"""Forms for the action plan pages. They check input; ``actions.services`` does the writing."""

from django import forms
from django.utils import timezone

from ccpl import uploads
from ccpl.forms import NhsDateField, NhsForm
from ccpl.models import Priority
from forums.models import Forum
from roles.models import Role

from .models import (
    Action,
    Band,
    Executive,
    ProgressStatus,
)

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
DOCUMENT_KINDS = uploads.DOCUMENT_KINDS
MAX_IMPORT_BYTES = 1_000_000


def _forums():
    return Forum.objects.order_by("name")


class ActionPlanForm(NhsForm):
    submit_label = "Save plan"

    title = forms.CharField(label="Title", max_length=200)
    version = forms.CharField(
        label="Version or year", max_length=40, help_text="For example, 2026 to 2027."
    )
    starts_on = NhsDateField(
        label="Start date",
        help_text="Action dates are worked out from this date. For example, 1 4 2026.",
    )
    overseeing_forum = forms.ModelChoiceField(
        label="Forum that oversees the plan",
        queryset=Forum.objects.none(),
        required=False,
        empty_label="None",
        help_text="It receives regular progress reports.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["overseeing_forum"].queryset = _forums()


class PlanImportForm(ActionPlanForm):
    submit_label = "Import plan"

    file = forms.FileField(
        label="CSV file",
        help_text="A header row, then one action a line. Up to 1 MB.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("The CSV file must be smaller than 1 MB")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError("The CSV file must be saved as UTF-8") from error


class PlanRefreshForm(NhsForm):
    submit_label = "Create next year's plan"

    title = forms.CharField(label="Title of the new plan", max_length=200)
    version = forms.CharField(
        label="Version or year", max_length=40, help_text="For example, 2027 to 2028."
    )
    starts_on = NhsDateField(label="Start date of the new plan", help_text="For example, 1 4 2027.")


class PlanApproveForm(NhsForm):
    submit_label = "Approve plan"

    approved_on = NhsDateField(label="Date approved", help_text="For example, 15 3 2026.")
    approved_by = forms.CharField(
        label="Approved by",
        max_length=200,
        help_text="The forum or person that approved the plan.",
    )


class ActionForm(NhsForm):
    submit_label = "Save action"

    code = forms.CharField(label="Code", max_length=10, help_text="For example, 2.3.")
    priority = forms.ModelChoiceField(
        label="Priority", queryset=Priority.objects.none(), empty_label="Select a priority"
    )
    title = forms.CharField(
        label="Short name",
        max_length=200,
        required=False,
        help_text="Used in lists. Leave blank to use the start of the action.",
    )
    text = forms.CharField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="As the plan states it.",
    )
    band = forms.ChoiceField(label="Timeframe", choices=Band.choices, widget=forms.RadioSelect)
    owner = forms.CharField(
        label="Owner",
        max_length=200,
        help_text="As the plan states it, for example CMO / CNO.",
    )
    owner_executive = forms.ChoiceField(
        label="Executive owner",
        choices=[("", "None"), *Executive.choices],
        required=False,
    )
    owner_forum = forms.ModelChoiceField(
        label="Forum that owns the action",
        queryset=Forum.objects.none(),
        required=False,
        empty_label="None",
    )
    owner_role = forms.ModelChoiceField(
        label="Leadership role that owns the action",
        queryset=Role.objects.none(),
        required=False,
        empty_label="None",
    )
    overseeing_forum = forms.ModelChoiceField(
        label="Forum that oversees the action",
        queryset=Forum.objects.none(),
        required=False,
        empty_label="The plan's",
    )
    depends_on = forms.ModelMultipleChoiceField(
        label="Depends on",
        queryset=Action.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Actions that must be complete before this one can be.",
    )
    starts_on = NhsDateField(
        label="Start date",
        required=False,
        help_text="Leave blank to use the start of the timeframe.",
    )
    due_on = NhsDateField(
        label="Due date",
        required=False,
        help_text="Leave blank to use the end of the timeframe.",
    )
    date_override_reason = forms.CharField(
        label="Reason for changing the dates",
        max_length=300,
        required=False,
        help_text="Needed when the dates differ from the timeframe's.",
    )

    def __init__(self, *args, other_actions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = Priority.objects.order_by("number")
        self.fields["owner_forum"].queryset = _forums()
        self.fields["owner_role"].queryset = Role.objects.filter(is_active=True).order_by("title")
        self.fields["overseeing_forum"].queryset = _forums()
        if other_actions is None:
            del self.fields["depends_on"]
        else:
            self.fields["depends_on"].queryset = other_actions
            self.fields["depends_on"].label_from_instance = lambda a: f"{a.code} {a.display_title}"


class ProgressUpdateForm(NhsForm):
    submit_label = "Save update"

    status = forms.ChoiceField(
        label="How is the action going?",
        choices=ProgressStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the action is going"},
    )
    on = NhsDateField(label="Date of update", help_text="For example, 22 11 2026.")
    narrative = forms.CharField(
        label="What progress has been made?",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Say what has happened since the last update and what happens next.",
        error_messages={"required": "Enter the progress made"},
    )
    evidence_url = forms.URLField(
        label="Link to evidence",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="For example, a web page or a document on SharePoint.",
    )
    evidence_file = forms.FileField(
        label="Evidence file",
        required=False,
        help_text="A PDF, Word, Excel, PowerPoint, OpenDocument or text file, up to 10 MB.",
    )
    is_public = forms.BooleanField(
        label="Publish this update on the public plan page",
        required=False,
        help_text="Anyone can read a published update. Leave this unticked for an internal "
        "note: do not publish names or anything confidential.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["evidence_file"].help_text += " " + uploads.scanning_notice()
        self.fields["evidence_url"].error_messages["invalid"] = (
            "Enter a link to evidence that starts with https://"
        )

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if not upload:
            return upload
        return uploads.check_upload(
            upload,
            kinds=DOCUMENT_KINDS,
            max_bytes=MAX_EVIDENCE_BYTES,
            what="The evidence file",
            described=uploads.DOCUMENTS_DESCRIBED,
        )


class CouncilReportDateForm(NhsForm):
    """The date a Council progress report is for (GET)."""

    form_method = "get"
    submit_label = "Show report"
    mark_optional = False

    on = NhsDateField(
        label="Report date",
        required=False,
        help_text="Progress as it stood on this day. For example, 22 11 2026.",
    )

    def clean_on(self):
        on = self.cleaned_data.get("on")
        if on and on > timezone.localdate():
            raise forms.ValidationError("The report date must be today or in the past")
        return on
