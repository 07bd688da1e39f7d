"""What an identifier is: its spelling, its shape, the lists a cell may hold, whether a cell has
content, checksums and birth dates, and the keyed hash — each rule once per language (Python, and
its DuckDB SQL or numpy form beside it). Stages import this package; it imports none of theirs.

The names below are the package's public interface; the modules say which rule is where.
"""

from outbound.identifiers.content import has_content, has_content_sql
from outbound.identifiers.keyed import (
    HASH_SCHEME,
    KEY_ENV,
    HashKeyError,
    hash_uuid,
    identifier_key,
    key_check,
    key_path_for,
    keyed_edges_schema,
    keyed_hash,
    keyed_hashes,
    keyed_ids_schema,
    keyed_normalised,
    load_key,
    uuid_column,
)
from outbound.identifiers.lists import LIST_PUNCTUATION, list_parts, split_identifiers, split_mixed
from outbound.identifiers.placeholders import NULL_TOKENS, PLACEHOLDER_WRAPPING, is_placeholder
from outbound.identifiers.shapes import (
    DEFAULT_LINK_SHAPE,
    DUMMY_NUMBER,
    LINK_SHAPES,
    STRICT_SHAPES,
    linkable,
    linkable_sql,
    valid_resident_ids,
)
from outbound.identifiers.spelling import (
    ASCII_WHITESPACE,
    canonical_sql,
    fold_full_width,
    fold_full_width_sql,
    is_ascii_sql,
    kept_as_text,
    normalise,
    normalise_sql,
    resident_id_18,
    sql_text,
    without_float_tail,
)

__all__ = [
    "ASCII_WHITESPACE", "DEFAULT_LINK_SHAPE", "DUMMY_NUMBER", "HASH_SCHEME", "KEY_ENV", "LINK_SHAPES",
    "LIST_PUNCTUATION", "NULL_TOKENS", "PLACEHOLDER_WRAPPING", "STRICT_SHAPES", "HashKeyError",
    "canonical_sql", "fold_full_width", "fold_full_width_sql", "has_content", "has_content_sql",
    "hash_uuid", "identifier_key", "is_ascii_sql", "is_placeholder", "keyed_edges_schema", "keyed_hash",
    "keyed_hashes", "keyed_ids_schema", "keyed_normalised", "kept_as_text", "key_check", "key_path_for",
    "linkable", "linkable_sql", "list_parts", "load_key", "normalise", "normalise_sql", "resident_id_18",
    "split_identifiers", "split_mixed", "sql_text", "uuid_column", "valid_resident_ids", "without_float_tail",
]  # fmt: skip
