"""`seedview`: the window, `seedview export` (JSON Lines, brat, HTML), `seedview annotate` (a whole
corpus, on all cores or a Dask cluster) and `seedview --screenshot`."""

from __future__ import annotations

import argparse
import contextlib
import gc
import logging
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from gui import APP_NAME, __version__
from gui.cli.options import (
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    cpu_count,
    window_size,
)
from gui.core.model.resource_files import seeds_folder

if TYPE_CHECKING:
    from gui.core.corpus.corpus import Corpus, DocumentEntry
    from gui.core.engine.engine import Engine
    from gui.core.model.document import Document

log = logging.getLogger("gui")

SCREENSHOT_TIMEOUT_S = 180
SHOWN_STARTS_AT_LATEST_MS = 2000  # the shown window's start, if its first paint never comes
SCREENSHOT_SIZE = (1200, 760)


def gui_parser() -> argparse.ArgumentParser:
    """The parser of the window's options, `seedview [options] [PATH]`."""
    parser = argparse.ArgumentParser(
        prog="seedview",
        description="Read a folder of news articles with their named entities highlighted. "
        "Use 'seedview export [--format jsonl|brat|html] [PATH] [-o OUT]' to export the entities, "
        "'seedview annotate PATH -o OUT.jsonl' to annotate a large corpus on all cores.",
    )
    parser.add_argument(
        "path", nargs="?", type=Path, help="a folder of .txt documents (with brat .ann files or not), "
        "one .txt file or a .jsonl file (default: the last one opened, else the bundled seeds)"
    )
    parser.add_argument("--screenshot", metavar="FILE", type=Path,
                        help="save a PNG of the window once the document is highlighted, and exit")
    parser.add_argument("--size", metavar="WxH", type=window_size,
                        help="with --screenshot: the window's size in pixels (default: "
                        f"{SCREENSHOT_SIZE[0]}x{SCREENSHOT_SIZE[1]}), such as 640x400")
    parser.add_argument("--document", metavar="NAME",
                        help="the document to show first (file name or id)")
    parser.add_argument("--show", choices=("timeline", "connections", "overview"),
                        help="with --screenshot: open this chart first (once the folder is indexed)")
    parser.add_argument("--query", metavar="Q",
                        help="with --show: the timeline's queries (';' between them), or the entity "
                        "whose connections to show")
    parser.add_argument("--install-desktop-entry", action="store_true",
                        help="add Seedview to the desktop's application menu (for the current user) "
                        "and exit")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    return parser


# What gui_parser gives for the options a plain start leaves out.
GUI_DEFAULTS = {"screenshot": None, "size": None, "document": None, "show": None, "query": None,
                "install_desktop_entry": False}


def gui_options(args: list[str]) -> argparse.Namespace:
    """The window's options. The usual starts, `seedview` and `seedview PATH`, are read without
    the parser: building it looks up each of argparse's messages in gettext's catalogues, which
    would delay the window."""
    if len(args) <= 1 and not any(arg.startswith("-") for arg in args):
        return argparse.Namespace(path=Path(args[0]) if args else None, **GUI_DEFAULTS)
    parser = gui_parser()
    options = parser.parse_args(args)
    if options.size is not None and options.screenshot is None:
        parser.error("--size goes with --screenshot (the window itself is sized by hand)")
    return options


def _export_parser() -> argparse.ArgumentParser:
    from gui.core.formats.exporting import FORMATS

    parser = argparse.ArgumentParser(
        prog="seedview export",
        description="Write the documents with their entities: one JSON object per document (JSON "
        "Lines), brat standoff .txt/.ann pairs, or self-contained HTML pages. Entities come from "
        "a document's brat .ann file or JSON Lines record when it has one, else from the engine.",
    )
    parser.add_argument("path", nargs="?", type=Path,
                        help="folder, .txt file or .jsonl file (default: seeds)")
    parser.add_argument("--format", choices=FORMATS, default="jsonl",
                        help="jsonl (default), brat or html")
    parser.add_argument("-o", "--output", type=Path,
                        help="output file for jsonl (default: stdout); output folder for brat and html")
    return parser


