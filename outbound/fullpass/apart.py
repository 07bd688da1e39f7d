"""Run one function in a forked child process and bring its result (or its error) back.

Why: DuckDB writes the unused tail of some blocks (metadata pages, partly filled segments) to the
database file as it finds it in memory, and its allocator hands out memory that held earlier
query state. A process that has grouped raw identifiers in DuckDB can therefore leave fragments
of them in the warehouse file, outside every table (measured: about one run in six of the
end-to-end zone). So raw cells go through DuckDB only in a child process that never opens the
warehouse; the parent, which writes it, only ever sees keyed hashes. See `outbound.fullpass.keys`.

`os.fork` rather than `multiprocessing`: no interpreter start-up or re-import (the child shares the
parent's loaded modules), and it also works inside daemonic worker processes (Celery, Airflow
executors), where `multiprocessing.Process` refuses to start children. The parent must not hold an
open DuckDB database while it forks (its worker threads would not exist in the child).
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from outbound.common.errors import ChildProcessFailed

T = TypeVar("T")


def run_apart(fn: Callable[[], T], *, what: str, meanwhile: Callable[[], None] | None = None) -> T:
    """`fn()` computed in a forked child; its exception is raised here, same type and message.

    `fn`'s result must pickle; keep it small (large tables travel better as files the child writes).
    `what` names the work in the error raised when the child dies without answering. `meanwhile`
    runs in this process after the fork, while the child works (start threads there, not before).
    """
    sys.stdout.flush()
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child(fn, write_end)
    os.close(write_end)
    try:
        with os.fdopen(read_end, "rb") as answer:  # closed however this ends, `meanwhile` raising too
            if meanwhile is not None:
                meanwhile()
            try:
                status, value = pickle.load(answer)
            except (EOFError, pickle.UnpicklingError):
                status, value = "died", None
    except BaseException:
        os.kill(pid, signal.SIGKILL)  # interrupted here: the child must not outlive us
        os.waitpid(pid, 0)
        raise
    _, code = os.waitpid(pid, 0)
    if status == "ok":
        return value  # type: ignore[no-any-return]
    if status == "error":
        raise value
    raise ChildProcessFailed(what, _describe(code))


def _child(fn: Callable[[], Any], write_end: int) -> None:
    code = 0
    try:
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
