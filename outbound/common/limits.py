"""The bounds every read of an export stays within, each with its environment variable.

A file past a bound is refused with one line naming it, the bound and the variable that raises
it (`LimitExceeded`); the other files of the batch are read. Bounds are read from the
environment when they are used (`current()`), so a long-running worker follows a changed value
at its next file. docs/reliability.md lists them with their defaults and why.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

from outbound.common.errors import LimitExceeded, UsageError

GiB = 1 << 30
MiB = 1 << 20


@dataclass(frozen=True)
class Limits:
    """Defaults: generous for real exports (the evaluation corpus is far inside them), tight
    enough that no single file can take the machine."""

    max_file_seconds: float = 600.0  # OUTBOUND_MAX_FILE_SECONDS: one file's classification and full pass
    max_memory_bytes: int = 4 * GiB  # OUTBOUND_MAX_MEMORY_BYTES: the reading process's data, beyond its start
    max_line_bytes: int = 16 * MiB  # OUTBOUND_MAX_LINE_BYTES: one line (record) of a CSV or JSON Lines file
    max_columns: int = 4096  # OUTBOUND_MAX_COLUMNS: columns of a CSV, fields of a JSON record, of a sheet
    max_decompressed_bytes: int = 64 * GiB  # OUTBOUND_MAX_DECOMPRESSED_BYTES: a .gz file's content
    max_compression_ratio: int = 1000  # OUTBOUND_MAX_COMPRESSION_RATIO: a .gz file's content / its size
    max_sheets: int = 100  # OUTBOUND_MAX_SHEETS: worksheets of a workbook
    max_cells: int = 200_000_000  # OUTBOUND_MAX_CELLS: cells (rows × columns) of a workbook's sheets
    readers: int = 2  # OUTBOUND_READERS: reading processes of a batch (each within max_memory_bytes; at most the CPUs)
    follow_symlinks: bool = False  # OUTBOUND_FOLLOW_SYMLINKS=1: follow links that leave the folder scanned
    bad_bytes: str = (
        "refuse"  # OUTBOUND_BAD_BYTES=skip: read a text file around bytes not valid in its encoding
    )

    @staticmethod
    def env_name(field: str) -> str:
        return "OUTBOUND_" + field.upper()


_GIVEN: list[Limits] = []  # bounds given by a caller (`given`), in force instead of the environment's


def given(bounds: Limits | None) -> None:
    """Put `bounds` in force in this process (and the processes it forks); None: the environment's."""
    _GIVEN[:] = [bounds] if bounds is not None else []


def current() -> Limits:
    """The bounds in force: those `given`, else the defaults, each overridden by its environment variable."""
    if _GIVEN:
        return _GIVEN[0]
    given: dict[str, object] = {}
    for f in fields(Limits):
        name = Limits.env_name(f.name)
        text = os.environ.get(name, "").strip()
        if not text:
            continue
        if f.type == "bool":
            given[f.name] = text.lower() in ("1", "true", "yes", "on")
            continue
        if f.type == "str":
            if text.lower() not in ("skip", "refuse"):
                raise UsageError(f"${name}={text!r}: give skip or refuse")
            given[f.name] = text.lower()
            continue
        try:
            value = float(text) if f.type == "float" else int(float(text))
        except ValueError:
            raise UsageError(f"${name}={text!r} is not a number; unset it or give a number") from None
        if value <= 0:
            raise UsageError(f"${name}={text!r} must be above 0")
        given[f.name] = value
    return Limits(**given)  # type: ignore[arg-type]


def exceeded(path: str, what: str, limit: str, field: str) -> LimitExceeded:
    """The one line for a file past a bound: its name, the bound, how to raise it (`field`: the
    Limits field; a text starting "none:" where no variable raises it)."""
    from outbound.common.masking import printable

    if field.startswith("none:"):
        return LimitExceeded(f"{printable(path)}: not read: {what} (limit {limit}); the other files were read; "
                             f"{field.removeprefix('none:').strip()}")  # fmt: skip
    return LimitExceeded(
        f"{printable(path)}: not read: {what} (limit {limit}); the other files were read. If the file is "
        f"genuine, raise the limit with ${Limits.env_name(field)}"
    )


def _data_bytes() -> int:
    """This process's data segment now (VmData, what RLIMIT_DATA bounds), in bytes; 0 if unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def bound_memory(extra: int) -> None:
    """Let this (forked) process's data segment grow by at most `extra` bytes beyond what it holds
    now (RLIMIT_DATA: past it an allocation fails, MemoryError in Python, an error in DuckDB)."""
    import resource

    ceiling = _data_bytes() + extra
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        ceiling = min(ceiling, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (ceiling, hard))