def _annotate_parser() -> argparse.ArgumentParser:
    from gui.cli.store_command import add_engine_options

    parser = argparse.ArgumentParser(
        prog="seedview annotate",
        description="Annotate a whole corpus without the window and write it as JSON Lines, which "
        "'seedview OUT.jsonl' opens. Uses the window's engine, cache and post-processing; "
        "documents with entities of their own (brat .ann, a JSON Lines record's ents) keep them.",
    )
    parser.add_argument("path", type=Path, help="folder, .txt file or .jsonl file")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the JSON Lines file to write")
    add_engine_options(parser)
    return parser


WINDOW_ENGINE_PROCESSES = 4  # at most: each worker holds its own copy of the model (~150 MB)


def engine_in_processes() -> Engine:
    """The window's engine: spaCy in worker processes, one per CPU (at most four), so that
    annotating uses every core and never holds the window's interpreter."""
    from gui.core.engine.annotation_runners import ProcessEngine, WorkersUnavailableError
    from gui.core.engine.engine import load_engine

    try:
        return ProcessEngine(min(cpu_count(), WINDOW_ENGINE_PROCESSES))
    except (OSError, WorkersUnavailableError) as error:  # no process can be started here (a limit, a sandbox)
        log.warning("Cannot start the engine's worker processes (%s); it runs in this one.", error)
        return load_engine()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args[:1] == ["export"]:
        return run_export(_export_parser().parse_args(args[1:]))
    if args[:1] == ["annotate"]:
        return run_annotate(_annotate_parser().parse_args(args[1:]))
    if args[:1] in (["index"], ["search"], ["entities"], ["timeline"], ["related"], ["corrections"]):
        return run_store_command(args[0], args[1:])
    return run_gui(gui_options(args))


def run() -> NoReturn:
    """The `seedview` command: `main`, then an exit at once.

    Once the window is closed (its settings written) or a command has written its output, nothing
    the process still holds matters: the corpus store and the entity cache are SQLite databases
    whose unfinished transactions roll back, exports are written to a temporary file and renamed,
    and the engine's worker processes end with this one. Waiting for the annotation thread's
    round, or for the interpreter to free a 5 MB document's objects one by one, only made quitting
    slow (issue 14: within 0.3 s, whatever is open).
    """
    try:
        code = main()
    except SystemExit as stop:  # argparse's --help or usage error, as Python itself would end
        if isinstance(stop.code, str):
            print(stop.code, file=sys.stderr)
        code = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
    # Pools exist only if their module was imported: a command that started none does not import it.
    worker_processes = sys.modules.get("gui.core.model.worker_processes")
    if worker_processes is not None:
        worker_processes.end_worker_processes()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe, a closed stream
            stream.flush()
    logging.shutdown()
    os._exit(code)


def run_store_command(command: str, args: list[str]) -> int:
    """`seedview index`, `search`, `entities`, `timeline`, `related` or `corrections`: the corpus
    store's commands, in gui/cli."""
    import importlib

    from gui.cli.store_command import leave_out_told_logs
    from gui.locations import cache_folder

    leave_out_told_logs()
    module = importlib.import_module(f"gui.cli.{command}")
    code: int = module.main(args, cache_folder())
    return code


def run_export(options: argparse.Namespace) -> int:
    """`seedview export`: annotate with the window's engine, cache and post-processing; Ctrl+C
    stops it with one line and exit code 130, and leaves nothing half-written."""
    try:
        return _export(options)
    except KeyboardInterrupt:
        # Every file or folder the export writes appears only once complete, so nothing is left.
        written = "the output on stdout is incomplete" if options.output is None else (
            f"{options.output} was not written"
        )
        print(f"seedview export: interrupted; {written}.", file=sys.stderr)
        return EXIT_INTERRUPTED


