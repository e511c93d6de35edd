"""A corpus's strings shown among the window's words: isolated when they could reorder them."""

from __future__ import annotations

import os

from hypothesis import given
from hypothesis import strategies as st

from gui.core.model.display_text import FSI, PDI, REPLACEMENT, isolate

RLO, PDF, RLI, LRI = "\u202e", "\u202c", "\u2067", "\u2066"


def test_plain_names_are_shown_as_they_are() -> None:
    for text in ("000_story.txt", "Angela Merkel", "café.txt", "e" + "\u0301" * 50, "日本語.txt", "😀", ""):
        assert isolate(text) == text


def test_an_override_in_a_file_name_is_isolated() -> None:
    name = f"{RLO}rtl(ehcac morf) seititne 4 · txt.exe"
    assert isolate(name) == FSI + name + PDI
    assert isolate(f"{RLO}evil{PDF}") == f"{FSI}{RLO}evil{PDF}{PDI}"


def test_right_to_left_letters_and_digits_are_isolated() -> None:
    assert isolate("שלום.txt") == f"{FSI}שלום.txt{PDI}"
    assert isolate("مرحبا") == f"{FSI}مرحبا{PDI}"
    assert isolate("report ٣") == f"{FSI}report ٣{PDI}"  # an Arabic-Indic digit


def test_its_own_isolates_are_paired_so_that_ours_hold() -> None:
    # A PDI that closes nothing would close the wrapping FSI and let the override out.
    assert isolate(f"{PDI}{RLO}exe.txt") == f"{FSI}{RLO}exe.txt{PDI}"
    # An isolate left open would take the wrapping PDI for its own.
    assert isolate(f"{RLI}abc") == f"{FSI}{RLI}abc{PDI}{PDI}"
    assert isolate(f"{LRI}a{PDI}{RLO}b") == f"{FSI}{LRI}a{PDI}{RLO}b{PDI}"


def test_undecodable_bytes_and_line_breaks_are_replacement_characters() -> None:
    name = os.fsdecode(b"caf\xe9.txt") if os.name != "nt" else "caf\udce9.txt"
    assert isolate(name) == f"caf{REPLACEMENT}.txt"
    assert isolate(f"a\n{RLO}b.txt") == f"{FSI}a{REPLACEMENT}{RLO}b.txt{PDI}"
    assert isolate("a\r\nb\u2029c") == f"a{REPLACEMENT}{REPLACEMENT}b{REPLACEMENT}c"


@given(st.text(st.one_of(st.characters(), st.sampled_from([RLO, PDF, RLI, LRI, FSI, PDI, "\n", "א"]))))
def test_any_text_comes_out_showable_and_closed(text: str) -> None:
    shown = isolate(text)
    assert not any("\ud800" <= character <= "\udfff" or character in "\n\r\u2029" for character in shown)
    depth = 0
    for character in shown:
        if character in (LRI, RLI, FSI):
            depth += 1
        elif character == PDI:
            assert depth > 0, "a PDI that closes nothing"
            depth -= 1
    assert depth == 0
    if shown != text and not shown.startswith(FSI):
        assert len(shown) == len(text)  # only characters replaced
