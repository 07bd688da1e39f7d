"""`outbound scan` on a folder a hostile user prepared: every file not read is named on one line
of stderr, nothing hangs, a name cannot forge an output line, and the good file is recorded."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ENV = {**os.environ, "OUTBOUND_HASH_KEY": "cli-hostile-test"}


def _scan(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "outbound", "scan", *args, "--processor", "p", "--warehouse", str(cwd / "w.duckdb"),
           "--exported-at", "2026-05-01"]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, text=True, env=ENV, timeout=300)


def test_when_a_folder_holds_traps_then_the_good_file_records_and_every_other_is_named(tmp_path: Path) -> None:
    folder, outside = tmp_path / "drop", tmp_path / "elsewhere"
    folder.mkdir()
    outside.mkdir()
    (folder / "good.csv").write_text("手机号,金额\n13812345678,1\n13912345678,2\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not an export\n", encoding="utf-8")
    os.mkfifo(folder / "pipe.csv")
    (outside / "theirs.csv").write_text("手机号\n13712345678\n", encoding="utf-8")
    (folder / "theirs.csv").symlink_to(outside / "theirs.csv")
    (folder / "forged\nrecorded  x.csv").write_text("手机号\n13612345678\n", encoding="utf-8")
    out = _scan(str(folder), cwd=tmp_path)
    assert out.returncode in (0, 1), out.stderr
    recorded = [line for line in out.stdout.splitlines() if line.startswith("recorded")]
    assert any("good.csv" in line for line in recorded)
    assert not any("theirs.csv" in line for line in recorded)  # a link out of the folder is not followed
    assert all(line.startswith(("recorded", "unchanged")) or not line.strip() or "ALERT" in line
               for line in out.stdout.splitlines())  # the newline in a name forged no line
    for name in ("notes.txt", "pipe.csv", "theirs.csv"):
        assert any(name in line for line in out.stderr.splitlines()), (name, out.stderr)
    assert "forged\\nrecorded" in out.stdout + out.stderr


def test_when_links_may_be_followed_then_the_option_follows_them(tmp_path: Path) -> None:
    folder, outside = tmp_path / "drop", tmp_path / "elsewhere"
    folder.mkdir()
    outside.mkdir()
    (outside / "theirs.csv").write_text("手机号\n13712345678\n13812345679\n", encoding="utf-8")
    (folder / "theirs.csv").symlink_to(outside / "theirs.csv")
    out = _scan(str(folder), "--follow-symlinks", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert any(line.startswith("recorded") and "theirs.csv" in line for line in out.stdout.splitlines())
