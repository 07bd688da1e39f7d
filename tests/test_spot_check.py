"""The consistency spot check end to end: one filing + exports per check violating exactly that
check (and one violating none), verdicts, exit codes, reproducibility, the demo zone, and that no
raw value reaches the JSON, the HTML or the Data Docs."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from outbound.demo import PROCESSORS, generate_zone
from outbound.expectations import builders, drift, gx_run
from outbound.expectations.filing import parse_filing
from outbound.expectations.observed import Observation, ObservedColumn, ObservedFile, Volumes, frames
from outbound.expectations.policy import load_policy
from outbound.pipeline.spot_check import Request, SpotCheckError, run
from outbound.regulation import rules
from tests.expectations.cases import PROCESSOR, ROWS, People, base_filing, case, people

ON = dt.date(2026, 4, 1)
TEST_LIST = Path(__file__).parent / "expectations" / "fixtures" / "xx-spot-check-test-list-2030.yaml"


@pytest.fixture(scope="module")
def persons() -> People:
    return people()


def _check(tmp_path: Path, kind: str, persons: People, **kw: Any) -> dict[str, Any]:
    filing, exports = case(kind, persons).write(tmp_path / kind)
    return run(Request(PROCESSOR, filing, samples=(exports,), rows=1000, seed=0, on=ON, year=2026, **kw))


CASES = [
    ("undeclared_dataset", "minor", "inconsistent"),
    ("undeclared_field", "minor", "inconsistent"),
    ("undeclared_entity", "minor", "inconsistent"),
    ("undeclared_category", "major", "major-change"),
    ("masked_in_clear", "major", "major-change"),
    ("recipient_not_filed", "major", "major-change"),
    ("recipient_country", "major", "major-change"),
    ("scale_persons", "major", "major-change"),
    ("scale_sensitive_persons", "major", "major-change"),
    ("scale_records", "minor", "inconsistent"),
    ("scenario_not_filed", "major", "major-change"),
]


def test_when_the_exports_match_the_filing_then_the_verdict_is_consistent(tmp_path, persons):
    doc = _check(tmp_path, "none", persons)
    assert doc["verdict"] == "consistent" and doc["findings"] == []
    assert doc["volumes"]["persons"] == ROWS and doc["volumes"]["sensitive_persons"] == 0
    assert doc["expectations"]["failed"] == 0 and doc["expectations"]["evaluated"] > 10


@pytest.mark.parametrize(("kind", "severity", "verdict"), CASES, ids=[c[0] for c in CASES])
def test_when_exports_violate_one_check_then_only_that_check_fails(tmp_path, persons, kind, severity, verdict):
    doc = _check(tmp_path, kind, persons)
    assert {f["kind"] for f in doc["findings"]} == {kind}, [(f["kind"], f["evidence"]) for f in doc["findings"]]
    assert {f["severity"] for f in doc["findings"]} == {severity}
    assert doc["verdict"] == verdict
    for f in doc["findings"]:
        assert f["filing_ref"] and "Art. 16" in f["rule"] and f["evidence"], f


def test_when_a_masked_field_holds_full_card_numbers_then_the_evidence_is_masked_and_bounded(tmp_path, persons):
    doc = _check(tmp_path, "masked_in_clear", persons)
    (finding,) = doc["findings"]
    (ev,) = finding["evidence"]
    assert finding["filing_ref"] == "datasets[0].fields[3].masked"
    assert ev["clear_values_in_sample"] == ROWS and ev["rows_with_finding"]["method"] == "whole file, exact"
    assert all("*" in e and e not in persons.cards for e in ev["masked_examples"])


def test_when_volume_is_above_declared_but_below_the_policy_ratio_then_the_drift_is_minor(tmp_path, persons):
    doc = _check(tmp_path, "scale_persons_minor", persons)
    (finding,) = doc["findings"]
    assert finding["severity"] == "minor" and doc["verdict"] == "inconsistent"
    assert finding["evidence"][0] | {"basis": None} == {
        "counter": "persons", "year": 2026, "measured": ROWS, "declared": 45, "excess": ROWS - 45,
        "ratio": round(ROWS / 45, 3), "basis": None}


def test_when_a_sample_is_drawn_then_bounds_and_the_plan_are_recorded_and_reproducible(tmp_path, persons):
    c = case("undeclared_entity", persons)
    c.columns["备注"] = [m if i % 3 else "" for i, m in enumerate(persons.mobiles)]  # 40 of 60 rows
    filing, exports = c.write(tmp_path / "x")
    req = Request(PROCESSOR, filing, samples=(exports,), rows=25, seed=3, on=ON, year=2026)
    first, again = run(req), run(req)
    assert first == again
    (ev,) = first["findings"][0]["evidence"]
    share = ev["rows_with_finding"]
    assert share["of_sampled"] == 25 and share["method"] == "Clopper-Pearson, one-sided"
    assert 0 < share["share"] < share["upper_bound"] < 1
    assert share["rows"] == ev["rows_matched"] and share["estimated_rows_in_file"]["upper_bound"] <= ROWS
    plan = first["sampling_plan"]
    assert plan["seed"] == 3 and plan["rows_per_file"] == 25
    assert plan["files"][0]["rows_sampled"] == 25 and plan["files"][0]["rows_total"] == ROWS
    assert 0 < plan["files"][0]["none_found_upper_bound"] < 0.12 and len(plan["files"][0]["sha256"]) == 64


def test_when_one_export_is_corrupt_then_it_is_reported_and_the_others_are_checked(tmp_path, persons):
    filing, exports = case("none", persons).write(tmp_path / "c")
    (exports / "2026-03-02" / "customers_broken.parquet").write_bytes(b"PAR1 not parquet at all")
    doc = run(Request(PROCESSOR, filing, samples=(exports,), rows=1000, seed=0, on=ON, year=2026))
    assert [f["file"].split("/")[-1] for f in doc["files_failed"]] == ["customers_broken.parquet"]
    assert doc["verdict"] == "consistent"


def test_when_the_filing_names_another_processor_then_the_check_refuses(tmp_path, persons):
    filing, exports = case("none", persons).write(tmp_path / "p")
    with pytest.raises(SpotCheckError, match="is for processor 't-retail'"):
        run(Request("someone-else", filing, samples=(exports,), on=ON))


def test_when_exports_come_from_the_warehouse_then_its_counts_and_recipients_are_used(tmp_path, persons):
    from outbound.pipeline import flow

    filing, exports = case("recipient_not_filed", persons).write(tmp_path / "w")
    wh = tmp_path / "w.duckdb"
    flow.scan([exports], processor=PROCESSOR, warehouse=wh, recipient="Unfiled Analytics Inc.")
    doc = run(Request(PROCESSOR, filing, from_warehouse=True, warehouse=wh, rows=1000, on=ON, year=2026))
    assert {f["kind"] for f in doc["findings"]} == {"recipient_not_filed"}
    assert doc["volumes"]["basis"].startswith("warehouse") and doc["volumes"]["records"] == ROWS
    assert doc["volumes"]["by_recipient"] == [
        {"recipient": "Unfiled Analytics Inc.", "persons": ROWS, "sensitive_persons": 0, "filed": False}]


# --- checks that need more than the classifier gives on a CSV ------------------------------------


@pytest.fixture
def fictional_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """rules/ plus a fictional, complete test list (zone spotcheck-ftz, in force 2030)."""
    folder = tmp_path / "rules"
    shutil.copytree(rules.rules_dir(), folder)
    shutil.copy(TEST_LIST, folder / "lists")
    monkeypatch.setenv("OUTBOUND_RULES_DIR", str(folder))
    rules.load_kind.cache_clear()
    load_policy.cache_clear()
    yield folder
    monkeypatch.delenv("OUTBOUND_RULES_DIR")
    rules.load_kind.cache_clear()
    load_policy.cache_clear()


@pytest.mark.parametrize(("filed", "kinds"), [
    (["tx-contacts"], set()),
    ([], {"list_subcategory"}),
], ids=["subcategory-filed", "subcategory-not-filed"])
def test_when_data_hits_a_list_entry_then_it_must_be_a_filed_subcategory(tmp_path, persons, fictional_rules,
                                                                        filed, kinds):
    c = case("none", persons)
    c.day = "2030-06-03"
    c.filing["processor"]["zone"] = "spotcheck-ftz"
    c.filing["filed_on"], c.filing["approved_on"] = "2030-01-10", "2030-01-20"
    c.filing["scenarios"][0] = {"id": "membership", "name": "会员管理", "purpose": "会员订单服务",
                                "uses_list": {"list_id": "xx-spot-check-test-list-2030",
                                              "scenario": "tx-retail-membership", "subcategories": filed}}
    filing, exports = c.write(tmp_path / "l")
    doc = run(Request(PROCESSOR, filing, samples=(exports,), rows=1000, on=dt.date(2030, 7, 1), year=2030))
    assert {f["kind"] for f in doc["findings"]} == kinds, [f["evidence"] for f in doc["findings"]]
    for f in doc["findings"]:  # names hit tx-bulk-names too, but 60 persons are below its volume level
        assert [(e["column"], e["entry"]) for e in f["evidence"]] == [("手机号", "tx-contacts")]
        assert f["filing_ref"] == "scenarios[0].uses_list.subcategories" and f["severity"] == "major"


def test_when_important_data_appears_in_a_field_not_filed_as_important_then_it_is_a_major_change():
    # No recognizer labels a CSV column "important" (important data is a list or authority matter),
    # so this check is exercised on an observation built by hand.
    filing = parse_filing(base_filing(), "base")
    cols = [ObservedColumn(f.name, filing.field_ref(0, j), tuple(f.entities), f.category if f.entities else "NONE",
                           10, 10, 10 if f.entities else 0) for j, f in enumerate(filing.datasets[0].fields)]
    cols[4] = ObservedColumn("备注", "datasets[0].fields[4]", ("NONE",), "important", 10, 10, 10)
    obs = Observation(PROCESSOR, (ObservedFile("f.csv", "0" * 64, "csv", "datasets[0]", "customers",
                                               "Harbour CRM Ltd", "SG", "membership", 10, 10, tuple(cols)),),
                      Volumes(2026, 10, 0, 10, "test"))
    policy = load_policy()
    declared = {"persons": 1000, "sensitive_persons": 0, "records": 1000}
    results = gx_run.run_specs(builders.compile_filing(filing, policy), frames(obs, declared),
                               suite_prefix="t", run_name="t", run_time=dt.datetime(2026, 4, 1, tzinfo=dt.UTC))
    found = drift.findings(results, obs, policy, declared)
    assert "important_data" in {f.kind for f in found} and drift.verdict(found) == "major-change"
    (imp,) = [f for f in found if f.kind == "important_data"]
    assert [e["column"] for e in imp.evidence] == ["备注"]


# --- the command line -------------------------------------------------------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "OUTBOUND_WAREHOUSE"}
    return subprocess.run([sys.executable, "-m", "outbound", "spot-check", *args], capture_output=True, text=True,
                          env=env)


@pytest.mark.parametrize(("kind", "code", "verdict"), [
    ("none", 0, "consistent"), ("undeclared_field", 1, "inconsistent"), ("masked_in_clear", 1, "major-change"),
], ids=["consistent-0", "inconsistent-1", "major-change-1"])
def test_when_the_cli_runs_then_the_exit_code_follows_the_verdict(tmp_path, persons, kind, code, verdict):
    filing, exports = case(kind, persons).write(tmp_path / kind)
    out = _cli("--processor", PROCESSOR, "--filing", str(filing), "--sample", str(exports), "--on", ON.isoformat(),
               "--year", "2026", "--json")
    assert out.returncode == code, out.stderr
    assert json.loads(out.stdout)["verdict"] == verdict


@pytest.mark.parametrize("extra", [["--processor", "nobody"], ["--processor", PROCESSOR, "--from-warehouse"]],
                         ids=["wrong-processor", "sample-and-warehouse"])
def test_when_the_cli_is_misused_then_it_exits_2_with_one_line(tmp_path, persons, extra):
    filing, exports = case("none", persons).write(tmp_path / "e")
    out = _cli("--filing", str(filing), "--sample", str(exports), *extra)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


# --- the demo zone ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    from outbound.demo.spot_check_site import write_demo_reports

    root = tmp_path_factory.mktemp("demo")
    manifest = generate_zone(root / "zone", seed=7, year=2026)
    out = root / "report"
    docs = write_demo_reports(out)
    return manifest, out, docs


def test_when_the_demo_zone_is_spot_checked_then_each_planted_inconsistency_is_found(demo):
    _, out, docs = demo
    assert set(docs) == set(PROCESSORS)
    kinds = {pid: {f["kind"] for f in d["findings"]} for pid, d in docs.items()}
    assert kinds["sh-hotel"] == {"scale_sensitive_persons"}  # children under 14, filed 0 sensitive
    assert kinds["sh-shipping"] == {"undeclared_field", "scale_sensitive_persons"}  # health_note left out
    assert {"masked_in_clear", "scale_sensitive_persons"} <= kinds["sh-retail"]  # cards filed masked, sent clear
    assert all(d["verdict"] == "major-change" for d in docs.values())
    (field,) = [f for f in docs["sh-shipping"]["findings"] if f["kind"] == "undeclared_field"]
    assert {e["column"] for e in field["evidence"]} == {"health_note"}
    for pid in PROCESSORS:
        saved = json.loads((out / pid / "spot-check.json").read_text(encoding="utf-8"))
        assert saved == docs[pid] and saved["data_docs"] == "../data_docs/index.html"
        assert (out / pid / "index.html").is_file() and (out / pid / "filing.yaml").is_file()
    site = out / "data_docs"
    assert (site / "index.html").is_file()
    suites = list((site / "expectations").glob("*.html"))
    assert suites and all("filing entry" in p.read_text(encoding="utf-8") for p in suites)


def test_when_the_demo_report_is_written_then_no_raw_identifier_appears_anywhere(demo):
    manifest, out, _ = demo
    raw = manifest.raw_identifiers()
    assert len(raw) > 1000
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*")
             if p.is_file() and p.suffix in (".json", ".html", ".yaml")]
    assert len(texts) > 10
    blob = "\n".join(texts)
    leaked = sorted(v for v in raw if v in blob)
    assert leaked == []
    examples = [e for d in json.loads((out / "sh-retail" / "spot-check.json").read_text())["findings"]
                for ev in d["evidence"] for e in ev.get("masked_examples", [])]
    assert examples and all("*" in e for e in examples)


def test_when_the_demo_filings_are_read_then_they_validate(demo):
    manifest, _, _ = demo
    from outbound.expectations.filing import load_filing
    from outbound.expectations.validate import check_filing

    for pid in PROCESSORS:
        data = yaml.safe_load((manifest.root / pid / "filing.yaml").read_text(encoding="utf-8"))
        assert data["processor"]["id"] == pid
        assert check_filing(load_filing(manifest.root / pid / "filing.yaml")).ok


def test_when_the_filing_id_holds_slashes_then_the_check_reports_under_it(tmp_path, persons):
    c = case("none", persons)
    c.filing["filing_id"] = "FJ/2026/001"  # an agency reference's common shape
    filing, exports = c.write(tmp_path / "slashes")
    out = tmp_path / "out"
    doc = run(Request(PROCESSOR, filing, samples=(exports,), rows=1000, seed=0, on=ON, year=2026, out=out))
    assert doc["verdict"] == "consistent"
    assert "FJ/2026/001" in (out / "spot-check.json").read_text(encoding="utf-8")
