"""HTTP payload captures: the proxy writes what leaves, the scan reads it by destination host."""

from __future__ import annotations

import base64
import datetime as dt
import http.client
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from outbound.common.timeutil import shanghai_date
from outbound.sources.captures import records
from outbound.sources.proxy import serve
from tests.sources.conftest import csv_text, exports, local_counts, no_raw_values, persons, scan


class _Api(BaseHTTPRequestHandler):
    """The overseas API: answers each call with a JSON body echoing one field."""

    def do_POST(self) -> None:  # noqa: N802
        sent = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        body = json.dumps({"ok": True, "order": sent.get("order_id")}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return


def _running(server: ThreadingHTTPServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread


@pytest.fixture
def proxy(tmp_path: Path) -> Iterator[tuple[int, int, Path]]:
    """(api port, proxy port, capture file)."""
    api = ThreadingHTTPServer(("127.0.0.1", 0), _Api)
    capture = tmp_path / "captures" / "egress-2026-03-01.jsonl"
    prox = serve(("127.0.0.1", 0), capture)
    threads = [_running(api), _running(prox)]
    yield api.server_address[1], prox.server_address[1], capture
    for server, thread in zip((api, prox), threads, strict=True):
        server.shutdown()
        server.server_close()
        thread.join()


def test_when_requests_go_through_the_proxy_then_the_capture_counts_as_the_local_file(tmp_path: Path, proxy, rows):
    api_port, proxy_port, capture = proxy
    conn = http.client.HTTPConnection("127.0.0.1", proxy_port, timeout=10)
    for order_id, name, rid, mobile in rows:
        body = json.dumps({"order_id": order_id, "customer": {"name": name, "id_no": rid, "mobile": mobile}})
        conn.request("POST", f"http://127.0.0.1:{api_port}/orders", body=body,
                     headers={"Content-Type": "application/json", "Authorization": "Bearer tok-never-kept"})
        resp = conn.getresponse()
        assert json.loads(resp.read())["order"] == order_id
    conn.close()
    assert b"tok-never-kept" not in capture.read_bytes()  # credentials are not captured
    wh = tmp_path / "w.duckdb"
    outcomes = scan([str(capture)], wh, exported_at=None)
    today = shanghai_date(dt.datetime.now(dt.UTC)).isoformat()  # the exchanges' own day
    assert [(o.status, o.path) for o in outcomes] == [("recorded", f"{capture}#127.0.0.1/{today}")]
    (_, recipient, day, _, _), = exports(wh)
    assert (recipient, day) == ("127.0.0.1", today)
    _, local_persons = local_counts(tmp_path, csv_text(rows))
    assert persons(wh) == local_persons
    no_raw_values([wh.read_bytes()], rows)
    assert [o.status for o in scan([str(capture)], wh)] == ["unchanged"]


def _har(entries: list[dict]) -> str:
    return json.dumps({"log": {"version": "1.2", "creator": {"name": "test"}, "entries": entries}})


def test_when_a_har_holds_calls_to_two_hosts_then_each_host_is_a_recipient_of_its_fields(tmp_path: Path, rows):
    a, b = rows[0], rows[1]
    answer = base64.b64encode(json.dumps({"data": [{"mobile": a[3]}, {"mobile": b[3]}]}).encode()).decode()
    har = tmp_path / "2026-03-01" / "browser.har"
    har.parent.mkdir()
    har.write_text(_har([
        {"request": {"method": "GET", "url": f"https://api.partner-a.example/v1/check?id_no={a[2]}&lang=zh"},
         "response": {"status": 200, "content": {"mimeType": "application/json", "text": answer, "encoding": "base64"}}},
        {"request": {"method": "POST", "url": "https://crm.partner-b.example/form",
                     "postData": {"mimeType": "application/x-www-form-urlencoded",
                                  "params": [{"name": "phone", "value": b[3]}, {"name": "name", "value": b[1]}]}},
         "response": {"status": 302, "content": {"mimeType": "text/html", "text": "<html></html>"}}},
    ]), encoding="utf-8")
    wh = tmp_path / "w.duckdb"
    outcomes = scan([str(tmp_path / "2026-03-01")], wh, exported_at=None)
    assert sorted((o.status, o.path.rsplit("#", 1)[-1]) for o in outcomes) == [
        ("recorded", "api.partner-a.example"), ("recorded", "crm.partner-b.example")]
    assert sorted(e[1] for e in exports(wh)) == ["api.partner-a.example", "crm.partner-b.example"]
    entities = {o.path.rsplit("#", 1)[-1]: {lab.column: lab.entity for lab in o.labels} for o in outcomes}
    assert entities["api.partner-a.example"] == {"request.query.id_no": "CN_RESIDENT_ID",
                                                 "response.body.data[].mobile": "CN_MOBILE"}
    assert entities["crm.partner-b.example"]["request.body.phone"] == "CN_MOBILE"


@pytest.mark.parametrize(("mime", "text", "expected"), [
    ("application/json", '{"a": {"b": "1"}}', [{"request": {"body": {"a": {"b": "1"}}}}]),
    ("application/x-www-form-urlencoded", "a=1&b=2", [{"request": {"body": {"a": "1", "b": "2"}}}]),
    ("text/html", "<p>a=1</p>", []),
    ("application/json", "{not json", []),
], ids=["json", "form", "html-not-read", "broken-json-not-read"])
def test_when_a_body_has_a_media_type_then_it_is_read_as_that(mime: str, text: str, expected: list) -> None:
    exchange = {"request": {"url": "http://h.example/x", "postData": {"mimeType": mime, "text": text}},
                "response": {"content": {}}}
    assert records(exchange) == ("h.example", expected)


def test_when_a_capture_line_is_malformed_then_that_capture_fails_alone_and_names_the_line(tmp_path: Path, rows):
    folder = tmp_path / "2026-03-01"
    folder.mkdir()
    good = {"request": {"url": "http://api.example/x", "body": json.dumps({"id_no": rows[0][2]})}, "response": {}}
    (folder / "broken.jsonl").write_text(json.dumps(good) + "\n{not json\n", encoding="utf-8")
    (folder / "odd.jsonl").write_text(json.dumps(good) + "\n" + json.dumps({"request": "x", "response": 3}) + "\n")
    (folder / "orders.csv").write_text(csv_text(rows), encoding="utf-8")
    outcomes = {Path(o.path.split("#")[0]).name: o for o in scan([str(folder)], tmp_path / "w.duckdb")}
    assert outcomes["orders.csv"].status == "recorded" and outcomes["odd.jsonl"].status == "recorded"
    assert outcomes["broken.jsonl"].status == "failed" and "line 2 is not JSON" in (outcomes["broken.jsonl"].error or "")


def _line(moment: str, rid: str) -> str:
    return json.dumps({"time": moment, "request": {"method": "POST", "url": "http://api.example/v1/guests",
                                                   "body": json.dumps({"id_no": rid})}, "response": {}}) + "\n"


def test_when_a_capture_grows_day_by_day_then_each_day_is_an_export_and_past_days_stay_unchanged(tmp_path: Path, rows):
    capture = tmp_path / "egress.jsonl"
    # 2026-03-01T23:30 UTC is already 2 March in Shanghai
    capture.write_text(_line("2026-03-01T10:00:00+00:00", rows[0][2]) + _line("2026-03-01T23:30:00Z", rows[1][2]))
    wh = tmp_path / "w.duckdb"
    first = scan([str(capture)], wh, exported_at=None)
    assert [(o.status, o.path.rsplit("#", 1)[1]) for o in first] == [
        ("recorded", "api.example/2026-03-01"), ("recorded", "api.example/2026-03-02")]
    with capture.open("a") as fh:
        fh.write(_line("2026-03-03T02:00:00Z", rows[2][2]))
    again = scan([str(capture)], wh, exported_at=None)
    assert [o.status for o in again] == ["unchanged", "unchanged", "recorded"]
    assert [e[2] for e in exports(wh)] == ["2026-03-01", "2026-03-02", "2026-03-03"]
