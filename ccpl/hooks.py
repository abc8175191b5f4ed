"""Hooks: how a lower app calls a higher one without importing it.

The layers (core ← forums ← roles ← surveys ← recruitment …) let an app import only the
apps below it. Where a lower app must show something a higher one owns (the role register
showing an open advert, a forum's member list showing role seat holders), the lower app
declares a :class:`Hook` with a typed signature and a default, and the higher app
registers its function in ``AppConfig.ready()``. Tests check that each hook is registered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class Hook(Generic[P, R]):
    """One function, provided by a higher app; until then, ``default``."""

    def __init__(self, name: str, default: Callable[P, R]):
        self.name = name
        self.default = default
        self.function: Callable[P, R] | None = None

    def register(self, function: Callable[P, R]) -> Callable[P, R]:
        """Provide the function (call it from ``AppConfig.ready()``; usable as a decorator)."""
        self.function = function
        return function

    @property
    def registered(self) -> bool:
        return self.function is not None

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        return (self.function or self.default)(*args, **kwargs)

    def __repr__(self):
        provider = getattr(self.function, "__module__", None)
        return f"<Hook {self.name}: {provider or 'default'}>"


# --- Hooks the core declares ---------------------------------------------------------------


@dataclass(frozen=True)
class EqualityOffer:
    """Equality answers a person gave elsewhere (with a job application) that they may copy
    to their own record: shown to that person only, copied only when they post ``copy_url``."""

    source: str  # "your application for Clinical Lead for Frailty"
    answers: dict  # question → stored value, as ``ccpl.selectors.equality_answers_of`` gives
    copy_url: str
    key: int  # posted back as ``offer`` so the copy names which answers


def _no_offers(person) -> list[EqualityOffer]:
    return []


# Person → answers they gave with an application that led to their appointment and may copy
# to their own record. Provided by recruitment (``RecruitmentConfig.ready``).
equality_offers: Hook[[object], list[EqualityOffer]] = Hook("ccpl.equality_offers", _no_offers)
