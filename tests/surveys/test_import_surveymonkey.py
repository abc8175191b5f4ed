"""Importing a real-shaped SurveyMonkey export (the NHS Confederation's 2021 survey: 1,251
rows, 13 questions) without retyping: questions from the headers, answers matched in one
step, identity columns gone from the whole database, bulk moderation, the results CSV and
about-you tables with small groups hidden."""

import csv
import io
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from ccpl import disclosure
from surveys import importing, selectors, services
from surveys.models import AboutYou, Answer, QuestionKind, Response, Survey

from .factories import SectionFactory, SurveyFactory, add_responses, question

pytestmark = pytest.mark.django_db

EXPORT = Path(__file__).parent / "data" / "surveymonkey-2021.csv"
TEXT = EXPORT.read_text(encoding="utf-8-sig")
RECORDS = list(csv.reader(io.StringIO(TEXT)))
RESPONSES = RECORDS[2:]  # the response rows: nine identity and metadata columns first


def _identifying_values(every: int = 1) -> dict[str, set[str]]:
    """Each dropped column's values (of every ``every``th row)."""
    rows = RESPONSES[::every]
    columns = zip(*(r[:9] for r in rows), strict=True)
    return {h: {v for v in c if v} for h, c in zip(RECORDS[0][:9], columns, strict=True)}


def _form_data(response) -> dict:
    """What the page's form submits as shown (its initial choices), like a browser."""
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else value
    return data


@pytest.fixture
def baseline():
    return SurveyFactory(year=2021, title="Clinical and care professional leadership survey 2021")


def _import(client, survey, *, answers=None, text=TEXT):
    """Upload the export and accept what the pages propose, changing ``answers`` (label →
    option) on the last step. Returns the responses of each step."""
    upload = client.post(
        reverse("surveys:import_upload", args=[survey.pk]),
        {"file": SimpleUploadedFile("Data_All_210401.csv", text.encode("utf-8-sig"))},
    )
    assert upload["Location"] == reverse("surveys:import_map", args=[survey.pk])
    columns = client.get(upload["Location"])
    chosen = client.post(upload["Location"], _form_data(columns))
    assert chosen.status_code == 302, chosen.context["form"].errors
    page = client.get(chosen["Location"])
    data = _form_data(page)
    form = page.context["form"]
    for fields in form.labels.values():
        for name, label in fields:
            if answers and label in answers:
                data[name] = answers[label]
    done = client.post(chosen["Location"], data)
    return columns, page, done


def test_the_second_header_row_is_recognised_and_identity_columns_dropped():
    upload = importing.upload_read(TEXT)  # "has a second header row" not ticked
    assert upload.dropped == RECORDS[0][:9]
    assert len(upload.headers) == 13 and len(upload.rows) == 1251
    assert upload.lines[0] == 3  # the first response is line 3 of the file
    kept = repr(upload.as_session())
    for values in _identifying_values().values():
        assert not [v for v in values if v in kept][:1]


def test_questions_are_proposed_from_the_headers_with_their_numbers_and_kinds(baseline):
    proposals = importing.question_proposals(baseline, importing.upload_read(TEXT))
    assert [p["number"] for p in proposals] == [
        *(str(n) for n in range(1, 11)),
        "13",
        "14a",
        "15",
    ]
    assert proposals[0]["text"].startswith("This principle is the right one")
    assert [p["kind"] for p in proposals] == [
        *[QuestionKind.AGREE_4] * 7,
        QuestionKind.YES_NO,
        QuestionKind.AGREE_4,
        QuestionKind.IMPORTANCE_4,
        QuestionKind.FREE_TEXT,
        QuestionKind.SINGLE_CHOICE,
        QuestionKind.SINGLE_CHOICE,
    ]
    assert proposals[11]["about_you"] == AboutYou.PROFESSIONAL_GROUP
    assert proposals[12]["about_you"] == AboutYou.PLACE
    assert all(not p["about_you"] for p in proposals[:11])


