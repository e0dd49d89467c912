"""deploy/publish.sh (make publish, make rollback) against a real SSH server and the real nginx, on the loopback.

As on the office's server: Debian's OpenSSH server runs on a free loopback port (its own host key and an authorized
key in a temporary folder, for the user running the tests), and the nginx example serves PUBLISH_PATH/current over
https (tests/test_deploy.py's configuration helper). The script is run as `make publish` runs it, on a built site.

Two releases differ as two builds do: every page carries a test marker naming its release (A or B) and the site's
own extra.css a line of its own; every other file is the same build. While the script publishes B and rolls back to
A, two readers (threads, each with its own cookies, like two browsers) load pages the way a browser does: the page,
then every file under /assets/ it names (styles, scripts, icons). A page load is *mixed* when a file it loads holds
the other release's bytes than its page (extra.css tells them apart); an *error* is a status other than 200, a failed
request, or bytes of neither release. Both must stay zero; the readers must see A, then B, then A, never flapping.
"""

from __future__ import annotations

import getpass
import http.cookiejar
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
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import PROJECT_ROOT
from test_deploy import NGINX, nginx_test_config

SSHD = "/usr/sbin/sshd"
MISSING_SSHD = (
    "缺少 openssh-server（发布测试在本机回环地址上运行 SSH 服务）。Debian/Ubuntu: sudo apt-get install openssh-server"
)
PUBLISH = PROJECT_ROOT / "deploy" / "publish.sh"
MARKER = re.compile(r'<meta name="test-release" content="([A-Z])">')
LINKED = re.compile(r'\s(?:href|src)="([^"#?]+)')
READERS, MAX_LOADS, MAX_SECONDS = 2, 3000, 180  # bounds of the load: readers, page loads each, seconds in all


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        assert process.poll() is None, f"{what} stopped: {process.stderr.read()}"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"{what} did not open port {port}")


@pytest.fixture(scope="module")
def ssh_server(tmp_path_factory) -> dict[str, str]:
    """OpenSSH's server on a loopback port; yields the PUBLISH_* variables (all but the path) that reach it."""
    assert Path(SSHD).exists(), MISSING_SSHD
    folder = tmp_path_factory.mktemp("sshd")
    for name in ("host_key", "client_key"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(folder / name)], check=True)
    shutil.copyfile(folder / "client_key.pub", folder / "authorized_keys")
    port, user = _free_port(), getpass.getuser()
    config = folder / "sshd_config"
    config.write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {folder / 'host_key'}\nPidFile {folder / 'sshd.pid'}\n"
        f"AuthorizedKeysFile {folder / 'authorized_keys'}\nAllowUsers {user}\nStrictModes no\nUsePAM no\n"
        "PasswordAuthentication no\nKbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\n",
        encoding="utf-8",
    )
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege separation folder (made at boot)
    server = subprocess.Popen([SSHD, "-D", "-e", "-f", str(config)], stderr=subprocess.PIPE, text=True)
    _wait_for_port(port, server, "sshd")
    key_type, key = (folder / "host_key.pub").read_text(encoding="utf-8").split()[:2]
    probe = subprocess.run(
        ["ssh", "-p", str(port), "-i", str(folder / "client_key"), "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes"]
        + ["-o", "StrictHostKeyChecking=no", "-o", f"UserKnownHostsFile={folder / 'known_hosts'}", f"{user}@127.0.0.1"]
        + ["true"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    if probe.returncode != 0:
        server.terminate()
        pytest.fail(
            f"测试用的 SSH 服务拒绝登录（{user}）：{probe.stderr.strip()}\n以 root 运行测试（CI 就是这样），"
            "或者给本用户一个登录 shell、不要锁定账户（密码字段以 ! 开头时 sshd 视为锁定）",
            pytrace=False,
        )
    yield {
        "PUBLISH_HOST": "127.0.0.1",
        "PUBLISH_PORT": str(port),
        "PUBLISH_USER": user,
        "PUBLISH_SSH_KEY": (folder / "client_key").read_text(encoding="utf-8"),
        "PUBLISH_KNOWN_HOSTS": f"[127.0.0.1]:{port} {key_type} {key}",
    }
    server.terminate()
    server.wait(timeout=20)


@pytest.fixture(scope="module")
def releases(site, tmp_path_factory) -> dict[str, Path]:
    """Two builds of the site as two publishes would bring them: A and B (test markers, see the docstring)."""
    folder = tmp_path_factory.mktemp("releases")
    built = {}
    for name in ("A", "B"):
        copy = folder / name
        shutil.copytree(site, copy)
        for page in copy.rglob("*.html"):
            html = page.read_text(encoding="utf-8")
            page.write_text(html.replace("</head>", f'<meta name="test-release" content="{name}"></head>', 1))
        extra = copy / "assets" / "stylesheets" / "extra.css"
        extra.write_text(extra.read_text(encoding="utf-8") + f"\n/* 测试版本 {name} */\n", encoding="utf-8")
        built[name] = copy
    return built


class Publisher:
    """Runs deploy/publish.sh with the variables of one server folder, never twice in one second (a release's name
    is the second it was published in)."""

    def __init__(self, variables: dict[str, str], path: Path, **more: str):
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("PUBLISH_")}
        self.env.update(variables, PUBLISH_PATH=str(path), **more)
        self.path, self.last = path, 0.0

    def run(self, *args: str) -> tuple[subprocess.CompletedProcess, float]:
        time.sleep(max(0.0, int(self.last) + 1 - time.time()))
        started = time.monotonic()
        result = subprocess.run(
            [str(PUBLISH), *args], cwd=PROJECT_ROOT, env=self.env, capture_output=True, text=True, timeout=120
        )
        self.last = time.time()
        return result, time.monotonic() - started

    def current(self) -> str:
        return os.readlink(self.path / "current").removeprefix("releases/")

    def releases(self) -> list[str]:
        return sorted(p.name for p in (self.path / "releases").iterdir())


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _opener() -> urllib.request.OpenerDirector:
    """A client like one browser: its own cookies; the test's self-signed certificate accepted."""
    unverified = ssl.create_default_context()
    unverified.check_hostname, unverified.verify_mode = False, ssl.CERT_NONE
    return urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=unverified),
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
    )


