"""The document list's reading filter: every document, the unread ones, the starred ones, or those
with a tag; which rows of a listing pass it, by the reader's marks (reading.py).

The filter is applied when the reader chooses it, and again when the marks of another corpus come;
between two applications, a document the reader has had on screen stays listed whatever happened to
its marks: read while shown, it would else vanish under the reader (and the list would move to
another document) at the moment the reading filter was doing its job. The window keeps those
documents (`held`); the rows here are those that pass by the marks now, and those held.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from gui.core.desk.reading import MarksKey
from gui.core.model.document_marks import DocumentMarks

TAG_PREFIX = "tag:"  # a tag filter's setting: "tag:" and the tag


class ReviewState(Enum):
    """What the reading filter keeps."""

    ALL = "all"
    UNREAD = "unread"
    STARRED = "starred"
    TAGGED = "tagged"


@dataclass(frozen=True)
class ReviewFilter:
    """Which documents the list keeps by their marks (`tag`: the tag of a TAGGED filter)."""

    state: ReviewState = ReviewState.ALL
    tag: str = ""

    @classmethod
    def parse(cls, setting: str) -> ReviewFilter:
        """The filter a setting names ("all", "unread", "starred" or "tag:NAME"); anything else,
        an old or foreign value, is ALL."""
        if setting.startswith(TAG_PREFIX):
            tag = " ".join(setting[len(TAG_PREFIX):].split())
            return cls(ReviewState.TAGGED, tag) if tag else cls()
        try:
            state = ReviewState(setting)
        except ValueError:
            return cls()
        return cls(state) if state is not ReviewState.TAGGED else cls()

    @property
    def setting(self) -> str:
        """How the filter is remembered (parse reads it back)."""
        return TAG_PREFIX + self.tag if self.state is ReviewState.TAGGED else self.state.value

    @property
    def on(self) -> bool:
        """Whether it leaves any document out."""
        return self.state is not ReviewState.ALL

    @property
    def label(self) -> str:
        """What it keeps, in words: "Unread only"."""
        if self.state is ReviewState.TAGGED:
            return f"Tagged “{self.tag}”"
        return {ReviewState.ALL: "All documents", ReviewState.UNREAD: "Unread only",
                ReviewState.STARRED: "Starred only"}[self.state]

    @property
    def left_words(self) -> str:
        """What happened to a document it would leave out now: "read" for the unread filter."""
        return {ReviewState.UNREAD: "read", ReviewState.STARRED: "unstarred"}.get(self.state, "untagged")

    def following(self) -> ReviewFilter:
        """The next filter in the keyboard's round: all, unread, starred, all (a tag's: all)."""
        order = [ReviewState.ALL, ReviewState.UNREAD, ReviewState.STARRED]
        if self.state not in order:
            return ReviewFilter()
        return ReviewFilter(order[(order.index(self.state) + 1) % len(order)])

    def keeps(self, marks: DocumentMarks) -> bool:
        """Whether a document of these marks passes."""
        if self.state is ReviewState.UNREAD:
            return not marks.read
        if self.state is ReviewState.STARRED:
            return marks.starred
        if self.state is ReviewState.TAGGED:
            wanted = self.tag.casefold()
            return any(tag.casefold() == wanted for tag in marks.tags)
        return True


def passing_rows(
    review: ReviewFilter,
    keys: Sequence[MarksKey],
    marks: Mapping[MarksKey, DocumentMarks],
    held: Collection[MarksKey] = (),
) -> list[int]:
    """The rows of a listing (`keys`: its documents' marks keys, listed_marks_keys) whose document
    passes `review` by its `marks` (a document without marks is unread and bare), or is `held`.
    The marks hold only the documents the reader marked: the few that differ from a bare one are
    worked out first, and the listing is gone over once."""
    if not review.on:
        return list(range(len(keys)))
    bare_passes = review.keeps(DocumentMarks())
    # The marked documents whose fate differs from a bare one's: left out (unread) or kept.
    differ = {key for key, its in marks.items() if review.keeps(its) != bare_passes}
    if bare_passes:
        left_out = differ.difference(held)
        if not left_out:
            return list(range(len(keys)))
        return [row for row, key in enumerate(keys) if key not in left_out]
    kept = differ.union(held)
    return [row for row, key in enumerate(keys) if key in kept]
