"""Who reaches which development page, and what the pages do."""

import pytest
from django.urls import reverse

from development.models import Cohort, Offer

from .factories import CohortFactory, OfferFactory

pytestmark = pytest.mark.django_db


def _manage_urls(offer, cohort):
    return {
        "list": reverse("development:offer_list"),
        "cohorts": reverse("development:cohort_list"),
        "offer": reverse("development:offer_manage", args=[offer.pk]),
        "new": reverse("development:offer_create"),
        "edit": reverse("development:offer_edit", args=[offer.pk]),
        "cohort new": reverse("development:cohort_create", args=[offer.pk]),
        "cohort edit": reverse("development:cohort_edit", args=[cohort.pk]),
    }


READ = ("list", "cohorts", "offer")


def test_permission_matrix(client, staff_client, exec_client, leader_client, panel_client):
    cohort = CohortFactory()
    urls = _manage_urls(cohort.offer, cohort)
    for name, url in urls.items():
        assert client.get(url).status_code == 302, name  # sign in first
        assert staff_client.get(url).status_code == 200, name
        assert exec_client.get(url).status_code == (200 if name in READ else 403), name
        assert leader_client.get(url).status_code == 403, name
        assert panel_client.get(url).status_code == 403, name


def test_system_administrator_has_no_development_pages(sysadmin_client):
    cohort = CohortFactory()
    assert sysadmin_client.get(reverse("development:offer_list")).status_code == 403
    url = reverse("development:cohort_edit", args=[cohort.pk])
    assert sysadmin_client.post(url, {"name": "x"}).status_code == 403


def test_executive_cannot_post_an_edit(exec_client):
    offer = OfferFactory(title="Before")
    response = exec_client.post(reverse("development:offer_edit", args=[offer.pk]), {"title": "x"})
    assert response.status_code == 403
    offer.refresh_from_db()
    assert offer.title == "Before"


def test_executive_sees_no_change_links(exec_client, staff_client):
    offer = CohortFactory().offer
    url = reverse("development:offer_manage", args=[offer.pk])
    edit = reverse("development:offer_edit", args=[offer.pk])
    assert edit not in exec_client.get(url).content.decode()
    assert edit in staff_client.get(url).content.decode()


def test_public_sees_only_published_offers(client):
    shown = CohortFactory(offer__title="Growing system leaders").offer
    hidden = CohortFactory(offer__title="Secret masterclass", offer__is_published=False).offer
    page = client.get(reverse("development:catalogue")).content.decode()
    assert "Growing system leaders" in page and "Secret masterclass" not in page
    assert "How to apply" in page
    assert client.get(reverse("development:offer_detail", args=[shown.pk])).status_code == 200
    assert client.get(reverse("development:offer_detail", args=[hidden.pk])).status_code == 404


def test_catalogue_empty_state_and_filters(client):
    page = client.get(reverse("development:catalogue")).content.decode()
    assert "No offers are taking applications at the moment" in page
    CohortFactory(offer__kind=Offer.Kind.COACHING, offer__title="Coaching for leaders")
    page = client.get(reverse("development:catalogue"), {"kind": "mentoring"}).content.decode()
    assert "No offers taking applications match these filters" in page
    page = client.get(reverse("development:catalogue"), {"kind": "coaching"}).content.decode()
    assert "Coaching for leaders" in page


def test_catalogue_pages_ten_at_a_time_and_survives_bad_input(client):
    for _ in range(11):
        CohortFactory()
    assert (
        client.get(reverse("development:catalogue")).content.decode().count("nhsuk-card__heading")
        == 10
    )
    second = client.get(reverse("development:catalogue"), {"page": "2"}).content.decode()
    assert second.count("nhsuk-card__heading") == 1
    for query in (
        {"page": "x"},
        {"kind": "nonsense"},
        {"profession": "²"},
        {"profession": "99999"},
    ):
        assert client.get(reverse("development:catalogue"), query).status_code == 200


def _offer_post(**extra):
    return {
        "title": "Incubator for new leaders",
        "kind": "incubator",
        "summary": "For new leaders.",
        "provider": "Faculty",
        "levels": ["new"],
        "format": "blended",
        "time_commitment": "Half a day a month",
        "cost": "Free",
        "how_to_apply": "E-mail us.",
        "is_published": "on",
        **extra,
    }


def test_staff_add_and_change_an_offer(staff_client, staff_user):
    response = staff_client.post(reverse("development:offer_create"), _offer_post())
    offer = Offer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("development:offer_manage", args=[offer.pk])
    assert offer.levels == ["new"] and offer.is_published
    staff_client.post(
        reverse("development:offer_edit", args=[offer.pk]), _offer_post(title="Renamed")
    )
    offer.refresh_from_db()
    assert offer.title == "Renamed"
    assert offer.history.first().history_user == staff_user


def test_offer_form_errors_are_shown(staff_client):
    response = staff_client.post(reverse("development:offer_create"), _offer_post(title=""))
    assert response.status_code == 200
    assert (
        "Enter title" in response.content.decode() or "Enter a title" in response.content.decode()
    )
    assert not Offer.objects.exists()


def _cohort_post(**extra):
    data = {
        "name": "Spring 2027",
        "places": "16",
        "status": "scheduled",
    }
    for field, (day, month, year) in {
        "starts_on": (1, 3, 2027),
        "ends_on": (31, 8, 2027),
        "applications_open_on": (4, 1, 2027),
        "applications_close_on": (5, 2, 2027),
    }.items():
        data.update({f"{field}_day": day, f"{field}_month": month, f"{field}_year": year})
    data.update(extra)
    return data


def test_staff_add_a_cohort_and_see_the_rules(staff_client):
    offer = OfferFactory()
    url = reverse("development:cohort_create", args=[offer.pk])
    bad = staff_client.post(url, _cohort_post(places="0", ends_on_day="1", ends_on_month="1"))
    page = bad.content.decode()
    assert bad.status_code == 200
    assert "The end date must be the same as or after the start date" in page
    assert "The number of places must be 1 or more" in page
    assert not Cohort.objects.exists()
    assert staff_client.post(url, _cohort_post()).status_code == 302
    cohort = Cohort.objects.get()
    assert (cohort.offer, cohort.places) == (offer, 16)
    edit = reverse("development:cohort_edit", args=[cohort.pk])
    assert staff_client.post(edit, _cohort_post(status="full")).status_code == 302
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.FULL


def test_history_link_on_the_staff_offer_page(staff_client):
    offer = CohortFactory().offer
    page = staff_client.get(reverse("development:offer_manage", args=[offer.pk])).content.decode()
    assert "View change history" in page
    history = reverse("ccpl:object_history", args=[_type_id(Offer), offer.pk])
    assert history in page
    assert staff_client.get(history).status_code == 200


def _type_id(model):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model).pk


def test_header_links_development_for_everyone(client):
    page = client.get(reverse("home")).content.decode()
    assert reverse("development:catalogue") in page
