"""Importing past results: identity columns dropped, mapping, line-by-line errors, all or nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from surveys import importing, selectors
from surveys.models import Response, Survey

from .factories import SectionFactory, SurveyFactory, question

pytestmark = pytest.mark.django_db

SURVEYMONKEY = """Respondent ID,Collector ID,Start Date,End Date,IP Address,Email Address,First Name,Last Name,Custom Data 1,There is a culture of shared learning across organisations in our system.,Which tools do you use?,,What would help?
,,,,,,,,,Response,Teams,Email,Open-Ended Response
118187362,4329,12/01/2021 09:12:03,12/01/2021 09:20:44,81.2.69.160,a.hughes@nhs.net,Amelia,Hughes,,Agree,Teams,,More time
118187363,4329,12/01/2021 10:02:10,12/01/2021 10:09:51,81.2.69.161,o.smith@nhs.net,Oliver,Smith,,strongly agree,,Email,
118187364,4329,12/02/2021 11:00:00,12/02/2021 11:05:00,81.2.69.162,p.patel@nhs.net,Priya,Patel,,Disagree,Teams,Email,Less jargon
"""


@pytest.fixture
def baseline(priorities):
    survey = SurveyFactory(year=2021)
    section = SectionFactory(survey=survey)
    question(
        section,
        "p2-shared-learning-culture",
        text="There is a culture of shared learning across organisations in our system.",
        priority=priorities[2],
    )
    question(
        section,
        "tools",
        kind="multiple_choice",
        text="Which tools do you use?",
        options=["Teams", "Email"],
    )
    question(section, "p2-comments", kind="free_text", text="What would help?")
    return survey


def test_identity_and_time_columns_are_dropped_as_the_file_is_read():
    upload = importing.upload_read(SURVEYMONKEY, skip_second_header=True)
    assert upload.dropped == [
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "End Date",
        "IP Address",
        "Email Address",
        "First Name",
        "Last Name",
        "Custom Data 1",
    ]
    kept = " ".join(upload.headers) + " ".join(c for row in upload.rows for c in row)
    for identifying in ("118187362", "81.2.69.160", "a.hughes@nhs.net", "Amelia", "09:12:03"):
        assert identifying not in kept
    assert upload.lines == [3, 4, 5]
    assert upload.headers[0].startswith("There is a culture")


def test_import_surveymonkey_export_through_the_pages(client, staff_user, baseline):
    client.force_login(staff_user)
    upload = SimpleUploadedFile("export.csv", SURVEYMONKEY.encode(), content_type="text/csv")
    response = client.post(
        reverse("surveys:import_upload", args=[baseline.pk]),
        {"file": upload, "skip_second_header": "on"},
    )
    assert response["Location"] == reverse("surveys:import_map", args=[baseline.pk])
    # The session holds only the kept columns.
    stored = str(client.session[f"survey-import:{baseline.pk}"])
    assert "a.hughes@nhs.net" not in stored and "81.2.69.160" not in stored

    page = client.get(response["Location"]).content.decode()
    assert "9 columns removed" in page and "Respondent ID" in page
    tools = baseline.questions.get(key="tools")
    # The survey has its questions: each column goes to one (matched by text, or chosen).
    data = {
        "use_0": str(baseline.questions.get(key="p2-shared-learning-culture").pk),
        "use_1": str(tools.pk),
        "use_2": str(tools.pk),
        "use_3": str(baseline.questions.get(key="p2-comments").pk),
    }
    answers = client.post(response["Location"], data)
    assert answers["Location"] == reverse("surveys:import_answers", args=[baseline.pk])
    page = client.get(answers["Location"])
    form = page.context["form"]
    labels = {label: name for fields in form.labels.values() for name, label in fields}
    assert set(labels) == {"Agree", "strongly agree", "Disagree", "Teams", "Email"}
    assert form[labels["strongly agree"]].value() == "Strongly agree"  # suggested
    done = client.post(answers["Location"], {name: form[name].value() for name in labels.values()})
    assert done["Location"] == reverse("surveys:results", args=[baseline.pk])
    baseline.refresh_from_db()
    assert baseline.status == Survey.Status.CLOSED
    responses = Response.objects.filter(survey=baseline)
    assert responses.count() == 3 and all(r.imported for r in responses)
    results = {q.question.key: q for q in selectors.survey_results(baseline).questions}
    assert [r.count.value for r in results["p2-shared-learning-culture"].result.rows()] == [
        1,
        1,
        1,
        0,
    ]
    assert [r.count.value for r in results["tools"].result.rows()] == [2, 2]
    assert results["p2-comments"].answered == 2
    assert f"survey-import:{baseline.pk}" not in client.session


def test_suggested_mapping_matches_keys_and_question_text(baseline):
    suggestion = importing.mapping_suggest(
        baseline,
        [
            "Q1 There is a culture of shared learning across organisations in our system.",
            "p2-comments",
            "Which tools do you use? (Teams)",
            "Other",
        ],
    )
    assert suggestion == {
        0: baseline.questions.get(key="p2-shared-learning-culture").pk,
        1: baseline.questions.get(key="p2-comments").pk,
        2: baseline.questions.get(key="tools").pk,
        3: None,
    }


def test_labels_that_match_no_option_are_listed_once_with_their_rows(client, staff_user, baseline):
    client.force_login(staff_user)
    text = (
        "Start time,Completion time,Email,There is a culture of shared learning across organisations in our system.,Which tools do you use?\n"
        "x,y,a@nhs.net,Agree,Teams;Email\n"
        "x,y,b@nhs.net,Agreed,Teams\n"
        "x,y,c@nhs.net,Strongly agree,Fax\n"
        "x,y,e@nhs.net,Agreed,Fax\n"
        "x,y,d@nhs.net,,\n"
    )
    client.post(
        reverse("surveys:import_upload", args=[baseline.pk]),
        {"file": SimpleUploadedFile("forms.csv", text.encode())},
    )
    data = {
        "use_0": str(baseline.questions.get(key="p2-shared-learning-culture").pk),
        "use_1": str(baseline.questions.get(key="tools").pk),
    }
    client.post(reverse("surveys:import_map", args=[baseline.pk]), data)
    url = reverse("surveys:import_answers", args=[baseline.pk])
    page = client.get(url).content.decode()
    assert "“Agreed” (2 rows)" in page and "“Fax” (2 rows)" in page and "“Teams” (2 rows)" in page
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    refused = client.post(url, data).content.decode()
    assert "Choose which answer “Agreed” means" in refused
    assert "Choose which answer “Fax” means" in refused
    assert not Response.objects.exists()


def test_one_column_per_single_choice_question(client, staff_user, baseline):
    client.force_login(staff_user)
    client.post(
        reverse("surveys:import_upload", args=[baseline.pk]),
        {"file": SimpleUploadedFile("f.csv", b"a,b\nAgree,Agree\n")},
    )
    q = baseline.questions.get(key="p2-shared-learning-culture")
    page = client.post(
        reverse("surveys:import_map", args=[baseline.pk]), {"use_0": q.pk, "use_1": q.pk}
    ).content.decode()
    assert "Only a choose-all-that-apply question" in page


def test_nothing_mapped_and_empty_files_are_refused(client, staff_user, baseline):
    client.force_login(staff_user)
    client.post(
        reverse("surveys:import_upload", args=[baseline.pk]),
        {"file": SimpleUploadedFile("f.csv", b"a\nx\n")},
    )
    page = client.post(reverse("surveys:import_map", args=[baseline.pk]), {"use_0": ""})
    assert "Choose at least one column to import" in page.content.decode()
    for text, message in (
        ("", "The file is empty"),
        ("Question\n", "The file has a header row but no responses"),
        ("Email,Name\nx@nhs.net,X\n", "The file has no question columns"),
    ):
        page = client.post(
            reverse("surveys:import_upload", args=[baseline.pk]),
            {"file": SimpleUploadedFile("f.csv", text.encode() or b" ")},
        ).content.decode()
        assert message in page, message


def test_cannot_import_into_an_open_survey(client, staff_user, baseline):
    baseline.status = Survey.Status.OPEN
    baseline.save()
    client.force_login(staff_user)
    response = client.get(reverse("surveys:import_upload", args=[baseline.pk]))
    assert response["Location"] == reverse("surveys:survey_detail", args=[baseline.pk])


@pytest.mark.parametrize(
    "text,message",
    [
        ("Question\nYes\nNo\x00\n", "Line 3: the file contains a NUL character"),
        ("Question\nYes\n" + "x" * 140_000 + "\n", "Line 3: a field has more than 20,000"),
        ("Question\n" + "x" * 25_000 + "\n", "Line 2: column 1 has more than 20,000"),
    ],
)
def test_hostile_files_are_refused_with_the_line(client, staff_user, baseline, text, message):
    # The survey import reads through ccpl.csvfiles like every other import.
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match=message):
        importing.upload_read(text)
    client.force_login(staff_user)
    response = client.post(
        reverse("surveys:import_upload", args=[baseline.pk]),
        {"file": SimpleUploadedFile("f.csv", text.encode())},
    )
    assert response.status_code == 200
    assert message.split(":")[0] in response.content.decode()
