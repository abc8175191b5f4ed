"""One use per link, even when two submissions race (real PostgreSQL, real threads)."""

import threading

import pytest
from django.db import connection

from surveys import services
from surveys.models import Answer, Invitation, Response, Survey

from .factories import SectionFactory, SurveyFactory, invite, question

RACERS = 8


@pytest.mark.django_db(transaction=True)
def test_a_token_is_used_once_when_submissions_race():
    assert connection.vendor == "postgresql", "run with make test: this needs real row locks"
    survey = SurveyFactory(status=Survey.Status.OPEN)
    section = SectionFactory(survey=survey)
    q = question(section, "q", kind="yes_no", required=True)
    answers = {str(q.pk): str(q.options.get(label="Yes").pk)}
    invitation, token = invite(survey)
    # A reminder link for the same invitation races too.
    reminder_token = services.invitation_token_issue(invitation=invitation)

    barrier = threading.Barrier(RACERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def submit(link):
        try:
            barrier.wait()
            services.response_submit(token=link, answers=answers)
            result = "saved"
        except services.LinkUsed:
            result = "used"
        except Exception as error:  # noqa: BLE001 - report anything else as a failure
            result = f"error: {error!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [
        threading.Thread(target=submit, args=(token if i % 2 else reminder_token,))
        for i in range(RACERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["saved"] + ["used"] * (RACERS - 1), outcomes
    assert Response.objects.filter(survey=survey).count() == 1  # none lost, none duplicated
    assert Answer.objects.filter(response__survey=survey).count() == 1
    assert Invitation.objects.get(pk=invitation.pk).responded is True


@pytest.mark.django_db(transaction=True)
def test_a_failed_save_leaves_the_link_unused(monkeypatch):
    """Setting responded and saving the response happen together, or not at all."""
    survey = SurveyFactory(status=Survey.Status.OPEN)
    section = SectionFactory(survey=survey)
    q = question(section, "q", kind="yes_no")
    invitation, token = invite(survey)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Answer.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        services.response_submit(token=token, answers={str(q.pk): str(q.options.first().pk)})
    assert Invitation.objects.get(pk=invitation.pk).responded is False
    assert not Response.objects.exists()
