"""The search query suite: queries members type, what must come up, and a driver for the real search box.

Used by tests/site/test_search_browser.py (`make test`) and scripts/bench_search.py (`make bench-search`).
The cases are tests/search-queries.yaml plus, generated from glossary/*.yaml so they stay in sync,
every glossary term and alias (its entry must come first), its pinyin (first) and its initials (top 3).
A case says how the text arrives (`via`): typed (an input method's commit, then a key), pasted or spoken
(the value set and one `input` event, no key at all), or composed (composition events, then the commit).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from pydantic import model_validator
from pypinyin import Style, lazy_pinyin

from macros.core.errors import Problems
from macros.core.paths import PROJECT_ROOT
from macros.site.search_index import pinyin_keys
from macros.sources.glossary import Term, entry_pages, load_glossary
from macros.sources.schemas import ShortText, Strict, validate_model
from macros.sources.textfiles import load_yaml_file
from macros.structure.site_map import page_url

QUERIES_FILE = PROJECT_ROOT / "tests" / "search-queries.yaml"
HELDOUT_FILE = PROJECT_ROOT / "tests" / "search-queries-heldout.yaml"  # written before issue 25's engine work
TOP = 3  # a query is a hit when one of the first TOP results is what it expects
PASS_RATE = 0.95  # the suite fails below this hit rate
FAST_MS = 100  # results should show within this many milliseconds of the last keystroke

Kind = Literal[
    "名词",
    "别名",
    "拼音",
    "拼音首字母",
    "词中两字",
    "前缀",
    "两个词",
    "数字和符号",
    "书名",
    "作者",
    "仅见名词解释",
    "页面",
    "报告",
    "书单",
    # members search the way they talk and type (issue 14)
    "问句",
    "同音错字",
    "繁体",
    "拼音夹汉字",
    "不相邻的词",
    "粘贴和语音",
    "输入法组字",
    "编辑页靠后",
    "同名结果",
    "无结果",
    # numbers, generic and spoken words, how to use the site, initials of long phrases (issue 25)
    "数字写法",
    "泛词",
    "口语问句",
    "使用帮助",
    "长词首字母",
]
Via = Literal["keys", "input", "composition"]


class QueryCase(Strict):
    """One query and what one of the first three results must be (a link, or text it shows), or, when
    nothing should be found, which glossary terms the no-results screen offers."""

    query: ShortText
    kind: Kind
    expect: ShortText | None = None
    text: ShortText | list[ShortText] | None = None
    nearest: list[ShortText] | None = None  # no results; one of these terms offered ([] = only the advice)
    first: bool = False  # the expected result must be the very first (glossary terms)
    above: ShortText | None = None  # no result under this path may rank above the expected one (/contribute/)
    via: Via = "keys"

    @model_validator(mode="after")
    def _one_expectation(self) -> QueryCase:
        if sum(x is not None for x in (self.expect, self.text, self.nearest)) != 1:
            raise ValueError(
                "每个查询要写 expect（结果链接，如 /glossary/w/#weixieshang）、text（结果中的文字）"
                "或 nearest（没有结果时推荐的名词），三选一"
            )
        for value in (self.expect, self.above):
            if value is not None and not value.startswith("/"):
                raise ValueError(f"「{value}」应以 / 开头，例如 /glossary/w/#weixieshang")
        return self

    @property
    def texts(self) -> list[str]:
        return [self.text] if isinstance(self.text, str) else list(self.text or [])


class QueryFile(Strict):
    queries: list[QueryCase]


def glossary_cases(terms: dict[str, Term]) -> list[QueryCase]:
    """Every term and alias, its pinyin and its initials, each expecting the entry."""
    initials_owner: dict[str, set[str]] = {}
    for term in terms.values():
        for name in term.names:
            initials_owner.setdefault(pinyin_keys(name)[1], set()).add(term.id)
    cases: list[QueryCase] = []
    pages = entry_pages(terms)
    for term in terms.values():
        target = f"/{page_url(pages[term.id])}#{term.id}"  # the entry on its letter page
        for i, name in enumerate(term.names):
            full, initials = pinyin_keys(name)
            cases.append(QueryCase(query=name, kind="名词" if i == 0 else "别名", expect=target, first=True))
            if full:
                cases.append(QueryCase(query=full, kind="拼音", expect=target, first=True))
                cases.append(
                    QueryCase(
                        query=initials, kind="拼音首字母", expect=target, first=len(initials_owner[initials]) == 1
                    )
                )
    unique: dict[str, QueryCase] = {}
    for case in cases:  # 三作三台三评 and its alias 三作、三台、三评 share their pinyin
        unique.setdefault(case.query, case)
    return list(unique.values())


def load_cases(path: Path = QUERIES_FILE, generated: bool = True) -> list[QueryCase]:
    """Glossary-generated cases (unless `generated` is False) plus the file's; every mistake reported at once."""
    problems = Problems()
    terms = load_glossary(problems)
    generated_cases = glossary_cases(terms) if generated else []
    loaded = load_yaml_file(path, problems)
    hand: list[QueryCase] = []
    if loaded is not None:
        parsed = validate_model(QueryFile, loaded[0], path, loaded[1], problems)
        hand = parsed.queries if parsed else []
    seen = {c.query for c in generated_cases}
    for i, case in enumerate(hand):
        if case.query in seen:
            problems.add(
                path,
                loaded[1].line_for(("queries", i)),
                f"查询「{case.query}」重复了（名词解释的词目、别名和拼音已自动加入，不必再写）",
            )
        seen.add(case.query)
    problems.raise_if_any()
    return generated_cases + hand


