"""The one form base: every form renders in NHS.UK style with ``{% crispy form %}``.

Subclass :class:`NhsForm` or :class:`NhsModelForm`. They attach a crispy
``FormHelper`` (POST, ``novalidate``, error summary, a "Save" button), swap plain
date fields for the NHS day/month/year date input, and word required and
too-long errors in NHS style ("Enter your job title", "Job title must be 200
characters or fewer"), so the error summary makes sense on its own.

Per form, set class attributes: ``submit_label`` (``None`` for no button),
``cancel_url`` (adds a "Cancel" link), ``form_method``. For a custom layout,
set ``self.helper.layout = Layout(...)`` in ``__init__`` using
:mod:`ccpl.layout` objects.
"""

import datetime
from functools import cached_property

from allauth.account import forms as allauth_forms
from allauth.mfa.base import forms as mfa_base_forms
from allauth.mfa.totp import forms as mfa_totp_forms
from allauth.mfa.webauthn import forms as mfa_webauthn_forms
from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import pretty_name

from . import equality, layout
from .models import Person, ProfessionalGroup
from .widgets import DATE_PARTS, NhsDateInput


def _lower_first(text: str) -> str:
    """ "Job title" → "job title", but "NHS number" and "CV" stay as they are."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


class NhsDateField(forms.Field):
    """A date entered as day, month and year, with NHS-style error messages.

    Messages use the field's label: "Date of birth must include a month",
    "Date of birth must be a real date", "Year must include 4 numbers".
    """

    widget = NhsDateInput
    default_error_messages = {
        "required": "Enter %(label)s",
        "incomplete": "%(Label)s must include %(missing)s",
        "invalid": "%(Label)s must be a real date",
        "year_length": "Year must include 4 numbers",
    }

    def _label_params(self):
        label = str(self.label or "date")
        return {"Label": label[:1].upper() + label[1:], "label": _lower_first(label)}

    def to_python(self, value):
        if isinstance(value, datetime.date):
            return value
        if value in self.empty_values:
            return None
        day, month, year = (str(part or "").strip() for part in value)
        if not (day or month or year):
            return None
        parts = dict(zip(DATE_PARTS, (day, month, year), strict=True))
        missing = [name for name, part in parts.items() if not part]
        if missing:
            raise ValidationError(
                self.error_messages["incomplete"],
                code="incomplete",
                params={**self._label_params(), "missing": "a " + " and ".join(missing)},
            )
        if not all(part.isdigit() for part in parts.values()):
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params=self._label_params()
            )
        if len(year) != 4:
            raise ValidationError(self.error_messages["year_length"], code="year_length")
        if len(day) > 2 or len(month) > 2:
            # "0000000000000000000031" is no real day; huge numbers would also overflow
            # datetime's C integers (OverflowError, not ValueError).
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params=self._label_params()
            )
        try:
            return datetime.date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params=self._label_params()
            ) from None

    def validate(self, value):
        if value in self.empty_values and self.required:
            raise ValidationError(
                self.error_messages["required"], code="required", params=self._label_params()
            )

    def bound_data(self, data, initial):
        # Re-show what was typed, even when it is not a valid date.
        if self.disabled:
            return initial
        return data


_DEFAULT_REQUIRED = str(forms.Field.default_error_messages["required"])
_CHOICE_FIELDS = (forms.ChoiceField, forms.ModelChoiceField, forms.MultipleChoiceField)


def required_message(field: forms.Field, label: str) -> str:
    """NHS-style "required" message naming the field: "Enter job title", "Select place"."""
    if isinstance(field, forms.BooleanField):
        return f"Select “{label}” to continue"
    choice = isinstance(field, _CHOICE_FIELDS)
    if label.endswith("?"):
        return f"{'Select' if choice else 'Enter'} an answer for “{label}”"
    if choice:
        return f"Select {_lower_first(label)}"
    if isinstance(field, forms.FileField):
        return f"Upload {_lower_first(label)}"
    return f"Enter {_lower_first(label)}"


def add_service_errors(form: forms.BaseForm, error: ValidationError, field: str | None = None):
    """Put a service's ValidationError on ``form``, keeping each message's code.

    Messages the service filed under a field the form has go on that field; the rest
    (non-field messages, and those for fields this form does not show) go on ``field``,
    or on the form as a whole when ``field`` is None.
    """
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else field, ValidationError(errors))
    else:
        form.add_error(field, ValidationError(error.error_list))


PROFESSION_EMPTY_LABEL = "Select a profession"


def profession_choice_groups(professions, choice):
    """Professions as select choices grouped by family, in a stable order: families by their
    order then name; in each, the family itself first, then its professions by order then
    name. A family with professions is an optgroup; one without is a plain choice.
    ``choice(group)`` makes one (value, label) pair. ``professions`` need ``parent`` loaded."""
    families = {}
    for group in professions:
        family = group.family
        families.setdefault(family.pk, (family, []))[1].append(group)
    for family, members in sorted(
        families.values(), key=lambda item: (item[0].order, item[0].name.lower(), item[0].pk)
    ):
        members.sort(key=lambda g: (g.parent_id is not None, g.order, g.name.lower(), g.pk))
        if any(g.parent_id is not None for g in members):
            yield (family.name, [choice(g) for g in members])
        else:
            yield from (choice(g) for g in members)


class ProfessionChoiceIterator(forms.models.ModelChoiceIterator):
    """A profession select's choices, grouped by :func:`profession_choice_groups`."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        queryset = self.queryset.select_related("parent")
        yield from profession_choice_groups(queryset, self.choice)


