"""Headless Debian Chromium against Django's live server, with an axe check and the Nu HTML
checker on every page a test checks.

Never `playwright install`: the browser is /usr/bin/chromium from Debian. The Nu HTML checker is
npm's `vnu-jar`, run once per test process as a local HTTP service on Debian's Java runtime.
"""

import json
import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings as django_settings

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Rules run as well as the WCAG tags: all content inside landmarks (a best practice axe does not
# tag as WCAG) and every scrollable region reachable by keyboard.
EXTRA_RULES = {"region": {"enabled": True}, "scrollable-region-focusable": {"enabled": True}}
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "rules": EXTRA_RULES}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB", "timezone_id": "Europe/London"}


VNU_JAR = Path(__file__).resolve().parents[2] / "node_modules/vnu-jar/build/dist/vnu.jar"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class HtmlChecker:
    """The Nu HTML checker (vnu.jar) as a local HTTP service: one JVM for the whole run."""

    def __init__(self):
        self.port = _free_port()
        self.process = subprocess.Popen(
            ["java", "-Xss1024k", "-cp", str(VNU_JAR), "nu.validator.servlet.Main",
             str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 90
        while True:
            try:
                self.errors("<!DOCTYPE html><html lang=en><title>t</title></html>")
                return
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("The Nu HTML checker (vnu.jar) did not start") from None
                time.sleep(0.5)

    def errors(self, html: str) -> list[dict]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/?out=json&level=error",
            data=html.encode(),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - our own
            messages = json.load(response)["messages"]
        return [m for m in messages if m.get("type") in ("error", "non-document-error")]

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)


@pytest.fixture(scope="session")
def html_checker():
    checker = HtmlChecker()
    yield checker
    checker.stop()


@pytest.fixture
def axe_check(html_checker):
    """Run axe-core (WCAG 2.2 AA rules) and the Nu HTML checker on the page, and fail on any
    violation or HTML error."""
    axe = Axe()

    def check(page):
        results = axe.run(page, options=AXE_OPTIONS)
        violations = results.response["violations"]
        assert violations == [], results.generate_report()
        # The run really happened: axe reports the rules it passed, the extra ones included.
        assert len(results.response["passes"]) > 10
        checked = {
            rule["id"] for key in ("passes", "inapplicable") for rule in results.response[key]
        }
        assert set(EXTRA_RULES) <= checked, checked
        # The page as the person has it (after our scripts ran), checked as HTML.
        errors = html_checker.errors(page.content())
        assert errors == [], "\n".join(
            f"{page.url} line {e.get('lastLine')}: {e.get('message')} [{e.get('extract', '')}]"
            for e in errors
        )

    return check


@pytest.fixture
def sign_in(live_server):
    """Sign a page in as ``user`` by filling in the real sign-in form; staff, who must use
    MFA, get an authenticator app (tests.mfa) and enter its code at the second step."""
    from ccpl.access import mfa_required
    from tests.mfa import totp_code, totp_for

    codes_used = {}

    def do(page, user, password):
        needs_code = mfa_required(user)
        if needs_code:
            totp_for(user)
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username or email").fill(user.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in", exact=True).click()
        page.wait_for_load_state()
        if needs_code:
            # Each code is accepted once: a second sign-in uses the next period's.
            steps_ahead = codes_used[user.pk] = codes_used.get(user.pk, -1) + 1
            page.get_by_label("Security code").fill(totp_code(steps_ahead=steps_ahead))
            page.get_by_role("button", name="Continue").click()
            page.wait_for_load_state()

    return do


@pytest.fixture
def screenshot_dir():
    # Not under test-results/: pytest-playwright empties that folder.
    path = django_settings.BASE_DIR / "var" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(autouse=True)
def _no_content_security_policy_violations(request):
    """Fail any browser test whose pages break the Content-Security-Policy (Chromium reports
    each blocked inline script, style or handler on the console)."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    violations: list[str] = []

    def on_console(message):
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    page.on("console", on_console)
    yield
    assert violations == [], violations


@pytest.fixture
def sign_in_as(live_server):
    """Sign the browser in with a session made on the server side (the sign-in form
    itself is tested by the shell's browser tests)."""
    from django.test import Client

    def do(page, user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies(
            [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )

    return do
