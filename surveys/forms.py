from django import forms
from django.core.exceptions import ValidationError

from ccpl import layout
from ccpl.forms import NhsForm, NhsModelForm
from ccpl.models import Priority
from ccpl.widgets import NhsRadioSelect

from . import importing
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


NEW_QUESTION = "new"
MAX_CHOICE_LABELS = 60


class ImportQuestionsForm(NhsForm):
    """Step 2: what each column becomes: a new question (its number, text and type guessed
    from the file, all editable), an existing question, or nothing."""

    submit_label = "Continue to answers"

    def __init__(self, *args, upload, proposals, questions, can_create, **kwargs):
        super().__init__(*args, **kwargs)
        self.upload = upload
        self.questions = {q.pk: q for q in questions}
        uses = [("", "Do not import")]
        if can_create:
            uses.append((NEW_QUESTION, "Make it a new question"))
        uses += [(str(q.pk), f"Existing question {q.key}: {q.text[:70]}") for q in questions]
        self.proposals = proposals
        fieldsets = []
        for proposal in proposals:
            i = proposal["column"]
            default = proposal["question"] or (NEW_QUESTION if can_create else "")
            self.fields[f"use_{i}"] = forms.ChoiceField(
                label="Import this column as", choices=uses, required=False, initial=str(default)
            )
            self.fields[f"number_{i}"] = forms.CharField(
                label="Question number",
                max_length=10,
                required=False,
                initial=proposal["number"],
                help_text="As the survey numbered it, such as 3 or 14a.",
            )
            self.fields[f"text_{i}"] = forms.CharField(
                label="Question",
                required=False,
                initial=proposal["text"],
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"kind_{i}"] = forms.ChoiceField(
                label="Type of answer",
                choices=QuestionKind.choices,
                required=False,
                initial=proposal["kind"],
                help_text="Guessed from the answers in the file.",
            )
            self.fields[f"about_you_{i}"] = forms.ChoiceField(
                label="About-you question",
                choices=AboutYou.choices,
                required=False,
                initial=proposal["about_you"],
            )
            columns = proposal["columns"]
            header = upload.question_of(i)
            where = (
                f"Columns {columns[0] + 1} to {columns[-1] + 1}"
                if len(columns) > 1
                else f"Column {i + 1}"
            )
            fieldsets.append(
                layout.Fieldset(
                    f"{where}: {header[:100]}{'…' if len(header) > 100 else ''}",
                    layout.Field(f"use_{i}"),
                    layout.Field(f"number_{i}", css_class="nhsuk-input--width-4"),
                    f"text_{i}",
                    f"kind_{i}",
                    f"about_you_{i}",
                    legend_size="s",
                )
            )
        self.mark_optional = False
        self.helper.layout = layout.Layout(*fieldsets)

    def clean(self):
        data = super().clean()
        existing: dict[int, list[int]] = {}
        for proposal in self.proposals:
            i = proposal["column"]
            use = data.get(f"use_{i}")
            if not use:
                continue
            if use != NEW_QUESTION:
                existing.setdefault(int(use), []).extend(proposal["columns"])
                continue
            kind, about_you = data.get(f"kind_{i}"), data.get(f"about_you_{i}", "")
            if not data.get(f"text_{i}", "").strip():
                self.add_error(f"text_{i}", f"Enter the question for column {i + 1}")
            if not kind:
                self.add_error(f"kind_{i}", f"Select the type of answer for column {i + 1}")
            if about_you not in ("", AboutYou.OTHER) and kind not in (
                QuestionKind.SINGLE_CHOICE,
                QuestionKind.YES_NO,
            ):
                self.add_error(
                    f"about_you_{i}", "A question used to break down results must be choose-one"
                )
            if kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE):
                distinct = len(importing.label_counts(self.upload, proposal["columns"], kind))
                if distinct > MAX_CHOICE_LABELS:
                    self.add_error(
                        f"kind_{i}",
                        f"Column {i + 1} has {distinct:,} different answers. Choose free text, "
                        "or do not import it",
                    )
        for question_id, columns in existing.items():
            question = self.questions[question_id]
            if len(columns) > 1 and question.kind != QuestionKind.MULTIPLE_CHOICE:
                for i in columns:
                    self.add_error(
                        f"use_{i}",
                        f"Columns {', '.join(str(c + 1) for c in columns)} are all matched to "
                        f"“{question.text[:80]}”. Only a choose-all-that-apply question can "
                        "take answers from more than one column",
                    )
        if not self.errors and not any(data.get(f"use_{p['column']}") for p in self.proposals):
            raise ValidationError("Choose at least one column to import")
        return data

    def plan(self) -> list[dict]:
        """The questions to import into, in column order: ``{"columns", "question" (an
        existing id or None), "number", "text", "kind", "about_you", "option_labels"}``."""
        plan: list[dict] = []
        by_question: dict[int, dict] = {}
        for proposal in self.proposals:
            i = proposal["column"]
            use = self.cleaned_data.get(f"use_{i}")
            if not use:
                continue
            if use == NEW_QUESTION:
                plan.append(
                    {
                        "columns": list(proposal["columns"]),
                        "question": None,
                        "number": self.cleaned_data[f"number_{i}"].strip(),
                        "text": self.cleaned_data[f"text_{i}"].strip(),
                        "kind": self.cleaned_data[f"kind_{i}"],
                        "about_you": self.cleaned_data.get(f"about_you_{i}") or "",
                        "option_labels": [],
                    }
                )
                continue
            question = self.questions[int(use)]
            if question.pk in by_question:
                by_question[question.pk]["columns"] += proposal["columns"]
                continue
            item = {
                "columns": list(proposal["columns"]),
                "question": question.pk,
                "number": question.number,
                "text": question.text,
                "kind": question.kind,
                "about_you": question.about_you,
                "option_labels": [o.label for o in question.options.all()],
            }
            by_question[question.pk] = item
            plan.append(item)
        return plan


