"""The error hierarchy. Every error names the object it is about and what to do next.

`Terminal` errors will fail again on retry (bad input, bad configuration); `Transient` ones may
pass on retry (a locked file, a network hiccup). Airflow tasks and the CLI use the marker to decide
whether to retry.
"""

from __future__ import annotations


class OutboundError(Exception):
    """Base of every error this product raises on purpose."""

    retryable = False

    def __reduce__(self) -> tuple[object, ...]:
        # Subclasses take their own constructor arguments: rebuild from the message and attributes
        # instead, so an error crosses a process boundary (outbound.fullpass.apart) unchanged.
        return (_rebuild, (type(self), self.args, self.__dict__))


def _rebuild(cls: type[OutboundError], args: tuple[object, ...], state: dict[str, object]) -> OutboundError:
    exc = cls.__new__(cls)
    exc.args = args
    exc.__dict__.update(state)
    return exc


class Terminal(OutboundError):
    """Retrying will not help: fix the input or the configuration."""


class Transient(OutboundError):
    """May pass when retried."""

    retryable = True


class UnreadableExport(Terminal):
    """An export file cannot be read in the format we took it for."""

    def __init__(self, path: str, fmt: str | None, reason: str) -> None:
        from outbound.common.masking import printable  # a name may hold a newline or bytes not UTF-8

        self.path, self.fmt, self.reason = path, fmt, reason
        super().__init__(f"cannot read {printable(path)} as {fmt or 'any known format'}: {reason}")


class UnsupportedFormat(Terminal):
    def __init__(self, path: str, known: list[str]) -> None:
        from outbound.common.masking import printable

        self.path = path
        super().__init__(
            f"{printable(path)}: unknown export format; supported suffixes are {', '.join(known)}"
        )


class RuleFileError(Terminal):
    """A file under rules/ is missing or does not match its schema."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        super().__init__(f"rule file {path}: {reason}")


class WarehouseError(Terminal):
    pass


class HashSchemeMismatch(WarehouseError):
    """The warehouse's identifiers were keyed by another scheme than this version's."""


class HashKeyMismatch(WarehouseError):
    """The warehouse's identifiers were keyed with another secret than the one given now."""


class WarehouseBusy(Transient):
    def __init__(self, path: str, waited_s: float = 0.0) -> None:
        super().__init__(
            f"warehouse {path} is busy: another outbound process has it open (waited {waited_s:g} s); "
            "retry when it has finished, or wait longer with OUTBOUND_WAREHOUSE_WAIT=SECONDS"
        )


class ChildProcessFailed(Terminal):
    """A child process doing part of the work died without answering (killed, crashed)."""

    def __init__(self, what: str, how: str) -> None:
        self.what = what
        super().__init__(
            f"{what}: the child process doing it {how}; nothing was recorded. If it ran out of memory, "
            "lower OUTBOUND_DUCKDB_MEMORY (DuckDB then spills to disk) and retry"
        )


class UsageError(Terminal):
    """The caller asked for something inconsistent (bad date, missing option)."""


class LimitExceeded(Terminal):
    """A file is past one of the reading bounds (`outbound.common.limits`): refused, the batch goes on."""
