"""Date derivation from bands, and the RAG and stale rules, worked out in the database."""

import datetime

import pytest

from actions.models import Action, Band, ProgressStatus, Rag, add_months, band_dates
from tests.actions.factories import ActionFactory, ActionPlanFactory, ProgressUpdateFactory

D = datetime.date
START = D(2026, 1, 1)


@pytest.mark.parametrize(
    ("band", "starts_on", "due_on"),
    [
        (Band.SHORT, D(2026, 1, 1), D(2026, 7, 1)),
        (Band.MEDIUM, D(2026, 7, 1), D(2027, 1, 1)),
        (Band.LONG, D(2027, 1, 1), D(2027, 7, 1)),
    ],
)
def test_each_band_runs_from_its_lower_to_its_upper_bound(band, starts_on, due_on):
    assert band_dates(band, START) == (starts_on, due_on)


def test_months_are_added_to_the_end_of_a_shorter_month():
    assert add_months(D(2025, 8, 31), 6) == D(2026, 2, 28)
    assert add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)
    assert add_months(D(2026, 3, 1), -15) == D(2024, 12, 1)
    assert band_dates(Band.SHORT, D(2027, 8, 31)) == (D(2027, 8, 31), D(2028, 2, 29))


def _rating(action, on):
    return Action.objects.with_progress(on).values_list("rag", "is_stale").get(pk=action.pk)


@pytest.fixture
def medium(db):
    """A medium-term action: starts 1 July 2026, due 1 January 2027."""
    return ActionFactory(plan=ActionPlanFactory(starts_on=START), band=Band.MEDIUM)


def _update(action, on, status):
    return ProgressUpdateFactory(action=action, on=on, status=status)


def test_without_updates_an_action_is_not_due_then_not_started(medium):
    assert _rating(medium, D(2026, 3, 1))[0] == Rag.NOT_DUE
    assert _rating(medium, D(2026, 7, 1))[0] == Rag.NOT_DUE  # on its start date
    assert _rating(medium, D(2026, 7, 2))[0] == Rag.NOT_STARTED


@pytest.mark.parametrize(
    ("status", "rag"),
    [
        (ProgressStatus.ON_TRACK, Rag.ON_TRACK),
        (ProgressStatus.AT_RISK, Rag.AT_RISK),
        (ProgressStatus.OFF_TRACK, Rag.OFF_TRACK),
        (ProgressStatus.COMPLETE, Rag.COMPLETE),
        (ProgressStatus.NOT_STARTED, Rag.NOT_STARTED),
    ],
)
def test_before_the_due_date_the_latest_update_decides(medium, status, rag):
    _update(medium, D(2026, 8, 1), ProgressStatus.ON_TRACK)
    _update(medium, D(2026, 9, 1), status)
    assert _rating(medium, D(2026, 9, 15))[0] == rag


@pytest.mark.parametrize(
    "status", [ProgressStatus.ON_TRACK, ProgressStatus.AT_RISK, ProgressStatus.OFF_TRACK]
)
def test_past_due_and_not_complete_is_overdue_whatever_the_update_says(medium, status):
    _update(medium, D(2026, 12, 1), status)
    assert _rating(medium, D(2027, 1, 1))[0] != Rag.OVERDUE  # due today: not yet overdue
    assert _rating(medium, D(2027, 1, 2))[0] == Rag.OVERDUE


def test_complete_wins_over_overdue(medium):
    _update(medium, D(2026, 12, 1), ProgressStatus.COMPLETE)
    assert _rating(medium, D(2027, 6, 1))[0] == Rag.COMPLETE


def test_updates_after_the_chosen_date_are_ignored(medium):
    _update(medium, D(2026, 8, 1), ProgressStatus.AT_RISK)
    _update(medium, D(2026, 10, 1), ProgressStatus.COMPLETE)
    assert _rating(medium, D(2026, 9, 1))[0] == Rag.AT_RISK
    assert _rating(medium, D(2026, 10, 1))[0] == Rag.COMPLETE


def test_two_updates_on_one_day_the_later_recorded_wins(medium):
    _update(medium, D(2026, 8, 1), ProgressStatus.ON_TRACK)
    _update(medium, D(2026, 8, 1), ProgressStatus.OFF_TRACK)
    assert _rating(medium, D(2026, 8, 2))[0] == Rag.OFF_TRACK


def test_stale_after_90_days_without_an_update(medium):
    _update(medium, D(2026, 8, 1), ProgressStatus.ON_TRACK)
    assert _rating(medium, D(2026, 8, 1) + datetime.timedelta(days=89)) == (Rag.ON_TRACK, False)
    assert _rating(medium, D(2026, 8, 1) + datetime.timedelta(days=90)) == (Rag.ON_TRACK, True)


def test_stale_counts_from_the_actions_own_start_without_any_update(medium):
    # Not due to start yet, so not stale, however long after the plan's start.
    assert _rating(medium, START + datetime.timedelta(days=90)) == (Rag.NOT_DUE, False)
    own_start = D(2026, 7, 1)
    assert _rating(medium, own_start + datetime.timedelta(days=89))[1] is False
    assert _rating(medium, own_start + datetime.timedelta(days=90)) == (Rag.NOT_STARTED, True)


def test_stale_counts_from_the_day_an_action_was_added_when_later(medium):
    medium.added_on = D(2026, 9, 1)  # entered two months after it should have started
    medium.save()
    assert _rating(medium, D(2026, 9, 1) + datetime.timedelta(days=89))[1] is False
    assert _rating(medium, D(2026, 9, 1) + datetime.timedelta(days=90))[1] is True


def test_a_complete_action_is_never_stale(medium):
    _update(medium, D(2026, 8, 1), ProgressStatus.COMPLETE)
    assert _rating(medium, D(2027, 8, 1)) == (Rag.COMPLETE, False)


def test_stale_is_a_flag_beside_the_rating_not_a_rating(medium):
    _update(medium, D(2026, 8, 1), ProgressStatus.AT_RISK)
    assert _rating(medium, D(2026, 12, 1)) == (Rag.AT_RISK, True)
    assert "stale" not in Rag.values


def test_the_rag_key_lists_every_rule_in_order():
    from actions.selectors import rag_key

    key = rag_key()
    assert [row.rag for row in key] == list(Rag)
    assert [row.colour for row in key] == [
        "Blue",
        "Red",
        "Red",
        "Amber",
        "Amber",
        "Grey",
        "Green",
    ]
