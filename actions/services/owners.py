"""Owners: linking an action's owner text to the forums it names."""

import re

from ..models import (
    Executive,
)


def _normalise_name(text: str) -> str:
    return " ".join(text.lower().replace("&", "and").split())


def owner_links(owner: str, *, forums=None) -> dict:
    """Best-guess links for an owner as a plan states it: an executive and/or a forum.

    "CMO / CNO" and "CMO and CNO" link both executives; "Clinical & Care Professional
    Council" links the forum of that name. Staff can correct the links afterwards.
    """
    from forums.models import Forum

    words = set(re.findall(r"[a-z]+", owner.lower()))
    if {"cmo", "cno"} <= words:
        executive = Executive.CMO_AND_CNO
    elif "cmo" in words:
        executive = Executive.CMO
    elif "cno" in words:
        executive = Executive.CNO
    else:
        executive = ""
    if forums is None:
        forums = Forum.objects.all()
    by_name = {_normalise_name(f.name): f for f in forums}
    return {"owner_executive": executive, "owner_forum": by_name.get(_normalise_name(owner))}
