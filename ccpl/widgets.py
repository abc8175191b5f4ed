"""Widgets for NHS.UK components that Django has no widget for.

The ``nhsuk`` crispy template pack renders every standard Django widget in NHS.UK
markup; these add what the pack needs beyond them: a day/month/year date input,
and radios or checkboxes with a hint under each option.
"""

import datetime

from django import forms

DATE_PARTS = ("day", "month", "year")


class NhsDateInput(forms.MultiWidget):
    """Three text boxes (day, month, year) for :class:`ccpl.forms.NhsDateField`.

    The value the form receives is a ``(day, month, year)`` tuple of the raw
    strings, so the field can say exactly what is wrong ("must include a month").
    Sub-inputs are named ``<name>_day``, ``<name>_month``, ``<name>_year`` and
    have ids ``<id>_0``, ``<id>_1``, ``<id>_2``.
    """

    # The nhsuk pack renders the boxes itself (components/date_input.html) from
    # get_context(); Django's own multiwidget template is only a fallback.
    # Sub-inputs are styled by this widget, not by the attrs the pack passes.
    _part_widths = {"day": 2, "month": 2, "year": 4}

    def __init__(self, attrs=None, autocomplete=None):
        """``autocomplete="bday"`` gives bday-day/bday-month/bday-year (date of birth)."""
        widgets = {}
        for part in DATE_PARTS:
            part_attrs = {"inputmode": "numeric"}
            if autocomplete:
                part_attrs["autocomplete"] = f"{autocomplete}-{part}"
            widgets[part] = forms.TextInput(attrs=part_attrs)
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        day, month, year = super().value_from_datadict(data, files, name)
        return (day or "", month or "", year or "")

    def value_omitted_from_data(self, data, files, name):
        return all(f"{name}_{part}" not in data for part in DATE_PARTS)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        has_error = bool(context["widget"]["attrs"].get("aria-invalid"))
        for part, subwidget in zip(DATE_PARTS, context["widget"]["subwidgets"], strict=True):
            classes = [
                "nhsuk-input",
                "nhsuk-date-input__input",
                f"nhsuk-input--width-{self._part_widths[part]}",
            ]
            if has_error:
                classes.append("nhsuk-input--error")
            subwidget["attrs"]["class"] = " ".join(classes)
            # aria-describedby belongs on the fieldset, not on each box.
            subwidget["attrs"].pop("aria-describedby", None)
            subwidget["part"] = part
            subwidget["label"] = part.capitalize()
        return context

    def id_for_label(self, id_):
        # The legend labels the group; a <label for> would point at "day" only.
        return ""


class _ChoiceHintsMixin:
    """``hints={value: "hint text"}`` shows a hint under that option."""

    def __init__(self, attrs=None, choices=(), hints=None, inline=False):
        super().__init__(attrs, choices)
        self.hints = {str(key): text for key, text in (hints or {}).items()}
        self.inline = inline


class NhsRadioSelect(_ChoiceHintsMixin, forms.RadioSelect):
    """Radios with optional per-option hints and an inline (side by side) layout."""


class NhsCheckboxSelectMultiple(_ChoiceHintsMixin, forms.CheckboxSelectMultiple):
    """Checkboxes with optional per-option hints."""