# --- the browser side ---------------------------------------------------------------------------

#: Runs before any page script: the time the search box's text last changed, and of every answer shown. Material rewrites the count line above the results ("找到 7 个…") once per answer,
#: in the same task that renders the first results; later chunks of a long list only append.
INSTRUMENT_JS = """
(() => {
  const log = window.__searchLog = { keyupAt: 0, changes: 0, changedAt: 0, value: "" };
  // The last change to the box's text, whether by a key or without one (paste, voice, an input method).
  for (const type of ["keyup", "input", "compositionend"]) {
    document.addEventListener(type, ev => {
      const el = ev.target;
      if (el && el.matches && el.matches("input.md-search__input") && el.value !== log.value) {
        log.value = el.value;
        log.keyupAt = performance.now();
      }
    }, true);
  }
  document.addEventListener("DOMContentLoaded", () => {
    const meta = document.querySelector(".md-search-result__meta");
    if (!meta) return;
    new MutationObserver(() => { log.changes++; log.changedAt = performance.now(); })
      .observe(meta, { childList: true, subtree: true, characterData: true });
  });
})();
"""

#: The results as a person sees them: per result item, its visible links with their text.
#: A page heading shown above its matching sections is a heading, not a result.
RESULTS_JS = """
() => [...document.querySelectorAll(".md-search-result__item")].flatMap(item => {
  const links = [...item.querySelectorAll("a.md-search-result__link")]
    .filter(a => !a.closest("details:not([open])"));
  const headed = links.length > 1 && links[0].querySelector(".md-search-result__icon");
  return (headed ? links.slice(1) : links).map(a => ({ href: a.href, text: a.innerText }));
})
"""


#: The no-results screen's offer: the glossary terms it links, or None when it is not shown.
HELP_JS = """
() => { const help = document.getElementById("portal-search-help");
  return help ? [...help.querySelectorAll("a")].map(a => a.textContent) : null; }
"""

#: Pasted or spoken text: the value changes and one `input` event fires, no key at all.
PASTE_JS = """
(el, text) => { el.value = text;
  el.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste", data: text })); }
"""


@dataclass
class Answer:
    query: str
    results: list[dict]  # {"href", "text"} in rank order
    latency_ms: float | None  # last keystroke → results on screen
    nearest: list[str] | None = None  # the glossary terms the no-results screen offers (None: no such screen)
    answered: bool = True  # the results on screen changed for this query


class SearchBox:
    """Material's search box on a loaded page, typed into as a member would: an input method's commit and
    a key; pasted or spoken text (only an `input` event); or an input method's composition."""

    def __init__(self, page, timeout_ms: int = 5000, silent_ms: int = 1500):
        self.page = page
        self.timeout_ms = timeout_ms
        self.silent_ms = silent_ms  # how long to wait for an answer to text that arrived without a key
        self.input = page.locator("input.md-search__input")
        self.cdp = None

    def open(self, url: str, whole: bool = True) -> SearchBox:
        self.page.add_init_script(INSTRUMENT_JS)
        self.page.goto(url)
        self.input.click()
        # Wait until the engine is ready: Material replaces its "initialising" line once it is; and, unless asked
        # not to, until the index is whole (its texts part in: boot.js marks the page).
        self.page.wait_for_function(
            "() => { const m = document.querySelector('.md-search-result__meta');"
            " return m && !/初始化/.test(m.textContent); }",
            timeout=self.timeout_ms * 4,
        )
        if whole:
            self.page.wait_for_function(
                "() => document.documentElement.dataset.searchIndex === 'whole'", timeout=self.timeout_ms * 4
            )
        return self

    def compose(self, query: str) -> None:
        """An input method: composition events while the pinyin is being typed, then the chosen word."""
        if self.cdp is None:
            self.cdp = self.page.context.new_cdp_session(self.page)
        letters = "".join(lazy_pinyin(query, style=Style.NORMAL))
        for end in sorted({min(len(letters), n) for n in (1, 3, len(letters))}):
            self.cdp.send(
                "Input.imeSetComposition", {"text": letters[:end], "selectionStart": end, "selectionEnd": end}
            )
        self.cdp.send("Input.insertText", {"text": query})  # commits the composition

    def ask(self, query: str, via: str = "keys") -> Answer:
        before = self.page.evaluate("() => window.__searchLog.changes")
        # Select what was typed before and replace it: no key goes up while the box is empty, so
        # Material sends exactly one query (fill("") would press Delete and search for "" first).
        self.input.evaluate("el => el.select()")
        if via == "input":
            self.input.evaluate(PASTE_JS, query)
        elif via == "composition":
            self.compose(query)
        else:
            self.page.keyboard.insert_text(query)  # what an input method does when a word is chosen
            self.page.keyboard.press("End")  # …followed by a key
        answered = True
        try:
            wait = self.timeout_ms if via == "keys" else self.silent_ms
            self.page.wait_for_function(f"() => window.__searchLog.changes > {before}", timeout=wait)
        except PlaywrightTimeout:
            answered = False  # the box changed but the results did not: what is on screen is stale
        self.page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))")
        log = self.page.evaluate("() => window.__searchLog")
        latency = log["changedAt"] - log["keyupAt"] if answered and log["keyupAt"] else None
        results = self.page.evaluate(RESULTS_JS) if answered else []
        return Answer(query, results, latency, self.page.evaluate(HELP_JS) if answered else None, answered)


