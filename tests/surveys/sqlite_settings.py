"""Test settings for the SQLite run of the unlinkability suite (tests/surveys/
test_unlinkability.py): ``DATABASE_URL=sqlite:///…`` gives WAL mode (ccpl/settings/base.py);
the test database is a file too, so ``VACUUM`` and the WAL checkpoint act on real files."""

from ccpl.settings.environment import env
from ccpl.settings.test import *  # noqa: F403
from ccpl.settings.test import DATABASES

DATABASES["default"]["TEST"] = {
    "NAME": env("CCPL_UNLINKABILITY_SQLITE_TEST_DB", default="/tmp/ccpl-unlinkability.sqlite3")
}
