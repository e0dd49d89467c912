"""scripts/bench.py (`make bench`) runs and ends with one JSON line; scripts/sample_data.py makes what it says."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import PROJECT_ROOT

from macros.core.errors import Problems
from macros.reading.records import load_reading_data
from macros.sources.book_lists import load_reading_lists, validate_reading_lists
from scripts import sample_data


def test_bench_prints_the_figures_as_json_on_its_last_line():
    env = {**os.environ, "BENCH_SIZES": "300", "BENCH_BUILDS": "1", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "scripts.bench"], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["records"] == 300
    # ratio is computed from the unrounded times, build_s and baseline_build_s are printed rounded
    assert summary["ratio"] == pytest.approx(summary["build_s"] / summary["baseline_build_s"], abs=0.02)
    assert {"stats_s", "build_s", "baseline_build_s"} <= summary.keys() and summary["stats_s"] > 0
    assert [s["records"] for s in summary["sizes"]] == [300]


def test_generator_makes_exactly_the_records_asked_for_all_valid(tmp_path):
    files = sample_data.build(year_totals={2021: 5000})
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    (tmp_path / "reading-data.yaml").write_text("sample: true\nnote: 测试\n", encoding="utf-8")
    problems = Problems()
    books = validate_reading_lists(load_reading_lists(problems), problems)
    data = load_reading_data(books, problems, folder=tmp_path)
    assert not problems, [str(p) for p in problems.items[:5]]
    assert len(data.records) == 5000 and len(data.members) == sample_data.MEMBERS
    assert {d.year for d in data.records.dates} == {2021}
    assert sample_data.build(year_totals={2021: 5000}) == files  # deterministic
