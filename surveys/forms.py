from django import forms
from django.core.exceptions import ValidationError

from ccpl import layout
from ccpl.forms import NhsForm, NhsModelForm
from ccpl.models import Priority
from ccpl.widgets import NhsRadioSelect

from .models import AGREEMENT_KINDS, AboutYou, Question, QuestionKind, Section, Survey
from .services import answer_field

TEXT_MAX = 2000


class SurveyForm(NhsModelForm):
    submit_label = "Save survey details"

    class Meta:
        model = Survey
        fields = [
            "title",
            "kind",
            "year",
            "introduction",
            "opens_on",
            "closes_on",
            "anonymity_statement",
            "results_audience",
        ]
        labels = {
            "kind": "Type of survey",
            "opens_on": "Opening date",
            "closes_on": "Closing date",
            "anonymity_statement": "What we tell people about anonymity",
            "results_audience": "Who can read the published results",
        }
        help_texts = {
            "kind": "Only annual temperature checks are compared year on year.",
        }
        widgets = {"kind": NhsRadioSelect, "results_audience": NhsRadioSelect}

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error(
                "closes_on", "Closing date must be the same as or after the opening date"
            )
        return data


class SurveyStartForm(NhsForm):
    """How to start a new survey: the template, a copy of an earlier survey, or blank."""

    TEMPLATE, COPY, BLANK = "template", "copy", "blank"
    submit_label = "Create survey"

    start = forms.ChoiceField(
        label="How do you want to start?",
        choices=[
            (TEMPLATE, "From the temperature-check template"),
            (COPY, "Copy an earlier survey, such as last year's"),
            (BLANK, "With a blank survey"),
        ],
        widget=NhsRadioSelect(
            hints={
                TEMPLATE: "Questions for each of the five priorities, and about-you questions.",
                COPY: "The same questions and keys, so the results compare year on year.",
            }
        ),
    )
    source = forms.ModelChoiceField(
        label="Survey to copy",
        queryset=Survey.objects.all(),
        required=False,
        help_text="Only if you are copying an earlier survey.",
        empty_label="Choose a survey",
    )
    kind = forms.ChoiceField(
        label="Type of survey",
        choices=Survey.Kind.choices,
        initial=Survey.Kind.TEMPERATURE_CHECK,
        widget=NhsRadioSelect,
        help_text="Only for a blank survey. A template or copy keeps its own type.",
    )
    year = forms.IntegerField(label="Year", min_value=2000, max_value=2100)
    title = forms.CharField(
        label="Title", max_length=200, required=False, help_text="Leave blank for a standard title."
    )

    def clean(self):
        data = super().clean()
        start = data.get("start")
        source = data.get("source")
        if start == self.COPY and source is None:
            self.add_error("source", "Select the survey to copy")
        kind = {self.TEMPLATE: Survey.Kind.TEMPERATURE_CHECK, self.COPY: source and source.kind}
        kind = kind.get(start) or data.get("kind")
        year = data.get("year")
        if (
            kind == Survey.Kind.TEMPERATURE_CHECK
            and year
            and Survey.objects.filter(kind=kind, year=year).exists()
        ):
            self.add_error("year", f"There is already a temperature check for {year}")
        data["resolved_kind"] = kind
        return data


class SectionForm(NhsModelForm):
    submit_label = "Save page"

    class Meta:
        model = Section
        fields = ["title", "description"]
        labels = {"title": "Page heading", "description": "Introduction to the page"}


