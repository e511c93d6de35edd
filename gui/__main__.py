"""`python -m gui [PATH]`: the same as the `seedview` command."""

import sys

from gui.app import main

sys.exit(main())
