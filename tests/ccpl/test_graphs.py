"""The one loop finder every app uses (forums' reporting lines, actions' dependencies)."""

from ccpl.graphs import cycle_closed_by, path_between


def test_path_follows_links_and_names_every_step():
    edges = [(1, 2), (2, 3), (3, 4)]
    assert path_between(1, 4, edges) == [1, 2, 3, 4]
    assert path_between(4, 1, edges) is None
    assert path_between(2, 2, edges) == [2]


def test_a_link_closes_a_loop_when_its_source_is_reachable_from_its_target():
    edges = [(2, 1), (3, 2)]
    assert cycle_closed_by(1, [3], edges) == [1, 3, 2, 1]
    assert cycle_closed_by(4, [3], edges) is None


def test_a_link_to_itself_is_a_loop_of_one():
    assert cycle_closed_by(1, [1], []) == [1, 1]


def test_every_target_is_tried_and_any_hashable_node_works():
    edges = [("1.2", "1.1")]
    assert cycle_closed_by("1.1", ["9.9", "1.2"], edges) == ["1.1", "1.2", "1.1"]
    assert cycle_closed_by("1.1", ["9.9"], iter(edges)) is None
