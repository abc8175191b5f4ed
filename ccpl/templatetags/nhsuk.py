"""Template helpers for the ``nhsuk`` crispy pack and the NHS.UK table template.

Ids follow NHS.UK frontend: a field's hint is ``<id>-hint``, its error message
``<id>-error`` and a character count's message ``<id>-info``, where ``<id>`` is
the field's ``auto_id`` (``id_<name>``).
"""

from django import forms, template
from django.db.models.fields import BLANK_CHOICE_DASH
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from ccpl import formatting
from ccpl.widgets import NhsDateInput

register = template.Library()

_BLANK_LABEL = BLANK_CHOICE_DASH[0][1]
# Kinds whose first input has id "<id>_0" and which sit in a fieldset with a legend.
FIELDSET_KINDS = {"radios", "checkboxes", "date"}


@register.filter
def nhsuk_kind(field) -> str:
    """Which NHS.UK component renders this bound field."""
    widget = field.field.widget
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, NhsDateInput):
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, forms.Textarea):
        return "character_count" if getattr(field.field, "max_length", None) else "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.PasswordInput):
        return "password"
    return "input"


@register.filter
def nhsuk_anchor(field) -> str:
    """The id the error summary links to: the field's first input."""
    kind = nhsuk_kind(field)
    if kind in ("radios", "checkboxes"):
        options = nhsuk_choices(field)
        return options[0]["id"] if options else field.auto_id
    if kind == "date":
        return f"{field.auto_id}_0"
    return field.id_for_label or field.auto_id


@register.filter
def nhsuk_uses_fieldset(field) -> bool:
    return nhsuk_kind(field) in FIELDSET_KINDS


@register.filter
def nhsuk_has_hint(field) -> bool:
    """Whether the field has hint text (whitespace-only help text does not count)."""
    return bool(str(field.help_text or "").strip())


@register.simple_tag(takes_context=True)
def nhsuk_describedby(context, field, *extra_ids) -> str:
    """The ``aria-describedby`` value: extra ids (e.g. ``-info``), then hint, then error."""
    ids = [i for i in extra_ids if i]
    if nhsuk_has_hint(field):
        ids.append(f"{field.auto_id}-hint")
    if field.errors and context.get("form_show_errors", True) is not False:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


@register.simple_tag(takes_context=True)
def nhsuk_widget(context, field, css_class="", error_class="", describedby="", **attrs):
    """Render the field's widget with NHS classes merged into its own ``class``.

    Keyword arguments become attributes (underscores to dashes); ``False`` removes one.
    Placeholders are always removed: NHS.UK style puts guidance in the hint instead.
    """
    widget = field.field.widget
    classes = [css_class, widget.attrs.get("class", "")]
    if field.errors and error_class and context.get("form_show_errors", True) is not False:
        classes.append(error_class)
    final = {"class": " ".join(c for c in classes if c), "placeholder": False}
    if describedby:
        final["aria-describedby"] = describedby
    final.update({key.replace("_", "-"): value for key, value in attrs.items()})
    return field.as_widget(attrs=final)


@register.filter
def nhsuk_choices(field):
    """Options of a radios/checkboxes field, with per-option hints and ids.

    Leaves out Django's "---------" blank option: with radios, choosing nothing is
    the blank answer.
    """
    hints = getattr(field.field.widget, "hints", {}) or {}
    options = []
    for widget in field.subwidgets:
        value = widget.data["value"]
        value = "" if value is None else str(value)
        if value == "" and str(widget.choice_label) == _BLANK_LABEL:
            continue
        options.append(
            {
                "id": widget.id_for_label,
                "name": widget.data["name"],
                "value": value,
                "label": widget.choice_label,
                "checked": bool(widget.data["selected"]),
                "hint": hints.get(value, ""),
                "disabled": bool(widget.data["attrs"].get("disabled")),
            }
        )
    return options


_DEFAULT_REQUIRED = str(forms.Field.default_error_messages["required"])


@register.filter
def nhsuk_errors(field) -> list[str]:
    """The field's error messages, with Django's bare "This field is required." reworded
    to name the field ("Enter current password"), so forms we do not own (allauth,
    django-filter) read well in the error summary too."""
    from ccpl.forms import required_message

    label = str(field.label or field.name)
    return [
        required_message(field.field, label) if str(error) == _DEFAULT_REQUIRED else error
        for error in field.errors
    ]


@register.filter
def nhsuk_error_list(form):
    """``(anchor id, message)`` for every error, in form order; non-field errors first.

    Non-field errors link to the first visible field; hidden-field errors to nothing.
    """
    if not form.errors:
        return []
    visible = form.visible_fields()
    first = nhsuk_anchor(visible[0]) if visible else ""
    items = [(first, error) for error in form.non_field_errors()]
    for field in form.hidden_fields():
        items.extend(("", f"{field.label}: {error}") for error in nhsuk_errors(field))
    for field in visible:
        items.extend((nhsuk_anchor(field), error) for error in nhsuk_errors(field))
    return items


@register.filter
def nhsuk_date_parts(field):
    """Day, month and year boxes of an :class:`NhsDateInput` as widget contexts."""
    widget = field.field.widget
    attrs = field.build_widget_attrs({"id": field.auto_id}, widget)
    context = widget.get_context(field.html_name, field.value(), attrs)
    return context["widget"]["subwidgets"]