def site_path(href: str, base: str) -> tuple[str, str]:
    """("/glossary/", "weixieshang") from a result link, whether served or opened from file://."""
    parts = urlsplit(href)
    path = unquote(parts.path)
    root = unquote(urlsplit(base).path).rstrip("/")
    if root and path.startswith(root):
        path = path[len(root) :]
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return path or "/", unquote(parts.fragment)


def matches(case: QueryCase, result: dict, base: str) -> bool:
    if case.expect is not None:
        want_path, _, want_anchor = case.expect.partition("#")
        path, anchor = site_path(result["href"], base)
        return path == want_path and (not want_anchor or anchor == want_anchor)
    shown = "".join(result["text"].split())
    return all("".join(t.split()) in shown for t in case.texts)


@dataclass
class Outcome:
    case: QueryCase
    answer: Answer
    hit: bool
    first_ok: bool


def judge(case: QueryCase, answer: Answer, base: str) -> Outcome:
    if case.nearest is not None:  # nothing found, and the screen offers one of the nearest terms
        offered = answer.nearest
        hit = answer.answered and not answer.results and offered is not None
        hit = hit and (not case.nearest or any(t in offered for t in case.nearest))
        return Outcome(case, answer, hit, True)
    top = answer.results[:TOP]
    hit = any(matches(case, r, base) for r in top)
    if hit and case.above:
        at = next(i for i, r in enumerate(answer.results) if matches(case, r, base))
        hit = not any(site_path(r["href"], base)[0].startswith(case.above) for r in answer.results[:at])
    first_ok = not case.first or (bool(top) and matches(case, top[0], base))
    return Outcome(case, answer, hit, first_ok)


@dataclass
class SuiteReport:
    base: str = ""
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def hits(self) -> int:
        return sum(o.hit for o in self.outcomes)

    @property
    def rate(self) -> float:
        return self.hits / len(self.outcomes) if self.outcomes else 0.0

    @property
    def latencies(self) -> list[float]:
        return sorted(o.answer.latency_ms for o in self.outcomes if o.answer.latency_ms is not None)

    def percentile(self, p: float) -> float:
        values = self.latencies
        if not values:
            return float("nan")
        return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1] if len(values) > 1 else values[0]

    def misses(self) -> list[str]:
        lines = []
        for o in self.outcomes:
            if not o.hit or not o.first_ok:
                want = o.case.expect or "、".join(o.case.texts) or f"无结果并推荐 {o.case.nearest}"
                got = (
                    " | ".join("#".join(site_path(r["href"], self.base)).rstrip("#") for r in o.answer.results[:TOP])
                    or "（无结果）"
                )
                why = "未进前三" if not o.hit else "不是第一"
                lines.append(f"  {why}：「{o.case.query}」（{o.case.kind}）应有 {want}；前三：{got}")
        return lines

    def families(self) -> dict[str, tuple[int, int]]:
        """Hits and cases per kind of query, in the suite's order."""
        by_kind: dict[str, list[bool]] = {}
        for o in self.outcomes:
            by_kind.setdefault(o.case.kind, []).append(o.hit)
        return {k: (sum(v), len(v)) for k, v in by_kind.items()}

    def summary(self, label: str = "搜索") -> str:
        kinds = "  ".join(f"{k} {hits}/{n}" for k, (hits, n) in self.families().items())
        return (
            f"{label}：前三命中 {self.hits}/{len(self.outcomes)} = {self.rate:.1%}"
            f"（要求 ≥ {PASS_RATE:.0%}）；按键到结果 p50 {self.percentile(50):.1f} ms，"
            f"p95 {self.percentile(95):.1f} ms\n  {kinds}"
        )


def run_suite(page, url: str, cases: list[QueryCase]) -> SuiteReport:
    """Type every query into the search box of the page at url and judge the results."""
    box = SearchBox(page).open(url)
    base = url.rsplit("/", 1)[0] + "/" if url.endswith(".html") else url
    report = SuiteReport(base)
    for case in cases:
        report.outcomes.append(judge(case, box.ask(case.query, case.via), base))
    return report
