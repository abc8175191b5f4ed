"""Forms for running a cohort: a session, its register, a participant's completion, and a
project in the project lab."""

from django import forms

from actions import selectors as action_selectors
from actions.models import Action
from ccpl.forms import NhsDateField, NhsForm, NhsModelForm
from ccpl.layout import Field, Layout
from ccpl.models import Place

from .models import Attendance, CohortProject, CohortSession, Completion


class SessionForm(NhsModelForm):
    submit_label = "Save session"

    class Meta:
        model = CohortSession
        fields = ["title", "held_on", "venue", "online"]
        labels = {"online": "People can join online"}
        help_texts = {"online": ""}


class RegisterForm(NhsForm):
    """One choice per participant: present, sent apologies or absent."""

    submit_label = "Save attendance"

    def __init__(self, *args, participants, marks, **kwargs):
        super().__init__(*args, **kwargs)
        self.participants = participants
        for application in participants:
            name = f"p{application.pk}"
            self.fields[name] = forms.ChoiceField(
                label=application.full_name,
                choices=Attendance.Status.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Select whether {application.full_name} was present, sent "
                    "apologies or was absent"
                },
            )
            if application.pk in marks:
                self.initial[name] = marks[application.pk]
        self.helper.layout = Layout(
            *(Field(name, inline=True, label_size="s") for name in self.fields)
        )

    def marks(self) -> dict[int, str]:
        return {
            application.pk: self.cleaned_data[f"p{application.pk}"]
            for application in self.participants
        }


class CompletionForm(NhsForm):
    submit_label = "Save completion"

    outcome = forms.ChoiceField(
        label="Did they complete the cohort?",
        choices=[
            (Completion.Outcome.COMPLETED, "Yes, completed"),
            (Completion.Outcome.DID_NOT_COMPLETE, "No, did not complete"),
        ],
        widget=forms.RadioSelect,
    )
    completed_on = NhsDateField(
        label="Date",
        help_text="The day they completed, or the day they left. For example, 27 3 2027.",
    )
    reason = forms.CharField(
        label="Why they did not complete",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only when they did not complete. The leader sees this on their profile.",
    )


class ProjectForm(NhsModelForm):
    submit_label = "Save project"

    class Meta:
        model = CohortProject
        fields = ["title", "place", "neighbourhood", "sponsor", "status", "outcome", "action"]
        widgets = {"outcome": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"action": "Leave empty when the project is not part of an action."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Place.objects.all()
        self.fields["place"].empty_label = "Not one Place"
        # Actions of the current plan (and the one already linked, from an older plan).
        plan = action_selectors.current_plan()
        actions = Action.objects.none()
        if plan is not None:
            actions = action_selectors.plan_actions(plan=plan)
        if self.instance.action_id:
            actions = actions | Action.objects.filter(pk=self.instance.action_id)
        field = self.fields["action"]
        field.queryset = actions.select_related("plan").order_by(
            "plan__starts_on", "priority__number", "code_sort", "code"
        )
        field.empty_label = "No action"
        field.label_from_instance = lambda action: f"{action.code} {action.display_title}"
