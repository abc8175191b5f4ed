"""Report PDFs from the demo ICB: the right figures, tagged PDF/UA, local files only, and
sections that appear only when their app provides them."""

import re
from pathlib import Path

import pytest

from reports import kinds, rendering
from reports.sections import ANNUAL_REPORT, DIVERSITY_ANALYSIS
from tests.reports.pdf import pdf_info, pdf_objects, pdf_text, squashed

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def annual_pdf_module(demo_module, django_db_blocker):
    with django_db_blocker.unblock():
        inputs = kinds.inputs_for(kind=ANNUAL_REPORT)
        report = rendering.build_report(inputs)
        return report, rendering.html_to_pdf(rendering.report_html(report))


@pytest.fixture
def annual_pdf(annual_pdf_module, demo):
    """The demo ICB's annual report, rendered once for the module."""
    return annual_pdf_module


def test_annual_report_has_the_action_plan_matrix_and_status(annual_pdf):
    from actions import selectors as action_selectors

    report, pdf = annual_pdf
    text = pdf_text(pdf)
    # The seed's summary matrix: 3 short, 12 medium, 5 long = 20 actions.
    assert re.search(r"^\s*Total\s+3\s+12\s+5\s+20\s*$", text, re.M), text
    plan = action_selectors.current_plan()
    progress = action_selectors.plan_progress(plan=plan, on=report.inputs.on)
    totals = " ".join(str(n) for n in progress.totals.cells)
    assert f"All priorities {totals} 20 {progress.totals.percent_complete}%" in squashed(text)
    assert f"complete ({progress.totals.percent_complete}%)" in squashed(text)


def test_annual_report_has_the_temperature_check_percentages(annual_pdf):
    from surveys import selectors as survey_selectors
    from surveys.models import Survey

    _report, pdf = annual_pdf
    text = squashed(pdf_text(pdf))
    survey = (
        Survey.objects.filter(kind="temperature_check", status__in=["closed", "published"])
        .order_by("-year")
        .first()
    )
    results = survey_selectors.survey_results(survey)
    assert f"{results.respondents} leaders answered" in text
    for row in results.priorities:
        line = f"{row.priority.number}. {row.priority.short_title} {row.favourable.display}"
        if results.previous_year:
            line += f" {row.previous_favourable.display}"
        assert line in text


def test_annual_report_has_the_register_counts_and_diversity(annual_pdf):
    from roles import selectors as role_selectors

    report, pdf = annual_pdf
    text = squashed(pdf_text(pdf))
    roles = list(role_selectors.role_register(on=report.inputs.on))
    filled = sum(1 for r in roles if r.is_filled)
    assert f"All roles {len(roles)} {filled} {len(roles) - filled}" in text
    tables = role_selectors.diversity_published(on=report.inputs.on).analysis.tables
    sex = next(t for t in tables if t.dimension == "sex")
    female = next(r for r in sex.rows if r.category == "female")
    assert f"Female {female.holders.display} {female.share.display} {female.benchmark}" in text


def test_annual_report_has_cover_contents_marking_and_page_numbers(annual_pdf):
    report, pdf = annual_pdf
    text = pdf_text(pdf)
    pages = text.split("\f")
    pages = [p for p in pages if p.strip()]
    assert "Clinical and care professional" in pages[0] and "OFFICIAL" in pages[0]
    assert "NHS Gloucestershire Integrated Care Board" in pages[0]
    assert f"Figures as of {report.inputs.on:%-d %B %Y}" in squashed(pages[0])
    assert "Draft for sign-off" in squashed(pages[0])
    assert "Contents" in pages[1]
    for built in report.included:
        assert re.search(
            rf"{built.number}\. {re.escape(built.section.title)}\s*\.+\s*\d+", squashed(pages[1])
        )
    # Every page carries the marking, the ICB and "Page n of N".
    for number, page in enumerate(pages, start=1):
        assert "OFFICIAL" in page
        assert "NHS Gloucestershire Integrated Care Board" in page
        if number > 1:
            assert f"Page {number} of {len(pages)}" in page


