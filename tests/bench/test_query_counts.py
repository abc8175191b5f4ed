"""Every page type is counted: ``demo.pagetypes`` names an address for each pattern that the
authorisation matrix (``tests/authz_matrix.json``) records answering 200 to some user kind,
and ``test_smoke_benchmark.py`` holds each one's number of SQL queries constant from one data
size to another (issue 15). A pattern left out is exempted here with its reason, so a new
page type cannot be forgotten.
"""

import json
from pathlib import Path

from demo import pagetypes

MATRIX = Path(__file__).parents[1] / "authz_matrix.json"

# Patterns answering 200 in the matrix that are not counted, and why.
EXEMPT = {
    "forums/papers/<int:pk>/": "a stored paper's download; the generated data holds no papers",
}
# Not application pages: Django's admin and allauth's account pages.
SKIPPED_PREFIXES = ("admin/", "accounts/")


def test_every_page_type_of_the_matrix_is_counted_or_exempt():
    recorded = json.loads(MATRIX.read_text())
    opened = {
        route
        for route, statuses in recorded["addresses"].items()
        if "200" in statuses.values() and not route.startswith(SKIPPED_PREFIXES)
    }
    assert len(opened) > 100
    assert not set(EXEMPT) & pagetypes.ROUTES
    assert opened - pagetypes.ROUTES - set(EXEMPT) == set(), "page types neither counted nor exempt"
    # What is counted or exempt is a pattern of the product (reached by the matrix's crawl
    # or named among the patterns it cannot reach).
    known = set(recorded["addresses"]) | set(recorded["unreached_patterns"])
    assert (pagetypes.ROUTES | set(EXEMPT)) - known == set()
