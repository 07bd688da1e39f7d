"""`Recognizer.validate_many` answers exactly as `validate_result` one value at a time (hypothesis).

Each recognizer gets batches mixing: texts its own regexes generate (what the vote sends), values
built valid (resident IDs, USCCs, cards, IMEIs, IPv4, dates, names, e-mails), the same with one
character changed, boundary dates (1899-12-31, 1900-01-01, today, tomorrow, 29 February), a
lower-case x, spaces and dashes, non-ASCII digits, and any text at all. Verdicts are compared with
their types (True, not 1), and a text on which `validate_result` raises must make the batch raise
the same. CI runs a fixed budget (HYPOTHESIS_PROFILE=ci, the default); `make fuzz` the long one.
"""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outbound.classifiers.recognizers import RECOGNIZERS
from outbound.classifiers.recognizers.bank_card import _SCHEMES, scheme_accepts, schemes_accept_rows
from outbound.classifiers.recognizers.base import Recognizer
from outbound.classifiers.recognizers.person_name import TITLES, _surnames
from outbound.identifiers import checksums as ck

settings.register_profile("ci", max_examples=200, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])  # fmt: skip
settings.register_profile("fuzz", max_examples=20_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])  # fmt: skip
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

TODAY = dt.date.today()
DIGIT = "0123456789"
ODD_DIGITS = "０１２３４５６７８９²١"  # full-width, superscript, Arabic-Indic: digits to isdigit, not ASCII
DAYS = st.one_of(
    st.sampled_from([dt.date(1899, 12, 31), dt.date(1900, 1, 1), TODAY, TODAY + dt.timedelta(days=1),
                     dt.date(2000, 2, 29), dt.date(1904, 2, 29), dt.date(1999, 12, 31)]),
    st.dates(dt.date(1890, 1, 1), TODAY + dt.timedelta(days=400)),
)  # fmt: skip
YMD = st.one_of(DAYS.map(lambda d: f"{d:%Y%m%d}"),
                st.sampled_from(["19000229", "20230229", "19901301", "19900132", "19900100", "19900001",
                                 "00000000", "20240230", "19000431", "99991231"]))  # fmt: skip


def digits(n: int) -> st.SearchStrategy[str]:
    return st.text(DIGIT, min_size=n, max_size=n)


@st.composite
def changed(draw: st.DrawFn, value: str) -> str:
    """`value` with one character replaced, deleted, lower-cased or with a separator inserted."""
    if not value:
        return value
    i = draw(st.integers(0, len(value) - 1))
    kind = draw(st.sampled_from(["digit", "drop", "lower", "sep", "odd"]))
    if kind == "digit":
        return value[:i] + draw(st.sampled_from(DIGIT + "X")) + value[i + 1 :]
    if kind == "drop":
        return value[:i] + value[i + 1 :]
    if kind == "lower":
        return value.lower()
    if kind == "odd":
        return value[:i] + draw(st.sampled_from(ODD_DIGITS)) + value[i + 1 :]
    return value[:i] + draw(st.sampled_from([" ", "-", "\u3000", "\t"])) + value[i:]


