"""The keyed hash: the only form in which an identifier reaches the warehouse.

AES-256-CMAC of `entity:normalised value` under a key derived from a secret. The secret comes from
$OUTBOUND_HASH_KEY, else from a key file created once (mode 0600) beside the warehouse. It is never
logged.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import secrets
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from outbound.common.errors import Terminal
from outbound.identifiers.spelling import normalise

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

KEY_ENV = "OUTBOUND_HASH_KEY"


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


# The keyed hash is AES-256-CMAC (NIST SP 800-38B) of `entity:normalised value`, under a key
# derived from the secret. It was HMAC-SHA256 until schema 2 of the warehouse; CMAC is as standard a
# keyed PRF and can be computed for a whole column at once (identifiers.cmac), which the full
# counting pass needs. The warehouse records the scheme (`HASH_SCHEME`) and refuses to mix them.
HASH_SCHEME = "aes256-cmac:v2"
_DERIVE = b"outbound identifier key: aes256-cmac v2"


@functools.lru_cache(maxsize=8)
def identifier_key(secret: bytes) -> bytes:
    """The AES-256 key of the keyed hash, derived from the secret (HMAC-SHA256 as a KDF)."""
    return hmac.new(secret, _DERIVE, hashlib.sha256).digest()


def keyed_hash(key: bytes, entity: str, value: str) -> str:
    """AES-CMAC of `entity:normalised value` under `identifier_key(key)`, hex (128 bits)."""
    from outbound.identifiers.cmac import cmac_one

    msg = f"{entity}:{normalise(entity, value)}".encode()
    return cmac_one(identifier_key(key), msg).hex()


def key_check(key: bytes) -> str:
    """A fingerprint of the secret the warehouse keeps (the keyed hash of a fixed text: it tells
    whether two secrets are the same and nothing about either), so that a scan under another key,
    whose hashes would never link with the stored ones, is refused instead of counting twice."""
    from outbound.identifiers.cmac import cmac_one

    return cmac_one(identifier_key(key), b"outbound key check").hex()


def keyed_hashes(key: bytes, entity: str, normalised: pa.Array) -> np.ndarray:
    """`keyed_hash` of many already normalised values at once: (n, 16) bytes, zero for a null."""
    from outbound.identifiers.cmac import cmac_many

    return cmac_many(identifier_key(key), f"{entity}:".encode(), normalised)


def keyed_ids_schema() -> pa.Schema:
    """An export's keyed identifiers as the full pass hands them to the warehouse: each once, and
    whether a row carrying it was sensitive."""
    import pyarrow as pa

    return pa.schema([("h", pa.uuid()), ("sensitive", pa.bool_())])


def keyed_edges_schema() -> pa.Schema:
    """Pairs of keyed identifiers seen on one row of an export (they belong to one person)."""
    import pyarrow as pa

    return pa.schema([("a", pa.uuid()), ("b", pa.uuid())])


def uuid_column(tags: np.ndarray, present: np.ndarray | None = None) -> pa.ExtensionArray:
    """(n, 16) hash bytes as an Arrow UUID column, null where `present` is False: DuckDB reads it
    as UUID (16 bytes, printed as hex with dashes, so no run of its digits can spell a phone)."""
    import numpy as np
    import pyarrow as pa

    data = np.ascontiguousarray(tags)
    valid = None if present is None else pa.py_buffer(np.packbits(present, bitorder="little"))
    storage = pa.FixedSizeBinaryArray.from_buffers(pa.binary(16), data.nbytes // 16, [valid, pa.py_buffer(data)])
    return pa.ExtensionArray.from_storage(pa.uuid(), storage)


def keyed_normalised(key: bytes, entity: str, normalised: str) -> bytes:
    """`keyed_hash` of a value already normalised, as 16 bytes."""
    from outbound.identifiers.cmac import cmac_one

    return cmac_one(identifier_key(key), f"{entity}:{normalised}".encode())


def hash_uuid(hex_hash: str) -> uuid.UUID:
    """`keyed_hash`'s hex text as the UUID the warehouse stores."""
    return uuid.UUID(hex=hex_hash)
