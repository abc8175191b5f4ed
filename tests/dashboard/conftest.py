"""Dashboard fixtures: the demo ICB loaded once per module, as for the reports' tests."""

from tests.reports.conftest import demo, demo_module  # noqa: F401
