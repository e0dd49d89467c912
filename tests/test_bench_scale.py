"""scripts/bench_scale.py: the table and the last JSON line are made from the figures of both sizes (the measuring
itself is the other benchmarks' helpers, run by `make bench-scale`)."""

from __future__ import annotations

from scripts.bench_scale import median_run, summary, table_rows

SMALL = {
    "check_s": 2.0,
    "check_cpu_s": 2.0,
    "build_s": 5.0,
    "build_cpu_s": 4.0,
    "stats_cpu_s": 1.0,
    "first_search_kb": 60.0,
    "first_search_s": 2.0,
    "lighthouse": {"名词解释": {"calibrated": 95, "4x": 96}},
}
LARGE = {
    "check_s": 9.0,
    "check_cpu_s": 8.0,
    "build_s": 20.0,
    "build_cpu_s": 12.0,
    "stats_cpu_s": 9.5,
    "first_search_kb": 90.0,
    "first_search_s": 3.0,
    "preview_word_s": 0.8,
    "preview_glossary_s": 0.9,
    "lighthouse": {"名词解释": {"calibrated": 80, "4x": 70}, "首页": {"calibrated": 99, "4x": 97}},
}


def test_the_json_line_holds_the_issues_keys_at_the_large_size():
    out = summary(SMALL, LARGE)
    assert out["check_ratio"] == 4.5 and out["build_ratio"] == 4.0 and out["build_cpu_ratio"] == 3.0
    assert out["lowest_performance_calibrated"] == 80 and out["lowest_performance_4x"] == 70
    assert out["stats_cpu_s"] == 9.5 and out["first_search_kb"] == 90.0 and out["preview_glossary_s"] == 0.9
    assert out["x1"] is SMALL and out["x10"] is LARGE


def test_the_table_gives_both_sizes_and_the_ratio():
    rows = {label: (a, b, ratio) for label, a, b, ratio in table_rows(SMALL, LARGE)}
    assert rows["make check（内容检查）秒"] == (2.0, 9.0, "4.50")
    assert rows["预览：页面改一个词 秒"] == (None, 0.8, "—")  # measured at one size only
    assert rows["Lighthouse 性能 首页（4×）"] == (None, 97, "—")
    assert rows["Lighthouse 性能 名词解释（按本机校准）"] == (95, 80, "—")


def test_check_and_build_figures_are_the_median_of_their_runs():
    runs = iter([(9.0, 1.0), (2.0, 7.0), (3.0, 2.0)])
    assert median_run(lambda: next(runs)) == (3.0, 2.0)
