"""Dashboard fixtures: the demo ICB (``demo_module``) and its users, as for the reports' tests."""

from tests.reports.conftest import demo  # noqa: F401
