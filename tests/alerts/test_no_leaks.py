"""No raw identifier and no secret in any payload, log line or warehouse row: a real scan of
synthetic people, alerts to a webhook, an SMTP server and DingTalk (at the transport), and a
route that fails."""

from __future__ import annotations

import datetime as dt
import json
import logging
import random
import subprocess
import sys
from pathlib import Path

from outbound.demo.identifiers import make_bank_card, make_mobile, make_resident_id
from outbound.pipeline import flow
from outbound.warehouse import open_warehouse

SECRETS = {"DINGTALK_SECRET": "SECleaktest0123456789", "SMTP_PASSWORD": "smtp-pw-leaktest-42",
           "HOOK_TOKEN": "hooktokenleaktest77"}


def _export(tmp_path: Path) -> tuple[Path, list[str]]:
    rng = random.Random(11)
    people = [(make_resident_id(rng, dt.date(1980 + i % 30, 1 + i % 12, 1 + i % 28)), make_mobile(rng),
               f"guest{i}.leak@example.com", make_bank_card(rng)) for i in range(60)]
    # file names carry no identifier here: outbound.pipeline logs and stores export paths as they are
    path = tmp_path / "zone" / "p" / "2026-03-01" / "guests.csv"
    path.parent.mkdir(parents=True)
    path.write_text("身份证号,手机号,email,银行卡号\n" + "".join(",".join(p) + "\n" for p in people), encoding="utf-8")
    return path, [v for person in people for v in person]


def _warehouse_text(path: Path) -> str:
    wh = open_warehouse(path, read_only=True)
    try:
        tables = [r[0] for r in wh.query("SELECT table_name FROM duckdb_tables() WHERE NOT temporary")]
        return "\n".join(json.dumps(wh.query(f'SELECT * FROM "{t}"'), default=str, ensure_ascii=False) for t in tables)
    finally:
        wh.close()


def test_when_a_scan_alerts_every_channel_then_no_raw_value_or_secret_is_anywhere(
        tmp_path, monkeypatch, caplog, receiver, smtp, wire):
    for k, v in SECRETS.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setenv("DINGTALK_TOKEN", "abcdef0123456789")
    channels = tmp_path / "channels.yaml"
    channels.write_text(f"""routes:
  - name: webhook
    url: {receiver.url}
    min_severity: info
  - name: mail
    url: "mailto://alerts:${{SMTP_PASSWORD}}@127.0.0.1:{smtp.port}?mode=insecure&from=a@example.com&to=dpo@example.com"
    min_severity: info
  - name: ding
    url: "dingtalk://${{DINGTALK_SECRET}}@${{DINGTALK_TOKEN}}/"
    min_severity: info
  - name: broken
    url: "json://127.0.0.1:1/hook?token=${{HOOK_TOKEN}}"
    min_severity: info
""", encoding="utf-8")
    monkeypatch.setenv("OUTBOUND_ALERT_CHANNELS", str(channels))
    export, raw = _export(tmp_path)
    broken = export.with_name("crew.csv")
    broken.write_bytes(b"\xff\xfe\x00garbage\x00" * 3)
    wh = tmp_path / "w.duckdb"
    caplog.set_level(logging.DEBUG)
    waits: list[float] = []
    monkeypatch.setattr("outbound.alerts.dispatch.time.sleep", waits.append)  # the backoff, not waited here

    outcomes = flow.scan([export, broken], processor="p", warehouse=wh)
    assert sorted(o.status for o in outcomes) == ["failed", "recorded"]
    failures = [("p", o.path, o.error or "") for o in outcomes if o.status == "failed"]
    for night in (dt.date(2026, 3, 1), dt.date(2026, 3, 2), dt.date(2026, 3, 3)):
        report = flow.notify(wh, ["p"], failures=failures, on=night)

    assert receiver.bodies and smtp.messages and wire.requests, "every working route was told"
    assert "broken" in report.failed and [w for w in waits if w != 3.0][:2] == [2.0, 4.0]  # backoff doubles (3 s: bot pacing)
    told = json.dumps(receiver.bodies, ensure_ascii=False)
    assert "出境文件连续无法读取" in told  # the broken file, named by its mask
    payloads = {
        "webhook": told,
        "smtp": json.dumps(smtp.messages, ensure_ascii=False),
        "dingtalk": "\n".join(f"{r.url}\n{r.body.decode() if isinstance(r.body, bytes) else r.body}"
                              for r in wire.requests),
        "logs": "\n".join(f"{r.name} {r.getMessage()}" for r in caplog.records),
        "report": json.dumps(report.to_json(), ensure_ascii=False),
        "warehouse": _warehouse_text(wh),
    }
    for where, text in payloads.items():
        for value in raw:
            assert value not in text, f"a raw identifier reached {where}"
        for secret in SECRETS.values():
            assert secret not in text, f"a secret reached {where}"
    for where in ("logs", "warehouse", "report", "webhook", "smtp"):
        assert "abcdef0123456789" not in payloads[where], f"the DingTalk token reached {where}"
    assert "127.0.0.1:1" not in payloads["warehouse"]  # routes are recorded by name, never by URL


def test_when_alerts_test_fails_on_a_secret_url_then_stderr_names_no_part_of_it():
    url = "dingtalk://SECsecretpart999@tokenpart888/"
    done = subprocess.run([sys.executable, "-m", "outbound", "alerts", "test", url], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 1
    assert "secretpart999" not in done.stderr + done.stdout and "tokenpart888" not in done.stderr + done.stdout
    assert done.stderr.startswith("not delivered: ") and len(done.stderr.strip().splitlines()) == 1
