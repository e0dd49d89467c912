"""deploy/: the site satisfies the Content-Security-Policy and headers of the nginx example.

A small server sends exactly the headers of deploy/nginx/security-headers.conf (read from the file, so test and
config cannot drift) while headless Chromium opens every page of the built site, whatever pages other parts of
the project add, and uses the search; any CSP violation or console error fails the test. The example itself runs
in the distribution's nginx (Debian 12: 1.22): `nginx -t`, then it serves the built site over https on a loopback
port (a self-signed certificate, its own prefix folder, pid and logs) and Chromium loads every page through it.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import importlib.util
import os
import re
import shutil
import socket
import ssl
import subprocess
import threading
import time
import urllib.request
from pathlib import Path
from typing import ClassVar

import pytest
from conftest import PROJECT_ROOT

spec = importlib.util.spec_from_file_location("deploy_csp", PROJECT_ROOT / "deploy" / "csp.py")
csp = importlib.util.module_from_spec(spec)
spec.loader.exec_module(csp)

NGINX_CONF = PROJECT_ROOT / "deploy" / "nginx" / "shuxiang.conf"
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(
  `${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile || ""}:${e.lineNumber})`));
"""


def test_policy_allows_exactly_the_inline_scripts_of_the_site(site):
    needed, present = csp.inline_script_hashes(site), csp.configured_hashes()
    assert needed == present, (
        f"deploy/nginx/security-headers.conf is out of date: missing {sorted(needed - present)}, "
        f"unused {sorted(present - needed)}. Run: make build && python deploy/csp.py site --write"
    )