def _export(options: argparse.Namespace) -> int:
    """The export itself (see run_export)."""
    from gui.cli.readers_desk import readers_desk
    from gui.core.colours.palette import Palette
    from gui.core.corpus.corpus import Corpus, CorpusError
    from gui.core.engine.annotator import Annotator, annotate_documents
    from gui.core.engine.cache import EntityCache
    from gui.core.engine.engine import EngineError, load_engine, pipeline_name
    from gui.core.formats.exporting import ExportError, check_destination, export_documents
    from gui.core.formats.jsonl.export_jsonl import write_jsonl
    from gui.locations import entity_cache_path

    source = options.path or seeds_folder()
    if options.format != "jsonl" and options.output is None:
        print(f"seedview export: --format {options.format} writes a folder: give it with -o",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        corpus = Corpus.open(source)
        if options.output is not None:
            check_destination(options.format, options.output, corpus.source)
    except (CorpusError, ExportError) as error:
        print(f"seedview export: {error}", file=sys.stderr)
        return EXIT_FAILURE
    for problem in corpus.problems:
        print(f"seedview export: {problem}", file=sys.stderr)
    palette = Palette.load()
    palette.configure(corpus.types)
    cache = EntityCache(entity_cache_path(), pipeline_name())
    annotator = Annotator(cache, load_engine)

    def say(message: str) -> None:
        print(f"seedview export: {message}", file=sys.stderr)

    desk = readers_desk(corpus.source, say)  # its marks and corrections

    def documents() -> Iterator[Document]:
        """The corpus's documents with their entities, each one's notices printed on the way."""
        for document in annotate_documents(annotator, _readable_documents(corpus, say)):
            _report_notices(document, say)
            yield desk.corrected(document)

    try:
        if options.output is None:
            # JSON Lines are UTF-8 whatever the console's encoding (cp1252 on Windows pipes); a
            # lone surrogate (from a file name's non-UTF-8 bytes) is a '?', as in a file.
            sys.stdout.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[union-attr]
            write_jsonl(documents(), sys.stdout, desk.marks)
        else:
            export_documents(
                documents(),
                options.format,
                options.output,
                palette,
                corpus.name,
                whole_corpus=not corpus.single_document,
                warn=lambda loss: print(f"seedview export: {loss}", file=sys.stderr),
                marks=desk.marks,
            )
    except (EngineError, ExportError) as error:
        print(f"seedview export: {error}", file=sys.stderr)
        return EXIT_FAILURE
    except OSError as error:
        reason = error.strerror or str(error)
        print(f"seedview export: cannot write {options.output}: {reason}", file=sys.stderr)
        return EXIT_FAILURE
    finally:
        cache.close()
    return EXIT_OK


def run_annotate(options: argparse.Namespace) -> int:
    """`seedview annotate`: a whole corpus to JSON Lines, the engine in worker processes or on a
    Dask cluster, progress on stderr; the output appears only once complete."""
    from gui.cli.readers_desk import readers_desk
    from gui.core.corpus.corpus import Corpus, CorpusError
    from gui.core.engine.annotate_corpus import AnnotationTally, ProgressReport, annotate_corpus
    from gui.core.engine.annotation_runners import (
        ChunkRunner,
        DaskRunner,
        InProcessRunner,
        ProcessRunner,
        RunnerError,
    )
    from gui.core.engine.cache import EntityCache
    from gui.core.engine.engine import EngineError, pipeline_name
    from gui.core.formats.exporting import ExportError, check_destination
    from gui.core.formats.jsonl.export_jsonl import write_jsonl
    from gui.core.model.atomic_write import remove_leftovers, write_atomically
    from gui.locations import entity_cache_path

    def say(message: str) -> None:
        print(f"seedview annotate: {message}", file=sys.stderr, flush=True)

    try:
        runner: ChunkRunner
        if options.dask:
            runner = DaskRunner(options.dask)
        elif options.processes == 1:
            runner = InProcessRunner()
        else:
            runner = ProcessRunner(options.processes)
        corpus = Corpus.open(options.path)
        check_destination("jsonl", options.output, corpus.source)
    except (RunnerError, CorpusError, ExportError) as error:
        say(str(error))
        return EXIT_FAILURE
    for problem in corpus.problems:
        say(problem)
    total = sum(1 for entry in corpus if not _left_out(entry))
    cache = EntityCache(entity_cache_path(), pipeline_name())
    tally = AnnotationTally()
    progress = ProgressReport(total, say)
    desk = readers_desk(corpus.source, say)  # the same records as `export`: its marks and corrections

    def documents() -> Iterator[Document]:
        """The annotated documents, each one's notices and the progress reported on the way."""
        for document in annotate_corpus(_readable_documents(corpus, say), cache, runner, tally):
            _report_notices(document, say)
            progress.update(tally)
            yield desk.corrected(document)

    try:
        try:
            remove_leftovers(options.output)  # the temporaries of killed runs, never a live one's
            write_atomically(options.output, lambda stream: write_jsonl(documents(), stream, desk.marks))
        finally:
            runner.close()  # waits for the chunks being annotated: a second Ctrl+C cuts that short
            cache.close()
    except (EngineError, RunnerError) as error:
        say(f"{error} {options.output} was not written.")
        return EXIT_FAILURE
    except OSError as error:
        say(f"cannot write {options.output}: {error.strerror or error}")
        return EXIT_FAILURE
    except KeyboardInterrupt:
        say(f"interrupted; {options.output} was not written.")
        return EXIT_INTERRUPTED
    documents_word = "document" if tally.documents == 1 else "documents"
    say(
        f"wrote {tally.documents:,} {documents_word} to {options.output} in {progress.elapsed():.1f} s: "
        f"{tally.from_engine:,} annotated, {tally.from_cache:,} from the cache, "
        f"{tally.from_files:,} with entities of their own"
    )
    return EXIT_OK


def _readable_documents(corpus: Corpus, say: Callable[[str], None]) -> Iterator[Document]:
    """The corpus's documents, read one by one; a JSON Lines line that holds no document (bad
    JSON, no text) is reported and left out."""
    for entry in corpus:
        if _left_out(entry):
            say(f"{corpus.name}: {entry.problem} It is left out.")
    yield from (corpus.load(entry) for entry in corpus if not _left_out(entry))


def _left_out(entry: DocumentEntry) -> bool:
    """Whether a listed entry is a JSON Lines line that holds no document (bad JSON, no text)."""
    return entry.record is not None and bool(entry.problem)


def _report_notices(document: Document, say: Callable[[str], None]) -> None:
    """Say what was odd about a document (bad bytes, a bad date), naming it."""
    where = document.path.name
    if document.path.suffix != ".txt":  # a JSON Lines record
        where = f"{where}: {document.id}"
    for notice in document.notices:
        say(f"{where}: {notice}")


def _import_qt_free_modules() -> None:
    """Import the window's Qt-free modules (the reading session, and through it the corpus, the
    cache and the annotations) before Qt for Python: once PySide6 is imported, it reads the source
    of each module imported after it, looking for its own name, and these have none."""
    import gui.core.session.reading_session  # noqa: F401


def run_gui(options: argparse.Namespace) -> int:
    """Open the main window (or take a screenshot of it, or install the desktop entry)."""
    if options.install_desktop_entry:
        from gui.desktop_entry import install_desktop_entry

        try:
            written = install_desktop_entry()
        except OSError as error:
            print(f"seedview: cannot install the desktop entry: {error}", file=sys.stderr)
            return EXIT_FAILURE
        for path in written:
            print(f"Installed {path}")
        print("Seedview is now in the desktop's application menu (Office or Accessories).")
        return EXIT_OK
    if options.screenshot and not os.environ.get("DISPLAY") and not os.environ.get(
        "WAYLAND_DISPLAY"
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from gui.platform_check import display_problem

    problem = display_problem()
    if problem:
        print(f"seedview: {problem}", file=sys.stderr)
        return EXIT_FAILURE
    if options.path is not None and not options.path.expanduser().exists():
        print(f"seedview: {options.path} does not exist.", file=sys.stderr)
        return EXIT_USAGE

    # The start allocates a great many objects, none of them garbage: the collector's rounds over
    # them would only delay the first paint. The UI thread's collector takes over once it is painted.
    gc.disable()
    _import_qt_free_modules()
    from PySide6.QtWidgets import QApplication

    from gui.locations import cache_folder, set_application_names
    from gui.widgets.background.taking_turns import SWITCH_INTERVAL_S
    from gui.widgets.runtime.crash_handler import CrashHandler, log_to_file
    from gui.widgets.runtime.main_thread_gc import MainThreadGarbageCollector
    from gui.widgets.runtime.style import set_application_icon, set_desktop_file_name

    set_application_names()
    # The threads the window starts hand the interpreter back to its UI thread often.
    sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL_S))
    app = QApplication([sys.argv[0]])
    # The stylesheet comes with the theme's colours, when the window restores its settings.
    set_desktop_file_name(app)
    crash_handler = CrashHandler(log_to_file(cache_folder()), app)
    crash_handler.install()
    # Cycles holding Qt objects must die in this thread; its rounds start once the window is painted.
    collector = MainThreadGarbageCollector(app, started=False)
    if options.screenshot:
        collector.start()
        return take_screenshot(options)

    from gui.locations import entity_cache_path
    from gui.widgets.runtime.settings import open_settings
    from gui.widgets.window.main_window import MainWindow

    window = MainWindow(open_settings(), entity_cache_path(), engine_in_processes)
    # The icon (an SVG, with its image plugin and QIcon's enums) and the error dialog once the
    # window is painted: not worth delaying its first paint for.
    window.startedUp.connect(lambda: set_application_icon(app))
    window.startedUp.connect(crash_handler.load_dialog)
    window.startedUp.connect(collector.start)
    path, document = window.start_location(options.path)
    window.show_overviews_first()  # a folder opened with no document chosen shows its overview
    window.show()
    # Shown, it is painted as soon as the event loop runs, and what follows its first paint (the
    # actions, the worker, the store, the overview) waits for that paint however busy the machine:
    # the window's own fallback, a moment after it was built, is for a window never painted.
    window.start_at_latest(SHOWN_STARTS_AT_LATEST_MS)
    window.open_path(path, options.document or document)
    if options.document and not window.shows(options.document):
        print(f"seedview: no document named {options.document!r} in {path}", file=sys.stderr)
    return app.exec()


