"""Shared fixtures: the real site built once in strict mode, broken copies of the project, a browser."""

from __future__ import annotations

import functools
import http.server
import re
import subprocess
import threading
from pathlib import Path

import pytest

from macros.core.browser import CHROMIUM, CHROMIUM_ARGS
from scripts.build_site import build_site
from scripts.project_copy import PROJECT_PARTS, copy_project  # noqa: F401  (re-exported for the tests)

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def run_build(project: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of a project folder and the steps on the built site, as the Makefile runs them."""
    return build_site(project, site_dir)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once per test session in strict mode."""
    site_dir = tmp_path_factory.mktemp("site")
    result = run_build(PROJECT_ROOT, site_dir)
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    return site_dir


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
    """Every file under a folder with its bytes, to prove a failed build changed nothing."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
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
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


# --- figures measured by tests (e.g. the search hit rate), printed after the test results -------

FIGURES = pytest.StashKey[list]()


@pytest.fixture
def report_figure(request):
    """Call with a line of text; it is printed in pytest's summary at the end of the run."""
    lines = request.config.stash.setdefault(FIGURES, [])
    return lines.append


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    for line in config.stash.get(FIGURES, []):
        terminalreporter.write_line(line)
