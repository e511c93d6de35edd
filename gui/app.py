"""`seedview`: the window, `seedview export` (JSON Lines) and `seedview --screenshot`."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from gui import APP_NAME, __version__
from gui.core.resource_files import seeds_folder

log = logging.getLogger("gui")

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
SCREENSHOT_TIMEOUT_S = 180
SCREENSHOT_SIZE = (1200, 760)


def _gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="seedview",
        description="Read a folder of news articles with their named entities highlighted. "
        "Use 'seedview export [PATH] [-o FILE]' to write the entities as JSON Lines.",
    )
    parser.add_argument(
        "path", nargs="?", type=Path, help="a folder of .txt documents or one .txt file "
        "(default: the last one opened, else the bundled seeds)"
    )
    parser.add_argument("--screenshot", metavar="FILE", type=Path,
                        help="save a PNG of the window once the document is highlighted, and exit")
    parser.add_argument("--document", metavar="NAME",
                        help="the document to show first (file name or id)")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    return parser


def _export_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="seedview export",
        description="Write one JSON object per document (JSON Lines) with its entities.",
    )
    parser.add_argument("path", nargs="?", type=Path, help="folder or .txt file (default: seeds)")
    parser.add_argument("-o", "--output", type=Path, help="output file (default: stdout)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args[:1] == ["export"]:
        return run_export(_export_parser().parse_args(args[1:]))
    return run_gui(_gui_parser().parse_args(args))


def run_export(options: argparse.Namespace) -> int:
    """`seedview export`: annotate with the window's engine, cache and post-processing."""
    from gui.core.annotator import Annotator, annotate_documents
    from gui.core.cache import EntityCache
    from gui.core.corpus import Corpus, CorpusError
    from gui.core.engine import EngineError, load_engine, pipeline_name
    from gui.core.export_jsonl import write_jsonl
    from gui.locations import entity_cache_path

    try:
        corpus = Corpus.open(options.path or seeds_folder())
    except CorpusError as error:
        print(f"seedview export: {error}", file=sys.stderr)
        return EXIT_FAILURE
    cache = EntityCache(entity_cache_path(), pipeline_name())
    annotator = Annotator(cache, load_engine)
    documents = (corpus.load(entry) for entry in corpus)

    try:
        annotated = list(annotate_documents(annotator, documents))
    except EngineError as error:
        print(f"seedview export: {error}", file=sys.stderr)
        return EXIT_FAILURE
    finally:
        cache.close()
    for document in annotated:
        for notice in document.notices:
            print(f"seedview export: {document.path.name}: {notice}", file=sys.stderr)
    try:
        if options.output is None:
            write_jsonl(annotated, sys.stdout)
        else:
            with options.output.open("w", encoding="utf-8") as stream:
                write_jsonl(annotated, stream)
    except OSError as error:
        print(f"seedview export: cannot write {options.output}: {error.strerror}", file=sys.stderr)
        return EXIT_FAILURE
    return EXIT_OK


def run_gui(options: argparse.Namespace) -> int:
    """Open the main window (or take a screenshot of it)."""
    if options.screenshot and not os.environ.get("DISPLAY") and not os.environ.get(
        "WAYLAND_DISPLAY"
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from gui.platform_check import display_problem

    problem = display_problem()
    if problem:
        print(f"seedview: {problem}", file=sys.stderr)
        return EXIT_FAILURE

    from PySide6.QtWidgets import QApplication

    from gui.core.engine import load_engine
    from gui.core.resource_files import resource_path
    from gui.locations import entity_cache_path, set_application_names
    from gui.widgets.main_window import MainWindow
    from gui.widgets.settings import open_settings

    set_application_names()
    app = QApplication([sys.argv[0]])
    app.setStyleSheet(resource_path("seedview.qss").read_text(encoding="utf-8"))
    if options.path is not None and not options.path.expanduser().exists():
        print(f"seedview: {options.path} does not exist.", file=sys.stderr)
        return EXIT_USAGE
    window = MainWindow(open_settings(), entity_cache_path(), load_engine)
    remembered, _ = window.remembered_location()
    path = options.path or remembered or seeds_folder()
    document = options.document or window.document_to_restore(path)
    shooter = None
    if options.screenshot:
        from gui.widgets.screenshot import WindowScreenshot

        shooter = WindowScreenshot(window, options.screenshot, SCREENSHOT_TIMEOUT_S)
        window.resize(*SCREENSHOT_SIZE)  # the same picture whatever size the user left it at
    window.show()
    if not window.open_path(path, document) and shooter is not None:
        return EXIT_FAILURE
    if options.document and window.current_document is not None and options.document not in (
        window.current_document.id, window.current_document.path.name
    ):
        print(f"seedview: no document named {options.document!r} in {path}", file=sys.stderr)
        if shooter is not None:
            return EXIT_USAGE
    code = app.exec()
    if shooter is not None:
        window.remember_session = False  # a screenshot leaves the user's settings alone
        window.close()
        return shooter.exit_code
    return code
