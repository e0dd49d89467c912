"""`make bench`: the cost of the reading statistics at 150,000 and 1,000,000 records.

For each size, sample data for 3,000 members over the sample's years (2020–2021, as committed) is generated into a copy of the project in a
temporary folder, then measured:

- stats_s: load + check + compute (macros.reading.records and macros.reading.stats, in this process), best of 3;
- build_s: `properdocs build --strict` of that copy;
- baseline_build_s: the same site built in the same run with the statistics macros replaced by fixed
  text and no reading records to load, so the ratio covers everything the statistics add;
- ratio = build_s / baseline_build_s. Builds alternate and each is the best of 2, to damp the noise of a
  shared machine.

Each figure is wall-clock time; the same figures in CPU time (`*_cpu_s`, `cpu_ratio`) are printed too,
because on a busy machine waiting for a processor inflates the wall-clock times but not the CPU times.

The last line printed is one JSON object: the figures at 150,000 records at the top level, every size
under "sizes", and "stats_growth" (the 1,000,000-record stats_s divided by the 150,000-record one, divided
by the ratio of the sizes: 1.0 is linear growth; "stats_cpu_growth" the same in CPU time).

    BENCH_SIZES=2000,10000 BENCH_BUILDS=1 python -m scripts.bench     other sizes, one build each (the tests)
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from macros.core.errors import Problems
from macros.core.paths import READING_LISTS_DIR
from macros.reading.records import RECORDS_FILE, load_reading_data
from macros.reading.stats import compute_reading_stats
from macros.sources.book_lists import load_reading_lists, validate_reading_lists
from scripts.build_site import build_site
from scripts.project_copy import copy_project
from scripts.sample_data import bench_years, build

SIZES = (150_000, 1_000_000)
#: The statistics macro calls (by page, as patterns: every year's page has its own), replaced by fixed text in
#: the baseline.
MACRO_CALLS = {
    "docs/stats/index.md": r"\{\{ reading_stats_page\(\) \}\}",
    "docs/index.md": r"\{\{ reading_figures\(\) \}\}",
    # the year pages are written by the build from this template (render/generated_pages.py): the baseline's copy
    # writes the fixed text instead
    "macros/render/templates/generated/stats-year.md.j2": r'\{\{ "\{\{" \}\} reading_stats_year\(\{\{ year \}\}\) \{\{ "\}\}" \}\}',
}
FIXED_TEXT = "（此处为读书统计，基准测试中以固定文字代替。）"


def make_baseline(project: Path) -> None:
    for pages, call in MACRO_CALLS.items():
        paths = sorted(project.glob(pages))
        assert paths, f"no page {pages}: update MACRO_CALLS in scripts/bench.py"
        for path in paths:
            text = path.read_text(encoding="utf-8")
            assert re.search(call, text), f"{path} no longer calls {call}: update MACRO_CALLS in scripts/bench.py"
            path.write_text(re.sub(call, FIXED_TEXT, text), encoding="utf-8")
    # one record a year is left, so that the same year pages (which the build makes from the years in the records)
    # are built, with next to nothing to compute
    records = project / "data" / RECORDS_FILE
    header, *rows = records.read_bytes().split(b"\n")
    first_of_year = {row[:4]: row for row in reversed(rows) if row.strip()}
    records.write_bytes(b"\n".join([header, *sorted(first_of_year.values())]) + b"\n")


def time_stats(data_dir: Path, repeat: int = 3, lists_dir: Path = READING_LISTS_DIR) -> tuple[float, float]:
    """Best wall-clock and best CPU time of load + check + compute."""
    problems = Problems()
    lists = load_reading_lists(problems, lists_dir)
    books = validate_reading_lists(lists, problems)
    wall = cpu = float("inf")
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        data = load_reading_data(books, problems, folder=data_dir)
        compute_reading_stats(data, lists, books)
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    problems.raise_if_any()
    return wall, cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_build(project: Path) -> tuple[float, float]:
    """Wall-clock and CPU time of one strict build (with the steps on the built site, as `make build`)."""
    start, start_cpu = time.perf_counter(), _children_cpu()
    result = build_site(project, project / "site", quiet=True, timeout=3600)
    elapsed, cpu = time.perf_counter() - start, _children_cpu() - start_cpu
    if result.returncode != 0:
        raise SystemExit(f"properdocs build failed in {project}:\n{result.stdout}\n{result.stderr}")
    return elapsed, cpu


def measure(records: int, workdir: Path, builds: int = 2) -> dict:
    full = copy_project(workdir / f"full-{records}")
    for name, content in build(year_totals=bench_years(records)).items():
        (full / "data" / name).write_bytes(content)
    baseline = copy_project(workdir / f"baseline-{records}")
    shutil.copytree(full / "data", baseline / "data", dirs_exist_ok=True)
    make_baseline(baseline)
    stats_s, stats_cpu = time_stats(full / "data")
    runs = {"full": [], "baseline": []}
    for _ in range(builds):
        runs["baseline"].append(time_build(baseline))
        runs["full"].append(time_build(full))
    build_s, baseline_s = (min(wall for wall, _ in runs[k]) for k in ("full", "baseline"))
    build_cpu, baseline_cpu = (min(cpu for _, cpu in runs[k]) for k in ("full", "baseline"))
    return {
        "records": records,
        "stats_s": round(stats_s, 3),
        "build_s": round(build_s, 2),
        "baseline_build_s": round(baseline_s, 2),
        "ratio": round(build_s / baseline_s, 2),
        "stats_cpu_s": round(stats_cpu, 3),
        "build_cpu_s": round(build_cpu, 2),
        "baseline_build_cpu_s": round(baseline_cpu, 2),
        "cpu_ratio": round(build_cpu / baseline_cpu, 2),
    }


def main() -> int:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "").split(",") if s.strip()] or list(SIZES)
    builds = int(os.environ.get("BENCH_BUILDS", "2"))
    results = []
    with tempfile.TemporaryDirectory(prefix="shuxiang-bench-") as tmp:
        for records in sizes:
            result = measure(records, Path(tmp), builds)
            results.append(result)
            print(
                f"{records:>9,} 条记录：统计 {result['stats_s']} 秒；生成网站 {result['build_s']} 秒，"
                f"不含统计 {result['baseline_build_s']} 秒，比值 {result['ratio']}"
                f"（CPU 时间：{result['stats_cpu_s']}、{result['build_cpu_s']}、{result['baseline_build_cpu_s']} 秒，"
                f"比值 {result['cpu_ratio']}）",
                flush=True,
            )
    summary = dict(results[0])
    summary["sizes"] = results
    if len(results) > 1:
        first, last = results[0], results[-1]
        size = last["records"] / first["records"]
        summary["stats_growth"] = round(last["stats_s"] / first["stats_s"] / size, 2)
        summary["stats_cpu_growth"] = round(last["stats_cpu_s"] / first["stats_cpu_s"] / size, 2)
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