def take_screenshot(options: argparse.Namespace) -> int:
    """`--screenshot`: the chosen document (default: the newest) of PATH (default: the seeds),
    highlighted, in a window of a fixed size (or --size); the user's saved session is neither used
    nor changed."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from gui.core.engine.engine import load_engine
    from gui.locations import entity_cache_path
    from gui.widgets.window.main_window import MainWindow
    from gui.widgets.window.screenshot import WindowScreenshot

    path = options.path or seeds_folder()
    with tempfile.TemporaryDirectory(prefix="seedview-screenshot-") as scratch:
        settings = QSettings(str(Path(scratch) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings, entity_cache_path(), load_engine)
        window.remember_session = False
        try:
            shooter = WindowScreenshot(window, options.screenshot, SCREENSHOT_TIMEOUT_S,
                                       chart=options.show, query=options.query)
            window.resize(*(options.size or SCREENSHOT_SIZE))
            window.show()
            if not window.open_path(path, options.document):
                return EXIT_FAILURE
            if options.document and not window.shows(options.document):
                print(f"seedview: no document named {options.document!r} in {path}", file=sys.stderr)
                return EXIT_USAGE
            QApplication.exec()
            return shooter.exit_code
        finally:
            window.close()  # stops the annotation thread before the interpreter exits
