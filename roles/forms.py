"""Forms for roles. They validate input; views hand ``cleaned_data`` to ``roles.services``."""

from django import forms

from ccpl.forms import NhsForm, NhsModelForm
from ccpl.models import Person, ProfessionalGroup
from forums.models import Forum

from .models import (
    Appointment,
    DevelopmentRecord,
    JobDescription,
    LinkRole,
    RegisterReview,
    Role,
    RoleFunction,
    Seat,
)

# Shown as the starting text of a role's first job description.
DEFAULT_VALUES_AND_BEHAVIOURS = (
    "We put people and communities first.\n"
    "We work together across organisations and professions.\n"
    "We are open and honest, and listen to different views.\n"
    "We treat everyone with respect and value diversity.\n"
    "We keep learning and improving."
)
DECIMAL_HINT = "A number, such as 2 or 7.5."


def _people():
    return Person.objects.select_related("professional_group").order_by("family_name", "given_name")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        group = f" ({obj.professional_group})" if obj.professional_group_id else ""
        return f"{obj.family_name}, {obj.given_name}{group}"


class RoleFunctionForm(NhsModelForm):
    submit_label = "Save function"

    class Meta:
        model = RoleFunction
        fields = ["name", "short_name", "description", "order"]
        labels = {"short_name": "Short name", "order": "Position in lists"}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class RoleForm(NhsModelForm):
    submit_label = "Save role"

    class Meta:
        model = Role
        fields = [
            "title",
            "function",
            "level",
            "place",
            "summary",
            "eligible_groups",
            "sessional_time",
            "time_unit",
            "accountable_to",
            "term_months",
            "allows_job_share",
            "is_active",
        ]
        labels = {"function": "Function", "level": "Level", "is_active": "Active"}
        widgets = {
            "level": forms.RadioSelect,
            "time_unit": forms.RadioSelect,
            "accountable_to": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "eligible_groups": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["function"].empty_label = "Select a function"
        self.fields["place"].empty_label = "No Place (system level)"
        self.fields["eligible_groups"].queryset = ProfessionalGroup.objects.filter(parent=None)
        self.fields["sessional_time"].help_text = DECIMAL_HINT
        self.fields["is_active"].help_text = "Active roles are published in the role register."

    def clean(self):
        data = super().clean()
        level, place = data.get("level"), data.get("place")
        if level in (Role.Level.PLACE, Role.Level.NEIGHBOURHOOD) and place is None:
            self.add_error("place", "Select the Place this role covers")
        elif level == Role.Level.SYSTEM and place is not None:
            self.add_error("place", "A system role has no Place: select “No Place”")
        return data

    def _post_clean(self):
        # The rule above words the error better than the model constraint.
        if not self.errors:
            super()._post_clean()

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["eligible_groups"] = list(data["eligible_groups"])
        return data


class JobDescriptionForm(NhsModelForm):
    submit_label = "Add this version"

    class Meta:
        model = JobDescription
        fields = [
            "purpose",
            "responsibilities",
            "person_specification",
            "values_and_behaviours",
            "approved_by",
            "approved_on",
            "review_due_on",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "responsibilities": forms.Textarea(attrs={"rows": 6}),
            "person_specification": forms.Textarea(attrs={"rows": 5}),
            "values_and_behaviours": forms.Textarea(attrs={"rows": 5}),
        }
        labels = {"values_and_behaviours": "Integrated care system values and behaviours"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review_due_on"].required = False
        self.fields[
            "review_due_on"
        ].help_text = "At least once a year. Leave blank for a year after approval."

    def clean(self):
        data = super().clean()
        approved, review = data.get("approved_on"), data.get("review_due_on")
        if approved and review and review <= approved:
            self.add_error("review_due_on", "Review due must be after the date approved")
        return data

    def _post_clean(self):
        pass  # the service numbers the version and validates the model


class SeatForm(NhsModelForm):
    submit_label = "Add seat"

    class Meta:
        model = Seat
        fields = ["forum", "capacity"]
        labels = {"forum": "Forum or board", "capacity": "Sits there as"}
        widgets = {"capacity": forms.RadioSelect}

    def __init__(self, *args, role: Role, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forum"].queryset = Forum.objects.exclude(role_seats__role=role).order_by(
            "name"
        )
        self.fields["forum"].empty_label = "Select a forum or board"

    def _post_clean(self):
        pass  # the service validates with the role set


class AppointmentForm(NhsForm):
    submit_label = "Appoint"

    person = PersonChoiceField(
        queryset=Person.objects.none(), empty_label="Select a person", label="Person"
    )
    starts_on = forms.DateField(label="Start date")
    planned_end_on = forms.DateField(
        label="Planned end date",
        required=False,
        help_text="Leave blank to use the end of the role's usual term.",
    )
    funded_time = forms.DecimalField(
        label="Funded time",
        required=False,
        max_digits=5,
        decimal_places=2,
        min_value=0,
        help_text="Leave blank to use the role's funded time.",
    )
    protected_time = forms.DecimalField(
        label="Time actually protected",
        required=False,
        max_digits=5,
        decimal_places=2,
        min_value=0,
        help_text="The time their employer releases them for, if known.",
    )

    def __init__(self, *args, role: Role, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = _people()
        unit = role.get_time_unit_display()
        for name in ("funded_time", "protected_time"):
            self.fields[name].label = f"{self.fields[name].label} ({unit})"

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("planned_end_on")
        if start and end and end <= start:
            self.add_error("planned_end_on", "Planned end date must be after the start date")
        return data


class AppointmentEndForm(NhsModelForm):
    submit_label = "End appointment"

    class Meta:
        model = Appointment
        fields = ["ended_on", "leaving_reason", "leaving_notes", "exit_interview_on"]
        labels = {"ended_on": "Last day in the role"}
        widgets = {
            "leaving_reason": forms.RadioSelect,
            "leaving_notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "leaving_notes": "What they told us about why they are leaving, if they agree "
            "to it being recorded.",
            "exit_interview_on": "Leave blank if it has not happened yet.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].required = True
        self.fields["leaving_reason"].required = True
        self.fields["leaving_reason"].choices = Appointment.LeavingReason.choices

    def clean(self):
        data = super().clean()
        ended = data.get("ended_on")
        if ended and ended < self.instance.starts_on:
            self.add_error(
                "ended_on",
                f"Last day in the role must be on or after the start date, "
                f"{self.instance.starts_on:%-d %B %Y}",
            )
        return data

    def _post_clean(self):
        pass  # the service validates


class AppointmentUpdateForm(NhsModelForm):
    submit_label = "Save appointment"

    class Meta:
        model = Appointment
        fields = ["planned_end_on", "funded_time", "protected_time", "exit_interview_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        unit = self.instance.role.get_time_unit_display()
        for name in ("funded_time", "protected_time"):
            self.fields[name].label = f"{self.fields[name].label.capitalize()} ({unit})"

    def clean(self):
        data = super().clean()
        end = data.get("planned_end_on")
        if end and end <= self.instance.starts_on:
            self.add_error("planned_end_on", "Planned end date must be after the start date")
        return data

    def _post_clean(self):
        pass  # the service validates


class DevelopmentRecordForm(NhsModelForm):
    submit_label = "Save development record"

    class Meta:
        model = DevelopmentRecord
        fields = [
            "induction_completed_on",
            "objectives_set_on",
            "last_appraisal_on",
            "next_appraisal_due_on",
            "mentoring",
            "shadowing",
            "notes",
        ]
        widgets = {
            "mentoring": forms.RadioSelect,
            "shadowing": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"shadowing": "Shadowing"}

    def clean(self):
        data = super().clean()
        last, following = data.get("last_appraisal_on"), data.get("next_appraisal_due_on")
        if last and following and following <= last:
            self.add_error("next_appraisal_due_on", "Next appraisal must be after the last one")
        return data

    def _post_clean(self):
        pass  # the service validates


class LinkRoleForm(NhsModelForm):
    submit_label = "Save link role"

    class Meta:
        model = LinkRole
        fields = ["kind", "name", "job_title", "organisation", "email", "role", "programme"]
        labels = {"role": "Role they support", "email": "Email address"}
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = Role.objects.order_by("title")
        self.fields["role"].empty_label = "No role: a programme"
        self.fields["organisation"].empty_label = "Not given"

    def clean(self):
        data = super().clean()
        if not data.get("role") and not (data.get("programme") or "").strip():
            self.add_error("programme", "Choose the role they support, or enter the programme")
        return data

    def _post_clean(self):
        if not self.errors:
            super()._post_clean()


class RegisterReviewForm(NhsModelForm):
    submit_label = "Record review"

    class Meta:
        model = RegisterReview
        fields = ["reviewed_on", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}
