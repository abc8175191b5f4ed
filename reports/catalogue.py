"""Every section of every report: the modules that declare them, imported plainly.

``reports.sections`` holds what a section is and the decorator that registers one; the
section modules (annual, assurance_pack, council, diversity, recruitment, survey) import it; this module
imports them all, so the registry is complete wherever a report is built, with no import
going back from ``sections`` to the modules that use it.
"""

from . import (  # noqa: F401 - they register
    annual,
    assurance_pack,
    communications,
    council,
    development,
    diversity,
    recruitment,
    sections,
    survey,
    you_said,
)
from .sections import Section


def sections_for(kind: str) -> list[Section]:
    """The sections a report of ``kind`` has, in order."""
    return sorted(
        (s for s in sections._SECTIONS.values() if kind in s.kinds),
        key=lambda s: (s.order, s.key),
    )


def all_sections() -> list[Section]:
    return sorted(sections._SECTIONS.values(), key=lambda s: (s.order, s.key))
