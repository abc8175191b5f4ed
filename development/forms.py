"""Forms for the development offer: the staff forms for offers and cohorts, the public
catalogue's filters, and a person's mentoring forms (asking, check-ins, closing)."""

from django import forms

from ccpl.filters import NhsFilterForm
from ccpl.forms import NhsForm, NhsModelForm
from ccpl.models import Priority, ProfessionalGroup

from .models import (
    CheckIn,
    Cohort,
    Mentor,
    MentoringKind,
    MentoringRequest,
    MentoringTopic,
    Offer,
)
from .selectors import mentors_to_exclude, person_with_email
from .services import MENTOR_FIELDS


def top_level_professions():
    return ProfessionalGroup.objects.filter(parent=None)


class OfferForm(NhsModelForm):
    submit_label = "Save offer"

    levels = forms.MultipleChoiceField(
        label="Levels",
        choices=Offer.Level.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave empty when it is for leaders at every level.",
    )
    sectors = forms.MultipleChoiceField(
        label="Sectors",
        choices=Offer.Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave empty when it is for every sector, including non-NHS care.",
    )

    class Meta:
        model = Offer
        fields = [
            "title",
            "kind",
            "summary",
            "provider",
            "professions",
            "levels",
            "sectors",
            "format",
            "time_commitment",
            "cost",
            "principles",
            "how_to_apply",
            "contact_email",
            "is_published",
        ]
        labels = {"professions": "Professions", "principles": "Principles it serves"}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "how_to_apply": forms.Textarea(attrs={"rows": 4}),
            "format": forms.RadioSelect,
            "professions": forms.CheckboxSelectMultiple,
            "principles": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Select a type of offer"), *Offer.Kind.choices]
        self.fields["professions"].queryset = top_level_professions()
        self.fields["principles"].queryset = Priority.objects.all()
        self.fields["contact_email"].label = "Contact email"

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["professions"] = list(data["professions"])
        data["principles"] = list(data["principles"])
        return data


class CohortForm(NhsModelForm):
    submit_label = "Save cohort"

    class Meta:
        model = Cohort
        fields = [
            "name",
            "starts_on",
            "ends_on",
            "places",
            "applications_open_on",
            "applications_close_on",
            "status",
        ]
        widgets = {"status": forms.RadioSelect}


class CatalogueFilterForm(NhsFilterForm):
    """The public catalogue's filters (GET)."""

    submit_label = "Show offers"
    kind = forms.ChoiceField(
        label="Type of offer",
        choices=[("", "Any type"), *Offer.Kind.choices],
        required=False,
    )
    profession = forms.ModelChoiceField(
        label="Your profession",
        queryset=top_level_professions(),
        required=False,
        empty_label="Any profession",
    )


# --- Mentoring and coaching ------------------------------------------------------------------


class MentoringRequestForm(NhsModelForm):
    """A person asking for a mentor or coach (``person`` is who asks)."""

    submit_label = "Send your request"

    goals = forms.MultipleChoiceField(
        label="What would you like help with?",
        choices=MentoringTopic.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. Only you, your mentor or coach, and the CCPL team "
        "see your answers.",
        error_messages={"required": "Select at least one thing you would like help with"},
    )

    class Meta:
        model = MentoringRequest
        fields = [
            "kind",
            "goals",
            "profession_preference",
            "place_preference",
            "exclude_own_organisation",
            "excluded_people",
        ]
        labels = {
            "kind": "What are you asking for?",
            "profession_preference": "Would you like someone from your own profession?",
            "place_preference": "Is there a Place you would prefer them to work in?",
            "exclude_own_organisation": "Do not match me with someone from my own organisation",
            "excluded_people": "People on the register you must not be matched with",
        }
        help_texts = {
            "excluded_people": "For example, your line manager. Nobody sees this list but you "
            "and the CCPL team.",
        }
        widgets = {
            "kind": forms.RadioSelect,
            "profession_preference": forms.RadioSelect,
            "excluded_people": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = MentoringKind.choices  # radios: no empty choice
        self.fields["place_preference"].empty_label = "No preference"
        self.fields["excluded_people"].queryset = mentors_to_exclude(person)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["excluded_people"] = list(data["excluded_people"])
        return data


class CheckInForm(NhsModelForm):
    submit_label = "Save check-in"

    class Meta:
        model = CheckIn
        fields = ["held_on", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 5})}


class MatchCloseForm(NhsForm):
    submit_label = "Close the match"

    feedback = forms.CharField(
        label="How did it go?",
        help_text="What worked, what did not, and what you would change. The CCPL team reads "
        "this to improve mentoring and coaching.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class MentorForm(NhsModelForm):
    """The CCPL team's form for a mentor's details; a new mentor is named by e-mail address."""

    submit_label = "Save mentor"

    email = forms.EmailField(
        label="Their e-mail address",
        help_text="As on their person record. Add people on the people pages first.",
    )
    topics = forms.MultipleChoiceField(
        label="What they offer",
        choices=MentoringTopic.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one thing they offer"},
    )

    class Meta:
        model = Mentor
        fields = list(MENTOR_FIELDS)
        labels = {
            "offers_mentoring": "Offers mentoring",
            "offers_coaching": "Offers coaching",
            "capacity": "How many mentees they take at once",
            "is_active": "Taking mentees",
        }
        widgets = {"sector": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = Offer.Sector.choices  # radios: no empty choice
        self.fields["place"].empty_label = "The whole system"
        self.fields["place"].required = False
        if self.instance.pk:
            del self.fields["email"]
        else:
            self.order_fields(["email"])

    def clean_email(self):
        person = person_with_email(self.cleaned_data["email"])
        if person is None:
            raise forms.ValidationError("Nobody is recorded with this e-mail address")
        if Mentor.objects.filter(person=person).exists():
            raise forms.ValidationError(f"{person.full_name} is already on the register")
        self.person = person
        return self.cleaned_data["email"]

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("email", None)
        return data