class Reader(threading.Thread):
    """Loads pages in turn as a browser does (the page, then the files under /assets/ it names) and counts."""

    def __init__(self, base: str, pages: list[str], releases: dict[str, Path], stop: threading.Event):
        super().__init__(daemon=True)
        self.base, self.pages, self.releases, self.stop = base, pages, releases, stop
        self.opener = _opener()
        self.requests, self.loads = 0, 0
        self.errors: list[str] = []
        self.mixed: list[str] = []
        self.seen: list[str] = []  # the release of each page loaded, in order

    def get(self, url: str) -> bytes | None:
        self.requests += 1
        try:
            with self.opener.open(url, timeout=10) as response:
                if response.status == 200:
                    return response.read()
                self.errors.append(f"{url}: {response.status}")
        except OSError as err:
            self.errors.append(f"{url}: {err}")
        return None

    def run(self) -> None:
        deadline = time.monotonic() + MAX_SECONDS
        while not self.stop.is_set() and self.loads < MAX_LOADS and time.monotonic() < deadline:
            url = self.base + self.pages[self.loads % len(self.pages)]
            self.loads += 1
            html = self.get(url)
            if html is None:
                continue
            marker = MARKER.search(html.decode("utf-8"))
            if marker is None:
                self.errors.append(f"{url}: a page of neither release")
                continue
            release = marker.group(1)
            self.seen.append(release)
            for link in LINKED.findall(html.decode("utf-8")):
                path = urlsplit(urljoin(url, link)).path
                if not path.startswith("/assets/"):
                    continue
                body = self.get(self.base + path)
                if body is None or body == (self.releases[release] / path[1:]).read_bytes():
                    continue
                others = [name for name, folder in self.releases.items() if body == (folder / path[1:]).read_bytes()]
                if others:
                    self.mixed.append(f"{url} (release {release}) loaded {path} of release {others[0]}")
                else:
                    self.errors.append(f"{path}: bytes of neither release")


def _runs(seen: list[str]) -> list[str]:
    """A, A, B, B, A → A, B, A."""
    return [name for i, name in enumerate(seen) if i == 0 or seen[i - 1] != name]


