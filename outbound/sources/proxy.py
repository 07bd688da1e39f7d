"""A small egress proxy that writes what leaves as a capture `outbound scan` reads (captures.py).

    python -m outbound.sources.proxy --listen 127.0.0.1:8080 --out /secure/captures/egress.jsonl
    HTTP_PROXY=http://127.0.0.1:8080 some-exporter ...

Plain HTTP only: it forwards each request to its destination and appends one JSON line per
exchange ({"time", "request": {"method", "url", "headers", "body"}, "response": {"status",
"headers", "body"}}). HTTPS (CONNECT) is tunnelled without being read: seeing inside TLS needs a
man-in-the-middle certificate, which is mitmproxy's job (not included: an addon writing these same
lines from `flow.request`/`flow.response` would be the way). Written by hand (stdlib http.server) because the capture format is ours and small, and
mitmproxy is a large dependency for plain HTTP. Credentials (Authorization, Cookie and the like)
are left out of the capture; bodies are kept whole, since they are what is scanned, so the capture
file is created 0600 and belongs with the exports, not with logs.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import http.client
import json
import os
import select
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "x-auth-token"})
HOP_HEADERS = frozenset({"connection", "keep-alive", "proxy-connection", "te", "trailers", "transfer-encoding", "upgrade"})
MAX_BODY = 64 << 20  # a larger body is forwarded but captured cut ("body_truncated": true)


def _kept(headers: Any) -> dict[str, str]:
    return {k: v for k, v in headers.items() if k.lower() not in SECRET_HEADERS | HOP_HEADERS}


def body_json(data: bytes) -> dict[str, Any]:
    """A body for the capture: text when it is UTF-8, else base64 (`body_encoding`)."""
    out: dict[str, Any] = {}
    if len(data) > MAX_BODY:
        data, out["body_truncated"] = data[:MAX_BODY], True
    try:
        out["body"] = data.decode("utf-8")
    except UnicodeDecodeError:
        out["body"], out["body_encoding"] = base64.b64encode(data).decode("ascii"), "base64"
    return out


class CaptureLog:
    """Appends exchanges to a JSON Lines file, one whole line at a time across threads."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        self._fh: IO[str] = os.fdopen(fd, "a", encoding="utf-8")
        self._lock = threading.Lock()

    def write(self, exchange: dict[str, Any]) -> None:
        line = json.dumps(exchange, ensure_ascii=False) + "\n"
        with self._lock:
            self._fh.write(line)
            self._fh.flush()

    def close(self) -> None:
        self._fh.close()


class ProxyHandler(BaseHTTPRequestHandler):
    capture: CaptureLog  # set on the subclass `serve` makes
    timeout = 60

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        return  # the default prints each request's URL (query strings hold values) to stderr

    def _forward(self) -> None:
        url = urlsplit(self.path)
        if url.scheme != "http" or not url.hostname:
            self.send_error(400, "send absolute http:// URLs through this proxy")
            return
        length = int(self.headers.get("Content-Length") or 0)
        sent = self.rfile.read(length) if length else b""
        target = (url.path or "/") + (f"?{url.query}" if url.query else "")
        conn = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=self.timeout)
        try:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_HEADERS}
            conn.request(self.command, target, body=sent or None, headers=headers)
            resp = conn.getresponse()
            answer = resp.read()
        except OSError as exc:
            self.send_error(502, f"{url.hostname}: {type(exc).__name__}")
            return
        finally:
            conn.close()
        self.send_response(resp.status, resp.reason)
        for k, v in resp.getheaders():
            if k.lower() not in HOP_HEADERS | {"content-length"}:
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)
        self.capture.write({
            "time": dt.datetime.now(dt.UTC).isoformat(),
            "request": {"method": self.command, "url": self.path, "headers": _kept(self.headers), **body_json(sent)},
            "response": {"status": resp.status, "headers": _kept(dict(resp.getheaders())), **body_json(answer)},
        })

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _forward  # noqa: N815 - http.server's names

    def do_CONNECT(self) -> None:  # noqa: N802
        """Tunnel HTTPS unread (see the module docstring)."""
        host, _, port = self.path.partition(":")
        try:
            upstream = socket.create_connection((host, int(port or 443)), timeout=self.timeout)
        except OSError:
            self.send_error(502, f"{host}: cannot connect")
            return
        self.send_response(200, "Connection established")
        self.end_headers()
        sockets = [self.connection, upstream]
        while True:
            readable, _, _ = select.select(sockets, [], [], self.timeout)
            if not readable:
                break
            for s in readable:
                data = s.recv(1 << 16)
                if not data:
                    upstream.close()
                    return
                (upstream if s is self.connection else self.connection).sendall(data)
        upstream.close()


def serve(listen: tuple[str, int], out: Path) -> ThreadingHTTPServer:
    """A proxy server bound to `listen` writing to `out`; call `serve_forever()` on it."""
    handler = type("Handler", (ProxyHandler,), {"capture": CaptureLog(out)})
    return ThreadingHTTPServer(listen, handler)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", default="127.0.0.1:8080", help="host:port to listen on")
    parser.add_argument("--out", required=True, type=Path, help="JSON Lines capture file (appended)")
    args = parser.parse_args(argv)
    host, _, port = args.listen.rpartition(":")
    server = serve((host or "127.0.0.1", int(port)), args.out)
    print(f"capturing plain-HTTP egress on {args.listen} into {args.out}")  # noqa: T201 - a CLI tool
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
