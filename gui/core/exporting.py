"""Export documents with their entities as JSON Lines, brat standoff or HTML pages.

`seedview export` and the window's File menu both come here, so they write the same files.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

from gui.core.brat import write_brat
from gui.core.document import Document
from gui.core.export_html import write_html
from gui.core.export_jsonl import write_jsonl
from gui.core.palette import Palette

FORMATS = ("jsonl", "brat", "html")
FORMAT_NAMES = {"jsonl": "JSON Lines", "brat": "brat standoff", "html": "HTML pages"}


class ExportError(Exception):
    """The export cannot be written where it was asked to go."""


def writes_folder(fmt: str) -> bool:
    """Whether a format writes a folder of files (brat, HTML) rather than one file (JSON Lines)."""
    return fmt != "jsonl"


def check_destination(fmt: str, output: Path, source: Path | None) -> None:
    """Refuse a destination that would write into the viewed folder or over its files."""
    if source is None:
        return
    source_folder = source if source.is_dir() else source.parent
    target = output.expanduser().resolve()
    if target == source.resolve() or target.is_relative_to(source_folder.resolve()):
        raise ExportError(
            f"{output} is inside {source_folder}, the folder being read; "
            "choose a destination outside it, so nothing there is changed."
        )
    if writes_folder(fmt) and target.exists() and not target.is_dir():
        raise ExportError(f"{output} is a file; {FORMAT_NAMES[fmt]} are written into a folder.")
    if not writes_folder(fmt) and target.is_dir():
        raise ExportError(f"{output} is a folder; JSON Lines are written into one file.")


def export_documents(
    documents: Iterable[Document],
    fmt: str,
    output: Path,
    palette: Palette,
    title: str,
    progress: Callable[[Document], None] | None = None,
) -> int:
    """Write documents in a format to `output` (a file for jsonl, a folder otherwise); return how
    many were written. A JSON Lines file appears only once complete."""
    count = 0

    def each() -> Iterator[Document]:
        nonlocal count
        for document in documents:
            count += 1
            if progress is not None:
                progress(document)
            yield document

    if fmt == "jsonl":
        write_atomically(output, lambda stream: write_jsonl(each(), stream))
    elif fmt == "brat":
        write_brat(each(), output, palette)
    elif fmt == "html":
        write_html(each(), output, palette, title)
    else:
        raise ExportError(f"Unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}.")
    return count


def write_atomically(path: Path, write: Callable[[IO[str]], object]) -> None:
    """Write a UTF-8 text file beside its target and rename it at the end: a failure leaves no
    half file, and an existing file stays until the new one is complete."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open("w", encoding="utf-8", newline="\n") as stream:
            write(stream)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
