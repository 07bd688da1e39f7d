"""The records of one JSON document, streamed: a top-level array of objects, or an object holding
exactly one array of objects (its other members are metadata and are skipped), or several
top-level objects one after the other (JSON Lines saved as .json). `document_shape` tells which,
and also names the other shape a source can read: one object that is itself the record (an API
response, {"code": 0, "data": {"list": [...]}}, whose arrays of objects are rows: nesting.py).

Written by hand on `json.JSONDecoder.raw_decode` over text chunks because no streaming JSON
parser is installed (ijson is not a dependency): raw_decode is the C scanner, so each record is
parsed at `json.loads` speed, and memory holds one record plus one chunk, not the document. A
caller that stops early (a sample of the first rows) reads only that far — and so does not learn
whether a second array follows; a full pass checks it at the end.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, TextIO

CHUNK_CHARS = 1 << 16
_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
_LONGEST_TOKEN = len("-Infinity")  # a literal or escape cut short fails this close to the end


class JsonShapeError(ValueError):
    """The document is not valid JSON, or not records; the message says where."""


class _Text:
    """A cursor over a text stream that keeps only the unread part (plus one chunk) in memory."""

    def __init__(self, stream: TextIO) -> None:
        self.stream, self.buf, self.pos, self.eof = stream, "", 0, False
        self.lines_before, self.column_base = 0, 0  # where buf[0] stands in the document

    def fill(self) -> bool:
        """Read more (at least as much as is buffered, so one long value costs O(n log n))."""
        if self.eof:
            return False
        chunk = self.stream.read(max(CHUNK_CHARS, len(self.buf) - self.pos))
        if not chunk:
            self.eof = True
            return False
        if self.pos >= CHUNK_CHARS:
            dropped = self.buf[: self.pos]
            newline = dropped.rfind("\n")
            if newline >= 0:
                self.lines_before += dropped.count("\n")
                self.column_base = len(dropped) - newline - 1
            else:
                self.column_base += len(dropped)
            self.buf, self.pos = self.buf[self.pos :], 0
        self.buf += chunk
        return True

    def peek(self) -> str:
        """The next character that is not white space, not consumed; "" at the end."""
        while True:
            self.pos = _SPACE.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.fill():
                return ""

    def take(self, allowed: str, what: str) -> str:
        char = self.peek()
        if not char or char not in allowed:
            raise self.error(f"Expecting {what}", self.pos)
        self.pos += 1
        return char

    def value(self) -> Any:
        """The next JSON value, read whole (more chunks are read until it is complete)."""
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as e:
                # Only a value cut by the chunk's end can be completed by reading on; any other
                # error is final, so a broken document is not read to its end first.
                cut = e.pos >= len(self.buf) - _LONGEST_TOKEN or e.msg.startswith("Unterminated string")
                if self.eof or not cut:
                    raise self.error(e.msg, e.pos) from None
            else:
                # A number at the end of the buffer may continue in the next chunk.
                if end < len(self.buf) or self.eof:
                    self.pos = end
                    return value
            self.fill()

    def error(self, message: str, pos: int) -> JsonShapeError:
        newline = self.buf.rfind("\n", 0, pos)
        line = self.lines_before + self.buf.count("\n", 0, pos) + 1
        column = pos - newline if newline >= 0 else self.column_base + pos + 1
        return JsonShapeError(f"not valid JSON at line {line} column {column}: {message}")


def iter_records(stream: TextIO) -> Iterator[dict[str, Any]]:
    """Every record of the document in order; JsonShapeError names what is wrong and where."""
    text = _Text(stream)
    first = text.peek()
    if first == "[":
        yield from _items(text, "item")
    elif first == "{":
        yield from _members(text)
    else:
        doc = text.value()
        raise JsonShapeError(f"expected an array of objects, found a JSON {type(doc).__name__}")
    if text.peek():
        raise text.error("Extra data", text.pos)


def _members(text: _Text) -> Iterator[dict[str, Any]]:
    text.take("{", "'{'")
    arrays: list[str] = []
    if text.peek() != "}":
        while True:
            if text.peek() != '"':
                raise text.error("Expecting property name enclosed in double quotes", text.pos)
            key = text.value()
            text.take(":", "':' delimiter")
            if text.peek() == "[" and not arrays:
                arrays.append(key)
                yield from _items(text, key)
            else:
                if isinstance(text.value(), list):
                    arrays.append(key)
            if text.take(",}", "',' delimiter") == "}":
                break
    else:
        text.take("}", "'}'")
    if len(arrays) != 1:
        found = f"it holds {len(arrays)} arrays" + (f" ({', '.join(arrays[:10])})" if arrays else "")
        raise JsonShapeError(f"expected an array of objects or an object holding exactly one; {found}")


def _items(text: _Text, where: str) -> Iterator[dict[str, Any]]:
    text.take("[", "'['")
    if text.peek() == "]":
        text.pos += 1
        return
    number = 0
    while True:
        item = text.value()
        if not isinstance(item, dict):
            raise JsonShapeError(f"{where}[{number}] is a JSON {type(item).__name__}, not an object")
        yield item
        number += 1
        if text.take(",]", "',' delimiter") == "]":
            return


def document_shape(stream: TextIO) -> str:
    """"array" (a top-level array), "member" (an object holding exactly one array), "object" (an
    object holding none or several: one record), "values" (several top-level values) or "scalar".
    Reads the document once, an array's items one at a time (bounded memory)."""
    text = _Text(stream)
    first = text.peek()
    if first == "[":
        return "array"
    if first != "{":
        return "scalar"
    text.take("{", "'{'")
    arrays = 0
    if text.peek() != "}":
        while True:
            if text.peek() != '"':
                raise text.error("Expecting property name enclosed in double quotes", text.pos)
            text.value()
            text.take(":", "':' delimiter")
            if text.peek() == "[":
                arrays += 1
                _skip_array(text)
            else:
                text.value()
            if text.take(",}", "',' delimiter") == "}":
                break
    else:
        text.take("}", "'}'")
    if text.peek():
        return "values"
    return "member" if arrays == 1 else "object"


def _skip_array(text: _Text) -> None:
    text.take("[", "'['")
    if text.peek() == "]":
        text.pos += 1
        return
    while True:
        text.value()
        if text.take(",]", "',' delimiter") == "]":
            return


def iter_values(stream: TextIO) -> Iterator[dict[str, Any]]:
    """Top-level objects one after the other (JSON Lines saved as .json), each one record."""
    text = _Text(stream)
    number = 0
    while text.peek():
        value = text.value()
        if not isinstance(value, dict):
            raise JsonShapeError(f"top-level value {number} is a JSON {type(value).__name__}, not an object")
        yield value
        number += 1
