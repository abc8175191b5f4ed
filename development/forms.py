"""Forms for the development offer: the staff forms for offers and cohorts, and the public
catalogue's filters."""

from django import forms

from ccpl.filters import NhsFilterForm
from ccpl.forms import NhsModelForm
from ccpl.models import Priority, ProfessionalGroup

from .models import Cohort, Offer


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
