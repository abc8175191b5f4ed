"""An opened survey's structure is kept per process (``selectors.survey_structure``): the
respondent's pages and submission read it without a query, and it can never be stale."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from surveys import selectors, services
from surveys.models import Survey

from .factories import SectionFactory, SurveyFactory, question

pytestmark = pytest.mark.django_db


def _texts(survey):
    return [q.text for _s, qs in selectors.survey_structure(survey) for q in qs]


def test_an_opened_survey_is_read_once_and_a_draft_every_time():
    draft = SurveyFactory()
    section = SectionFactory(survey=draft)
    question(section, "a")
    question(section, "b", kind="yes_no")
    selectors.survey_structure(draft)
    with CaptureQueriesContext(connection) as reads:
        assert _texts(draft) == ["Statement a.", "Statement b."]
    assert len(reads) == 3  # pages, questions, options: a draft may change at any time

    services.survey_set_status(survey=draft, status=Survey.Status.OPEN)
    first = selectors.survey_structure(draft)
    with CaptureQueriesContext(connection) as reads:
        again = selectors.survey_structure(Survey.objects.get(pk=draft.pk))
        options = [o.label for _s, qs in again for q in qs for o in q.options.all()]
    assert len(reads) == 1  # the survey itself, above; nothing for its structure
    assert again is first
    assert "Yes" in options


def test_a_change_to_a_question_or_option_is_seen_at_once():
    survey = SurveyFactory()
    q = question(SectionFactory(survey=survey), "a")
    services.survey_set_status(survey=survey, status=Survey.Status.OPEN)
    assert _texts(survey) == ["Statement a."]
    # No service changes an opened survey's questions; a data migration or the shell could.
    q.text = "Changed by hand."
    q.save()
    assert _texts(survey) == ["Changed by hand."]
    option = q.options.first()
    option.label = "Relabelled"
    option.save()
    labels = [o.label for _s, qs in selectors.survey_structure(survey) for o in qs[0].options.all()]
    assert "Relabelled" in labels


def test_kept_objects_do_not_carry_one_request_s_survey():
    """The kept pages and questions must not hold the survey object they were first read
    for: its status would be stale for every later request."""
    survey = SurveyFactory()
    question(SectionFactory(survey=survey), "a")
    services.survey_set_status(survey=survey, status=Survey.Status.OPEN)
    for section, questions in selectors.survey_structure(survey):
        assert not section._state.fields_cache.get("survey")
        for q in questions:
            assert not q._state.fields_cache.get("survey")
