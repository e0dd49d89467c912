"""Every mistake in tests/mistakes/catalogue.py is refused: by `make check` (naming the file and the line) and by
the build (or, for hostile HTML in data, built with it shown as text), never with a traceback, never touching
another file.

Speed: `python -m macros.checks` and `python -m properdocs build --strict` run for each broken copy in forked children
of one warmed-up interpreter (tests/command_server.py), two at a time; the few cases only the check refuses go
through `make build` (a sample of them: it runs the same check first). One fixture does all the work, the tests
then read its results.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest
from conftest import snapshot
from mistakes.catalogue import ALL, CHANGED, Mistake

from scripts.project_copy import copy_project as copy_project_parts

WORKERS = 2
#: Mistakes only the check refuses stop `make build` because it runs the check first (see test_check.py's
#: dry run of the Makefile); these go through a real `make build` (a fresh interpreter each, so only a sample).
MAKE_BUILD_SAMPLE = {"typography-halfwidth-comma", "page-inline-script"}
#: What `make build` needs in a copy besides the site's own files (it runs the check first).
MAKE_PARTS = ("Makefile", "requirements.txt")


@dataclass
class Outcome:
    project: Path
    check_code: int
    check_output: str
    build_code: int | None
    build_output: str
    site: Path
    before: dict[str, bytes]
    after: dict[str, bytes]
    line: int | None


def copy_project(dest: Path) -> Path:
    return copy_project_parts(dest, extra=MAKE_PARTS)


def expected_line(mistake: Mistake, project: Path) -> int | None:
    """The line the message must name, found in the broken copy (a line equal to the marker first)."""
    if mistake.line is None or isinstance(mistake.line, int):
        return mistake.line
    needle, nth = mistake.line if isinstance(mistake.line, tuple) else (mistake.line, 1)
    needle = mistake.change.marker if needle == CHANGED else needle
    assert needle, f"{mistake.id}: no marker to find the changed line"
    lines = (project / mistake.file).read_bytes().decode("utf-8", errors="replace").split("\n")
    for matches in (lambda line: line.rstrip() == needle.rstrip(), lambda line: needle in line):
        found = [number for number, line in enumerate(lines, 1) if matches(line)]
        if len(found) >= nth:
            return found[nth - 1] + mistake.line_delta
    raise AssertionError(f"{mistake.id}: {needle!r} not found {nth} time(s) in {mistake.file}")


ENV = {"NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}


def run_commands(jobs: list[dict]) -> dict[str, tuple[int, str]]:
    """`python -m …` for each job, two at a time, through tests/command_server.py (forks of one warm interpreter)."""
    server = Path(__file__).parents[1] / "command_server.py"
    requests = "".join(json.dumps(job) + "\n" for job in jobs)
    result = subprocess.run(
        [sys.executable, str(server), "--jobs", str(WORKERS)],
        input=requests,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, **ENV},
    )
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    return {a["id"]: (a["code"], a["output"]) for a in answers if "id" in a}


def make_build(project: Path) -> tuple[int, str]:
    """`make build` in a copy (it runs the check first), with this environment's .venv."""
    venv = Path(sys.executable).parent.parent
    result = subprocess.run(
        ["make", "--no-print-directory", "build", f"VENV={venv}"],
        cwd=project,
        env={**os.environ, **ENV},
        capture_output=True,
        text=True,
        timeout=300,
    )
    return result.returncode, result.stdout + result.stderr


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict[str, Outcome]:
    started = time.monotonic()
    root = tmp_path_factory.mktemp("mistakes")
    prepared = {}
    jobs = []
    for mistake in ALL:
        project = copy_project(root / mistake.id / "project")
        mistake.change.apply(project)
        prepared[mistake.id] = (project, snapshot(project), expected_line(mistake, project))
        jobs.append({"id": f"check:{mistake.id}", "cwd": str(project), "module": "macros.checks"})
        if mistake.build != "check":
            jobs.append(
                {
                    "id": f"build:{mistake.id}",
                    "cwd": str(project),
                    "module": "properdocs",
                    "args": ["build", "--strict", "-d", str(root / mistake.id / "site")],
                }
            )
    answers = run_commands(jobs)
    with ThreadPoolExecutor(WORKERS) as pool:
        makes = {m.id: pool.submit(make_build, prepared[m.id][0]) for m in ALL if m.id in MAKE_BUILD_SAMPLE}
        answers.update({f"build:{key}": future.result() for key, future in makes.items()})
    results = {}
    for m in ALL:
        project, before, line = prepared[m.id]
        build = answers.get(f"build:{m.id}", (None, ""))  # None: `make build` stops at the check (not run here)
        results[m.id] = Outcome(
            project, *answers[f"check:{m.id}"], *build, root / m.id / "site", before, snapshot(project), line
        )
    print(f"\n{len(ALL)} mistakes checked and built in {time.monotonic() - started:.1f} s")
    return results


