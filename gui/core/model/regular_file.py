"""Opening a document's file only if it is a regular file.

A named pipe put where a listed document was blocks the reader until some program writes to it,
which as a rule is never, and a device may never end: such paths are refused at once instead.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

# Opening a named pipe without O_NONBLOCK waits for a writer; with it, the open returns at once
# and fstat tells what was opened. (Windows has neither the flag nor named pipes in folders.)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_KINDS = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class NotARegularFileError(OSError):
    """The path names a named pipe, a device or a socket, not a file that can be read."""


def open_regular(path: Path, buffering: int = -1) -> BinaryIO:
    """`path` opened for reading bytes if it is a regular file. Anything else raises at once,
    without waiting: NotARegularFileError, or IsADirectoryError for a folder; OSError as for open()."""
    descriptor = os.open(path, os.O_RDONLY | _NONBLOCK | _BINARY)
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(mode):
            kind = next((name for test, name in _KINDS if test(mode)), "something")
            raise NotARegularFileError(errno.EINVAL, f"{kind}, not a regular file", str(path))
        if _NONBLOCK:
            os.set_blocking(descriptor, True)
    except BaseException:
        os.close(descriptor)
        raise
    return open(descriptor, "rb", buffering=buffering)
