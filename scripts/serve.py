"""`make serve`: MkDocs' live preview that survives every mistake staff make.

    python -m scripts.serve [--port 8000] [--host 127.0.0.1]

The site is built as `properdocs build --strict` builds it. When that fails (a data file, a macro call, a link,
the navigation), the server stays up: it runs the same check as `make check`, prints its Chinese list and
builds the site once more with every page showing that list (scripts/preview.py, its contract). Live
reload brings the open tabs to the list, and back to the page once the file is fixed. A busy port is named
and the next free one is used.
"""

from __future__ import annotations

import argparse
import glob
import logging
import os
import shutil
import socket
import tempfile
from pathlib import Path

from properdocs.livereload import LiveReloadServer
from watchdog.observers.polling import PollingEmitter

from scripts.preview import ASIDE, CONSOLE, PreviewBuilder

log = logging.getLogger("properdocs.portal.serve")
#: How many ports after the asked one are tried when it is busy.
PORT_TRIES = 20
#: How often the watched folders are scanned for changes (MkDocs' default is 0.5 s).
POLLING_INTERVAL = 0.1


def free_port(host: str, wanted: int) -> int:
    """The wanted port if nothing listens on it, else the next free one (with a message saying so)."""
    for port in range(wanted, wanted + PORT_TRIES):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((host, port))
            except OSError:
                continue
        if port != wanted:
            print(
                f"端口 {wanted} 已被占用（可能另一个 make serve 还开着，或别的程序在用它），改用端口 {port}。"
                f"也可以自己指定端口：make serve PORT=8080"
            )
        return port
    raise SystemExit(
        f"端口 {wanted} 到 {wanted + PORT_TRIES - 1} 都被占用了：请关掉不用的 make serve 窗口，"
        "或指定别的端口，例如 make serve PORT=9000"
    )


def serve(host: str, port: int, config_file: str | None = None) -> None:
    """Build, serve on host:port and rebuild on every change of the watched files, as `properdocs serve` does."""
    site_dir = tempfile.mkdtemp(prefix="portal-preview-")
    serve_url = f"http://{host}:{port}/"
    builder = PreviewBuilder(config_file, site_dir, serve_url)
    server = LiveReloadServer(host=host, port=port, root=site_dir, polling_interval=POLLING_INTERVAL, builder=builder)
    server.builder = lambda: _without_polling(server.observer, builder)
    server.build_delay = 0.05  # after a change, wait this long for more before building
    server.error_handler = lambda code: _error_page(site_dir, code)
    try:
        builder.on_config = lambda config: _watch(server, config)
        _watch(server, None)  # mkdocs.yml and docs/ even if mkdocs.yml cannot be read yet
        builder()
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("预览已停止。")
        finally:
            server.shutdown()
    finally:
        for folder in [site_dir, *glob.glob(glob.escape(site_dir) + ASIDE + "*")]:  # and earlier builds' files
            shutil.rmtree(folder, ignore_errors=True)


def _without_polling(observer, build) -> None:
    """Build while the watched folders are not scanned: each scan (every file's stat, ten times a second) holds
    Python's lock for a while, and the build waited for it (a tenth of a rebuild at ten times today's content).
    A file saved meanwhile is found by the first scan after the build, against the scan before it."""
    locks = [emitter._lock for emitter in observer.emitters if isinstance(emitter, PollingEmitter)]
    for lock in locks:
        lock.acquire()
    try:
        build()
    finally:
        for lock in locks:
            lock.release()


def _watch(server: LiveReloadServer, config) -> None:
    """Watch the pages, mkdocs.yml and its `watch:` folders (again after each change of mkdocs.yml)."""
    paths = ["docs", "mkdocs.yml"] if config is None else [config.docs_dir, config.config_file_path, *config.watch]
    for path in paths:
        if path and os.path.exists(path):
            server.watch(path)  # a path watched already only counts one more watcher


def _error_page(site_dir: str, code: int) -> bytes | None:
    page = Path(site_dir) / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="书香政协的实时预览（make serve）")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8000))
    parser.add_argument("-f", "--config-file", default=None)
    args = parser.parse_args(argv)
    logger = logging.getLogger("properdocs")
    logger.addHandler(CONSOLE)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    serve(args.host, free_port(args.host, args.port), args.config_file)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