def test_catalogue_is_large_and_named_uniquely():
    assert len(ALL) >= 40
    assert len({m.id for m in ALL}) == len(ALL)
    assert {m.build for m in ALL} <= {"fails", "escapes", "check"}


@pytest.mark.parametrize("mistake", ALL, ids=[m.id for m in ALL])
def test_check_refuses_it_naming_file_and_line(outcomes, mistake):
    outcome = outcomes[mistake.id]
    output = outcome.check_output
    assert outcome.check_code == 1, output
    assert "Traceback" not in output, output
    assert len(output) < 200_000, "a pasted megabyte must not be echoed back"
    where = mistake.file if outcome.line is None else f"{mistake.file} 第 {outcome.line} 行"
    messages = [m for m in re.findall(r"^\s+\d+\. (.*)$", output, re.M) if m.startswith(where)]
    assert messages, f"no message names {where}:\n{output}"
    assert any(mistake.says in m for m in messages), f"expected {mistake.says!r} at {where}:\n{output}"


@pytest.mark.parametrize("mistake", ALL, ids=[m.id for m in ALL])
def test_build_refuses_it_or_shows_it_escaped(outcomes, mistake):
    outcome = outcomes[mistake.id]
    output = outcome.build_output
    assert "Traceback" not in output, output
    if mistake.build == "escapes":
        assert outcome.build_code == 0, output
        html = "\n".join(p.read_text(encoding="utf-8") for p in outcome.site.rglob("*.html"))
        assert mistake.shows not in html, f"{mistake.shows!r} reached the HTML unescaped"
        assert "alert(" in unescape(html), "the text was dropped instead of shown as text"
        return
    if mistake.build == "check":
        if outcome.build_code is None:  # not in the sample: `make build` runs this same failing check first
            assert outcome.check_code != 0 and mistake.id not in MAKE_BUILD_SAMPLE
            return
        assert outcome.build_code != 0, output
        assert "检查没有通过" in output and mistake.file in output, output
        return
    assert outcome.build_code != 0, output
    assert (mistake.build_says or Path(mistake.file).name) in output, output
    if "网站没有生成" in output:  # the project's own message (data or macros): same file and line as the check
        where = mistake.file if outcome.line is None else f"{mistake.file} 第 {outcome.line} 行"
        assert where in output, output


@pytest.mark.parametrize("mistake", ALL, ids=[m.id for m in ALL])
def test_nothing_else_is_touched(outcomes, mistake):
    outcome = outcomes[mistake.id]
    assert outcome.after == outcome.before, "the check or the build changed a file of the project"


def test_the_real_command_line(outcomes):
    """One case through `python -m macros.checks` as `make check` runs it: same message, exit status 1."""
    outcome = outcomes["glossary-unknown-category"]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "macros.checks"],
        cwd=outcome.project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "glossary/weixieshang.yaml 第 3 行「category」" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
