"""Shared fixtures: a real engine loaded once, private cache and config folders, small corpora."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from gui.core.engine.engine import SpacyEngine, load_model

# Nothing a test runs may touch the user's real cache or settings: point the XDG folders, which
# QStandardPaths and QSettings follow on Linux, at a private folder before anything reads them.
_PRIVATE_HOME = Path(tempfile.mkdtemp(prefix="seedview-tests-"))
os.environ["XDG_CACHE_HOME"] = str(_PRIVATE_HOME / "cache")
os.environ["XDG_CONFIG_HOME"] = str(_PRIVATE_HOME / "config")
os.environ["XDG_DATA_HOME"] = str(_PRIVATE_HOME / "data")

SEED_NAME = "000_d9f4b74fadeab39f.txt"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="session")
def spacy_model() -> Any:
    """The real spaCy model (hash-checked, ner only), loaded once for the whole run."""
    return load_model()


@pytest.fixture(scope="session")
def engine(spacy_model: Any) -> SpacyEngine:
    """The real spaCy engine over that model, as `load_engine` makes it."""
    return SpacyEngine(spacy_model)


@pytest.fixture
def write_corpus(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """Write files {name: text or bytes} into a fresh folder and return it."""

    def write(files: dict[str, str | bytes]) -> Path:
        folder = tmp_path / "corpus"
        folder.mkdir(exist_ok=True)
        for name, content in files.items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            (folder / name).write_bytes(data)
        return folder

    return write


@pytest.fixture
def cache_path(tmp_path: Path) -> Iterator[Path]:
    """A private entity cache file."""
    yield tmp_path / "cache" / "entities.sqlite3"


@pytest.fixture
def listing_fails_after(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    """Make every folder listing fail with an I/O error after yielding `count` entries, as a
    network folder that goes away halfway does."""

    def fail_after(count: int) -> None:
        real_scandir = os.scandir

        @contextlib.contextmanager
        def scandir(path: Path) -> Iterator[Iterator[os.DirEntry[str]]]:
            with real_scandir(path) as entries:

                def listing() -> Iterator[os.DirEntry[str]]:
                    for number, item in enumerate(entries):
                        if number == count:
                            raise OSError(errno.EIO, os.strerror(errno.EIO), str(path))
                        yield item

                yield listing()

        monkeypatch.setattr(os, "scandir", scandir)

    return fail_after
