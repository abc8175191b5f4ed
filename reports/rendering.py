"""Reports as HTML with a slim print stylesheet, then WeasyPrint → tagged PDF/UA.

The PDF is ``pdf/ua-1``: the document language and title come from ``<html lang>`` and
``<title>``, headings and table headers are tagged (with the header scopes and running-head
artefacts WeasyPrint leaves out added by ``reports.pdf_tags``), and each chart's SVG
``<title>`` becomes its figure's alt text. Only local files are ever read while rendering:
the URL fetcher refuses anything but the print stylesheet's folder (and ``data:`` URIs), so a
report never reaches the network, whatever its text contains.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from ccpl import disclosure
from ccpl.models import IntegratedCareBoard

from .catalogue import sections_for
from .kinds import KINDS, title_for
from .pdf_tags import complete_tags
from .sections import NotIncluded, ReportInputs, Section

# WeasyPrint logs every layout step (even parsing its own stylesheets on import) at INFO; a
# worker's log needs only its warnings. Set before the import so the import is quiet too.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.urls import URLFetcher  # noqa: E402

logger = logging.getLogger(__name__)

PRINT_CSS = "reports/print.css"
PROTECTIVE_MARKING = "Official"
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}

Progress = Callable[[int, str], None]


def _no_progress(percent: int, step: str) -> None:
    return None


class ReportError(Exception):
    """A report that cannot be made for a reason the requester can act on; its message is
    shown to them."""


def _asset_roots() -> list[Path]:
    roots = [Path(settings.BASE_DIR) / "static" / "reports"]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT) / "reports")
    return [root.resolve() for root in roots]


class LocalOnlyURLFetcher(URLFetcher):
    """Fetch ``data:`` URIs and files under the reports' static folder; refuse the rest."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith("file://"):
            path = Path(url.removeprefix("file://").split("?")[0]).resolve()
            if any(path.is_relative_to(root) for root in _asset_roots()):
                return super().fetch(url, headers)
        logger.warning("Report rendering refused to fetch %s", url)
        raise ValueError(f"Reports only read local files, not {url}")


def print_stylesheet_path() -> str:
    path = finders.find(PRINT_CSS)
    if path is None:
        raise ReportError("The report stylesheet is missing from the static files")
    return path


@dataclass
class BuiltSection:
    section: Section
    data: dict
    number: int


@dataclass
class BuiltReport:
    inputs: ReportInputs
    title: str
    included: list[BuiltSection] = field(default_factory=list)
    omitted: list[Section] = field(default_factory=list)

    @property
    def disclosure_statements(self) -> list[str]:
        """What "About this report" says about disclosure control: the statement of each
        policy the included sections' figures went through, once, in a fixed order."""
        used = {policy for built in self.included for policy in built.section.disclosure}
        return [text for policy, text in disclosure.POLICY_STATEMENTS.items() if policy in used]


def build_report(
    inputs: ReportInputs, *, progress: Progress = _no_progress, share: int = 80
) -> BuiltReport:
    """Run each section's selectors in turn, reporting progress up to ``share`` percent."""
    sections = sections_for(inputs.kind)
    report = BuiltReport(inputs=inputs, title=title_for(inputs))
    for i, section in enumerate(sections):
        progress(5 + share * i // max(len(sections), 1), f"Gathering {section.title.lower()}")
        data = section.build(inputs)
        if isinstance(data, NotIncluded):
            report.omitted.append(replace(section, empty_reason=data.reason))
        elif data is None:
            report.omitted.append(section)
        else:
            report.included.append(
                BuiltSection(section=section, data=data, number=len(report.included) + 1)
            )
    if not report.included:
        raise ReportError("There is nothing to report yet for this period.")
    return report


def report_html(
    report: BuiltReport,
    *,
    generated_at: datetime | None = None,
    version: int = 1,
    signed_off_by: str = "",
    signed_off_on: date | None = None,
) -> str:
    generated_at = generated_at or timezone.now()
    return render_to_string(
        "reports/pdf/report.html",
        {
            "report": report,
            "inputs": report.inputs,
            "kind": KINDS[report.inputs.kind],
            "icb": IntegratedCareBoard.current(),
            "generated_at": timezone.localtime(generated_at),
            "version": version,
            "marking": PROTECTIVE_MARKING,
            "signed_off_by": signed_off_by,
            "signed_off_on": signed_off_on,
        },
    )


def layout(html: str):
    """Report HTML laid out in pages (a WeasyPrint ``Document``), reading local files only."""
    stylesheet_path = print_stylesheet_path()
    fetcher = LocalOnlyURLFetcher()
    base_url = Path(stylesheet_path).parent.as_uri() + "/"
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    return document.render(
        stylesheets=[CSS(filename=stylesheet_path, url_fetcher=fetcher)], **PDF_OPTIONS
    )


def document_pdf(document) -> bytes:
    """The tagged PDF/UA-1 file of a laid-out report."""
    return complete_tags(document.write_pdf(**PDF_OPTIONS))


def html_to_pdf(html: str) -> bytes:
    """A tagged PDF/UA-1 document from report HTML, reading local files only."""
    return document_pdf(layout(html))