SKIP_LABEL = "-"


class ImportAnswersForm(NhsForm):
    """Step 3: which option each distinct answer in the file means, for every choice
    question at once, with the number of rows giving it; obvious matches chosen already."""

    submit_label = "Import responses"

    def __init__(self, *args, upload, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.labels: dict[int, list[tuple[str, str]]] = {}  # plan index → [(field, label)]
        fieldsets = []
        for position, item in enumerate(plan):
            if item["kind"] == QuestionKind.FREE_TEXT:
                continue
            options = importing.plan_options(item, upload)
            choices = [
                ("", "Choose an answer"),
                *((o, o) for o in options),
                (SKIP_LABEL, "Leave unanswered"),
            ]
            names = []
            for j, (label, count) in enumerate(
                importing.label_counts(upload, item["columns"], item["kind"])
            ):
                name = f"label_{position}_{j}"
                shown = label if len(label) <= 100 else f"{label[:100]}…"
                self.fields[name] = forms.ChoiceField(
                    label=f"“{shown}” ({count:,} row{'s' if count != 1 else ''})",
                    choices=choices,
                    initial=importing.label_suggest(label, options),
                    error_messages={
                        "required": f"Choose which answer “{shown}” means, or leave it unanswered"
                    },
                )
                names.append(name)
                self.labels.setdefault(position, []).append((name, label))
            if names:
                text = item["text"]
                fieldsets.append(
                    layout.Fieldset(
                        f"{importing.item_name(item)} {text[:100]}{'…' if len(text) > 100 else ''}"
                        if item.get("number")
                        else text[:100],
                        *names,
                        legend_size="s",
                    )
                )
        self.mark_optional = False
        self.helper.layout = layout.Layout(*fieldsets)

    def label_maps(self) -> dict[int, dict[str, str]]:
        """``{plan index: {label in the file: option label, or "" to leave unanswered}}``."""
        return {
            position: {
                label: "" if self.cleaned_data[name] == SKIP_LABEL else self.cleaned_data[name]
                for name, label in fields
            }
            for position, fields in self.labels.items()
        }


class CommentBulkForm(forms.Form):
    """Many comments at once: the ones ticked, and whether to publish or withhold them."""

    comments = forms.MultipleChoiceField(error_messages={"required": "Select at least one comment"})
    decision = forms.ChoiceField(choices=[("publish", "Publish"), ("withhold", "Withhold")])

    def __init__(self, *args, answer_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comments"].choices = [(str(pk), str(pk)) for pk in answer_ids]
