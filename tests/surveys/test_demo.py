"""The demo surveys: a baseline, two later rounds with movement, one open now; idempotent."""

import io

import pytest
from django.utils import timezone

from ccpl import demo as core_demo
from surveys import demo, selectors
from surveys.models import Answer, Invitation, Response, Survey

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Survey.objects.count(),
        Response.objects.count(),
        Answer.objects.count(),
        Invitation.objects.count(),
        Survey.history.count(),
    )


def test_demo_surveys_load_twice_and_tell_a_believable_story(client):
    core_demo.load(stdout=io.StringIO())
    out = io.StringIO()
    demo.load(stdout=out)
    first = _counts()
    demo.load(stdout=io.StringIO())
    assert _counts() == first

    year = timezone.localdate().year
    surveys = {s.year: s for s in Survey.objects.filter(kind="temperature_check")}
    assert sorted(surveys) == [2021, year - 2, year - 1, year]
    baseline = surveys[2021]
    assert baseline.responses.count() > 100 and all(r.imported for r in baseline.responses.all())
    assert 110 <= surveys[year - 1].responses.count() <= 130
    assert surveys[year].status == "open"

    trend = selectors.favourable_trend()
    assert trend.years == [2021, year - 2, year - 1]
    by_priority = {row.priority.number: row.by_year for row in trend.priorities}
    # Decision-making and recruitment improve; protected time stays the hardest.
    assert by_priority[1][year - 1].percent > by_priority[1][2021].percent + 10
    assert by_priority[5][year - 1].percent > by_priority[5][2021].percent
    assert min(by_priority, key=lambda n: by_priority[n][year - 1].percent) == 3

    # Free text moderated in published rounds; some groups too small to show.
    assert Answer.objects.filter(response__survey=baseline, moderation="publish").exists()
    by = selectors.breakdown_questions(baseline)[0]
    rows = selectors.survey_breakdowns(baseline, by=by)[0].rows()
    assert any(n.hidden for _l, n, _c, _f in rows) and any(not n.hidden for _l, n, _c, _f in rows)

    # The open survey's invitations are part-used, and the demo leader's link works.
    current = surveys[year]
    responded = current.invitations.filter(responded=True).count()
    assert 0 < responded < current.invitations.count()
    assert current.responses.count() == responded
    assert "Try the survey as the demo leader: /survey/" in out.getvalue()
    link = out.getvalue().split("demo leader: ")[1].split()[0]
    assert client.get(link, follow=True).status_code == 200
