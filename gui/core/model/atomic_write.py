"""Writing a file or a folder so that it appears only once complete: a hidden temporary beside its
target, then renamed; and removing the temporaries that killed writers left behind.

Every writer gets its own temporary, `.<name>.<pid>.<random>.partial`, so two writers of one target
never write into the same file: the last one to finish wins, and its output is whole. While it
writes, a writer holds an advisory lock (`flock`) on its temporary; the kernel drops the lock when
the process ends, even by SIGKILL, so a temporary whose lock is free is a leftover that
`remove_leftovers` may delete. Where there are no such locks (Windows), only a temporary left
untouched for `STALE_AFTER_S` counts as a leftover.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import shutil
import stat
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

PARTIAL_SUFFIX = ".partial"
STALE_AFTER_S = 24 * 60 * 60  # without locks: a writer keeps its temporary busier than this

if sys.platform != "win32":
    import fcntl

    def _lock(fd: int, *, wait: bool) -> bool:
        """Take the exclusive lock on an open file or folder; False if another holder has it.

        Raises OSError when the file system has no locks (some network mounts).
        """
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    HAS_LOCKS = True
else:  # pragma: no cover - Windows: an open file cannot be deleted, which protects a live writer

    def _lock(fd: int, *, wait: bool) -> bool:
        """No advisory locks here: every temporary is assumed to have a live writer."""
        return False

    HAS_LOCKS = False


class FolderNotEmptyError(FileExistsError):
    """A finished folder could not take its place: files reached the destination meanwhile."""


def _temporary_path(target: Path) -> Path:
    """A hidden name beside `target` that no other writer has: its pid and 32 random bits."""
    return target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}{PARTIAL_SUFFIX}")


def _leftover_pattern(target: Path) -> re.Pattern[str]:
    """Matches the temporaries of `target` (`_temporary_path`), and `.<name>.partial`, the one
    fixed name that earlier versions used."""
    return re.compile(re.escape(f".{target.name}.") + r"(?:\d+\.[0-9a-f]{8}\.)?partial")


def _claim(target: Path, create: Callable[[Path], int]) -> tuple[Path, int]:
    """Create a temporary for `target` with `create` (which returns an open descriptor of it),
    lock it and return it with the descriptor.

    A cleaner may take the lock in the moment between creating and locking, and delete the new
    temporary: once locked, it must still be the file at its path, else a fresh one is made.
    """
    while True:
        path = _temporary_path(target)
        try:
            fd = create(path)
        except FileExistsError:
            continue  # 32 random bits met another writer's: draw again
        try:
            if HAS_LOCKS:
                with contextlib.suppress(OSError):  # a file system without locks: write unguarded
                    _lock(fd, wait=True)
            if os.path.samestat(os.fstat(fd), os.stat(path)):
                return path, fd
        except FileNotFoundError:
            pass  # deleted by a cleaner before the lock: draw again
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)


def _new_file(path: Path) -> int:
    """Create `path` for writing only if it does not exist; its mode follows the umask, as a
    file made by `open` does (tempfile.mkstemp would make it private to this user)."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)


def _new_folder(path: Path) -> int:
    """Create the folder `path` (mode from the umask) and open it, to hold its lock."""
    path.mkdir(0o777)
    try:
        return os.open(path, os.O_RDONLY)
    except BaseException:
        path.rmdir()
        raise


def write_atomically(path: Path, write: Callable[[IO[str]], object], *, sync: bool = True) -> None:
    """Create or replace the text file `path` with what `write` writes to the stream it is given.

    The file is UTF-8 with LF line breaks on every platform; a lone surrogate (text that came
    through surrogateescape) cannot be UTF-8 and is written as one '?', so offsets still hold. The
    text goes to this writer's own hidden temporary, flushed to disk (unless `sync` is False) and
    renamed at the end: a failure leaves no half file, an existing file stays as it was until the
    new one is complete, and of two writers at once the last to finish wins, whole.

    A `path` that is a device or a named pipe (`/dev/null`, `/dev/stdout`) is written into as it
    is: a file renamed over it would put a regular file where the device was.
    """
    if _is_special(path):
        with open(path, "w", encoding="utf-8", errors="replace", newline="\n") as stream:
            write(stream)
        return
    partial, fd = _claim(path, _new_file)
    published = False
    try:
        with open(fd, "w", encoding="utf-8", errors="replace", newline="\n") as stream:
            write(stream)
            stream.flush()
            if sync:
                os.fsync(stream.fileno())
            if HAS_LOCKS:  # renamed while still locked, so no cleaner can take it first
                os.replace(partial, path)
                published = True
        if not published:  # Windows renames only a closed file
            os.replace(partial, path)
            published = True
    finally:
        if not published:
            partial.unlink(missing_ok=True)


