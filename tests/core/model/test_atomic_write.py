"""Files written whole or not at all: UTF-8, LF line breaks, a lone surrogate as '?'; two writers
at once, and what a killed one leaves."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO

import pytest

from gui.core.model.atomic_write import (
    FolderNotEmptyError,
    folder_written_whole,
    remove_leftovers,
    write_atomically,
    write_text_atomically,
)

REPOSITORY = Path(__file__).resolve().parents[3]


def test_a_text_is_written_as_utf8_with_lf_line_breaks(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_text_atomically(target, "Café 😀\nline two\r\nthree \udc80 end\n")
    assert target.read_bytes() == "Café 😀\nline two\r\nthree ? end\n".encode()
    assert [path.name for path in tmp_path.iterdir()] == ["out.txt"]


def test_a_failure_leaves_the_old_file_and_no_partial_one(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("the previous export\n")

    def half_then_failure(stream: IO[str]) -> None:
        stream.write("half of the new export")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, half_then_failure)
    assert target.read_text() == "the previous export\n"
    assert [path.name for path in tmp_path.iterdir()] == ["out.jsonl"]


def test_a_new_file_fails_without_a_trace(tmp_path: Path) -> None:
    def failure(stream: IO[str]) -> None:
        raise ValueError("no")

    with pytest.raises(ValueError, match="no"):
        write_atomically(tmp_path / "new.html", failure)
    assert list(tmp_path.iterdir()) == []


# A writer in its own process: writes half of its text, says so, waits for a line on stdin, then
# writes the rest. The test decides who finishes when.
_WRITER = """
import sys
from pathlib import Path
from gui.core.model.atomic_write import write_atomically

target, letter = Path(sys.argv[1]), sys.argv[2]

def write(stream):
    for half in range(2):
        stream.writelines(f"{letter} {half} {number}\\n" for number in range(LINES // 2))
        stream.flush()
        if half == 0:
            print("halfway", flush=True)
            sys.stdin.readline()

write_atomically(target, write)
""".replace("LINES", "20_000")


def whole_output(letter: str) -> str:
    return "".join(f"{letter} {half} {number}\n" for half in range(2) for number in range(10_000))


def start_writer(target: Path, letter: str) -> subprocess.Popen[str]:
    """A writer process of `target`, stopped halfway through its text."""
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(target), letter],
        cwd=REPOSITORY, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert writer.stdout is not None
    assert writer.stdout.readline() == "halfway\n"
    return writer


def finish(writer: subprocess.Popen[str]) -> tuple[int, str]:
    """Let a writer write its second half; its exit code and stderr."""
    _, stderr = writer.communicate("go\n", timeout=60)
    return writer.returncode, stderr


def test_two_writer_processes_at_once_leave_one_whole_output(tmp_path: Path) -> None:
    target = tmp_path / "same.jsonl"
    first = start_writer(target, "A")
    second = start_writer(target, "B")  # both are halfway through the same target now
    assert finish(first) == (0, "")
    assert target.read_text() == whole_output("A")  # the first to finish, whole
    assert finish(second) == (0, "")
    assert target.read_text() == whole_output("B")  # the last to finish wins, whole
    assert [path.name for path in tmp_path.iterdir()] == ["same.jsonl"]


def test_a_killed_writers_leftover_goes_and_a_live_writers_stays(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    killed = start_writer(target, "K")
    killed.kill()
    killed.communicate(timeout=60)
    live = start_writer(target, "L")
    temporaries = sorted(path for path in tmp_path.iterdir() if path.name.endswith(".partial"))
    assert len(temporaries) == 2 and all(path.name.startswith(".out.jsonl.") for path in temporaries)
    [leftover] = [path for path in temporaries if f".{killed.pid}." in path.name]

    assert remove_leftovers(target) == [leftover]
    assert not leftover.exists()
    assert remove_leftovers(target) == []  # the live writer's temporary is never touched
    assert finish(live) == (0, "")
    assert target.read_text() == whole_output("L")
    assert [path.name for path in tmp_path.iterdir()] == ["out.jsonl"]


def test_a_folder_appears_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "pages"
    with folder_written_whole(target) as folder:
        (folder / "a.html").write_text("a")
        assert not target.exists() and folder.name.startswith(".pages.")
    assert [path.name for path in target.iterdir()] == ["a.html"]

    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(KeyboardInterrupt), folder_written_whole(empty) as folder:
        (folder / "a.html").write_text("a")
        raise KeyboardInterrupt
    assert sorted(path.name for path in tmp_path.iterdir()) == ["empty", "pages"]
    assert list(empty.iterdir()) == []
    with folder_written_whole(empty) as folder:  # an empty folder is replaced by the full one
        (folder / "b.html").write_text("b")
    assert [path.name for path in empty.iterdir()] == ["b.html"]

    with pytest.raises(FolderNotEmptyError), folder_written_whole(tmp_path / "taken") as folder:
        (tmp_path / "taken").mkdir()
        (tmp_path / "taken" / "theirs.html").write_text("theirs")  # someone else's, meanwhile
    assert [path.name for path in (tmp_path / "taken").iterdir()] == ["theirs.html"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["empty", "pages", "taken"]


needs_devices = pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() != 0, reason="makes a device node: POSIX, as root"
)
needs_fifos = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


@needs_devices
def test_a_device_is_written_into_not_replaced(tmp_path: Path) -> None:
    null = tmp_path / "null"
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    write_text_atomically(null, "gone\n")
    write_atomically(null, lambda stream: stream.write("gone too\n"))
    assert stat.S_ISCHR(null.stat().st_mode)
    assert [path.name for path in tmp_path.iterdir()] == ["null"]


@needs_fifos
def test_a_named_pipe_target_gets_the_text(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    write_atomically(pipe, lambda stream: stream.write("Café\n"))
    reader.join(timeout=10)
    assert received == ["Café\n".encode()]
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert [path.name for path in tmp_path.iterdir()] == ["pipe"]


@needs_fifos
def test_a_named_pipe_with_a_leftovers_name_is_left_alone_at_once(tmp_path: Path) -> None:
    target = tmp_path / "j.jsonl"
    pipe = tmp_path / f".j.jsonl.{os.getpid()}.0123abcd.partial"
    os.mkfifo(pipe)
    removed: list[list[Path]] = []
    cleaner = threading.Thread(target=lambda: removed.append(remove_leftovers(target)), daemon=True)
    cleaner.start()
    cleaner.join(timeout=10)
    if cleaner.is_alive():  # it waits for a writer: give it one, so that the thread ends
        with open(pipe, "wb"):
            pass
        cleaner.join(timeout=10)
        pytest.fail("remove_leftovers waited for a writer of a named pipe")
    assert removed == [[]]
    assert stat.S_ISFIFO(pipe.stat().st_mode)
