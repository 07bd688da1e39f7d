"""Postal addresses of persons: Chinese by division names and address suffixes, English by street shape.

A Chinese address names where a person lives or receives mail down to a street, village or
building: division names (python-stdnum's table, `places.py`, or a province-level prefix) plus a
street-level part (…路, …街, …村, …小区) and/or a unit (88号, 3栋, 2单元, 501室). A division alone
(北京市, 北京市朝阳区) locates a city or district, not a person: it is NOT an address here, and a
column of city names gets no label. English addresses need a house number and a street suffix
(USPS Publication 28 Appendix C1 names), a PO box, or a US military address.
"""

from __future__ import annotations

import re

from outbound.classifiers.places import has_division
from outbound.classifiers.recognizers.base import Pattern, Recognizer

HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_NUM = "0-9０-９A-Za-z一二三四五六七八九十百零〇甲乙丙丁"
# a street-level name ends in one of these, after at least one character of its own (Han or a number)
_STREET_END = re.compile("大道|大街|街道|胡同|小区|社区|花园|公寓|大厦|广场|新村|家园|苑|路|街|巷|弄|村|屯")
_STREET_BEFORE = re.compile(f"[{HAN}{_NUM}]")
_UNIT = re.compile(f"[{_NUM}]+[-－]?[{_NUM}]*\\s*(?:号楼|号院|单元|号|栋|幢|座|室|楼|层|户|弄|组|排)")
_HAN_FIRST = re.compile(f"[{HAN}]")
_POSTCODE = re.compile(r"\s*[1-8][0-9]{5}$")
# Names of organisations: a division plus a street in a company name is no person's address.
_ORGANISATION = ("公司", "集团", "银行", "支行", "分行", "大学", "学院", "医院", "研究所", "委员会", "办事处", "营业部")

# Street suffixes of USPS Publication 28, Appendix C1 (common names and standard abbreviations);
# a plural "s" is accepted on each (Estates, Roads, Villages); Via and Rue are common outside it.
_USPS = (
    "Alley|Aly|Annex|Arcade|Avenue|Ave|Bayou|Beach|Bend|Bluff|Bottom|Boulevard|Blvd|Branch|Bridge|Brook|"
    "Burg|Bypass|Camp|Canyon|Cape|Causeway|Center|Ctr|Circle|Cir|Cliff|Club|Common|Corner|Course|Court|Ct|"
    "Cove|Creek|Crescent|Crest|Crossing|Crossroad|Curve|Dale|Dam|Divide|Drive|Dr|Estate|Expressway|Expy|"
    "Extension|Fall|Ferry|Field|Flat|Ford|Forest|Forge|Fork|Fort|Freeway|Fwy|Garden|Gateway|Glen|Green|"
    "Grove|Harbor|Haven|Heights|Highway|Hwy|Hill|Hollow|Inlet|Island|Isle|Junction|Key|Knoll|Lake|Land|"
    "Landing|Lane|Ln|Light|Loaf|Lock|Lodge|Loop|Mall|Manor|Meadow|Mews|Mill|Mission|Motorway|Mount|"
    "Mountain|Neck|Orchard|Oval|Overpass|Park|Parkway|Pkwy|Pass|Passage|Path|Pike|Pine|Place|Pl|Plain|"
    "Plaza|Point|Port|Prairie|Radial|Ramp|Ranch|Rapid|Rest|Ridge|River|Road|Rd|Route|Row|Run|Shoal|"
    "Shore|Skyway|Spring|Spur|Square|Sq|Station|Stravenue|Stream|Street|St|Summit|Terrace|Ter|"
    "Throughway|Trace|Track|Trafficway|Trail|Trl|Tunnel|Turnpike|Underpass|Union|Valley|Viaduct|View|"
    "Village|Vlg|Ville|Vista|Walk|Wall|Way|Well|Via|Rue"
)
_EN_STREET = rf"[0-9]{{1,6}}[A-Za-z]?\s+(?:[A-Z0-9][A-Za-z0-9.'-]*\s+){{0,4}}(?:{_USPS})s?\b\.?"
_EN_UNIT = r"(?:,?\s*(?:Apt|Suite|Ste|Unit|Fl|Floor|Rm|Room|#)\.?\s*#?[A-Za-z0-9-]+)?"
_EN_CITY = r"(?:,?\s+[A-Z][A-Za-z .'-]*,?\s+[A-Z]{2}\s+[0-9]{5}(?:-[0-9]{4})?)?"


def has_street(value: str) -> bool:
    """A street-level name in `value`: an ending of `_STREET_END` right after a Han character or a
    number. The endings are searched first and the character before each checked, which is what
    `(?<=[…])(?:大道|…)` asks, in less than half its time (0.88 -> 0.38 µs a Han text, measured:
    a look-behind first makes the regex engine try it at every position)."""
    pos = 0
    while (m := _STREET_END.search(value, pos)) is not None:
        if m.start() and _STREET_BEFORE.match(value, m.start() - 1):
            return True
        pos = m.start() + 1
    return False


def is_cn_address(text: str) -> bool:
    """True when `text` places a person at a street, village or building, not just in a city."""
    value = text.strip()
    if value[-1:].isdigit():  # a trailing postcode (the regex, tried at every position, only then)
        value = _POSTCODE.sub("", value)
    if len(value) < 4 or value.endswith(_ORGANISATION):
        return False
    street = has_street(value)
    unit = _UNIT.search(value) is not None
    if street and unit:
        return True
    # one of the two: a division name must place it (the table lookup is the costly part)
    return (street or unit) and has_division(value)


class AddressRecognizer(Recognizer):
    """北京市朝阳区建国路88号, 吉林省长春市朝阳区XX街B座 130000, 7631 Johnson Village Suite 690, Adamsbury, OR 13900."""

    ENTITY = "ADDRESS"
    FLAGS = re.DOTALL | re.MULTILINE  # case matters in English street names
    PATTERNS = [
        # A run of Han, digits and letters (spaces and unit punctuation inside): the validator decides.
        Pattern("cn-address", f"[{HAN}][{HAN}0-9０-９A-Za-z#\\-－()（）·\\s]{{2,80}}[{HAN}0-9０-９A-Za-z)）]", 0.4),
        Pattern("en-street", rf"(?<![A-Za-z0-9]){_EN_STREET}{_EN_UNIT}{_EN_CITY}(?![A-Za-z0-9])", 0.5),
        Pattern("en-po-box", r"(?<![A-Za-z0-9])(?:P\.?\s?O\.?\s?Box|PSC\s[0-9]+,?\s+Box|Unit\s[0-9]+\s+Box)\s+[0-9]+"
                + r"(?:,?\s+(?:[A-Z][A-Za-z .'-]*,?\s+)?(?:[A-Z]{2}|APO|FPO|DPO)\s+(?:A[AEP]\s+)?[0-9]{5})?(?![A-Za-z0-9])", 0.5),
        Pattern("en-military", r"(?<![A-Za-z0-9])(?:USNS|USNV|USS|USCGC)\s+[A-Z][A-Za-z]+,?\s+FPO\s+A[AEP]\s+[0-9]{5}(?![A-Za-z0-9])", 0.5),
    ]
    CONTEXT = ["地址", "住址", "收货地址", "address", "addr", "dz"]
    MIN_LEN, MAX_LEN = 4, 200

    def validate_result(self, pattern_text: str) -> bool:
        if _HAN_FIRST.match(pattern_text):  # compiled once: re.match's cache lookup cost 0.6 µs a value
            return is_cn_address(pattern_text)
        return True