def test_1251_rows_import_without_retyping(client, staff_user, baseline):
    client.force_login(staff_user)
    manchester = "Greater Manchester Health and Social Care Partnership"
    columns, answers, done = _import(
        client,
        baseline,
        answers={"Greater Manchester Health & Social Care Partnership": manchester},
    )
    # Step 2 lists what was dropped.
    page = columns.content.decode()
    assert "9 columns removed" in page
    for header in ("Respondent ID", "IP Address", "Email Address", "Custom Data 1"):
        assert f"<li>{header}</li>" in page
    # Step 3: each distinct label once, with its row count; obvious matches chosen.
    page = answers.content.decode()
    form = answers.context["form"]
    q1 = dict(form.labels[0])
    suggested = {label: form[name].value() for name, label in q1.items()}
    assert suggested["Strongly Disagree"] == "Strongly disagree"
    assert suggested["Strongly Agree"] == "Strongly agree"
    assert suggested["Agree."] == "Agree"
    distinct = {" ".join(r[9].split()) for r in RESPONSES}
    assert sorted(q1.values()) == sorted(distinct)  # each label once
    count = sum(1 for r in RESPONSES if r[9] == "Strongly Disagree")
    assert f"“Strongly Disagree” ({count:,} rows)" in page

    assert done.status_code == 302 and done["Location"] == reverse(
        "surveys:results", args=[baseline.pk]
    )
    baseline.refresh_from_db()
    assert baseline.status == Survey.Status.CLOSED
    assert Response.objects.filter(survey=baseline, imported=True).count() == 1251
    questions = list(baseline.questions.order_by("section__order", "order"))
    assert len(questions) == 13
    assert [q.number for q in questions][-3:] == ["13", "14a", "15"]
    results = {qr.question.number: qr for qr in selectors.survey_results(baseline).questions}
    assert [r.count.value for r in results["1"].result.rows()] == [639, 500, 81, 31]
    assert [str(r.percent.percent) for r in results["1"].result.rows()] == [
        "51.08",
        "39.97",
        "6.47",
        "2.48",
    ]
    assert [r.count.value for r in results["8"].result.rows()] == [529, 722]
    assert results["13"].answered == 630
    areas = {row.option.label: row for row in results["15"].result.rows()}
    assert "Greater Manchester Health & Social Care Partnership" not in areas
    assert areas[manchester].count.value == 87
    page = client.get(done["Location"]).content.decode()
    assert "Q14a. If yes, which clinical/care professional group" in page


def test_no_value_from_the_dropped_columns_is_anywhere_in_the_database(
    client, staff_user, baseline
):
    client.force_login(staff_user)
    *_pages, done = _import(client, baseline)
    assert done.status_code == 302
    # And the same file uploaded again, waiting in the session at the columns step.
    again = client.post(
        reverse("surveys:import_upload", args=[baseline.pk]),
        {"file": SimpleUploadedFile("again.csv", TEXT.encode())},
    )
    assert again.status_code == 302 and Session.objects.exists()
    # A sample of each column (every 25th row): a build that kept a column keeps all of it.
    identifying = _identifying_values(every=25)
    patterns = sorted(
        {
            f"%{v}%"
            for header, vs in identifying.items()
            for v in vs
            if header not in ("First Name", "Last Name")
        }
    )
    assert any("@nhs.net" in p for p in patterns) and any("81.2.69." in p for p in patterns)
    found = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        )
        tables = [name for (name,) in cursor.fetchall()]
        assert len(tables) > 50 and "surveys_answer" in tables
        # A row as text holds every column of it, whatever its type.
        for table in tables:
            cursor.execute(
                f'SELECT 1 FROM "{table}" AS r WHERE r::text LIKE ANY(%s) LIMIT 1', [patterns]
            )
            if cursor.fetchone():
                found.append(table)
        # Names: as whole values in any column of a survey table (comments here name nobody).
        names = sorted(identifying["First Name"] | identifying["Last Name"])
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name LIKE 'surveys%%' "
            "AND data_type IN ('text', 'character varying')"
        )
        for table, column in cursor.fetchall():
            cursor.execute(f'SELECT 1 FROM "{table}" WHERE "{column}" = ANY(%s) LIMIT 1', [names])
            if cursor.fetchone():
                found.append(f"{table}.{column} (a name)")
    # Sessions are stored signed and compressed: look inside them too.
    for session in Session.objects.all():
        decoded = repr(session.get_decoded())
        found += [f"a session ({p})" for p in patterns if p.strip("%") in decoded][:1]
    assert found == []


def test_problems_are_summarised_by_kind_with_a_few_lines():
    upload = importing.Upload(
        headers=["Q1 Statement"], rows=[["Agreed"]] * 550 + [["Agree"]], lines=list(range(3, 554))
    )
    plan = [
        {"columns": [0], "question": None, "number": "1", "text": "Statement", "kind": "agree_4"}
    ]
    rows, problems, empty = importing.rows_build(
        upload=upload, plan=plan, label_maps={0: {"Agree": "Agree"}}
    )
    summary = importing.problems_summarise(problems)
    assert len(problems) == 550 and len(summary) == 1
    assert summary[0].message == "Q1: “Agreed” is not matched to an answer"
    assert summary[0].count == 550 and summary[0].examples == "lines 3, 4, 5, 6, 7"
    assert rows == [{0: ["Agree"]}] and empty == 550


