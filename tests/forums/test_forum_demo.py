import pytest

from forums import selectors
from forums.models import Attendance, Decision, Forum, Meeting, Membership, ReportingLine


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (Forum, ReportingLine, Membership, Meeting, Attendance, Decision)
    }


@pytest.mark.django_db
def test_demo_builds_the_forum_structure(demo_db):
    first = _counts()

    board = Forum.objects.get(kind=Forum.Kind.BOARD)
    council = Forum.objects.get(name="Clinical and Care Professional Council")
    assert council.reporting_lines.filter(reports_to=board).exists()
    assert Forum.objects.filter(kind=Forum.Kind.PLACE_ADVISORY_GROUP).count() == 6
    assembly = Forum.objects.get(kind=Forum.Kind.ASSEMBLY)
    assert 18 <= len(selectors.forum_members(assembly)) <= 24
    assert assembly.meetings.filter(status=Meeting.Status.HELD).count() >= 10
    assert assembly.meetings.filter(status=Meeting.Status.PLANNED).exists()
    assert 0.5 < selectors.attendance_summary(assembly).overall.rate < 1
    assert first["Decision"] > 20
    assert council.terms_of_reference.count() == 2

    # Each forum expects what its remit says, so the mix flags some forums, not every one.
    ahp = Forum.objects.get(name="Allied Health Professions Council")
    expected = set(ahp.expected_professions.values_list("name", flat=True))
    assert "Podiatrists" in expected and "Dentistry" not in expected
    mix = {row.forum.name: row for row in selectors.membership_mix()}
    assert not mix[board.name].flagged
    assert all(
        g.parent and g.parent.name == "Allied health professions"
        for g in mix[ahp.name].missing_professions
    )
    flagged = [name for name, row in mix.items() if row.flagged]
    assert 0 < len(flagged) < len(mix), flagged
