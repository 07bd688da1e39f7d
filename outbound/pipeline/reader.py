"""A forked reader process (a batch forks one or two, `batch._readers`): it reads every file's
cells (sample, classification, full pass), bounded in memory and in time; this process only hashes files and writes the warehouse.

Why one process for the batch rather than one per file: a fork, an in-memory DuckDB and the
warehouse opened twice cost about 0.28 s of CPU per file (measured on 200 one-row CSVs), so a
folder of 5,000 small files took about 25 minutes. The reader is forked once, before the
warehouse is opened (a process must not fork while it holds a DuckDB database: its threads would
not exist in the child), and is handed one file after another over a pipe; for small files several
at once (`send` / `receive`), so that it reads the next files while this process records.

Bounds, by construction (docs/reliability.md): the reader's data segment may grow by at most
`max_memory_bytes` (RLIMIT_DATA: past it an allocation fails, the file is refused and the reader
replaced); a file that takes longer than `max_file_seconds` is abandoned (the reader is killed
and replaced) and named; the reader dies with this process (PR_SET_PDEATHSIG), so a killed scan
leaves no reader behind. Raw cells stay in the reader (see `outbound.fullpass.apart`): what comes
back is labels, counts and keyed hashes (in the answer for a small file, else as Arrow files it
wrote into the batch's private hand-over folder).
"""

from __future__ import annotations

import fcntl
import os
import pickle
import select
import signal
import struct
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from outbound.common import limits
from outbound.common.errors import ChildProcessFailed
from outbound.fullpass.apart import _describe, _portable, die_with_parent
from outbound.pipeline.concurrency import imports_done

_HEADER = struct.Struct("!Q")


