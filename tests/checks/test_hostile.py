"""Every case of tests/mistakes/hostile.py, checked and built in a broken copy of the project (forked children of one
warm interpreter, tests/command_server.py, two at a time). For each: no command ran (the canary file is not there),
the built HTML read with an HTML5 parser (html5lib) holds no live handler, script, frame or script URL from the
payload, nothing from outside the project was published, check and build ended within the time bound, with no
traceback, and the check's message names the file and the line (the privacy family builds: its figures are
checked instead)."""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import html5lib
import pytest
from mistakes.hostile import HOSTILE, NO_CONSENT, SECRET, WITH_CONSENT, Hostile, fill

from scripts.project_copy import copy_project

#: Seconds a check or build of one case may take on a busy 2-core machine (a hang is what this catches).
TIME_BOUND = 120
SCRIPT_URL = re.compile(r"(javascript|vbscript|data):", re.I)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background"}
PAYLOAD = re.compile(r"alert\(|canary|__class__|__globals__")
ENV = {"NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}


def _run(jobs: list[dict]) -> dict[str, dict]:
    server = Path(__file__).parents[1] / "command_server.py"
    result = subprocess.run(
        [sys.executable, str(server), "--jobs", "2"],
        input="".join(json.dumps(job) + "\n" for job in jobs),
        capture_output=True,
        text=True,
        timeout=1500,
        env={**os.environ, **ENV},
    )
    assert result.returncode == 0, result.stderr
    return {a["id"]: a for a in map(json.loads, result.stdout.splitlines()) if "id" in a}


def _files(folder: Path) -> dict[str, bytes]:
    """Every regular file under a folder (links are not followed), with its bytes."""
    found = {}
    for current, _dirs, files in os.walk(folder, followlinks=False):
        for name in files:
            path = Path(current) / name
            if not path.is_symlink() and "__pycache__" not in path.parts:
                found[path.relative_to(folder).as_posix()] = path.read_bytes()
    return found


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict[str, dict]:
    started = time.monotonic()
    root = tmp_path_factory.mktemp("hostile")
    jobs, cases = [], {}
    # The data payloads build (shown as text): all of them go into one more copy, built once, to save time.
    together = copy_project(root / "data-together" / "project")
    together_outside = _outside(root / "data-together" / "outside")
    for case in HOSTILE:
        outside = _outside(root / case.id / "outside")
        project = copy_project(root / case.id / "project")
        case.apply(project, outside)
        site = root / case.id / "site"
        cases[case.id] = {"project": project, "outside": outside, "site": site, "line": _line(case, project, outside)}
        jobs.append({"id": f"check:{case.id}", "cwd": str(project), "module": "macros.checks"})
        if case.build == "escapes":
            case.apply(together, together_outside)
            cases[case.id].update(outside=together_outside, site=root / "data-together" / "site", together=True)
        else:
            jobs.append({"id": f"build:{case.id}", "cwd": str(project), "module": "properdocs", "args": _build(site)})
    site = root / "data-together" / "site"
    jobs.append({"id": "build:data-together", "cwd": str(together), "module": "properdocs", "args": _build(site)})
    answers = _run(jobs)
    for case_id, found in cases.items():
        found["check"] = answers[f"check:{case_id}"]
        found["build"] = answers["build:data-together" if found.get("together") else f"build:{case_id}"]
    print(f"\n{len(HOSTILE)} hostile cases checked and built in {time.monotonic() - started:.1f} s")
    yield cases
    shutil.rmtree(root, ignore_errors=True)  # 50 MB files and dozens of sites


def _outside(folder: Path) -> Path:
    """The folder beside a copy: the canary a payload would create, and a file that must never be published."""
    folder.mkdir(parents=True)
    (folder / "secret.txt").write_text(f"{SECRET}\nroot:x:0:0:secret\n", encoding="utf-8")
    return folder


def _build(site: Path) -> list[str]:
    return ["build", "--strict", "-d", str(site)]


def _line(case: Hostile, project: Path, outside: Path) -> int | None:
    if case.line is None:
        return None
    needle = fill(case.line, outside)
    path = project / case.file
    with path.open(encoding="utf-8", errors="replace") as text:
        for number, line in enumerate(text, 1):
            if needle in line[:2000]:
                return number
    raise AssertionError(f"{case.id}: {needle!r} is not in {case.file}")


@functools.cache
def live_payloads(site: Path) -> list[str]:
    """Handlers, scripts, frames and script URLs in the built HTML that come from a payload (each site read once:
    the data payloads share one)."""
    found = []
    for page in site.rglob("*.html") if site.exists() else []:
        document = html5lib.parse(page.read_bytes(), namespaceHTMLElements=False)
        for element in document.iter():
            if not isinstance(element.tag, str):
                continue
            name = element.tag.rsplit("}", 1)[-1]
            if name in {"iframe", "frame", "object", "embed", "base"}:
                found.append(f"{page.name}: <{name}>")
            if name == "script" and PAYLOAD.search(element.text or ""):
                found.append(f"{page.name}: <script>{(element.text or '')[:40]}")
            for attribute, value in element.attrib.items():
                attribute = attribute.rsplit("}", 1)[-1] if isinstance(attribute, str) else attribute[1]
                if attribute.startswith("on"):
                    found.append(f"{page.name}: {attribute}={value[:40]}")
                bare = re.sub(r"[\x00-\x20]", "", value)
                if attribute in URL_ATTRIBUTES and SCRIPT_URL.match(bare):
                    found.append(f"{page.name}: {attribute}={value[:40]}")
    return found


def test_the_catalogue_is_large_and_covers_every_family():
    assert len(HOSTILE) >= 40 and len({c.id for c in HOSTILE}) == len(HOSTILE)
    assert {c.family for c in HOSTILE} == {"template", "data", "html", "symlink", "yaml", "size", "privacy"}


@pytest.mark.parametrize("case", HOSTILE, ids=[c.id for c in HOSTILE])
def test_no_command_ran_and_nothing_live_or_outside_was_published(outcomes, case):
    found = outcomes[case.id]
    assert not (found["outside"] / "canary").exists(), "a command of the payload ran"
    assert live_payloads(found["site"]) == []
    published = _files(found["site"]) if found["site"].exists() else {}
    leaked = [name for name, data in published.items() if SECRET.encode() in data or b"root:x:0:0" in data]
    assert leaked == [], "a file from outside the project was published"


@pytest.mark.parametrize("case", HOSTILE, ids=[c.id for c in HOSTILE])
def test_check_and_build_end_in_time_without_traceback(outcomes, case):
    found = outcomes[case.id]
    for step in ("check", "build"):
        answer = found[step]
        assert answer["seconds"] < TIME_BOUND, f"{step} took {answer['seconds']} s"
        assert "Traceback" not in answer["output"], answer["output"][-3000:]
        assert len(answer["output"]) < 200_000, "a pasted file must not be echoed back"


@pytest.mark.parametrize("case", [c for c in HOSTILE if c.build != "privacy"], ids=lambda c: c.id)
def test_the_check_refuses_it_naming_file_and_line(outcomes, case):
    found = outcomes[case.id]
    output = found["check"]["output"]
    assert found["check"]["code"] == 1, output
    where = case.file if found["line"] is None else f"{case.file} 第 {found['line']} 行"
    messages = [m for m in re.findall(r"^\s+\d+\. (.*)$", output, re.M) if m.startswith(where)]
    assert messages, f"no message names {where}:\n{output[-3000:]}"
    assert any(case.says in m for m in messages), f"expected {case.says!r} at {where}:\n{output[-3000:]}"
    build = found["build"]
    if case.build == "fails":
        assert build["code"] != 0, build["output"][-3000:]
        assert Path(case.file).name in build["output"], build["output"][-3000:]
    else:  # data text: built, the payload shown as text only
        assert build["code"] == 0, build["output"][-3000:]


@pytest.mark.parametrize("case", [c for c in HOSTILE if c.build == "privacy"], ids=lambda c: c.id)
def test_small_groups_are_not_published(outcomes, case):
    found = outcomes[case.id]
    assert found["check"]["code"] == 0, found["check"]["output"][-3000:]
    assert found["build"]["code"] == 0, found["build"]["output"][-3000:]
    hidden = 0
    for page in (found["site"] / "stats").glob("20*/index.html"):
        document = html5lib.parse(page.read_bytes(), namespaceHTMLElements=False)
        for table in document.iter("table"):
            heads = [th.text or "" for th in table.iter("th") if th.get("scope") == "col"]
            if heads[1:4] != ["委员", "参与委员", "参与率"]:
                continue  # the group tables: 界别, 专委会, 县市区
            for row in table.iter("tr"):
                cells = ["".join(td.itertext()) for td in row.iter("td")]
                if len(cells) != 3:
                    continue
                members, participants = cells[0], cells[1]
                for text in (members, participants):
                    if text == "不足5人":
                        hidden += 1
                    else:
                        assert int(text.replace(",", "")) == 0 or int(text.replace(",", "")) >= 5, (page, cells)
                if "不足" not in members + participants:
                    left = int(members.replace(",", "")) - int(participants.replace(",", ""))
                    assert left == 0 or left >= 5, (page, cells)
    assert hidden, "a small roster has small groups: some cells must read 不足5人"
    html = "\n".join(p.read_text(encoding="utf-8") for p in found["site"].rglob("*.html"))
    assert NO_CONSENT not in html
    if case.id == "privacy-roster-200":
        assert WITH_CONSENT in html
        year = (found["site"] / "stats" / "2021" / "index.html").read_text(encoding="utf-8")
        quote = year[year.index(WITH_CONSENT) - 300 : year.index(WITH_CONSENT) + 300]
        assert "2021-12-31" not in quote and "一本好书" not in quote, "the 心得 is shown with what identifies it"
