"""The cascade: joining a network's list (double opt-in, no enumeration, nobody adds anyone
else), leaving it, a lead forwarding a sent bulletin once, one e-mail per address however
many ways it is reached, and the reach the CCPL team sees."""

import re
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ccpl.models import Email
from ccpl.services import email_send
from communications import cascade_selectors, cascade_services, services
from communications.models import Bulletin, Delivery, Forward, Subscriber

from .cascade_helpers import network, sent_bulletin

pytestmark = pytest.mark.django_db


def _join(client, net, email, name="Ada"):
    return client.post(
        reverse("communications:network_join", args=[net.slug]), {"email": email, "name": name}
    )


def _confirmation_link(address: str) -> str:
    """Send the queued confirmation e-mail as the worker would, and read its link."""
    queued = Email.objects.filter(to=address, kind="Network confirmation").latest("pk")
    assert "{link}" in queued.body and "/networks/confirm/" not in queued.body  # no token kept
    email_send(email_id=queued.pk)
    body = mail.outbox[-1].body
    return re.search(r"/communications/networks/confirm/\S+/", body).group(0)


def _deliver(bulletin):
    return services.bulletin_deliver(bulletin_id=bulletin.pk)


def _sent_to(bulletin) -> list[str]:
    return sorted(
        Delivery.objects.filter(bulletin=bulletin, message__isnull=False).values_list(
            "email", flat=True
        )
    )


def _lead_client(net, email="lead@nhs.net"):
    from tests.factories import PersonFactory, UserFactory

    user = UserFactory()
    lead = PersonFactory(user=user, email=email)
    net.leads.add(lead)
    client = Client()
    client.force_login(user)
    return client, user


# --- Double opt-in ----------------------------------------------------------------------------


def test_joining_needs_the_owner_to_press_confirm_from_the_email(client):
    net = network()
    response = _join(client, net, "Ada@nhs.net")
    assert response.status_code == 302
    assert response["Location"] == reverse("communications:network_join_sent", args=[net.slug])
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "ada@nhs.net" and subscriber.confirmed_at is None
    path = _confirmation_link("ada@nhs.net")
    for _ in range(3):  # a mail scanner fetching the link: nothing happens
        page = client.get(path)
        assert page.status_code == 200 and "Yes, join the list" in page.content.decode()
        client.head(path)
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None
    done = client.post(path)
    assert "You have joined the Nursing and midwifery network list" in done.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.is_receiving


def test_an_unconfirmed_address_never_gets_a_forward(client):
    net = network(addresses=["on@nhs.net"])
    _join(client, net, "waiting@nhs.net")
    bulletin = sent_bulletin()
    lead_client, lead = _lead_client(net)
    cascade_services.bulletin_forward(user=lead, bulletin=bulletin, network=net)
    _deliver(bulletin)
    assert _sent_to(bulletin) == ["on@nhs.net"]


def test_a_forged_altered_or_expired_link_confirms_nothing(client, monkeypatch):
    net = network()
    _join(client, net, "ada@nhs.net")
    subscriber = Subscriber.objects.get()
    forged = signing.dumps({"s": subscriber.pk, "e": "ada@nhs.net"}, salt="something else")
    altered = cascade_services.join_token(subscriber)[:-2] + "xx"
    preference_token = services.preference_token("ada@nhs.net")
    for token in (forged, altered, preference_token, "nonsense"):
        url = reverse("communications:network_confirm", args=[token])
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 403
            assert "This link is not valid" in response.content.decode()
    monkeypatch.setattr(cascade_services, "JOIN_LINK_AGE", timedelta(seconds=-1))
    url = reverse("communications:network_confirm", args=[cascade_services.join_token(subscriber)])
    response = client.post(url)
    assert response.status_code == 403 and "This link has expired" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None


def test_a_token_for_one_address_cannot_confirm_another():
    net = network()
    cascade_services.network_join(network=net, email="ada@nhs.net")
    victim = Subscriber.objects.create(network=net, email="victim@nhs.net")
    token = signing.dumps({"s": victim.pk, "e": "ada@nhs.net"}, salt=cascade_services.JOIN_SALT)
    response = Client().post(reverse("communications:network_confirm", args=[token]))
    assert response.status_code == 403
    victim.refresh_from_db()
    assert victim.confirmed_at is None


