"""`make edit`: the editor of /admin/ against this working copy, on the loopback only.

Two local servers: Decap's own proxy (decap-server from npm, MODE=fs) reads and writes the project's files, and a
plain file server shows the editor's page, whose configuration (generated from the schemas, macros/site/cms_config.py)
points at that proxy. A save writes the file here; nothing is committed or sent anywhere. Tests use `running_editor`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from macros.core.paths import PROJECT_ROOT
from scripts.sitecheck import serve

PROXY = PROJECT_ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
BUNDLE = PROJECT_ROOT / "node_modules" / "decap-cms" / "dist"


def _wait_for_port(port: int, process: subprocess.Popen, log, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"本机代理（decap-server）没有启动：{log.read()[-2000:]}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.2)
    raise RuntimeError(f"本机代理（decap-server）{timeout:.0f} 秒内没有在端口 {port} 上应答")


@contextlib.contextmanager
def running_editor(project: Path, port: int, proxy_port: int, headers: dict[str, str] | None = None) -> Iterator[str]:
    """The editor for `project` served on 127.0.0.1:port (with `headers`, e.g. the deploy example's policy), its
    proxy on proxy_port; yields the editor's address."""
    # the proxy's log goes to a file, not a pipe: a long session's log never blocks it
    with tempfile.TemporaryDirectory(prefix="shuxiang-edit-") as folder, tempfile.TemporaryFile(mode="w+") as log:
        local = f"http://127.0.0.1:{proxy_port}/api/v1"
        command = [sys.executable, "-m", "macros.site.admin", folder, "--bundle", str(BUNDLE), "--local-backend", local]
        made = subprocess.run(command, cwd=project, capture_output=True, text=True)
        if made.returncode != 0:
            raise RuntimeError(made.stderr.strip())
        environment = {
            **os.environ,
            "PORT": str(proxy_port),
            "BIND_HOST": "127.0.0.1",
            "MODE": "fs",
            "GIT_REPO_DIRECTORY": str(project),
            "ORIGIN": f"http://127.0.0.1:{port}",
            "LOG_LEVEL": "error",
        }
        proxy = subprocess.Popen(["node", str(PROXY)], env=environment, stdout=log, stderr=subprocess.STDOUT, text=True)
        try:
            _wait_for_port(proxy_port, proxy, log)
            with serve(Path(folder), port=port, headers=headers):
                yield f"http://127.0.0.1:{port}/admin/"
        finally:
            proxy.terminate()
            proxy.wait(timeout=10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make edit", description="在本机用网页表单编辑这个仓库里的文件")
    parser.add_argument("--port", type=int, default=8090, help="编辑器的端口（默认 8090）")
    parser.add_argument("--proxy-port", type=int, default=None, help="本机代理的端口（默认编辑器端口加一）")
    args = parser.parse_args(argv)
    if not PROXY.is_file():
        print("缺少 decap-server：请在仓库目录运行 npm ci（需要 Node.js 18 以上）", file=sys.stderr)
        return 1
    try:
        with running_editor(PROJECT_ROOT, args.port, args.proxy_port or args.port + 1) as address:
            print(f"\n网页表单编辑器：{address}（只在本机；保存直接写入本仓库的文件，不提交）")
            print("改完运行 make check，再用 git 提交并发起拉取请求。按 Ctrl+C 停止。\n")
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:
        return 0
    except (RuntimeError, OSError) as err:
        print(f"\n{err}\n", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
