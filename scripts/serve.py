"""`make serve`: MkDocs' live preview that survives every mistake staff make.

    python -m scripts.serve [--port 8000] [--host 127.0.0.1]

The site is built as `mkdocs build --strict` builds it. When that fails (a data file, a macro call, a link,
the navigation), the server stays up: it runs the same check as `make check`, prints its Chinese list and
builds the site once more with every page showing that list (macros/__init__.py, PREVIEW_PROBLEMS). Live
reload brings the open tabs to the list, and back to the page once the file is fixed. A busy port is named
and the next free one is used.
"""

from __future__ import annotations

import argparse
import html
import json
import logging
import os
import shutil
import socket
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import jinja2
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer

from macros import PREVIEW, PREVIEW_PROBLEMS
from macros.checks.run import run_check
from macros.core.errors import Problem, format_problems, relative_name
from macros.core.paths import MKDOCS_YML
from macros.sources.textfiles import explain_yaml_error
from scripts.preview_cache import PreviewCache

log = logging.getLogger("mkdocs.portal.serve")
#: How many ports after the asked one are tried when it is busy.
PORT_TRIES = 20
#: How often the watched folders are scanned for changes (MkDocs' default is 0.5 s).
POLLING_INTERVAL = 0.1
OUTCOME = "预览页面暂时显示这份清单，改好并保存后会自动恢复"


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


class _Held(logging.Handler):
    """Holds MkDocs' warnings of a build instead of printing them (the Chinese list says the same)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


#: MkDocs' messages on the terminal; during a build only its INFO lines (the warnings come as the Chinese list).
CONSOLE = logging.StreamHandler()
CONSOLE.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))


def _info_only(record: logging.LogRecord) -> bool:
    return record.levelno < logging.WARNING


@contextmanager
def _held_warnings():
    """MkDocs' own warnings during a build, held back from the terminal."""
    logger = logging.getLogger("mkdocs")
    held = _Held()
    logger.addHandler(held)
    CONSOLE.addFilter(_info_only)
    try:
        yield held.records
    finally:
        CONSOLE.removeFilter(_info_only)
        logger.removeHandler(held)


def preview_problems(error: BaseException, warnings: list[logging.LogRecord]) -> list[Problem]:
    """The check's list; if the check finds nothing (a mistake only MkDocs sees), MkDocs' own words."""
    try:
        problems = run_check().problems
    except yaml.YAMLError as failure:  # mkdocs.yml itself cannot be read
        line, message = explain_yaml_error(failure, MKDOCS_YML.read_text(encoding="utf-8"))
        problems = [Problem(relative_name(MKDOCS_YML), line, message)]
    except Exception as failure:  # the check itself broke: say so, with the build's own error
        problems = [Problem("（检查程序）", None, f"检查程序自身出错：{type(failure).__name__}: {failure}")]
    if problems:
        return problems
    said = [r.getMessage() for r in warnings] or [str(error) or type(error).__name__]
    return [Problem("mkdocs.yml", None, f"MkDocs 报告：{text}") for text in said]


class KeptBytecode(jinja2.BytecodeCache):
    """The theme's templates compiled once per preview session, not once per rebuild (Jinja compares each
    template's checksum, so an edited template is compiled again)."""

    def __init__(self):
        self.kept: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.kept:
            bucket.bytecode_from_string(self.kept[bucket.key])

    def dump_bytecode(self, bucket):
        self.kept[bucket.key] = bucket.bytecode_to_string()


class PreviewBuilder:
    """The builder the live-reload server calls on every change; it never raises."""

    def __init__(self, config_file: str | None, site_dir: str, serve_url: str):
        self.config_file, self.site_dir, self.serve_url = config_file, site_dir, serve_url
        self.bytecode = KeptBytecode()
        self.pages = PreviewCache()  # pages whose inputs did not change are not rendered again
        self.theme_files: dict[tuple, list[str]] = {}
        self.on_config = lambda config: None  # serve() watches the folders the configuration names

    def config(self, strict: bool = True):
        config = load_config(config_file=self.config_file, site_dir=self.site_dir)
        config.site_url = self.serve_url
        self.on_config(config)
        make_env = config.theme.get_env

        def theme_env() -> jinja2.Environment:
            env = make_env()
            env.bytecode_cache = self.bytecode
            # The theme's 14,000 files are listed once per session (the theme folders are not watched), and so are
            # the few hundred MkDocs copies into the site (its filter depends on static_templates only).
            key = tuple(env.loader.searchpath)
            if key not in self.theme_files:
                self.theme_files[key] = env.loader.list_templates()
            env.loader.list_templates = lambda: self.theme_files[key]
            list_all = env.list_templates
            statics = (key, tuple(config.theme.static_templates))

            def list_templates(extensions=None, filter_func=None):
                if extensions is not None or filter_func is None:
                    return list_all(extensions, filter_func)
                if statics not in self.theme_files:
                    self.theme_files[statics] = list_all(filter_func=filter_func)
                return self.theme_files[statics]

            env.list_templates = list_templates
            return env

        config.theme.get_env = theme_env
        if not strict:
            config.strict = False
        return config

    def __call__(self) -> None:
        log.info("正在生成预览……")
        with _held_warnings() as warnings:
            try:
                config = self.config()
                self.pages.start_build(config)
                build(config, serve_url=self.serve_url)
                if self.pages.rendered:
                    log.info(f"重新生成了 {len(self.pages.rendered)} 个页面，其余页面没有变化")
                return
            except KeyboardInterrupt:
                raise
            except BaseException as error:  # SystemExit from the macros plugin and from strict mode
                failure = error
        problems = preview_problems(failure, warnings)
        print(format_problems(problems, OUTCOME), file=sys.stderr, flush=True)
        os.environ[PREVIEW_PROBLEMS] = json.dumps([[p.file, p.line, p.message, p.column] for p in problems])
        try:
            with _held_warnings():
                config = self.config(strict=False)
                self.pages.start_build(config, enabled=False)  # every page shows the list: nothing is remembered
                build(config, serve_url=self.serve_url)
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # even mkdocs.yml is broken: a plain page with the list
            print(f"（网站无法生成，预览改用简单页面显示问题清单：{type(error).__name__}: {error}）", file=sys.stderr)
            self.write_plain_page(problems)
        finally:
            del os.environ[PREVIEW_PROBLEMS]

    def write_plain_page(self, problems: list[Problem]) -> None:
        """When the site cannot be built at all: the list on a bare page, at every address."""
        items = "".join(f"<li>{html.escape(str(p))}</li>" for p in problems)
        page = (
            '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>预览暂停</title>'
            f"<h1>预览暂停：发现{len(problems)}处问题</h1><p>{OUTCOME}。</p><ol>{items}</ol></html>"
        )
        root = Path(self.site_dir)
        for path in [root / "index.html", *root.rglob("*.html")]:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(page, encoding="utf-8")


def serve(host: str, port: int, config_file: str | None = None) -> None:
    """Build, serve on host:port and rebuild on every change of the watched files, as `mkdocs serve` does."""
    site_dir = tempfile.mkdtemp(prefix="portal-preview-")
    serve_url = f"http://{host}:{port}/"
    builder = PreviewBuilder(config_file, site_dir, serve_url)
    server = LiveReloadServer(builder=builder, host=host, port=port, root=site_dir, polling_interval=POLLING_INTERVAL)
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
        shutil.rmtree(site_dir, ignore_errors=True)


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
    logger = logging.getLogger("mkdocs")
    logger.addHandler(CONSOLE)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    os.environ[PREVIEW] = "1"
    serve(args.host, free_port(args.host, args.port), args.config_file)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
