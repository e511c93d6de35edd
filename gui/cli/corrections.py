"""`seedview corrections export PATH [-o FILE]` and `seedview corrections import PATH FILE`: a
corpus's entity corrections as JSON Lines, one per line, to share them or carry them to another
copy of the corpus (gui/core/desk/corrections.py says each line's form).

Import brings the corpus's store up to date and its entities resolved first (NAMEs are matched
against the entities' names and aliases), then adds the file's corrections after the desk's own:
a bad line is reported with its line number and left out (a label neither the model nor the
corpus has among them: correction_labels), one naming no entity is reported with
its line number and kept (it changes nothing until an entity has that name), the rest applies; a
correction the desk has already is left, so importing twice changes nothing; one that overrides
an earlier correction is applied and reported. Exit codes as `seedview export`'s: 0 when every
line applied, 1 when some did not (or nothing could be done), 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from gui.cli.entities import resolved
from gui.cli.options import EXIT_FAILURE, EXIT_OK
from gui.cli.store_command import (
    STALENESS,
    CommandError,
    Speaker,
    add_engine_options,
    run_guarded,
    shown_path,
    up_to_date_store,
    utf8_stdout,
)
from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_corrections import (
    CorrectionsImported,
    apply_corrections,
    corrections_current,
    import_corrections,
)
from gui.core.corpus.store_resolution import resolution_current
from gui.core.desk.correction_files import read_corrections, write_corrections
from gui.core.desk.correction_labels import checked_labels, known_labels
from gui.core.desk.correction_log import active_corrections
from gui.core.model.atomic_write import write_atomically
from gui.locations import desk_folder

FORMAT = ('one JSON object per line: {"op": "relabel", "entity": NAME, "label": LABEL}, {"op": "merge", '
          '"entities": [NAME, ...]}, {"op": "split", "entity": NAME, "alias": ALIAS}, {"op": "reject", '
          '"entity": NAME}, {"op": "add", "text": TEXT, "label": LABEL}; a relabel of one mention adds '
          '"document", "file", "start" and "end"')


def parser() -> argparse.ArgumentParser:
    """The command's options: `export` and `import`."""
    made = argparse.ArgumentParser(
        prog="seedview corrections",
        description="Export or import a corpus's entity corrections (relabel, merge, split, reject, add) "
        "as JSON Lines: " + FORMAT + ".",
    )
    actions = made.add_subparsers(dest="action", required=True, metavar="{export,import}")
    out = actions.add_parser("export", help="write the corpus's corrections, in the order they were made",
                             description="Write the corpus's active corrections as JSON Lines, in order.")
    out.add_argument("path", type=Path, help="folder, .txt file or .jsonl file")
    out.add_argument("-o", "--output", type=Path, help="the file to write (default: stdout)")
    into = actions.add_parser(
        "import", help="add a file's corrections to the corpus's",
        description="Add a corrections file's corrections after the corpus's own and apply them. NAME "
        "matches an entity's name or any of its aliases, case aside. A bad line is reported with its "
        "line number and left out; one naming no entity is reported and kept (it changes nothing until "
        "one has that name); the rest applies. A correction the "
        "corpus has already is left, so importing a file twice changes nothing; a later correction "
        "wins over an earlier one it conflicts with, which is reported. " + STALENESS)
    into.add_argument("path", type=Path, help="folder, .txt file or .jsonl file")
    into.add_argument("file", type=Path, help="the corrections file (JSON Lines; - for stdin)")
    add_engine_options(into)
    return made


