"""One file's trouble stays that file's: a file with names only is recorded, a bug met on one file
fails that file alone and says so, and the other files of the run are recorded."""

from __future__ import annotations

from pathlib import Path

import pytest

import outbound.classifiers
from outbound import identifiers
from outbound.pipeline import flow


def _csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_when_a_file_has_names_only_then_each_row_counts_as_a_person_without_identifier(tmp_path: Path):
    path = _csv(tmp_path / "2026-05-01_guests.csv", "姓名,房间\n张伟,101\n李娜,102\n王芳,103\n")
    (outcome,) = flow.scan([path], processor="p", warehouse=tmp_path / "w.duckdb")
    assert (outcome.status, outcome.rows) == ("recorded", 3), outcome.error
    counts, unlinked = flow.persons(tmp_path / "w.duckdb", "p", 2026)
    assert (counts.persons, unlinked) == (3, 3)


def test_when_a_bug_is_met_on_one_file_then_it_alone_fails_and_the_others_are_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("OUTBOUND_DEBUG", raising=False)
    good = _csv(tmp_path / "2026-05-01_a.csv", "姓名,手机号\n张伟,13812345678\n")
    bad = _csv(tmp_path / "2026-05-01_b.csv", "姓名,手机号\n李娜,13987654321\n")
    later = _csv(tmp_path / "2026-05-01_c.csv", "姓名,手机号\n王芳,13700000001\n")
    real = outbound.classifiers.classify_source

    def buggy(source, **kw):  # type: ignore[no-untyped-def]
        if source.path.name == bad.name:
            raise ZeroDivisionError("a bug near 13987654321")
        return real(source, **kw)

    monkeypatch.setattr(outbound.classifiers, "classify_source", buggy)
    outcomes = flow.scan([good, bad, later], processor="p", warehouse=tmp_path / "w.duckdb")
    assert [o.status for o in outcomes] == ["recorded", "failed", "recorded"]
    error = outcomes[1].error or ""
    assert "internal error (ZeroDivisionError" in error and "the other files were scanned" in error
    assert "13987654321" not in error  # a message may quote a cell: masked like every error
    counts, _ = flow.persons(tmp_path / "w.duckdb", "p", 2026)
    assert counts.persons == 2


def test_when_a_scan_uses_another_hash_key_then_it_is_refused_and_nothing_counts_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    wh = tmp_path / "w.duckdb"
    first = _csv(tmp_path / "2026-05-01_a.csv", "姓名,手机号\n张伟,13812345678\n")
    again = _csv(tmp_path / "2026-05-02_b.csv", "姓名,手机号\n张伟,13812345678\n李娜,13987654321\n")
    monkeypatch.setenv("OUTBOUND_HASH_KEY", "key-one")
    assert flow.scan([first], processor="p", warehouse=wh)[0].status == "recorded"
    monkeypatch.setenv("OUTBOUND_HASH_KEY", "key-two")
    (refused,) = flow.scan([again], processor="p", warehouse=wh)
    assert refused.status == "failed"
    assert "written with another hash key" in (refused.error or "") and "OUTBOUND_HASH_KEY" in (refused.error or "")
    monkeypatch.delenv("OUTBOUND_HASH_KEY")  # the key file beside the warehouse is another key again
    assert flow.scan([again], processor="p", warehouse=wh)[0].status == "failed"
    monkeypatch.setenv("OUTBOUND_HASH_KEY", "key-one")
    assert flow.scan([again], processor="p", warehouse=wh)[0].status == "recorded"
    counts, _ = flow.persons(wh, "p", 2026)
    assert counts.persons == 2  # 张伟 once: both files keyed alike


def test_when_a_gbk_csv_has_a_short_line_then_the_full_pass_reads_it_as_the_sample_does(tmp_path: Path, monkeypatch):
    """pyarrow (which decodes GB18030 for DuckDB) refuses a line with fewer fields; pandas reads it
    with the missing fields empty, so the pass is read again through the source's own reader."""
    monkeypatch.setenv(identifiers.KEY_ENV, "short")
    path = tmp_path / "2026-04-01" / "gbk.csv"
    path.parent.mkdir()
    given = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋"]
    lines = ["姓名,手机号,城市"] + [f"{'张王李'[i % 3]}{given[i % 10]}{given[i // 10]},1380000{i:04d},上海" for i in range(30)]
    lines.append("李四")
    path.write_bytes(("\n".join(lines) + "\n").encode("gb18030"))
    warehouse = tmp_path / "w.duckdb"
    [outcome] = flow.scan([path], processor="p", warehouse=warehouse)
    assert outcome.status == "recorded", outcome.error
    assert (outcome.rows, flow.persons(warehouse, "p", 2026)[0].persons) == (31, 31)  # the name-only line too


def test_when_a_report_ends_in_footer_rows_then_they_are_no_persons(tmp_path: Path):
    names = [s + g for s in "王李张刘陈" for g in ("伟", "芳", "娜", "敏", "静")]
    body = "".join(f"{name},1380000{i:04d}\n" for i, name in enumerate(names))
    path = _csv(tmp_path / "2026-05-01_guests.csv", "姓名,手机号\n" + body + "总计,\n制表：,\n（小计）,\n审核人：,\n")
    (outcome,) = flow.scan([path], processor="p", warehouse=tmp_path / "w.duckdb")
    assert outcome.status == "recorded", outcome.error
    assert {lab.column: lab.entity for lab in outcome.labels}["姓名"] == "PERSON_NAME"
    counts, unlinked = flow.persons(tmp_path / "w.duckdb", "p", 2026)
    assert (counts.persons, unlinked) == (25, 0)
