"""Survey pages in a real browser: the respondent journey end to end, the builder and the
results pages, each checked with axe (WCAG 2.2 AA)."""

import re

import pytest
from playwright.sync_api import expect

from surveys import services
from surveys.models import Survey
from tests.factories import PlaceFactory, PriorityFactory
from tests.surveys.factories import add_responses, invite


@pytest.fixture
def template_survey(db):
    for n, title in enumerate(
        [
            "Integrated into decision-making",
            "Shared learning and collaboration",
            "Protected time, support and infrastructure",
            "Leadership training and development",
            "Transparent recruitment and a diverse pipeline",
        ],
        start=1,
    ):
        PriorityFactory(number=n, short_title=title)
    for name in ("Cheltenham", "Forest of Dean", "Stroud and Berkeley Vale"):
        PlaceFactory(name=name)
    return services.survey_from_template(year=2026)


def test_respondent_journey_end_to_end(
    page, live_server, template_survey, axe_check, screenshot_dir
):
    survey = template_survey
    services.survey_set_status(survey=survey, status=Survey.Status.OPEN)
    _invitation, token = invite(survey)

    page.goto(f"{live_server.url}/survey/{token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(survey.title)
    axe_check(page)
    page.get_by_role("button", name="Start now").click()

    # Page 1: send it empty first to see the error state (nothing is required, so continue).
    expect(page.get_by_text("Page 1 of 6")).to_be_visible()
    page.screenshot(path=screenshot_dir / "survey-page-1.png", full_page=True)
    axe_check(page)
    page.get_by_role("group", name=re.compile("real say in decisions")).get_by_label(
        "Agree", exact=True
    ).check()
    page.get_by_role("group", name=re.compile("Communication between")).get_by_label(
        "Strongly agree"
    ).check()
    page.get_by_label("What would most improve how leaders are involved in decisions?").fill(
        "Earlier sight of papers."
    )
    page.get_by_role("button", name="Continue").click()
    for number in range(2, 7):
        expect(page.get_by_text(f"Page {number} of 6")).to_be_visible()
        if number == 5:
            page.get_by_role("group", name=re.compile("encourage a colleague")).get_by_label(
                "Yes"
            ).check()
        if number == 6:
            axe_check(page)
        page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending them"
    )
    expect(page.get_by_text("Earlier sight of papers.")).to_be_visible()
    page.screenshot(path=screenshot_dir / "survey-check-answers.png", full_page=True)
    axe_check(page)
    # Change an answer and come back to the check page.
    page.get_by_role("link", name=re.compile("Change your answer to: Would you encourage")).click()
    page.get_by_role("group", name=re.compile("encourage a colleague")).get_by_label("No").check()
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/check/$"))
    page.get_by_role("button", name="Send my answers").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you, your answers have been sent"
    )
    axe_check(page)
    assert survey.responses.count() == 1

    page.goto(f"{live_server.url}/survey/{token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You have already sent your answers")
    axe_check(page)
    page.goto(f"{live_server.url}/survey/no-such-link/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This survey link does not work")
    axe_check(page)


def test_required_question_error_is_accessible(page, live_server, db, axe_check):
    from tests.surveys.factories import SectionFactory, SurveyFactory, question

    survey = SurveyFactory(status=Survey.Status.OPEN)
    section = SectionFactory(survey=survey, title="Your time")
    question(section, "time", text="I have enough protected time.", required=True)
    _invitation, token = invite(survey)
    page.goto(f"{live_server.url}/survey/{token}/")  # starts the journey, leaves the token
    page.goto(f"{live_server.url}/survey/page/1/")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Select an answer for “I have enough protected time.”"
    )
    axe_check(page)
    # Sending from the check page with the answer missing: the service's error, accessible.
    page.goto(f"{live_server.url}/survey/check/")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "“I have enough protected time.” needs an answer"
    )
    axe_check(page)


