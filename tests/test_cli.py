"""The CLI contract, through a real subprocess: JSON shapes, exit codes, one-line errors, --help."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from outbound.demo import generate_zone

COMMANDS = ["classify", "scan", "persons", "demo", "obligations", "rules"]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "outbound", *args], capture_output=True, text=True, env=env)


@pytest.fixture(scope="module")
def zone(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("cli") / "zone"
    return root, generate_zone(root, seed=5, year=2026)


@pytest.mark.parametrize("command", COMMANDS)
def test_when_a_command_is_asked_for_help_then_it_shows_an_example(command):
    out = run(command, "--help")
    assert out.returncode == 0
    assert "Example" in out.stdout and f"outbound {command}" in out.stdout


def test_when_files_are_classified_as_json_then_the_contract_shape_is_printed(zone):
    root, _ = zone
    files = sorted((root / "sh-hotel").rglob("*.jsonl"))[:1] + sorted((root / "sh-shipping").rglob("*.parquet"))[:1]
    out = run("classify", *map(str, files), "--json", "--sample-rows", "200", "--seed", "3")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert [d["format"] for d in data] == ["jsonl", "parquet"]
    for d in data:
        assert set(d) >= {"path", "format", "rows_sampled", "columns"}
        for c in d["columns"]:
            assert set(c) >= {"name", "entity", "category", "score", "matched_share"}
            assert c["category"] in ("personal", "sensitive", "important", None)
    hotel = {c["name"]: c["entity"] for c in data[0]["columns"]}
    assert hotel["guest.email"] == "EMAIL_ADDRESS"
    crew = {c["name"]: (c["entity"], c["category"]) for c in data[1]["columns"]}
    assert crew["id_no"] == ("CN_RESIDENT_ID", "personal")
    assert crew["c07"] == ("CN_MOBILE", "personal")
    assert crew["vessel_imo"] == (None, None)


def test_when_a_folder_is_scanned_twice_then_the_second_scan_changes_nothing(zone, tmp_path: Path):
    root, manifest = zone
    wh = str(tmp_path / "w.duckdb")
    exports = str(root / "sh-shipping" / "exports")
    first = run("scan", exports, "--processor", "sh-shipping", "--warehouse", wh)
    assert first.returncode == 0, first.stderr
    assert "recorded" in first.stdout
    second = run("scan", exports, "--processor", "sh-shipping", "--warehouse", wh)
    assert second.returncode == 0 and "recorded" not in second.stdout.replace("unchanged", "")
    persons = json.loads(run("persons", "--processor", "sh-shipping", "--year", "2026", "--warehouse", wh,
                             "--json").stdout)
    truth = manifest.processor("sh-shipping")
    assert persons == {"processor": "sh-shipping", "year": 2026, "persons": truth.persons_per_year[2026],
                       "sensitive_persons": truth.sensitive_persons_per_year[2026]}


def test_when_one_file_is_broken_then_the_others_are_recorded_and_it_is_named(zone, tmp_path: Path):
    root, manifest = zone
    truth = manifest.processor("sh-retail")
    out = run("scan", str(root / "sh-retail" / "exports"), "--processor", "sh-retail",
              "--warehouse", str(tmp_path / "w.duckdb"))
    assert out.returncode == 1
    (broken,) = truth.broken_files
    assert Path(broken).name in out.stderr and "Traceback" not in out.stderr
    assert out.stdout.count("recorded") == len(truth.files) - 1


def test_when_the_warehouse_is_missing_then_one_line_error_and_exit_2(tmp_path: Path):
    out = run("persons", "--processor", "x", "--year", "2026", "--warehouse", str(tmp_path / "none.duckdb"))
    assert out.returncode == 2
    assert out.stderr.strip().count("\n") == 0 and "does not exist" in out.stderr


def test_when_exported_at_is_not_a_date_then_usage_error(tmp_path: Path):
    f = tmp_path / "a.csv"
    f.write_text("x\n1\n", encoding="utf-8")
    out = run("scan", str(f), "--processor", "p", "--exported-at", "03/01/2026", "--warehouse", str(tmp_path / "w"))
    assert out.returncode == 2 and "YYYY-MM-DD" in out.stderr and "Traceback" not in out.stderr


def test_when_an_export_date_is_given_then_it_decides_the_year(tmp_path: Path):
    f = tmp_path / "members.csv"
    f.write_text("email\n" + "".join(f"user{i}@example.com\n" for i in range(20)), encoding="utf-8")
    wh = str(tmp_path / "w.duckdb")
    assert run("scan", str(f), "--processor", "p", "--exported-at", "2025-12-31", "--warehouse", wh).returncode == 0
    y2025 = json.loads(run("persons", "--processor", "p", "--year", "2025", "--warehouse", wh, "--json").stdout)
    y2026 = json.loads(run("persons", "--processor", "p", "--year", "2026", "--warehouse", wh, "--json").stdout)
    assert (y2025["persons"], y2026["persons"]) == (20, 0)


def test_when_the_export_moment_is_past_midnight_in_shanghai_then_it_counts_in_the_new_year(tmp_path: Path):
    f = tmp_path / "members.csv"
    f.write_text("email\n" + "".join(f"user{i}@example.com\n" for i in range(20)), encoding="utf-8")
    wh = str(tmp_path / "w.duckdb")
    # 16:00 UTC on 31 December is 00:00 on 1 January in Shanghai
    out = run("scan", str(f), "--processor", "p", "--exported-at", "2026-12-31T16:00:00Z", "--warehouse", wh)
    assert out.returncode == 0, out.stderr
    y2026 = json.loads(run("persons", "--processor", "p", "--year", "2026", "--warehouse", wh, "--json").stdout)
    y2027 = json.loads(run("persons", "--processor", "p", "--year", "2027", "--warehouse", wh, "--json").stdout)
    assert (y2026["persons"], y2027["persons"]) == (0, 20)


def test_when_rules_are_checked_then_every_file_validates_and_exit_0():
    out = run("rules", "check")
    assert out.returncode == 0, out.stderr
    assert "0 problem(s)" in out.stdout


def test_when_a_rule_file_is_broken_then_rules_check_names_it_and_exits_1(tmp_path: Path):
    import os
    import shutil

    rules = tmp_path / "rules"
    shutil.copytree(Path(__file__).resolve().parents[1] / "rules", rules)
    bad = rules / "thresholds" / "cn-cac-order16-2024.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("mechanism: exempt", "mechanism: maybe"), encoding="utf-8")
    out = run("rules", "check", env={**os.environ, "OUTBOUND_RULES_DIR": str(rules)})
    assert out.returncode == 1
    assert "cn-cac-order16-2024.yaml" in out.stderr and "mechanism" in out.stderr


def test_when_obligations_are_asked_then_each_cites_its_article(zone, tmp_path: Path):
    root, _ = zone
    wh = str(tmp_path / "w.duckdb")
    run("scan", str(root / "sh-shipping" / "exports"), "--processor", "sh-shipping", "--warehouse", wh)
    out = run("obligations", "--processor", "sh-shipping", "--year", "2026", "--warehouse", wh,
              "--profile", str(root / "sh-shipping" / "processor.yaml"), "--as-of", "2026-06-30", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    first = data["obligations"][0]
    assert first["mechanism"] == "standard_contract_or_certification"
    assert first["source"] == "cn-cac-order16-2024 Art. 8" and first["summary_zh"]
    assert data["zone"] == "shanghai-ftz" and data["series"][-1]["persons"] == data["persons"]
    assert any("not verified" in n for n in data["notes"])


def test_when_demo_zone_is_a_foreign_folder_then_it_is_left_alone_with_a_clear_error(tmp_path: Path):
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me", encoding="utf-8")
    out = run("demo", "--zone", str(foreign), "--warehouse", str(tmp_path / "w.duckdb"),
              "--airflow-home", str(tmp_path / "af"))
    assert out.returncode == 2 and "not a previous demo zone" in out.stderr and "internal" not in out.stderr
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_when_the_spot_check_policy_is_broken_then_rules_check_names_it_and_exits_1(tmp_path: Path):
    """The policy's model lives in outbound.expectations; `rules check` validates it all the same."""
    import os
    import shutil

    rules = tmp_path / "rules"
    shutil.copytree(Path(__file__).resolve().parents[1] / "rules", rules)
    (policy,) = (rules / "spot_check").glob("*.yaml")
    text = policy.read_text(encoding="utf-8")
    policy.write_text(text.replace("  undeclared_field:", "  undeclared_fields:", 1), encoding="utf-8")
    out = run("rules", "check", env={**os.environ, "OUTBOUND_RULES_DIR": str(rules)})
    assert out.returncode == 1
    assert policy.name in out.stderr and "undeclared_fields" in out.stderr


