"""Layers and pieces of overlapping spans, against a brute-force reading of the same spans."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gui.core.entities.span_layers import assign_layers, layered_pieces, overlapping, pieces
from gui.core.model.document import Entity


def overlaps(first: Entity, second: Entity) -> bool:
    return first.start < second.end and second.start < first.end


spans_strategy = st.lists(
    st.tuples(st.integers(0, 30), st.integers(1, 12), st.sampled_from(["ORG", "GPE", "X"])).map(
        lambda t: Entity(t[0], t[0] + t[1], t[2])
    ),
    max_size=9,
)


def test_four_nested_spans_get_four_layers_outer_first() -> None:
    spans = [Entity(4, 12, "GPE"), Entity(4, 35, "ORG"), Entity(8, 12, "LOC"), Entity(4, 17, "GPE")]
    assert assign_layers(spans) == [2, 0, 3, 1]
    assert overlapping(spans) == {0, 1, 2, 3}
    inner = next(piece for piece in pieces(spans) if piece.start == 8)
    assert [spans[i].label for i in inner.covering] == ["ORG", "GPE", "GPE", "LOC"]


def test_spans_that_overlap_nothing_stay_on_layer_zero() -> None:
    spans = [Entity(0, 3, "A"), Entity(3, 6, "B"), Entity(10, 12, "C")]
    assert assign_layers(spans) == [0, 0, 0]
    assert overlapping(spans) == set()


@settings(max_examples=300, deadline=None)
@given(spans_strategy)
def test_layers_pieces_and_overlaps_agree_with_brute_force(spans: list[Entity]) -> None:
    layers = assign_layers(spans)
    for i, first in enumerate(spans):
        others = [layers[j] for j, second in enumerate(spans) if j != i and overlaps(first, second)]
        assert layers[i] not in others
        # The lowest free layer among those it overlaps that started before it (greedy, by start).
        assert layers[i] <= len(others)
    brute = {
        i for i in range(len(spans)) for j in range(len(spans)) if i != j and overlaps(spans[i], spans[j])
    }
    assert overlapping(spans) == brute
    cut = pieces(spans)
    for piece in cut:
        for x in range(piece.start, piece.end):
            assert set(piece.covering) == {i for i, s in enumerate(spans) if s.start <= x < s.end}
    assert {x for p in cut for x in range(p.start, p.end)} == {
        x for s in spans for x in range(s.start, s.end)
    }


@settings(max_examples=300, deadline=None)
@given(spans_strategy, st.integers(0, 4))
def test_layered_pieces_name_the_spans_on_the_rows_drawn_and_count_the_others(
    spans: list[Entity], rows: int
) -> None:
    layers = assign_layers(spans)
    cut = layered_pieces(spans, layers, rows)
    full = pieces(spans)
    assert [(p.start, p.end) for p in cut] == [(p.start, p.end) for p in full]
    for layered, piece in zip(cut, full, strict=True):
        assert layered.inner == piece.covering[-1]
        assert layered.shown == tuple(i for i in piece.covering if layers[i] < rows)
        assert layered.more == len(piece.covering) - len(layered.shown)


def test_a_thousand_nested_spans_name_at_most_the_rows_per_piece() -> None:
    spans = [Entity(i, 2_000 - i, "X") for i in range(1_000)]
    cut = layered_pieces(spans, assign_layers(spans), 16)
    assert len(cut) == 1_999
    assert max(len(piece.shown) for piece in cut) == 16
    middle = next(piece for piece in cut if piece.start == 999)
    assert middle.shown == tuple(range(16)) and middle.more == 984 and middle.inner == 999
