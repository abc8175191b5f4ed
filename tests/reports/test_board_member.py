"""The board member kind: reads the finished board assurance packs (their list, each pack's web
page and PDF) and nothing else that is not public; the CCPL team gives the kind; a board member
must pass a second factor and lands on their packs after signing in.

The attack tests ask as a board member for every other kind of report, for packs not finished
and for the staff pages about the same self-assessment (where its internal notes are)."""

import re
from datetime import date

import pytest
import rules
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from assurance.models import AssessmentEntry
from ccpl import rules as kinds
from ccpl.access import mfa_required
from reports.models import ReportJob
from tests.factories import TEST_PASSWORD, PersonFactory
from tests.reports import test_assurance_pack as made

# A real pack, made by the report task from a signed-off self-assessment whose entries all
# carry an internal note (``made.INTERNAL_NOTE``).
principles, council, signed_off, pack = made.principles, made.council, made.signed_off, made.pack

pytestmark = pytest.mark.django_db

SECRET = made.INTERNAL_NOTE.split()[0]  # "ZEBRA-PINEAPPLE", seeded in every entry's internal notes


def _made(kind, status, title, *, with_file=True):
    """A report job as the task leaves it (a stand-in PDF: these tests are about access)."""
    job = ReportJob.objects.create(
        kind=kind,
        status=status,
        period=title,
        title=title,
        starts_on=date(2025, 4, 1),
        ends_on=date(2026, 3, 31),
        as_of=date(2026, 3, 31),
        fingerprint=title,
    )
    if with_file:
        job.file.save(f"{kind}.pdf", ContentFile(b"%PDF-1.7 " + title.encode()))
    return job


@pytest.fixture
def other_reports(db):
    Kind, Status = ReportJob.Kind, ReportJob.Status
    return {
        "done pack": _made(Kind.ASSURANCE_PACK, Status.DONE, "Pack ready"),
        "annual report": _made(Kind.ANNUAL_REPORT, Status.DONE, "Annual report secret"),
        "council report": _made(Kind.COUNCIL_REPORT, Status.DONE, "Council report secret"),
        "failed pack": _made(Kind.ASSURANCE_PACK, Status.FAILED, "Pack failed"),
        "running pack": _made(Kind.ASSURANCE_PACK, Status.RUNNING, "Pack running"),
        "queued pack": _made(Kind.ASSURANCE_PACK, Status.QUEUED, "Pack queued", with_file=False),
    }


def _links(html):
    return {
        href
        for href in re.findall(r'href="(/[^"#]*)', html)
        if not href.startswith(("/static/", "/accounts/logout"))
    }


def test_a_board_member_reads_a_finished_pack_its_page_and_pdf_from_their_list(pack, board_client):
    job, pdf = pack
    page_url = reverse("reports:report_page", args=[job.pk])
    pdf_url = reverse("reports:report_download", args=[job.pk])

    listing = board_client.get(reverse("reports:board_pack_list"))
    assert listing.status_code == 200
    listed = listing.content.decode()
    assert job.title in listed and page_url in listed and pdf_url in listed

    response = board_client.get(page_url)
    assert response.status_code == 200
    page = response.content.decode()
    assert made.NARRATIVE in page and "Established" in page
    assert SECRET not in page
    # Their way back is their list, never the job's staff page.
    assert reverse("reports:board_pack_list") in page
    assert f'href="{job.get_absolute_url()}"' not in page

    download = board_client.get(pdf_url)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    body = b"".join(download.streaming_content)
    assert body == pdf and SECRET.encode() not in body

    # No link on their pages leads them to a refusal.
    for link in _links(listed) | _links(page):
        assert board_client.get(link).status_code in (200, 302), link


def test_a_board_member_is_refused_every_other_report_and_unfinished_packs(
    board_client, staff_client, other_reports
):
    ready = other_reports["done pack"]
    assert board_client.get(reverse("reports:report_download", args=[ready.pk])).status_code == 200
    listed = board_client.get(reverse("reports:board_pack_list")).content.decode()
    assert "Pack ready" in listed
    for name, job in other_reports.items():
        if name == "done pack":
            continue
        assert job.title not in listed, name
        for view in ("report_page", "report_download", "report_detail", "report_progress"):
            response = board_client.get(reverse(f"reports:{view}", args=[job.pk]))
            assert response.status_code == 403, (name, view)
    # Staff keep what they had.
    annual = other_reports["annual report"]
    assert staff_client.get(reverse("reports:report_download", args=[annual.pk])).status_code == 200
    assert staff_client.get(reverse("reports:report_list")).status_code == 200


