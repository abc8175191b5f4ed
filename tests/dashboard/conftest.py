"""Dashboard fixtures: the demo ICB loaded once per module, as for the reports' tests."""

from tests.reports.conftest import demo, demo_module, reports_urls  # noqa: F401
