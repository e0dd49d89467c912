"""What a reader's browser gets from the built site: page list, a local server, first-view weight, axe-core.

Shared by `make audit` (scripts/audit.py) and the fast browser tests in tests/, so both measure the same way.
Nothing here imports MkDocs; the browser is Debian's chromium driven by Playwright (no browser download).
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import json
import mimetypes
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urlparse

from macros.site.admin import is_editor_file
from macros.site.offline import is_redirect

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: The page types the issue names, audited by Lighthouse. /stats/ joins as soon as the built site has it, with
#: the newest year's page (/stats/<year>/, the heaviest statistics page) as "年度统计"; the glossary's largest page
#: of full entries (/glossary/<letter>/, by its size) joins as "名词解释字母页".
PAGE_TYPES: dict[str, str] = {
    "首页": "/",
    "工作报告": "/report/2020/plan-2021/",
    "名词解释": "/glossary/",
    "政策文件": "/policies/three-activities-opinion/",
    "推荐书目": "/reading-lists/development/",
    "读书统计": "/stats/",
}

#: Pages that stand for the rest in the fast axe check of `make test`: the longest text page (the glossary's largest
#: letter page), the glossary's index, the page with the most kinds of markup (metadata box, lists, glossary links).
AXE_SAMPLE_PAGES = (
    "/glossary/s/",
    "/glossary/",
    "/policies/three-activities-opinion/",
    "/report/2020/plan-2021/",
    "/help/",
)

#: The budget for the first view of any page: everything the browser fetches before the network is quiet, in bytes
#: as transferred from a server that compresses text (gzip, as deploy/ configures nginx).
FIRST_VIEW_BUDGET = 100 * 1024

#: Files of the search that stay out of the first view (boot.js fetches them seconds after load, or when search is
#: used): the index (/search/), our engine and its worker (assets/javascripts/search/, but boot.js), Material's lunr worker.
SEARCH_PATHS = (
    "/search/",
    "/assets/javascripts/search/engine.js",
    "/assets/javascripts/search/worker.js",
    "/assets/javascripts/workers/search.",
    "/assets/javascripts/lunr/",
)

#: Only axe findings of these impacts fail a check ("moderate"/"minor" are printed, not failed).
SERIOUS_IMPACTS = ("serious", "critical")

#: The 字号 choices of every page (docs/assets/javascripts/reading.js) and the key it remembers the choice under.
FONT_SIZES = ("standard", "large", "x-large")
FONT_SIZE_KEY = "shuxiang-font-size"

#: Material's two palettes as configured in mkdocs.yml, by the colour scheme the reader's system asks for.
PALETTES = {"light": "default", "dark": "slate"}

#: Text types a production web server compresses (nginx `gzip_types`); `make audit` serves them gzipped.
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")

AXE_SCRIPT = PROJECT_ROOT / "tests" / "vendor" / "axe.min.js"


def audited_pages(site: Path) -> dict[str, str]:
    """The page types that exist in this built site, name -> URL path."""
    pages = {name: url for name, url in PAGE_TYPES.items() if (site / url.strip("/") / "index.html").is_file()}
    years = sorted(p.parent.name for p in (site / "stats").glob("[0-9][0-9][0-9][0-9]/index.html"))
    if years:
        pages["年度统计"] = f"/stats/{years[-1]}/"
    letters = sorted((site / "glossary").glob("*/index.html"), key=lambda p: (p.stat().st_size, p.parent.name))
    if letters:
        pages["名词解释字母页"] = f"/glossary/{letters[-1].parent.name}/"
    return pages


def site_pages(site: Path) -> list[str]:
    """Every HTML page of the built site as a URL path ('/', '/glossary/', '/404.html'), except the old addresses
    that only lead on to a new one (overrides/redirect.html: a meta refresh, nothing to read)."""
    urls = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if is_redirect(path.read_text(encoding="utf-8", errors="replace")) or is_editor_file(rel):
            continue  # the editor at /admin/ is for staff: not in the first-view budget of member pages
        if rel == "index.html":
            urls.append("/")
        elif rel.endswith("/index.html"):
            urls.append("/" + rel[: -len("index.html")])
        else:
            urls.append("/" + rel)
    return urls


# --- a local server -------------------------------------------------------------------------------


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files over HTTP/1.1 with keep-alive; with `compress`, text is sent gzipped like a production
    server (nginx `gzip on`) would."""

    protocol_version = "HTTP/1.1"
    compress = False
    extra_headers: ClassVar[dict[str, str]] = {}  # sent with every response (e.g. a Content-Security-Policy)

    def end_headers(self):
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args):  # keep test and audit output readable
        pass

    def send_head(self):
        if not self.compress or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the folder with a slash
            path = path / "index.html"
        ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if not path.is_file() or not ctype.startswith(COMPRESSED_TYPES):
            return super().send_head()
        body = _gzipped(path, path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


class _QuietServer(http.server.ThreadingHTTPServer):
    """A browser that closes a connection early is normal, not an error worth a traceback."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@functools.lru_cache(maxsize=512)
def _gzipped(path: Path, mtime_ns: int) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


@contextlib.contextmanager
def serve(site: Path, *, compress: bool = False, port: int = 0, headers: dict[str, str] | None = None) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 (port 0: a random free one) while the block runs, with `headers` on every
    response; yields its base URL."""
    options = {"compress": compress, "extra_headers": headers or {}}
    handler = functools.partial(type("Handler", (_SiteHandler,), options), directory=str(site))
    server = _QuietServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# --- first view -----------------------------------------------------------------------------------


@dataclass
class FirstView:
    """What the browser fetched to show a page, until the network was quiet."""

    url: str
    site: Path
    requests: list[tuple[str, int]] = field(default_factory=list)  # (URL path on this host, bytes uncompressed)
    foreign: list[str] = field(default_factory=list)  # requests to any other host
    console_errors: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(size for _, size in self.requests)

    @property
    def search_bytes(self) -> int:
        return sum(size for path, size in self.requests if path.startswith(SEARCH_PATHS))

    @property
    def without_search(self) -> int:
        return self.total - self.search_bytes

    @property
    def transferred(self) -> int:
        """Bytes on the wire from a server that gzips text (what `serve(site, compress=True)` sends)."""
        return sum(transfer_size(self.site, path) for path, _ in self.requests)


def load_first_view(browser, base: str, url: str, site: Path, **context_options) -> FirstView:
    """Open a page in a fresh browser context (empty cache) and record every request until the network is quiet.

    Sizes are the uncompressed bytes of each file as the site holds it (what a server without compression
    sends); web workers' requests are included.
    """
    view = FirstView(url, site)
    own = urlparse(base).netloc
    context = browser.new_context(locale="zh-CN", **context_options)
    try:
        page = context.new_page()

        def record(request):
            parsed = urlparse(request.url)
            if parsed.scheme not in ("http", "https"):
                return  # data: and blob: URLs cost no transfer
            if parsed.netloc != own:
                view.foreign.append(request.url)
                return
            view.requests.append((parsed.path, _file_size(site, parsed.path)))

        context.on("request", record)
        page.on("console", lambda m: view.console_errors.append(m.text) if m.type == "error" else None)
        page.goto(base + url, wait_until="networkidle")
    finally:
        context.close()
    return view


def _site_file(site: Path, url_path: str) -> Path:
    path = site / unquote(url_path).lstrip("/")
    return path / "index.html" if path.is_dir() else path


def _file_size(site: Path, url_path: str) -> int:
    path = _site_file(site, url_path)
    return path.stat().st_size if path.is_file() else 0


def transfer_size(site: Path, url_path: str) -> int:
    """The bytes a file of the site costs on the wire: gzipped if a production server compresses its type."""
    path = _site_file(site, url_path)
    if not path.is_file():
        return 0
    if (mimetypes.guess_type(path.name)[0] or "").startswith(COMPRESSED_TYPES):
        return len(_gzipped(path, path.stat().st_mtime_ns))
    return path.stat().st_size


# --- axe-core -------------------------------------------------------------------------------------


@dataclass
class AxeResult:
    """axe-core's violations on one page in one palette at one 字号."""

    url: str
    palette: str
    violations: list[dict]
    font_size: str = "standard"

    @property
    def serious(self) -> list[dict]:
        return [v for v in self.violations if v.get("impact") in SERIOUS_IMPACTS]

    def describe(self) -> list[str]:
        """One readable line per violation: impact, rule, help text and the first offending elements."""
        lines = []
        for v in self.violations:
            targets = ", ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:3])
            lines.append(
                f"{self.url} [{self.palette}, 字号 {self.font_size}] {v['impact']} {v['id']}: {v['help']} "
                f"({len(v['nodes'])}× {targets})"
            )
        return lines


def run_axe(browser, base: str, url: str, palette: str, axe_script: Path = AXE_SCRIPT) -> AxeResult:
    """Load a page in the light or dark palette (as the reader's system asks), inject axe-core, run it."""
    return run_axe_pages(browser, base, [url], palette, axe_script)[0]


def run_axe_pages(
    browser, base: str, urls: list[str], palette: str, axe_script: Path = AXE_SCRIPT, font_size: str = "standard"
) -> list[AxeResult]:
    """axe-core on several pages in one palette at one 字号 (as reading.js remembers it), one tab going from page
    to page; every folded part (<details>) opened first, so what a reader can open is checked too."""
    scheme = PALETTES[palette]
    source = axe_script.read_text(encoding="utf-8")
    context = browser.new_context(locale="zh-CN", color_scheme=palette)
    context.add_init_script(f"try {{ localStorage.setItem('{FONT_SIZE_KEY}', '{font_size}') }} catch (e) {{}}")
    results = []
    try:
        page = context.new_page()
        for url in urls:
            page.goto(base + url, wait_until="load")
            page.wait_for_function(f"document.body.dataset.mdColorScheme === '{scheme}'", timeout=5000)
            page.wait_for_function(f"document.documentElement.dataset.fontSize === '{font_size}'", timeout=5000)
            page.evaluate("document.querySelectorAll('details:not([open])').forEach(fold => { fold.open = true; })")
            page.add_script_tag(content=source)
            found = page.evaluate(
                """async () => {
                    const r = await axe.run(document, {resultTypes: ['violations']});
                    return JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary}))})));
                }"""
            )
            results.append(AxeResult(url, palette, json.loads(found), font_size))
    finally:
        context.close()
    return results


# --- narrow screens -------------------------------------------------------------------------------

#: Elements of the page (header and article) that stick out past the right edge of the screen, unless a
#: scrolling box that itself fits holds them (a wide table scrolls inside its own box: that is fine).
_OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const fits = el => el.getBoundingClientRect().right <= width + 1;
  const out = [];
  for (const el of document.querySelectorAll('.md-header__inner > *, .md-content *')) {
    const box = el.getBoundingClientRect();
    if (!box.width || box.right <= width + 1) continue;
    let holder = el.parentElement, held = false;
    while (holder && holder !== document.body) {
      if (getComputedStyle(holder).overflowX !== 'visible' && fits(holder)) { held = true; break; }
      holder = holder.parentElement;
    }
    if (!held) out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(box.right)}px`);
  }
  return {width, scrollWidth: document.documentElement.scrollWidth, overflowing: out.slice(0, 5)};
}"""


def overflow_report(page) -> dict:
    """What sticks out past the right edge on the current page: viewport width, scroll width, offenders."""
    return page.evaluate(_OVERFLOW_JS)