def test_the_pdf_is_tagged_pdf_ua_with_alt_text_on_every_chart(annual_pdf):
    report, pdf = annual_pdf
    raw = pdf_objects(pdf)
    assert b"/StructTreeRoot" in raw
    assert b"/Lang (en-GB)" in raw
    assert b"pdfuaid:part" in raw
    for tag in (b"/S /H1", b"/S /H2", b"/S /Table", b"/S /TH", b"/S /Figure"):
        assert tag in raw, tag
    info = pdf_info(pdf)
    assert info["Tagged"] == "yes"
    assert info["Title"] == report.title
    html = rendering.report_html(report)
    charts = html.count('role="img"') + html.count('class="governance-map"')
    alts = re.findall(rb"/Alt \(((?:\\.|[^\\)])*)\)", raw) + re.findall(
        rb"/Alt <([0-9A-Fa-f]+)>", raw
    )
    assert len(alts) >= charts > 3
    assert all(alt.strip() for alt in alts)
    assert any(alt.startswith(b"Bar chart: the 20 actions") for alt in alts)


def test_diversity_analysis_report_has_role_holders_and_forum_members(demo):
    from roles import selectors as role_selectors

    inputs = kinds.inputs_for(kind=DIVERSITY_ANALYSIS)
    report = rendering.build_report(inputs)
    assert [b.section.key for b in report.included][:3] == [
        "diversity_method",
        "role_holders",
        "forum_members",
    ]
    text = squashed(pdf_text(rendering.html_to_pdf(rendering.report_html(report))))
    published = role_selectors.diversity_published(on=inputs.on)
    assert f"As published on {published.published_on:%-d %B %Y}" in text
    for table in published.analysis.tables:
        assert f"Role holders by {table.title.lower()}, compared with the" in text
        assert f"Total {table.total.display}" in text
    assert "Forum members by ethnic group" in text
    # Nothing about people is shown below the suppression threshold.
    assert not re.search(r"Role holders \S+ by \S+ .* \b[1-7]\b \(", text)


def test_council_report_and_survey_results_render(demo):
    from surveys.models import Survey

    council = rendering.build_report(kinds.inputs_for(kind="council_report"))
    text = squashed(pdf_text(rendering.html_to_pdf(rendering.report_html(council))))
    assert "Every action's status and latest update" in text
    assert "1.1 " in text and "5.4 " in text
    survey = (
        Survey.objects.filter(
            kind=Survey.Kind.TEMPERATURE_CHECK, status__in=["closed", "published"]
        )
        .order_by("-year")
        .first()
    )
    results = rendering.build_report(kinds.inputs_for(kind="survey_results", survey_id=survey.pk))
    keys = [b.section.key for b in results.included]
    assert keys[:2] == ["survey_overview", "survey_questions"]
    text = squashed(pdf_text(rendering.html_to_pdf(rendering.report_html(results))))
    assert f"{survey.responses.count()} people answered" in text


def test_rendering_reads_local_files_only():
    fetcher = rendering.LocalOnlyURLFetcher()
    for url in (
        "https://example.com/logo.png",
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        "ftp://example.com/x",
    ):
        with pytest.raises(ValueError, match="only read local files"):
            fetcher.fetch(url)
    stylesheet = Path(rendering.print_stylesheet_path())
    assert fetcher.fetch(stylesheet.as_uri()) is not None
    # A document pointing elsewhere still renders, without reaching out.
    html = (
        '<!DOCTYPE html><html lang="en-GB"><head><title>T</title>'
        '<link rel="stylesheet" href="https://example.com/x.css"></head>'
        '<body><h1>T</h1><img src="http://example.com/x.png" alt="x"></body></html>'
    )
    assert rendering.html_to_pdf(html).startswith(b"%PDF")


