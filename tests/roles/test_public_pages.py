"""The public register and the diversity analysis: no individual equality data, disclosure
control on every figure, and a fixed number of queries however many roles there are."""

import csv
import io
import json
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ccpl import population, publications
from ccpl.models import Benchmark
from roles import presenters, selectors
from roles.models import Appointment, JobDescription, LinkRole, Role, Seat
from tests.factories import EqualityProfileFactory, PersonFactory, ProfessionalGroupFactory
from tests.forums.factories import ForumFactory

from .factories import (
    AppointmentFactory,
    JobDescriptionFactory,
    LinkRoleFactory,
    RoleFactory,
    RoleFunctionFactory,
    SeatFactory,
)

pytestmark = pytest.mark.django_db

# Answers that must never appear in anything the register publishes.
REVEALING = {
    "ethnicity": ("white_roma", "Roma"),
    "religion": ("jewish", "Jewish"),
    "sexual_orientation": ("bisexual", "Bisexual"),
    "age_band": ("60+", "60 or over"),
    "disability": ("yes", "physical or mental health condition"),
}


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


@pytest.fixture
def register():
    """A filled role with seats and a link role, a vacant role, and an inactive role."""
    forum = ForumFactory(name="Clinical and Care Professional Council", is_public=True)
    private = ForumFactory(name="Frailty Clinical Programme Group", is_public=False)
    filled = RoleFactory(title="Clinical lead, Frailty CPG", summary="Leads frailty work.")
    person = PersonFactory(given_name="Amelia", family_name="Hughes")
    AppointmentFactory(role=filled, person=person)
    EqualityProfileFactory(
        person=person,
        sex="female",
        gender_same_as_birth="no",
        **{field: code for field, (code, _label) in REVEALING.items()},
    )
    SeatFactory(role=filled, forum=forum, capacity="chair")
    SeatFactory(role=filled, forum=private)
    LinkRoleFactory(role=filled, name="Sam Fletcher", kind="bi")
    JobDescriptionFactory(role=filled, version=1)
    vacant = RoleFactory(title="Dental professional lead")
    inactive = RoleFactory(title="Retired role", is_active=False)
    return {"filled": filled, "vacant": vacant, "inactive": inactive, "person": person}


