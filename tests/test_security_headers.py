"""Security headers on every page type: Content-Security-Policy, Permissions-Policy,
Referrer-Policy, Cross-Origin-Opener-Policy, framing and sniffing.

One page of each kind: public, leader, staff, executive, panel member; an error page; a CSV
and a PDF download. The policy is strict: our own origin only, no inline script or style
(the governance map's one fixed <style> is allowed by its hash), no nonce (pages may be
cached), no framing, forms post only to us (and on to the NHSmail sign-in when single sign-on
is on), no <base>, no plugins.
"""

import base64
import hashlib
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from forums.presenters import SVG_STYLE
from tests.forums.factories import MeetingPaperFactory


def _directives(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def _sso_origin() -> list[str]:
    if not settings.SSO_ENTRA_CLIENT_ID:
        return []
    scheme, _, rest = settings.SSO_OIDC_ISSUER.partition("://")
    return [f"{scheme}://{rest.split('/', 1)[0]}"]


def assert_security_headers(response, *, stored_file=False):
    if stored_file:
        # A stored file (ccpl.uploads.attachment_response) has its own, stricter policy: a
        # sandboxed attachment that runs nothing, whatever is inside it.
        assert response["Content-Security-Policy"] == "sandbox"
        assert response["Content-Disposition"].startswith("attachment")
        _other_headers(response)
        return
    csp = _directives(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    # Forms post only to us, and (when single sign-on is on) the sign-in POST's redirect may
    # go on to the one configured identity provider's origin, nowhere else.
    assert csp["form-action"] == ["'self'", *_sso_origin()]
    assert csp["frame-ancestors"] == ["'none'"]
    for values in csp.values():
        assert not any(
            v in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "http:")
            or v.startswith("'nonce-")
            for v in values
        ), csp
    assert set(csp["style-src"]) == {"'self'", settings.GOVERNANCE_MAP_STYLE_HASH}
    _other_headers(response)


def _other_headers(response):
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.fixture
def users(demo_db, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }
    return get_user_model().objects


def _as(users, username):
    client = Client()
    if username:
        client.force_login(users.get(username=username))
    return client


@pytest.mark.django_db
def test_every_page_type_carries_the_security_headers(users):
    paper = MeetingPaperFactory(is_public=True)
    pages = [
        (None, "/", "text/html"),
        (None, reverse("roles:public_list"), "text/html"),
        ("leader", "/profile/", "text/html"),
        ("staff", reverse("ccpl:person_list"), "text/html"),
        ("exec", "/dashboard/", "text/html"),
        ("panel", "/recruitment/manage/panel/", "text/html"),
        (None, "/no-such-page/", "text/html"),
        ("leader", "/dashboard/", "text/html"),
        (None, "/roles/register.csv", "text/csv"),
        (None, reverse("forums:paper_download", args=[paper.pk]), "application/pdf"),
    ]
    seen_status = set()
    for username, path, content_type in pages:
        response = _as(users, username).get(path)
        seen_status.add(response.status_code)
        assert response["Content-Type"].startswith(content_type), (path, response["Content-Type"])
        assert_security_headers(response, stored_file="paper" in path)
    assert {200, 403, 404} <= seen_status  # error pages too


def test_the_one_allowed_inline_style_is_the_governance_maps_exact_text():
    digest = base64.b64encode(hashlib.sha256(SVG_STYLE.encode()).digest()).decode()
    assert f"'sha256-{digest}'" == settings.GOVERNANCE_MAP_STYLE_HASH


def test_no_template_has_inline_script_style_or_event_handlers():
    # CSP blocks them: they would silently break in the browser.
    from pathlib import Path

    root = Path(settings.BASE_DIR)
    offenders = []
    for template in root.glob("**/templates/**/*.html"):
        if ".venv" in template.parts or "node_modules" in template.parts:
            continue
        text = template.read_text()
        # A <script type="application/json"> is data, which no browser runs (allauth's MFA
        # pages pass their settings to its static scripts that way).
        inline_script = r"<script(?![^>]*\ssrc=)(?![^>]*type=\"application/json\")[^>]*>"
        for pattern in (inline_script, r"\sstyle=", r"\son[a-z]+=", r"<style"):
            if re.search(pattern, text):
                offenders.append((str(template.relative_to(root)), pattern))
    assert offenders == []
