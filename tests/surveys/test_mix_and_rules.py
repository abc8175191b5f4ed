"""The mix keeps everything but order and ids; results only after closing and from 10; the
reminder batch; no token in logs or in the queue."""

import logging
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from surveys import selectors, services
from surveys.models import Answer, Invitation, Response, ResponseMix, Survey

from .factories import SectionFactory, SurveyFactory, add_responses, invite, question

pytestmark = pytest.mark.django_db


def _survey_with(n, status=Survey.Status.OPEN):
    survey = SurveyFactory(status=status)
    section = SectionFactory(survey=survey)
    yes_no = question(section, "yn", kind="yes_no")
    why = question(section, "why", kind="free_text")
    add_responses(
        survey,
        [{yes_no: "Yes" if i % 3 else "No", why: f"Comment {i}"} for i in range(n)],
    )
    return survey, yes_no, why


def _content(survey):
    """Every response's answers as a multiset, without ids."""
    by_response = {}
    for a in Answer.objects.filter(response__survey=survey).values(
        "response_id", "question_id", "option_id", "text", "moderation", "published_text"
    ):
        rid = a.pop("response_id")
        by_response.setdefault(rid, []).append(tuple(sorted(a.items())))
    return sorted(tuple(sorted(v)) for v in by_response.values())


def test_the_mix_keeps_moderation_and_every_answer_with_new_ids():
    survey, _yes_no, why = _survey_with(12, status=Survey.Status.CLOSED)
    first = Answer.objects.filter(question=why).order_by("text").first()
    services.comment_moderate(answer=first, publish=True, published_text="Comment [removed]")
    second = Answer.objects.filter(question=why).exclude(pk=first.pk).order_by("text").first()
    services.comment_moderate(answer=second, publish=False)
    Response.objects.filter(survey=survey).update(imported=True)
    before = _content(survey)
    ids = set(Response.objects.values_list("id", flat=True))
    answer_ids = set(Answer.objects.values_list("id", flat=True))

    assert services.responses_mix(survey=survey) == 12
    assert _content(survey) == before
    assert not ids & set(Response.objects.values_list("id", flat=True))
    assert not answer_ids & set(Answer.objects.values_list("id", flat=True))
    assert Response.objects.filter(survey=survey, imported=True).count() == 12
    assert Answer.objects.get(text=first.text).published_text == "Comment [removed]"
    assert Answer.objects.get(text=second.text).moderation == "withhold"


def test_the_mix_runs_once_10_have_arrived_or_the_survey_has_closed():
    survey, yes_no, _why = _survey_with(9)
    assert not services.survey_mix_due(survey)
    add_responses(survey, [{yes_no: "Yes"}])
    assert services.survey_mix_due(survey)
    services.responses_mix(survey=survey)
    assert ResponseMix.objects.get(survey=survey).responses == 10
    assert not services.survey_mix_due(survey)
    add_responses(survey, [{yes_no: "No"}] * 3)
    assert not services.survey_mix_due(survey)  # 3 since the last mix
    survey.status = Survey.Status.CLOSED
    assert services.survey_mix_due(survey)  # closing mixes whatever is new


def test_closing_a_survey_queues_the_mix(django_capture_on_commit_callbacks, monkeypatch):
    from ccpl import queue

    survey, _yes_no, _why = _survey_with(3)
    queued = []
    monkeypatch.setattr(queue, "send", lambda name, *a, **k: queued.append((name, a, k)))
    with django_capture_on_commit_callbacks(execute=True):
        services.survey_set_status(survey=survey, status=Survey.Status.CLOSED)
    assert queued == [("surveys.tasks.mix_responses", (survey.pk,), {"force": True})]


def test_storage_reclaim_refuses_to_run_inside_a_transaction():
    with pytest.raises(RuntimeError):
        services.storage_reclaim()


def test_publishing_under_10_is_refused_with_a_clear_message():
    survey, _yes_no, _why = _survey_with(3, status=Survey.Status.CLOSED)
    with pytest.raises(ValidationError) as error:
        services.survey_set_status(survey=survey, status=Survey.Status.PUBLISHED)
    assert "3 people responded" in str(error.value)
    assert "fewer than 10 people" in str(error.value)


@pytest.mark.parametrize("status, n", [(Survey.Status.OPEN, 30), (Survey.Status.CLOSED, 9)])
def test_no_results_while_open_or_under_10(client, staff_user, exec_user, status, n):
    survey, _yes_no, why = _survey_with(n, status=status)
    comment = Answer.objects.filter(question=why).first()
    for user in (staff_user, exec_user):
        client.force_login(user)
        for name, args in (
            ("surveys:results", [survey.pk]),
            ("surveys:breakdown", [survey.pk]),
            ("surveys:responses_export", [survey.pk]),
            ("surveys:comment_list", [survey.pk]),
            ("surveys:comment_moderate", [survey.pk, comment.pk]),
        ):
            response = client.get(reverse(name, args=args))
            assert response.status_code == 403, name
            body = response.content.decode()
            assert "Comment 1" not in body and "Yes" not in body.split("<main")[-1], name
    assert selectors.results_withheld_reason(survey)


def test_report_requests_and_the_dashboard_show_no_open_results(staff_user):
    from dashboard import selectors as dashboard
    from reports import kinds
    from reports.forms import SurveyReportForm
    from reports.sections import SURVEY_RESULTS

    survey, _yes_no, _why = _survey_with(30)
    assert survey not in SurveyReportForm().fields["survey"].queryset
    with pytest.raises(kinds.ReportRequestError):
        kinds.inputs_for(kind=SURVEY_RESULTS, survey_id=survey.pk)
    tile = dashboard.temperature_check(on=None)
    assert tile["withheld"] and "priorities" not in tile
    assert tile["respondents"] == 0  # invited and responded counts only (none invited here)


def test_reminders_are_one_batch_and_no_token_reaches_a_log(caplog, mailoutbox):
    caplog.set_level(logging.DEBUG)
    survey = SurveyFactory(status=Survey.Status.OPEN)
    SectionFactory(survey=survey)
    for n in range(4):
        Invitation.objects.create(survey=survey, email=f"p{n}@nhs.net")
    assert services.invitations_send(survey=survey) == 4
    Invitation.objects.filter(email="p0@nhs.net").update(responded=True)
    assert services.reminders_send(survey=survey) == 3
    assert services.reminders_send(survey=survey) == 0  # not again within 7 days
    tokens = {m for message in mailoutbox for m in re.findall(r"/survey/([\w-]+)/", message.body)}
    assert len(tokens) == 7
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert logged and not any(token in logged for token in tokens)
    assert "/survey/" not in logged
    rate = selectors.response_rate(survey)
    assert (rate.reminded, rate.reminder_batches) == (3, 1)


def test_the_used_link_page_is_not_logged(client, caplog):
    survey = SurveyFactory(status=Survey.Status.OPEN)
    SectionFactory(survey=survey)
    invitation, token = invite(survey)
    invitation.responded = True
    invitation.save()
    caplog.set_level(logging.DEBUG)
    assert client.get(f"/survey/{token}/").status_code == 410
    assert client.get("/survey/unknown-token-value/").status_code == 404
    assert token not in caplog.text and "unknown-token-value" not in caplog.text
