"""The baseline: presidio-structured's PandasAnalysisBuilder with Chinese pattern recognizers.

What a competent user would set up today without a Chinese NER model (none can be installed
here): a blank spaCy "zh" pipeline (character segmenter, no jieba needed, no download) wrapped in
Presidio's SpacyNlpEngine, the spaCy recognizer Presidio adds for it, Presidio's own IP, MAC and
phone recognizers (phonenumbers, with China and the usual foreign regions), and regex recognizers
for the Chinese entities, with check-digit validation where one exists (resident ID MOD 11-2,
USCC MOD 31, Luhn for bank cards and IMEIs). Names and addresses get the best a regex can do: a
common-surname pattern and an administrative-division-plus-road pattern. Presidio's
EmailRecognizer is not used (it fetches a suffix list over the network); a plain regex replaces it.
Entity names are the project's, so the same metrics score both.

presidio-structured then labels each column with the most common entity found among the sampled
cells (its default `most_common` strategy; one matching cell is enough), without the column name.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine, PatternRecognizer

LANGUAGE = "zh"
HAN = "\u4e00-\u9fa5"
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
            "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")  # fmt: skip
RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# entity -> (regex, score, context words, validator name or None)
PATTERNS: dict[str, tuple[str, float, tuple[str, ...], str | None]] = {
    "CN_RESIDENT_ID": (r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])", 0.6, ("身份证", "证件号"), "ric"),
    "CN_MOBILE": (r"(?<!\d)(?:(?:\+|00)86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?!\d)", 0.5, ("手机", "电话", "mobile"), None),
    "PHONE_NUMBER": (r"(?<!\d)(?:\(0\d{2,3}\)|0\d{2,3}[- ]?)[2-8]\d{6,7}(?!\d)", 0.4, ("电话", "座机", "tel"), None),
    "EMAIL_ADDRESS": (r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", 0.6, ("邮箱", "email"), None),
    "BANK_CARD": (r"(?<!\d)(?:62|4\d|5[1-5]|35)\d{2}(?:[ -]?\d{4}){2,3}(?:[ -]?\d{1,3})?(?!\d)", 0.4, ("银行卡", "卡号"), "luhn"),
    "PASSPORT_NUMBER": (r"(?<![A-Za-z0-9])(?:[EG]\d{8}|E[A-HJ-NP-Z]\d{7})(?![A-Za-z0-9])", 0.4, ("护照", "passport"), None),
    "HK_MACAO_PERMIT": (r"(?<![A-Za-z0-9])[CHM]\d{8}(?:\d{2})?(?![A-Za-z0-9])", 0.4, ("港澳", "通行证"), None),
    "TAIWAN_PERMIT": (r"(?<![A-Za-z0-9])[LT]\d{8}(?![A-Za-z0-9])", 0.4, ("台湾", "台胞"), None),
    "LICENSE_PLATE": (r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][·\- ]?(?:[DF][A-HJ-NP-Z0-9]\d{4}|\d{5}[DF]|[A-HJ-NP-Z0-9]{5})(?![A-Za-z0-9])", 0.5, ("车牌",), None),
    "DEVICE_ID": (r"(?<!\d)\d{15}(?!\d)", 0.3, ("imei", "设备"), "luhn"),
    "GEO_COORDINATE": (r"(?<![\d.])-?\d{1,3}\.\d{5,6}(?:\s*,\s*-?\d{1,3}\.\d{5,6})?(?![\d.])", 0.3, ("经度", "纬度", "lat", "lng"), None),
    "DATE_OF_BIRTH": (r"(?<!\d)(?:19|20)\d{2}(?:[-/.年](?:0?[1-9]|1[0-2])[-/.月](?:0?[1-9]|[12]\d|3[01])日?|(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))(?!\d)", 0.3, ("出生", "生日", "birth"), None),
    "HEALTH_INFO": (rf"[{HAN}0-9]{{0,10}}(?:炎|病|症|癌|瘤|综合征|骨折|感染|高血压|哮喘|梗死|疱疹|贫血|结节)", 0.4, ("诊断", "病"), None),
    "CN_USCC": (r"(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])", 0.4, ("信用代码",), "uscc"),
    "PERSON_NAME": (rf"(?<![{HAN}])[{SURNAMES}][{HAN}]{{1,2}}(?![{HAN}])", 0.3, ("姓名", "name"), None),
    "ADDRESS": (rf"[{HAN}]{{2,}}(?:省|市|区|县)[{HAN}0-9]*(?:路|街|道|巷|弄|村|号)[{HAN}0-9\-]*", 0.4, ("地址", "住址"), None),
}  # fmt: skip


def _ric(text: str) -> bool:
    return "10X98765432"[sum(int(c) * w for c, w in zip(text[:17], RIC_WEIGHTS, strict=True)) % 11] == text[-1].upper()


def _luhn(text: str) -> bool:
    digits = [int(c) for c in text if c.isdigit()][::-1]
    return sum(d if i % 2 == 0 else (d * 2 - 9 if d > 4 else d * 2) for i, d in enumerate(digits)) % 10 == 0


def _uscc(text: str) -> bool:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(text[:17], USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31] == text[-1]


VALIDATORS = {"ric": _ric, "luhn": _luhn, "uscc": _uscc}


def _recognizer(entity: str) -> PatternRecognizer:
    from presidio_analyzer import Pattern, PatternRecognizer

    regex, score, context, validator = PATTERNS[entity]
    check = VALIDATORS.get(validator or "")

    class Recognizer(PatternRecognizer):
        def validate_result(self, pattern_text: str) -> bool | None:
            return check(pattern_text) if check else None

    return Recognizer(supported_entity=entity, name=f"Cn{entity.title().replace('_', '')}Recognizer",
                      patterns=[Pattern(entity.lower(), regex, score)], context=list(context),
                      supported_language=LANGUAGE)  # fmt: skip


# The lean baseline (issue 21): what a competent user builds today, ten hand-written Chinese pattern
# recognizers on a blank spaCy zh, without Presidio's predefined recognizers (its phone recognizer
# alone, with phonenumbers, made the baseline several times slower).
LEAN = ("CN_RESIDENT_ID", "CN_MOBILE", "PHONE_NUMBER", "EMAIL_ADDRESS", "BANK_CARD", "PASSPORT_NUMBER",
        "LICENSE_PLATE", "CN_USCC", "PERSON_NAME", "ADDRESS")


@functools.cache
def analyzer(lean: bool = False) -> AnalyzerEngine:
    import spacy
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import SpacyNlpEngine
    from presidio_analyzer.predefined_recognizers import IpRecognizer, MacAddressRecognizer, PhoneRecognizer

    engine = SpacyNlpEngine(models=[{"lang_code": LANGUAGE, "model_name": "blank:zh"}])
    engine.nlp = {LANGUAGE: spacy.blank("zh")}  # type: ignore[assignment]  # a blank pipeline: nothing to download
    registry = RecognizerRegistry(supported_languages=[LANGUAGE])
    registry.add_nlp_recognizer(nlp_engine=engine)
    for entity in LEAN if lean else PATTERNS:
        registry.add_recognizer(_recognizer(entity))
    if lean:
        return AnalyzerEngine(nlp_engine=engine, registry=registry, supported_languages=[LANGUAGE])
    registry.add_recognizer(IpRecognizer(supported_language=LANGUAGE))
    registry.add_recognizer(MacAddressRecognizer(supported_language=LANGUAGE, supported_entity="DEVICE_ID"))
    registry.add_recognizer(PhoneRecognizer(supported_language=LANGUAGE,
                                            supported_regions=("CN", "US", "GB", "SG", "PH", "IN", "DE", "JP", "KR", "AU")))  # fmt: skip
    return AnalyzerEngine(nlp_engine=engine, registry=registry, supported_languages=[LANGUAGE])


def classify_frame(frame: pd.DataFrame, sample_rows: int = 1000, lean: bool = False) -> dict[str, str | None]:
    """Column -> entity (None when presidio-structured maps the column to nothing)."""
    from presidio_structured import PandasAnalysisBuilder

    builder = PandasAnalysisBuilder(analyzer=analyzer(lean))
    analysis = builder.generate_analysis(frame.fillna(""), n=sample_rows, language=LANGUAGE)
    mapping = analysis.entity_mapping
    return {str(c): mapping.get(c) for c in frame.columns}
