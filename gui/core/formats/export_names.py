"""File names for exported documents: safe on every platform, one per document."""

from __future__ import annotations

import re
import unicodedata

from gui.core.model.display_text import readable

# Characters that Windows, macOS or Linux refuse in a file name, and control characters.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
# A lone surrogate stands for a byte of a file name that is not UTF-8 (surrogateescape): no name
# on macOS or Windows can hold it, nor a URL, so it is shown as what it is, a replacement character.
_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{i}" for i in range(1, 10)] + [f"lpt{i}" for i in range(1, 10)]
)
MAX_STEM_CHARS = 100


class FileStems:
    """Gives each exported document a distinct, safe file stem derived from its id."""

    def __init__(self, reserved: tuple[str, ...] = ()) -> None:
        self._taken = {name.casefold() for name in reserved}

    def stem(self, doc_id: str) -> str:
        """A stem for `doc_id`: unsafe characters become '_', undecodable ones U+FFFD, and '-2',
        '-3'... keep it unique (compared case-insensitively, as macOS and Windows compare names)."""
        shown = readable(doc_id)
        base = _UNSAFE.sub("_", unicodedata.normalize("NFC", shown)).strip(" .")[:MAX_STEM_CHARS]
        if not base or base.casefold().split(".")[0] in _RESERVED:
            base = f"document_{base}" if base else "document"
        stem, number = base, 1
        while stem.casefold() in self._taken:
            number += 1
            stem = f"{base}-{number}"
        self._taken.add(stem.casefold())
        return stem
