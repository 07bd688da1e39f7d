"""run_apart: the work happens in another process; its result or its error comes back intact."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from outbound.common.errors import ChildProcessFailed, UnreadableExport
from outbound.fullpass.apart import run_apart


def test_when_work_runs_apart_then_it_runs_in_another_process_and_returns_its_result():
    here = os.getpid()
    pid, doubled = run_apart(lambda: (os.getpid(), [x * 2 for x in range(5)]), what="doubling")
    assert pid != here
    assert doubled == [0, 2, 4, 6, 8]


def test_when_the_child_writes_memory_then_the_parent_does_not_see_it():
    box = {"v": 1}

    def work() -> int:
        box["v"] = 2
        return box["v"]

    assert run_apart(work, what="writing") == 2
    assert box == {"v": 1}


def test_when_the_work_raises_an_outbound_error_then_the_same_error_is_raised_here():
    def work() -> None:
        raise UnreadableExport("/x/orders.csv", "csv", "line 3: bad quoting")

    with pytest.raises(UnreadableExport) as caught:
        run_apart(work, what="reading")
    assert (caught.value.path, caught.value.fmt, caught.value.reason) == ("/x/orders.csv", "csv", "line 3: bad quoting")
    assert str(caught.value) == "cannot read /x/orders.csv as csv: line 3: bad quoting"


def test_when_the_work_raises_an_os_error_then_it_keeps_its_errno():
    def work() -> None:
        Path("/nonexistent/dir/file").read_bytes()

    with pytest.raises(FileNotFoundError) as caught:
        run_apart(work, what="opening")
    assert caught.value.filename == "/nonexistent/dir/file"


def test_when_the_error_cannot_cross_then_a_runtime_error_names_it():
    class Local(Exception):  # not importable by the parent's unpickler
        pass

    def work() -> None:
        raise Local("only here")

    with pytest.raises(RuntimeError, match="Local: only here"):
        run_apart(work, what="local")


def test_when_the_child_dies_without_answering_then_the_error_names_the_work_and_how():
    with pytest.raises(ChildProcessFailed, match=r"full pass over a\.csv: .* exited with code 3"):
        run_apart(lambda: os._exit(3), what="full pass over a.csv")
    with pytest.raises(ChildProcessFailed, match="killed by signal SIGKILL"):
        run_apart(lambda: os.kill(os.getpid(), signal.SIGKILL), what="full pass over b.csv")


def test_when_meanwhile_is_given_then_it_runs_here_while_the_child_works():
    seen: list[int] = []

    def note() -> bool:
        seen.append(os.getpid())
        return True  # the child's answer is still wanted

    assert run_apart(lambda: "done", what="w", meanwhile=note) == "done"
    assert seen == [os.getpid()]


def test_when_meanwhile_no_longer_wants_the_answer_then_the_child_is_stopped_and_none_returned():
    before = len(os.listdir("/proc/self/fd"))
    for _ in range(5):
        assert run_apart(lambda: signal.pause(), what="waiting forever", meanwhile=lambda: False) is None
    assert len(os.listdir("/proc/self/fd")) == before


def test_when_meanwhile_raises_then_the_child_is_stopped_and_nothing_is_left_open():
    class Enough(Exception):
        pass

    def stop() -> None:
        raise Enough

    before = len(os.listdir("/proc/self/fd"))
    for _ in range(5):
        with pytest.raises(Enough):
            run_apart(lambda: signal.pause(), what="waiting forever", meanwhile=stop)  # only a kill ends it
    assert len(os.listdir("/proc/self/fd")) == before
