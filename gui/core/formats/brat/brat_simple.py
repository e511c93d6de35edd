"""The common brat `.ann` file, read in bulk: nothing but lines `T<n>\\t<TYPE> <start> <end>\\t<text>`.

Tools that export entities write little else, and such a file can have 100,000 lines. Parsed a
line at a time that costs seconds; here the columns come from a few string operations over the
whole file, each checked against the line-by-line reading's rules. Anything else (a line of
another kind or shape, a repeated id, an empty or reversed span, a quoted text that differs from
the text at its offsets, offsets in the date header or past the end, a byte order mark or a CR in
the `.txt`) makes `read_simple_ann` return None, and brat_reader reads the file line by line
with its notices and its detection of other offset counts.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from functools import partial
from itertools import repeat
from operator import lt, sub
from typing import NamedTuple

from gui.core.model.document import Entity, body_start

# Longer numbers cannot be offsets (brat_reader refuses them too).
_MAX_DIGITS = 18
# The file is read a block of lines at a time: each string operation over a block is short, and
# the UI thread never waits longer than that for the interpreter.
BLOCK_CHARS = 200_000
# An Entity made from its fields in C (tuple.__new__), not by a Python-level constructor call.
_as_entity = partial(tuple.__new__, Entity)


def _words(items: list[str]) -> bool:
    """Whether every item is one non-empty run of non-whitespace characters."""
    return "\n".join(items).split() == items


def _numbers(items: list[str]) -> bool:
    """Whether every item is 1 to _MAX_DIGITS ASCII digits."""
    joined = "".join(items)
    return (
        joined.isascii() and joined.isdigit()
        and min(map(len, items)) >= 1 and max(map(len, items)) <= _MAX_DIGITS
    )


def read_simple_ann(
    ann_text: str, stored: str, has_bom: bool, block_chars: int = BLOCK_CHARS
) -> list[Entity] | None:
    """The entities of an `.ann` text made only of single-fragment T lines that all match the
    `.txt` (decoded text as `stored`) where brat says, sorted; None for any other file. The text
    is read in blocks of whole lines of about `block_chars`."""
    if has_bom or "\r" in stored:
        return None  # offsets may count otherwise: brat_reader decides how
    text = ann_text.replace("\r\n", "\n") if "\r" in ann_text else ann_text
    text = text.removesuffix("\n")
    if not text or "\r" in text:
        return None
    header = body_start(stored)
    ids: set[str] = set()
    blocks: list[_Block] = []
    for lines in _blocks_of_lines(text, block_chars):
        block = _read_block(lines, stored, header)
        if block is None:
            return None
        ids.update(block.ids)
        blocks.append(block)
        if len(ids) != sum(len(b.ids) for b in blocks):
            return None  # an id used twice: brat_reader tells which line repeats which
    in_order = all(block.in_order for block in blocks) and all(
        before.starts[-1] < after.starts[0] for before, after in itertools.pairwise(blocks)
    )
    if in_order:  # as tools write them: in the order of the text
        entities: list[Entity] = []
        for block in blocks:  # a block at a time: each call below holds the interpreter briefly
            entities.extend(map(_as_entity, block.rows()))
        return entities
    return list(map(_as_entity, sorted(itertools.chain.from_iterable(block.rows() for block in blocks))))


def read_simple_ann_head(
    ann_text: str, stored: str, has_bom: bool, block_chars: int = BLOCK_CHARS
) -> list[Entity] | None:
    """The entities of the first lines of an `.ann` text (a block of about `block_chars`), if they
    are simple T lines that match the `.txt` and come in the order of the text, and more lines
    follow; else None.

    What the top of a big document can be highlighted with while the whole file is read: the
    whole reading (read_simple_ann, or brat_reader line by line) then says what the file holds.
    """
    if has_bom or "\r" in stored:
        return None
    head = next(_blocks_of_lines(ann_text, block_chars), "").removesuffix("\n")
    if not head or "\r" in head or len(head) >= len(ann_text.rstrip("\n")):
        return None  # nothing, or all of it: the whole reading takes no longer
    block = _read_block(head, stored, body_start(stored))
    if block is None or not block.in_order or len(set(block.ids)) != len(block.ids):
        return None
    return list(map(_as_entity, block.rows()))


class _Block(NamedTuple):
    """The T lines of a block of the file: body offsets, types and ids."""

    starts: list[int]
    ends: list[int]
    labels: list[str]
    ids: list[str]
    in_order: bool  # each span starts after the one before

    def rows(self) -> Iterator[tuple[int, int, str, str, str]]:
        """(start, end, type, id, note) of each line: an Entity's fields."""
        return zip(self.starts, self.ends, self.labels, self.ids, repeat(""))


def _blocks_of_lines(text: str, block_chars: int) -> Iterator[str]:
    """The text in blocks of whole lines of about `block_chars`."""
    start = 0
    while start < len(text):
        end = text.find("\n", start + block_chars)
        end = len(text) if end < 0 else end
        yield text[start:end]
        start = end + 1


def _read_block(text: str, stored: str, header: int) -> _Block | None:
    """The T lines of a block of whole lines, if each is a simple one that matches the text."""
    cells = text.replace("\n", "\t").split("\t")
    if len(cells) % 3:
        return None
    ids, middles, quotes = cells[0::3], cells[1::3], cells[2::3]
    # Exactly three tab-separated fields on every line (no blank line, no tab in a text).
    if "\n".join(map("\t".join, zip(ids, middles, quotes, strict=True))) != text:
        return None
    if not _words(ids) or min(map(len, ids)) < 2 or not all(map(str.startswith, ids, repeat("T"))):
        return None
    words = " ".join(middles).split(" ")
    if len(words) % 3:
        return None
    labels, starts, ends = words[0::3], words[1::3], words[2::3]
    # Exactly `TYPE start end` in every middle field, one space apart.
    if list(map(" ".join, zip(labels, starts, ends, strict=True))) != middles:
        return None
    if not _words(labels) or not _numbers(starts) or not _numbers(ends):
        return None
    first, last = list(map(int, starts)), list(map(int, ends))
    if not all(map(lt, first, last)) or min(first) < header or max(last) > len(stored):
        return None
    if list(map(stored.__getitem__, map(slice, first, last))) != quotes:
        return None
    # No CR and no byte order mark: a stored offset is the body offset plus the header's length.
    return _Block(
        list(map(sub, first, repeat(header))),
        list(map(sub, last, repeat(header))),
        labels,
        ids,
        all(map(lt, first, first[1:])),
    )
