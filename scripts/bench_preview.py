"""`make bench-preview`: how long an edit takes to show in the preview, against a plain build in the same run.

    python -m scripts.bench_preview [--server portal|engine] [--source DIR]

In a copy of the project: one plain `properdocs build --strict` (the baseline), then the preview server
(`--server portal`: scripts/serve.py, as `make serve` runs it; `engine`: plain `properdocs serve --strict`, the
loop before scripts/serve.py), and three edits a member of staff makes: a word in a page, a word in a glossary
entry, a row of the reading records. Each prints the seconds from saving the file to the new text being served
(an HTTP poll, which MkDocs holds while it rebuilds) and the ratio to the plain build. `--source` copies the
project from another checkout, to measure an older version the same way. Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from macros.core.paths import PROJECT_ROOT
from scripts.project_copy import PROJECT_PARTS

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
TIMEOUT = 120


def copy_from(source: Path, dest: Path) -> Path:
    """The build inputs of a checkout (this one or --source), and scripts/ to run the preview from."""
    dest.mkdir(parents=True)
    for part in (*PROJECT_PARTS, "scripts"):
        if (source / part).is_dir():
            shutil.copytree(source / part, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif (source / part).exists():
            shutil.copy2(source / part, dest / part)
    return dest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


#: The live-reload call MkDocs writes into every page it serves; its numbers change with every build.
LIVERELOAD_RE = re.compile(r"livereload\(\d+, *\d+\)")


def fetch(url: str) -> str:
    """The page as served, without the live-reload call (so that two versions compare by their text)."""
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            return LIVERELOAD_RE.sub("", response.read().decode("utf-8"))
    except OSError:
        return ""


#: The heading of the page the preview shows while a mistake stands: an edit that shows it was a broken edit.
PROBLEM_PAGE = "预览暂停"


def wait_for(url: str, ready, started: float, timeout: float = TIMEOUT) -> float:
    """Seconds from `started` until the page at `url` satisfies `ready` (never the preview's problem page)."""
    while time.monotonic() - started < timeout:
        html = fetch(url)
        if PROBLEM_PAGE in html:
            raise SystemExit(f"{url} shows the problem list: the benchmark's edit is broken, fix it first")
        if ready(html):
            return time.monotonic() - started
        time.sleep(0.02)
    raise SystemExit(f"{url} did not change within {timeout} s")


def edit(path: Path, change) -> float:
    """Write the changed text; the moment the file is saved."""
    text = path.read_text(encoding="utf-8")
    path.write_text(change(text), encoding="utf-8")
    return time.monotonic()


def plain_build(project: Path, site: Path) -> float:
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-q", "-d", str(site)],
        cwd=project,
        env=ENV,
        check=True,
        capture_output=True,
    )
    return time.monotonic() - started


def start_server(project: Path, kind: str, port: int) -> subprocess.Popen:
    if kind == "portal":
        command = [sys.executable, "-m", "scripts.serve", "--port", str(port)]
    else:
        command = [sys.executable, "-m", "properdocs", "serve", "--strict", "-a", f"127.0.0.1:{port}"]
    return subprocess.Popen(command, cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def measure(project: Path, kind: str, startup_timeout: float = TIMEOUT, records: bool = True) -> dict[str, float]:
    """Edit → visible seconds of the three edits (`startup_timeout`: seconds the first build may take; without
    `records`, the first two only)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(project, kind, port)
    try:
        wait_for(f"{base}/", lambda html: "书香政协" in html, time.monotonic(), startup_timeout)
        figures = {}
        page, word = project / "docs/contribute/search.md", "试编辑词甲"
        started = edit(page, lambda t: t.replace("\n\n", f"\n\n{word}\n\n", 1))
        figures["页面改一个词"] = wait_for(f"{base}/contribute/search/", lambda html: word in html, started)
        entry, word = project / "glossary/weixieshang.yaml", "试编辑词乙"
        started = edit(entry, lambda t: t.replace("definition: |\n  ", f"definition: |\n  {word}", 1))
        figures["词条改一个词"] = wait_for(f"{base}/glossary/w/", lambda html: word in html, started)  # its letter page
        if not records:
            return figures
        stats_url = f"{base}/stats/2021/"
        before = fetch(stats_url)
        row = "2021-12-30,W0001,xiangtu-zhongguo,,47,自学,0,,\n"
        started = edit(project / "data/reading_records.csv", lambda t: t + row)
        figures["读书记录加一行"] = wait_for(stats_url, lambda html: html and html != before, started)
        assert server.poll() is None, "the preview server exited"
        return figures
    finally:
        server.terminate()
        server.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--server", choices=("portal", "engine"), default="portal")
    parser.add_argument("--source", type=Path, default=PROJECT_ROOT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-preview-") as tmp:
        project = copy_from(args.source.resolve(), Path(tmp) / "project")
        baseline = plain_build(project, Path(tmp) / "site")
        print(f"基准：一次完整的 properdocs build --strict 用 {baseline:.2f} 秒")
        for name, seconds in measure(project, args.server).items():
            print(f"{name}：保存后 {seconds:.2f} 秒显示（完整构建的 {seconds / baseline:.2f} 倍）[{args.server}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
