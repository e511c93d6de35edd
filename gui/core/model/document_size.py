"""The largest document Seedview reads, and reading a file no further than that."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from gui.core.model import regular_file

# A document is held whole in memory, laid out by Qt, indexed and annotated: past this size that
# takes too long and too much memory, and the file is most likely no article (a log, a dump).
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024


def describe_size(size: int) -> str:
    """A byte count as people read it: '200 MB', '64.5 MB', '1.5 GB'."""
    megabytes = size / 1024**2
    if megabytes >= 1024:
        return f"{megabytes / 1024:.1f} GB"
    return f"{megabytes:.0f} MB" if megabytes >= 100 or megabytes.is_integer() else f"{megabytes:.1f} MB"


def size_problem(size: int) -> str | None:
    """Why something of `size` bytes is not opened, completing "<name> …"; None if it may be."""
    if size <= MAX_DOCUMENT_BYTES:
        return None
    return f"is {describe_size(size)}; Seedview opens documents up to {describe_size(MAX_DOCUMENT_BYTES)}."


def read_capped(path: Path) -> tuple[bytes, str | None]:
    """A file's bytes, or no bytes and a notice when it is larger than MAX_DOCUMENT_BYTES (it is
    then not read at all). OSError propagates, NotARegularFileError for a named pipe or a device."""
    size = path.stat().st_size
    problem = size_problem(size)
    if problem is None:
        with regular_file.open_regular(path, buffering=0) as handle:
            data = _read_at_most(handle, MAX_DOCUMENT_BYTES + 1, size)
        problem = size_problem(len(data))
    return (b"", f"{path.name} {problem}") if problem else (data, None)


def _read_at_most(handle: BinaryIO, limit: int, expected: int) -> bytes:
    """Up to `limit` bytes of a file expected to hold `expected` bytes.

    Up to the limit, so that a file that grew past it since its size was taken is caught; asked
    for by the expected size (64 KiB at least), because one read of the whole limit allocates
    the limit: 64 MB for every 1 KB article.
    """
    parts: list[bytes] = []
    left = limit
    while left > 0:
        part = handle.read(min(left, max(expected + 1, 1 << 16)))
        if not part:
            break
        parts.append(part)
        left -= len(part)
    return b"".join(parts)
