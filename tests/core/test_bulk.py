"""macros/core/bulk.py: work started aside in a forked copy gives its result, or its exception, back.

A pytest-xdist worker has threads (so started_aside never forks there): what needs the fork runs in a fresh Python,
as `python -m macros.checks` and the build run."""

from __future__ import annotations

import os
import pickle
import threading

import pytest
from conftest import fresh_python

from macros.core.bulk import started_aside
from macros.core.errors import ContentError, Problem


def test_the_result_comes_back_from_another_process():
    out = fresh_python("""
        import json
        from macros.core.bulk import started_aside
        pid, total = started_aside(lambda n: (os.getpid(), sum(range(n))), 100_000)()
        print(json.dumps({"other": pid != os.getpid(), "total": total, "forks": len(FORKS)}))
    """)
    assert out == {"other": True, "total": sum(range(100_000)), "forks": 1}


def test_a_worker_that_dies_is_an_error_not_a_missing_result():
    out = fresh_python("""
        import json
        from macros.core.bulk import started_aside
        try:
            started_aside(os._exit, 3)()
        except RuntimeError as error:
            print(json.dumps({"error": str(error), "forks": len(FORKS)}))
    """)
    assert "没有交回结果" in out["error"] and out["forks"] == 1


def test_a_content_error_comes_back_with_its_problems():
    out = fresh_python("""
        import json
        from macros.core.bulk import started_aside
        from macros.core.errors import ContentError, Problem
        def fails():
            raise ContentError([Problem("data/members.csv", 3, "委员编号重复")])
        try:
            started_aside(fails)()
        except ContentError as error:
            print(json.dumps({"problems": [str(p) for p in error.problems], "forks": len(FORKS)}))
    """)
    assert out == {"problems": [str(Problem("data/members.csv", 3, "委员编号重复"))], "forks": 1}


def test_a_content_error_pickles_with_its_problems():
    problems = [Problem("data/members.csv", 3, "委员编号重复")]
    assert pickle.loads(pickle.dumps(ContentError(problems))).problems == problems


def _refuse(name: str) -> None:
    raise KeyError(name)


def test_the_exception_raised_aside_is_raised_when_the_result_is_asked_for():
    with pytest.raises(KeyError, match="W0001"):
        started_aside(_refuse, "W0001")()


def test_a_process_with_threads_is_not_forked():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        pid = started_aside(os.getpid)()
    finally:
        stop.set()
        thread.join()
    assert pid == os.getpid()


def test_a_process_with_a_thread_python_does_not_count_is_not_forked():
    """A thread started outside the threading module (as an engine's own threads are) also stops the fork."""
    out = fresh_python("""
        import _thread, json, threading
        from macros.core.bulk import can_fork, started_aside
        hold = _thread.allocate_lock()
        hold.acquire()
        _thread.start_new_thread(hold.acquire, ())
        counted = threading.active_count()
        pid = started_aside(os.getpid)()
        print(json.dumps({"python_counts": counted, "same": pid == os.getpid(), "forks": len(FORKS),
                          "can_fork": can_fork()}))
    """)
    assert out == {"python_counts": 1, "same": True, "forks": 0, "can_fork": False}


def test_can_fork_says_whether_started_aside_forks():
    out = fresh_python("""
        import json
        from macros.core.bulk import can_fork, started_aside
        said = can_fork()
        other = started_aside(os.getpid)() != os.getpid()
        print(json.dumps({"said": said, "other": other}))
    """)
    assert out == {"said": True, "other": True}


def test_side_by_side_gives_both_results_one_from_the_copy():
    out = fresh_python("""
        import json
        from macros.core.bulk import side_by_side
        here, aside = side_by_side(lambda: ("here", os.getpid()), lambda: ("aside", os.getpid()))
        print(json.dumps({"names": [here[0], aside[0]], "here_is_this": here[1] == os.getpid(),
                          "aside_is_other": aside[1] != os.getpid(), "forks": len(FORKS)}))
    """)
    assert out == {"names": ["here", "aside"], "here_is_this": True, "aside_is_other": True, "forks": 1}