def test_a_board_member_sees_nothing_else_of_the_staff_area(
    signed_off, board_client, board_user, staff_user, other_reports
):
    entry = AssessmentEntry.objects.filter(assessment=signed_off).first()
    person = PersonFactory()
    pack_job = other_reports["done pack"]
    annual = other_reports["annual report"]
    refused = [
        reverse("dashboard:dashboard"),
        reverse("reports:report_list"),
        reverse("reports:report_request", args=["annual_report"]),
        reverse("reports:report_request", args=["assurance_pack"]),
        reverse("reports:report_detail", args=[pack_job.pk]),
        reverse("ccpl:person_list"),
        reverse("ccpl:person_detail", args=[person.pk]),
        reverse("ccpl:person_kinds", args=[person.pk]),
        reverse("ccpl:benchmark_list"),
        reverse("ccpl:email_list"),
        reverse("assurance:manage"),
        reverse("assurance:assessment_detail", args=[signed_off.pk]),
        reverse("assurance:entry_edit", args=[entry.pk]),
        reverse("assurance:comparison"),
        reverse("assurance:you_said_manage"),
        reverse("roles:role_list"),
        reverse("actions:overview"),
        reverse("forums:forum_list"),
        reverse("surveys:survey_list"),
        reverse("recruitment:manage_home"),
        reverse("development:offer_list"),
    ]
    for url in refused:
        response = board_client.get(url)
        assert response.status_code == 403, url
        assert SECRET not in response.content.decode(), url
    posts = [
        reverse("reports:report_sign_off", args=[annual.pk]),
        reverse("reports:report_regenerate", args=[pack_job.pk]),
        reverse("reports:report_request", args=["assurance_pack"]),
        reverse("assurance:sign_off", args=[signed_off.pk]),
        reverse("assurance:publish", args=[signed_off.pk]),
    ]
    count = ReportJob.objects.count()
    for url in posts:
        assert board_client.post(url, {"assessment": signed_off.pk}).status_code == 403, url
    annual.refresh_from_db()
    assert annual.signed_off_at is None and ReportJob.objects.count() == count
    for permission in (
        "ccpl.view_staff_area",
        "ccpl.view_people",
        "reports.view_reports",
        "reports.request_report",
    ):
        assert not rules.has_perm(permission, board_user), permission


def test_a_deactivated_board_member_reads_nothing(board_user, board_client, other_reports):
    board_user.is_active = False
    board_user.save()
    ready = other_reports["done pack"]
    assert not rules.has_perm("reports.view_report", board_user, ready)
    assert not rules.has_perm("reports.view_board_packs", board_user)


@pytest.mark.real_mfa
def test_a_board_member_lands_on_their_packs_and_must_use_a_second_factor(board_user, staff_user):
    assert mfa_required(board_user)
    client = Client()
    response = client.post(
        "/accounts/login/", {"login": board_user.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/reports/board/"
    # Before their second factor is set up, the packs are not shown.
    assert client.get("/reports/board/")["Location"] == "/accounts/2fa/"


def test_the_header_links_a_board_member_to_their_packs(board_client, staff_client):
    home = board_client.get("/").content.decode()
    assert 'href="/reports/board/"' in home and "Board assurance packs" in home
    assert 'href="/dashboard/"' not in home and 'href="/reports/"' not in home
    # Staff find the packs among the reports (one link, not two).
    staff_home = staff_client.get("/").content.decode()
    assert 'href="/reports/"' in staff_home and 'href="/reports/board/"' not in staff_home


def test_the_ccpl_team_can_make_someone_a_board_member(staff_client, leader_user, exec_client):
    person = leader_user.person
    url = reverse("ccpl:person_kinds", args=[person.pk])
    form = staff_client.get(url).content.decode()
    assert f'value="{kinds.BOARD_MEMBER}"' in form
    assert "A board member reads the finished board assurance packs and nothing else" in form
    assert exec_client.post(url, {"kinds": [kinds.BOARD_MEMBER]}).status_code == 403
    assert staff_client.post(url, {"kinds": [kinds.BOARD_MEMBER]}).status_code == 302
    assert list(leader_user.groups.values_list("name", flat=True)) == [kinds.BOARD_MEMBER]
    assert mfa_required(leader_user)


def test_the_board_member_group_exists_with_no_model_permission(user_kinds):
    group = Group.objects.get(name=kinds.BOARD_MEMBER)
    assert not group.permissions.exists()
    assert kinds.BOARD_MEMBER in kinds.USER_KINDS and kinds.BOARD_MEMBER in kinds.MFA_USER_KINDS


def test_a_board_member_who_is_also_staff_keeps_staff_access(board_user, other_reports):
    board_user.groups.add(Group.objects.get(name=kinds.CCPL_TEAM))
    annual = other_reports["annual report"]
    assert rules.has_perm("reports.view_report", board_user, annual)
    assert rules.has_perm("reports.view_reports", board_user)
