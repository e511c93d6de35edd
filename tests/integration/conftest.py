"""The end-to-end tests share the widget tests' fixtures: a window with private settings and cache,
on a small corpus."""

from tests.widgets.conftest import (  # noqa: F401  (fixtures, found by name)
    corpus_folder,
    garbage_collected_in_this_thread,
    make_window,
    settings_path,
    window,
)
