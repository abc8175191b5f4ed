"""Forms: a recipient's preferences, and the CCPL team's audience."""

from django import forms

from ccpl.forms import NhsForm
from ccpl.models import Place, ProfessionalGroup
from development.models import Offer
from forums.models import Forum
from roles.models import Role, RoleFunction

from . import audiences
from .models import Frequency, Topic


class PreferenceForm(NhsForm):
    submit_label = "Save my choices"

    topics = forms.MultipleChoiceField(
        label="What would you like to hear about?",
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Choose none to stop every e-mail from us.",
    )
    frequency = forms.ChoiceField(
        label="How often?", choices=Frequency.choices, widget=forms.RadioSelect
    )


class AudienceForm(NhsForm):
    """Who a message should reach; the page shows how many people that is."""

    submit_label = "Count the people reached"
    form_method = "get"
    mark_optional = False

    topic = forms.ChoiceField(label="Topic of the message", choices=Topic.choices)
    sources = forms.MultipleChoiceField(
        label="Whose addresses",
        choices=list(audiences.SOURCES.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Choose none for every leader on record.",
    )
    professional_groups = forms.ModelMultipleChoiceField(
        label="Professional groups",
        queryset=ProfessionalGroup.objects.filter(parent__isnull=True).order_by("order", "name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    places = forms.ModelMultipleChoiceField(
        label="Places",
        queryset=Place.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    functions = forms.ModelMultipleChoiceField(
        label="Function of a role they hold",
        queryset=RoleFunction.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    levels = forms.MultipleChoiceField(
        label="Level of a role they hold",
        choices=Role.Level.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    forums = forms.ModelMultipleChoiceField(
        label="Forums (for their members)",
        queryset=Forum.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    offers = forms.ModelMultipleChoiceField(
        label="Development offers (for their participants)",
        queryset=Offer.objects.order_by("title"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def clean(self):
        data = super().clean()
        sources = set(data.get("sources") or ())
        if audiences.FORUM_MEMBERS in sources and not data.get("forums"):
            self.add_error("forums", "Choose the forums whose members should hear")
        if audiences.PROGRAMME in sources and not data.get("offers"):
            self.add_error("offers", "Choose the development offers whose participants should hear")
        return data

    def criteria(self) -> audiences.Criteria:
        data = self.cleaned_data
        return audiences.Criteria(
            sources=tuple(data["sources"]),
            professional_groups=tuple(g.pk for g in data["professional_groups"]),
            places=tuple(p.pk for p in data["places"]),
            functions=tuple(f.pk for f in data["functions"]),
            levels=tuple(data["levels"]),
            forums=tuple(f.pk for f in data["forums"]),
            offers=tuple(o.pk for o in data["offers"]),
        )