def test_a_page_of_problems_is_one_line_per_kind(client, staff_user, baseline):
    client.force_login(staff_user)
    long = "x" * 2001
    text = "Q1 Any comments?,Q2 Agree?\n" + "".join(
        f"{long if n % 2 else 'fine'},Agree\n" for n in range(400)
    )
    client.post(
        reverse("surveys:import_upload", args=[baseline.pk]),
        {"file": SimpleUploadedFile("f.csv", text.encode())},
    )
    columns = client.get(reverse("surveys:import_map", args=[baseline.pk]))
    assert columns.context["form"]["kind_0"].value() == QuestionKind.FREE_TEXT
    client.post(reverse("surveys:import_map", args=[baseline.pk]), _form_data(columns))
    answers_url = reverse("surveys:import_answers", args=[baseline.pk])
    page = client.post(answers_url, _form_data(client.get(answers_url)))
    html = page.content.decode()
    assert "Nothing has been imported: 1 kind of problem on 200 lines" in html
    assert html.count("longer than 2,000 characters") == 1
    assert "for example lines 3, 5, 7, 9, 11" in html
    assert len(html) < 40_000
    assert not Response.objects.exists() and not baseline.questions.exists()


def test_an_unmatched_label_must_be_decided(client, staff_user, baseline):
    client.force_login(staff_user)
    text = "Q1 Agree?\nAgree\nAgreed\nDisagree\nStrongly agree\n"
    client.post(
        reverse("surveys:import_upload", args=[baseline.pk]),
        {"file": SimpleUploadedFile("f.csv", text.encode())},
    )
    columns = client.get(reverse("surveys:import_map", args=[baseline.pk]))
    data = _form_data(columns) | {"kind_0": QuestionKind.AGREE_4}
    client.post(reverse("surveys:import_map", args=[baseline.pk]), data)
    answers_url = reverse("surveys:import_answers", args=[baseline.pk])
    page = client.get(answers_url)
    data = _form_data(page)
    refused = client.post(answers_url, data)
    assert "Choose which answer “Agreed” means, or leave it unanswered" in refused.content.decode()
    assert not Response.objects.exists()
    name = next(n for n, label in page.context["form"].labels[0] if label == "Agreed")
    client.post(answers_url, data | {name: "Agree"})
    qr = selectors.survey_results(baseline).questions[0]
    assert [r.count.value for r in qr.result.rows()] == [1, 2, 1, 0]


# --- Bulk moderation ------------------------------------------------------------------------


@pytest.fixture
def imported(client, staff_user, baseline):
    """The export imported through the services the pages call, as proposed (quicker than
    the pages, which test_1251_rows_import_without_retyping drives)."""
    client.force_login(staff_user)
    upload = importing.upload_read(TEXT)
    plan = importing.plan_suggest(baseline, upload, create=True)
    label_maps = importing.label_maps_suggest(plan, upload)
    for position, item in enumerate(plan):
        item["options"] = importing.plan_options(item, upload)
        assert "" not in label_maps.get(position, {}).values()
    rows, problems, _empty = importing.rows_build(upload=upload, plan=plan, label_maps=label_maps)
    assert problems == []
    services.responses_import_planned(survey=baseline, plan=plan, rows=rows)
    return baseline


def test_comments_are_published_or_withheld_many_at_once(client, imported):
    url = reverse("surveys:comment_list", args=[imported.pk])
    page = client.get(url)
    html = page.content.decode()
    assert html.count('name="comments" type="checkbox"') == 20
    ids = [str(a.pk) for a in page.context["page_obj"]]
    comment = Answer.objects.get(pk=ids[0])
    comment.text = "Ring me on 07700 900123 or a.hughes@nhs.net about it"
    comment.save()
    done = client.post(url, {"comments": ids[:12], "decision": "publish"})
    assert done.status_code == 302
    published = Answer.objects.filter(moderation=Answer.Moderation.PUBLISH)
    assert published.count() == 12
    assert (
        Answer.objects.get(pk=ids[0]).published_text == "Ring me on [removed] or [removed] about it"
    )
    client.post(url, {"comments": ids[10:15], "decision": "withhold"})
    assert Answer.objects.filter(moderation=Answer.Moderation.WITHHOLD).count() == 5
    assert Answer.objects.filter(moderation=Answer.Moderation.PUBLISH).count() == 10
    assert Answer.objects.get(pk=ids[11]).published_text == ""


def test_bulk_moderation_refuses_nothing_selected_and_other_surveys_comments(
    client, staff_user, baseline
):
    def closed_with_comments(survey, text):
        survey.status = Survey.Status.CLOSED
        survey.save()
        q = question(SectionFactory(survey=survey), "c", kind="free_text")
        add_responses(survey, [{q: text}] * 10)
        return q

    closed_with_comments(baseline, "Our comment")
    other = SurveyFactory(kind=Survey.Kind.OTHER)
    q = closed_with_comments(other, "Another survey's comment")
    client.force_login(staff_user)
    url = reverse("surveys:comment_list", args=[baseline.pk])
    empty = client.post(url, {"decision": "publish"})
    assert empty.status_code == 400 and "Select at least one comment" in empty.content.decode()
    stranger = Answer.objects.filter(question=q).first()
    refused = client.post(url, {"comments": [str(stranger.pk)], "decision": "publish"})
    assert refused.status_code == 400
    stranger.refresh_from_db()
    assert stranger.moderation == Answer.Moderation.PENDING
    assert not Answer.objects.filter(moderation=Answer.Moderation.PUBLISH).exists()


