"""HTTP payload captures from an egress proxy: HAR files and JSON Lines request/response logs.

Each exchange's payloads become records of a table per destination host (the host is the
recipient) and day (Asia/Shanghai, of the exchange's own time): the request's query string and body in one record (one call is about one subject),
the response body in another:

    {"request": {"query": {...}, "body": {...}}}      {"response": {"body": {...}}}

Bodies are parsed as JSON, or as a form (application/x-www-form-urlencoded); any other body is
not read (an HTML page, an image). The records are staged as JSON Lines and read by the scanners'
own JSON Lines reader, so nested fields become field paths ("request.body.customer.id_no") and the
objects of an array rows of their own ("response.body.data[].mobile"), exactly as an export's.

A capture log line is either a HAR entry ({"request": {"url", "postData"}, "response":
{"content"}}) or what `outbound.sources.proxy` writes ({"request": {"method", "url", "headers",
"body"}, "response": {"status", "headers", "body"}}, a body base64 when "body_encoding" says so).
A .jsonl file is a capture when its first line is such an exchange; otherwise it is an export.
A HAR file is one JSON document and is parsed whole, so it is capped at `HAR_MAX_BYTES`; a
longer capture should be written as JSON Lines (streamed, line by line).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any
from urllib.parse import parse_qsl, urlsplit

from outbound.common.timeutil import shanghai_date
from outbound.sources.base import Item, SourceError, staged_path

HAR_MAX_BYTES = 256 << 20
CAPTURE_SUFFIXES = (".har",)


def is_capture(path: Path) -> bool:
    """A .har file, or a JSON Lines file whose first line is a request/response exchange."""
    name = path.name.lower()
    if name.endswith(CAPTURE_SUFFIXES):
        return True
    if not name.endswith((".jsonl", ".ndjson")):
        return False
    try:
        with path.open("rb") as fh:
            first = json.loads(fh.readline(1 << 20) or b"null")
    except (OSError, ValueError):
        return False
    return _is_exchange(first)


def _is_exchange(value: object) -> bool:
    return (isinstance(value, dict) and isinstance(value.get("request"), dict)
            and isinstance(value.get("response"), dict) and "url" in value["request"])


def _headers(headers: object) -> dict[str, str]:
    if isinstance(headers, list):  # HAR: [{"name": ..., "value": ...}]
        return {str(h.get("name", "")).lower(): str(h.get("value", "")) for h in headers if isinstance(h, dict)}
    return {str(k).lower(): str(v) for k, v in headers.items()} if isinstance(headers, dict) else {}


def _body_text(part: dict[str, Any]) -> tuple[str | None, str]:
    """The body of a request or response as text, and its media type."""
    holder = part.get("postData") or part.get("content") or part  # HAR keeps it under these
    if not isinstance(holder, dict):
        return None, ""
    mime = str(holder.get("mimeType") or _headers(part.get("headers")).get("content-type", ""))
    if isinstance(holder.get("params"), list) and holder["params"] and not holder.get("text"):
        return "&".join(f"{p.get('name')}={p.get('value')}" for p in holder["params"]), "application/x-www-form-urlencoded"
    text = holder.get("text", holder.get("body"))
    if not isinstance(text, str):
        return None, mime
    if (holder.get("encoding") or holder.get("body_encoding")) == "base64":
        try:
            text = base64.b64decode(text).decode("utf-8", errors="replace")
        except ValueError:
            return None, mime
    return text, mime


def parse_body(text: str | None, mime: str) -> object:
    """A body as data: JSON, or a form as {field: value}; None when it is neither."""
    if not text or not text.strip():
        return None
    stripped = text.lstrip()
    if "json" in mime or stripped[:1] in "{[":
        try:
            return json.loads(text)
        except ValueError:
            return None
    if "x-www-form-urlencoded" in mime:
        return dict(parse_qsl(text, keep_blank_values=True)) or None
    return None


def records(exchange: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """The destination host of one exchange and its payload records (see the module docstring)."""
    request, response = exchange.get("request"), exchange.get("response")
    request = request if isinstance(request, dict) else {}
    response = response if isinstance(response, dict) else {}
    url = urlsplit(str(request.get("url", "")))
    host = (url.hostname or "unknown-host").lower()
    sent: dict[str, Any] = {}
    if query := dict(parse_qsl(url.query, keep_blank_values=True)):
        sent["query"] = query
    if (body := parse_body(*_body_text(request))) is not None:
        sent["body"] = body
    out = [{"request": sent}] if sent else []
    if (answer := parse_body(*_body_text(response))) is not None:
        out.append({"response": {"body": answer}})
    return host, out


def _exchanges(path: Path, name: str) -> Iterator[dict[str, Any]]:
    if path.name.lower().endswith(".har"):
        if path.stat().st_size > HAR_MAX_BYTES:
            raise SourceError(f"{name}: a HAR file over {HAR_MAX_BYTES >> 20} MB is parsed whole; "
                              "write the capture as JSON Lines (one exchange a line) instead")
        with path.open("rb") as fh:
            try:
                entries = json.load(fh).get("log", {}).get("entries", [])
            except (ValueError, AttributeError) as exc:
                raise SourceError(f"{name}: not a HAR file (no log.entries); re-export the capture") from exc
        yield from (e for e in entries if isinstance(e, dict))
        return
    with path.open("rb") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except ValueError as exc:
                raise SourceError(f"{name}: line {number} is not JSON; the capture was not recorded") from exc
            if isinstance(value, dict):
                yield value


def exchange_day(exchange: dict[str, Any]) -> dt.date | None:
    """The Asia/Shanghai date of an exchange: HAR's startedDateTime, or the proxy's "time"."""
    moment = exchange.get("startedDateTime") or exchange.get("time")
    try:
        return shanghai_date(dt.datetime.fromisoformat(str(moment))) if moment else None
    except ValueError:
        return None


class _Tables:
    """The staged tables of one capture, by (host, day); at most `OPEN_FILES` open at a time (a
    proxy log of a year may hold thousands of host-days)."""

    OPEN_FILES = 64

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.paths: dict[tuple[str, dt.date | None], Path] = {}
        self.open: dict[tuple[str, dt.date | None], IO[str]] = {}

    def write(self, key: tuple[str, dt.date | None], records: list[dict[str, Any]]) -> None:
        if key not in self.paths:
            self.paths[key] = staged_path(self.folder, f"{key[0]}.jsonl")
        if key not in self.open:
            if len(self.open) >= self.OPEN_FILES:
                self.open.pop(next(iter(self.open))).close()
            self.open[key] = self.paths[key].open("a", encoding="utf-8")
        self.open[key].writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)

    def close(self, remove: bool = False) -> None:
        for fh in self.open.values():
            fh.close()
        self.open.clear()
        for path in self.paths.values() if remove else ():
            path.unlink(missing_ok=True)


def split_by_host(capture: Item, folder: Path) -> list[Item]:
    """One staged JSON Lines table per destination host and day of the exchanges, named
    `<capture>#<host>/<YYYY-MM-DD>` (`#<host>` for exchanges without a time, dated as the capture),
    recipient the host. A capture that grows day by day leaves its past days' tables unchanged, so
    scanning it again records only what is new. Hosts without a readable payload have no table."""
    tables = _Tables(folder)
    try:
        for exchange in _exchanges(capture.path, capture.name):
            host, found = records(exchange)
            if found:
                tables.write((host, exchange_day(exchange)), found)
    except BaseException:
        tables.close(remove=True)
        raise
    tables.close()
    return [Item(path, f"{capture.name}#{host}" + (f"/{day.isoformat()}" if day else ""), None,
                 day or capture.exported_at, host, capture.scenario, temporary=True, recipient_fixed=True)
            for (host, day), path in tables.paths.items()]
