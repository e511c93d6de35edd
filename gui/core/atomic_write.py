"""Writing a file so that it appears only once complete: beside its target, then renamed."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import IO


def write_atomically(path: Path, write: Callable[[IO[str]], object]) -> None:
    """Create or replace the text file `path` with what `write` writes to the stream it is given.

    The file is UTF-8 with LF line breaks on every platform; a lone surrogate (text that came
    through surrogateescape) cannot be UTF-8 and is written as one '?', so offsets still hold. The
    text goes to a hidden `.<name>.partial` file renamed at the end: a failure leaves no half
    file, and an existing file stays as it was until the new one is complete.
    """
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open("w", encoding="utf-8", errors="replace", newline="\n") as stream:
            write(stream)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def write_text_atomically(path: Path, text: str) -> None:
    """Create or replace the text file `path` with `text`, as `write_atomically` does."""
    write_atomically(path, lambda stream: stream.write(text))
