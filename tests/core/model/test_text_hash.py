"""gui.core.model.text_hash: the same SHA-256 as hashlib's, made with public APIs only."""

from __future__ import annotations

import hashlib
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from gui.core.model import text_hash


@given(st.binary(max_size=2_000))
def test_short_texts_hash_as_hashlib_does(data: bytes) -> None:
    assert text_hash.sha256_hex(data) == hashlib.sha256(data).hexdigest()


def test_long_and_known_texts_hash_to_their_published_digests() -> None:
    assert text_hash.sha256_hex(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert text_hash.sha256_hex(b"abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    data = bytes(range(256)) * 1_000
    assert text_hash.sha256_hex(data) == hashlib.sha256(data).hexdigest()


def test_keys_use_no_private_module_of_cpython() -> None:
    # CPython's own _sha2 (_sha256 before 3.12) is an implementation detail that may change or
    # go; hashlib is the public way to the same digest.
    code = (
        "import sys\nfrom gui.core.engine.cache import text_key\ntext_key('Angela Merkel visited Paris.')\n"
        "print(sorted(name for name in ('_sha2', '_sha256') if name in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            check=True)
    assert result.stdout.strip() == "[]"
