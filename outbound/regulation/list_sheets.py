"""FTZ lists as files agencies exchange: the rules/lists YAML and the three-sheet spreadsheet.

Sheets `meta`, `structure` and `entries` (see below). Split out of `lists.py`, which keeps the
list model and the matcher; this module only converts between a `ListFile` and files.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from outbound.common.errors import RuleFileError
from outbound.regulation.lists import Domain, ListFile, Scenario, Text
from outbound.regulation.rulebase import Meta


def write_list_yaml(lst: ListFile, path: Path) -> Path:
    """Write `lst` as a rules/lists file and check it reads back equal."""
    data = lst.model_dump(mode="python", exclude_defaults=True)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110)
    header = "# Written from a spreadsheet by outbound.regulation.list_sheets; facts cite reference S-ids.\n"
    path.write_text(header + text, encoding="utf-8")
    if ListFile.model_validate(yaml.safe_load(text)) != lst:
        raise RuleFileError(str(path), "written file does not read back equal; report this as a bug")
    return path


# Spreadsheets: `meta` (key | value rows), `structure` (one row per domain and per scenario: the
# NOT FOUND lists are all structure and no items), `entries` (one row per data item; an entry's
# columns repeat on each of its rows; an entry without items has one row with empty item cells).
# Columns are found by header name; list cells are ";"-joined (full-width "；" is accepted).
_STRUCTURE = ("level", "domain_id", "scenario_id", "name_zh", "name_en", "explanation", "note",
              "scenario_hints", "verified", "mark", "source")  # fmt: skip
_ENTRIES = ("domain_id", "domain_name", "scenario_id", "scenario_name", "entry_id", "data_type",
            "subcategory_zh", "subcategory_en", "description", "counter", "at_least", "below",
            "mechanism", "verified", "mark", "source", "item_zh", "item_en", "entities", "keywords")  # fmt: skip
_ENTRY_COLS = _ENTRIES[4:16]
_ITEM_COLS = _ENTRIES[16:]
_LIST_KEYS = frozenset({"articles", "sources", "zones", "scenario_hints", "source", "entities", "keywords"})
_SPLIT = re.compile(r"[;；]")
_Where = dict[tuple[Any, ...], tuple[str, int, str]]  # key path → (sheet, row, role)


class SheetError(RuleFileError):
    """A list spreadsheet does not validate; `problems` holds (sheet, row, column, reason)."""

    def __init__(self, path: str, problems: list[tuple[str, int | None, str, str]]) -> None:
        self.problems = tuple(problems)
        text = "; ".join(
            (f"sheet {s!r}" if s else "whole list")
            + (f", row {r}" if r else "")
            + (f", column {c!r}" if c else "")
            + f": {why}"
            for s, r, c, why in problems[:3]
        )
        super().__init__(path, text)


def _name(t: Text | None) -> str | None:
    return (t.zh or t.en) if t else None


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(value) or None
    return value.isoformat() if isinstance(value, dt.date) else value


def _meta_rows(lst: ListFile) -> list[tuple[str, Any]]:
    m = lst.meta
    rows: list[tuple[str, Any]] = [("id", m.id), *((f"title.{k}", v) for k, v in m.title.items())]
    rows.append(("issuer", m.issuer if isinstance(m.issuer, str) else "; ".join(m.issuer)))
    rows += [(k, getattr(m, k)) for k in Meta.model_fields if k not in ("id", "title", "issuer")]
    rows += [("zones", lst.zones), ("list_kind", lst.list_kind)]
    rows += [(f"applies_to.{k}", v) for k, v in lst.applies_to.model_dump().items()]
    rows += [(f"counts.{k}", v) for k, v in lst.counts.model_dump().items()]
    rows += [(f"marks.{k}", v) for k, v in lst.marks.items()] + [("notes", n) for n in lst.notes]
    return rows


def _structure_rows(lst: ListFile) -> Iterator[dict[str, Any]]:
    def node(level: str, domain: str | None, x: Domain | Scenario) -> dict[str, Any]:
        return {"level": level, "domain_id": domain, "name_zh": x.name.zh, "name_en": x.name.en,
                "note": x.note, "verified": x.verified, "mark": x.mark, "source": x.source}  # fmt: skip

    for d in lst.domains:
        yield {**node("domain", d.id, d), "scenario_hints": d.scenario_hints}
        for s in d.scenarios:
            yield {**node("scenario", d.id, s), "scenario_id": s.id, "explanation": s.explanation}
    for s in lst.scenarios_without_domain:
        yield {**node("scenario", None, s), "scenario_id": s.id, "explanation": s.explanation}


def _entry_rows(lst: ListFile) -> Iterator[dict[str, Any]]:
    for _, d, s, e in lst.walk():
        v = e.volume
        row = {"domain_id": d.id if d else None, "domain_name": _name(d.name if d else None),
               "scenario_id": s.id if s else None, "scenario_name": _name(s.name if s else None),
               "entry_id": e.id, "data_type": e.data_type, "subcategory_zh": e.subcategory.zh,
               "subcategory_en": e.subcategory.en, "description": e.description,
               "counter": v.counter if v else None, "at_least": v.at_least if v else None,
               "below": v.below if v else None, "mechanism": e.mechanism, "verified": e.verified,
               "mark": e.mark, "source": e.source}  # fmt: skip
        if not e.items:
            yield row
        for it in e.items:
            yield {**row, "item_zh": it.name.zh, "item_en": it.name.en, "entities": it.entities,
                   "keywords": it.keywords}  # fmt: skip


def export_list_xlsx(lst: ListFile, path: Path) -> Path:
    """Write `lst` as the spreadsheet agencies exchange; `import_list_xlsx` reads it back equal."""
    from openpyxl import Workbook

    wb = Workbook()
    meta = wb.active
    meta.title = "meta"
    meta.append(["key", "value"])
    for key, value in _meta_rows(lst):
        meta.append([key, _cell(value)])
    for title, columns, rows in (("structure", _STRUCTURE, _structure_rows(lst)),
                                 ("entries", _ENTRIES, _entry_rows(lst))):  # fmt: skip
        ws = wb.create_sheet(title)
        ws.append(list(columns))
        for row in rows:
            ws.append([_cell(row.get(c)) for c in columns])
    for ws in wb.worksheets:
        ws.freeze_panes = "A2"
    wb.save(path)
    return path


# --- reading a spreadsheet back ---


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value.date() if isinstance(value, dt.datetime) else value


def _split(value: Any) -> list[str]:
    return [] if value is None else [p.strip() for p in _SPLIT.split(str(value)) if p.strip()]


def _some(rec: dict[str, Any], mapping: dict[str, str]) -> dict[str, Any]:
    """The non-empty cells of `rec` under model field names; list cells split."""
    return {
        f: _split(rec[c]) if f in _LIST_KEYS else rec[c] for f, c in mapping.items() if rec.get(c) is not None
    }


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.where: _Where = {}
        self.raw: dict[str, Any] = {"meta": {}, "domains": [], "scenarios_without_domain": []}
        self.names: dict[str, str | None] = {}  # domain/scenario id → name shown in 'entries'

    def fail(self, sheet: str, row: int | None, column: str, why: str) -> SheetError:
        return SheetError(str(self.path), [(sheet, row, column, why)])

    def rows(self, wb: Any, sheet: str, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, Any]]]:
        if sheet not in wb.sheetnames:
            raise self.fail(sheet, None, "", "sheet missing; expected sheets meta, structure, entries")
        it = wb[sheet].iter_rows(values_only=True)
        header = [_clean(h) for h in next(it, ())]
        for bad in [h for h in header if h is not None and h not in columns]:
            raise self.fail(sheet, 1, str(bad), f"unknown column; expected {', '.join(columns)}")
        for need in [c for c in columns if c not in header]:
            raise self.fail(sheet, 1, need, "column missing")
        for r, values in enumerate(it, start=2):
            rec = {h: _clean(v) for h, v in zip(header, values, strict=False) if h is not None}
            if any(v is not None for v in rec.values()):
                yield r, rec

    def meta(self, wb: Any) -> None:
        seen: dict[str, int] = {}
        for r, rec in self.rows(wb, "meta", ("key", "value")):
            key, value = str(rec.get("key") or ""), rec.get("value")
            head, _, sub = key.partition(".")
            loc: tuple[Any, ...] = ("meta", head) if head in Meta.model_fields else (head,)
            target = self.raw["meta"] if head in Meta.model_fields else self.raw
            if key == "notes":
                target.setdefault("notes", []).append(value)
                self.where[("notes", len(target["notes"]) - 1)] = ("meta", r, "meta:notes")
                continue
            if not key or key in seen:
                raise self.fail("meta", r, "key", f"key {key!r} is empty or repeats row {seen.get(key)}")
            seen[key] = r
            self.where[(*loc, sub) if sub else loc] = ("meta", r, f"meta:{key}")
            if head in _LIST_KEYS:
                value = _split(value)
            elif head == "issuer" and value is not None:
                parts = _split(value)
                value = parts[0] if len(parts) == 1 else parts
            if sub and value is not None:
                target.setdefault(head, {})[sub] = value
            elif not sub:
                target[head] = value

    def structure(self, wb: Any) -> None:
        rows = list(self.rows(wb, "structure", _STRUCTURE))
        domains: dict[str, dict[str, Any]] = {}
        common = {"note": "note", "verified": "verified", "mark": "mark", "source": "source"}
        for level in ("domain", "scenario"):
            for r, rec in rows:
                if rec.get("level") not in ("domain", "scenario"):
                    raise self.fail("structure", r, "level", "must be 'domain' or 'scenario'")
                if rec["level"] != level:
                    continue
                ident = rec.get(f"{level}_id")
                if ident is None or ident in self.names:
                    raise self.fail("structure", r, f"{level}_id", f"id {ident!r} is empty or repeats")
                node = {"id": ident, **_some(rec, common)}
                node["name"] = _some(rec, {"zh": "name_zh", "en": "name_en"})
                self.names[ident] = rec.get("name_zh") or rec.get("name_en")
                if level == "domain":
                    node.update(_some(rec, {"scenario_hints": "scenario_hints"}), scenarios=[], entries=[])
                    domains[ident] = node
                    self.where[("domains", len(self.raw["domains"]))] = ("structure", r, "domain")
                    self.raw["domains"].append(node)
                    continue
                node.update(_some(rec, {"explanation": "explanation"}), entries=[])
                parent = rec.get("domain_id")
                if parent is not None and parent not in domains:
                    raise self.fail("structure", r, "domain_id", f"no domain row with id {parent!r}")
                holder, loc = (
                    (domains[parent]["scenarios"], ("domains", list(domains).index(parent), "scenarios"))
                    if parent is not None
                    else (self.raw["scenarios_without_domain"], ("scenarios_without_domain",))
                )
                self.where[(*loc, len(holder))] = ("structure", r, "scenario")
                holder.append(node)

    def _holder(self, r: int, rec: dict[str, Any]) -> tuple[list[Any], tuple[Any, ...]]:
        d_id, s_id = rec.get("domain_id"), rec.get("scenario_id")
        for col, ident in (("domain_id", d_id), ("scenario_id", s_id)):
            if ident is not None and ident not in self.names:
                raise self.fail("entries", r, col, f"{ident!r} is not in sheet 'structure'")
            shown = rec.get(col.replace("_id", "_name"))
            if ident is not None and shown is not None and shown != self.names[ident]:
                raise self.fail("entries", r, col.replace("_id", "_name"),
                                f"{shown!r} differs from sheet 'structure' ({self.names[ident]!r})")  # fmt: skip
        for di, d in enumerate(self.raw["domains"]):
            if d_id == d["id"] and s_id is None:
                return d["entries"], ("domains", di, "entries")
            for si, s in enumerate(d["scenarios"]):
                if (d_id, s_id) == (d["id"], s["id"]):
                    return s["entries"], ("domains", di, "scenarios", si, "entries")
        for si, s in enumerate(self.raw["scenarios_without_domain"]):
            if d_id is None and s_id == s["id"]:
                return s["entries"], ("scenarios_without_domain", si, "entries")
        raise self.fail("entries", r, "scenario_id", f"no scenario {s_id!r} under domain {d_id!r}")

    def entries(self, wb: Any) -> None:
        first: dict[str, tuple[dict[str, Any], dict[str, Any], tuple[Any, ...]]] = {}
        for r, rec in self.rows(wb, "entries", _ENTRIES):
            ident = rec.get("entry_id")
            if ident is None:
                raise self.fail("entries", r, "entry_id", "empty")
            if ident not in first:
                holder, loc = self._holder(r, rec)
                node = {"id": ident, "items": [], **_some(rec, {
                    "data_type": "data_type", "description": "description", "mechanism": "mechanism",
                    "verified": "verified", "mark": "mark", "source": "source"})}  # fmt: skip
                node["subcategory"] = _some(rec, {"zh": "subcategory_zh", "en": "subcategory_en"})
                volume = _some(rec, {"counter": "counter", "at_least": "at_least", "below": "below"})
                if volume:
                    node["volume"] = volume
                loc = (*loc, len(holder))
                holder.append(node)
                self.where[loc] = ("entries", r, "entry")
                first[ident] = (rec, node, loc)
            rec0, node, loc = first[ident]
            for col in ("domain_id", "scenario_id", *_ENTRY_COLS):
                if rec.get(col) is not None and rec.get(col) != rec0.get(col):
                    raise self.fail(
                        "entries", r, col, f"differs from the first row of entry {ident} ({rec0.get(col)!r})"
                    )
            if any(rec.get(c) is not None for c in _ITEM_COLS):
                item = _some(rec, {"entities": "entities", "keywords": "keywords"})
                item["name"] = _some(rec, {"zh": "item_zh", "en": "item_en"})
                self.where[(*loc, "items", len(node["items"]))] = ("entries", r, "item")
                node["items"].append(item)

    def problem(self, loc: tuple[Any, ...], why: str) -> tuple[str, int | None, str, str]:
        """(sheet, row, column, reason) of a model error; whole-list checks have no row."""
        for n in range(len(loc), 0, -1):
            if loc[:n] in self.where:
                sheet, row, role = self.where[loc[:n]]
                if role.startswith("meta:"):
                    return sheet, row, "value", f"key {role[5:]}: {why}"
                return sheet, row, _column(role, loc[n:]), why
        return "", None, "", why


def _column(role: str, rest: tuple[Any, ...]) -> str:
    """The spreadsheet column of a model key below a located row."""
    if not rest:
        return ""
    head, sub = rest[0], (str(rest[1]) if len(rest) > 1 else "zh")
    if role == "item":
        return f"item_{sub}" if head == "name" else str(head)
    if head == "id":
        return f"{role}_id"
    if head in ("name", "subcategory"):
        return f"{head}_{sub}"
    if head == "volume":
        return sub if len(rest) > 1 else "below"  # bounds are checked together
    return str(head)


def import_list_xlsx(path: Path) -> ListFile:
    """Read and validate a list spreadsheet; errors name sheet, row and column."""
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    reader = _Reader(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError) as exc:
        raise RuleFileError(
            str(path), f"not a readable .xlsx workbook ({exc.__class__.__name__}: {exc})"
        ) from exc
    try:
        reader.meta(wb)
        reader.structure(wb)
        reader.entries(wb)
    finally:
        wb.close()
    try:
        return ListFile.model_validate(reader.raw)
    except ValidationError as exc:
        problems = [reader.problem(tuple(e["loc"]), e["msg"]) for e in exc.errors()]
        raise SheetError(str(path), problems) from exc


def import_list(path_xlsx: Path, out_dir: Path, *, replace: bool = False) -> Path:
    """Validate a list spreadsheet and write it to `out_dir/<meta.id>.yaml` (for `rules import-list`)."""
    lst = import_list_xlsx(path_xlsx)
    target = out_dir / f"{lst.meta.id}.yaml"
    if target.exists() and not replace:
        raise RuleFileError(str(target), "exists; a new edition needs a new meta.id (or pass --replace)")
    return write_list_yaml(lst, target)
