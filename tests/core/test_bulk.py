"""macros/core/bulk.py: work started aside in a forked copy gives its result, or its exception, back."""

from __future__ import annotations

import os
import threading

import pytest

from macros.core.bulk import started_aside
from macros.core.errors import ContentError, Problem


def _pid_and_sum(numbers: list[int]) -> tuple[int, int]:
    return os.getpid(), sum(numbers)


def _refuse(name: str) -> None:
    raise KeyError(name)


def test_the_result_comes_back_from_another_process():
    pid, total = started_aside(_pid_and_sum, list(range(100_000)))()
    assert (pid != os.getpid(), total) == (True, sum(range(100_000)))


def test_the_exception_raised_aside_is_raised_when_the_result_is_asked_for():
    with pytest.raises(KeyError, match="W0001"):
        started_aside(_refuse, "W0001")()


def test_a_worker_that_dies_is_an_error_not_a_missing_result():
    with pytest.raises(RuntimeError, match="没有交回结果"):
        started_aside(os._exit, 3)()


def test_a_process_with_threads_is_not_forked():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        pid, _ = started_aside(_pid_and_sum, [1])()
    finally:
        stop.set()
        thread.join()
    assert pid == os.getpid()


def test_a_content_error_comes_back_with_its_problems():
    problems = [Problem("data/members.csv", 3, "第3行：委员编号重复")]

    def fails():
        raise ContentError(problems)

    with pytest.raises(ContentError) as raised:
        started_aside(fails)()
    assert raised.value.problems == problems
