"""Who reaches which assurance page: every address, every user kind."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assurance import services
from assurance.models import Evidence, LevelDescription, Principle

pytestmark = pytest.mark.django_db

KINDS = ("anonymous", "leader", "panel", "board", "sysadmin", "exec", "staff")


@pytest.fixture
def pages(signed_off, staff_user, council):
    draft = services.assessment_create(user=staff_user, year=2026, as_of=date(2026, 6, 30))
    entry = draft.entries.get(principle__order=1)
    link = services.evidence_link_add(
        user=staff_user, entry=entry, kind=Evidence.Kind.FORUM, object_id=council.pk
    )
    document = services.evidence_document_add(
        user=staff_user,
        entry=entry,
        document=SimpleUploadedFile("minutes.txt", b"Council minutes"),
        label="Minutes",
    )
    level = LevelDescription.objects.first()
    return {
        "level": level,
        "core": Principle.objects.filter(priority__isnull=True).first(),
        "draft": draft,
        "signed": signed_off,
        "entry": entry,
        "link": link,
        "doc": document,
    }


def _client(request, kind):
    if kind == "anonymous":
        return request.getfixturevalue("client")
    return request.getfixturevalue(f"{kind}_client")


# (address name, args from the fixture, who gets 200)
GETS = [
    ("assurance:manage", None, {"exec", "staff"}),
    ("assurance:comparison", None, {"exec", "staff"}),
    ("assurance:principle_list", None, {"exec", "staff"}),
    ("assurance:level_description_edit", "level", {"staff"}),
    ("assurance:core_expectation_edit", "core", {"staff"}),
    ("assurance:assessment_detail", "draft", {"exec", "staff"}),
    ("assurance:assessment_detail", "signed", {"exec", "staff"}),
    ("assurance:evidence_download", "doc", {"exec", "staff"}),
    ("assurance:assessment_create", None, {"staff"}),
    ("assurance:entry_edit", "entry", {"staff"}),
    ("assurance:evidence_link", "entry", {"staff"}),
    ("assurance:evidence_upload", "entry", {"staff"}),
    ("assurance:send_for_review", "draft", {"staff"}),
    ("assurance:record_review", "draft", {"staff"}),
]


@pytest.mark.parametrize(("name", "arg", "allowed"), GETS)
def test_staff_pages(request, pages, name, arg, allowed):
    # Every kind in one test: the pages (with a signed-off assessment) are built once per
    # address, not once per address and kind.
    url = reverse(name, args=[pages[arg].pk] if arg else [])
    for kind in KINDS:
        response = _client(request, kind).get(url)
        if kind in allowed:
            assert response.status_code == 200, (kind, url)
        elif kind == "anonymous":
            assert response.status_code == 302, (kind, url)
            assert "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 403, (kind, url)


POSTS = [
    ("assurance:sign_off", "draft", {"exec"}),
    ("assurance:publish", "signed", {"exec", "staff"}),
    ("assurance:evidence_remove", "link", {"staff"}),
]


@pytest.mark.parametrize(("name", "arg", "allowed"), POSTS)
def test_workflow_buttons(request, pages, name, arg, allowed):
    url = reverse(name, args=[pages[arg].pk])
    # The refused kinds first: their requests must change nothing the allowed ones then do.
    for kind in sorted(KINDS, key=lambda kind: kind in allowed):
        response = _client(request, kind).post(url, {"published": "yes"})
        if kind in allowed:
            assert response.status_code == 302, (kind, url)
            assert "/assurance/manage/" in response["Location"]
        elif kind == "anonymous":
            assert response.status_code == 302, (kind, url)
            assert "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 403, (kind, url)


def test_executives_read_but_the_ccpl_team_edits(pages, exec_client, staff_client):
    url = reverse("assurance:assessment_detail", args=[pages["draft"].pk])
    assert b"Change the level and narrative" not in exec_client.get(url).content
    assert b"Change the level and narrative" in staff_client.get(url).content


def test_an_entry_of_a_signed_off_assessment_cannot_be_edited(signed_off, staff_client):
    entry = signed_off.entries.first()
    response = staff_client.post(
        reverse("assurance:entry_edit", args=[entry.pk]), {"level": "3", "what_we_did": "x"}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.what_we_did != "x"


def test_bad_input_is_a_form_error(pages, staff_client):
    entry = pages["entry"]
    response = staff_client.post(
        reverse("assurance:evidence_link", args=[entry.pk]), {"target": "forum:abc"}
    )
    assert response.status_code == 200 and b"Choose" in response.content
    response = staff_client.post(reverse("assurance:entry_edit", args=[entry.pk]), {"level": "9"})
    assert response.status_code == 200 and b"nhsuk-error-summary" in response.content
    response = staff_client.post(reverse("assurance:assessment_create"), {"year": "2026"})
    assert response.status_code == 200


def test_the_ccpl_team_changes_what_a_level_means(principles, staff_client):
    level = LevelDescription.objects.first()
    url = reverse("assurance:level_description_edit", args=[level.pk])
    assert staff_client.post(url, {"description": ""}).status_code == 200
    assert staff_client.post(url, {"description": "Every forum, every time"}).status_code == 302
    level.refresh_from_db()
    assert level.description == "Every forum, every time"


def test_a_principles_words_are_changed_where_its_priority_is(principles, staff_client):
    principle = Principle.objects.filter(priority__isnull=False).first()
    url = reverse("assurance:core_expectation_edit", args=[principle.pk])
    assert staff_client.get(url).status_code == 404
    core = Principle.objects.filter(priority__isnull=True).first()
    url = reverse("assurance:core_expectation_edit", args=[core.pk])
    assert staff_client.post(url, {"local_wording": "Our framework, agreed"}).status_code == 302
    core.refresh_from_db()
    assert core.local_wording == "Our framework, agreed"
