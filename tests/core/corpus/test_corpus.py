"""Listing a folder of documents: order, what is skipped, unreadable files and lazy reading."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import IO, Any, TypeVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gui.core.corpus.corpus import (
    PREFIX_BYTES,
    Corpus,
    CorpusError,
    load_entry,
    read_entries,
    read_entry,
    trim_partial_utf8,
)
from gui.core.formats.jsonl.jsonl_corpus import list_jsonl
from gui.core.model import regular_file
from tests.conftest import SEED_NAME, SEEDS

REPOSITORY = Path(__file__).resolve().parents[3]

WriteCorpus = Callable[[dict[str, str | bytes]], Path]
T = TypeVar("T")


def names(corpus: Corpus) -> list[str]:
    return [entry.name for entry in corpus]


def test_newest_first_then_undated_then_by_name(write_corpus: WriteCorpus) -> None:
    folder = write_corpus(
        {
            "b.txt": "date 2020-01-01\nOlder.",
            "undated_z.txt": "No header here.",
            "a.txt": "date 2021-05-05\nNewest.",
            "undated_a.txt": "No header either.",
            "same_day_z.txt": "date 2020-01-01\nSame day, later name.",
            "same_day_a.txt": " date 2020-01-01 Same day, earlier name.",
            "bad_date.txt": "date 2019-13-45\nImpossible date counts as undated.",
        }
    )
    corpus = Corpus.open(folder)
    assert names(corpus) == [
        "a.txt",
        "b.txt",
        "same_day_a.txt",
        "same_day_z.txt",
        "bad_date.txt",
        "undated_a.txt",
        "undated_z.txt",
    ]
    assert corpus.root == folder
    assert [entry.date for entry in corpus][:2] == [dt.date(2021, 5, 5), dt.date(2020, 1, 1)]


def test_entries_carry_title_and_id(write_corpus: WriteCorpus) -> None:
    folder = write_corpus({"story.txt": "date 2020-01-01\nA headline here. And the rest."})
    (entry,) = Corpus.open(folder)
    assert entry.id == "story"
    assert entry.title == "A headline here."
    assert entry.problem is None


def test_other_files_and_hidden_files_are_ignored(write_corpus: WriteCorpus) -> None:
    folder = write_corpus(
        {
            "kept.txt": "Kept.",
            ".hidden.txt": "Hidden.",
            "notes.md": "Markdown.",
            "image.png": b"\x89PNG\r\n",
            "kept.txt.bak": "Backup.",
        }
    )
    (folder / "folder.txt").mkdir()
    (folder / "sub").mkdir()
    (folder / "sub" / "nested.txt").write_text("Not listed: only the folder itself is read.")
    (folder / "dangling.txt").symlink_to(folder / "missing-target.txt")
    assert names(Corpus.open(folder)) == ["kept.txt"]


def test_an_empty_folder_is_an_empty_corpus(tmp_path: Path) -> None:
    corpus = Corpus.open(tmp_path)
    assert len(corpus) == 0
    assert list(corpus) == []


def test_a_single_file_opens_as_a_one_document_corpus(write_corpus: WriteCorpus) -> None:
    folder = write_corpus({"one.txt": "date 2020-01-01\nOne.", "two.txt": "Two."})
    corpus = Corpus.open(folder / "one.txt")
    assert names(corpus) == ["one.txt"]
    assert corpus.root == folder
    assert (corpus.source, corpus.single_document) == (folder / "one.txt", True)
    assert corpus.load(corpus.entries[0]).body == "One."


def test_a_folder_or_jsonl_corpus_is_its_own_source(tmp_path: Path) -> None:
    (tmp_path / "records.jsonl").write_text('{"text": "One."}\n', encoding="utf-8")
    for path in (tmp_path, tmp_path / "records.jsonl"):
        corpus = Corpus.open(path)
        assert (corpus.root, corpus.source, corpus.single_document) == (path, path, False)


def test_a_missing_path_raises_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(CorpusError) as caught:
        Corpus.open(missing)
    assert str(missing) in str(caught.value)
    assert "does not exist" in str(caught.value)
    with pytest.raises(CorpusError, match="names no home folder"):
        Corpus.open(Path("~no-such-user-of-seedview/corpus"))


def test_corpus_and_jsonl_modules_import_in_either_order() -> None:
    # jsonl_corpus builds entries from corpus_entry, and corpus imports jsonl_corpus: no cycle.
    corpus, jsonl_corpus = "gui.core.corpus.corpus", "gui.core.formats.jsonl.jsonl_corpus"
    for first, second in ((corpus, jsonl_corpus), (jsonl_corpus, corpus)):
        code = f"import {first}, {second}; print({corpus}.DocumentEntry.__module__)"
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=REPOSITORY, capture_output=True, text=True, check=True
        )
        assert result.stdout.strip() == "gui.core.model.corpus_entry"


def test_an_unreadable_file_is_listed_with_a_problem_and_the_others_still_list(
    write_corpus: WriteCorpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_corpus({"good.txt": "date 2020-01-01\nFine.", "locked.txt": "date 2024-01-01\nSecret."})
    locked = folder / "locked.txt"
    if os.geteuid() == 0:
        # root reads files whatever their mode: refuse the open the way the kernel would.
        real_open = regular_file.open_regular

        def refusing_open(path: Path, buffering: int = -1) -> Any:
            if path == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, buffering)

        monkeypatch.setattr(regular_file, "open_regular", refusing_open)
    else:
        locked.chmod(0)
    try:
        corpus = Corpus.open(folder)
        assert names(corpus) == ["good.txt", "locked.txt"]  # no date could be read: listed last
        good, bad = corpus.entries
        assert good.problem is None
        assert bad.problem == "Cannot read locked.txt: Permission denied."
        assert bad.title == "locked.txt"
        document = corpus.load(bad)
        assert document.body == ""
        assert document.notices == ("Cannot read locked.txt: Permission denied.",)
    finally:
        locked.chmod(0o644)


def test_binary_and_empty_files_are_listed_with_a_problem(write_corpus: WriteCorpus) -> None:
    folder = write_corpus({"binary.txt": b"ab\x00cd", "empty.txt": b"", "blank.txt": "  \n"})
    entries = {entry.name: entry for entry in Corpus.open(folder)}
    assert entries["binary.txt"].problem is not None
    assert "binary" in entries["binary.txt"].problem
    assert entries["empty.txt"].problem == "The file is empty."
    assert entries["empty.txt"].title == "empty.txt"  # the file name stands in for a title
    assert entries["blank.txt"].title == "blank.txt"
    assert entries["binary.txt"].notice is None  # the problem is not repeated as a notice


def test_repaired_files_are_listed_with_a_notice(write_corpus: WriteCorpus) -> None:
    folder = write_corpus(
        {
            "latin1.txt": b"date 2020-01-01\nCaf\xe9 society.",
            "bad_date.txt": "date 2019-13-45\nA story.",
            "fine.txt": "date 2020-01-01\nA story.",
        }
    )
    entries = {entry.name: entry for entry in Corpus.open(folder)}
    assert entries["latin1.txt"].problem is None
    assert entries["latin1.txt"].notice is not None
    assert "Not valid UTF-8" in entries["latin1.txt"].notice
    assert entries["latin1.txt"].title == "Caf\ufffd society."
    assert entries["bad_date.txt"].problem is None
    assert entries["bad_date.txt"].notice is not None
    assert "2019-13-45" in entries["bad_date.txt"].notice
    assert (entries["fine.txt"].problem, entries["fine.txt"].notice) == (None, None)


def test_a_character_cut_by_the_prefix_is_not_bad_bytes(write_corpus: WriteCorpus) -> None:
    # "é" is two bytes in UTF-8: place one across the end of the prefix the listing reads.
    head = "date 2020-01-01\nA title. "
    text = head + "x" * (PREFIX_BYTES - 1 - len(head)) + "é and more text."
    assert text.encode()[PREFIX_BYTES - 1 : PREFIX_BYTES + 1] == "é".encode()
    (entry,) = Corpus.open(write_corpus({"long.txt": text}))
    assert (entry.title, entry.problem, entry.notice) == ("A title.", None, None)


@pytest.mark.parametrize(
    ("data", "kept"),
    [
        (b"abc", b"abc"),
        (b"ab\xc3\xa9", b"ab\xc3\xa9"),  # a whole 2-byte character
        (b"ab\xc3", b"ab"),  # its first byte only
        (b"ab\xe2\x80", b"ab"),  # 2 of the 3 bytes of "…"
        (b"ab\xe2\x80\xa6", b"ab\xe2\x80\xa6"),
        (b"ab\xf0\x9f\x98", b"ab"),  # 3 of the 4 bytes of an emoji
        (b"ab\xf0\x9f\x98\x80", b"ab\xf0\x9f\x98\x80"),
        (b"", b""),
    ],
)
def test_trim_partial_utf8(data: bytes, kept: bytes) -> None:
    assert trim_partial_utf8(data) == kept


def test_listing_agrees_with_the_loaded_document() -> None:
    corpus = Corpus.open(SEEDS)
    entry = corpus.entry(SEED_NAME.removesuffix(".txt"))
    assert entry is not None
    document = corpus.load(entry)
    assert (entry.date, entry.title, entry.id) == (document.date, document.title, document.id)


def test_entry_lookup_and_index(write_corpus: WriteCorpus) -> None:
    corpus = Corpus.open(write_corpus({"a.txt": "date 2020-01-01\nA.", "b.txt": "date 2021-01-01\nB."}))
    assert corpus.index_of("b") == 0
    assert corpus.index_of("a") == 1
    assert corpus.index_of("nope") == -1
    assert corpus.entry("nope") is None
    assert corpus.entry("a") is corpus.entries[1]


class CountingReader:
    """A binary file that counts the bytes read through it."""

    def __init__(self, handle: IO[bytes], counts: dict[str, int], name: str) -> None:
        self._handle = handle
        self._counts = counts
        self._name = name

    def read(self, size: int = -1) -> bytes:
        data = self._handle.read(size)
        self._counts[self._name] = self._counts.get(self._name, 0) + len(data)
        return data

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> CountingReader:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def test_listing_reads_only_a_prefix_of_each_file(
    write_corpus: WriteCorpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    big_body = "date 2022-02-02\nA big story. " + "More words in a long article. " * 175_000
    folder = write_corpus({"big.txt": big_body, "small.txt": "Small."})
    assert (folder / "big.txt").stat().st_size > 5_000_000
    counts: dict[str, int] = {}
    real_open = regular_file.open_regular

    def counting_open(path: Path, buffering: int = -1) -> Any:
        handle = real_open(path, buffering)
        assert "b" in handle.mode, "the corpus reads bytes and decodes them itself"
        return CountingReader(handle, counts, path.name)

    monkeypatch.setattr(regular_file, "open_regular", counting_open)

    corpus = Corpus.open(folder)
    assert set(counts) == {"big.txt", "small.txt"}
    assert counts["big.txt"] <= PREFIX_BYTES
    (big,) = (entry for entry in corpus if entry.name == "big.txt")
    assert (big.date, big.title) == (dt.date(2022, 2, 2), "A big story.")

    # The spy does see a whole read: loading the document reads all of it.
    document = corpus.load(big)
    assert counts["big.txt"] == PREFIX_BYTES + len(big_body.encode())
    assert len(document.body) == len(big_body) - len("date 2022-02-02\n")


def test_read_entry_of_a_vanished_file(tmp_path: Path) -> None:
    entry = read_entry(tmp_path / "gone.txt")
    assert entry.problem == "Cannot read gone.txt: No such file or directory."
    assert entry.id == "gone"


def test_a_whitespace_or_header_only_file_is_listed_as_empty(
    write_corpus: Callable[[dict[str, str | bytes]], Path],
) -> None:
    folder = write_corpus({"blank.txt": "  \n\n ", "header.txt": "date 2020-01-01\n"})
    problems = {entry.name: entry.problem for entry in Corpus.open(folder)}
    assert problems == {"blank.txt": "The file is empty.", "header.txt": "The file is empty."}


def test_a_change_between_two_listings_names_what_was_added_changed_and_removed(
    write_corpus: WriteCorpus,
) -> None:
    import os

    from gui.core.corpus.corpus import CorpusChange

    folder = write_corpus({"a.txt": "Alpha.", "b.txt": "Beta.", "c.txt": "Gamma."})
    before = Corpus.open(folder)
    assert not CorpusChange.between(before, Corpus.open(folder))
    (folder / "a.txt").unlink()
    (folder / "d.txt").write_text("Delta.")
    (folder / "b.txt").write_text("Beta, rewritten.")
    (folder / "c.ann").write_text("T1\tX 0 5\tGamma\n")  # a new .ann changes its document too
    stat = (folder / "b.txt").stat()
    os.utime(folder / "b.txt", ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    change = CorpusChange.between(before, Corpus.open(folder))
    assert [e.id for e in change.added] == ["d"]
    assert sorted(e.id for e in change.changed) == ["b", "c"]
    assert change.removed == {"a"}
    assert change.summary() == "1 added, 2 changed, 1 removed"


def test_a_listing_that_fails_halfway_keeps_what_it_found_and_says_so(
    write_corpus: WriteCorpus, listing_fails_after: Callable[[int], None]
) -> None:
    folder = write_corpus({"a.txt": "Alpha.", "b.txt": "Beta.", "c.txt": "Gamma."})
    listing_fails_after(2)

    corpus = Corpus.open(folder)

    assert len(corpus) == 2
    assert corpus.problems == (
        "Listing the folder corpus stopped after 2 documents: Input/output error. "
        "Some documents may be missing; open the folder again to retry.",
    )


def test_a_listing_that_fails_before_any_document_is_an_error(
    write_corpus: WriteCorpus, listing_fails_after: Callable[[int], None]
) -> None:
    folder = write_corpus({"a.txt": "Alpha."})
    listing_fails_after(0)

    with pytest.raises(CorpusError, match=r"Cannot list the folder .*corpus: Input/output error\."):
        Corpus.open(folder)


def test_a_symlink_loop_is_listed_with_the_reason_it_cannot_be_read(write_corpus: WriteCorpus) -> None:
    folder = write_corpus({"real.txt": "Real text."})
    (folder / "a.txt").symlink_to("b.txt")
    (folder / "b.txt").symlink_to("a.txt")
    (folder / "dangling.txt").symlink_to("nowhere.txt")  # a file that is gone is no document

    corpus = Corpus.open(folder)

    loop = "Too many levels of symbolic links"
    assert {entry.name: entry.problem for entry in corpus} == {
        "real.txt": None,
        "a.txt": f"Cannot read a.txt: {loop}.",
        "b.txt": f"Cannot read b.txt: {loop}.",
    }
    a = corpus.entry("a")
    assert a is not None
    assert corpus.load(a).notices == (f"Cannot read a.txt: {loop}.",)


def test_a_big_folder_is_only_scanned_and_its_entries_added_later_in_order(
    write_corpus: WriteCorpus,
) -> None:
    from gui.core.corpus.corpus import read_entries

    files: dict[str, str | bytes] = {f"d{n}.txt": f"date 2020-01-{n + 1:02d}\nStory {n}." for n in range(9)}
    folder = write_corpus(files)
    corpus = Corpus.open(folder, read_at_most=5)
    assert len(corpus) == 0 and len(corpus.pending) == 9 and not corpus.complete
    first, rest = corpus.pending[:4], corpus.pending[4:]
    corpus.add_entries(read_entries(first))
    assert len(corpus) == 4 and len(corpus.pending) == 5
    corpus.add_entries(read_entries(rest))
    assert corpus.complete
    assert [entry.id for entry in corpus] == [f"d{n}" for n in reversed(range(9))]  # newest first
    assert corpus.entry("d3") is not None and corpus.index_of("d8") == 0
    # Small folders are listed at once, as before.
    assert len(Corpus.open(folder, read_at_most=9)) == 9


@given(
    st.lists(
        st.tuples(st.one_of(st.none(), st.dates()), st.text(min_size=1, max_size=8)),
        max_size=30,
        unique_by=lambda pair: pair[1],
    )
)
def test_the_sort_key_orders_as_newest_first_undated_last_then_by_name(
    listed: list[tuple[dt.date | None, str]],
) -> None:
    from gui.core.model.corpus_entry import DocumentEntry, sort_key

    entries = [DocumentEntry(Path(name), name, date, name) for date, name in listed]

    def plainly(entry: DocumentEntry) -> tuple[bool, int, str]:
        return (entry.date is None, -(entry.date.toordinal() if entry.date else 0), entry.path.name)

    assert sorted(entries, key=sort_key) == sorted(entries, key=plainly)


def test_a_listing_grown_in_batches_is_in_the_order_of_one_read_at_once(write_corpus: WriteCorpus) -> None:
    from gui.core.corpus.corpus import read_entries

    files: dict[str, str | bytes] = {
        f"d{n:02d}.txt": (f"date 20{n % 7:02d}-0{n % 9 + 1}-1{n % 3}\n" if n % 5 else "") + f"Story {n}."
        for n in range(40)
    }
    folder = write_corpus(files)
    at_once = Corpus.open(folder)
    grown = Corpus.open(folder, read_at_most=5)
    for size in (1, 3, 9, 27):
        batch = read_entries(grown.pending[:size])
        if size == 9:  # entries whose sort key and filter text were not prepared when read
            batch = [entry._replace(prepared_sort_key="", prepared_search_text="") for entry in batch]
        grown.add_entries(batch)
    assert grown.complete
    assert [entry.name for entry in grown] == [entry.name for entry in at_once]
    assert all(grown.index_of(entry.id) == row for row, entry in enumerate(grown))
    # The filter's texts kept in step with the entries as they were merged.
    assert grown.search_texts == [entry.search_text for entry in grown] == at_once.search_texts


# Long enough for any read that does not wait on the pipe; a read that waits is let go after it.
PIPE_WAIT_S = 20.0


def refused_without_waiting(pipe: Path, read: Callable[[], T]) -> T:
    """What `read()` returns (or raises), run in a thread. If it is still waiting on the named
    pipe `pipe` once PIPE_WAIT_S have passed, the test opens the pipe for writing (so the read
    ends) and fails: old code waits there until something writes to the pipe, which nothing ever
    does."""
    answers: list[T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            answers.append(read())
        except BaseException as error:  # raised again in the test's own thread
            errors.append(error)

    reader = threading.Thread(target=run, daemon=True)
    reader.start()
    reader.join(PIPE_WAIT_S)
    if reader.is_alive():
        os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))  # a writer that goes at once: end of file
        reader.join()
        pytest.fail(f"reading {pipe.name} waited on a named pipe instead of refusing it")
    if errors:
        raise errors[0]
    return answers[0]


def replace_with_pipe(path: Path) -> Path:
    """Swap a listed file for a named pipe of the same name, as another program could."""
    path.unlink()
    os.mkfifo(path)
    return path


PIPE_PROBLEM = "a named pipe, not a regular file"


def test_a_file_replaced_by_a_named_pipe_after_listing_is_reported_not_waited_for(
    write_corpus: WriteCorpus,
) -> None:
    folder = write_corpus({"a.txt": "date 2020-01-01\nAngela Merkel visited Paris.", "b.txt": "Berlin."})
    corpus = Corpus.open(folder)
    pipe = replace_with_pipe(folder / "b.txt")
    b = corpus.entry("b")
    assert b is not None

    document = refused_without_waiting(pipe, lambda: load_entry(b))
    assert (document.body, document.notices) == ("", (f"Cannot read b.txt: {PIPE_PROBLEM}.",))
    relisted = refused_without_waiting(pipe, lambda: read_entry(pipe))
    assert relisted.problem == f"Cannot read b.txt: {PIPE_PROBLEM}."
    a = corpus.entry("a")
    assert a is not None and load_entry(a).body == "Angela Merkel visited Paris."


def test_a_pending_file_replaced_by_a_named_pipe_is_listed_with_the_reason(write_corpus: WriteCorpus) -> None:
    folder = write_corpus({"a.txt": "A.", "b.txt": "B."})
    corpus = Corpus.open(folder, read_at_most=0)  # found, not read yet: read in the background
    pipe = replace_with_pipe(folder / "b.txt")
    entries = refused_without_waiting(pipe, lambda: read_entries(corpus.pending))
    assert {entry.name: entry.problem for entry in entries} == {
        "a.txt": None,
        "b.txt": f"Cannot read b.txt: {PIPE_PROBLEM}.",
    }


def test_an_annotation_file_replaced_by_a_named_pipe_leaves_the_text_shown(write_corpus: WriteCorpus) -> None:
    annotation = "T1\tPERSON 0 13\tAngela Merkel\n"
    folder = write_corpus({"a.txt": "Angela Merkel visited Paris.", "a.ann": annotation})
    (entry,) = Corpus.open(folder)
    # is_file() is asked before the .ann is read: the swap comes after it, as a race would.
    real_is_file = Path.is_file

    def swapped_after_asking(self: Path) -> bool:
        answer = real_is_file(self)
        if self.name == "a.ann" and answer:
            replace_with_pipe(self)
        return answer

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "is_file", swapped_after_asking)
        document = refused_without_waiting(folder / "a.ann", lambda: load_entry(entry))
    assert document.body == "Angela Merkel visited Paris."
    assert document.entities == ()
    assert document.notices == (
        f"Cannot read a.ann: {PIPE_PROBLEM}; the text is shown without its annotations.",
    )


def test_a_json_lines_file_replaced_by_a_named_pipe_is_reported_not_waited_for(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text('{"id": "a", "text": "Angela Merkel visited Paris."}\n', encoding="utf-8")
    (entry,) = Corpus.open(path)
    pipe = replace_with_pipe(path)
    document = refused_without_waiting(pipe, lambda: load_entry(entry))
    assert document.notices == (f"Cannot read records.jsonl: {PIPE_PROBLEM}.",)
    with pytest.raises(CorpusError, match=PIPE_PROBLEM):
        refused_without_waiting(pipe, lambda: list_jsonl(pipe))


def test_only_regular_files_are_opened(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(regular_file.NotARegularFileError, match=PIPE_PROBLEM):
        refused_without_waiting(pipe, lambda: regular_file.open_regular(pipe))
    with pytest.raises(regular_file.NotARegularFileError, match="a character device, not a regular file"):
        regular_file.open_regular(Path("/dev/null"))
    with pytest.raises(IsADirectoryError):
        regular_file.open_regular(tmp_path)
    (tmp_path / "file").write_bytes(b"bytes")
    with regular_file.open_regular(tmp_path / "file") as handle:
        assert handle.read() == b"bytes"
        assert os.get_blocking(handle.fileno())  # reads of a regular file wait for the disk as usual
