"""make audit: Lighthouse and axe-core over the built site, one line per page type, then a summary line.

Lighthouse (npm, pinned in package.json) runs in Debian's chromium with mobile emulation and simulated slow
4G, against the site served on 127.0.0.1 with gzip like a production web server. axe-core runs inside
headless chromium (Playwright) on every page of the site, in the light and the dark palette, at every 字号.
The first view is weighed as transferred with gzip (the budget, issue 12) and uncompressed. Exit status 1 when a
goal is missed.

    python -m scripts.audit [--site site] [--no-gzip] [--performance-floor 90]

With --performance-floor (CI, on a machine shared with other jobs), a performance score between the floor
and the goal is printed as a warning instead of failing: the score moves with the load of the CPU, the
other goals (accessibility, best practices, SEO, axe, weight, outside hosts) do not and always fail.

Lighthouse slows the CPU down 4× to score the page on a mid-tier phone, which assumes a host of CPU benchmark
index about 1533; this machine measures 1000–1900, moving with the load of other jobs. As Lighthouse's docs ask
for such a host (docs/throttling.md, "Calibrating the CPU slowdown"), the audit measures the index just before
each run (Lighthouse's own benchmark, three times) and uses the slowdown of the Lighthouse team's calculator for
it, and prints both. --cpu-slowdown 4 gives Lighthouse's default instead.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from macros.core.browser import CHROMIUM, CHROMIUM_ARGS
from scripts.sitecheck import (
    FIRST_VIEW_BUDGET,
    FONT_SIZES,
    PALETTES,
    AxeResult,
    FirstView,
    audited_pages,
    load_first_view,
    run_axe_pages,
    serve,
    site_pages,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent

LIGHTHOUSE = PROJECT_ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = " ".join(CHROMIUM_ARGS)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
#: The issue's goals: Lighthouse scores per category (0–100).
GOALS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
#: The performance score depends on how busy this machine's CPU is (other builds and tests share it): when a run
#: misses the goal, two more runs are made and the median counts, as Lighthouse's docs on variability advise.
PERFORMANCE_RUNS = 3
#: Lighthouse's benchmark (the function it runs in the page to measure the host), from the pinned package.
PAGE_FUNCTIONS = PROJECT_ROOT / "node_modules" / "lighthouse" / "core" / "lib" / "page-functions.js"
LIGHTHOUSE_SLOWDOWN = 4.0


def cpu_slowdown_for(benchmark_index: float) -> float:
    """The CPU slowdown that makes a host of this benchmark index the phone Lighthouse scores for, by the formula of
    the Lighthouse team's calculator (github.com/patrickhulce/lighthouse-cpu-throttling-calculator): 800 → 2×,
    1300 → 3×, 1533 → 4× (Lighthouse's default), 2000 → 6×."""
    if benchmark_index >= 1300:
        return 3 + (benchmark_index - 1300) / 233
    if benchmark_index >= 800:
        return 2 + (benchmark_index - 800) / 500
    return max(1.0, 1 + (benchmark_index - 150) / 650)


@functools.lru_cache(maxsize=1)
def _benchmark_source() -> str:
    """The source of Lighthouse's benchmark function, from the pinned package."""
    script = f"import({json.dumps(str(PAGE_FUNCTIONS))}).then(m => "
    script += "process.stdout.write(m.pageFunctions.computeBenchmarkIndex.toString()))"
    return subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True, timeout=60).stdout


