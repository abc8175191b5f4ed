"""Results: exact counts and percentages, favourable %, priorities, breakdowns, trends."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from surveys import selectors
from surveys.models import Survey
from tests.factories import PersonFactory

from .factories import SectionFactory, SurveyFactory, add_responses, counts_to_answers, question

pytestmark = pytest.mark.django_db

CONFED_Q3 = {"Strongly agree": 639, "Agree": 500, "Disagree": 81, "Strongly disagree": 31}


def test_rebuilds_the_published_results_table_exactly(priorities):
    """NHS Confederation engagement report 2021, Appendix 6, Q3."""
    survey = SurveyFactory(year=2021, status=Survey.Status.CLOSED)
    section = SectionFactory(survey=survey)
    q3 = question(
        section,
        "principle-3-right",
        text="This principle is the right one to support an ICS to develop effective clinical "
        "and care professional arrangements?",
    )
    add_responses(survey, counts_to_answers(q3, CONFED_Q3))

    results = selectors.survey_results(survey)
    qr = results.questions[0]
    assert [(str(r.option), r.percent.display, r.count.display) for r in qr.result.rows()] == [
        ("Strongly agree", "51.08%", "639"),
        ("Agree", "39.97%", "500"),
        ("Disagree", "6.47%", "81"),
        ("Strongly disagree", "2.48%", "31"),
    ]
    assert qr.result.respondents.display == "1,251"
    assert (qr.answered, qr.skipped) == (1251, 0)
    assert qr.favourable.display == "91%"  # 1,139 of 1,251 agree or strongly agree


def test_answered_and_skipped_and_free_text(priorities):
    survey = SurveyFactory(status=Survey.Status.CLOSED)
    section = SectionFactory(survey=survey)
    yes_no = question(section, "yn", kind="yes_no")
    comments = question(section, "why", kind="free_text")
    add_responses(
        survey,
        [{yes_no: "Yes", comments: "Good."}, {yes_no: "No"}, {comments: "Not sure."}, {}],
    )
    results = {qr.question.key: qr for qr in selectors.survey_results(survey).questions}
    assert (results["yn"].answered, results["yn"].skipped) == (2, 2)
    assert [r.percent.display for r in results["yn"].result.rows()] == ["50.00%", "50.00%"]
    assert results["yn"].favourable is None  # yes/no has no favourable side
    assert (results["why"].answered, results["why"].skipped) == (2, 2)
    assert (results["why"].comments_total, results["why"].comments_pending) == (2, 2)


def test_multiple_choice_percentages_are_of_people_answering(priorities):
    survey = SurveyFactory(status=Survey.Status.CLOSED)
    section = SectionFactory(survey=survey)
    q = question(section, "help", kind="multiple_choice", options=["Time", "Money", "Data"])
    add_responses(survey, [{q: ["Time", "Money"]}, {q: ["Time"]}, {q: ["Data", "Time"]}, {}])
    qr = selectors.survey_results(survey).questions[0]
    assert qr.answered == 3
    assert [(r.count.display, r.percent.display) for r in qr.result.rows()] == [
        ("3", "100.00%"),
        ("1", "33.33%"),
        ("1", "33.33%"),
    ]


def test_favourable_counts_disagreement_for_negatively_worded_statements(priorities):
    survey = SurveyFactory(status=Survey.Status.CLOSED)
    section = SectionFactory(survey=survey)
    positive = question(section, "p1-say", kind="agree_5", priority=priorities[1])
    negative = question(
        section,
        "p1-communication-could-be-better",
        kind="agree_5",
        negatively_worded=True,
        priority=priorities[1],
    )
    # Gloucestershire, December 2021: "6 in 10 felt communication could be better".
    answers = [
        {positive: "Agree", negative: "Agree"},
        {positive: "Agree", negative: "Strongly agree"},
        {positive: "Strongly agree", negative: "Agree"},
        {positive: "Neither agree nor disagree", negative: "Strongly agree"},
        {positive: "Disagree", negative: "Agree"},
        {positive: "Agree", negative: "Strongly agree"},
        {positive: "Strongly disagree", negative: "Disagree"},
        {positive: "Agree", negative: "Strongly disagree"},
        {positive: "Agree", negative: "Neither agree nor disagree"},
        {positive: "Agree", negative: "Disagree"},
    ]
    add_responses(survey, answers)
    results = selectors.survey_results(survey)
    by_key = {qr.question.key: qr for qr in results.questions}
    assert by_key["p1-say"].favourable.display == "70%"
    assert by_key["p1-communication-could-be-better"].favourable.display == "30%"
    # The priority pools the answers to both: (7 + 3) of 20.
    (p1,) = results.priorities
    assert (p1.priority.number, p1.favourable.display, p1.answers) == (1, "50%", 20)


def test_importance_questions_have_favourable_but_do_not_join_the_priority(priorities):
    survey = SurveyFactory(status=Survey.Status.CLOSED)
    section = SectionFactory(survey=survey)
    importance = question(section, "imp", kind="importance_4", priority=priorities[4])
    add_responses(survey, counts_to_answers(importance, {"Very important": 3, "Unimportant": 1}))
    results = selectors.survey_results(survey)
    assert results.questions[0].favourable.display == "75%"
    assert results.priorities == []


@pytest.fixture
def survey_with_groups(priorities):
    survey = SurveyFactory(status=Survey.Status.CLOSED)
    section = SectionFactory(survey=survey)
    q = question(section, "p3-time", kind="agree_4", priority=priorities[3])
    group = question(
        section,
        "about-professional-group",
        kind="single_choice",
        about_you="professional_group",
        options=["Nursing", "Medical", "Pharmacy", "Prefer not to say"],
    )
    answers = (
        [{q: "Agree", group: "Nursing"}] * 15
        + [{q: "Disagree", group: "Nursing"}] * 5
        + [{q: "Strongly agree", group: "Medical"}] * 12
        + [{q: "Disagree", group: "Pharmacy"}] * 3  # 3 people: must be hidden
        + [{q: "Agree"}] * 2  # did not say
    )
    add_responses(survey, answers)
    return survey, q, group


def test_breakdown_hides_groups_under_ten(survey_with_groups):
    survey, q, group = survey_with_groups
    assert selectors.breakdown_questions(survey) == [group]
    (item,) = selectors.survey_breakdowns(survey, by=group)
    rows = {label: (n, cells, fav) for label, n, cells, fav in item.rows()}
    assert rows["Nursing"][0].display == "20"
    assert [c.percent.display for c in rows["Nursing"][1]] == ["0%", "75%", "25%", "0%"]
    assert rows["Nursing"][2].display == "75%"
    assert rows["Medical"][0].display == "12"
    assert rows["Pharmacy"][0].display == "*"
    assert all(c.count.display == "*" and c.percent.display == "*" for c in rows["Pharmacy"][1])
    assert rows["Pharmacy"][2].display == "*"
    assert rows["Not answered"][0].display == "*"
    assert rows["Prefer not to say"][0].display == "0"
    # Whole-question figures stay exact.
    assert item.breakdown.overall.respondents.display == "37"


def test_breakdown_with_a_single_small_group_hides_the_next_smallest(survey_with_groups):
    survey, q, group = survey_with_groups
    from surveys.models import Answer

    # Give the two "not answered" people a group: Pharmacy (5) is then the only small group.
    unanswered = Answer.objects.filter(question=q).exclude(response__answers__question=group)
    for answer in unanswered:
        answer.response.answers.create(question=group, option=group.options.get(label="Pharmacy"))
    (item,) = selectors.survey_breakdowns(survey, by=group)
    hidden = {label for label, n, _c, _f in item.rows() if n.hidden}
    assert hidden == {"Pharmacy", "Medical"}  # Medical (12) is the next smallest


def _temperature_check(year, counts_time, counts_comms, priorities):
    survey = SurveyFactory(year=year, status=Survey.Status.PUBLISHED)
    section = SectionFactory(survey=survey)
    time = question(section, "p3-protected-time", kind="agree_4", priority=priorities[3])
    comms = question(
        section,
        "p1-communication-could-be-better",
        kind="agree_4",
        negatively_worded=True,
        priority=priorities[1],
    )
    answers = [{time: label} for label, n in counts_time.items() for _ in range(n)]
    comms_labels = [label for label, n in counts_comms.items() for _ in range(n)]
    for i, label in enumerate(comms_labels):
        answers[i] = {**answers[i], comms: label}
    add_responses(survey, answers)
    return survey


def test_trend_across_three_years(priorities):
    _temperature_check(2021, {"Agree": 3, "Disagree": 7}, {"Agree": 6, "Disagree": 4}, priorities)
    _temperature_check(2024, {"Agree": 4, "Disagree": 6}, {"Agree": 5, "Disagree": 5}, priorities)
    latest = _temperature_check(
        2025,
        {"Agree": 5, "Strongly agree": 1, "Disagree": 4},
        {"Agree": 3, "Disagree": 7},
        priorities,
    )
    # Not in the trend: a draft, and another kind of survey.
    SurveyFactory(year=2026, status=Survey.Status.DRAFT)
    SurveyFactory(year=2025, kind=Survey.Kind.OTHER, status=Survey.Status.CLOSED)

    trend = selectors.favourable_trend()
    assert trend.years == [2021, 2024, 2025]
    assert trend.respondents == {2021: 10, 2024: 10, 2025: 10}
    rows = {row.key: row for row in trend.questions}
    assert {y: s.display for y, s in rows["p3-protected-time"].by_year.items()} == {
        2021: "30%",
        2024: "40%",
        2025: "60%",
    }
    assert {y: s.display for y, s in rows["p1-communication-could-be-better"].by_year.items()} == {
        2021: "40%",
        2024: "50%",
        2025: "70%",
    }
    by_priority = {row.priority.number: row for row in trend.priorities}
    assert {y: s.display for y, s in by_priority[3].by_year.items()} == {
        2021: "30%",
        2024: "40%",
        2025: "60%",
    }
    # This year's results show last year's beside them.
    results = selectors.survey_results(latest)
    assert results.previous_year == 2024
    qr = {q.question.key: q for q in results.questions}["p3-protected-time"]
    assert (qr.favourable.display, qr.previous_favourable.display, qr.change) == ("60%", "40%", 20)
    # The same from a trend the caller already has, which also holds this year and later.
    given = selectors.survey_results(latest, trend=selectors.favourable_trend())
    assert given.previous_year == 2024
    assert [(p.priority.number, p.previous_favourable) for p in given.priorities] == [
        (p.priority.number, p.previous_favourable) for p in results.priorities
    ]
    qr = {q.question.key: q for q in given.questions}["p3-protected-time"]
    assert (qr.previous_favourable.display, qr.change) == ("40%", 20)


def _results_queries(survey):
    # Each process keeps an opened survey's structure: count with it kept, as pages are.
    selectors.survey_structure(survey)
    with CaptureQueriesContext(connection) as queries:
        results = selectors.survey_results(survey)
        list(selectors.survey_breakdowns(survey, by=selectors.breakdown_questions(survey)[0]))
        selectors.favourable_trend()
    return results, len(queries)


def test_results_query_count_does_not_grow_with_responses(survey_with_groups):
    survey, q, group = survey_with_groups
    before, queries_before = _results_queries(survey)
    add_responses(survey, [{q: "Agree", group: "Medical"}] * 200)
    after, queries_after = _results_queries(survey)
    assert after.respondents == before.respondents + 200
    assert queries_after == queries_before


def test_response_rate_by_group_hides_small_groups(priorities):
    from surveys import services
    from tests.factories import PlaceFactory, ProfessionalGroupFactory

    survey = SurveyFactory(status=Survey.Status.CLOSED)
    nursing = ProfessionalGroupFactory(name="Nursing and midwifery")
    midwives = ProfessionalGroupFactory(name="Midwives", parent=nursing)
    pharmacy = ProfessionalGroupFactory(name="Pharmacy")
    medical = ProfessionalGroupFactory(name="Medical")
    place = PlaceFactory(name="Cheltenham")
    people = [PersonFactory(professional_group=midwives, place=place) for _ in range(12)]
    people += [PersonFactory(professional_group=pharmacy, place=place) for _ in range(3)]
    people += [PersonFactory(professional_group=medical, place=place) for _ in range(10)]
    services.invitations_add(survey=survey, invitees=services.invitees_from_people(people))
    survey.invitations.filter(person__in=people[:6] + people[12:13]).update(responded=True)

    rate = selectors.response_rate(survey)
    assert (rate.invited, rate.responded, rate.rate.display) == (25, 7, "28%")
    groups = {
        label: (n.display, share.display) for label, n, share in rate.by_group["Professional group"]
    }
    assert groups["Nursing and midwifery"] == ("12", "50%")  # counted under the family
    assert groups["Pharmacy"] == ("*", "*")  # 3 invited
    assert groups["Medical"] == ("*", "*")  # hidden too, so Pharmacy cannot be worked out
    places = {label: (n.display, share.display) for label, n, share in rate.by_group["Place"]}
    assert places["Cheltenham"] == ("25", "28%")
    # While the survey is open, no rate by group: one going up would say whose response came.
    survey.status = Survey.Status.OPEN
    assert selectors.response_rate(survey).by_group == {}


# --- The results page from the cache (ccpl.fragments) ---------------------------------------


def test_cached_results_differ_by_kind_and_show_a_write_at_once(
    survey_with_groups, staff_user, exec_user
):
    from django.test import Client
    from django.urls import reverse

    from surveys import services

    survey, _q, _group = survey_with_groups
    url = reverse("surveys:results", args=[survey.pk])
    staff, executive = Client(), Client()
    staff.force_login(staff_user)
    executive.force_login(exec_user)
    manage_only = "Write the summary and recommendations"
    # Whoever comes first, the other kind never gets their part of the page.
    assert manage_only in staff.get(url).content.decode()
    assert manage_only not in executive.get(url).content.decode()
    cache.clear()
    assert manage_only not in executive.get(url).content.decode()
    assert manage_only in staff.get(url).content.decode()
    assert "37 people responded" in executive.get(url).content.decode()
    add_responses(survey, [{_q: "Agree"}])
    assert "38 people responded" in executive.get(url).content.decode()
    published = reverse("surveys:published_detail", args=[survey.pk])
    assert published not in executive.get(url).content.decode()
    services.survey_set_status(survey=survey, status=Survey.Status.PUBLISHED, user=staff_user)
    assert published in executive.get(url).content.decode()
