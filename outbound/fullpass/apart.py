"""Run one function in a forked child process and bring its result (or its error) back.

Why: DuckDB writes the unused tail of some blocks (metadata pages, partly filled segments) to the
database file as it finds it in memory, and its allocator hands out memory that held earlier
query state. A process that has grouped raw identifiers in DuckDB can therefore leave fragments
of them in the warehouse file, outside every table (measured: about one run in six of the
end-to-end zone). So raw cells go through DuckDB only in a child process that never opens the
warehouse; the parent, which writes it, only ever sees keyed hashes. `person_keys_apart` runs the
full pass (`outbound.fullpass.passes`) so, on an in-memory database (`full_pass_connection`).

`os.fork` rather than `multiprocessing`: no interpreter start-up or re-import (the child shares the
parent's loaded modules), and it also works inside daemonic worker processes (Celery, Airflow
executors), where `multiprocessing.Process` refuses to start children. The parent must not hold an
open DuckDB database while it forks (its worker threads would not exist in the child).
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pyarrow as pa

from outbound.common import limits
from outbound.common.duckdb_memory import bound_memory
from outbound.common.errors import ChildProcessFailed
from outbound.common.records import ColumnLabel
from outbound.fullpass.passes import PersonKeys, TopUp, person_keys
from outbound.fullpass.reading import Readable
from outbound.regulation.rules import EntityFile

T = TypeVar("T")


def run_apart(fn: Callable[[], T], *, what: str, meanwhile: Callable[[], bool] | None = None) -> T | None:
    """`fn()` computed in a forked child; its exception is raised here, same type and message.

    `fn`'s result must pickle; keep it small (large tables travel better as files the child writes).
    `what` names the work in the error raised when the child dies without answering. `meanwhile`
    runs in this process after the fork, while the child works (start threads there, not before),
    and says whether the child's result is still wanted: False stops the child, and the answer is
    None. Without `meanwhile` the answer is always `fn()`'s.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child(fn, write_end, parent)
    os.close(write_end)
    try:
        with os.fdopen(read_end, "rb") as answer:  # closed however this ends, `meanwhile` raising too
            if meanwhile is not None and not meanwhile():
                _stop(pid)  # not wanted any more
                return None
            try:
                status, value = pickle.load(answer)
            except (EOFError, pickle.UnpicklingError):
                status, value = "died", None
    except BaseException:
        _stop(pid)  # interrupted here: the child must not outlive us
        raise
    _, code = os.waitpid(pid, 0)
    if status == "ok":
        return value  # type: ignore[no-any-return]
    if status == "error":
        raise value
    raise ChildProcessFailed(what, _describe(code))


def _stop(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def die_with_parent(parent: int) -> None:
    """Ask the kernel to SIGKILL this (forked) process when its parent dies (PR_SET_PDEATHSIG): a
    scan killed with SIGKILL leaves no child reading on. Linux only; elsewhere nothing happens.

    `parent`: the pid of the process that forked this one, taken before the fork. A parent killed
    between the fork and the request sends no signal, so the child then ends at once itself.
    """
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:
        os._exit(0)


def _child(fn: Callable[[], Any], write_end: int, parent: int) -> None:
    code = 0
    try:
        die_with_parent(parent)
        limits.bound_memory(limits.current().max_memory_bytes)  # past it: MemoryError, relayed
        try:
            message: tuple[str, Any] = ("ok", fn())
        except BaseException as exc:  # relayed to the parent, which raises it
            message = ("error", _portable(exc))
        with os.fdopen(write_end, "wb") as out:
            pickle.dump(message, out, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:
        code = 70  # could not even answer: the parent reports the exit code
    finally:
        os._exit(code)  # no atexit handlers, no flushing of the parent's buffers a second time


def _portable(exc: BaseException) -> BaseException:
    """`exc` if it survives pickling, else a RuntimeError that says what it was."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc.with_traceback(None)
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")


def _describe(code: int) -> str:
    if os.WIFSIGNALED(code):
        sig = os.WTERMSIG(code)
        hint = " (killed: out of memory?)" if sig == signal.SIGKILL else ""
        try:
            name = signal.Signals(sig).name
        except ValueError:  # a real-time signal has no name
            name = str(sig)
        return f"was killed by signal {name}{hint}"
    return f"exited with code {os.waitstatus_to_exitcode(code)} without an answer"


def full_pass_connection(spill: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB for the full pass: bounded memory, spilling into `spill` (private)."""
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")  # DuckDB would draw it on our stdout in a long pass
    bound_memory(con, spill)
    return con


def person_keys_apart(
    source: Readable, labels: Sequence[ColumnLabel], *, key: bytes, on: dt.date, entities: EntityFile,
    workdir: Path, meanwhile: Callable[[], bool] | None = None, top_up: TopUp | None = None,
) -> PersonKeys | None:
    """`person_keys` in a forked child on its own in-memory DuckDB (see the module docstring).

    `workdir`: a private directory for the child's spill files and the two tables it hands back
    (Arrow IPC files of keyed hashes, memory-mapped here). `meanwhile` runs here while it works
    and says whether the keys are still wanted (see `run_apart`); None: they were not.
    """

    def work() -> tuple[int, int, int, tuple[ColumnLabel, ...]]:
        con = full_pass_connection(workdir)
        try:
            keys = person_keys(con, source, labels, key=key, on=on, entities=entities, top_up=top_up)
        finally:
            con.close()
        for name, table in (("ids", keys.ids), ("edges", keys.edges)):
            with pa.ipc.new_file(workdir / f"{name}.arrow", table.schema) as out:
                out.write_table(table)
        return keys.total_rows, keys.unlinked, keys.unlinked_sensitive, keys.labels  # labels hold no cell

    answer = run_apart(work, what=f"full pass over {source.path}", meanwhile=meanwhile)
    if answer is None:
        return None
    total, unlinked, unlinked_sensitive, used = answer
    ids, edges = (pa.ipc.open_file(pa.memory_map(str(workdir / f"{n}.arrow"))).read_all() for n in ("ids", "edges"))
    return PersonKeys(total, unlinked, unlinked_sensitive, ids, edges, used)
