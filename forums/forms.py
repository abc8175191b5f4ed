"""Forms for forums. They validate input; views hand ``cleaned_data`` to ``forums.services``."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from ccpl import uploads
from ccpl.forms import NhsDateField, NhsForm, NhsModelForm
from ccpl.layout import Field, Fieldset, Layout
from ccpl.models import Person, Priority, ProfessionalGroup

from . import services
from .models import (
    RESERVED_SLUGS,
    Attendance,
    CoproductionReview,
    Decision,
    Forum,
    Meeting,
    MeetingPaper,
    Membership,
    ReportingLine,
    TermsOfReference,
)

MAX_PAPER_BYTES = 20 * 1024 * 1024
TIME_FORMATS = ["%H:%M", "%H.%M", "%I:%M%p", "%I.%M%p", "%I%p", "%H%M"]


def _people():
    return Person.objects.select_related("professional_group").order_by("family_name", "given_name")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        group = f" ({obj.professional_group})" if obj.professional_group_id else ""
        return f"{obj.family_name}, {obj.given_name}{group}"


class ForumForm(NhsModelForm):
    submit_label = "Save forum"

    chair = PersonChoiceField(queryset=_people(), required=False)

    class Meta:
        model = Forum
        fields = ["name", "kind", "level", "place", "purpose", "chair", "frequency", "is_public"]
        labels = {"kind": "Type of forum", "level": "Level"}
        widgets = {
            "level": forms.RadioSelect,
            "purpose": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = _people()
        self.fields["place"].empty_label = "No Place (system level)"
        self.fields["kind"].choices = [("", "Select a type")] + list(Forum.Kind.choices)
        if self.instance.pk:
            self.fields["slug"] = forms.SlugField(
                label="Web address name",
                max_length=120,
                initial=self.instance.slug,
                help_text="Lower-case letters, numbers and hyphens only. Changing it breaks "
                "saved links.",
            )
            self.order_fields([*self.Meta.fields[:1], "slug"])

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise ValidationError("Choose a different web address name: this one is reserved.")
        if Forum.objects.exclude(pk=self.instance.pk).filter(slug=slug).exists():
            raise ValidationError("Another forum already uses this web address name.")
        return slug

    def clean(self):
        data = super().clean()
        level, place = data.get("level"), data.get("place")
        if level == Forum.Level.PLACE and place is None:
            self.add_error("place", "Select the Place for a Place-level forum")
        elif level == Forum.Level.SYSTEM and place is not None:
            self.add_error("place", "A system-level forum has no Place: select “No Place”")
        return data

    def _post_clean(self):
        # The cross-field rule above words the error better than the model constraint.
        if not self.errors:
            super()._post_clean()


class ProfessionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.parent.name}: {obj.name}" if obj.parent_id else obj.name


class ForumRemitForm(NhsForm):
    """What the forum's remit expects of its membership (``forums.remits``)."""

    submit_label = "Save what the forum expects"

    professions = ProfessionChoiceField(
        label="Professions the forum's remit expects",
        queryset=ProfessionalGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose a family (for example Allied health professions) when any of its "
        "professions will do, or the professions themselves when each one should have a "
        "member. The membership mix flags only the ones with nobody.",
    )
    lived_experience = forms.BooleanField(
        label="The forum expects a member with lived experience", required=False
    )
    vcse = forms.BooleanField(
        label="The forum expects a member from the voluntary and community sector",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["professions"].queryset = ProfessionalGroup.objects.select_related(
            "parent"
        ).order_by("order", "name")


class TermsOfReferenceForm(NhsModelForm):
    submit_label = "Add this version"

    class Meta:
        model = TermsOfReference
        fields = ["text", "approved_on", "approved_by", "review_due_on"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}
        labels = {"review_due_on": "Review due"}

    def clean(self):
        data = super().clean()
        approved, review = data.get("approved_on"), data.get("review_due_on")
        if approved and review and review <= approved:
            self.add_error("review_due_on", "Review due must be after the approval date")
        return data

    def _post_clean(self):
        pass  # the service validates the model; the forum is not known to the form


class ReportingLineForm(NhsForm):
    submit_label = "Add link"

    reports_to = forms.ModelChoiceField(
        label="Links up to",
        queryset=Forum.objects.none(),
        empty_label="Select a forum or board",
    )
    nature = forms.ChoiceField(
        label="Nature of the link",
        choices=ReportingLine.Nature.choices,
        widget=forms.RadioSelect,
        initial=ReportingLine.Nature.REPORTS_TO,
    )

    def __init__(self, *args, forum: Forum, **kwargs):
        super().__init__(*args, **kwargs)
        self.forum = forum
        self.fields["reports_to"].queryset = Forum.objects.exclude(pk=forum.pk).order_by("name")

    def clean_reports_to(self):
        target = self.cleaned_data["reports_to"]
        if ReportingLine.objects.filter(forum=self.forum, reports_to=target).exists():
            raise ValidationError(f"{self.forum.name} already links to {target.name}.")
        path = services.reporting_cycle(forum_id=self.forum.pk, reports_to_id=target.pk)
        if path is not None:
            raise services.cycle_error(path)
        return target


class MembershipForm(NhsModelForm):
    submit_label = "Add member"

    person = PersonChoiceField(queryset=_people(), empty_label="Select a person")

    class Meta:
        model = Membership
        fields = ["person", "member_type", "starts_on", "ends_on"]
        widgets = {"member_type": forms.RadioSelect}
        labels = {"member_type": "Type of member"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["person"]
            self.submit_label = "Save member"
        else:
            self.fields["person"].queryset = _people()

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "End date must be the same as or after the start date")
        return data

    def _post_clean(self):
        pass  # the service validates the model and overlapping dates


class TimeField(forms.TimeField):
    """A time typed as 14:00, 2pm or 2:30pm."""

    default_error_messages = {"invalid": "Enter a time like 14:00 or 2pm"}

    def __init__(self, **kwargs):
        super().__init__(input_formats=TIME_FORMATS, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().lower().replace(" ", "")
        return super().to_python(value)


class MeetingForm(NhsForm):
    """The meeting itself; attendance and decisions are formsets on the same page."""

    submit_label = None
    error_summary = False

    date = NhsDateField(label="Date of the meeting", help_text="For example, 27 3 2026")
    starts_at = TimeField(label="Start time", help_text="For example, 14:00 or 2pm")
    ends_at = TimeField(label="End time", required=False)
    format = forms.ChoiceField(
        label="How is it held?",
        choices=Meeting.Format.choices,
        widget=forms.RadioSelect,
        initial=Meeting.Format.IN_PERSON,
    )
    venue = forms.CharField(label="Venue or online platform", max_length=200, required=False)
    status = forms.ChoiceField(
        label="Status",
        choices=Meeting.Status.choices,
        widget=forms.RadioSelect,
        initial=Meeting.Status.HELD,
        help_text="Attendance is only kept for meetings that were held.",
    )
    minutes = forms.CharField(
        label="Minutes", widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    minutes_public = forms.BooleanField(
        label="Publish the minutes on the public forum page", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(
                "When and where",
                "date",
                Field("starts_at", css_class="nhsuk-input--width-5"),
                Field("ends_at", css_class="nhsuk-input--width-5"),
                Field("format"),
                "venue",
                "status",
            ),
            Fieldset("Minutes", "minutes", "minutes_public"),
        )

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict:
        local = timezone.localtime(meeting.starts_at)
        return {
            "date": local.date(),
            "starts_at": local.strftime("%H:%M"),
            "ends_at": timezone.localtime(meeting.ends_at).strftime("%H:%M")
            if meeting.ends_at
            else "",
            "format": meeting.format,
            "venue": meeting.venue,
            "status": meeting.status,
            "minutes": meeting.minutes,
            "minutes_public": meeting.minutes_public,
        }

    def clean(self):
        data = super().clean()
        day, start, end = data.get("date"), data.get("starts_at"), data.get("ends_at")
        if day and start:
            data["starts_at"] = timezone.make_aware(datetime.datetime.combine(day, start))
            if end:
                if end <= start:
                    self.add_error("ends_at", "End time must be after the start time")
                else:
                    data["ends_at"] = timezone.make_aware(datetime.datetime.combine(day, end))
        return data


NOT_RECORDED = ""


class AttendanceForm(NhsForm):
    """One member's attendance; the label is the member's name (the fieldset legend)."""

    submit_label = None
    error_summary = False

    person = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        choices=[*Attendance.Status.choices, (NOT_RECORDED, "Not recorded")],
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args, person: Person | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.person = person
        if person is not None:
            group = f", {person.professional_group}" if person.professional_group_id else ""
            self.fields["status"].label = f"{person.full_name}{group}"
        self.helper.layout = Layout("person", Field("status", inline=True, label_size="s"))


class BaseAttendanceFormSet(forms.BaseFormSet):
    """One form per person expected at the meeting; the people are fixed by the view."""

    def __init__(self, *args, people: list[Person], **kwargs):
        self.people = people
        if kwargs.get("initial") is None:
            kwargs["initial"] = [{"person": p.pk, "status": NOT_RECORDED} for p in people]
        super().__init__(*args, **kwargs)

    def total_form_count(self):
        return len(self.people)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["person"] = self.people[index] if index < len(self.people) else None
        return kwargs

    def clean(self):
        super().clean()
        expected = {p.pk for p in self.people}
        for form in self.forms:
            if form.cleaned_data and form.cleaned_data.get("person") not in expected:
                raise ValidationError("The attendance list changed: reload the page and try again.")

    def attendance(self) -> dict[Person, str]:
        """``{person: status}`` for everyone whose attendance was recorded."""
        by_id = {p.pk: p for p in self.people}
        return {
            by_id[form.cleaned_data["person"]]: form.cleaned_data["status"]
            for form in self.forms
            if form.cleaned_data.get("status")
        }


AttendanceFormSet = forms.formset_factory(AttendanceForm, formset=BaseAttendanceFormSet, extra=0)


class DecisionForm(NhsForm):
    submit_label = None
    error_summary = False

    text = forms.CharField(
        label="Decision", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    priority = forms.ModelChoiceField(
        label="CCPL priority it serves",
        queryset=Priority.objects.all(),
        required=False,
        empty_label="None",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.fields["priority"].queryset = Priority.objects.all()


DecisionFormSet = forms.formset_factory(DecisionForm, extra=3, max_num=20, absolute_max=20)


class MeetingPaperForm(NhsModelForm):
    submit_label = "Upload paper"

    class Meta:
        model = MeetingPaper
        fields = ["title", "file", "is_public"]
        labels = {"file": "File"}
        help_texts = {"file": "PDF, Word, Excel, PowerPoint, OpenDocument or text; up to 20 MB."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text += " " + uploads.scanning_notice()

    def clean_file(self):
        return uploads.check_upload(
            self.cleaned_data["file"],
            kinds=uploads.DOCUMENT_KINDS,
            max_bytes=MAX_PAPER_BYTES,
            described=uploads.DOCUMENTS_DESCRIBED,
        )

    def _post_clean(self):
        pass  # the service validates the model once the meeting is known


class DecisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        day = timezone.localtime(obj.meeting.starts_at)
        return f"{day:%-d %B %Y}: {obj.text[:90]}"


class CoproductionReviewForm(NhsModelForm):
    """A co-production review. The decision list offers the decisions of ``forum`` (the
    review's forum, or the one the page was opened for), so it appears only when that is
    known."""

    submit_label = "Save review"

    forum = forms.ModelChoiceField(
        label="Forum that held it",
        queryset=Forum.objects.none(),
        required=False,
        empty_label="Not a forum: a programme group",
    )
    decision = DecisionChoiceField(
        label="Decision it led to or informed",
        queryset=Decision.objects.none(),
        required=False,
        empty_label="None",
    )

    class Meta:
        model = CoproductionReview
        fields = [
            "forum",
            "programme_group",
            "held_on",
            "subject",
            "participants",
            "outcome",
            "decision",
        ]
        labels = {"programme_group": "Programme group that held it"}
        help_texts = {
            "held_on": "For example, 14 3 2026",
            "participants": "People with lived experience, carers and members of the public; "
            "not staff. Enter 0 if none took part.",
            "outcome": "What changed in the work because of what people said.",
        }
        widgets = {
            "outcome": forms.Textarea(attrs={"rows": 4}),
            "participants": forms.NumberInput(attrs={"class": "nhsuk-input--width-4"}),
        }
        error_messages = {
            "participants": {
                "min_value": "The number of people who took part must be 0 or more",
                "invalid": "Enter the number of people who took part as a whole number",
                "max_value": "The number of people who took part must be 32767 or fewer",
            }
        }

    def __init__(self, *args, forum: Forum | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forum"].queryset = Forum.objects.order_by("name")
        if forum is None and self.instance.pk:
            forum = self.instance.forum
        if forum is None:
            del self.fields["decision"]
        else:
            self.fields["decision"].queryset = (
                Decision.objects.filter(meeting__forum=forum)
                .select_related("meeting")
                .order_by("-meeting__starts_at", "pk")
            )
            self.fields["decision"].help_text = (
                f"Decisions of {forum.name}, newest first. Leave as None if the review was "
                "not held by this forum."
            )
        self.fields["participants"].error_messages.update(self.Meta.error_messages["participants"])

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise ValidationError("The date held must be today or in the past")
        return held_on

    def clean(self):
        data = super().clean()
        forum, group = data.get("forum"), (data.get("programme_group") or "").strip()
        if "forum" in self.errors or "programme_group" in self.errors:
            return data
        if forum is None and not group:
            self.add_error(
                "forum", "Choose the forum that held the review, or give the programme group"
            )
        elif forum is not None and group:
            self.add_error(
                "programme_group",
                "Give a programme group only when no forum held the review: clear one of them",
            )
        decision = data.get("decision")
        if decision is not None and (forum is None or decision.meeting.forum_id != forum.pk):
            self.add_error(
                "decision", "Choose a decision made at a meeting of the forum that held the review"
            )
        data.setdefault("decision", None)
        return data

    def _post_clean(self):
        pass  # the service validates the model
