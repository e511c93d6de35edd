"""brat standoff (https://brat.nlplab.org/standoff.html): `name.txt` with `name.ann` beside it,
and a folder's `annotation.conf`/`visual.conf`.

brat's offset rule: the offsets of `name.ann` count the characters of `name.txt` as stored, a
byte order mark and each CR of a CRLF included. A Seedview body drops the date header, leading
whitespace and those CRs, so offsets are mapped on the way in and shifted by the header on the
way out. The reading, the notes of the other annotation lines, the configuration files and the
writing each have their own module; this one is where the rest of Seedview finds them.
"""

from __future__ import annotations

from gui.core.formats.brat.brat_config import read_type_config
from gui.core.formats.brat.brat_reader import load_brat_document
from gui.core.formats.brat.brat_writer import write_brat

__all__ = ["load_brat_document", "read_type_config", "write_brat"]
