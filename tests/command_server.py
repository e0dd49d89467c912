"""Runs `python -m <module> <args>` for many project copies in forked children of one warmed-up interpreter.

Each command runs exactly as `python -m` would run it (its folder first on sys.path, its own sys.argv, runpy), in a
fresh child process, so nothing leaks between commands; only Python's start-up and the imports of ProperDocs, Material and
pydantic are paid once instead of once per command. Used by tests/checks/test_mistakes.py, which checks and
builds dozens of broken copies of the project.

Protocol: one JSON object per line on stdin, {"id", "cwd", "module", "args", "env"}; one per line on stdout,
{"id", "code", "output", "seconds"} (wall time of the child). At most `--jobs` children run at once. The server ends when stdin closes.
"""

from __future__ import annotations

import json
import os
import runpy
import sys
import tempfile
import time
import traceback

WARM_IMPORTS = (
    "properdocs.replacement",  # first: from here on `mkdocs.*` is ProperDocs, as under `python -m properdocs`
    "click",
    "mkdocs.config",
    "mkdocs.commands.build",
    "mkdocs.commands.serve",
    "material.plugins.search.plugin",
    "mkdocs_macros.plugin",
    "pymdownx.superfences",
    "pymdownx.details",
    "pydantic",
    "pypinyin",
    "jinja2",
    "markdown",
    "autocorrect_py",
    "yaml",
    # what the checks and builds import besides: the site's Markdown extensions, code highlighting, the HTML
    # sanitizer and parser, traditional → simplified, QR codes, the social image's drawing
    "markdown.extensions.abbr",
    "markdown.extensions.admonition",
    "markdown.extensions.codehilite",
    "markdown.extensions.def_list",
    "markdown.extensions.fenced_code",
    "markdown.extensions.md_in_html",
    "markdown.extensions.tables",
    "markdown.extensions.toc",
    "pymdownx.highlight",
    "pymdownx.slugs",
    "pygments.formatters.html",
    "pygments.lexers",
    "pygments.lexers.shell",
    "pygments.styles.default",
    "mkdocs.config.defaults",
    "material.templates",
    "jinja2.sandbox",
    "nh3",
    "html5lib",
    "opencc",
    "segno",
    "PIL.ImageDraw",
    "PIL.ImageFont",
    "difflib",
    "statistics",
)


def _warm_up() -> None:
    import importlib

    for name in WARM_IMPORTS:
        importlib.import_module(name)
    from pydantic import BaseModel, ConfigDict, Field  # pydantic imports its parts lazily: warm them too

    class _Warm(BaseModel):
        model_config = ConfigDict(extra="forbid")
        text: str = Field(min_length=1)

    _Warm(text="x")


def _run_child(job: dict, log_path: str) -> None:
    """In the forked child: become `python -m module args` in job["cwd"], then exit with its status."""
    code = 1
    try:
        log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.chdir(job["cwd"])
        os.environ.update(job.get("env", {}))
        sys.dont_write_bytecode = True
        sys.path[0] = job["cwd"]
        sys.argv = [job["module"], *job.get("args", [])]
        try:
            runpy.run_module(job["module"], run_name="__main__", alter_sys=True)
            code = 0
        except SystemExit as stop:  # as the interpreter does: a message given to SystemExit goes to stderr
            if stop.code is None or isinstance(stop.code, int):
                code = stop.code or 0
            else:
                print(stop.code, file=sys.stderr)
                code = 1
        except BaseException:
            traceback.print_exc()
            code = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def serve(jobs: int) -> None:
    _warm_up()
    print(json.dumps({"ready": True}), flush=True)
    running: dict[int, tuple[str, str, float]] = {}
    logs = tempfile.mkdtemp(prefix="command-server-")

    def reap(block: bool) -> None:
        while running:
            pid, status = os.waitpid(-1, 0 if block else os.WNOHANG)
            if pid == 0:
                return
            job_id, log_path, started = running.pop(pid)
            with open(log_path, encoding="utf-8", errors="replace") as log:
                output = log.read()
            os.unlink(log_path)
            code, seconds = os.waitstatus_to_exitcode(status), round(time.monotonic() - started, 2)
            print(json.dumps({"id": job_id, "code": code, "output": output, "seconds": seconds}), flush=True)
            block = False

    for line in sys.stdin:
        job = json.loads(line)
        while len(running) >= jobs:
            reap(block=True)
        log_path = os.path.join(logs, f"{job['id']}.log")
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            _run_child(job, log_path)
        running[pid] = (job["id"], log_path, time.monotonic())
        reap(block=False)
    while running:
        reap(block=True)
    os.rmdir(logs)


if __name__ == "__main__":
    serve(int(sys.argv[sys.argv.index("--jobs") + 1]) if "--jobs" in sys.argv else 2)