# --- No enumeration, no flood, nobody adds anyone else ----------------------------------------


def test_joining_answers_the_same_whether_or_not_the_address_is_on_the_list(client):
    net = network(addresses=["known@nhs.net"])
    answers = []
    for address in ("known@nhs.net", "stranger@nhs.net"):
        response = _join(Client(), net, address)
        followed = Client().get(response["Location"])
        answers.append((response.status_code, response["Location"], followed.content))
    assert answers[0] == answers[1]
    # And the confirmed address is not sent another e-mail to click.
    assert not Email.objects.filter(to="known@nhs.net").exists()


def test_asking_again_and_again_sends_one_confirmation_an_hour():
    net = network()
    for _ in range(10):
        _join(Client(), net, "ada@nhs.net")
    assert Email.objects.filter(to="ada@nhs.net").count() == 1
    Subscriber.objects.update(confirmation_sent_at=timezone.now() - timedelta(hours=2))
    _join(Client(), net, "ADA@nhs.net")
    assert Email.objects.filter(to="ada@nhs.net").count() == 2
    assert Subscriber.objects.count() == 1


def test_nobody_can_put_someone_else_on_a_list(client):
    """The public form takes one address and confirms nothing; the signed-in button uses the
    account's own address whatever the request carries."""
    net = network()
    _join(client, net, "victim@nhs.net")
    assert not Subscriber.objects.filter(confirmed_at__isnull=False).exists()
    leader, user = _lead_client(network("Other"), email="me@nhs.net")
    response = leader.post(
        reverse("communications:network_join", args=[net.slug]),
        {"as_self": "1", "email": "victim2@nhs.net", "name": "Victim"},
    )
    assert response.status_code == 302
    confirmed = list(
        Subscriber.objects.filter(confirmed_at__isnull=False).values_list("email", flat=True)
    )
    assert confirmed == ["me@nhs.net"]
    # A visitor with no account cannot use the one-click button.
    assert client.post(
        reverse("communications:network_join", args=[net.slug]), {"as_self": "1"}
    ).status_code in (302, 403)
    assert Subscriber.objects.filter(confirmed_at__isnull=False).count() == 1


def test_a_closed_network_cannot_be_joined(client):
    net = network(is_open=False)
    assert client.get(reverse("communications:network_join", args=[net.slug])).status_code == 404
    with pytest.raises(ValidationError):
        cascade_services.network_join(network=net, email="a@nhs.net")


def test_bad_input_is_a_form_error(client):
    net = network()
    response = _join(client, net, "not an address")
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert not Subscriber.objects.exists()


# --- Leaving and unsubscribing (attack: they must never get a forward) ------------------------


def test_people_who_left_or_unsubscribed_never_get_a_forward(client):
    net = network(
        addresses=["stays@nhs.net", "left@nhs.net", "global@nhs.net", "late@nhs.net", "off@nhs.net"]
    )
    # Left the network from the link in an earlier e-mail.
    leave = reverse(
        "communications:network_leave", args=[cascade_services.leave_token(net.pk, "left@nhs.net")]
    )
    assert client.get(leave).status_code == 200  # a GET leaves nobody
    assert Subscriber.objects.get(email="left@nhs.net").unsubscribed_at is None
    client.post(leave)
    # Unsubscribed from every e-mail; turned the topic off.
    services.unsubscribe(email="GLOBAL@nhs.net")
    services.preferences_save(email="off@nhs.net", topics=["events"], frequency="each")
    bulletin = sent_bulletin()
    _, lead = _lead_client(net)
    forward = cascade_services.bulletin_forward(user=lead, bulletin=bulletin, network=net)
    # Leaves the network after the forward, before the worker gets to it.
    cascade_services.network_leave(network=net, email="late@nhs.net")
    _deliver(bulletin)
    assert _sent_to(bulletin) == ["stays@nhs.net"]
    assert forward.recipients == 2  # stays and late: the others were never queued
    assert Delivery.objects.get(email="late@nhs.net").skipped


