"""Identifier helpers against published examples and python-stdnum as an independent oracle."""

from __future__ import annotations

import datetime as dt
import random

import phonenumbers
import pytest
from stdnum import luhn
from stdnum.cn import ric, uscc

from outbound.demo import identifiers as ids


@pytest.mark.parametrize(
    ("fn", "body", "check"),
    [
        (ids.ric_check_digit, "11010519491231002", "X"),  # GB 11643-1999 worked example
        (ids.uscc_check_char, "91110000600037341", "L"),  # stdnum's doctest USCC
        (ids.org_code_check_char, "60003734", "1"),  # its GB 11714 organisation code
        (ids.luhn_check_digit, "7992739871", "3"),  # the textbook Luhn example
        (ids.imo_check_digit, "907472", "9"),  # IMO 9074729, the IMO's own example
    ],
    ids=["ric-gb11643-example", "uscc-stdnum-example", "org-code-gb11714", "luhn-79927398713", "imo-9074729"],
)
def test_when_a_published_example_is_checked_then_the_check_character_matches(fn, body, check):
    assert fn(body) == check


def test_when_many_resident_ids_are_made_then_stdnum_accepts_every_one():
    rng = random.Random(1)
    for _ in range(2000):
        birth = dt.date.fromordinal(
            rng.randint(dt.date(1950, 1, 1).toordinal(), dt.date(2025, 12, 31).toordinal())
        )
        number = ids.make_resident_id(rng, birth)
        # stdnum's calc_check_digit wants the full 18 characters (it drops the last one itself).
        assert ric.calc_check_digit(number) == number[-1]
        assert ric.is_valid(number), number


def test_when_many_decoys_are_made_then_none_passes_the_resident_id_check():
    rng = random.Random(2)
    for seq in range(2000):
        decoy = ids.make_ric_decoy(rng, "310115", dt.date(2026, 3, 1), seq)
        assert len(decoy) == 18 and decoy.isdigit()
        assert ric.calc_check_digit(decoy) != decoy[-1]
        assert not ric.is_valid(decoy)


def test_when_cards_mobiles_and_passports_are_made_then_their_shapes_hold():
    rng = random.Random(3)
    for _ in range(500):
        card = ids.make_bank_card(rng)
        assert card.startswith("62") and 16 <= len(card) <= 19 and luhn.is_valid(card)
        mobile = ids.make_mobile(rng)
        assert phonenumbers.is_valid_number(phonenumbers.parse(mobile, "CN")), mobile
        passport = ids.make_passport(rng)
        assert passport[0] == "E" and len(passport) == 9 and passport[1:].isdigit()
        imo = str(ids.make_imo(rng))
        assert len(imo) == 7 and ids.imo_check_digit(imo[:6]) == imo[6]
        assert len(str(ids.make_mmsi(rng))) == 9


@pytest.mark.parametrize("body", ["MA1HT7Q2", "MA1RT3K8", "MA1GP9W4", "12345678"])
def test_when_a_uscc_is_made_then_stdnum_accepts_it(body):
    assert uscc.is_valid(ids.make_uscc("310115", body))


@pytest.mark.parametrize(
    "body", ["MA1SP9W4", "MA1HT7Q", "ma1ht7q2"], ids=["letter-S", "too-short", "lower-case"]
)
def test_when_an_organisation_code_uses_a_forbidden_char_then_making_a_uscc_fails(body):
    with pytest.raises(ValueError, match="organisation code"):
        ids.make_uscc("310115", body)
