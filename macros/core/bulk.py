"""Working on 100,000s of small objects at once."""

from __future__ import annotations

import gc
import os
import pickle
import sys
import threading
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")
A = TypeVar("A")


@contextmanager
def cycle_collector_paused():
    """Pause Python's cycle collector while building many small lists and tuples that form no cycles.

    Otherwise it runs hundreds of times while 150,000 rows are read, for nothing: a quarter of the time.
    Reference counting still frees everything as usual; the collector runs again afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def started_aside(function: Callable[..., T], *args: Any) -> Callable[[], T]:
    """Start `function(*args)` in a forked copy of this process, on the other core, and return what gives its
    result (pickled back; the worker's exception is raised there). Without fork it runs when its result is asked for.

    The copy shares every object loaded so far without pickling them; only the result travels back. A process
    with other threads (`make serve`, or an engine's own threads that Python does not see) is not forked: a lock
    another thread holds would stay locked in the copy.
    """
    if not can_fork():
        return lambda: function(*args)
    read_end, write_end = os.pipe()
    for stream in (sys.stdout, sys.stderr):
        stream.flush()  # else the copy's buffers would hold the same unwritten text
    pid = os.fork()
    if pid == 0:  # the copy: compute, send, and leave without running the parent's exit handlers
        status = 0
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as stream:
                stream.write(_outcome(function, args))
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    os.close(write_end)

    def result() -> T:
        with os.fdopen(read_end, "rb") as stream:
            payload = stream.read()
        _, status = os.waitpid(pid, 0)
        if not payload:
            raise RuntimeError(f"并行计算的进程没有交回结果就结束了（状态 {status}）")
        done, value = pickle.loads(payload)
        if not done:
            raise value
        return value

    return result


def side_by_side(here: Callable[[], A], aside: Callable[[], T]) -> tuple[A, T]:
    """Both results: `aside()` in a forked copy (started_aside), started first, while `here()` runs in this process."""
    later = started_aside(aside)
    return here(), later()


def can_fork() -> bool:
    """Whether started_aside runs its work in a forked copy here (else in this process, when asked for)."""
    return hasattr(os, "fork") and _only_thread()


def _only_thread() -> bool:
    """Whether this is the process's only thread: every thread the system counts (Linux), else Python's."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return threading.active_count() == 1


def _outcome(function: Callable, args: tuple) -> bytes:
    """(True, result) or (False, the exception raised), pickled; an exception that cannot be pickled as it is
    travels as a RuntimeError naming it."""
    try:
        return pickle.dumps((True, function(*args)), pickle.HIGHEST_PROTOCOL)
    except Exception as error:
        try:
            payload = pickle.dumps((False, error), pickle.HIGHEST_PROTOCOL)
            pickle.loads(payload)
            return payload
        except Exception:
            return pickle.dumps((False, RuntimeError(f"{type(error).__name__}: {error}")))
