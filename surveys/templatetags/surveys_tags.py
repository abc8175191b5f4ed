from django import template

register = template.Library()


@register.filter
def points(change):
    """A change in percentage points for a table: "+5", "−3", "No change", or "–"."""
    if change is None:
        return "–"
    if change == 0:
        return "No change"
    return f"+{change}" if change > 0 else f"−{abs(change)}"


@register.filter
def bar_width(share):
    """A published share as an SVG width ("51.08%"); 0% when hidden or not available."""
    percent = getattr(share, "percent", None)
    return f"{percent or 0}%"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def option_bars(rows):
    """(label, share) pairs from a published question result's rows."""
    return [(row.option, row.percent) for row in rows]


@register.filter
def priority_bars(priorities):
    return [(f"{p.priority.number}. {p.priority.short_title}", p.favourable) for p in priorities]


@register.filter
def about_you_phrase(question):
    """How to name a breakdown in a sentence: "professional group", "Place"."""
    return {
        "professional_group": "professional group",
        "place": "Place",
        "organisation_type": "type of organisation",
    }.get(question.about_you, question.get_about_you_display().lower())