def test_builder_pages_pass_axe(
    page, live_server, staff_user, template_survey, sign_in_as, axe_check, screenshot_dir
):
    survey = template_survey
    sign_in_as(page, staff_user)
    page.goto(f"{live_server.url}/surveys/manage/")
    expect(page.locator("caption")).to_contain_text("Surveys")
    axe_check(page)
    page.goto(f"{live_server.url}/surveys/manage/{survey.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(survey.title)
    page.screenshot(path=screenshot_dir / "survey-builder.png", full_page=True)
    axe_check(page)
    # Move a question, then add one with an error first.
    page.get_by_role("button", name="Move down question p1-say-in-decisions").click()
    expect(
        page.locator("#section-" + str(survey.sections.first().pk) + " li strong").first
    ).to_have_text(
        "Leaders from the full range of professions are involved in decisions, not just doctors."
    )
    page.goto(f"{live_server.url}/surveys/manage/{survey.pk}/questions/new/")
    page.get_by_label("Question or statement").fill("Which meetings do you attend?")
    page.get_by_label("Choose all that apply").check()
    page.get_by_role("button", name="Save question").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    axe_check(page)
    page.get_by_label("Answer options").fill("Senate\nAssembly\nPlace group")
    page.get_by_label("Key").fill("meetings-attended")
    page.get_by_role("button", name="Save question").click()
    expect(page.get_by_text("The question has been saved.")).to_be_visible()
    page.goto(f"{live_server.url}/surveys/manage/new/")
    axe_check(page)
    page.goto(f"{live_server.url}/surveys/manage/{survey.pk}/preview/1/")
    expect(page.get_by_text("Nothing you enter here is saved")).to_be_visible()
    axe_check(page)


def test_results_pages_pass_axe(
    page,
    live_server,
    staff_user,
    leader_user,
    template_survey,
    sign_in_as,
    axe_check,
    screenshot_dir,
):
    survey = template_survey
    questions = {q.key: q for q in survey.questions.all()}
    places = [o.label for o in questions["about-place"].options.all()]
    answers = []
    for i in range(60):
        answers.append(
            {
                questions["p1-say-in-decisions"]: ["Agree", "Strongly agree", "Disagree"][i % 3],
                questions["p3-protected-time"]: [
                    "Disagree",
                    "Agree",
                    "Strongly disagree",
                    "Neither agree nor disagree",
                ][i % 4],
                questions["p1-communication-could-be-better"]: ["Agree", "Disagree"][i % 2],
                questions["about-place"]: places[i % 3] if i < 55 else places[3],
                questions["p1-comments"]: "More notice of meetings." if i % 10 == 0 else None,
            }
        )
    add_responses(survey, [{k: v for k, v in a.items() if v} for a in answers])
    survey.status = Survey.Status.CLOSED
    survey.save()
    sign_in_as(page, staff_user)
    page.goto(f"{live_server.url}/surveys/manage/{survey.pk}/results/")
    expect(page.get_by_text("60 people responded")).to_be_visible()
    expect(
        page.get_by_role("table", name="Answers to Q1", exact=True).get_by_role(
            "row", name=re.compile("Strongly agree")
        )
    ).to_contain_text("33.33%")
    page.screenshot(path=screenshot_dir / "survey-results.png", full_page=True)
    axe_check(page)
    page.get_by_role("link", name="Results by Place").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Results by Place")
    axe_check(page)
    page.goto(f"{live_server.url}/surveys/manage/{survey.pk}/results/comments/")
    # Bulk: tick comments by their text (the checkbox label), publish them together.
    page.get_by_role("button", name="Publish selected comments").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Select at least one comment")
    axe_check(page)
    page.get_by_role("checkbox", name="More notice of meetings.").nth(1).check()
    page.get_by_role("checkbox", name="More notice of meetings.").nth(2).check()
    page.get_by_role("button", name="Withhold selected comments").click()
    expect(page.get_by_text("2 comments withheld.")).to_be_visible()
    page.get_by_role("link", name="Decide and edit comment 1", exact=True).click()
    axe_check(page)
    page.get_by_label("Yes, publish the text below").check()
    page.get_by_role("button", name="Save decision").click()
    page.goto(f"{live_server.url}/surveys/manage/{survey.pk}/invitations/")
    axe_check(page)
    page.goto(f"{live_server.url}/surveys/manage/trends/")
    axe_check(page)
    page.goto(f"{live_server.url}/surveys/manage/{survey.pk}/results/")
    page.get_by_role("button", name="Publish the results summary").click()
    sign_in_as(page, leader_user)
    page.goto(f"{live_server.url}/surveys/results/{survey.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("results")
    expect(page.get_by_text("More notice of meetings.").first).to_be_attached()
    page.screenshot(path=screenshot_dir / "survey-published.png", full_page=True)
    axe_check(page)


def test_surveymonkey_import_pages_pass_axe(
    page, live_server, staff_user, sign_in_as, axe_check, tmp_path
):
    from tests.surveys.factories import SurveyFactory
    from tests.surveys.test_import_surveymonkey import RECORDS

    survey = SurveyFactory(year=2021, title="Leadership survey 2021")
    export = tmp_path / "Data_All_210401.csv"
    import csv

    with export.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(RECORDS[:42])  # two header rows and 40 responses
    sign_in_as(page, staff_user)
    page.goto(f"{live_server.url}/surveys/manage/{survey.pk}/import/")
    axe_check(page)
    page.locator("input[type=file]").set_input_files(str(export))
    page.get_by_role("button", name="Upload and continue").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("What each column becomes")
    expect(page.get_by_text("9 columns removed")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Continue to answers").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Match the answers")
    axe_check(page)
    page.get_by_role("button", name="Import responses").click()
    expect(page.get_by_text("40 responses imported.")).to_be_visible()
    axe_check(page)
