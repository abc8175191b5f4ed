"""Hooks: how a lower app calls a higher one without importing it.

The layers (core ← forums ← roles ← surveys ← recruitment …) let an app import only the
apps below it. Where a lower app must show something a higher one owns (the role register
showing an open advert, a forum's member list showing role seat holders), the lower app
declares a :class:`Hook` with a typed signature and a default, and the higher app
registers its function in ``AppConfig.ready()``. Tests check that each hook is registered.
"""

from __future__ import annotations

from collections.abc import Callable
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