def test_when_rules_are_listed_then_the_spot_check_policy_is_among_them():
    out = run("rules", "list", "--json")
    assert out.returncode == 0, out.stderr
    assert "spot_check" in {r["kind"] for r in json.loads(out.stdout)}


def test_when_known_content_is_scanned_with_other_options_then_the_output_says_they_were_not_applied(tmp_path: Path):
    path = tmp_path / "2026-05-01_a.csv"
    path.write_text("姓名,手机号\n张伟,13812345678\n", encoding="utf-8")
    wh = str(tmp_path / "w.duckdb")
    assert run("scan", str(path), "--processor", "p", "--warehouse", wh).returncode == 0
    again = run("scan", str(path), "--processor", "p", "--warehouse", wh, "--recipient", "Other Ltd")
    assert again.returncode == 0
    assert "unchanged" in again.stdout and "rows=" not in again.stdout
    assert "keeps its recipient, scenario and date" in again.stderr and "outbound exports delete" in again.stderr


def test_when_a_shared_phone_merges_many_ids_then_persons_says_so(tmp_path: Path):
    import random

    from outbound.demo.identifiers import make_resident_id

    rng = random.Random(3)
    ids = [make_resident_id(rng, dt.date(1980 + i, 1, 2)) for i in range(12)]
    rows = [f"王{i},{rid},13800001111" for i, rid in enumerate(ids)]  # the agency's phone on every guest's row
    rows.append(f"李四,{make_resident_id(rng, dt.date(1990, 3, 4))},13912345678")
    path = tmp_path / "2026-05-01_guests.csv"
    path.write_text("姓名,身份证号,联系电话\n" + "\n".join(rows) + "\n", encoding="utf-8")
    wh = str(tmp_path / "w.duckdb")
    assert run("scan", str(path), "--processor", "p", "--warehouse", wh).returncode == 0
    text = run("persons", "--processor", "p", "--year", "2026", "--warehouse", wh)
    assert "p 2026: 2 persons" in text.stdout  # the same-row rule: one component
    assert "1 of these persons link more than 10 identifiers each (the largest 13)" in text.stderr
    as_json = json.loads(run("persons", "--processor", "p", "--year", "2026", "--warehouse", wh, "--json").stdout)
    assert set(as_json) == {"processor", "year", "persons", "sensitive_persons"}  # the contract's keys only


