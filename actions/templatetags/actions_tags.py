from django import template
from django.urls import NoReverseMatch

register = template.Library()


@register.filter
def url_if_any(obj) -> str:
    """``obj.get_absolute_url()``, or "" while the page it points to does not exist yet
    (forums pages are built alongside this app)."""
    if obj is None:
        return ""
    try:
        return obj.get_absolute_url()
    except (NoReverseMatch, AttributeError):
        return ""
