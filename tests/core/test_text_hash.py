"""gui.core.text_hash: the same SHA-256 as hashlib's, whichever implementation makes it."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gui.core import text_hash


@given(st.binary(max_size=2_000))
def test_short_texts_hash_as_hashlib_does(data: bytes) -> None:
    assert text_hash.sha256_hex(data) == hashlib.sha256(data).hexdigest()


def test_cpythons_own_sha256_agrees_with_openssls(monkeypatch: pytest.MonkeyPatch) -> None:
    assert text_hash._builtin is not None  # CPython builds have it
    monkeypatch.setattr(text_hash, "_openssl", None)
    for data in (b"", b"Angela Merkel", "Zoë 🦀".encode(), bytes(range(256)) * 100):
        assert text_hash.sha256_hex(data) == hashlib.sha256(data).hexdigest()


def test_a_long_text_goes_to_openssl(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_hash, "_openssl", None)
    data = b"x" * text_hash.OPENSSL_FROM_BYTES
    assert text_hash.sha256_hex(data) == hashlib.sha256(data).hexdigest()
    assert text_hash._openssl is hashlib.sha256


def test_a_short_key_does_not_load_openssl() -> None:
    code = (
        "import sys\nfrom gui.core.cache import text_key\ntext_key('Angela Merkel visited Paris.')\n"
        "print('_hashlib' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            check=True)
    assert result.stdout.strip() == "False"
