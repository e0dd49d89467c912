"""The portal in ten years, for benchmarks only: today's project copied into a folder with its content multiplied.

    python -m scripts.scale_portal DEST [--factor 10]

At factor N the copy holds N times today's reports, glossary entries, reading lists and policies (today's files and
N-1 labelled copies of each), and 150,000 reading records a year for N years (factor 1: 150,000 records over the
sample's years, as `make bench` measures today's size). Then `make fix` must pass on it (the build makes the pages and
navigation from the data).

Every copied text says it is test content (「测试内容，非真实文本」) in its title and its first lines: a copy repeats
a real text under a name that says it is a copy, and never presents a new fact as real. The records are the sample
generator's (示例数据), with the same seed: the result is the same on every run. Nothing here is ever committed as
content; the copy lives in a temporary folder (scripts/bench_scale.py).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import yaml

from scripts.project_copy import copy_project
from scripts.sample_data import bench_years, build

LABEL = "测试内容，非真实文本"
#: Records a year: what a committee adds in a year (issue 26).
RECORDS_PER_YEAR = 150_000
#: The last year of the ten-year records: a year that is over, so that no record is dated after today.
LAST_YEAR = 2025
#: What a copy needs besides the build inputs: the preview server and the benchmarks' helpers.
EXTRA_PARTS = ("scripts",)


def copy_id(original: str, k: int) -> str:
    """The file name (and id) of the k-th copy."""
    return f"{original}-ceshi-{k}"


def marked(name: str, k: int) -> str:
    """A name that says it is the k-th test copy (so that names stay unique)."""
    return f"{name}（测试{k}）"


def labelled_title(title: str, k: int) -> str:
    """The title of the k-th copy of a report or a policy."""
    return f"{title}（测试{k}：{LABEL}）"


def note(original: str) -> str:
    """The first lines of a copied text."""
    return f"（{LABEL}：本段由基准测试程序 scripts/scale_portal.py 复制「{original}」生成，仅用于测量网站的速度。）"


def dump_yaml(data: dict) -> str:
    return f"# {LABEL}（scripts/scale_portal.py 生成，仅供基准测试）\n" + yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, width=1000
    )


def labelled_short(text: str, limit: int = 120) -> str:
    prefix = f"（{LABEL}）"
    return prefix + (text if len(prefix) + len(text) <= limit else text[: limit - len(prefix) - 1] + "…")


def copy_yaml_files(folder: Path, factor: int, copy) -> None:
    """Write `copy(data, k)` for k = 1…factor-1 of every YAML file in the folder, as <name>-ceshi-<k>.yaml."""
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for k in range(1, factor):
            (folder / f"{copy_id(path.stem, k)}.yaml").write_text(dump_yaml(copy(data, k)), encoding="utf-8")


def glossary_copy(entry: dict, k: int) -> dict:
    return {
        **entry,
        "term": marked(entry["term"], k),
        "aliases": [marked(a, k) for a in entry.get("aliases", [])],
        "short": labelled_short(entry["short"]),
        "definition": note(entry["term"]) + "\n\n" + entry["definition"],
        "related": [copy_id(r, k) for r in entry.get("related", [])],
        "source": f"{LABEL}（复制自：{entry['source']}）"[:200],
        "report_locations": [],  # the copied name is in no report
    }


def reading_list_copy(data: dict, k: int) -> dict:
    return {
        **data,
        "title": marked(data["title"], k),
        "intro": note(data["title"]) + "\n\n" + data["intro"],
        "books": [{**book, "id": copy_id(book["id"], k)} for book in data["books"]],
    }


FRONT_TITLE_RE = re.compile(r"^title: (.+)$", re.M)
H1_RE = re.compile(r"^# (.+)$", re.M)


def label_markdown(text: str, k: int, intro: bool) -> str:
    """A copy of a page or report file: its titles say it is test content, and (`intro`) so does a line under the
    heading."""
    text = FRONT_TITLE_RE.sub(lambda m: f"title: {labelled_title(m[1], k)}", text, count=1)
    end = text.index("\n---", 3)
    head, body = text[:end], text[end:]
    heading = H1_RE.search(body)
    title = heading[1]
    extra = f"\n\n{note(title)}" if intro else ""
    body = body[: heading.start()] + f"# {labelled_title(title, k)}{extra}" + body[heading.end() :]
    return head + body


def copy_reports(project: Path, factor: int) -> None:
    folder = project / "data" / "reports"
    for path in sorted(folder.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        for k in range(1, factor):
            # the body of a report is verbatim: the label goes in its titles, not between its lines
            (folder / f"{copy_id(path.stem, k)}.md").write_text(label_markdown(text, k, intro=False), encoding="utf-8")


def copy_policies(project: Path, factor: int) -> None:
    """Labelled copies of every policy text (the build lists them in the nav)."""
    folder = project / "docs" / "policies"
    for path in sorted(p for p in folder.glob("*.md") if p.stem != "index"):
        text = path.read_text(encoding="utf-8")
        for k in range(1, factor):
            (folder / f"{copy_id(path.stem, k)}.md").write_text(label_markdown(text, k, intro=True), encoding="utf-8")


def record_years(factor: int, per_year: int = RECORDS_PER_YEAR) -> tuple[dict[int, int], date | None]:
    """Records per year and the day they start (None: the sample's start)."""
    if factor == 1:
        return bench_years(per_year), None
    first = LAST_YEAR - factor + 1
    return {year: per_year for year in range(first, LAST_YEAR + 1)}, date(first, 1, 1)


def write_records(project: Path, factor: int, per_year: int = RECORDS_PER_YEAR) -> None:
    years, start = record_years(factor, per_year)
    options = {"start": start} if start else {}
    for name, content in build(year_totals=years, lists_folder=project / "reading_lists", **options).items():
        (project / "data" / name).write_bytes(content)


def scale_portal(dest: Path, factor: int = 10, records_per_year: int = RECORDS_PER_YEAR) -> Path:
    """Write the portal at `factor` times today's content into the new folder `dest`; its path (fewer records a year
    for the tests)."""
    project = copy_project(dest, EXTRA_PARTS)
    copy_yaml_files(project / "glossary", factor, glossary_copy)
    copy_yaml_files(project / "reading_lists", factor, reading_list_copy)
    copy_reports(project, factor)
    copy_policies(project, factor)
    write_records(project, factor, records_per_year)
    fix = subprocess.run(
        [sys.executable, "-m", "macros.checks", "--fix"], cwd=project, capture_output=True, text=True, timeout=1800
    )
    if fix.returncode != 0:
        raise SystemExit(f"make fix failed in the test portal {project}:\n{fix.stdout}\n{fix.stderr}")
    return project


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成 N 倍内容的测试网站（测试内容，非真实文本），仅供基准测试")
    parser.add_argument("dest", type=Path, help="新文件夹（不能已存在）")
    parser.add_argument("--factor", type=int, default=10)
    args = parser.parse_args(argv)
    project = scale_portal(args.dest, args.factor)
    print(f"已生成 {args.factor} 倍内容的测试网站：{project}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
