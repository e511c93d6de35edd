"""The desk's log of corrections: in order, a duplicate not added again, a conflict reported,
undone and redone by seq."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gui.core.desk.correction_log import (
    active_corrections,
    add_correction,
    add_corrections,
    corrections_stamp,
    logged_corrections,
    set_active,
)
from gui.core.desk.corrections import Add, Correction, Merge, Reject, Relabel, RelabelMention, Split
from gui.core.desk.desk_file import attach_desk


def desk() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:", isolation_level=None)
    assert attach_desk(db, None, 1.0) == []
    return db


@pytest.fixture
def db() -> Iterator[sqlite3.Connection]:
    made = desk()
    yield made
    made.close()


def test_corrections_are_kept_in_the_order_they_were_made(db: sqlite3.Connection) -> None:
    first = add_correction(db, Relabel("Yukos", "ORG"))
    second = add_correction(db, Merge(("Tony Blair", "Mr Blair")))
    assert not first.duplicate and second.seq > first.seq
    assert [item.correction for item in active_corrections(db)] == [Relabel("Yukos", "ORG"),
                                                                    Merge(("Tony Blair", "Mr Blair"))]


def test_the_same_correction_again_is_not_added(db: sqlite3.Connection) -> None:
    first = add_correction(db, Relabel("Yukos", "ORG"))
    again = add_correction(db, Relabel("yukos", "ORG"))
    assert again.duplicate and again.seq == first.seq
    assert len(logged_corrections(db)) == 1


def test_a_later_correction_of_one_entity_wins_and_says_what_it_overrides(db: sqlite3.Connection) -> None:
    first = add_correction(db, Relabel("Yukos", "PERSON"))
    later = add_correction(db, Relabel("Yukos", "ORG"))
    assert [conflict.seq for conflict in later.conflicts] == [first.seq]
    rejected = add_correction(db, Reject("yukos"))
    assert [conflict.seq for conflict in rejected.conflicts] == [later.seq]  # the one that won last


def test_undo_and_redo_by_seq(db: sqlite3.Connection) -> None:
    added = add_correction(db, Add("Tuesday", "DATE"))
    stamp = corrections_stamp(db)
    assert set_active(db, added.seq, False)
    assert active_corrections(db) == []
    assert corrections_stamp(db) != stamp
    assert [item.active for item in logged_corrections(db)] == [False]
    assert set_active(db, added.seq, True)
    assert corrections_stamp(db) == stamp
    assert not set_active(db, added.seq + 100, True)


def test_an_undone_correction_made_again_is_added_again(db: sqlite3.Connection) -> None:
    added = add_correction(db, Reject("he"))
    set_active(db, added.seq, False)
    again = add_correction(db, Reject("he"))
    assert not again.duplicate and again.seq != added.seq


def test_a_row_a_later_seedview_wrote_is_left_out(db: sqlite3.Connection) -> None:
    db.execute("INSERT INTO desk.corrections (op, body, made) VALUES ('rename', ?, 'now')",
               ('{"op": "rename"}',))
    add_correction(db, Reject("he"))
    assert [item.correction for item in active_corrections(db)] == [Reject("he")]


CORRECTIONS = st.one_of(
    st.builds(Relabel, st.sampled_from(["Yukos", "yukos", "BT", "Chelsea"]),
              st.sampled_from(["ORG", "PERSON"])),
    st.builds(Reject, st.sampled_from(["he", "Tuesday", "BT"])),
    st.builds(Add, st.sampled_from(["BT", "Manchester United"]), st.sampled_from(["ORG", "GPE"])),
    st.builds(Merge, st.lists(st.sampled_from(["A", "B", "C", "D"]), min_size=2, max_size=3, unique=True)
              .map(tuple)),
    st.builds(Split, st.sampled_from(["Tony Blair"]), st.sampled_from(["Blair", "Mr Blair"])),
    st.builds(RelabelMention, st.just((b"a.txt", "a")), st.integers(0, 3), st.just(5),
              st.sampled_from(["X", "Y"])),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(CORRECTIONS, max_size=12))
def test_importing_the_same_corrections_twice_changes_nothing(corrections: list[Correction]) -> None:
    db = desk()
    try:
        add_corrections(db, corrections)
        logged = logged_corrections(db)
        stamp = corrections_stamp(db)
        again = add_corrections(db, corrections)
        assert all(added.duplicate for added in again)
        assert logged_corrections(db) == logged
        assert corrections_stamp(db) == stamp
    finally:
        db.close()