def test_a_network_email_carries_its_own_leave_link_and_one_click_header(settings):
    settings.CCPL_SITE_URL = "https://ccpl.example.nhs.uk"
    net = network(addresses=["member@nhs.net"])
    bulletin = sent_bulletin()
    _, lead = _lead_client(net)
    cascade_services.bulletin_forward(user=lead, bulletin=bulletin, network=net, note="Please read")
    _deliver(bulletin)
    email = Email.objects.get(to="member@nhs.net")
    assert "Please read" in email.body
    assert "Leave the Nursing and midwifery network list: https://" in email.body
    assert "Unsubscribe from every e-mail" in email.body
    one_click = email.headers["List-Unsubscribe"].strip("<>").split("/communications", 1)[1]
    response = Client().post("/communications" + one_click, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Subscriber.objects.get().unsubscribed_at is not None


# --- Forwarding -------------------------------------------------------------------------------


def test_one_email_per_address_however_many_ways_it_is_reached():
    bulletin = sent_bulletin(["p0@nhs.net", "p1@nhs.net"])
    first = network("Nursing", addresses=["P0@nhs.net", "x@nhs.net", "y@nhs.net"])
    second = network("AHP council", addresses=["x@nhs.net", "z@nhs.net", "p1@nhs.net"])
    _, lead = _lead_client(first)
    second.leads.add(lead.person)
    one = cascade_services.bulletin_forward(user=lead, bulletin=bulletin, network=first)
    two = cascade_services.bulletin_forward(user=lead, bulletin=bulletin, network=second)
    with pytest.raises(ValidationError, match="already been forwarded"):
        cascade_services.bulletin_forward(user=lead, bulletin=bulletin, network=first)
    _deliver(bulletin)
    _deliver(bulletin)  # a retried run sends nobody twice
    per_address = Email.objects.values("to").annotate(n=Count("pk"))
    assert {row["to"].lower(): row["n"] for row in per_address} == {
        "p0@nhs.net": 1, "p1@nhs.net": 1, "x@nhs.net": 1, "y@nhs.net": 1, "z@nhs.net": 1,
    }  # fmt: skip
    assert (one.recipients, two.recipients) == (2, 1)
    reach = cascade_selectors.bulletin_reach(bulletin)
    assert (reach["direct"], reach["cascade"], reach["total"]) == (2, 3, 5)
    assert [f.reached for f in reach["forwards"]] == [2, 1]


def test_only_a_sent_bulletin_can_be_forwarded_and_only_by_a_lead(client, leader_client):
    net = network(addresses=["member@nhs.net"])
    draft = sent_bulletin(send=False)
    bulletin = sent_bulletin()
    lead_client, lead = _lead_client(net)
    url = reverse("communications:bulletin_forward", args=[bulletin.pk, net.pk])
    assert client.get(url).status_code == 302  # sign in first
    assert leader_client.get(url).status_code == 403  # a leader who does not lead it
    assert leader_client.post(url, {"note": "x"}).status_code == 403
    assert not Forward.objects.exists()
    draft_url = reverse("communications:bulletin_forward", args=[draft.pk, net.pk])
    assert lead_client.get(draft_url).status_code == 404
    with pytest.raises(ValidationError, match="Only a sent bulletin"):
        cascade_services.bulletin_forward(user=lead, bulletin=draft, network=net)
    page = lead_client.get(bulletin.get_absolute_url()).content.decode()
    assert "Forward to the Nursing and midwifery network" in page
    assert lead_client.get(url).status_code == 200
    response = lead_client.post(url, {"note": "For you all"})
    assert response.status_code == 302
    again = lead_client.post(url, {"note": "Again"})
    assert again.status_code == 200 and "already been forwarded" in again.content.decode()
    assert Forward.objects.count() == 1
    page = lead_client.get(bulletin.get_absolute_url()).content.decode()
    assert "Forwarded to the Nursing and midwifery network" in page


def test_a_lead_removed_from_the_network_can_no_longer_forward():
    net = network()
    client, lead = _lead_client(net)
    net.leads.clear()
    bulletin = sent_bulletin()
    url = reverse("communications:bulletin_forward", args=[bulletin.pk, net.pk])
    assert client.post(url).status_code == 403
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        cascade_services.bulletin_forward(user=lead, bulletin=bulletin, network=net)


def test_weekly_readers_get_a_forward_in_their_digest():
    net = network(addresses=["weekly@nhs.net"])
    services.preferences_save(email="weekly@nhs.net", topics=["news"], frequency="weekly")
    bulletin = sent_bulletin()
    _, lead = _lead_client(net)
    cascade_services.bulletin_forward(user=lead, bulletin=bulletin, network=net)
    assert _deliver(bulletin) == 0
    assert services.digests_send() == 1


# --- What the CCPL team sees ---------------------------------------------------------------


def test_the_delivery_report_shows_reach_by_network(staff_client):
    bulletin = sent_bulletin(["p0@nhs.net"])
    net = network(addresses=["p0@nhs.net", "x@nhs.net"])
    _, lead = _lead_client(net)
    cascade_services.bulletin_forward(user=lead, bulletin=bulletin, network=net)
    _deliver(bulletin)
    page = staff_client.get(
        reverse("communications:bulletin_manage", args=[bulletin.pk])
    ).content.decode()
    assert "Reach through the networks" in page
    assert "1 more address" in page and "2 different addresses" in page
    assert lead.person.full_name in page


def test_reach_summary_counts_bulletins_and_distinct_addresses():
    start = timezone.now() - timedelta(days=1)
    one = sent_bulletin(["p0@nhs.net", "p1@nhs.net"])
    two = sent_bulletin(["p2@nhs.net"], title="Another")
    net = network(addresses=["x@nhs.net", "p1@nhs.net"])
    _, lead = _lead_client(net)
    cascade_services.bulletin_forward(user=lead, bulletin=two, network=net)
    summary = cascade_selectors.reach_summary(start, timezone.now() + timedelta(days=1))
    assert summary == {
        "bulletins": 2, "forwards": 1, "direct": 3, "cascade": 2, "distinct_addresses": 4,
    }  # fmt: skip
    assert one.pk  # both counted
    later = cascade_selectors.reach_summary(
        timezone.now() + timedelta(days=1), timezone.now() + timedelta(days=2)
    )
    assert later["bulletins"] == 0 and later["distinct_addresses"] == 0


def test_network_pages_by_user_kind(client, staff_client, exec_client, leader_client, leader_user):
    net = network(addresses=["member@nhs.net"])
    manage = reverse("communications:network_manage_list")
    detail = reverse("communications:network_manage", args=[net.pk])
    create = reverse("communications:network_create")
    for url in (manage, detail, create):
        assert client.get(url).status_code == 302
        assert leader_client.get(url).status_code == 403
    assert exec_client.get(detail).status_code == 200
    assert exec_client.get(create).status_code == 403
    response = staff_client.post(
        create,
        {"name": "Pharmacy network", "description": "Pharmacists", "leads": [leader_user.person.pk],
         "is_open": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    from communications.models import Network

    created = Network.objects.get(name="Pharmacy network")
    assert created.slug == "pharmacy-network" and list(created.leads.all()) == [leader_user.person]
    assert "member@nhs.net" in staff_client.get(detail).content.decode()
    assert "Pharmacy network" in client.get(reverse("communications:network_list")).content.decode()


# --- Queries: the same at two sizes --------------------------------------------------------


def _queries(django_assert_max_num_queries, client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["list", "manage_list", "manage_detail", "report", "detail"])
def test_new_pages_cost_the_same_queries_at_two_sizes(
    page, staff_client, django_assert_max_num_queries
):
    counts = []
    for size in (2, 6):
        Bulletin.objects.all().delete()
        from communications.models import Network

        Network.objects.all().delete()
        bulletin = sent_bulletin([f"d{size}-{i}@nhs.net" for i in range(size)])
        client, lead = _lead_client(
            network("Base", addresses=["b@nhs.net"]), email=f"l{size}@nhs.net"
        )
        for n in range(size):
            net = network(
                f"Net {size} {n}", addresses=[f"s{size}-{n}-{i}@nhs.net" for i in range(size)]
            )
            net.leads.add(lead.person)
            cascade_services.bulletin_forward(user=lead, bulletin=bulletin, network=net)
        first = Network.objects.order_by("pk").first()
        url, who = {
            "list": (reverse("communications:network_list"), Client()),
            "manage_list": (reverse("communications:network_manage_list"), staff_client),
            "manage_detail": (
                reverse("communications:network_manage", args=[first.pk]),
                staff_client,
            ),
            "report": (reverse("communications:bulletin_manage", args=[bulletin.pk]), staff_client),
            "detail": (bulletin.get_absolute_url(), client),
        }[page]
        counts.append(_queries(django_assert_max_num_queries, who, url))
    assert counts[0] == counts[1]
