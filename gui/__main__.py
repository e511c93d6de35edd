"""`python -m gui [PATH]`: the same as the `seedview` command."""

import os
import sys


def _without_current_folder(path: list[str]) -> list[str]:
    """`path` without the entries that name the current folder ('' and '.' included), unless
    that folder is the one this package was loaded from (a source checkout run in place)."""
    try:
        here = os.path.realpath(os.getcwd())
    except OSError:  # the current folder was deleted: only the relative names can point at it
        return [entry for entry in path if entry not in ("", ".")]
    if os.path.dirname(os.path.dirname(os.path.realpath(__file__))) == here:
        return path  # worker processes import the package from there too
    return [entry for entry in path if os.path.realpath(entry or ".") != here]


# `python -m` puts the current folder first on sys.path, and Seedview is often started in the
# folder it is to show: a `sqlite3.py` or `argparse.py` there would be imported, and run, in place
# of the standard module. Nothing there belongs to Seedview, so it goes before anything else is
# imported. (What Python imports before this file runs, runpy for one, is out of its reach:
# `seedview`, or `python -P -m gui`, never looks in the current folder.)
sys.path[:] = _without_current_folder(sys.path)

from gui.app import run  # noqa: E402  (after the path is made safe, on purpose)

run()
