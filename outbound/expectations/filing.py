"""The filing (备案材料) as a typed object: what a processor told its zone it sends abroad.

Fujian measures Art. 11(2) name the filing's contents: business scenarios, the data catalogue,
the scale, the overseas recipients, and the list subcategory (or the reason the list applies).
The schema is documented in docs/filing.md. Errors name the field as a path that also serves as
the `filing_ref` of every check compiled from it: `datasets[0].fields[3].entities[0]`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from outbound.common.errors import Terminal

Id = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
EntityName = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_]*$")]
FieldCategory = Literal["personal", "sensitive", "important", "none"]
CATEGORY_RANK = {"none": 0, "personal": 1, "sensitive": 2, "important": 3}
NationalMechanism = Literal["security_assessment", "standard_contract_or_certification", "certification"]


class FilingError(Terminal):
    """A filing file that cannot be read or does not match the schema; names the file and fields."""

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path, self.problems = path, problems
        shown = "; ".join(problems[:5]) + (f"; … {len(problems) - 5} more" if len(problems) > 5 else "")
        super().__init__(f"filing {path}: {shown}; fix the field(s) and run `outbound filing validate`")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ProcessorIdentity(_Strict):
    id: Id  # the processor id used by `outbound scan` and the warehouse
    name: str
    uscc: str  # unified social credit code, 18 characters, check digit verified
    zone: str | None = None  # e.g. fujian-ftz, shanghai-ftz; None outside any FTZ
    ciio: bool = False
    industry: str

    @field_validator("uscc")
    @classmethod
    def _uscc(cls, value: str) -> str:
        from stdnum.cn import uscc

        if not uscc.is_valid(value):
            raise ValueError(f"{value!r} is not a valid unified social credit code (GB 32100 check digit)")
        return uscc.compact(value)


class ListRef(_Strict):
    """The FTZ list a scenario relies on, and the list subcategories (数据子类) it covers."""

    list_id: str  # meta.id of a file in rules/lists/
    scenario: str | None = None  # scenario id within that list
    subcategories: list[str] = []  # entry ids within that list


class Scenario(_Strict):
    id: Id
    name: str
    purpose: str
    uses_list: ListRef | None = None
    exemption_ground: str | None = None  # id of a ground in rules/exemptions/ (contract_necessity, …)
    mechanism: NationalMechanism | None = None  # when neither a list nor a ground applies

    @model_validator(mode="after")
    def _one_basis(self) -> Scenario:
        given = [k for k in ("uses_list", "exemption_ground", "mechanism") if getattr(self, k) is not None]
        if len(given) > 1:
            raise ValueError(f"give one of uses_list, exemption_ground, mechanism; got {', '.join(given)}")
        return self


class DataField(_Strict):
    name: str  # column name as exported; nested JSON as a dotted path (guest.passport_no)
    data_item: str  # 数据项 as filed, e.g. 身份证号码
    entities: list[EntityName] = []  # what the classifier may find in it (rules/entities keys)
    category: FieldCategory = "none"
    masked: bool = False
    masking: str | None = None  # how, e.g. "first 3 and last 4 kept"

    @model_validator(mode="after")
    def _masking(self) -> DataField:
        if self.masked and not self.masking:
            raise ValueError("masked: true needs `masking` (how the value is masked)")
        if not self.masked and self.masking:
            raise ValueError("`masking` is given but masked is false")
        if self.category == "none" and self.entities:
            raise ValueError(f"category none but entities {self.entities}: give the category")
        return self


class Dataset(_Strict):
    name: Id
    scenario: str  # a scenario id of this filing
    files: list[str] = []  # glob patterns of the exported file names (guest_registrations_*.csv)
    format: str | None = None
    recipients: list[str] = []  # names of filed recipients; empty = any filed recipient
    fields: Annotated[list[DataField], Field(min_length=1)]

    @model_validator(mode="after")
    def _unique(self) -> Dataset:
        names = [f.name for f in self.fields]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"field names {dupes} appear twice")
        return self


class Scale(_Strict):
    """Declared yearly scale (出境数据规模), per calendar year."""

    persons: Annotated[int, Field(ge=0)]
    sensitive_persons: Annotated[int, Field(ge=0)]
    records: Annotated[int, Field(ge=0)] | None = None

    @model_validator(mode="after")
    def _subset(self) -> Scale:
        if self.sensitive_persons > self.persons:
            raise ValueError("sensitive_persons cannot exceed persons (they are counted among them)")
        return self


class Recipient(_Strict):
    name: str
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]  # ISO 3166-1 alpha-2 country or region
    contact: str | None = None
    transfer_method: str  # e.g. "SFTP push", "API"


class Filing(_Strict):
    schema_version: Literal[1] = 1
    filing_id: str
    version: Annotated[int, Field(ge=1)] = 1
    processor: ProcessorIdentity
    scenarios: Annotated[list[Scenario], Field(min_length=1)]
    datasets: Annotated[list[Dataset], Field(min_length=1)]
    scale: Scale
    recipients: Annotated[list[Recipient], Field(min_length=1)]
    filed_on: dt.date
    approved_on: dt.date | None = None  # 审核意见出具之日: validity counts from it
    expires_on: dt.date | None = None  # as stated by the agency, if it states one
    assessment_issued_on: dt.date | None = None  # 评估结果出具之日 of a passed security assessment

    @model_validator(mode="after")
    def _references(self) -> Filing:
        problems = []
        for kind, names in (("scenario id", [s.id for s in self.scenarios]),
                            ("dataset name", [d.name for d in self.datasets]),
                            ("recipient name", [r.name for r in self.recipients])):
            dupes = sorted({n for n in names if names.count(n) > 1})
            if dupes:
                problems.append(f"{kind} {dupes} appears twice")
        scenarios, recipients = {s.id for s in self.scenarios}, {r.name for r in self.recipients}
        for i, d in enumerate(self.datasets):
            if d.scenario not in scenarios:
                problems.append(f"datasets[{i}].scenario: {d.scenario!r} is not a scenario id of this filing")
            for j, r in enumerate(d.recipients):
                if r not in recipients:
                    problems.append(f"datasets[{i}].recipients[{j}]: {r!r} is not a filed recipient")
        if self.approved_on and self.approved_on < self.filed_on:
            problems.append("approved_on: before filed_on")
        if problems:
            raise ValueError(" | ".join(problems))
        return self

    # --- lookups used by the checks ---------------------------------------------------------

    def field_ref(self, dataset: int, field: int) -> str:
        return f"datasets[{dataset}].fields[{field}]"

    def scenario_index(self, scenario_id: str) -> int:
        return next(i for i, s in enumerate(self.scenarios) if s.id == scenario_id)

    def recipient(self, name: str) -> Recipient | None:
        return next((r for r in self.recipients if r.name == name), None)


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def explain(err: ValidationError) -> list[str]:
    """Each pydantic error as `path: message`, the path in the same form as a filing_ref."""
    out = []
    for e in err.errors():
        msg = e["msg"].removeprefix("Value error, ")
        out += [f"{_loc(tuple(e['loc']))}: {m}" for m in msg.split(" | ")] if e["loc"] else msg.split(" | ")
    return out


def parse_filing(data: Any, source: str) -> Filing:
    if not isinstance(data, dict):
        raise FilingError(source, ["top level must be a mapping (see docs/filing.md)"])
    try:
        return Filing.model_validate(data)
    except ValidationError as exc:
        raise FilingError(source, explain(exc)) from exc


def load_filing(path: Path) -> Filing:
    """Read a filing from YAML or JSON (JSON is YAML); every schema problem is named by its field."""
    try:
        data = yaml.safe_load(Path(path).read_bytes().decode("utf-8"))
    except OSError as exc:
        raise FilingError(str(path), [f"cannot read the file ({exc.strerror or exc})"]) from exc
    except UnicodeDecodeError as exc:
        raise FilingError(str(path), [f"not UTF-8 text (byte {exc.start}); save the filing as UTF-8"]) from None
    except RecursionError:  # a document nested thousands deep: no filing is
        raise FilingError(str(path), ["nested too deeply to be a filing"]) from None
    except yaml.YAMLError as exc:
        raise FilingError(str(path), [f"not valid YAML/JSON ({exc})"]) from exc
    return parse_filing(data, str(path))


def filing_dict(filing: Filing) -> dict[str, Any]:
    """The filing as plain data in schema order, defaults left out where they say nothing."""
    return filing.model_dump(mode="json", exclude_none=True)


def dump_filing(filing: Filing, path: Path) -> Path:
    text = yaml.safe_dump(filing_dict(filing), allow_unicode=True, sort_keys=False, width=120)
    Path(path).write_text(text, encoding="utf-8")
    return Path(path)