@register.filter
def nhsuk_file_initial(field):
    """The current file of a ``ClearableFileInput``, if any (to show "Current file")."""
    widget = field.field.widget
    value = field.value()
    if isinstance(widget, forms.ClearableFileInput) and widget.is_initial(value):
        return {
            "name": str(value).rsplit("/", 1)[-1],
            "clear_name": widget.clear_checkbox_name(field.html_name),
            "clear_id": widget.clear_checkbox_id(widget.clear_checkbox_name(field.html_name)),
            "can_clear": not field.field.required and not field.field.disabled,
        }
    return None


# --- page layout ----------------------------------------------------------


class PageTitleNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        # The block is template output, so already escaped; only tags are removed.
        page = " ".join(strip_tags(self.nodelist.render(context)).split())
        parts = [
            page,
            conditional_escape(context.get("service_name", "")),
            conditional_escape(str(context.get("icb") or "")),
        ]
        return mark_safe(" – ".join(p for p in parts if p))


@register.tag
def page_title(parser, token):
    """``{% page_title %}{% block title %}{% endblock %}{% endpage_title %}`` gives
    "Page – CCPL Manager – ICB name", or "CCPL Manager – ICB name" with no page title."""
    nodelist = parser.parse(("endpage_title",))
    parser.delete_first_token()
    return PageTitleNode(nodelist)


@register.filter
def nhsuk_without_nhs_prefix(name) -> str:
    """ "NHS Gloucestershire ICB" → "Gloucestershire ICB": the NHS logo already says NHS."""
    name = str(name or "")
    return name[4:] if name.startswith("NHS ") else name


@register.filter
def nhsuk_nav_state(url, request):
    """``"page"`` if ``url`` is the current page, ``"true"`` if the current page is
    inside its section, else ``""`` (for the header navigation's aria-current)."""
    path = getattr(request, "path", "")
    if not url or not path:
        return ""
    if path == url:
        return "page"
    if url != "/" and url.endswith("/") and path.startswith(url):
        return "true"
    return ""


@register.filter
def nhsuk_nav_states(navigation, request):
    """``navigation`` [(label, url)] as [(label, url, state)]: ``state`` as
    :func:`nhsuk_nav_state`, but only the most specific section is current, so /forums/map/
    marks "Governance map" and not "Forums" as well."""
    states = [(label, url, nhsuk_nav_state(url, request)) for label, url in navigation]
    current = [url for _, url, state in states if state]
    best = max(current, key=len, default=None)
    return [(label, url, state if url == best else "") for label, url, state in states]


@register.filter
def nhsuk_page_range(page):
    """Page numbers to link, with ``None`` where pages are left out: 1 … 8 9 10 11 12 … 40."""
    paginator = page.paginator
    return [
        None if number == paginator.ELLIPSIS else number
        for number in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    ]


# --- tables ---------------------------------------------------------------


@register.filter
def nhsuk_table_id(table) -> str:
    """A stable id for a table's caption (its ``attrs.id`` or the caption slug)."""
    base = table.attrs.get("id") or slugify(str(getattr(table, "caption", "") or "")) or "table"
    prefix = getattr(table, "prefix", "") or ""
    return f"{prefix}{base}"


@register.filter
def nhsuk_aria_sort(column) -> str:
    """``ascending``, ``descending`` or ``none`` for a sortable tables2 column."""
    if not column.is_ordered:
        return "none"
    return "descending" if column.order_by_alias.is_descending else "ascending"


@register.filter
def nhsuk_attrs(attrs, base_class=""):
    """Render an attribute dict (``True`` bare, ``False``/``None`` left out), with
    ``base_class`` merged into its class."""
    # tables2 nests per-element dicts (thead, tbody, …) inside a table's attrs.
    merged = {key: value for key, value in (attrs or {}).items() if not isinstance(value, dict)}
    classes = " ".join(c for c in (base_class, merged.get("class", "")) if c)
    if classes:
        merged["class"] = classes
    return flatatt(merged)


@register.filter
def user_name(user) -> str:
    """A user as people are named everywhere: their name, never a username."""
    from ccpl.selectors import user_name as name_of

    return name_of(user)


# --- dates, times and counts (NHS.UK content style; see ccpl.formatting) ---


@register.filter(expects_localtime=True)
def nhs_time(value) -> str:
    """``{{ meeting.starts_at|nhs_time }}`` → ``2:30pm``, ``9am``, ``midday``, ``midnight``."""
    return formatting.nhs_time(value)


@register.filter(expects_localtime=True)
def nhs_datetime(value, arg="") -> str:
    """``22 December 2026 at 2:30pm``; ``|nhs_datetime:"weekday"`` adds the day's name."""
    return formatting.nhs_datetime(value, weekday=arg == "weekday")


@register.filter(expects_localtime=True)
def nhs_date(value, arg="") -> str:
    """``22 December 2026``; ``|nhs_date:"weekday"`` gives ``Tuesday 22 December 2026``."""
    return formatting.nhs_date(value, weekday=arg == "weekday")


@register.filter(name="count")
def count_filter(value):
    """A count of people or things with thousands separators (``1,251``). Never for years,
    ids or version numbers; CSV and JSON keep plain digits."""
    return formatting.nhs_count(value)


# As django.utils.html.json_script escapes: "</script>" (or "<!--") in a value cannot end the
# element, and "&" cannot start an entity.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(value) -> str:
    """``value`` as a ``<script type="application/ld+json">`` data block (structured data for
    search engines). A data block is never run, so the strict CSP needs no exception for it."""
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    data = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(  # noqa: S308 - every <, > and & in the JSON is escaped above
        '<script type="application/ld+json">' + data.translate(_JSON_SCRIPT_ESCAPES) + "</script>"
    )
