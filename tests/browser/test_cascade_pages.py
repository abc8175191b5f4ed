"""The cascade and bulletin attachments in a real browser: joining a network's list and
confirming from the link, a lead forwarding a bulletin, the reach report, and attaching a
file to a draft (a refused one first); each page passes axe and the HTML checker."""

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from communications import cascade_services, services
from communications.audiences import Criteria
from communications.models import Network, Subscriber, Topic
from tests.factories import PersonFactory, ProfessionalGroupFactory
from tests.uploads.samples import CLEAN_PDF


def _network(**extra):
    network = Network.objects.create(
        name="Nursing and midwifery network",
        slug="nursing-and-midwifery-network",
        description="Nurses and midwives across the ICB.",
        **extra,
    )
    return network


def _sent_bulletin(addresses=()):
    group = ProfessionalGroupFactory(name="Pharmacy")
    for address in addresses:
        PersonFactory(email=address, professional_group=group)
    bulletin = services.bulletin_save(
        user=None, title="Winter update", body="Hello.", topic=Topic.NEWS,
        criteria=Criteria(professional_groups=(group.pk,)), audience_label="Pharmacy",
        is_public=False,
    )  # fmt: skip
    return services.bulletin_send(user=None, bulletin=bulletin)


def test_joining_a_network_and_confirming_pass_axe(page, live_server, axe_check):
    _network()
    page.goto(f"{live_server.url}/communications/networks/")
    axe_check(page)
    page.get_by_role("link", name="Nursing and midwifery network").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Join the Nursing and midwifery network list"
    )
    axe_check(page)
    page.get_by_role("button", name="Join the list").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    axe_check(page)
    page.get_by_label("Your email address").fill("ada.lovelace@nhs.net")
    page.get_by_role("button", name="Join the list").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    axe_check(page)
    token = cascade_services.join_token(Subscriber.objects.get())
    page.goto(live_server.url + reverse("communications:network_confirm", args=[token]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm that you want to join")
    axe_check(page)
    page.get_by_role("button", name="Yes, join the list").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("You have joined")
    axe_check(page)
    assert Subscriber.objects.get().is_receiving


def test_a_lead_forwards_and_the_team_sees_the_reach(
    page, live_server, leader_user, staff_user, sign_in_as, axe_check
):
    network = _network()
    network.leads.add(leader_user.person)
    for i in range(3):
        Subscriber.objects.create(
            network=network, email=f"member{i}@nhs.net", confirmed_at=timezone.now()
        )
    bulletin = _sent_bulletin(["member0@nhs.net", "direct@nhs.net"])
    sign_in_as(page, leader_user)
    page.goto(live_server.url + bulletin.get_absolute_url())
    page.get_by_role("link", name="Forward to the Nursing and midwifery network").click()
    axe_check(page)
    page.get_by_label("Covering note").fill("Please share with your teams.")
    page.get_by_role("button", name="Forward it").click()
    expect(page.get_by_text("on its way to 2 addresses")).to_be_visible()
    axe_check(page)
    sign_in_as(page, staff_user)
    page.goto(live_server.url + reverse("communications:bulletin_manage", args=[bulletin.pk]))
    expect(page.get_by_role("heading", name="Reach through the networks")).to_be_visible()
    expect(page.get_by_text("4 different addresses")).to_be_visible()
    axe_check(page)
    page.goto(live_server.url + reverse("communications:network_manage_list"))
    axe_check(page)
    page.get_by_role("link", name="Nursing and midwifery network").click()
    axe_check(page)


def test_attaching_a_file_to_a_draft_passes_axe(
    page, live_server, staff_user, sign_in_as, axe_check, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": "/files/"},
        },
    }
    draft = services.bulletin_save(
        user=None, title="Spring update", body="Hello.", topic=Topic.NEWS, criteria=Criteria(),
        audience_label="Everyone", is_public=False,
    )  # fmt: skip
    sign_in_as(page, staff_user)
    page.goto(live_server.url + reverse("communications:bulletin_manage", args=[draft.pk]))
    page.get_by_role("link", name="Attach a file").click()
    axe_check(page)
    page.locator("input[type=file]").set_input_files(
        {"name": "page.pdf", "mimeType": "application/pdf", "buffer": b"<html>hi</html>"}
    )
    page.get_by_role("button", name="Attach the file").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    axe_check(page)
    page.locator("input[type=file]").set_input_files(
        {"name": "Spring paper.pdf", "mimeType": "application/pdf", "buffer": CLEAN_PDF}
    )
    page.get_by_role("button", name="Attach the file").click()
    expect(page.get_by_role("link", name="Spring paper.pdf")).to_be_visible()
    axe_check(page)