def export(options: argparse.Namespace, cache_folder: Path, say: Speaker) -> int:
    """Write the desk's active corrections."""
    source = options.path.expanduser()
    if not (source.is_dir() or source.is_file()):
        raise CommandError(f"{source} does not exist or is not a folder or a file.")
    store = CorpusStore.for_corpus(cache_folder, source, desk_folder=desk_folder(cache_folder))
    try:
        corrections = [item.correction for item in active_corrections(store.db)]
    except sqlite3.Error as error:
        raise CommandError(f"The desk of {shown_path(source)} cannot be read: {error}.") from error
    finally:
        store.close()
    if options.output is None:
        utf8_stdout()
        write_corrections(corrections, sys.stdout)
    else:
        try:
            write_atomically(options.output, lambda stream: write_corrections(corrections, stream))
        except OSError as error:
            raise CommandError(f"cannot write {options.output}: {error.strerror or error}") from error
        say(f"wrote {len(corrections):,} correction{'s' * (len(corrections) != 1)} to {options.output}")
    return EXIT_OK


def _lines(file: Path) -> list[str]:
    """The lines of the corrections file (stdin for '-')."""
    if str(file) == "-":
        return sys.stdin.read().splitlines()
    try:
        return file.expanduser().read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as error:
        raise CommandError(f"{file} is not UTF-8 text ({error.reason} at byte {error.start}).") from error
    except OSError as error:
        raise CommandError(f"Cannot read {file}: {error.strerror or error}.") from error


def import_(options: argparse.Namespace, cache_folder: Path, say: Speaker) -> int:
    """Add the file's corrections to the desk and apply them; report each line not applied."""
    source = options.path.expanduser()
    if not (source.is_dir() or source.is_file()):  # before the file's lines are judged
        raise CommandError(f"{source} does not exist or is not a folder or a file.")
    read = read_corrections(_lines(options.file))
    name = shown_path(options.file)
    run = up_to_date_store(options.path, cache_folder, say, options.processes, options.dask,
                           trust_folder_stamp=True)
    try:
        resolved(run.store, say)
        try:
            corrections, unknown = checked_labels(read.corrections, known_labels(run.store.db))
            bad = sorted([*read.bad, *unknown])
            for line in bad:
                say(f"{name}:{line.line}: {line.message}; left out")
            report = import_corrections(run.store, corrections)
        except sqlite3.Error as error:
            raise CommandError(f"The corrections could not be written to the desk: {error}.") from error
    finally:
        run.store.close()
    _say_report(report, name, len(bad), say)
    return EXIT_FAILURE if bad or report.idle else EXIT_OK


def _say_report(report: CorrectionsImported, name: str, bad: int, say: Speaker) -> None:
    for note in report.idle:
        say(f"{name}:{note.line}: {note.message}; it changes nothing")
    for note in report.conflicts:
        say(f"{name}:{note.line}: {note.message}; the later wins")
    for note in report.remarks:
        say(f"{name}:{note.line}: {note.message}")
    had = f", {report.already:,} the corpus had already" if report.already else ""
    left = f", {bad:,} bad line{'s' * (bad != 1)} left out" if bad else ""
    idle = len(report.idle)
    idle_part = f", {idle:,} changing nothing" if idle else ""
    say(f"imported {report.added:,} correction{'s' * (report.added != 1)}{had}{left}{idle_part}")


def with_corrections(store: CorpusStore, say: Speaker) -> None:
    """Before a command answers from the store (`search`, `timeline`, `related`): the desk's
    corrections applied. They apply to the corpus-level resolution, which is brought up to date
    first when the corpus has corrections (resolving many documents takes a while: a corpus with
    none is answered by its per-document entities meanwhile, as before)."""
    try:
        if store.db.execute("SELECT 1 FROM desk.corrections WHERE active LIMIT 1").fetchone() is None:
            return
        if not resolution_current(store):
            resolved(store, say)  # applies them too
        elif not corrections_current(store):
            apply_corrections(store)
    except sqlite3.Error as error:
        raise CommandError(
            f"The corpus store {store.path} could not take the corrections: {error}.") from error


def main(args: list[str], cache_folder: Path) -> int:
    """Run `seedview corrections ARGS`; returns the exit code."""
    options = parser().parse_args(args)
    if options.action == "export":
        return run_guarded("corrections", lambda say: export(options, cache_folder, say))
    return run_guarded("corrections", lambda say: import_(options, cache_folder, say))
