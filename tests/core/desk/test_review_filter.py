"""The list's reading filter: which rows pass by the reader's marks, those held whatever their
marks, the keyboard's round of filters, and the setting that remembers one."""

from __future__ import annotations

import pytest

from gui.core.desk.reading import MarksKey
from gui.core.desk.review_filter import ReviewFilter, ReviewState, passing_rows
from gui.core.model.document_marks import DocumentMarks

KEYS: list[MarksKey] = ["a", "b", (b"caf\xe9.txt", "caf\ufffd"), (b"caf\xe8.txt", "caf\ufffd"), "e"]
MARKS: dict[MarksKey, DocumentMarks] = {
    "a": DocumentMarks(read=True),
    (b"caf\xe9.txt", "caf\ufffd"): DocumentMarks(read=True, starred=True, tags=("Libya",)),
    "e": DocumentMarks(tags=("libya", "to check")),
    "gone": DocumentMarks(read=True, starred=True),  # marks of a document no longer listed
}
UNREAD, STARRED = ReviewFilter(ReviewState.UNREAD), ReviewFilter(ReviewState.STARRED)


def test_rows_pass_by_the_marks() -> None:
    assert passing_rows(ReviewFilter(), KEYS, MARKS) == [0, 1, 2, 3, 4]
    assert passing_rows(UNREAD, KEYS, MARKS) == [1, 3, 4]  # cafè is not café
    assert passing_rows(STARRED, KEYS, MARKS) == [2]
    assert passing_rows(ReviewFilter(ReviewState.TAGGED, "LIBYA"), KEYS, MARKS) == [2, 4]  # any case
    assert passing_rows(ReviewFilter(ReviewState.TAGGED, "to check"), KEYS, MARKS) == [4]
    assert passing_rows(UNREAD, KEYS, {}) == [0, 1, 2, 3, 4]  # the desk has not answered: all unread
    assert passing_rows(STARRED, KEYS, {}) == []


def test_held_documents_pass_whatever_their_marks() -> None:
    assert passing_rows(UNREAD, KEYS, MARKS, held={"a"}) == [0, 1, 3, 4]
    assert passing_rows(STARRED, KEYS, MARKS, held={"b", "not listed"}) == [1, 2]
    assert passing_rows(UNREAD, KEYS, MARKS, held={"a", (b"caf\xe9.txt", "caf\ufffd")}) == [0, 1, 2, 3, 4]


def test_the_keyboards_round_and_the_words() -> None:
    assert ReviewFilter().following() == UNREAD
    assert UNREAD.following() == STARRED
    assert STARRED.following() == ReviewFilter()
    assert ReviewFilter(ReviewState.TAGGED, "Libya").following() == ReviewFilter()
    labels = [review.label for review in (ReviewFilter(), UNREAD, STARRED)]
    assert labels == ["All documents", "Unread only", "Starred only"]
    assert ReviewFilter(ReviewState.TAGGED, "Libya").label == "Tagged “Libya”"
    assert not ReviewFilter().on and UNREAD.on
    assert (UNREAD.left_words, STARRED.left_words) == ("read", "unstarred")
    assert ReviewFilter(ReviewState.TAGGED, "Libya").left_words == "untagged"


@pytest.mark.parametrize(("setting", "expected"), [
    ("all", ReviewFilter()),
    ("unread", UNREAD),
    ("starred", STARRED),
    ("tag:to  check ", ReviewFilter(ReviewState.TAGGED, "to check")),
    ("tag:", ReviewFilter()),
    ("tagged", ReviewFilter()),  # a tag filter without its tag
    ("read", ReviewFilter()),  # foreign: all
    ("", ReviewFilter()),
])
def test_the_setting_is_read_back_and_a_foreign_one_is_all(setting: str, expected: ReviewFilter) -> None:
    found = ReviewFilter.parse(setting)
    assert found == expected
    assert ReviewFilter.parse(found.setting) == found