def test_policy_is_strict():
    policy = csp.read_headers()["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in policy and "*" not in policy
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert directives["style-src"] == "'self' 'unsafe-inline'"  # the print margin title: see the config's comment
    for fetching in ("img-src", "font-src", "connect-src", "worker-src"):  # so an injected style reaches nowhere
        assert directives[fetching].split()[0] == "'self'" and "http" not in directives[fetching]


def test_only_the_editor_gets_unsafe_eval():
    policy = csp.admin_headers()["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self' 'unsafe-eval'" and directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'" and "*" not in policy
    assert "'unsafe-eval'" not in csp.read_headers()["Content-Security-Policy"]


def test_nginx_example_compresses_caches_and_sends_the_headers_everywhere():
    conf = NGINX_CONF.read_text(encoding="utf-8")
    assert re.search(r"^\s*gzip on;", conf, re.M) and "application/javascript" in conf and "text/css" in conf
    hashed = re.search(r'location ~\* "([^"]+)" \{(.*?)\}', conf, re.S)
    assert "immutable" in hashed.group(2) and "max-age=31536000" in hashed.group(2)
    import material

    theme_assets = Path(material.__file__).parent / "templates" / "assets"
    names = [p.name for p in theme_assets.rglob("*.min.*") if p.suffix in (".js", ".css")]
    hashed_names = [n for n in names if re.search(r"\.[0-9a-f]{8}\.min\.", n)]  # bundle, main, palette, worker
    assert len(hashed_names) >= 4 and all(re.search(hashed.group(1), n) for n in hashed_names)
    plain = [n for n in names if n not in hashed_names] + ["extra.css", "print.css", "reading.js", "index.html"]
    assert not any(re.search(hashed.group(1), n) for n in plain), "a file without a hash must not be cached a year"
    locations = dict(re.findall(r"location ([^{]+)\{(.*?)\n    \}", conf, re.S))
    member_locations = [body for where, body in locations.items() if "/admin/" not in where]
    assert len(locations) == 4 and all(
        "include snippets/shuxiang-security-headers.conf;" in body for body in member_locations
    ), "nginx drops server-level headers in a location"
    admin = csp.admin_headers()  # the editor's own headers: the site's policy would block it
    assert {"X-Content-Type-Options", "X-Frame-Options", "Strict-Transport-Security"} <= set(admin)
    assert "root /srv/shuxiang/current;" in conf and "error_page 404 /404.html;" in conf


class _HeadersHandler(http.server.SimpleHTTPRequestHandler):
    headers_to_send: ClassVar[dict[str, str]] = {}

    def end_headers(self):
        for name, value in self.headers_to_send.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def secured_site(site):
    """The built site on a random free port, with the nginx example's security headers."""
    handler = functools.partial(
        type("Handler", (_HeadersHandler,), {"headers_to_send": csp.read_headers()}), directory=str(site)
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _all_pages(site: Path) -> list[str]:
    urls = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        urls.append("/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel))
    return urls


@pytest.mark.browser
def test_no_page_violates_the_policy(browser, site, secured_site):
    context = browser.new_context(locale="zh-CN")
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    urls = _all_pages(site)
    assert len(urls) > 10
    violations = []
    for url in urls:
        response = page.goto(secured_site + url, wait_until="networkidle")
        assert response.headers["content-security-policy"] == csp.read_headers()["Content-Security-Policy"]
        assert page.title(), url
        violations += [f"{url}: {v}" for v in page.evaluate("() => window.__violations")]
    context.close()
    assert not violations, "\n".join(violations)
    assert not errors, "\n".join(errors)


@pytest.mark.browser
def test_search_palette_and_tooltips_work_under_the_policy(browser, secured_site):
    context = browser.new_context(locale="zh-CN")
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    response = page.goto(secured_site + "/report/2020/notes/", wait_until="networkidle")
    assert "script-src 'self' 'sha256-" in response.headers["content-security-policy"]
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("ISBN", delay=30)  # Chinese search: issue 4
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function(
        """() => /个符合条件的结果|没有找到/.test(
        document.querySelector(".md-search-result__meta").textContent)""",
        timeout=20_000,
    )
    assert "符合条件的结果" in meta.inner_text()  # the search worker ran and answered
    page.keyboard.press("Escape")
    page.locator("form[data-palette] label:not([hidden])").click()  # the toggle shown (reading.js)
    page.reload(wait_until="networkidle")  # the inline palette scripts restore the choice on load
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    page.locator("a.glossary-term").first.hover()
    assert page.evaluate("() => window.__violations") == []
    context.close()


NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MISSING_NGINX = "缺少 nginx（部署示例的测试需要它）。Debian/Ubuntu: sudo apt-get install nginx-light"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def nginx_test_config(
    prefix: Path, site: Path, http_port: int, https_port: int, publish_path: Path | None = None
) -> Path:
    """The example as installed, on a loopback port with files under `prefix`, serving `publish_path` (its
    `current` link, as `make publish` leaves it) or else the built site through a `current` link of its own."""
    (prefix / "logs").mkdir(parents=True, exist_ok=True)
    if publish_path is None:
        publish_path = prefix / "publish"
        publish_path.mkdir()
        (publish_path / "current").symlink_to(site)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
        + ["-keyout", str(prefix / "key.pem"), "-out", str(prefix / "cert.pem")],
        check=True,
        capture_output=True,
    )
    conf = NGINX_CONF.read_text(encoding="utf-8")
    for old, new in (
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("/etc/ssl/shuxiang/fullchain.pem", str(prefix / "cert.pem")),
        ("/etc/ssl/shuxiang/privkey.pem", str(prefix / "key.pem")),
        ("/srv/shuxiang/", f"{publish_path}/"),
        ("include snippets/shuxiang-security-headers.conf;", f"include {csp.HEADERS_CONF};"),
    ):
        assert old in conf, f"deploy/nginx/shuxiang.conf no longer has {old!r}"
        conf = conf.replace(old, new)
    conf = re.sub(r"^\s*listen \[::\].*$", "", conf, flags=re.M)  # loopback only
    (prefix / "site.conf").write_text(conf, encoding="utf-8")
    temp = " ".join(
        f"{kind}_temp_path {prefix / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main = prefix / "nginx.conf"
    main.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")  # as root (CI) the workers must read the pytest folder
        + f"pid {prefix / 'nginx.pid'};\nerror_log {prefix / 'logs' / 'error.log'};\nevents {{}}\n"
        + f"http {{ include /etc/nginx/mime.types; default_type application/octet-stream; access_log off; {temp}\n"
        + f"include {prefix / 'site.conf'}; }}\n",
        encoding="utf-8",
    )
    return main


@pytest.fixture(scope="module")
def nginx_site(site, tmp_path_factory):
    """The built site served by the real nginx with the example configuration, over https on loopback."""
    assert Path(NGINX).exists(), MISSING_NGINX
    prefix = tmp_path_factory.mktemp("nginx")
    port = _free_port()
    conf = nginx_test_config(prefix, site, _free_port(), port)
    checked = subprocess.run([NGINX, "-t", "-p", str(prefix), "-c", str(conf)], capture_output=True, text=True)
    server = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield f"https://127.0.0.1:{port}", checked
    server.terminate()
    server.wait(timeout=20)


def test_nginx_accepts_the_example(nginx_site):
    _, checked = nginx_site
    assert checked.returncode == 0, checked.stderr
    assert "syntax is ok" in checked.stderr and "[emerg]" not in checked.stderr


@pytest.mark.browser
def test_every_page_through_nginx_without_a_policy_violation(browser, site, nginx_site):
    address, _ = nginx_site
    context = browser.new_context(locale="zh-CN", ignore_https_errors=True)  # the test's self-signed certificate
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
    cache: dict[str, str] = {}
    page.on("response", lambda r: cache.setdefault(r.url.split("?")[0], r.headers.get("cache-control", "")))
    violations = []
    for url in _all_pages(site):
        response = page.goto(address + url, wait_until="networkidle")
        assert response.status == 200, url
        assert response.headers["content-security-policy"] == csp.read_headers()["Content-Security-Policy"]
        violations += [f"{url}: {v}" for v in page.evaluate("() => window.__violations")]
    context.close()
    assert not violations, "\n".join(violations)
    assert not errors, "\n".join(errors)
    for url, value in cache.items():  # nothing is kept longer than it can go stale
        if re.search(r"\.[0-9a-f]{8}\.min\.(js|css)$", url):
            assert "immutable" in value, url
        else:
            assert value == "no-cache", f"{url}: {value}"


def test_nginx_gives_the_editor_its_own_policy_and_members_pages_theirs(tmp_path):
    """A small site with /admin/ through the example's nginx: the editor's files (even its .js, which a regex
    location would otherwise take) get the editor's policy alone; pages keep the site's."""
    assert Path(NGINX).exists(), MISSING_NGINX
    site = tmp_path / "site"
    (site / "admin").mkdir(parents=True)
    for name in ("index.html", "404.html", "admin/index.html", "admin/decap-cms.js", "admin/1.decap-cms.js"):
        (site / name).write_text("<!doctype html><title>测试</title>", encoding="utf-8")
    port = _free_port()
    conf = nginx_test_config(tmp_path / "nginx", site, _free_port(), port)
    server = subprocess.Popen([NGINX, "-p", str(tmp_path / "nginx"), "-c", str(conf), "-g", "daemon off;"])
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            time.sleep(0.1)
        unverified = ssl._create_unverified_context()  # the test's self-signed certificate
        policies = {
            url: urllib.request.urlopen(f"https://127.0.0.1:{port}{url}", context=unverified).headers.get_all(
                "Content-Security-Policy"
            )
            for url in ("/", "/admin/", "/admin/decap-cms.js", "/admin/1.decap-cms.js")
        }
    finally:
        server.terminate()
        server.wait(timeout=20)
    editor = csp.admin_headers()["Content-Security-Policy"]
    assert policies["/"] == [csp.read_headers()["Content-Security-Policy"]]
    assert all(policies[url] == [editor] for url in policies if url.startswith("/admin/")), policies
