"""The batched AES-CMAC equals the standard, message by message."""

from __future__ import annotations

import random

import pyarrow as pa
import pytest

from outbound.identifiers.cmac import cmac_many, cmac_one, subkeys

# RFC 4493 §4 (AES-128): key, subkeys and the tags of messages of 0, 16, 40 and 64 bytes.
RFC_KEY = bytes.fromhex("2b7e151628aed2a6abf7158809cf4f3c")
RFC_MESSAGE = bytes.fromhex(
    "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
    "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710"
)
RFC_TAGS = {
    0: "bb1d6929e95937287fa37d129b756746",
    16: "070a16b46b4d4144f79bdd9dd04a287c",
    40: "dfa66747de9ae63030ca32611497c827",
    64: "51f0bebf7e3b9d92fc49741779363cfe",
}


def test_when_subkeys_are_derived_then_they_are_rfc_4493s():
    k1, k2 = subkeys(RFC_KEY)
    assert (k1.hex(), k2.hex()) == ("fbeed618357133667c85e08f7236a8de", "f7ddac306ae266ccf90bc11ee46d513b")


@pytest.mark.parametrize("length", sorted(RFC_TAGS))
def test_when_rfc_4493_messages_are_keyed_in_a_batch_then_the_tags_are_the_rfcs(length: int):
    # the batch keys prefix + value: split the RFC message anywhere, the tag must not change
    message = RFC_MESSAGE[:length]
    for cut in {0, length // 3, length}:
        values = pa.array([message[cut:]], pa.binary())
        assert cmac_many(RFC_KEY, message[:cut], values)[0].tobytes().hex() == RFC_TAGS[length]


@pytest.mark.parametrize("key", [bytes(range(16)), bytes(range(32))], ids=["aes128", "aes256"])
def test_when_values_of_every_length_are_keyed_at_once_then_each_equals_cmac_one(key: bytes):
    rng = random.Random(7)
    values = ["".join(rng.choice("0123456789Xab@.中") for _ in range(rng.randint(0, 70))) for _ in range(2000)]
    values += ["", "x" * 16, "y" * 32, "z" * 31, "w" * 33]
    tags = cmac_many(key, b"CN_MOBILE:", pa.array(values, pa.string()))
    assert tags.shape == (len(values), 16)
    for value, tag in zip(values, tags, strict=True):
        assert tag.tobytes() == cmac_one(key, b"CN_MOBILE:" + value.encode()), repr(value)


def test_when_the_column_is_a_slice_then_the_offsets_are_respected():
    values = pa.array([f"{i:011d}" for i in range(100)] + ["short", "a-longer-value"], pa.string())
    part = values.slice(95, 7)
    tags = cmac_many(bytes(16), b"", part)
    assert [t.tobytes() for t in tags] == [cmac_one(bytes(16), v.as_py().encode()) for v in part]


def test_when_a_value_is_null_then_its_row_is_zero_and_the_others_stay_aligned():
    tags = cmac_many(bytes(16), b"p:", pa.array(["a", None, "bc", None, "a"]))
    assert [t.tobytes() for t in tags] == [
        cmac_one(bytes(16), b"p:a"), bytes(16), cmac_one(bytes(16), b"p:bc"), bytes(16), cmac_one(bytes(16), b"p:a"),
    ]
    assert not cmac_many(bytes(16), b"", pa.array([None, None], pa.string())).any()


def test_when_there_are_no_values_then_there_are_no_tags():
    assert cmac_many(bytes(16), b"p", pa.array([], pa.string())).shape == (0, 16)