def test_when_a_named_file_is_missing_then_it_alone_fails_and_the_others_are_recorded(tmp_path: Path):
    good = tmp_path / "2026-05-01_a.csv"
    good.write_text("姓名,手机号\n张伟,13812345678\n", encoding="utf-8")
    (tmp_path / "gone.csv").symlink_to(tmp_path / "nowhere.csv")  # a dangling link, as a moved export leaves
    wh = str(tmp_path / "w.duckdb")
    done = run("scan", str(tmp_path / "missing.csv"), str(good), str(tmp_path / "gone.csv"), "--processor", "p",
               "--warehouse", wh)  # fmt: skip
    assert done.returncode == 1
    assert "recorded" in done.stdout and "a.csv" in done.stdout
    assert "missing.csv" in done.stderr and "gone.csv" in done.stderr and "no such file" in done.stderr.lower()
    assert "2 file(s) failed; the others were processed." in done.stderr and "Traceback" not in done.stderr


def test_when_obligations_are_asked_as_of_a_day_then_later_exports_do_not_count(tmp_path: Path):
    """累计 up to the day assessed: a bank-card export dated 1 April is not yet abroad on 15 January
    (and the projection for a later day never lies before it)."""
    import os
    import random

    from outbound.demo.identifiers import make_bank_card

    rng = random.Random(3)
    for day, first in (("2026-02-01", 0), ("2026-04-01", 5)):
        (tmp_path / day).mkdir()
        (tmp_path / day / "cards.csv").write_text(
            "email,card_no\n" + "".join(f"u{i}@example.com,{make_bank_card(rng)}\n" for i in range(first, first + 5)),
            encoding="utf-8",
        )
    wh = str(tmp_path / "w.duckdb")
    env = {**os.environ, "OUTBOUND_HASH_KEY": "as-of"}
    assert run("scan", str(tmp_path / "2026-02-01"), str(tmp_path / "2026-04-01"), "--processor", "co",
               "--warehouse", wh, env=env).returncode == 0  # fmt: skip

    def persons(as_of: str) -> tuple[int, int, str | None]:
        out = run("obligations", "--processor", "co", "--year", "2026", "--warehouse", wh, "--as-of", as_of, "--json",
                  env=env)  # fmt: skip
        assert out.returncode == 0, out.stderr
        data = json.loads(out.stdout)
        when = [p["projected_date"] for p in data["projections"] if p["counter"] == "spi_persons"]
        assert all(point["date"] <= as_of for point in data["series"])
        return data["persons"], data["sensitive_persons"], when[0] if when else None

    assert persons("2026-01-15")[:2] == (0, 0)
    assert persons("2026-02-01")[:2] == (5, 5)
    n, s, when = persons("2026-06-30")
    assert (n, s) == (10, 10) and (when is None or when > "2026-06-30")