@pytest.fixture
def nginx_on(tmp_path):
    """Starts the nginx example serving a publish folder's `current`; stopped at the end of the test."""
    servers = []

    def start(site: Path, publish_path: Path) -> str:
        prefix = tmp_path / "nginx"
        port = _free_port()
        conf = nginx_test_config(prefix, site, _free_port(), port, publish_path)
        server = subprocess.Popen(
            [NGINX, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"], stderr=subprocess.PIPE
        )
        servers.append(server)
        _wait_for_port(port, server, "nginx")
        return f"https://127.0.0.1:{port}"

    yield start
    for server in servers:
        server.terminate()
        server.wait(timeout=20)


def test_publish_and_rollback_while_readers_load_pages(
    ssh_server, releases, nginx_on, tmp_path, report_figure
):  # fmt: skip
    publisher = Publisher(ssh_server, tmp_path / "srv")
    result, first_time = publisher.run("publish", str(releases["A"]))
    assert result.returncode == 0, result.stderr
    release_a = publisher.current()
    assert "已发布" in result.stdout and release_a in result.stdout and "make rollback" in result.stdout
    assert _files(publisher.path / "current") == _files(releases["A"])
    base = nginx_on(releases["A"], publisher.path)

    folders = sorted(p.parent.relative_to(releases["A"]).as_posix() for p in releases["A"].rglob("index.html"))
    pages = [("/" + folder + "/").replace("/./", "/") for folder in folders][:12]
    stop = threading.Event()
    readers = [Reader(base, pages[i::READERS] + pages, releases, stop) for i in range(READERS)]
    pinned = _opener()  # a reader whose page came from A before the switch
    assert MARKER.search(pinned.open(base + "/glossary/").read().decode()).group(1) == "A"
    for reader in readers:
        reader.start()

    def wait_for(name: str, count: int = 10) -> None:
        """Until every reader's last page is of release `name`, then `count` more pages each."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not all(r.seen[-1:] == [name] for r in readers):
            time.sleep(0.05)
        start = [len(r.seen) for r in readers]
        while time.monotonic() < deadline and any(len(r.seen) < n + count for r, n in zip(readers, start)):
            time.sleep(0.05)

    wait_for("A")
    result, publish_time = publisher.run("publish", str(releases["B"]))
    assert result.returncode == 0, result.stderr
    release_b = publisher.current()
    wait_for("B")
    # The reader with A's page still gets A's stylesheet after the switch; its next page is B, with B's stylesheet.
    extra = "/assets/stylesheets/extra.css"
    assert pinned.open(base + extra).read() == (releases["A"] / extra[1:]).read_bytes()
    assert MARKER.search(pinned.open(base + "/glossary/").read().decode()).group(1) == "B"
    assert pinned.open(base + extra).read() == (releases["B"] / extra[1:]).read_bytes()
    result, rollback_time = publisher.run("rollback")
    assert result.returncode == 0, result.stderr
    assert publisher.current() == release_a and f"从 {release_b} 改为 {release_a}" in result.stdout
    wait_for("A")
    stop.set()
    for reader in readers:
        reader.join(timeout=30)

    requests = sum(r.requests for r in readers)
    errors = [e for r in readers for e in r.errors]
    mixed = [m for r in readers for m in r.mixed]
    report_figure(
        f"publish/rollback under load: {requests} requests ({sum(r.loads for r in readers)} page loads), "
        f"{len(errors)} errors, {len(mixed)} mixed pages; publish.sh {first_time:.1f} s (first), "
        f"{publish_time:.1f} s (second, hard links), rollback {rollback_time:.1f} s"
    )
    assert requests > 100
    assert not errors, "\n".join(errors[:20])
    assert not mixed, "\n".join(mixed[:20])
    assert all(_runs(r.seen) == ["A", "B", "A"] for r in readers), [_runs(r.seen) for r in readers]

    # Rollback serves the previous release byte for byte, every file (a fresh reader: no cookie).
    fresh = _opener()
    for rel, data in _files(releases["A"]).items():
        assert fresh.open(f"{base}/{rel}").read() == data, rel
    assert _files(publisher.path / "current") == _files(releases["A"])
    # The second upload sent only what changed: every file but the changed ones is a hard link to the first's.
    second = publisher.path / "releases" / release_b
    single = sorted(
        p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file() and p.stat().st_nlink == 1
    )
    assert "assets/stylesheets/extra.css" in single and all(
        name.endswith(".html") or name == "assets/stylesheets/extra.css" for name in single
    ), single


@pytest.mark.browser
def test_chromium_keeps_its_page_s_release_for_the_files_the_page_loads(
    browser, ssh_server, releases, nginx_on, tmp_path
):  # fmt: skip
    publisher = Publisher(ssh_server, tmp_path / "srv")
    assert publisher.run("publish", str(releases["A"]))[0].returncode == 0
    release_a = publisher.current()
    base = nginx_on(releases["A"], publisher.path)
    context = browser.new_context(locale="zh-CN", ignore_https_errors=True)  # the test's self-signed certificate
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
    page.goto(base + "/glossary/", wait_until="networkidle")
    (cookie,) = [c for c in context.cookies() if c["name"] == "shuxiang_release"]
    assert cookie["value"] == release_a and cookie["path"] == "/assets/" and cookie["httpOnly"] and cookie["secure"]
    assert cookie["expires"] == -1, "a session cookie: gone when the browser closes"
    assert publisher.run("publish", str(releases["B"]))[0].returncode == 0
    fetch = "url => fetch(url, {cache: 'no-store'}).then(r => r.text())"  # as the page would load it now
    assert page.evaluate(fetch, "../assets/stylesheets/extra.css").endswith("/* 测试版本 A */\n")
    page.goto(base + "/glossary/", wait_until="networkidle")
    assert MARKER.search(page.content()).group(1) == "B"
    assert page.evaluate(fetch, "../assets/stylesheets/extra.css").endswith("/* 测试版本 B */\n")
    context.close()
    assert not errors, "\n".join(errors)


def test_keeps_the_last_releases_and_says_when_there_is_none_to_go_back_to(ssh_server, releases, tmp_path):
    key_file = tmp_path / "key"  # as GitLab gives a variable of type 「文件」: the path of a file holding the key
    key_file.write_text(ssh_server["PUBLISH_SSH_KEY"].replace("\n", "\r\n"), encoding="utf-8")  # and Windows line ends
    publisher = Publisher(ssh_server, tmp_path / "srv", PUBLISH_KEEP="2", PUBLISH_SSH_KEY=str(key_file))
    result, _ = publisher.run("rollback")
    assert result.returncode == 1 and "还没有发布过" in result.stderr
    names = []
    for name in ("A", "B", "A"):
        result, _ = publisher.run("publish", str(releases[name]))
        assert result.returncode == 0, result.stderr
        names.append(publisher.current())
    assert publisher.releases() == names[1:] and "保留 2 个版本" in result.stdout
    assert publisher.run("rollback")[0].returncode == 0 and publisher.current() == names[1]
    result, _ = publisher.run("rollback")
    assert result.returncode == 1 and "没有比当前版本" in result.stderr and names[1] in result.stderr
    assert publisher.current() == names[1] and "Traceback" not in result.stderr


def test_refuses_a_server_whose_key_is_not_the_known_one(ssh_server, releases, tmp_path):
    other = tmp_path / "other_key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(other)], check=True)
    key_type, key = (other.with_suffix(".pub")).read_text(encoding="utf-8").split()[:2]
    forged = f"[127.0.0.1]:{ssh_server['PUBLISH_PORT']} {key_type} {key}"
    publisher = Publisher(ssh_server, tmp_path / "srv", PUBLISH_KNOWN_HOSTS=forged)
    result, _ = publisher.run("publish", str(releases["A"]))
    assert result.returncode == 1 and "无法连接服务器" in result.stderr
    assert not (tmp_path / "srv").exists()


def test_a_preview_is_never_published(ssh_server, site, tmp_path):
    preview = tmp_path / "preview"
    (preview / "assets" / "stylesheets").mkdir(parents=True)
    (preview / "index.html").write_text("<p>测试页</p>", encoding="utf-8")
    (preview / "assets" / "stylesheets" / "preview.css").write_text("", encoding="utf-8")
    result, _ = Publisher(ssh_server, tmp_path / "srv").run("publish", str(preview))
    assert result.returncode == 1 and "是合并请求的预览" in result.stderr and not (tmp_path / "srv").exists()


def _make(target: str, **variables: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PUBLISH_")}
    return subprocess.run(
        ["make", "--no-print-directory", target],
        cwd=PROJECT_ROOT,
        env={**env, **variables},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_make_publish_without_the_variables_says_what_to_set_and_skips():
    result = _make("publish", PUBLISH_HOST="shuxiang.example")
    assert result.returncode == 0, result.stderr
    assert "未发布" in result.stdout and "PUBLISH_USER PUBLISH_PATH PUBLISH_SSH_KEY" in result.stdout
    assert "PUBLISH_HOST PUBLISH_USER" not in result.stdout and "跳过" in result.stdout
    assert "build --strict" not in result.stdout + result.stderr  # nothing was built


def test_make_publish_with_a_wrong_variable_fails_before_building():
    result = _make(
        "publish",
        PUBLISH_HOST="shuxiang.example",
        PUBLISH_USER="deploy",
        PUBLISH_PATH="srv/shuxiang",
        PUBLISH_SSH_KEY="ssh-ed25519 AAAA 测试公钥",
        PUBLISH_KEEP="1",
    )
    assert result.returncode == 2
    for told in (
        "PUBLISH_PATH 应是服务器上的绝对路径",
        "PUBLISH_KEEP 应是不小于 2 的整数",
        "PUBLISH_SSH_KEY 应是 SSH 私钥的全文",
    ):
        assert told in result.stderr
    assert "build --strict" not in result.stdout + result.stderr
