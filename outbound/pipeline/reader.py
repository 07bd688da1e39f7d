"""One forked reader process per batch: it reads every file's cells (sample, classification, full
pass), bounded in memory and in time; this process only hashes files and writes the warehouse.

Why one process for the batch rather than one per file: a fork, an in-memory DuckDB and the
warehouse opened twice cost about 0.28 s of CPU per file (measured on 200 one-row CSVs), so a
folder of 5,000 small files took about 25 minutes. The reader is forked once, before the
warehouse is opened (a process must not fork while it holds a DuckDB database: its threads would
not exist in the child), and is handed one file after another over a pipe.

Bounds, by construction (docs/reliability.md): the reader's data segment may grow by at most
`max_memory_bytes` (RLIMIT_DATA: past it an allocation fails, the file is refused and the reader
replaced); a file that takes longer than `max_file_seconds` is abandoned (the reader is killed
and replaced) and named; the reader dies with this process (PR_SET_PDEATHSIG), so a killed scan
leaves no reader behind. Raw cells stay in the reader (see `outbound.fullpass.apart`): what comes
back is labels, counts and the keyed hashes it wrote as Arrow files into the job's private folder.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import struct
import sys
import time
from collections.abc import Callable
from typing import Any

from outbound.common import limits
from outbound.common.errors import ChildProcessFailed
from outbound.fullpass.apart import _describe, _portable, die_with_parent
from outbound.pipeline.concurrency import imports_done

_HEADER = struct.Struct("!Q")


def _send(fd: int, value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_HEADER.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _read_exactly(fd: int, n: int, deadline: float | None) -> bytes:
    buffer = bytearray()
    while len(buffer) < n:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise TimeoutError
        chunk = os.read(fd, min(n - len(buffer), 1 << 20))
        if not chunk:
            raise EOFError
        buffer += chunk
    return bytes(buffer)


def _recv(fd: int, deadline: float | None) -> Any:
    """One message from `fd`; TimeoutError past `deadline` (monotonic), EOFError if the writer died."""
    (size,) = _HEADER.unpack(_read_exactly(fd, _HEADER.size, deadline))
    return pickle.loads(_read_exactly(fd, size, deadline))


class Reader:
    """A forked process that runs `work(job)` for one job after another (`run`).

    `before_fork` is called before each (re)start: the caller closes its DuckDB databases there.
    """

    def __init__(self, work: Callable[[Any], Any], before_fork: Callable[[], None] = lambda: None) -> None:
        self._work = work
        self._before_fork = before_fork
        self._pid: int | None = None
        self._jobs = self._answers = -1
        self._busy = False  # a job was sent and its answer not read: closing must not wait for it

    def ensure_started(self) -> None:
        if self._pid is None:
            self.start()

    def start(self) -> None:
        self._before_fork()
        imports_done()
        sys.stdout.flush()
        sys.stderr.flush()
        jobs_r, jobs_w = os.pipe()
        answers_r, answers_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the reader: never returns
            os.close(jobs_w)
            os.close(answers_r)
            self._serve(jobs_r, answers_w)
        os.close(jobs_r)
        os.close(answers_w)
        self._pid, self._jobs, self._answers = pid, jobs_w, answers_r

    def _serve(self, jobs: int, answers: int) -> None:
        code = 0
        try:
            die_with_parent()
            limits.bound_memory(limits.current().max_memory_bytes)
            while True:
                try:
                    job = _recv(jobs, None)
                except EOFError:
                    break
                try:
                    message: tuple[str, Any] = ("ok", self._work(job))
                except BaseException as exc:  # relayed: the parent raises it
                    message = ("error", _portable(exc))
                _send(answers, message)
        except BaseException:
            code = 70
        finally:
            os._exit(code)

    def run(self, job: Any, *, what: str, seconds: float) -> Any:
        """`work(job)` in the reader; its exception is raised here. TimeoutError past `seconds`
        (the reader is then killed; the next `run` starts another)."""
        self.ensure_started()
        self._busy = True
        try:
            _send(self._jobs, job)
            status, value = _recv(self._answers, time.monotonic() + seconds)
            self._busy = False
        except TimeoutError:
            self.stop()
            raise
        except (EOFError, BrokenPipeError, pickle.UnpicklingError):
            code = self.stop(kill=False)
            raise ChildProcessFailed(what, _describe(code)) from None
        if status == "ok":
            return value
        if isinstance(value, MemoryError):
            self.stop()  # a process that ran out of memory mid-way is not trusted with the next file
        raise value

    def stop(self, *, kill: bool = True) -> int:
        """End the reader; its wait status."""
        if self._pid is None:
            return 0
        pid, self._pid = self._pid, None
        self._busy = False
        for fd in (self._jobs, self._answers):
            os.close(fd)
        if kill:
            os.kill(pid, signal.SIGKILL)
        return os.waitpid(pid, 0)[1]

    def close(self) -> None:
        """Let an idle reader finish (its job pipe closes) and wait for it; a busy one (the scan
        was interrupted) is killed."""
        if self._busy:
            self.stop()
            self._busy = False
        if self._pid is not None:
            os.close(self._jobs)
            os.close(self._answers)
            os.waitpid(self._pid, 0)
            self._pid = None