# --- The results table as CSV, and about-you tables ------------------------------------------


def test_a_group_of_nine_is_hidden_and_so_is_one_more():
    sizes = disclosure.survey_group_sizes({"Frimley": 9, "Dorset": 19, "Kent": 50})
    shown = {str(r.option): (r.count.display, r.percent.display) for r in sizes.rows()}
    assert shown == {"Frimley": ("*", "*"), "Dorset": ("*", "*"), "Kent": ("50", "64%")}
    assert sizes.respondents.display == "78"
    assert "9" not in repr(sizes.rows()[0]) and "19" not in repr(sizes.rows()[1])


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_results_csv_has_counts_and_percentages_as_numbers(client, imported):
    rows = _csv(client.get(reverse("surveys:results_export", args=[imported.pk])))
    assert rows[0] == [
        "Question number",
        "Question",
        "Answer",
        "Responses (number)",
        "Responses (%)",
    ]
    q1 = [r for r in rows if r[0] == "1"]
    assert [r[2:] for r in q1] == [
        ["Strongly agree", "639", "51.08"],
        ["Agree", "500", "39.97"],
        ["Disagree", "81", "6.47"],
        ["Strongly disagree", "31", "2.48"],
        ["Answered", "1251", ""],
        ["Skipped", "0", ""],
    ]
    areas = {r[2]: r[3:] for r in rows if r[0] == "15"}
    assert areas["Frimley Health and Care"] == ["*", "*"]
    assert areas["Suffolk and North East Essex"] == ["*", "*"]


def test_published_page_and_csv_never_show_a_group_of_nine(client, imported):
    imported.status = Survey.Status.PUBLISHED
    imported.results_audience = Survey.Audience.PUBLIC
    imported.save()
    client.logout()
    page = client.get(reverse("surveys:published_detail", args=[imported.pk])).content.decode()
    assert "About the people who responded" in page
    row = page.split(">Frimley Health and Care</th>", 1)[1].split("</tr>", 1)[0]
    assert "*" in row and ">9<" not in row and "0.72" not in row
    assert ">General Medical Practitioner</th>" in page
    rows = _csv(client.get(reverse("surveys:published_export", args=[imported.pk])))
    frimley = [r for r in rows if r[2] == "Frimley Health and Care"]
    assert frimley == [["15", frimley[0][1], "Frimley Health and Care", "*", "*"]]
    dental = [r for r in rows if r[2] == "Dental Consultant"]
    assert dental[0][3:] == ["*", "*"]


def test_published_csv_is_only_for_published_results(client, baseline):
    baseline.status = Survey.Status.CLOSED
    baseline.results_audience = Survey.Audience.PUBLIC
    baseline.save()
    response = client.get(reverse("surveys:published_export", args=[baseline.pk]))
    assert response.status_code in (302, 403, 404) and not hasattr(response, "streaming_content")


MULTI = """Respondent ID,Collector ID,Q1 Which tools do you use?,,,Q2 Your professional group,
,,Teams,Email,Other (please specify),Response,Other (please specify)
101,9,Teams,,,Nursing,
102,9,Teams,Email,,Medical,
103,9,,Email,Pagers,Other (please specify),Paramedic
"""


def test_a_question_over_several_option_columns_becomes_one_question(client, staff_user, baseline):
    upload = importing.upload_read(MULTI)
    proposals = importing.question_proposals(baseline, upload)
    assert [(p["columns"], p["number"], p["kind"]) for p in proposals] == [
        ([0, 1], "1", QuestionKind.MULTIPLE_CHOICE),  # Teams and Email columns
        ([2], "1", QuestionKind.FREE_TEXT),  # the typed "Other (please specify)"
        ([3], "2", QuestionKind.SINGLE_CHOICE),
        ([4], "2", QuestionKind.FREE_TEXT),
    ]
    assert proposals[0]["text"] == "Which tools do you use?"
    assert proposals[1]["text"] == "Which tools do you use? (Other (please specify))"
    client.force_login(staff_user)
    *_pages, done = _import(client, baseline, text=MULTI)
    assert done.status_code == 302
    tools = baseline.questions.get(kind=QuestionKind.MULTIPLE_CHOICE)
    qr = next(q for q in selectors.survey_results(baseline).questions if q.question == tools)
    assert {str(r.option): r.count.value for r in qr.result.rows()} == {"Email": 2, "Teams": 2}
