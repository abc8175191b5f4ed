from django import template

from ccpl.access import mfa_required

register = template.Library()


@register.filter
def must_use_mfa(user) -> bool:
    """``{% if user|must_use_mfa %}``: the second-factor rule (ccpl.access.mfa_required)."""
    return mfa_required(user)
