"""Loops in a directed graph given as (source, target) pairs, written once for every app.

Forums report to forums and actions depend on actions; neither may loop. Before a link is
added, :func:`cycle_closed_by` says whether it would close a loop and which one, so the
message can name every step.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable


def path_between(start: Hashable, goal: Hashable, edges: Iterable[tuple]) -> list | None:
    """A path ``[start, …, goal]`` following ``edges`` (source, target) pairs, or None.

    Depth-first, remembering how each node was reached; ``[start]`` when start is goal.
    """
    following: dict = {}
    for source, target in edges:
        following.setdefault(source, []).append(target)
    came_from: dict = {start: None}
    stack = [start]
    while stack:
        current = stack.pop()
        if current == goal:
            path = [current]
            while came_from[path[-1]] is not None:
                path.append(came_from[path[-1]])
            return list(reversed(path))
        for target in following.get(current, ()):
            if target not in came_from:
                came_from[target] = current
                stack.append(target)
    return None


def cycle_closed_by(node: Hashable, targets: Iterable, edges: Iterable[tuple]) -> list | None:
    """The loop that adding links ``node → target`` (for each of ``targets``) to ``edges``
    would close, as ``[node, target, …, node]``, or None.

    A loop appears exactly when ``node`` can already be reached from one of the targets
    (``[node, node]`` when a target is ``node`` itself).
    """
    edges = list(edges)
    for target in targets:
        path = path_between(target, node, edges)
        if path is not None:
            return [node, *path]
    return None