def test_register_lists_active_roles_with_holders_and_involvement(client, register):
    response = client.get(reverse("roles:public_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Clinical lead, Frailty CPG" in html and "Leads frailty work." in html
    assert "Amelia Hughes" in html
    assert register["person"].professional_group.name in html
    assert "Vacant" in html and "Dental professional lead" in html
    assert "Retired role" not in html
    assert "Clinical and Care Professional Council</a> (chair)" in html
    assert "Frailty Clinical Programme Group (member)" in html
    assert "Sam Fletcher (business intelligence)" in html
    assert "<caption" in html


def test_register_shows_when_it_was_last_reviewed(client, staff_user, register):
    from roles import services

    assert "has not been reviewed yet" in client.get(reverse("roles:public_list")).content.decode()
    services.register_review_record(user=staff_user, reviewed_on=date(2026, 2, 3))
    html = client.get(reverse("roles:public_list")).content.decode()
    assert "last reviewed on 3 February 2026" in html
    assert "due by 3 February 2027" in html


def test_register_filters(client, register):
    url = reverse("roles:public_list")
    html = client.get(url, {"status": "vacant"}).content.decode()
    assert "Dental professional lead" in html and "Amelia Hughes" not in html
    html = client.get(url, {"q": "hughes"}).content.decode()
    assert "Amelia Hughes" in html and "Dental professional lead" not in html
    group = register["person"].professional_group
    html = client.get(url, {"professional_group": group.pk}).content.decode()
    assert "Amelia Hughes" in html
    html = client.get(url, {"status": "nonsense"}).content.decode()
    assert "Select a valid choice" in html


def test_register_open_data_is_the_same_register(client, register):
    rows = _csv(client.get(reverse("roles:register_csv")))
    assert rows[0] == presenters.REGISTER_CSV_HEADER
    by_role = {row[0]: row for row in rows[1:]}
    assert set(by_role) == {"Clinical lead, Frailty CPG", "Dental professional lead"}
    filled = by_role["Clinical lead, Frailty CPG"]
    assert filled[4:6] == ["Filled", "Amelia Hughes"]
    assert "Clinical and Care Professional Council (chair)" in filled[9]
    assert by_role["Dental professional lead"][4] == "Vacant"

    data = json.loads(client.get(reverse("roles:register_json")).content)
    assert {r["role"] for r in data["roles"]} == set(by_role)
    role = next(r for r in data["roles"] if r["holders"])
    assert role["holders"][0]["name"] == "Amelia Hughes"
    assert set(role["holders"][0]) == {"name", "professional_group", "since"}

    vacant_only = _csv(client.get(reverse("roles:register_csv"), {"status": "vacant"}))
    assert [row[0] for row in vacant_only[1:]] == ["Dental professional lead"]


def test_register_never_publishes_equality_data(client, register):
    pages = [
        client.get(reverse("roles:public_list")).content.decode(),
        b"".join(client.get(reverse("roles:register_csv")).streaming_content).decode("utf-8-sig"),
        client.get(reverse("roles:register_json")).content.decode(),
    ]
    for text in pages:
        assert "Amelia Hughes" in text
        for code, label in REVEALING.values():
            assert label not in text
            assert f'"{code}"' not in text and f",{code}," not in text
        for word in ("ethnic", "religion", "sexual", "disabil", "gender", "Female"):
            assert word.lower() not in text.lower().replace("diversity", "")


def test_vacant_roles_link_to_their_open_advert(client, register):
    from tests.recruitment.factories import CampaignFactory

    html = client.get(reverse("roles:public_list")).content.decode()
    assert "See the advert" not in html  # vacant, but not advertised yet
    campaign = CampaignFactory(request__role=register["vacant"])
    html = client.get(reverse("roles:public_list")).content.decode()
    advert = reverse("recruitment:vacancy_detail", kwargs={"pk": campaign.pk})
    assert f'href="{advert}"' in html


# --- Diversity analysis ------------------------------------------------------------------


def _holders(n, **answers):
    people = []
    for _ in range(n):
        appointment = AppointmentFactory()
        EqualityProfileFactory(person=appointment.person, **answers)
        people.append(appointment.person)
    return people


def _row(html: str, label: str, section: str = "") -> list[str]:
    """The cells of the first table row headed ``label`` (after ``id="section"``)."""
    if section:
        html = html[html.index(f'id="{section}"') :]
    match = re.search(
        rf'<th scope="row" class="nhsuk-table__header">{re.escape(label)}</th>(.*?)</tr>',
        html,
        re.S,
    )
    assert match, f"no row {label!r}"
    return [cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", match.group(1), re.S)]


def _publish(on=None):
    """Publish the role holders' figures now (a publication point, whatever the date)."""
    return publications.publication_make(
        population=selectors.ROLE_HOLDERS, on=on or timezone.localdate(), force=True
    )


def test_a_group_of_three_shows_a_star(client):
    _holders(3, ethnicity="black_african", sex="male")
    _holders(9, ethnicity="asian_indian", sex="male")
    _holders(20, ethnicity="white_british", sex="female")
    _publish()
    html = client.get(reverse("roles:diversity")).content.decode()
    black = _row(html, "Black, Black British, Black Welsh, Caribbean or African")
    assert black[:2] == ["*", "*"]
    # Secondary suppression: with the total shown, the next smallest group is hidden too,
    # so the three cannot be worked out by subtraction.
    assert _row(html, "Asian, Asian British or Asian Welsh")[:2] == ["*", "*"]
    assert _row(html, "White")[:2] == ["20", "67%"]  # of the 30 published: 66.7%
    assert _row(html, "Total", "ethnic_group")[0] == "30"
    assert ">3<" not in html and ">9<" not in html


def test_diversity_compares_with_benchmarks_and_shows_not_stated(client):
    Benchmark.objects.create(
        benchmark="population", dimension="sex", category="female", share=Decimal("0.51")
    )
    Benchmark.objects.create(
        benchmark="population", dimension="sex", category="male", share=Decimal("0.49")
    )
    family = ProfessionalGroupFactory(name="Medical", slug="medical")
    Benchmark.objects.create(
        benchmark="workforce",
        dimension="professional_group",
        category="medical",
        share=Decimal("0.12"),
    )
    for person in _holders(30, sex="female") + _holders(10, sex="male"):
        person.professional_group = family
        person.save()
    _holders(9, sex="prefer_not_to_say")
    _publish()
    html = client.get(reverse("roles:diversity")).content.decode()
    # Shares of the published total (49 → 50), from the published counts.
    assert _row(html, "Female") == ["30", "60%", "51%", "1.18"]
    assert _row(html, "Male") == ["10", "20%", "49%", "0.41"]
    assert _row(html, "Prefer not to say", "sex") == ["10", "20%", "–", "–"]
    # Professional groups are exact: the register already names every holder's group.
    assert _row(html, "Medical") == ["40", "82%", "12%", "6.83"]
    assert _row(html, "Total", "professional_group")[0] == "49"  # exact, as the register
    assert "rounding or hiding them would protect nobody" in html
    assert "compared with the workforce" in html
    assert "compared with the population served" in html
    assert "* means 1 to 7 people" in html


def test_people_who_have_not_told_us_are_counted_once(client):
    _holders(20, sex="female", age_band="40-49", ethnicity="white_british")
    for _ in range(12):
        AppointmentFactory()  # no equality answers at all
    _publish()
    html = client.get(reverse("roles:diversity")).content.decode()
    assert "Of them, 10 have not told us their age, sex or ethnic group" in html
    # Not a "Not known" row in every table: the tables count the 20 who told us.
    assert "Not known" not in html
    assert _row(html, "Total", "sex")[0] == "20"
    assert _row(html, "Total", "age_band")[0] == "20"


def test_shares_are_of_everyone_when_the_told_us_total_is_hidden(client):
    _holders(20, sex="female", age_band="40-49", ethnicity="white_british")
    _holders(15, sex="male", age_band="50-59", ethnicity="white_british")
    AppointmentFactory()  # one person has told us nothing: 36 − told would give them away
    _publish()
    html = client.get(reverse("roles:diversity")).content.decode()
    assert "count the * who have" in html
    assert "shares in those tables are of all role holders" in html
    assert _row(html, "Female")[:2] == ["20", "56%"]  # 20 of 36


def test_diversity_is_published_not_live(client, settings):
    html = client.get(reverse("roles:diversity")).content.decode()
    assert "No figures have been published yet." in html
    assert _csv(client.get(reverse("roles:diversity_csv"))) == [population.CSV_HEADER]
    _holders(12, sex="female")
    _publish()
    _holders(9, sex="male")  # after the publication point: not shown until the next
    html = client.get(reverse("roles:diversity")).content.decode()
    assert _row(html, "Total", "sex")[0] == "10"
    assert "The next figures are due on" in html
    assert f"at least {settings.PEOPLE_PUBLICATION_MIN_CHANGES} people" in html


def test_diversity_shows_year_on_year_change_from_publications(client):
    _holders(10, sex="female")
    _publish(timezone.localdate() - timedelta(days=100))
    _holders(10, sex="male")
    _publish()
    html = client.get(reverse("roles:diversity")).content.decode()
    assert "Sex: change over time" in html
    assert timezone.localdate().strftime("%-d %B %Y") + ": number" in html


def test_diversity_csv_uses_the_published_figures(client):
    _holders(3, sex="male")
    _holders(9, sex="prefer_not_to_say")
    _holders(12, sex="female")
    _publish()
    rows = _csv(client.get(reverse("roles:diversity_csv")))
    assert rows[0] == population.CSV_HEADER
    sex = {r[1]: r for r in rows if r[0] == "Sex"}
    assert sex["Male"][3:5] == ["*", "*"]
    assert sex["Prefer not to say"][3] == "*"
    assert sex["Female"][3:5] == ["10", "40"]  # 10 of the published 25
    assert sex["Total"][3] == "25"
    assert not any(row[3] in ("3", "9", "12") for row in rows[1:] if row[0] == "Sex")


def test_representation_ratio_is_hidden_with_its_share():
    from ccpl import disclosure
    from ccpl.disclosure import people_count_table

    table = people_count_table({"a": 3, "b": 30, "c": 9}, rows=["a", "b", "c"], columns=["n"])
    hidden = table.share("a", "n", within="column")
    shown = table.share("b", "n", within="column")
    assert disclosure.representation_ratio(hidden, Decimal("0.1")) == "*"
    assert disclosure.representation_ratio(hidden, None) == "–"
    assert disclosure.representation_ratio(shown, Decimal("0.5")) == f"{shown.percent / 50:.2f}"


# --- Queries do not grow with the number of roles ---------------------------------------


def _bulk_roles(count: int, start: int = 0):
    function = RoleFunctionFactory(name="Professional network")
    forum = ForumFactory()
    group = ProfessionalGroupFactory()
    roles = Role.objects.bulk_create(
        Role(title=f"Lead {start + i}", function=function, sessional_time=2) for i in range(count)
    )
    people = [
        PersonFactory.build(professional_group=group, organisation=None, place=None) for _ in roles
    ]
    for person in people:
        person.email = f"lead{start}-{id(person)}@nhs.net"
    from ccpl.models import Person

    people = Person.objects.bulk_create(people)
    today = timezone.localdate()
    Appointment.objects.bulk_create(
        Appointment(role=role, person=person, starts_on=today - timedelta(days=30))
        for role, person in zip(roles[: count * 4 // 5], people, strict=False)
    )
    Seat.objects.bulk_create(Seat(role=role, forum=forum) for role in roles)
    LinkRole.objects.bulk_create(LinkRole(role=role, kind="bi", name="Analyst") for role in roles)
    JobDescription.objects.bulk_create(
        JobDescription(
            role=role,
            version=1,
            purpose="p",
            responsibilities="r",
            person_specification="s",
            values_and_behaviours="v",
            approved_by="CMO",
            approved_on=today - timedelta(days=10),
            review_due_on=today + timedelta(days=300),
        )
        for role in roles
    )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_register_queries_do_not_grow_from_50_to_500_roles(login, staff_user, no_page_cache):
    client, staff_client = login(), login(staff_user)
    urls = [
        reverse("roles:public_list"),
        reverse("roles:register_csv"),
        reverse("roles:register_json"),
        reverse("roles:diversity"),
    ]
    _bulk_roles(50)
    small = [_queries(client, url) for url in urls]
    staff_small = _queries(staff_client, reverse("roles:role_list"))
    _bulk_roles(450, start=50)
    large = [_queries(client, url) for url in urls]
    staff_large = _queries(staff_client, reverse("roles:role_list"))
    assert large == small
    assert staff_large == staff_small
    assert max(small) <= 13  # includes one query for open adverts
    html = client.get(urls[0]).content.decode()
    assert html.count(">Lead ") == 100  # 100 rows shown, not 50, with the same queries
