"""The synthetic zone: reproducible, plausible, and its truth agrees with a recount of its files."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from stdnum import luhn
from stdnum.cn import ric, uscc

from outbound.demo import ZoneManifest, generate_zone

YEAR = 2026


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _day(rel: str) -> dt.date:
    return dt.date.fromisoformat(rel.split("/")[2])


def _born(resident_id: str) -> dt.date:
    return dt.datetime.strptime(resident_id[6:14], "%Y%m%d").date()


def _under_14(birth: dt.date, day: dt.date) -> bool:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day)) < 14


@pytest.fixture(scope="module")
def zone(tmp_path_factory: pytest.TempPathFactory) -> ZoneManifest:
    return generate_zone(tmp_path_factory.mktemp("seed7") / "zone", seed=7, year=YEAR)


@pytest.fixture(scope="module")
def frames(zone: ZoneManifest) -> dict[str, pd.DataFrame]:
    """Every readable export file, read back with ordinary libraries, keyed by relative path."""
    out = {}
    for rel in (f for t in zone.processors for f in t.files if f not in t.broken_files):
        path = zone.root / rel
        if rel.endswith(".csv"):
            enc = "gb18030" if rel.startswith("sh-hotel/") else "utf-8"
            out[rel] = pd.read_csv(path, encoding=enc, dtype=str, keep_default_na=False)
        elif rel.endswith(".jsonl"):
            out[rel] = pd.json_normalize([json.loads(line) for line in path.read_text("utf-8").splitlines()])
        else:
            out[rel] = pq.read_table(path).to_pandas()
    return out


def _recount(frames: dict[str, pd.DataFrame]) -> dict[str, tuple[dict[str, set[str]], set[str]]]:
    """Per processor: persons by export day, and sensitive persons, recounted from the files."""
    by_day: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    sensitive: dict[str, set[str]] = defaultdict(set)
    for rel, df in frames.items():
        proc, day = rel.split("/")[0], _day(rel)
        if rel.endswith(".jsonl"):
            keys, flags = df["guest.passport_no"], [False] * len(df)
        elif proc == "sh-hotel":
            keys, flags = df["身份证号"], [_under_14(_born(i), day) for i in df["身份证号"]]
        elif proc == "sh-retail":
            keys = df["member_id"]
            flags = [bool(c) or (bool(b) and _under_14(dt.date.fromisoformat(b), day))
                     for c, b in zip(df["card_no"], df["birthday"], strict=True)]  # fmt: skip
        else:
            keys, flags = df["id_no"], list(df["health_note"].notna())
        by_day[proc][day.isoformat()] |= set(keys)
        sensitive[proc] |= {k for k, flag in zip(keys, flags, strict=True) if flag}
    return {p: (dict(by_day[p]), sensitive[p]) for p in by_day}


def test_when_the_same_seed_is_used_twice_then_every_file_is_byte_identical(zone, tmp_path):
    again = generate_zone(tmp_path / "again", seed=7, year=YEAR)
    assert _files(again.root) == _files(zone.root)
    assert again.to_json() == zone.to_json()
    assert again.raw_identifiers() == zone.raw_identifiers()


def test_when_the_seed_differs_then_every_export_differs(zone, tmp_path):
    other = generate_zone(tmp_path / "other", seed=8, year=YEAR)
    mine, theirs = _files(zone.root), _files(other.root)
    exports = [rel for t in zone.processors for rel in t.files]
    assert all(mine[rel] != theirs[rel] for rel in exports)
    assert zone.raw_identifiers() != other.raw_identifiers()


def test_when_the_zone_is_listed_then_it_has_the_documented_layout(zone):
    assert [t.processor_id for t in zone.processors] == ["sh-hotel", "sh-retail", "sh-shipping"]
    assert zone.days == ("2026-03-01", "2026-03-02", "2026-03-03")
    for truth in zone.processors:
        profile = yaml.safe_load((zone.root / truth.processor_id / "processor.yaml").read_text("utf-8"))
        assert profile["processor"]["id"] == truth.processor_id
        recipient = profile["recipients"][0]["name"]
        for day in zone.days:
            folder = zone.root / truth.processor_id / "exports" / day
            listed = yaml.safe_load((folder / "_manifest.yaml").read_text("utf-8"))["files"]
            on_disk = {p.name for p in folder.iterdir() if p.name != "_manifest.yaml"}
            assert set(listed) == on_disk
            assert {e["recipient"] for e in listed.values()} == {recipient}
        assert set(truth.files) == {p.relative_to(zone.root).as_posix()
                                    for p in (zone.root / truth.processor_id / "exports").rglob("*")
                                    if p.is_file() and p.name != "_manifest.yaml"}  # fmt: skip


def test_when_a_profile_is_read_then_its_uscc_passes_stdnum(zone):
    for truth in zone.processors:
        profile = yaml.safe_load((zone.root / truth.processor_id / "processor.yaml").read_text("utf-8"))
        assert uscc.is_valid(profile["processor"]["uscc"]), truth.processor_id
        assert "filing" not in profile  # what was declared lives in filing.yaml only
        filing = yaml.safe_load((zone.root / truth.processor_id / "filing.yaml").read_text("utf-8"))
        assert filing["scale"]["persons"] > 0


def test_when_resident_ids_are_read_back_then_each_passes_mod_11_2(zone, frames):
    ids = [i for rel, df in frames.items() for col in ("身份证号", "id_no") if col in df for i in df[col]]
    assert len(ids) > 500
    # python-stdnum's calc_check_digit takes the 18-char form and ignores its last character.
    assert all(ric.calc_check_digit(i) == i[-1] and ric.is_valid(i) for i in ids)
    assert set(ids) == set(zone.processor("sh-hotel").identifiers["resident_id"]
                           | zone.processor("sh-shipping").identifiers["resident_id"])  # fmt: skip


def test_when_order_numbers_are_read_back_then_none_passes_mod_11_2(frames):
    orders = [o for df in frames.values() if "订单号" in df for o in df["订单号"]]
    assert len(orders) > 500 and all(len(o) == 18 and o.isdigit() for o in orders)
    assert not any(ric.calc_check_digit(o) == o[-1] for o in orders)


def test_when_cards_are_read_back_then_each_is_luhn_valid_and_some_rows_have_none(frames):
    cards = [c for df in frames.values() if "card_no" in df for c in df["card_no"]]
    filled = [c for c in cards if c]
    assert 0 < len(filled) < len(cards)
    assert all(c.startswith("62") and 16 <= len(c) <= 19 and luhn.is_valid(c) for c in filled)


def test_when_skus_and_ship_numbers_are_read_back_then_they_are_not_mobiles(frames, zone):
    skus = [s for df in frames.values() if "sku" in df for s in df["sku"]]
    assert all(len(s) == 11 and s[0] == "2" for s in skus)
    mmsi = [m for df in frames.values() if "mmsi" in df for m in df["mmsi"]]
    assert all(len(str(m)) == 9 for m in mmsi)
    assert all(m.startswith("1") and len(m) == 11 for m in zone.processor("sh-retail").identifiers["mobile"])


def test_when_the_hotel_csv_is_decoded_then_it_is_gb18030_and_not_utf8(zone):
    rel = next(f for f in zone.processor("sh-hotel").files if f.endswith(".csv"))
    data = (zone.root / rel).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert data.decode("gb18030").startswith("姓名,身份证号,手机号,入住日期,房号,订单号,备注\r\n")


def test_when_the_zone_is_made_then_one_corrupt_file_exists_and_does_not_parse(zone):
    retail = zone.processor("sh-retail")
    assert [Path(b).name for b in retail.broken_files] == ["corrupt.parquet"]
    assert retail.broken_files[0] in retail.files
    assert sum(len(t.broken_files) for t in zone.processors) == 1
    with pytest.raises(pa.ArrowException):
        pq.read_table(zone.root / retail.broken_files[0])


def test_when_the_truth_is_recounted_from_the_files_then_it_agrees(zone, frames):
    recount = _recount(frames)
    for truth in zone.processors:
        by_day, sensitive = recount[truth.processor_id]
        persons = set().union(*by_day.values())
        assert truth.persons_per_year == {YEAR: len(persons)}, truth.processor_id
        assert truth.sensitive_persons_per_year == {YEAR: len(sensitive)}, truth.processor_id
        assert truth.rows_per_file == {rel: len(frames[rel]) for rel in truth.rows_per_file}


def test_when_counts_are_compared_then_persons_recur_and_some_are_sensitive(zone):
    for truth in zone.processors:
        persons, sensitive = truth.persons_per_year[YEAR], truth.sensitive_persons_per_year[YEAR]
        assert persons >= sensitive
        assert sum(truth.rows_per_file.values()) > persons, truth.processor_id
        assert all(150 <= n <= 600 for n in truth.rows_per_file.values())
    for processor_id in ("sh-retail", "sh-shipping"):
        assert zone.processor(processor_id).sensitive_persons_per_year[YEAR] > 0


def test_when_consecutive_days_are_compared_then_30_to_50_percent_of_persons_recur(zone, frames):
    for processor_id, (by_day, _) in _recount(frames).items():
        first, second = by_day[zone.days[0]], by_day[zone.days[1]]
        assert 0.25 <= len(first & second) / len(second) <= 0.55, processor_id


def test_when_retail_birthdays_are_read_then_about_3_percent_of_members_are_children(frames):
    members: dict[str, str] = {}
    for rel, df in frames.items():
        if rel.startswith("sh-retail/"):
            members.update(zip(df["member_id"], df["birthday"], strict=True))
    day1 = dt.date(YEAR, 3, 1)
    children = [m for m, b in members.items() if b and _under_14(dt.date.fromisoformat(b), day1)]
    assert 0.01 <= len(children) / len(members) <= 0.06
    assert f"{YEAR - 14}-03-02" in members.values()  # turns 14 on the second export day


def test_when_identifiers_are_listed_then_emails_are_ascii_and_all_kinds_are_present(zone):
    for kind in ("resident_id", "mobile", "email", "card", "passport"):
        assert any(t.identifiers[kind] for t in zone.processors), kind
    assert all(e.isascii() and "@" in e for t in zone.processors for e in t.identifiers["email"])


def test_when_files_other_than_exports_are_read_then_no_raw_identifier_is_in_them(zone):
    raw = zone.raw_identifiers()
    assert len(raw) > 1000
    exports = {rel for t in zone.processors for rel in t.files}
    others = {rel: blob for rel, blob in _files(zone.root).items() if rel not in exports}
    # _expected.json, processor.yaml and filing.yaml per processor, one manifest per processor-day
    assert "_expected.json" in others and len(others) == 1 + 2 * 3 + 3 * len(zone.days)
    for rel, blob in others.items():
        assert [v for v in raw if v.encode() in blob] == [], rel
    assert json.loads(others["_expected.json"]) == json.loads(zone.to_json())
    assert not any(v in zone.to_json() for v in raw)


def test_when_the_folder_holds_other_files_then_generation_refuses(tmp_path):
    (tmp_path / "precious.txt").write_text("keep me")
    with pytest.raises(FileExistsError, match="precious.txt"):
        generate_zone(tmp_path, days=1)
    assert (tmp_path / "precious.txt").read_text() == "keep me"


def test_when_a_previous_zone_is_regenerated_then_it_is_replaced(tmp_path):
    generate_zone(tmp_path / "z", seed=5, days=2)
    manifest = generate_zone(tmp_path / "z", seed=5, days=1)
    assert sorted(p.name for p in (tmp_path / "z" / "sh-hotel" / "exports").iterdir()) == ["2026-03-01"]
    assert manifest.processor("sh-retail").broken_files == ("sh-retail/exports/2026-03-01/corrupt.parquet",)


@pytest.mark.parametrize("days", [0, 32], ids=["no-days", "past-march"])
def test_when_days_is_out_of_range_then_generation_refuses(tmp_path, days):
    with pytest.raises(ValueError, match="export days"):
        generate_zone(tmp_path / "z", days=days)
