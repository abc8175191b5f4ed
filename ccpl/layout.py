"""Crispy layout objects for the ``nhsuk`` template pack.

Use these instead of crispy's own ``Submit``/``Fieldset``/``Field`` (they would
still render, but without NHS options)::

    self.helper.layout = Layout(
        Fieldset("Your details", "first_name", "last_name", legend_size="m"),
        Field("summary", label_size="s"),
        ButtonGroup(Submit("Save"), Link("Cancel", cancel_url)),
    )

Buttons added with ``helper.add_input(...)`` are rendered in a button group at the
end of the form.
"""

from crispy_forms import layout as crispy_layout
from crispy_forms.layout import HTML, Div, Layout
from crispy_forms.utils import TEMPLATE_PACK
from django.template.loader import render_to_string
from django.utils.text import slugify

__all__ = [
    "HTML",
    "ButtonGroup",
    "Div",
    "Field",
    "Fieldset",
    "Layout",
    "Link",
    "SecondarySubmit",
    "Submit",
    "WarningSubmit",
]

SIZES = ("s", "m", "l", "xl")


class Submit(crispy_layout.BaseInput):
    """A submit ``<button class="nhsuk-button">``.

    ``Submit("Save")`` sends no name/value. Give ``name`` (and ``value``) when the
    view must know which of several buttons was pressed.
    """

    input_type = "submit"
    nhsuk_classes = "nhsuk-button"

    def __init__(self, label, *, name="", value="", css_class=None, css_id=None, **kwargs):
        super().__init__(name or "", label, css_class=css_class, css_id=css_id, **kwargs)
        self.label = label
        self.button_value = value
        if css_class:
            self.nhsuk_classes = f"{self.nhsuk_classes} {css_class}"
        if not css_id and not name:
            self.id = ""


class SecondarySubmit(Submit):
    nhsuk_classes = "nhsuk-button nhsuk-button--secondary"


class WarningSubmit(Submit):
    """For destructive actions (delete, withdraw)."""

    nhsuk_classes = "nhsuk-button nhsuk-button--warning"


class Link(crispy_layout.TemplateNameMixin):
    """A link beside the buttons, such as "Cancel" or "Clear filters".

    ``button=True`` styles it as a secondary button.
    """

    template = "%s/layout/link.html"

    def __init__(self, text, url, *, button=False, css_class=None):
        self.text = text
        self.url = url
        self.button = button
        self.css_class = css_class or ""

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        return render_to_string(self.get_template_name(template_pack), {"link": self})


class ButtonGroup(crispy_layout.Div):
    """Buttons and links side by side (``nhsuk-button-group``)."""

    css_class = "nhsuk-button-group"


class Field(crispy_layout.Field):
    """A field with NHS presentation options.

    - ``label_size``: "s", "m", "l" or "xl" (also the legend size for radios,
      checkboxes and date inputs).
    - ``heading=True``: the label (or legend) is the page's ``<h1>``, size "l" unless
      ``label_size`` is given — for one-question pages.
    - ``inline=True``: radios side by side (for two short options such as Yes/No).

    Other keyword arguments become HTML attributes of the input, as in crispy.
    """

    def __init__(self, *fields, label_size=None, heading=False, inline=False, **kwargs):
        super().__init__(*fields, **kwargs)
        if label_size is not None and label_size not in SIZES:
            raise ValueError(f"label_size must be one of {SIZES}")
        self.nhsuk_context = {
            "label_size": label_size or ("l" if heading else ""),
            "label_tag": "h1" if heading else "",
            "inline": inline,
        }

    def render(self, form, context, template_pack=TEMPLATE_PACK, extra_context=None, **kwargs):
        extra_context = {**self.nhsuk_context, **(extra_context or {})}
        return super().render(
            form, context, template_pack=template_pack, extra_context=extra_context, **kwargs
        )


class Fieldset(crispy_layout.Fieldset):
    """Several fields under one ``<legend>`` (an address, a pair of dates).

    ``legend_size`` is "s", "m" (default), "l" or "xl"; ``heading=True`` makes the
    legend the page's ``<h1>``; ``hint`` adds hint text under the legend.
    """

    def __init__(self, legend, *fields, legend_size="m", heading=False, hint="", **kwargs):
        super().__init__(legend, *fields, **kwargs)
        if legend_size not in SIZES:
            raise ValueError(f"legend_size must be one of {SIZES}")
        self.legend_size = legend_size
        self.heading = heading
        self.hint = hint
        self.hint_id = f"{kwargs.get('css_id') or slugify(str(legend)) or 'fieldset'}-hint"