def group_profession_choices(field: forms.Field) -> None:
    """Make a single-choice profession field list its choices by family (optgroups) with a
    plain empty choice instead of Django's "---------". NhsFormMixin calls this for every
    such field, so every profession select on every form reads the same."""
    if not (
        isinstance(field, forms.ModelChoiceField)
        and not isinstance(field, forms.ModelMultipleChoiceField)
        and getattr(field.queryset, "model", None) is ProfessionalGroup
    ):
        return
    field.iterator = ProfessionChoiceIterator
    if field.empty_label == "---------":  # Django's default; a filter's "Any …" is kept
        field.empty_label = PROFESSION_EMPTY_LABEL
    field.widget.choices = field.choices


class NhsFormMixin:
    """Attach the crispy helper and NHS conventions to a Django form."""

    submit_label: str | None = "Save"
    cancel_url: str | None = None
    form_method = "post"
    #: Replace ``forms.DateField`` with :class:`NhsDateField` (day/month/year boxes).
    use_nhs_date_input = True
    #: Add "(optional)" to the labels of fields that are not required.
    mark_optional = True
    #: Show the "There is a problem" summary above the form when it has errors.
    error_summary = True

    def __init__(self, *args, cancel_url: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if cancel_url:
            self.cancel_url = cancel_url
        for name, field in list(self.fields.items()):
            if self.use_nhs_date_input and type(field) is forms.DateField:
                field = self.fields[name] = NhsDateField(
                    required=field.required,
                    label=field.label or pretty_name(name),
                    initial=field.initial,
                    help_text=field.help_text,
                    disabled=field.disabled,
                    validators=field.validators,
                    show_hidden_initial=field.show_hidden_initial,
                )
            self._set_nhs_error_messages(name, field)
            group_profession_choices(field)

    def _set_nhs_error_messages(self, name, field):
        label = str(field.label or pretty_name(name))
        if str(field.error_messages.get("required", "")) == _DEFAULT_REQUIRED:
            # Raised without params, so no %-escaping (unlike max_length below).
            field.error_messages["required"] = required_message(field, label)
        if getattr(field, "max_length", None) and "max_length" not in field.error_messages:
            safe_label = label.replace("%", "%%")
            field.error_messages["max_length"] = (
                f"{safe_label} must be %(limit_value)d characters or fewer"
            )

    @cached_property
    def helper(self) -> FormHelper:
        """Built on first use, so a view may still change ``submit_label`` or ``cancel_url``."""
        helper = FormHelper()
        helper.form_method = self.form_method
        helper.attrs = {"novalidate": True}
        helper.error_summary = self.error_summary
        helper.mark_optional = self.mark_optional
        if self.submit_label:
            helper.add_input(layout.Submit(self.submit_label))
        if self.cancel_url:
            helper.add_input(layout.Link("Cancel", self.cancel_url))
        return helper


class NhsForm(NhsFormMixin, forms.Form):
    """A plain form rendered with the ``nhsuk`` crispy pack."""


class NhsModelForm(NhsFormMixin, forms.ModelForm):
    """A model form rendered with the ``nhsuk`` crispy pack."""


class _PlainLabelsMixin:
    """Sentence-case, plain labels for allauth's forms (allauth uses "Current Password")."""

    plain_labels: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.plain_labels.items():
            if name in self.fields:
                self.fields[name].label = label


class NhsMfaAuthenticateForm(_PlainLabelsMixin, mfa_base_forms.AuthenticateForm):
    plain_labels = {"code": "Security code"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        code = self.fields["code"]
        code.help_text = (
            "The 6-digit code your authenticator app shows now, or one of your recovery codes"
        )
        code.widget.attrs.pop("placeholder", None)
        code.widget.attrs["spellcheck"] = "false"


class NhsMfaReauthenticateForm(NhsMfaAuthenticateForm, mfa_base_forms.ReauthenticateForm):
    pass


class NhsActivateTotpForm(_PlainLabelsMixin, mfa_totp_forms.ActivateTOTPForm):
    plain_labels = {"code": "Code from your authenticator app"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = "The 6 digits it shows after you add CCPL Manager to it"
        self.fields["code"].widget.attrs.pop("placeholder", None)


class NhsAddWebAuthnForm(_PlainLabelsMixin, mfa_webauthn_forms.AddWebAuthnForm):
    plain_labels = {"name": "Name for this key (optional)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].help_text = "So you can tell your keys apart, for example Blue key"


# MFA_FORMS = {"authenticate": ..., "reauthenticate": ..., "activate_totp": ...,
#              "add_webauthn": ...}: the classes above.

# allauth's account forms with plain labels. Settings:
# ACCOUNT_FORMS = {
#     "login": "ccpl.forms.NhsLoginForm",
#     "change_password": "ccpl.forms.NhsChangePasswordForm",
#     "set_password": "ccpl.forms.NhsSetPasswordForm",
#     "reset_password": "ccpl.forms.NhsResetPasswordForm",
#     "reset_password_from_key": "ccpl.forms.NhsResetPasswordKeyForm",
# }


class NhsLoginForm(_PlainLabelsMixin, allauth_forms.LoginForm):
    plain_labels = {"login": "Username or email"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].widget.attrs["autocomplete"] = "username"
        # allauth puts a "forgot password" link here; the page has its own.
        self.fields["password"].help_text = ""


class NhsChangePasswordForm(_PlainLabelsMixin, allauth_forms.ChangePasswordForm):
    plain_labels = {
        "oldpassword": "Current password",
        "password1": "New password",
        "password2": "Confirm new password",
    }


class NhsSetPasswordForm(_PlainLabelsMixin, allauth_forms.SetPasswordForm):
    plain_labels = {"password1": "Password", "password2": "Confirm password"}


class NhsResetPasswordForm(_PlainLabelsMixin, allauth_forms.ResetPasswordForm):
    plain_labels = {"email": "Email address"}


class NhsResetPasswordKeyForm(_PlainLabelsMixin, allauth_forms.ResetPasswordKeyForm):
    plain_labels = {"password1": "New password", "password2": "Confirm new password"}


# --- People: their own details and equality-monitoring answers ---------------

_RADIO_QUESTIONS = {
    "age_band": ("What is your age?", equality.AgeBand.choices),
    "sex": ("What is your sex?", equality.Sex.choices),
    "gender_same_as_birth": (
        "Is the gender you identify with the same as your sex registered at birth?",
        equality.YesNo.choices,
    ),
    "disability": (
        "Do you have a physical or mental health condition or illness lasting, or expected to "
        "last, 12 months or more?",
        equality.YesNo.choices,
    ),
    "sexual_orientation": (
        "Which of the following best describes your sexual orientation?",
        equality.SexualOrientation.choices,
    ),
    "religion": ("What is your religion?", equality.Religion.choices),
}


def _ethnicity_choices():
    grouped = [("", "Select your ethnic group")]
    labels = dict(equality.Ethnicity.choices)
    for group, members in equality.ETHNICITY_BY_GROUP.items():
        grouped.append((equality.EthnicGroup(group).label, [(m, labels[m]) for m in members]))
    grouped.append(("Prefer not to say", [(equality.PREFER_NOT_TO_SAY, "Prefer not to say")]))
    return grouped


class EqualityProfileForm(NhsForm):
    """Every question is optional and offers "Prefer not to say"."""

    submit_label = "Save answers"

    ethnicity = forms.ChoiceField(
        label="What is your ethnic group?",
        choices=_ethnicity_choices,
        required=False,
        help_text="Categories from the 2021 census.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (label, choices) in _RADIO_QUESTIONS.items():
            self.fields[name] = forms.ChoiceField(
                label=label, choices=choices, widget=forms.RadioSelect, required=False
            )
        self.order_fields(equality.QUESTIONS)


def equality_answer_rows(answers: dict) -> list[tuple[str, str]]:
    """(question, answer) labels of the answered questions, in the form's order: to show a
    person their own answers (an offer to copy them), never anyone else's."""
    form = EqualityProfileForm()
    rows = []
    for name in equality.QUESTIONS:
        value = answers.get(name) or ""
        if value:
            field = form.fields[name]
            labels = {}
            for choice, label in field.choices:
                if isinstance(label, list | tuple):  # a group of choices
                    labels.update(label)
                else:
                    labels[choice] = label
            rows.append((str(field.label), str(labels.get(value, value))))
    return rows


class PersonDetailsForm(NhsModelForm):
    submit_label = "Save details"

    class Meta:
        model = Person
        fields = [
            "given_name",
            "family_name",
            "job_title",
            "professional_group",
            "organisation",
            "place",
        ]
        labels = {"given_name": "First name", "family_name": "Last name"}


class BenchmarkImportForm(NhsForm):
    submit_label = "Import benchmarks"
    MAX_BYTES = 1_000_000

    file = forms.FileField(
        label="CSV file",
        help_text="Columns: benchmark, dimension, category, place, share. Up to 1 MB.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("The file must be smaller than 1 MB.")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError("The file must be a CSV file saved as UTF-8.") from error


# --- People and accounts (the CCPL team) --------------------------------------


class PersonForm(NhsModelForm):
    """The CCPL team adds or edits a person. The account a person is linked to is never a
    field; nor is the e-mail address of a person who has an account (the person confirms a
    change of it: ``EmailChangeForm``)."""

    submit_label = "Save person"

    class Meta:
        model = Person
        fields = [
            "given_name",
            "family_name",
            "email",
            "job_title",
            "professional_group",
            "organisation",
            "place",
        ]
        labels = {"email": "Email address"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.user_id:
            del self.fields["email"]


def _kind_choices():
    from .services import GRANTABLE_KINDS

    return [(kind, kind) for kind in GRANTABLE_KINDS]


class AccountKindsForm(NhsForm):
    submit_label = "Save"

    kinds = forms.MultipleChoiceField(
        label="What can they do?",
        help_text="A leader sees their own profile and the leaders' pages. A board member reads "
        "the finished board assurance packs and nothing else. Executives read every staff page. "
        "The CCPL team runs the service.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose what they can do"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = _kind_choices()


class InviteForm(AccountKindsForm):
    submit_label = "Send invitation"


class EmailChangeForm(NhsForm):
    submit_label = "Send confirmation link"

    new_email = forms.EmailField(
        label="New email address",
        max_length=254,
        help_text="We send a link to this address. The address changes only when the person "
        "signs in and confirms it.",
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@nhs.net"
        },
    )


class AccountSetUpForm(NhsForm):
    """The invited person chooses a password (checked against the password rules)."""

    submit_label = "Set up my account"

    password1 = forms.CharField(
        label="Create a password",
        help_text="At least 12 characters. Three random words work well. It must not contain "
        "your name or the service's name.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        max_length=200,
    )
    password2 = forms.CharField(
        label="Confirm your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        max_length=200,
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") != data.get("password1"):
            self.add_error("password2", "The passwords you entered do not match")
        return data