def _send(fd: int, value: Any) -> None:
    _write(fd, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def _write(fd: int, data: bytes) -> None:
    view = memoryview(_HEADER.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _read_exactly(fd: int, n: int, deadline: float | None) -> bytes:
    buffer = bytearray()
    while len(buffer) < n:
        if deadline is not None:
            # past the deadline an answer already there is still taken (it came in time: this
            # process was waiting on another reader meanwhile)
            left = max(deadline - time.monotonic(), 0.0)
            if not select.select([fd], [], [], left)[0]:
                raise TimeoutError
        chunk = os.read(fd, min(n - len(buffer), 1 << 20))
        if not chunk:
            raise EOFError
        buffer += chunk
    return bytes(buffer)


def _recv(fd: int, deadline: float | None) -> Any:
    """One message from `fd`; TimeoutError past `deadline` (monotonic), EOFError if the writer died.

    The deadline bounds the wait for the message to begin: a writer that has begun has done its
    work, and a large answer arriving in pieces past the deadline is still read whole."""
    (size,) = _HEADER.unpack(_read_exactly(fd, _HEADER.size, deadline))
    return pickle.loads(_read_exactly(fd, size, None))


# This process's ends of every live reader's pipes: a reader forked later closes them, or the
# earlier reader would never see its job pipe close (the later one would hold it open).
_PARENT_ENDS: set[int] = set()

PIPE_BYTES = 1 << 20  # asked of both pipes (Linux's default cap for a user), else they stay 64 KiB
MAX_IN_FLIGHT = 256  # about a second of one-row files: the reader reads on while this process records


@dataclass
class _Sent:
    job: Any
    size: int  # pickled
    at: float  # monotonic, when sent


def _widen(fd: int) -> int:
    """Ask for a pipe of PIPE_BYTES (answers wait there while this process records); its size."""
    try:
        return fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (OSError, AttributeError):  # not Linux, or over the user's pipe quota: the default
        return fcntl.fcntl(fd, fcntl.F_GETPIPE_SZ) if hasattr(fcntl, "F_GETPIPE_SZ") else 1 << 16


class Reader:
    """A forked process that runs `work(job)` for one job after another.

    `run(job)` sends one job and waits for its answer. A batch of small files keeps several jobs
    in flight instead (`send`, then `receive` the answers in order): the reader starts the next
    file while this process records the last. Each answer is awaited at most `seconds` from when
    the reader could start on it (its job sent, and the answer before it received).

    `before_fork` is called before each (re)start: the caller closes its DuckDB databases there.
    """

    def __init__(self, work: Callable[[Any], Any], before_fork: Callable[[], None] = lambda: None) -> None:
        self._work = work
        self._before_fork = before_fork
        self._pid: int | None = None
        self._jobs = self._answers = -1
        self._flight: deque[_Sent] = deque()  # sent, not answered: closing must not wait for them
        self._last = 0.0  # monotonic, when the last answer came
        self._budget = 0  # bytes of jobs in flight: half a pipe, so that a send never blocks

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
        self._budget = min(_widen(jobs_w), _widen(answers_w)) // 2
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the reader: never returns
            for fd in (jobs_w, answers_r, *_PARENT_ENDS):
                os.close(fd)
            self._serve(jobs_r, answers_w, parent)
        os.close(jobs_r)
        os.close(answers_w)
        self._pid, self._jobs, self._answers = pid, jobs_w, answers_r
        _PARENT_ENDS.update((jobs_w, answers_r))

    def _serve(self, jobs: int, answers: int, parent: int) -> None:
        code = 0
        try:
            die_with_parent(parent)
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

    @property
    def in_flight(self) -> int:
        return len(self._flight)

    def has_room(self) -> bool:
        """Whether another job may be sent before an answer is received (one always may when none is in flight)."""
        return not self._flight or (
            len(self._flight) < MAX_IN_FLIGHT and sum(s.size for s in self._flight) < self._budget
        )

    def send(self, job: Any) -> None:
        """Queue `job` for the reader (started if need be); its answer comes from `receive`."""
        self.ensure_started()
        data = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
        _write(self._jobs, data)
        self._flight.append(_Sent(job, len(data), time.monotonic()))

    def ready(self, timeout: float = 0.0) -> bool:
        """Whether an answer can be read now (waiting up to `timeout` seconds)."""
        return bool(self._flight) and bool(select.select([self._answers], [], [], timeout)[0])

    def receive(self, *, what: str, seconds: float) -> Any:
        """The answer to the oldest job in flight; its exception is raised here. TimeoutError past
        `seconds`, ChildProcessFailed if the reader died: then the reader is replaced and the jobs
        after this one are sent to the new one."""
        head = self._flight[0]
        try:
            status, value = _recv(self._answers, max(head.at, self._last) + seconds)
        except TimeoutError:
            self._replace(kill=True)
            raise
        except (EOFError, BrokenPipeError, pickle.UnpicklingError):
            code = self._replace(kill=False)
            raise ChildProcessFailed(what, _describe(code)) from None
        self._flight.popleft()
        self._last = time.monotonic()
        if status == "ok":
            return value
        if isinstance(value, MemoryError):
            self._replace(kill=True, head=False)  # out of memory mid-way: not trusted with the next file
        raise value

    def _replace(self, *, kill: bool, head: bool = True) -> int:
        """Stop the reader; the jobs it had not answered (but the head's, when `head`) go to a new one."""
        pending = [s.job for s in self._flight][1 if head else 0 :]
        code = self.stop(kill=kill)
        for job in pending:
            self.send(job)
        return code

    def run(self, job: Any, *, what: str, seconds: float) -> Any:
        """`work(job)` in the reader; its exception is raised here. TimeoutError past `seconds`
        (the reader is then killed; the next `run` starts another)."""
        assert not self._flight, "run() with jobs in flight"
        self.send(job)
        return self.receive(what=what, seconds=seconds)

    def stop(self, *, kill: bool = True) -> int:
        """End the reader (the jobs in flight are dropped); its wait status."""
        self._flight.clear()
        if self._pid is None:
            return 0
        pid, self._pid = self._pid, None
        self._close_ends()
        if kill:
            os.kill(pid, signal.SIGKILL)
        return os.waitpid(pid, 0)[1]

    def _close_ends(self) -> None:
        for fd in (self._jobs, self._answers):
            _PARENT_ENDS.discard(fd)
            os.close(fd)

    def close(self) -> None:
        """Let an idle reader finish (its job pipe closes) and wait for it; a busy one (the scan
        was interrupted) is killed."""
        if self._flight:
            self.stop()
        if self._pid is not None:
            self._close_ends()
            os.waitpid(self._pid, 0)
            self._pid = None
