"""Export documents with their entities as JSON Lines, brat standoff or HTML pages.

`seedview export` and the window's File menu both come here, so they write the same files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from gui.core.colours.palette import Palette
from gui.core.formats.brat.brat import write_brat
from gui.core.formats.brat.brat_writer import brat_losses
from gui.core.formats.html.export_html import write_html
from gui.core.formats.jsonl.export_jsonl import write_jsonl
from gui.core.model.atomic_write import (
    FolderNotEmptyError,
    folder_written_whole,
    remove_leftovers,
    write_atomically,
)
from gui.core.model.document import Document
from gui.core.model.document_marks import MarksOf

FORMATS = ("jsonl", "brat", "html")
FORMAT_NAMES = {"jsonl": "JSON Lines", "brat": "brat standoff", "html": "HTML pages"}
ANNOTATION_SUFFIX = ".ann"  # the brat file beside a `.txt`, which a brat corpus reads with it


class ExportError(Exception):
    """The export cannot be written where it was asked to go."""


def writes_folder(fmt: str) -> bool:
    """Whether a format writes a folder of files (brat, HTML) rather than one file (JSON Lines)."""
    return fmt != "jsonl"


def _resolved(path: Path, what: str) -> Path:
    """The absolute path with `~` expanded and links followed, or an ExportError saying why not."""
    try:
        expanded = path.expanduser()
    except RuntimeError as error:
        raise ExportError(
            f"Cannot use {path} as {what}: its '~' names no home folder on this computer; "
            "give the full path."
        ) from error
    try:
        resolved = expanded.resolve()
        # Python 3.13 resolves a symlink loop without a word; asking about the path then says so.
        resolved.stat()
    except FileNotFoundError:
        pass  # a destination yet to be made
    except (RuntimeError, OSError) as error:  # RuntimeError: a symlink loop (before Python 3.13)
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        raise ExportError(f"Cannot use {path} as {what} ({reason}); choose another path.") from error
    return resolved


def check_destination(fmt: str, output: Path, source: Path | None) -> None:
    """Refuse a destination that would change what is being read, or overwrite other files.

    `source` is what was opened (None when nothing was). When it is a folder, nothing may be
    written inside it, nor over it; when it is a file (a JSON Lines file, or one `.txt`), the
    export may not replace it (nor the `.txt`'s brat `.ann`), but may go beside it. brat and HTML
    write a folder: it must be new or empty. JSON Lines write one file, which is replaced whole.
    Raises ExportError with a sentence for the user.
    """
    target = _resolved(output, "the destination")
    if source is not None:
        read = _resolved(source, "the source")
        if read.is_dir():
            if target == read or target.is_relative_to(read):
                raise ExportError(
                    f"{output} is inside {source}, the folder being read; "
                    "choose a destination outside it, so nothing there is changed."
                )
        else:
            protected = [read]
            if read.suffix.lower() == ".txt":
                protected.append(read.with_suffix(ANNOTATION_SUFFIX))
            if target in protected:
                what = "the file being read" if target == read else "the annotations of the file being read"
                raise ExportError(
                    f"{output} is {what}; choose another destination, so it is not overwritten."
                )
    if writes_folder(fmt):
        if target.exists() and not target.is_dir():
            raise ExportError(f"{output} is a file; {FORMAT_NAMES[fmt]} are written into a folder.")
        if target.is_dir() and _has_files(target, output):
            raise ExportError(
                f"{output} already has files; choose a new or empty folder, so nothing there is overwritten."
            )
    elif target.is_dir():
        raise ExportError(f"{output} is a folder; JSON Lines are written into one file.")


def _has_files(folder: Path, shown: Path) -> bool:
    """Whether a folder has anything in it; an ExportError if it cannot be listed."""
    try:
        return any(folder.iterdir())
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise ExportError(f"Cannot look into {shown}: {reason}.") from error


def export_documents(
    documents: Iterable[Document],
    fmt: str,
    output: Path,
    palette: Palette,
    title: str,
    *,
    whole_corpus: bool = False,
    warn: Callable[[str], None] | None = None,
    marks: MarksOf | None = None,
) -> int:
    """Write documents in a format to `output` (a file for jsonl, a folder otherwise); return how
    many were written.

    The file or the folder appears only once complete (and nothing appears after a failure, an
    interruption or a kill); what a killed export left beside `output` is removed first.

    `whole_corpus` says the documents are a whole folder (or JSON Lines file): HTML then always
    gets an index page, else only for two or more documents. `warn` receives a sentence for each
    thing a brat export cannot give back exactly (see `brat_losses`). `marks` gives the reader's
    marks of each document (read, starred, tags, note), which JSON Lines and HTML carry.
    """
    count = 0

    def counted() -> Iterator[Document]:
        """The documents, counted as they are written, with their brat losses told to `warn`."""
        nonlocal count
        for document in documents:
            count += 1
            if fmt == "brat" and warn is not None:
                for loss in brat_losses(document):
                    warn(loss)
            yield document

    if fmt not in FORMATS:
        raise ExportError(f"Unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}.")
    if fmt == "jsonl":
        output.parent.mkdir(parents=True, exist_ok=True)  # as the folder formats create theirs
        remove_leftovers(output)
        write_atomically(output, lambda stream: write_jsonl(counted(), stream, marks))
        return count
    # Built beside the real folder (not beside a link to it), so the rename lands there.
    target = _resolved(output, "the destination")
    remove_leftovers(target)
    try:
        with folder_written_whole(target) as folder:
            if fmt == "brat":
                write_brat(counted(), folder, palette)
            else:
                write_html(counted(), folder, palette, title, index=True if whole_corpus else None,
                           marks=marks)
    except FolderNotEmptyError as error:
        raise ExportError(
            f"{output} got files from elsewhere while the export was written, so it was not "
            "written there; choose a new or empty folder."
        ) from error
    return count
