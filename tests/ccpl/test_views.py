"""Core pages: who may see them, what they show, and that bad input never gives a 500."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile

from ccpl.models import Benchmark, EqualityProfile, Person
from tests.factories import EqualityProfileFactory, PersonFactory, PlaceFactory, PriorityFactory


@pytest.mark.django_db
def test_home_is_public_and_lists_the_priorities(client):
    PriorityFactory(number=1, short_title="Integrated into decision-making")
    response = client.get("/")
    assert response.status_code == 200
    assert "Integrated into decision-making" in response.content.decode()
    assert "Sign in" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/manage/people/",
        "/manage/benchmarks/",
        "/manage/benchmarks/import/",
        "/profile/",
        "/profile/equality/",
    ],
)
@pytest.mark.django_db
def test_signed_in_pages_send_anonymous_users_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize(
    ("fixture", "url", "status"),
    [
        ("leader_client", "/manage/people/", 403),
        ("panel_client", "/manage/people/", 403),
        ("exec_client", "/manage/people/", 200),
        ("staff_client", "/manage/people/", 200),
        ("exec_client", "/manage/benchmarks/import/", 403),
        ("staff_client", "/manage/benchmarks/import/", 200),
        ("leader_client", "/profile/equality/", 200),
    ],
)
@pytest.mark.django_db
def test_pages_check_permissions(request, fixture, url, status):
    client = request.getfixturevalue(fixture)
    assert client.get(url).status_code == status


@pytest.mark.parametrize(
    "fixture", ["staff_client", "exec_client", "panel_client", "sysadmin_client"]
)
@pytest.mark.django_db
def test_profile_pages_say_plainly_when_an_account_has_no_person_record(request, fixture):
    client = request.getfixturevalue(fixture)
    for url in ("/profile/", "/profile/details/", "/profile/equality/"):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "Your account is not linked to a person record" in page, url
        assert "clinical and care professional leadership team" in page, url
    response = client.post("/profile/equality/", {"sex": "female", "religion": "buddhist"})
    assert response.status_code == 200
    assert "Your account is not linked to a person record" in response.content.decode()
    response = client.post("/profile/details/", {"given_name": "Someone", "family_name": "Else"})
    assert response.status_code == 200
    assert not EqualityProfile.objects.exists()
    assert not Person.objects.filter(given_name="Someone").exists()


@pytest.mark.django_db
def test_person_list_filters_exports_csv_and_keeps_queries_constant(
    staff_client, django_assert_max_num_queries
):
    place = PlaceFactory(name="Forest of Dean")
    PersonFactory(given_name="Zara", family_name="Okafor", place=place)
    PersonFactory.create_batch(5)
    with django_assert_max_num_queries(13) as few:
        response = staff_client.get("/manage/people/")
    assert response.status_code == 200
    PersonFactory.create_batch(40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get("/manage/people/")
    assert "Showing" in response.content.decode()

    filtered = staff_client.get("/manage/people/", {"place": place.pk})
    body = filtered.content.decode()
    assert "Zara Okafor" in body
    assert body.count("<tr") == 2  # header row and one person

    export = staff_client.get("/manage/people/", {"place": place.pk, "_export": "csv"})
    assert export["Content-Type"].startswith("text/csv")
    lines = b"".join(export.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("Name,Professional group")
    assert len(lines) == 2 and "Zara Okafor" in lines[1]


@pytest.mark.django_db
def test_person_list_rejects_nonsense_filters_without_error(staff_client):
    response = staff_client.get("/manage/people/", {"place": "not-a-number", "page": "9999"})
    assert response.status_code in (200, 404)


@pytest.mark.django_db
def test_csv_export_neutralises_spreadsheet_formulas(staff_client):
    PersonFactory(given_name='=HYPERLINK("http://x")', family_name="Smith")
    export = staff_client.get("/manage/people/", {"_export": "csv"})
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in body


@pytest.mark.django_db
def test_leader_saves_own_equality_answers(leader_client, leader_user):
    response = leader_client.post(
        "/profile/equality/",
        {
            "sex": "female",
            "age_band": "40-49",
            "ethnicity": "black_caribbean",
            "religion": "prefer_not_to_say",
        },
    )
    assert response.status_code == 302
    profile = EqualityProfile.objects.get(subject=EqualityProfile.subject_for(leader_user.person))
    assert (profile.sex, profile.ethnicity, profile.religion) == (
        "female",
        "black_caribbean",
        "prefer_not_to_say",
    )
    page = leader_client.get("/profile/").content.decode()
    assert "You have answered 4 of 7 questions" in page


@pytest.mark.django_db
def test_bad_equality_answer_gives_a_clear_error_not_a_500(leader_client, leader_user):
    response = leader_client.post("/profile/equality/", {"sex": "robot"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not EqualityProfile.objects.exists()


@pytest.mark.django_db
def test_nobody_else_sees_individual_equality_answers(staff_client, sysadmin_client):
    person = PersonFactory(given_name="Private", family_name="Person")
    EqualityProfileFactory(person=person, ethnicity="asian_bangladeshi", religion="muslim")
    detail = staff_client.get(f"/manage/people/{person.pk}/").content.decode()
    assert "Bangladeshi" not in detail and "Muslim" not in detail
    export = b"".join(
        staff_client.get("/manage/people/", {"_export": "csv"}).streaming_content
    ).decode("utf-8-sig")
    assert "asian_bangladeshi" not in export and "Bangladeshi" not in export
    # The administrator is a superuser, which gives no application permission.
    assert sysadmin_client.get(f"/manage/people/{person.pk}/").status_code == 403
    # Not in Django admin either: the model is not registered.
    assert sysadmin_client.get("/admin/ccpl/equalityprofile/").status_code == 404


@pytest.mark.django_db
def test_benchmark_import_page_reports_every_bad_row(staff_client):
    upload = SimpleUploadedFile(
        "benchmarks.csv",
        b"benchmark,dimension,category,place,share\npopulation,sex,female,,0.51\npopulation,sex,male,Nowhere,2\n",
        content_type="text/csv",
    )
    response = staff_client.post("/manage/benchmarks/import/", {"file": upload})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Row 3: there is no Place called" in body
    assert Benchmark.objects.count() == 0


@pytest.mark.django_db
def test_benchmark_import_page_imports_a_good_file(staff_client):
    upload = SimpleUploadedFile(
        "benchmarks.csv",
        b"\xef\xbb\xbfbenchmark,dimension,category,place,share\npopulation,sex,female,,0.51\n",
        content_type="text/csv",
    )
    response = staff_client.post("/manage/benchmarks/import/", {"file": upload}, follow=True)
    assert Benchmark.objects.get().share * 100 == 51
    assert "1 benchmarks imported" in response.content.decode()


@pytest.mark.django_db
def test_benchmark_import_refuses_binary_files(staff_client):
    upload = SimpleUploadedFile("x.csv", b"\xff\xfe\x00\x81garbage", content_type="text/csv")
    response = staff_client.post("/manage/benchmarks/import/", {"file": upload})
    assert "saved as UTF-8" in response.content.decode()


@pytest.mark.django_db
def test_change_history_records_who_changed_what(staff_client, sysadmin_client):
    person = PersonFactory(job_title="GP partner")
    sysadmin_client.post(
        f"/admin/ccpl/person/{person.pk}/change/",
        {
            "given_name": person.given_name,
            "family_name": person.family_name,
            "email": person.email,
            "job_title": "Clinical director",
            "professional_group": person.professional_group_id,
            "organisation": person.organisation_id,
            "place": person.place_id,
        },
    )
    person.refresh_from_db()
    assert person.job_title == "Clinical director"
    content_type = ContentType.objects.get_for_model(Person)
    page = staff_client.get(f"/manage/history/{content_type.pk}/{person.pk}/").content.decode()
    # Named as a person, never by username.
    assert "sysadmin-user" not in page and "Ash Admin" in page
    assert "GP partner → Clinical director" in page


@pytest.mark.django_db
def test_equality_profiles_have_no_history_page(staff_client):
    profile = EqualityProfileFactory()
    content_type = ContentType.objects.get_for_model(EqualityProfile)
    assert staff_client.get(f"/manage/history/{content_type.pk}/{profile.pk}/").status_code == 404


@pytest.mark.django_db
def test_history_page_is_for_staff_only(leader_client):
    person = PersonFactory()
    content_type = ContentType.objects.get_for_model(Person)
    assert leader_client.get(f"/manage/history/{content_type.pk}/{person.pk}/").status_code == 403
