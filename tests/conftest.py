"""Shared fixtures: the real site built once in strict mode, broken copies of the project, a browser."""

from __future__ import annotations

import fcntl
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from macros.core.browser import CHROMIUM, CHROMIUM_ARGS
from macros.render.page_facts import is_generated
from scripts.build_site import build_site
from scripts.project_copy import PROJECT_PARTS, copy_project  # noqa: F401  (re-exported for the tests)

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def run_build(project: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """`properdocs build --strict` of a project folder and the steps on the built site, as the Makefile runs them."""
    return build_site(project, site_dir)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once per test run in strict mode (each test process gets its own copy of it)."""
    site_dir = tmp_path_factory.mktemp("site")
    if "PYTEST_XDIST_WORKER" not in os.environ:
        result = run_build(PROJECT_ROOT, site_dir)
        assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
        return site_dir
    # Under pytest-xdist (make test) the first worker to need the site builds it into the run's shared folder while
    # the others wait; each then copies it, since some tests write into their site (the PDF handouts).
    shared = tmp_path_factory.getbasetemp().parent / "site-built"
    outcome = shared.with_name("site-built.json")
    with open(shared.with_name("site-built.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not outcome.exists():
            result = run_build(PROJECT_ROOT, shared)
            outcome.write_text(json.dumps([result.returncode, result.stdout, result.stderr]), encoding="utf-8")
    code, stdout, stderr = json.loads(outcome.read_text(encoding="utf-8"))
    assert code == 0, f"strict build failed:\n{stdout}\n{stderr}"
    site_dir.rmdir()
    shutil.copytree(shared, site_dir, symlinks=True)
    return site_dir


#: The slowest modules first (under pytest-xdist each module runs whole in one process: a long one started last would
#: run alone at the end); the others follow in their usual order. Only how long the run takes depends on this list.
SLOW_FIRST = (
    "checks/test_mistakes.py",
    "checks/test_hostile.py",
    "site/test_pdf.py",
    "test_reading_comfort.py",
    "render/test_page_facts.py",
    "test_deploy.py",
    "test_publish.py",
    "site/test_admin.py",
    "checks/test_contribute_tasks.py",
    "site/test_preview.py",
    "site/test_search_browser.py",
    "test_offline.py",
    "render/test_generated_pages.py",
    "test_serve.py",
    "checks/test_run.py",
    "test_read_aloud.py",
    "reading/test_bench.py",
)


def pytest_collection_modifyitems(items):
    rank = {name: place for place, name in enumerate(SLOW_FIRST)}
    tests = Path(__file__).parent
    items.sort(key=lambda item: rank.get(item.path.relative_to(tests).as_posix(), len(rank)))


def read_page(site: Path, url: str) -> str:
    """The HTML of a page by its URL path, e.g. '/report/plan-2021/'."""
    path = site / url.strip("/") / "index.html" if not url.endswith(".html") else site / url.strip("/")
    return path.read_text(encoding="utf-8")


def article_text(html: str) -> str:
    """The visible text of a page's main article, tags removed and whitespace folded."""
    import html as htmlmod

    body = re.search(r"<article[^>]*>(.*?)</article>", html, re.S).group(1)
    body = re.sub(r'<a class="headerlink".*?</a>', "", body, flags=re.S)
    return re.sub(r"\s+", " ", htmlmod.unescape(re.sub(r"<[^>]+>", "", body))).strip()


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A throw-away copy of the project, for tests that break one file and build it."""
    return copy_project(tmp_path / "project")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes, to prove a failed build changed nothing (the pages the check and
    the build write from the data are left out: they are not the project's files, .gitignore lists them)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and not (p.suffix == ".md" and is_generated(p))
    }


# --- browser --------------------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output readable
        pass


@pytest.fixture(scope="session")
def served_site(site):
    """The built site served on 127.0.0.1 (a random free port); yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian chromium driven by Playwright (no browser download)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"缺少 chromium（{CHROMIUM}）：请运行 sudo apt-get install chromium，或设置 CHROMIUM=/path/to/chromium",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        disabled = ",".join([*playwright_disabled_features(pw), *BROWSER_UI_OFF])
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, f"--disable-features={disabled}"])
        yield browser
        browser.close()


#: Chromium's own omnibox popup is a WebUI page: every new browser context (a window, in headless mode) loads it in a
#: renderer of its own, about a second of CPU each, more than most pages the tests open. No page can see it.
BROWSER_UI_OFF = ("WebUIOmniboxPopup", "WebUIOmniboxAimPopup", "WebUIOmniboxFullPopup")


def playwright_disabled_features(pw) -> list[str]:
    """The features Playwright disables in the browsers it launches, read from a browser's command line: a second
    --disable-features switch replaces the first, so ours must repeat them."""
    probe = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        for command in _descendant_command_lines(os.getpid()):
            found = re.search(r"(?:^|\s)--disable-features=(\S*)", command)
            if found and "--remote-debugging-pipe" in command:
                return [name for name in found.group(1).split(",") if name]
    finally:
        probe.close()
    raise AssertionError("the browser's command line was not found")


def _descendant_command_lines(root: int) -> list[str]:
    parents, commands = {}, {}
    for entry in Path("/proc").iterdir():
        try:
            parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            commands[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (ValueError, OSError, IndexError):
            continue
    found, queue = [], [root]
    while queue:
        pid = queue.pop()
        children = [child for child, parent in parents.items() if parent == pid]
        found += [commands[child] for child in children]
        queue += children
    return found


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


# --- figures measured by tests (e.g. the search hit rate), printed after the test results -------

FIGURE = "figure"


@pytest.fixture
def report_figure(request):
    """Call with a line of text; it is printed in pytest's summary at the end of the run."""
    return lambda line: request.node.user_properties.append((FIGURE, line))


class _Figures:
    """The figures of each test, read from its last report: under pytest-xdist the report reaches the main process
    from the worker that ran the test, so the summary has them all."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def pytest_runtest_logreport(self, report) -> None:
        if report.when == "teardown":
            self.lines += [value for name, value in report.user_properties if name == FIGURE]

    def pytest_terminal_summary(self, terminalreporter) -> None:
        for line in self.lines:
            terminalreporter.write_line(line)


def pytest_configure(config):
    config.pluginmanager.register(_Figures(), "figures")


#: Counts the forks of the script it starts (os.fork wrapped), for fresh_python().
COUNT_FORKS = """
import os
FORKS = []
_fork = os.fork
def _counted():
    FORKS.append(1)
    return _fork()
os.fork = _counted
"""


def fresh_python(code: str) -> dict:
    """Run `code` in a new Python with no other threads; it prints one JSON object, returned here."""
    script = COUNT_FORKS + textwrap.dedent(code)
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])
