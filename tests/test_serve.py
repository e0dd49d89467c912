"""scripts/serve.py (`make serve`): the preview survives every mistake and shows it on the page, in Chinese.

The real server runs on a free loopback port in a copy of the project; files are broken and fixed as staff break
and fix them, and the pages are read in headless Chromium (the tab stays open: live reload brings the list and
takes it away) and over HTTP. The server process must never exit.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from watchdog.events import FileSystemEventHandler
from watchdog.observers.polling import PollingObserver

from macros.content import load_content
from scripts.project_copy import copy_project
from scripts.serve import _without_polling, free_port

#: Seconds a rebuild may take on a loaded machine (a full build takes 6 s on an idle one).
REBUILD = 300
GLOSSARY = "glossary/weixieshang.yaml"
RECORDS = "data/reading_records.csv"
PAGE = "docs/contribute/search.md"


def _free() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=REBUILD) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _edit(root: Path, file: str, old: str, new: str) -> None:
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is no longer in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _wait_for_text(page, text: str, present: bool = True) -> None:
    """Until the open tab (reloaded by live reload, never by the test) shows the text, or no longer does."""
    page.wait_for_function(
        "([text, present]) => !!document.querySelector('article') && document.body.innerText.includes(text) === present",
        arg=[text, present],
        timeout=REBUILD * 1000,
    )


class Preview:
    """`python -m scripts.serve` in a project copy, as `make serve` runs it."""

    def __init__(self, root: Path, port: int):
        self.root, self.url = root, f"http://127.0.0.1:{port}"
        self.log = (root.parent / "serve.log").open("w")
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "scripts.serve", "--port", str(port)],
            cwd=root,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_until(self, path: str, ready, what: str) -> str:
        deadline = time.monotonic() + REBUILD
        while time.monotonic() < deadline:
            assert self.alive, f"the server exited:\n{self.output}"
            html = _fetch(self.url + path)
            if ready(html):
                return html
            time.sleep(0.2)
        raise AssertionError(f"{path} never showed {what}:\n{self.output}")

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    @property
    def output(self) -> str:
        self.log.flush()
        return (self.root.parent / "serve.log").read_text(encoding="utf-8", errors="replace")[-4000:]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)
        self.log.close()


@pytest.fixture
def broken_preview(tmp_path):
    """The preview started while a YAML mistake and a bad CSV cell already stand (the first build fails)."""
    root = copy_project(tmp_path / "project", extra=("scripts",))
    _edit(root, GLOSSARY, "category: 履职活动", "category：履职活动")
    (root / RECORDS).write_text((root / RECORDS).read_text(encoding="utf-8") + "2021-02-30,W0001,,活着,40,自学,0,,\n")
    preview = Preview(root, _free())
    yield preview
    preview.stop()


def test_every_mistake_shows_on_the_open_page_and_goes_when_fixed(broken_preview, page):
    preview, root = broken_preview, broken_preview.root
    records_line = (root / RECORDS).read_text(encoding="utf-8").count("\n")
    html = preview.wait_until("/glossary/", lambda h: "预览暂停" in h, "the problem list")
    assert f"{GLOSSARY} 第 3 行" in html and "中文冒号" in html, html  # the line that holds the mistake
    assert f"{RECORDS} 第 {records_line} 行" in html and "不存在" in html  # both mistakes, one list
    assert "Traceback" not in html
    assert 'class="md-header' in html and "preview-problems" in html  # a page of the site, not a bare error

    page.goto(preview.url + "/glossary/")
    assert page.locator("h1").first.inner_text().startswith("预览暂停")
    _edit(root, GLOSSARY, "category：履职活动", "category: 履职活动")
    path = root / RECORDS
    path.write_text(path.read_text(encoding="utf-8").replace("2021-02-30,W0001,,活着,40,自学,0,,\n", ""))
    _wait_for_text(page, "微协商")
    assert "预览暂停" not in page.locator("body").inner_text()  # live reload brought the page back

    _edit(root, PAGE, "\n\n", "\n\n{{ glosary_page() }} 见[词条](../glossary/missing.md)\n\n")
    _wait_for_text(page, "预览暂停")
    text = page.locator("article").inner_text()
    assert f"{PAGE} 第" in text and "glosary_page" in text and "是不是想写「glossary_page」" in text, text
    assert preview.alive, preview.output

    _edit(root, PAGE, "{{ glosary_page() }} ", "")
    html = preview.wait_until("/glossary/", lambda h: "预览暂停" in h and "glosary" not in h, "the broken link alone")
    assert f"{PAGE} 第 3 行" in html and "链接「../glossary/missing.md」指向的文件不存在" in html, html

    _edit(root, PAGE, "见[词条](../glossary/missing.md)\n\n", "")
    _wait_for_text(page, "预览暂停", present=False)
    assert preview.alive, preview.output


def test_a_new_year_of_records_shows_while_the_preview_runs(tmp_path):
    """A year uploaded as its own file while `make serve` runs: its page and its nav entry appear, nothing run."""
    root = copy_project(tmp_path / "project", extra=("scripts",))
    assert not (root / "docs" / "stats" / "2021.md").exists()  # a fresh clone: the pages are made by the build
    preview = Preview(root, _free())
    try:
        preview.wait_until("/stats/2021/", lambda h: "2021年读书统计" in h, "the 2021 page")
        header = (root / RECORDS).read_text(encoding="utf-8-sig").split("\n", 1)[0]
        (root / "data" / "reading-records").mkdir()
        (root / "data" / "reading-records" / "2022.csv").write_text(
            f"{header}\n2022-03-01,W0001,xiangtu-zhongguo,,40,自学,0,,\n", encoding="utf-8"
        )
        html = preview.wait_until("/stats/2022/", lambda h: "2022年读书统计" in h, "the new year's page")
        assert 'href="../2021/"' in html or "stats/2021/" in html
        home = preview.wait_until("/", lambda h: 'href="stats/2022/"' in h, "the new year in the nav")
        assert "预览暂停" not in home
        assert preview.alive, preview.output
    finally:
        preview.stop()


def test_the_watched_folders_are_not_scanned_while_the_preview_builds(tmp_path):
    """A scan waits for the build (it held Python's lock); a file saved meanwhile is found by the next scan."""
    observer = PollingObserver(timeout=0.01)
    observer.schedule(FileSystemEventHandler(), str(tmp_path), recursive=True)
    (emitter,) = observer.emitters
    held = []
    _without_polling(observer, lambda: held.append(emitter._lock.locked()))
    assert held == [True] and not emitter._lock.locked()


def test_a_busy_port_is_named_and_the_next_free_one_used(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        port = free_port("127.0.0.1", busy)
    assert port > busy
    said = capsys.readouterr().out
    assert f"端口 {busy} 已被占用" in said and f"改用端口 {port}" in said and "make serve PORT=" in said


def test_a_broken_mkdocs_yml_is_named_with_its_line_on_a_bare_page(tmp_path):
    """When even mkdocs.yml cannot be read, the site cannot be built: the list is shown on a plain page instead."""
    root = copy_project(tmp_path / "project", extra=("scripts",))
    _edit(root, "mkdocs.yml", "site_name: 书香政协", 'site_name: "书香政协')
    script = (
        "from scripts.preview import PreviewBuilder, preview_problems\n"
        "problems = preview_problems(Exception('mkdocs.yml'), [])\n"
        "print(*problems, sep='\\n')\n"
        "PreviewBuilder(None, 'site', '').write_plain_page(problems)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    line = next(n for n, text in enumerate((root / "mkdocs.yml").read_text().split("\n"), 1) if "site_name" in text)
    assert f"mkdocs.yml 第 {line} 行：引号没有成对" in result.stdout, result.stdout
    html = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert "预览暂停" in html and f"mkdocs.yml 第 {line} 行" in html


@pytest.fixture
def preview(tmp_path):
    """The preview of a sound project copy."""
    root = copy_project(tmp_path / "project", extra=("scripts",))
    preview = Preview(root, _free())
    yield preview
    preview.stop()


def test_a_district_added_to_the_committee_is_accepted_on_the_next_rebuild(preview):
    """data/committee.yaml is read with the content, not once at start: a new 县市区 and a member in it are
    accepted while the preview runs (it used to refuse the member until the server was restarted)."""
    root, year = preview.root, load_content().stats.latest.year  # the copy's content is the project's
    html = preview.wait_until(f"/stats/{year}/", lambda h: "各县市区" in h, "the statistics")
    assert "预览新区" not in html
    _edit(root, "data/committee.yaml", "districts:\n", "districts:\n  - 预览新区\n")
    members = root / "data" / "members.csv"
    members.write_text(members.read_text(encoding="utf-8") + "W9999,中国共产党,提案委员会,预览新区,委员,2017\n")
    html = preview.wait_until(
        f"/stats/{year}/", lambda h: "预览新区" in h and "预览暂停" not in h, "the new district, without problems"
    )
    assert "不是允许的值" not in html and preview.alive, preview.output