class QuestionForm(NhsModelForm):
    submit_label = "Save question"

    options = forms.CharField(
        label="Answer options",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=(
            "One option a line, for choose-one and choose-all-that-apply questions. Agreement, "
            "importance and yes-or-no questions have fixed answers."
        ),
    )

    class Meta:
        model = Question
        fields = [
            "section",
            "text",
            "help_text",
            "kind",
            "options",
            "key",
            "required",
            "negatively_worded",
            "priority",
            "about_you",
        ]
        widgets = {
            "kind": NhsRadioSelect,
            "text": forms.Textarea(attrs={"rows": 3}),
            "help_text": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"priority": "Priority it tests", "section": "Page"}

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.instance.survey = survey
        self.fields["section"].queryset = survey.sections.all()
        self.fields["section"].empty_label = None
        self.fields["priority"].queryset = Priority.objects.all()
        self.fields["priority"].empty_label = "None"
        self.fields["about_you"].help_text = (
            "About-you questions on professional group, Place or type of organisation let you "
            "break the results down by group."
        )
        if self.instance.pk and self.instance.has_options and not self.instance.has_fixed_scale:
            self.initial["options"] = "\n".join(o.label for o in self.instance.options.all())

    def clean_key(self):
        key = self.cleaned_data["key"]
        clash = self.survey.questions.filter(key=key).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError("Another question in this survey has this key")
        return key

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        labels = [line.strip() for line in data.get("options", "").splitlines() if line.strip()]
        if kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE) and len(labels) < 2:
            self.add_error("options", "Enter at least 2 answer options, one a line")
        if data.get("negatively_worded") and kind not in AGREEMENT_KINDS:
            self.add_error("negatively_worded", "Only agreement questions can be negatively worded")
        if data.get("about_you") not in ("", AboutYou.OTHER, None) and kind not in (
            QuestionKind.SINGLE_CHOICE,
            QuestionKind.YES_NO,
        ):
            self.add_error("about_you", "A question used to break down results must be choose-one")
        data["option_labels"] = labels
        return data

    def question_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "options"}


# --- The respondent's pages --------------------------------------------------------------


field_name = answer_field


class SurveyPageForm(NhsForm):
    """One page (section) of a survey. Values are option ids (as text) or free text.

    The form checks only the shape of each answer. Whether a required question has an
    answer is the service's rule (``services.page_answers_check``), which the view puts on
    the form; the field only shows the question as required (``needs_answer``).
    """

    submit_label = "Continue"

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[field_name(question)] = self._field(question)
        # Most survey questions are optional: say so once on the page, not on every label,
        # unless some questions on the page need an answer.
        self.all_optional = not any(q.required for q in self.questions)
        self.mark_optional = not self.all_optional
        self.helper.layout = layout.Layout(
            *(layout.Field(field_name(q), label_size="s") for q in self.questions)
        )

    @staticmethod
    def _field(question: Question) -> forms.Field:
        common = {
            "label": question.text,
            "help_text": question.help_text,
            "required": False,
        }
        if question.kind == QuestionKind.FREE_TEXT:
            field = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 5}),
                max_length=TEXT_MAX,
                error_messages={
                    "max_length": "Your answer must be %(limit_value)d characters or fewer",
                },
                **common,
            )
        else:
            choices = [(str(o.pk), o.label) for o in question.options.all()]
            if question.kind == QuestionKind.MULTIPLE_CHOICE:
                field = forms.MultipleChoiceField(
                    choices=choices, widget=forms.CheckboxSelectMultiple, **common
                )
            else:
                field = forms.ChoiceField(
                    choices=choices,
                    widget=NhsRadioSelect(inline=question.kind == QuestionKind.YES_NO),
                    **common,
                )
        field.needs_answer = question.required
        return field

    def answers(self) -> dict[str, object]:
        """``{question id: value}`` for the session, leaving out unanswered questions."""
        out = {}
        for question in self.questions:
            value = self.cleaned_data.get(field_name(question))
            if value:
                out[str(question.pk)] = value
        return out


def initial_from_answers(questions, answers) -> dict:
    return {field_name(q): answers[str(q.pk)] for q in questions if str(q.pk) in answers}


# --- Invitations -------------------------------------------------------------------------