def near(valid: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Valid values, and the same with one change."""
    return st.one_of(valid, valid.flatmap(changed))


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    region = draw(st.one_of(digits(6), st.sampled_from(["110105", "340102", "650102", "012345"])))
    first17 = region + draw(YMD) + draw(digits(3))
    rid = first17 + ck.ric_check_digit(first17)
    style = draw(st.sampled_from(["plain", "lower", "grouped", "15", "wrong"]))
    if style == "lower":
        return rid.lower()
    if style == "grouped":
        sep = draw(st.sampled_from([" ", "-"]))
        return sep.join([rid[:6], rid[6:14], rid[14:]])
    if style == "15":
        return draw(st.sampled_from("1234567")) + region[1:] + first17[8:14] + draw(digits(3))
    if style == "wrong":
        return first17 + draw(st.sampled_from(DIGIT + "Xx"))
    return rid


@st.composite
def usccs(draw: st.DrawFn) -> str:
    alphabet = st.sampled_from(ck.USCC_ALPHABET)
    province = draw(st.one_of(st.sampled_from(sorted(ck._PROVINCES)), digits(2)))
    head = draw(st.text(alphabet, min_size=2, max_size=2)) + province + draw(digits(4))
    org = draw(st.text(alphabet, min_size=8, max_size=8))
    first17 = head + org + ck.org_code_check_char(org)
    code = first17 + ck.uscc_check_char(first17)
    return code.lower() if draw(st.booleans()) else code


# All-digit values that are both a valid resident ID and a valid USCC (the person wins).
_BOTH = [v for v in (f"{r:06d}{d:%Y%m%d}{s:03d}" for r in (110105, 340102, 441203) for s in range(1000)
                     for d in (dt.date(1990, 1, 2), dt.date(1985, 6, 1)))
         if ck.uscc_is_valid(v + ck.ric_check_digit(v))]  # fmt: skip
BOTH = [v + ck.ric_check_digit(v) for v in _BOTH]


@st.composite
def cards(draw: st.DrawFn) -> str:
    low, high, lengths = draw(st.sampled_from(_SCHEMES))
    prefix = str(draw(st.integers(int(low), int(high)))).zfill(len(low))
    length = draw(st.sampled_from(sorted(lengths | {13, 20})))
    body = prefix + draw(digits(max(length - len(prefix) - 1, 0)))
    card = body + ck.luhn_check_digit(body)
    style = draw(st.sampled_from(["plain", "plain", "grouped", "filler", "ric15"]))
    if style == "grouped":
        return " ".join(card[i : i + 4] for i in range(0, len(card), 4))
    if style == "filler":
        return card[0] * length
    if style == "ric15":  # American Express prefix, and a first-generation resident ID's shape
        body = "34" + draw(digits(4)) + draw(YMD)[2:] + draw(digits(2))
        return body + ck.luhn_check_digit(body)
    return card


@st.composite
def imeis(draw: st.DrawFn) -> str:
    rbi = draw(st.one_of(st.sampled_from(["35", "86", "01", "99", "45"]), digits(2)))
    body = rbi + draw(st.one_of(digits(12), YMD.map(lambda d: "0102" + d[2:] + "12")))
    imei = body + ck.luhn_check_digit(body)
    if draw(st.booleans()):
        return imei
    return draw(st.sampled_from(["-", " "])).join([imei[:2], imei[2:8], imei[8:14], imei[14:]])


@st.composite
def ipv4s(draw: st.DrawFn) -> str:
    octets = draw(st.lists(st.one_of(st.integers(0, 255), st.integers(0, 999)), min_size=4, max_size=4))
    text = ".".join(f"{o:0{draw(st.sampled_from([1, 1, 2, 3]))}d}" for o in octets)
    if draw(st.booleans()):
        text += ":" + draw(st.one_of(st.integers(0, 70000).map(str), st.sampled_from(["", "0080", "999999"])))
    return text


@st.composite
def dates(draw: st.DrawFn) -> str:
    ymd = draw(YMD)
    sep = draw(st.sampled_from(["-", "/", ".", "", "-/", " ", ":"]))
    if sep == "-/":
        return f"{ymd[:4]}-{ymd[4:6]}/{ymd[6:]}"
    text = f"{ymd[:4]}{sep}{ymd[4:6]}{sep}{ymd[6:]}"
    if sep and draw(st.booleans()):
        clock = draw(st.sampled_from(["00:00:00", "00:00:01", "08:00:00", "23:59:59", "0:00:00", "00:00"]))
        text += draw(st.sampled_from([" ", "T"])) + clock + draw(st.sampled_from(["", "", "Z", "+0800", ".000"]))
    return text


@st.composite
def names(draw: st.DrawFn) -> str:
    single, compound, _ = _surnames()
    surname = draw(st.sampled_from(sorted(single)[:50] + sorted(compound)[:20]))
    given = draw(st.text(st.sampled_from("伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚公司路市"), min_size=0, max_size=3))
    name = surname + given
    return draw(st.sampled_from([name, name, "姓名" + name, "联系人：" + name, name + draw(st.sampled_from(TITLES)),
                                 name + "·" + given, f" {name} ", "Zhang San", "ZHANG Wei"]))  # fmt: skip


@st.composite
def emails(draw: st.DrawFn) -> str:
    word = st.text(st.sampled_from("abcxyz019-_."), min_size=0, max_size=8)
    label = st.one_of(st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,5}[a-z0-9])?", fullmatch=True), word)
    local = draw(st.one_of(word, st.just("a" * 64), st.just("a" * 65), st.just("a@b")))
    labels = draw(st.lists(label, min_size=0, max_size=3))
    tld = draw(st.sampled_from(["com", "cn", "c", "中国", "c0m", "", "COM"]))
    return local + "@" + ".".join([*labels, tld]) + draw(st.sampled_from(["", "", "x" * 250]))


def uscc(head16: str) -> str:
    """A code with both check characters computed: authority and kind (2), region (6), organisation (8)."""
    first17 = head16 + ck.org_code_check_char(head16[8:])
    return first17 + ck.uscc_check_char(first17)


def luhn(body: str) -> str:
    return body + ck.luhn_check_digit(body)


# Edges a random draw reaches rarely: check character X in either case, first-generation IDs by province digit and 29 February,
# region codes outside the provinces, names with titles and cues, e-mails around 64 and 254
# characters, IPv4 ports around 65535 and leading zeros.
EDGES = {
    "CN_RESIDENT_ID": ["11010519491231002X", "11010519491231002x", "11010519491231002 ", "110105-19491231-002x",
                       "710105900102123", "610105900102123", "010105900102123", "110105000229123",
                       "110105960229123", "110105970229123"],
    "DEVICE_ID": [luhn("35010290010112"), luhn("86010290010112"), luhn("36010290010112"), luhn("3501029001011"),
                  "00:00:00:00:00:00", "a0000000000000", "350102900101121"],
    "BANK_CARD": [luhn("34010290010112"), luhn("37010290010112"), luhn("3401029913011"), luhn("622202123456789012"),
                  "4" * 16, luhn("4" * 15)],
    "DATE_OF_BIRTH": ["1990:01:02", "1990.01.02", "1990/01/02 00:00:00", "1990-01-02T00:00:00", "1990-01-02 00:00:00Z",
                      "2000-02-29", "1900-02-29", "19000101", "18991231", "1990-01-02_00:00:00", "1990-1-2"],
    "CN_USCC": [uscc("91990000MA01234B"), uscc("91100000MA01234B"), uscc("91110000MA01234B").lower(),
                uscc("91000000MA01234B"), uscc("9111000AMA01234B")],
    "PERSON_NAME": ["张伟先生", "王女士", "欧阳小姐", "欧阳娜娜", "姓名张伟", "客户王芳", "张·伟", "张 伟", " 张伟", "买买提·艾力"],
    "EMAIL_ADDRESS": ["a@b." + "c" * 250, "a@b." + "c" * 249, "a" * 64 + "@b.cn", "a" * 65 + "@b.cn", "a@@b.cn",
                      "@b.cn", "a@b.c0m", "a@-b.cn", "a@b-.cn", "a@b.中国", "a@xn--b.cn", "a@b..cn"],
    "IP_ADDRESS": ["1.2.3.4:65535", "1.2.3.4:65536", "01.2.3.4", "1.2.3.04", "255.255.255.255:80", "0.0.0.0:1",
                   "1.2.3.4:", "1.2.3", "1.2.3.4.5", "::1", "1.2.3.4:abc", "::ffff:1.2.3.4", "１.2.3.4"],
}  # fmt: skip


BUILT = {
    "CN_RESIDENT_ID": near(resident_ids()),
    "CN_USCC": st.one_of(near(usccs()), near(resident_ids()), st.sampled_from(BOTH)),
    "BANK_CARD": st.one_of(near(cards()), near(resident_ids()), near(imeis())),
    "DEVICE_ID": st.one_of(near(imeis()), near(cards()), near(resident_ids())),
    "IP_ADDRESS": near(ipv4s()),
    "DATE_OF_BIRTH": near(dates()),
    "PERSON_NAME": near(names()),
    "EMAIL_ADDRESS": near(emails()),
    "CN_MOBILE": near(st.tuples(st.sampled_from(["", "+86 ", "0086"]), st.sampled_from("12"),
                                digits(10)).map("".join)),  # fmt: skip
    "LICENSE_PLATE": st.text(st.sampled_from("粤京AB1234567890DF·-学" + ODD_DIGITS), min_size=6, max_size=9),
}
ANY = st.one_of(st.text(st.sampled_from(DIGIT + "Xx -.:/@T年月日张王·" + ODD_DIGITS), max_size=25), st.text(max_size=20))


def proposed(rec: Recognizer) -> st.SearchStrategy[str]:
    """Texts one of the recognizer's patterns matches whole (lookbehind-only patterns left out)."""
    return st.one_of([st.from_regex(rx, fullmatch=True) for p, rx in rec.compiled if "(?<=" not in p.regex])


def typed(verdicts: list[bool | None]) -> list[tuple[type, bool | None]]:
    return [(type(v), v) for v in verdicts]


BATCHED = [cls for cls in RECOGNIZERS if cls.validate_many is not Recognizer.validate_many]


def test_when_recognizers_are_listed_then_the_hot_ones_have_a_batch_form():
    assert {c.ENTITY for c in BATCHED} >= {"CN_RESIDENT_ID", "CN_USCC", "BANK_CARD", "DEVICE_ID", "IP_ADDRESS",
                                           "DATE_OF_BIRTH", "PERSON_NAME"}  # fmt: skip


@pytest.mark.parametrize("numpy_always", [True, False], ids=["numpy-from-1", "numpy-from-BATCH_FROM"])
@pytest.mark.parametrize("cls", BATCHED, ids=lambda c: c.ENTITY)
@given(data=st.data())
def test_when_a_batch_is_validated_then_each_verdict_is_validate_results(cls, numpy_always, data):
    rec = cls()
    if numpy_always and hasattr(rec, "BATCH_FROM"):
        rec.BATCH_FROM = 1  # small draws must reach the numpy forms too
    elif numpy_always:
        return
    built = st.one_of(BUILT.get(rec.ENTITY, ANY), st.sampled_from(EDGES.get(rec.ENTITY, [""])))
    values = st.one_of(proposed(rec), built, built, ANY)
    texts = data.draw(st.lists(values, max_size=30), label="texts")
    try:
        expected = [rec.validate_result(t) for t in texts]
    except Exception as exc:  # e.g. an IPv4 with a port that is no number: the batch raises alike
        with pytest.raises(type(exc)):
            rec.validate_many(texts)
        return
    assert typed(rec.validate_many(texts)) == typed(expected)


@pytest.mark.parametrize("cls", RECOGNIZERS, ids=lambda c: c.ENTITY)
def test_when_a_batch_is_empty_or_one_value_then_it_matches_the_loop(cls):
    rec = cls()
    assert rec.validate_many([]) == []
    for text in ["11010519491231002X", "11010519491231002x", "110105194912310", "6222021234567890123", "8.8.8.8",
                 "1990-01-02", f"{TODAY:%Y-%m-%d}", f"{TODAY + dt.timedelta(days=1):%Y%m%d}", "张伟", "a@b.cn"]:
        assert typed(rec.validate_many([text])) == typed([rec.validate_result(text)])


def test_when_the_fast_shapes_meet_their_boundaries_then_verdicts_are_as_expected():
    """Not only equal to the loop: the batch forms say what the rules say at the edges."""
    by = {cls.ENTITY: cls() for cls in RECOGNIZERS}
    for rec in by.values():
        rec.BATCH_FROM = 1  # type: ignore[attr-defined]  # these few values must reach numpy
    def rid(first17: str) -> str:
        return first17 + ck.ric_check_digit(first17)

    rids = [rid(f"110105{day:%Y%m%d}001") for day in (TODAY, TODAY + dt.timedelta(days=1), dt.date(1900, 1, 1),
                                                     dt.date(1899, 12, 31), dt.date(2000, 2, 29))]
    wrong = rids[0][:-1] + ("0" if rids[0][-1] != "0" else "1")
    assert by["CN_RESIDENT_ID"].validate_many([*rids, wrong, "110105900102123", "110105900230123"]) == [
        True, False, True, False, True, False, None, False]  # fmt: skip
    dob = by["DATE_OF_BIRTH"].validate_many(["2000-02-29", "1900-02-29", "1899-12-31", "1900-01-01 00:00:00",
                                             "1990-01-02 08:00:00", f"{TODAY:%Y%m%d}",
                                             f"{TODAY + dt.timedelta(days=1):%Y/%m/%d}"])  # fmt: skip
    assert dob == [None, False, False, None, False, None, False]
    assert by["IP_ADDRESS"].validate_many(["1.2.3.4", "01.2.3.4", "256.1.1.1", "0.0.0.0", "1.2.3.4:65536"]) == [
        True, False, False, False, False]  # fmt: skip
    assert re.fullmatch(r"[0-9]{18}", BOTH[0]) and by["CN_USCC"].validate_many(BOTH[:1]) == [False]


def test_when_every_four_digit_prefix_is_tried_then_the_scheme_table_is_scheme_accepts():
    for width in range(14, 20):
        numbers = [f"{p:04d}" + "0" * (width - 4) for p in range(10_000)]
        got = schemes_accept_rows(ck.ascii_rows(numbers, width)).tolist()
        assert got == [scheme_accepts(n) for n in numbers], width