def _is_special(path: Path) -> bool:
    """Whether `path` (or what its link leads to) exists and is neither a regular file nor a
    folder: a device, a named pipe or a socket."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def write_text_atomically(path: Path, text: str, *, sync: bool = False) -> None:
    """Create or replace the text file `path` with `text`, as `write_atomically` does, by default
    without waiting for the disk: it writes the many small files of a folder export, which
    `folder_written_whole` publishes whole."""
    write_atomically(path, lambda stream: stream.write(text), sync=sync)


@contextlib.contextmanager
def folder_written_whole(folder: Path) -> Iterator[Path]:
    """Give a folder to write into that becomes `folder` (missing or empty) once the block ends.

    It is a hidden temporary sibling: while the block runs, and if it fails or is interrupted,
    `folder` stays as it was, and the temporary is removed (or, after a kill, by the next
    `remove_leftovers`). If files reached `folder` meanwhile, FolderNotEmptyError says so. When no
    sibling can be made beside an existing `folder` (the root of a mounted drive, or a read-only
    parent), the block writes into `folder` itself, as it must.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    if folder.is_dir() and os.path.ismount(folder):
        yield folder  # a sibling would be on another drive, and could not be renamed here
        return
    try:
        partial, fd = _claim(folder, _new_folder)
    except PermissionError:
        if not folder.is_dir():
            raise
        yield folder
        return
    published = False
    try:
        yield partial
        _publish_folder(partial, folder)
        published = True
    finally:
        if not published:
            shutil.rmtree(partial, ignore_errors=True)  # best effort: else the next run removes it
        os.close(fd)


def _publish_folder(partial: Path, folder: Path) -> None:
    """Rename the finished `partial` to `folder`, which may be missing or an empty folder."""
    try:
        if sys.platform == "win32" and folder.is_dir():  # pragma: no cover - POSIX replaces it
            folder.rmdir()  # in one step; Windows only once it is gone (and refuses a full one)
        os.replace(partial, folder)
    except OSError as error:
        if error.errno in (errno.ENOTEMPTY, errno.EEXIST):
            raise FolderNotEmptyError(
                error.errno, "files were written there meanwhile", str(folder)
            ) from error
        raise


def remove_leftovers(target: Path) -> list[Path]:
    """Delete the temporaries of `target` (files or folders) that killed writers left; return them.

    A temporary is left over once its lock is free (its writer is gone), or, where locks are not
    to be had, once untouched for STALE_AFTER_S. A live writer's temporary is never touched.
    """
    pattern = _leftover_pattern(target)
    removed: list[Path] = []
    try:
        with os.scandir(target.parent) as entries:
            names = [entry.name for entry in entries if pattern.fullmatch(entry.name)]
    except FileNotFoundError:
        return removed
    for name in names:
        path = target.parent / name
        if _remove_if_abandoned(path):
            removed.append(path)
    return removed


def _remove_if_abandoned(path: Path) -> bool:
    """Delete a temporary whose writer is gone, holding its lock meanwhile (so a writer that has
    just made it waits, and then sees it gone); whether it was deleted.

    Only files and folders are ours: a named pipe of a leftover's name is opened without waiting
    for a writer (O_NONBLOCK), and left alone, as is a device.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return False  # gone already, a link (never ours), or not ours to open
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
            return False
        try:
            free, lockable = _lock(fd, wait=False), HAS_LOCKS
        except OSError:  # a file system without locks
            free, lockable = False, False
        if not free and (lockable or time.time() - os.fstat(fd).st_mtime < STALE_AFTER_S):
            return False
        if stat.S_ISDIR(mode):
            shutil.rmtree(path)
        else:
            path.unlink()
        return True
    except OSError:
        return False  # removed by another cleaner, or not ours to remove: left as it is
    finally:
        os.close(fd)