def host_benchmark(browser, runs: int = 3) -> float:
    """This host's CPU benchmark index as Lighthouse measures it (its own function, in a blank page): the median."""
    page = browser.new_page()
    try:
        found = sorted(page.evaluate(f"({_benchmark_source()})()") for _ in range(runs))
    finally:
        page.close()
    return found[len(found) // 2]


@dataclass
class PageAudit:
    name: str
    url: str
    scores: dict[str, int]
    failed_audits: list[str]
    transfer: int  # bytes on the wire (gzipped unless --no-gzip), from Lighthouse
    performance_runs: list[tuple[int, float, float]]  # (score, the host's CPU benchmark, the slowdown) of each run
    view: FirstView  # what the first view fetched, uncompressed
    axe: list[AxeResult]


def run_lighthouse(url: str, cpu_slowdown: float = LIGHTHOUSE_SLOWDOWN) -> dict:
    """One Lighthouse run (mobile, simulated throttling) in Debian's chromium; returns its JSON report."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        result = subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={out}",
                f"--only-categories={','.join(CATEGORIES)}",
                f"--chrome-flags={CHROME_FLAGS}",
                f"--throttling.cpuSlowdownMultiplier={cpu_slowdown:.2f}",
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode != 0 or not out.is_file():
            raise SystemExit(f"Lighthouse 运行失败（{url}）：\n{result.stderr[-2000:]}")
        return json.loads(out.read_text(encoding="utf-8"))


def audit_with_lighthouse(
    url: str, browser, cpu_slowdown: float | None = None
) -> tuple[dict[str, int], list[str], int, list[tuple[int, float, float]]]:
    """Lighthouse once, or three times when performance misses its goal; the median run's findings count. Without a
    given slowdown, each run's is calibrated to the host's benchmark measured just before it (it moves with the
    load of this shared machine)."""
    reports, runs = [], []
    for _ in range(PERFORMANCE_RUNS):
        slowdown = cpu_slowdown if cpu_slowdown is not None else cpu_slowdown_for(host_benchmark(browser))
        reports.append(run_lighthouse(url, slowdown))
        score = summarize_lighthouse(reports[-1])[0]["performance"]
        runs.append((score, reports[-1]["environment"]["benchmarkIndex"], slowdown))
        if runs[0][0] >= GOALS["performance"]:
            break
    median = sorted(reports, key=lambda r: summarize_lighthouse(r)[0]["performance"])[len(reports) // 2]
    scores, failed, transfer = summarize_lighthouse(median)
    return scores, failed, transfer, runs


def summarize_lighthouse(report: dict) -> tuple[dict[str, int], list[str], int]:
    """Scores 0–100 per category, the audits that cost points, and the bytes transferred."""
    scores = {c: round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
    failed = []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] > 0 and audit.get("score") is not None and audit["score"] < 1:
                failed.append(f"{category}: {audit['id']} {audit.get('displayValue', '')}".rstrip())
    transfer = int(report["audits"]["total-byte-weight"]["numericValue"])
    return scores, failed, transfer


def kb(size: int) -> str:
    return f"{size / 1024:.0f} KB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=PROJECT_ROOT / "site", help="the built site (make build)")
    parser.add_argument("--no-gzip", action="store_true", help="serve without compression (slower first paint)")
    parser.add_argument(
        "--performance-floor",
        type=int,
        default=GOALS["performance"],
        help="fail only below this performance score; between it and the goal, warn",
    )
    parser.add_argument(
        "--cpu-slowdown",
        type=float,
        default=None,
        help="Lighthouse's CPU slowdown (default: calibrated to this host's benchmark; 4 is Lighthouse's own)",
    )
    args = parser.parse_args(argv)
    site: Path = args.site
    if not (site / "index.html").is_file():
        print(f"找不到已生成的网站 {site}：请先运行 make build", file=sys.stderr)
        return 1
    if not LIGHTHOUSE.exists():
        print("缺少 Lighthouse：请运行 npm ci（make audit 会自动运行）", file=sys.stderr)
        return 1
    if not Path(CHROMIUM).exists():
        print(f"缺少 chromium（{CHROMIUM}）：sudo apt-get install chromium", file=sys.stderr)
        return 1

    from playwright.sync_api import sync_playwright

    pages = audited_pages(site)
    audits: list[PageAudit] = []
    all_axe: list[AxeResult] = []
    with serve(site, compress=not args.no_gzip) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for palette in PALETTES:
                for font_size in FONT_SIZES:
                    all_axe += run_axe_pages(browser, base, site_pages(site), palette, font_size=font_size)
            if args.cpu_slowdown is None:
                print(
                    "CPU 减速：Lighthouse 默认的 4 倍针对基准约 1533 的主机；本机基准在 1000–1900 之间随负载变化，"
                    "所以每次运行前先用 Lighthouse 的基准程序测三次，按 Lighthouse 文档校准（--cpu-slowdown 4 用默认值）。",
                    flush=True,
                )
            print(HEADER, flush=True)
            for name, url in pages.items():
                view = load_first_view(browser, base, url, site)
                scores, failed, transfer, runs = audit_with_lighthouse(base + url, browser, args.cpu_slowdown)
                axe = [r for r in all_axe if r.url == url]
                audits.append(PageAudit(name, url, scores, failed, transfer, runs, view, axe))
                print_page(audits[-1])
        finally:
            browser.close()
    return print_summary(audits, all_axe, args.performance_floor)


HEADER = (
    f"{'页面':<6}{'地址':<38}{'性能':>5}{'无障碍':>6}{'最佳做法':>6}{'SEO':>6}  {'axe严重 浅/深':<9}"
    f"{'首屏(未压缩)':>11}{'其中搜索':>9}{'实际传输':>9}"
)


def print_page(audit: PageAudit) -> None:
    """One line: the four scores, axe findings (light/dark), first view, its search part, bytes on the wire."""
    s = audit.scores
    light, dark = (sum(len(r.serious) for r in audit.axe if r.palette == p) for p in PALETTES)
    print(
        f"{audit.name:<6}{audit.url:<40}{s['performance']:>5}{s['accessibility']:>8}{s['best-practices']:>8}"
        f"{s['seo']:>7}  {f'{light}/{dark}':<9}{kb(audit.view.total):>13}{kb(audit.view.search_bytes):>10}"
        f"{kb(audit.transfer):>11}",
        flush=True,
    )
    runs = "、".join(
        f"{score}（CPU 基准 {bench:.0f}，减速 {slowdown:.1f} 倍）" for score, bench, slowdown in audit.performance_runs
    )
    print(f"      {'性能未达标，重测取中位数：' if len(audit.performance_runs) > 1 else '性能：'}{runs}")
    for line in audit.failed_audits:
        print(f"      扣分：{line}")


def print_summary(audits: list[PageAudit], all_axe: list[AxeResult], performance_floor: int) -> int:
    """The summary line, the reasons for any missed goal, and the exit status."""
    misses, warnings = [], []
    for audit in audits:
        for category, goal in GOALS.items():
            if audit.scores[category] < goal:
                miss = f"{audit.url} {category} {audit.scores[category]} < {goal}"
                tolerated = category == "performance" and audit.scores[category] >= performance_floor
                (warnings if tolerated else misses).append(miss)
        if audit.view.transferred > FIRST_VIEW_BUDGET:
            misses.append(f"{audit.url} 首屏传输量（gzip）{kb(audit.view.transferred)} > {kb(FIRST_VIEW_BUDGET)}")
        if audit.view.foreign:
            misses.append(f"{audit.url} 请求了其他主机：{audit.view.foreign[:3]}")
    serious = [
        line for r in all_axe for v in r.serious for line in AxeResult(r.url, r.palette, [v], r.font_size).describe()
    ]
    misses += serious
    other_axe = sum(len(r.violations) for r in all_axe) - len(serious)
    pages_checked = len({r.url for r in all_axe})
    lowest = {c: min(a.scores[c] for a in audits) for c in CATEGORIES}
    heaviest = max(audits, key=lambda a: a.view.transferred)
    search = max(a.view.search_bytes for a in audits)
    missing_types = [url for url in ("/stats/",) if url not in {a.url for a in audits}]
    print(
        f"汇总：{len(audits)} 类页面 · 最低分 性能 {lowest['performance']} / 无障碍 {lowest['accessibility']} / "
        f"最佳做法 {lowest['best-practices']} / SEO {lowest['seo']} · axe {pages_checked} 页×{len(PALETTES)} 种配色"
        f"×{len(FONT_SIZES)} 种字号 "
        f"严重/危急 {len(serious)} 个（其他 {other_axe} 个）· 首屏最重 {heaviest.url} {kb(heaviest.view.total)}"
        f"（传输 gzip {kb(heaviest.view.transferred)}，预算 {kb(FIRST_VIEW_BUDGET)}）· "
        f"{'全部达标' if not misses and not warnings else f'{len(misses) + len(warnings)} 项未达标'}"
    )
    # a run slowed down more than the benchmark Lighthouse measured in it calls for: its score is too low
    slow = [
        bench for a in audits for _, bench, slowdown in a.performance_runs if slowdown > cpu_slowdown_for(bench) + 0.5
    ]
    if slow:
        print(
            f"注意：{len(slow)} 次 Lighthouse 运行时本机比减速倍数所按的更慢（CPU 基准最低 {min(slow):.0f}），"
            f"性能分偏低；负载 {os.getloadavg()[0]:.1f}。"
        )
    if search:
        print(
            f"注意：Material 的搜索在页面打开时就加载索引和 worker（{kb(search)}），计入首屏但不计入预算；"
            "搜索改造（issue 4）完成后应为 0。"
        )
    if missing_types:
        print(f"注意：网站中还没有 {', '.join(missing_types)}，本次未审计。")
    for miss in warnings:
        print(f"未达标（性能分随本机负载波动，高于 {performance_floor} 不算失败）：{miss}")
    for miss in misses:
        print(f"未达标：{miss}")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