def test_when_an_export_is_utf16_or_named_by_encoding_then_it_is_counted(tmp_path: Path):
    """Excel's "Unicode text" is UTF-16 with a BOM: detected. Big5 is not (its bytes read as some
    GB18030 text): `--encoding` names it."""
    import os

    rows = "姓名,手機號碼\n陳大文,13812345678\n林小美,13987654321\n"
    (tmp_path / "2026-03-01").mkdir()
    (tmp_path / "2026-03-01" / "unicode.csv").write_bytes(rows.encode("utf-16"))
    (tmp_path / "2026-03-02").mkdir()
    big5 = tmp_path / "2026-03-02" / "big5.csv"
    big5.write_bytes(rows.replace("13987654321", "13700000000").encode("big5"))
    env = {**os.environ, "OUTBOUND_HASH_KEY": "encodings"}

    def names(*extra: str) -> list[str]:
        out = run("classify", str(big5), "--json", *extra, env=env)
        return [c["name"] for c in json.loads(out.stdout)[0]["columns"]]

    assert names() != ["姓名", "手機號碼"] and names("--encoding", "big5") == ["姓名", "手機號碼"]
    wh = str(tmp_path / "w.duckdb")
    assert run("scan", str(tmp_path / "2026-03-01"), "--processor", "co", "--warehouse", wh, env=env).returncode == 0
    out = run("scan", str(big5), "--processor", "co", "--warehouse", wh, "--encoding", "big5", env=env)
    assert out.returncode == 0, out.stderr
    persons = run("persons", "--processor", "co", "--year", "2026", "--warehouse", wh, "--json", env=env)
    assert json.loads(persons.stdout)["persons"] == 3
