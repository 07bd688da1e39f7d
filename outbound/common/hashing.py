"""The only place an identifier is normalised, keyed and masked.

A person identifier never leaves this module raw: the warehouse stores `keyed_hash()` (HMAC-SHA256
under a secret key), reports and evidence show `mask()`. The key comes from $OUTBOUND_HASH_KEY,
else from a key file created once (mode 0600) beside the warehouse. The key is never logged.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

from outbound.common.errors import Terminal

KEY_ENV = "OUTBOUND_HASH_KEY"
_SEPARATORS = re.compile(r"[\s\-_.()/]+")
_PHONE_PREFIX = re.compile(r"^(?:\+?86|0086)(?=1\d{10}$)")


def normalise(entity: str, value: str) -> str:
    """Canonical form of an identifier, so that one person's value hashes the same everywhere."""
    v = value.strip()
    if entity == "EMAIL_ADDRESS":
        return v.lower()
    v = _SEPARATORS.sub("", v).upper()
    if entity in ("CN_MOBILE", "PHONE_NUMBER"):
        v = _PHONE_PREFIX.sub("", v)
    return v


class HashKeyError(Terminal):
    pass


def key_path_for(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".key")


def load_key(warehouse: Path) -> bytes:
    """The hashing key: $OUTBOUND_HASH_KEY, else the key file beside the warehouse (created once)."""
    env = os.environ.get(KEY_ENV)
    if env:
        return env.encode("utf-8")
    path = key_path_for(warehouse)
    if path.exists():
        if path.stat().st_mode & 0o077:
            raise HashKeyError(f"key file {path} is readable by others; run: chmod 600 {path}")
        return path.read_bytes().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(secrets.token_hex(32).encode("ascii"))
    return path.read_bytes().strip()


def keyed_hash(key: bytes, entity: str, value: str) -> str:
    """HMAC-SHA256 of `entity:normalised value`, hex, first 32 chars (128 bits)."""
    msg = f"{entity}:{normalise(entity, value)}".encode()
    return hmac.new(key, msg, hashlib.sha256).hexdigest()[:32]


def mask(value: str, keep_start: int = 3, keep_end: int = 4) -> str:
    """An 18-character resident ID becomes `110***********0021`: first 3 and last 4 kept; short values keep less."""
    v = value.strip()
    if len(v) <= 4:
        return "*" * len(v)
    if len(v) <= keep_start + keep_end + 2:
        keep_start, keep_end = 1, 1
    return v[:keep_start] + "*" * (len(v) - keep_start - keep_end) + v[-keep_end:]


_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_LONG_CODE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]*\d[A-Za-z0-9 -]{4,}[0-9Xx](?![A-Za-z0-9])")


def redact(text: str) -> str:
    """Mask anything in free text (a library's error message) that could be an identifier:
    e-mail addresses and runs of six or more characters holding digits."""
    text = _EMAIL.sub(lambda m: mask(m.group()), text)
    return _LONG_CODE.sub(lambda m: mask(m.group()) if sum(c.isdigit() for c in m.group()) >= 6 else m.group(), text)
