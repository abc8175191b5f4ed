"""Role pages in a real browser: the public register, the diversity analysis, the staff role
list and the appointment form (with its one-holder error) pass axe."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ccpl import publications
from ccpl.models import Benchmark
from roles import selectors
from tests.factories import EqualityProfileFactory, PersonFactory, ProfessionalGroupFactory
from tests.forums.factories import ForumFactory
from tests.roles.factories import (
    AppointmentFactory,
    JobDescriptionFactory,
    LinkRoleFactory,
    RoleFactory,
    RoleFunctionFactory,
    SeatFactory,
)


@pytest.fixture
def roles(db):
    """A small register: filled and vacant roles, seats, link roles, job descriptions,
    equality answers, benchmarks and last year's publication."""
    network = RoleFunctionFactory(
        name="Leading a professional network", short_name="Professional network"
    )
    programme = RoleFunctionFactory(
        name="Supporting a programme", short_name="Transformation programme"
    )
    council = ForumFactory(name="Clinical and Care Professional Council", slug="council")
    medical = ProfessionalGroupFactory(name="Medical", slug="medical")
    nursing = ProfessionalGroupFactory(name="Nursing and midwifery", slug="nursing-and-midwifery")
    today = timezone.localdate()
    for i in range(14):
        role = RoleFactory(
            title=f"Clinical lead {i + 1}",
            function=programme if i % 2 else network,
            summary="Leads a clinical programme group." if i == 0 else "",
        )
        person = PersonFactory(professional_group=medical if i % 3 else nursing)
        AppointmentFactory(role=role, person=person, starts_on=today - timedelta(days=400))
        EqualityProfileFactory(
            person=person,
            sex="female" if i % 2 else "male",
            ethnicity="white_british" if i > 2 else "asian_indian",
        )
        JobDescriptionFactory(role=role, version=1)
        SeatFactory(role=role, forum=council, capacity="chair" if i == 0 else "member")
    LinkRoleFactory(role=role, name="Sam Fletcher")
    RoleFactory(title="Dental professional lead", function=network)
    for category, share in (("female", "0.51"), ("male", "0.49")):
        Benchmark.objects.create(
            benchmark="population", dimension="sex", category=category, share=share
        )
    Benchmark.objects.create(
        benchmark="workforce", dimension="professional_group", category="medical", share="0.12"
    )
    # The page shows publications, never live figures: last year's and today's.
    for on in (today - timedelta(days=365), today):
        publications.publication_make(population=selectors.ROLE_HOLDERS, on=on, force=True)
    return role


def test_public_register_passes_axe(page, live_server, roles, axe_check, screenshot_dir):
    page.goto(f"{live_server.url}/roles/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Leadership roles and who holds them")
    expect(page.locator("caption")).to_contain_text("Leadership roles")
    expect(page.get_by_role("cell", name="Vacant")).to_be_visible()
    page.screenshot(path=screenshot_dir / "roles-register.png", full_page=True)
    axe_check(page)

    page.get_by_label("Filled or vacant").select_option("vacant")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"status=vacant"))
    expect(page.get_by_role("cell", name="Dental professional lead")).to_be_visible()
    expect(page.get_by_text("Clinical lead 1", exact=True)).to_have_count(0)
    axe_check(page)


def test_diversity_analysis_passes_axe(page, live_server, roles, axe_check, screenshot_dir):
    page.goto(f"{live_server.url}/roles/diversity/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Diversity of our leaders")
    sex = page.locator(
        "table", has=page.locator("caption", has_text="Role holders by sex, compared")
    )
    expect(sex.get_by_role("row", name=re.compile("^Female"))).to_contain_text("51%")
    expect(page.get_by_role("heading", name="Sex: change over time")).to_be_visible()
    # 3 holders are Asian: hidden, never shown as 3.
    asian = page.get_by_role("row", name=re.compile("^Asian, Asian British"))
    expect(asian.first).to_contain_text("*")
    page.screenshot(path=screenshot_dir / "roles-diversity.png", full_page=True)
    axe_check(page)


def test_staff_role_list_passes_axe(
    page, live_server, roles, staff_user, sign_in_as, axe_check, screenshot_dir
):
    sign_in_as(page, staff_user)
    page.goto(f"{live_server.url}/roles/manage/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Roles")
    expect(page.locator("caption")).to_contain_text("Roles")
    page.screenshot(path=screenshot_dir / "roles-staff-list.png", full_page=True)
    axe_check(page)

    page.get_by_role("link", name=roles.title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(roles.title)
    axe_check(page)


def test_appointment_form_passes_axe_with_its_errors(
    page, live_server, roles, staff_user, sign_in_as, axe_check, screenshot_dir
):
    candidate = PersonFactory(given_name="Priya", family_name="Nair")
    sign_in_as(page, staff_user)
    page.goto(f"{live_server.url}/roles/manage/{roles.pk}/appoint/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Appoint someone to this role")
    axe_check(page)

    page.get_by_label("Person").select_option(str(candidate.pk))
    page.get_by_role("button", name="Appoint").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("holds this role")
    page.screenshot(path=screenshot_dir / "roles-appointment-error.png", full_page=True)
    axe_check(page)

    vacant = RoleFactory(title="Healthcare science lead")
    page.goto(f"{live_server.url}/roles/manage/{vacant.pk}/appoint/")
    page.get_by_label("Person").select_option(str(candidate.pk))
    page.get_by_role("button", name="Appoint").click()
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text(
        "Priya Nair has been appointed to Healthcare science lead"
    )
    axe_check(page)