class InvitationAddForm(NhsForm):
    ROLE_HOLDERS, PEOPLE, LIST = "role_holders", "people", "list"
    submit_label = "Add people to invite"
    MAX_BYTES = 1_000_000

    source = forms.ChoiceField(label="Who do you want to invite?", widget=NhsRadioSelect)
    addresses = forms.CharField(
        label="Names and email addresses",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=(
            "Only if you are pasting a list. One person a line, as an email address, "
            "“Name, email” or “Name <email>”."
        ),
    )
    file = forms.FileField(
        label="Or upload a CSV file",
        required=False,
        help_text="Only if you are using a list. Columns: name, email. Up to 1 MB.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [
            (self.ROLE_HOLDERS, "Everyone who holds a leadership role now"),
            (self.PEOPLE, "Everyone in People records with an email address"),
            (self.LIST, "A list I paste or upload"),
        ]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return ""
        if upload.size > self.MAX_BYTES:
            raise ValidationError("The file must be smaller than 1 MB")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError("The file must be a CSV file saved as UTF-8") from error

    def clean(self):
        data = super().clean()
        if data.get("source") == self.LIST and not (
            data.get("addresses", "").strip() or data.get("file")
        ):
            self.add_error("addresses", "Enter names and email addresses, or upload a CSV file")
        return data


# --- Results -----------------------------------------------------------------------------


class CommentModerationForm(NhsForm):
    submit_label = "Save decision"

    decision = forms.ChoiceField(
        label="Can this comment be published?",
        choices=[("publish", "Yes, publish the text below"), ("withhold", "No, do not publish")],
        widget=NhsRadioSelect,
    )
    published_text = forms.CharField(
        label="Text to publish",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Remove anything that could identify someone. Replace it with [removed].",
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "publish" and not data.get("published_text", "").strip():
            self.add_error("published_text", "Enter the text to publish")
        return data


class RecommendationsForm(NhsForm):
    submit_label = "Save recommendations"

    summary = forms.CharField(
        label="Summary of the results",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="A few sentences for the top of the published results page.",
    )

    def __init__(self, *args, priorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.priorities = list(priorities)
        for priority in self.priorities:
            self.fields[f"priority_{priority.pk}"] = forms.CharField(
                label=f"Recommendations for priority {priority}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.fields["overall"] = forms.CharField(
            label="Other recommendations",
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    def texts(self) -> dict:
        texts = {p.pk: self.cleaned_data[f"priority_{p.pk}"] for p in self.priorities}
        texts[None] = self.cleaned_data["overall"]
        return texts


# --- Import ------------------------------------------------------------------------------


class ImportUploadForm(NhsForm):
    submit_label = "Upload and continue"
    MAX_BYTES = 5_000_000

    file = forms.FileField(
        label="CSV file of responses",
        help_text=(
            "One header row, then one row for each person who responded and one column for "
            "each question, as survey tools export them. Up to 5 MB."
        ),
    )
    skip_second_header = forms.BooleanField(
        label="The file has a second header row (SurveyMonkey adds one with the answer options)",
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise ValidationError("The file must be smaller than 5 MB")
        raw = upload.read()
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise ValidationError("The file must be a CSV file")  # pragma: no cover - cp1252 reads all


class ImportMappingForm(NhsForm):
    submit_label = "Check and import"

    def __init__(self, *args, headers, questions, suggestion, **kwargs):
        super().__init__(*args, **kwargs)
        self.headers = headers
        choices = [("", "Do not import")] + [
            (str(q.pk), f"{q.key}: {q.text[:80]}") for q in questions
        ]
        for index, header in enumerate(headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=f"Column {index + 1}: {header[:120]}",
                choices=choices,
                required=False,
                initial=str(suggestion.get(index) or ""),
            )

    def mapping(self) -> dict[int, int | None]:
        return {
            index: int(self.cleaned_data[f"column_{index}"])
            if self.cleaned_data.get(f"column_{index}")
            else None
            for index in range(len(self.headers))
        }
