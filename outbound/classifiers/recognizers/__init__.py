"""One recognizer per file; `RECOGNIZERS` is the explicit list the column vote and the Presidio engine load."""

from __future__ import annotations

from typing import Protocol

from outbound.classifiers.recognizers.address import AddressRecognizer
from outbound.classifiers.recognizers.bank_card import BankCardRecognizer
from outbound.classifiers.recognizers.base import Recognizer
from outbound.classifiers.recognizers.cn_mobile import CnMobileRecognizer
from outbound.classifiers.recognizers.cn_resident_id import CnResidentIdRecognizer
from outbound.classifiers.recognizers.cn_uscc import CnUsccRecognizer
from outbound.classifiers.recognizers.date_of_birth import DateOfBirthRecognizer
from outbound.classifiers.recognizers.device_id import DeviceIdRecognizer
from outbound.classifiers.recognizers.email import EmailRecognizer
from outbound.classifiers.recognizers.geo_coordinate import GeoCoordinateRecognizer
from outbound.classifiers.recognizers.health_info import HealthInfoRecognizer
from outbound.classifiers.recognizers.hk_macao_permit import HkMacaoPermitRecognizer
from outbound.classifiers.recognizers.ip_address import IpAddressRecognizer
from outbound.classifiers.recognizers.license_plate import LicensePlateRecognizer
from outbound.classifiers.recognizers.passport import PassportRecognizer
from outbound.classifiers.recognizers.person_name import PersonNameRecognizer
from outbound.classifiers.recognizers.phone_number import PhoneNumberRecognizer
from outbound.classifiers.recognizers.taiwan_permit import TaiwanPermitRecognizer


class RecognizerClass(Protocol):
    """What the engine needs from a recognizer class: its entity, and a constructor by language."""

    ENTITY: str
    NEEDS_HEADER: bool  # no value decides alone (see base.HEADER_ONLY_BELOW)

    def __call__(self, supported_language: str = ...) -> Recognizer: ...


RECOGNIZERS: tuple[RecognizerClass, ...] = (
    CnResidentIdRecognizer,
    CnMobileRecognizer,
    EmailRecognizer,
    BankCardRecognizer,
    PhoneNumberRecognizer,
    PassportRecognizer,
    HkMacaoPermitRecognizer,
    TaiwanPermitRecognizer,
    IpAddressRecognizer,
    DeviceIdRecognizer,
    LicensePlateRecognizer,
    GeoCoordinateRecognizer,
    DateOfBirthRecognizer,
    CnUsccRecognizer,
    PersonNameRecognizer,
    AddressRecognizer,
    HealthInfoRecognizer,
)

__all__ = [
    "RECOGNIZERS",
    "RecognizerClass",
    "BankCardRecognizer",
    "CnMobileRecognizer",
    "CnResidentIdRecognizer",
    "CnUsccRecognizer",
    "DateOfBirthRecognizer",
    "DeviceIdRecognizer",
    "EmailRecognizer",
    "GeoCoordinateRecognizer",
    "HkMacaoPermitRecognizer",
    "IpAddressRecognizer",
    "LicensePlateRecognizer",
    "PassportRecognizer",
    "PhoneNumberRecognizer",
    "TaiwanPermitRecognizer",
    "PersonNameRecognizer",
    "AddressRecognizer",
    "HealthInfoRecognizer",
]
