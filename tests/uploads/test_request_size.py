"""An upload over the limit is refused from its announced length, before its body is read."""

import socket
import time
from urllib.parse import urlsplit

from django.test import override_settings
from django.urls import reverse

ONE_GB = 1024**3


def _raw_post(live_server, path, length, body=b"--x\r\n"):
    url = urlsplit(live_server.url)
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        sock.sendall(
            (
                f"POST {path} HTTP/1.1\r\nHost: {url.hostname}\r\n"
                "Content-Type: multipart/form-data; boundary=x\r\n"
                f"Content-Length: {length}\r\n\r\n"
            ).encode()
            + body
        )
        started = time.monotonic()
        received = b""
        while b"\r\n\r\n" not in received:
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
        return received, time.monotonic() - started


def test_a_1_gb_upload_is_refused_before_its_body_is_sent(live_server, db):
    path = reverse("recruitment:talent_pool_join")
    head, elapsed = _raw_post(live_server, path, ONE_GB)
    status_line = head.split(b"\r\n", 1)[0]
    assert status_line.endswith(b"413 Request Entity Too Large") or b" 413 " in status_line
    # Only a few bytes of the announced gigabyte were ever sent: the answer came anyway.
    assert elapsed < 5


def test_the_413_page_says_what_happened(client):
    response = client.post(
        reverse("recruitment:talent_pool_join"),
        data=b"x" * 10,
        content_type="application/octet-stream",
        CONTENT_LENGTH=str(30 * 1024 * 1024),
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "The file you sent is too large" in page
    assert "25 MB" in page


@override_settings(UPLOAD_MAX_REQUEST_BYTES=1000)
def test_requests_within_the_limit_go_through(client, db):
    response = client.get(reverse("recruitment:talent_pool_join"))
    assert response.status_code == 200
    response = client.post(reverse("recruitment:talent_pool_join"), {"given_name": "A"})
    assert response.status_code == 200
