"""Back and forward through jumps."""

from __future__ import annotations

from gui.core.session.history import History, Location


def test_back_and_forward_retrace_the_jumps() -> None:
    history = History()
    a, b, c = Location("a", 0), Location("b", 10), Location("c", 5)
    history.jumped(a)  # a -> b
    history.jumped(b)  # b -> c
    assert history.back(c) == b
    assert history.back(b) == a
    assert history.back(a) is None
    assert history.forward(a) == b
    assert history.forward(b) == c
    assert not history.can_go_forward


def test_a_new_jump_clears_the_way_forward() -> None:
    history = History()
    history.jumped(Location("a"))
    assert history.back(Location("b")) == Location("a")
    history.jumped(Location("a"))
    assert not history.can_go_forward
    assert history.can_go_back


def test_the_history_is_bounded_and_repeats_are_not_stacked() -> None:
    history = History(limit=3)
    for i in range(10):
        history.jumped(Location(str(i)))
        history.jumped(Location(str(i)))
    visited = []
    while (location := history.back(Location("now"))) is not None:
        visited.append(location.doc_id)
    assert visited == ["9", "8", "7"]
