"""SHA-256 for the entity cache's keys, without loading OpenSSL for the window's first key.

`hashlib` loads OpenSSL (libcrypto) when it is imported: about 3 ms of a start whose first paint
needs the key of one short text. CPython has a SHA-256 of its own (the one hashlib falls back
on), five times slower but a small module. Short texts are hashed with it until `load_openssl`
has run, which the annotation thread does as it starts; long texts always go to OpenSSL, which
also leaves the interpreter to other threads while it hashes. Both give the same digest.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

OPENSSL_FROM_BYTES = 65_536  # at most 0.3 ms with CPython's own


def _builtin_sha256() -> Callable[[bytes], Any] | None:
    for module in ("_sha2", "_sha256"):  # Python 3.12 and later; 3.11
        try:
            return importlib.import_module(module).sha256  # type: ignore[no-any-return]
        except (ImportError, AttributeError):
            continue
    return None


_builtin = _builtin_sha256()
_openssl: Callable[[bytes], Any] | None = None


def load_openssl() -> None:
    """Hash with OpenSSL from now on (importing hashlib loads it)."""
    global _openssl
    import hashlib

    _openssl = hashlib.sha256


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of `data`, in hexadecimal."""
    if _openssl is None and (_builtin is None or len(data) >= OPENSSL_FROM_BYTES):
        load_openssl()
    hashing = _openssl or _builtin
    assert hashing is not None
    return str(hashing(data).hexdigest())
