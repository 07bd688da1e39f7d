from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from outbound import identifiers
from outbound.common import masking


@pytest.mark.parametrize(
    ("entity", "a", "b"),
    [
        ("CN_MOBILE", "13812345678", "+86 138-1234-5678"),
        ("CN_MOBILE", "13812345678", "0086 13812345678"),
        ("CN_RESIDENT_ID", "11010519491231002x", "110105 19491231 002X"),
        ("EMAIL_ADDRESS", "Li.Na@Example.COM", "li.na@example.com"),
    ],
    ids=["plus86-separators", "0086", "lowercase-x-spaces", "email-case"],
)
def test_when_one_identifier_is_written_two_ways_then_it_hashes_the_same(entity, a, b):
    key = b"k"
    assert identifiers.keyed_hash(key, entity, a) == identifiers.keyed_hash(key, entity, b)


def test_when_key_or_entity_differs_then_hash_differs():
    v = "13812345678"
    assert identifiers.keyed_hash(b"k1", "CN_MOBILE", v) != identifiers.keyed_hash(b"k2", "CN_MOBILE", v)
    assert identifiers.keyed_hash(b"k1", "CN_MOBILE", v) != identifiers.keyed_hash(b"k1", "PHONE_NUMBER", v)


def test_when_no_env_key_then_a_0600_key_file_is_created_once(tmp_path: Path, monkeypatch):
    monkeypatch.delenv(identifiers.KEY_ENV, raising=False)
    wh = tmp_path / "w.duckdb"
    k1 = identifiers.load_key(wh)
    path = identifiers.key_path_for(wh)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert identifiers.load_key(wh) == k1 and len(k1) == 64


def test_when_key_file_is_world_readable_then_refuse(tmp_path: Path, monkeypatch):
    monkeypatch.delenv(identifiers.KEY_ENV, raising=False)
    wh = tmp_path / "w.duckdb"
    identifiers.load_key(wh)
    os.chmod(identifiers.key_path_for(wh), 0o644)
    with pytest.raises(identifiers.HashKeyError, match="chmod 600"):
        identifiers.load_key(wh)


def test_when_env_key_is_set_then_it_wins(tmp_path: Path, monkeypatch):
    monkeypatch.setenv(identifiers.KEY_ENV, "secret")
    assert identifiers.load_key(tmp_path / "w.duckdb") == b"secret"
    assert not identifiers.key_path_for(tmp_path / "w.duckdb").exists()


@pytest.mark.parametrize(
    ("value", "masked"),
    [("110105194912310021", "110***********0021"), ("13812345678", "138****5678"), ("abc", "***")],
    ids=["resident-id", "mobile", "short"],
)
def test_when_masking_then_only_ends_show(value, masked):
    assert masking.mask(value) == masked


@pytest.mark.parametrize(
    ("text", "leaked"),
    [
        ("ArrowInvalid: Failed to parse string: '11010519491231002X' as int64", "11010519491231002X"),
        ("bad value 138-1234-5678 in row", "138-1234-5678"),
        ("cannot cast li.na@example.com", "li.na@example.com"),
    ],
    ids=["resident-id", "mobile-with-hyphens", "email"],
)
def test_when_a_library_message_quotes_a_value_then_redact_masks_it(text, leaked):
    out = masking.redact(text)
    assert leaked not in out and "*" in out


def test_when_a_message_has_only_short_numbers_then_redact_keeps_it():
    msg = "Expected 3 fields in line 5, saw 4; Parquet magic bytes not found in footer"
    assert masking.redact(msg) == msg


def test_when_a_scanner_fails_inside_a_library_then_the_reason_is_redacted(tmp_path, monkeypatch):
    from outbound.common.errors import UnreadableExport
    from outbound.scanners import open_source
    from outbound.scanners.csv_source import CsvSource

    f = tmp_path / "x.csv"
    f.write_text("id\n1\n", encoding="utf-8")

    def quoting_failure(self, batch_rows, columns):  # what a library cast error looks like
        raise ValueError("could not convert '11010519491231002X' for li.na@example.com")
        yield

    monkeypatch.setattr(CsvSource, "_frames", quoting_failure)
    with pytest.raises(UnreadableExport) as err:
        open_source(f).sample(5, 0)
    message = str(err.value)
    assert "11010519491231002X" not in message and "li.na@example.com" not in message
    assert "ValueError" in message and str(f) in message
