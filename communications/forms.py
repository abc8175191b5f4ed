"""Forms: a recipient's preferences, and the CCPL team's audience."""

from django import forms

from ccpl import uploads
from ccpl.forms import NhsForm
from ccpl.models import Person, Place, ProfessionalGroup
from development.models import Offer
from forums.models import Forum
from roles.models import Role, RoleFunction

from . import audiences
from .models import MAX_ATTACHMENT_BYTES, Bulletin, Frequency, Topic


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


class BulletinForm(AudienceForm):
    """A bulletin's text and its audience (the audience fields are ``AudienceForm``'s)."""

    submit_label = "Save and preview"
    form_method = "post"

    title = forms.CharField(label="Subject", max_length=150)
    body = forms.CharField(
        label="Message",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=Bulletin._meta.get_field("body").help_text,
    )
    is_public = forms.BooleanField(
        label="Show it to the public too, not only to signed-in leaders", required=False
    )
    field_order = ["title", "body", "topic", "is_public"]

    @classmethod
    def initial_for(cls, bulletin) -> dict:
        criteria = bulletin.audience or {}
        return {
            "title": bulletin.title,
            "body": bulletin.body,
            "topic": bulletin.topic,
            "is_public": bulletin.is_public,
            **{
                name: list(criteria.get(name, []))
                for name in audiences.Criteria.__dataclass_fields__
            },
        }

    def audience_label(self) -> str:
        """The audience in words, for the archive and the delivery report."""
        data = self.cleaned_data
        parts = [audiences.SOURCES[s] for s in data["sources"]] or [audiences.SOURCES["leaders"]]
        for name in ("professional_groups", "places", "functions", "forums", "offers"):
            chosen = [str(item) for item in data[name]]
            if chosen:
                parts.append(f"{self.fields[name].label}: {', '.join(chosen)}")
        if data["levels"]:
            parts.append(f"Level: {', '.join(data['levels'])}")
        return "; ".join(parts)


class ScheduleForm(NhsForm):
    submit_label = "Schedule it"

    send_at = forms.DateTimeField(
        label="Send it at",
        help_text="The date and time, for example 15 January 2027 at 9am",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )


# --- Attachments and the cascade -------------------------------------------------------------


class AttachmentForm(NhsForm):
    submit_label = "Attach the file"

    file = forms.FileField(
        label="File",
        help_text=(
            f"{uploads.DOCUMENTS_DESCRIBED}; up to {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB. "
            "E-mails link to it on this site; they do not carry it."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text += " " + uploads.scanning_notice()

    def clean_file(self):
        return uploads.check_upload(
            self.cleaned_data["file"],
            kinds=uploads.DOCUMENT_KINDS,
            max_bytes=MAX_ATTACHMENT_BYTES,
            described=uploads.DOCUMENTS_DESCRIBED,
        )


class NetworkForm(NhsForm):
    submit_label = "Save the network"

    name = forms.CharField(label="Name", max_length=150)
    description = forms.CharField(
        label="What the network is for",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Shown on the page where people join it.",
    )
    professional_group = forms.ModelChoiceField(
        label="Professional group",
        queryset=ProfessionalGroup.objects.filter(parent__isnull=True).order_by("order", "name"),
        required=False,
        empty_label="Any profession",
    )
    leads = forms.ModelMultipleChoiceField(
        label="Leads",
        queryset=Person.objects.filter(user__isnull=False, user__is_active=True).order_by(
            "family_name", "given_name", "pk"
        ),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Leaders with an account. A lead can forward bulletins to the network.",
    )
    is_open = forms.BooleanField(
        label="List it on the public networks page, for anyone to join", required=False
    )

    @classmethod
    def initial_for(cls, network) -> dict:
        return {
            "name": network.name,
            "description": network.description,
            "professional_group": network.professional_group_id,
            "leads": list(network.leads.values_list("pk", flat=True)),
            "is_open": network.is_open,
        }


class JoinForm(NhsForm):
    """Your own address only: the confirmation goes to it, and nothing happens until its
    owner confirms."""

    submit_label = "Join the list"

    name = forms.CharField(label="Your name", max_length=200, required=False)
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        help_text="We will send a link to this address. You join when you confirm it.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


class ForwardForm(NhsForm):
    submit_label = "Forward it"

    note = forms.CharField(
        label="Covering note",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="A few words to your network, shown above the bulletin. Up to 1,000 characters.",
    )