def test_annual_report_has_the_recruitment_funnel_when_recruitment_provides_it(annual_pdf):
    recruitment = pytest.importorskip("recruitment.selectors")
    if not hasattr(recruitment, "funnels"):
        pytest.skip("the recruitment app does not provide funnels yet")
    from recruitment.models import Application, Campaign

    report, pdf = annual_pdf
    keys = [b.section.key for b in report.included]
    campaigns = Campaign.objects.filter(
        opens_on__gte=report.inputs.starts_on, opens_on__lte=report.inputs.ends_on
    )
    if not campaigns.exists():
        assert "recruitment" not in keys
        return
    assert "recruitment" in keys
    text = squashed(pdf_text(pdf))
    funnel = recruitment.funnels(applications=Application.objects.filter(campaign__in=campaigns))[0]
    totals = " ".join(cell.display for cell in funnel.totals)
    assert "Applicants by professional group: applied, shortlisted and appointed" in text
    assert f"Total {totals}" in text


def test_annual_report_states_both_disclosure_policies_it_applies(annual_pdf):
    from ccpl import disclosure

    report, pdf = annual_pdf
    about = squashed(pdf_text(pdf).split("\f")[1])
    for policy in (disclosure.PEOPLE_POLICY, disclosure.SURVEY_POLICY):
        assert disclosure.POLICY_STATEMENTS[policy] in about


def _rag_key_page(pages: list[str]) -> str:
    from actions import selectors as action_selectors

    (page,) = [p for p in pages if "How RAG ratings are worked out" in p]
    for row in action_selectors.rag_key():
        assert f"{row.rag.label} ({row.colour.lower()}): {row.rule}" in squashed(page)
    return page


def test_annual_report_keeps_the_rag_key_together_beside_its_table(annual_pdf):
    _report, pdf = annual_pdf
    page = _rag_key_page(pdf_text(pdf).split("\f"))
    assert "Actions by priority and RAG rating" in page


def test_council_report_cover_names_the_plan_once_and_keeps_the_key_with_the_actions(demo):
    from actions import selectors as action_selectors

    plan = action_selectors.current_plan()
    inputs = kinds.inputs_for(kind="council_report")
    report = rendering.build_report(inputs)
    pages = pdf_text(rendering.html_to_pdf(rendering.report_html(report))).split("\f")
    cover = squashed(pages[0])
    assert report.title == f"Action plan progress report on {inputs.on:%-d %B %Y}"
    assert cover.count(plan.title) == 1
    assert cover.count(plan.version) == 1
    assert cover.count(f"{inputs.on:%-d %B %Y}") == 3  # title, figures as of, produced
    # The key is whole, on a page with the actions it explains: never alone on a page.
    page = _rag_key_page(pages)
    assert "Priority 1 actions on" in page


def test_a_refreshed_plan_named_with_its_year_does_not_repeat_it(demo):
    from actions import selectors as action_selectors
    from actions import services as action_services
    from actions.models import ActionPlan, add_months

    plan = action_selectors.current_plan()
    refreshed = action_services.plan_refresh(
        user=demo["staff"],
        plan=plan,
        title=f"{plan.title} 2027 to 2028",
        version="2027 to 2028",
        starts_on=add_months(plan.starts_on, 24),
    )
    assert str(refreshed) == f"{plan.title} 2027 to 2028"
    assert str(plan) == f"{plan.title} ({plan.version})"
    # Only the whole version counts as named: "1" is not in "Plan for 2021".
    assert str(ActionPlan(title="Plan for 2021", version="1")) == "Plan for 2021 (1)"
    report = rendering.build_report(kinds.inputs_for(kind="council_report", plan_id=refreshed.pk))
    text = squashed(pdf_text(rendering.html_to_pdf(rendering.report_html(report))))
    assert text.count("2027 to 2028") == text.count(refreshed.title)
    assert "2027 to 2028 (2027 to 2028)" not in text
