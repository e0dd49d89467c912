"""Material's trimmed stylesheets: the rules it drops, and in Chromium, pages that look exactly as with Material's own."""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest

from macros.site.theme_css import UsedNames, collect_used_names, trim_stylesheets
from scripts.search_suite import SearchBox

MATERIAL_CSS = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"


def trim(css: str, pages: str = "", script: str = "", other_css: str = "") -> str:
    used = UsedNames()
    used.add_page(pages)
    used.add_script(script)
    used.add_stylesheet(other_css)
    return trim_stylesheets({"main.css": css}, used)["main.css"]


# --- what is dropped and what is kept ------------------------------------------------------------------


def test_rules_for_classes_no_page_uses_are_dropped():
    css = ".md-nav{color:red}.md-blog{color:blue}.md-typeset .admonition.bug{color:green}"
    assert trim(css, '<nav class="md-nav md-typeset admonition">') == ".md-nav{color:red}"


def test_a_selector_list_keeps_only_its_usable_selectors():
    assert trim(".a,.b,p.c{margin:0}", '<p class="c">') == "p.c{margin:0}"


def test_classes_a_script_adds_or_builds_from_a_prefix_are_kept():
    css = ".md-tooltip2{top:0}.md-tag--important{top:1px}.md-version{top:2px}.gone{top:3px}"
    script = 'x.classList.add("md-tooltip2");el.className=`md-tag--${tag}`;'
    assert trim(css, script=script) == ".md-tooltip2{top:0}.md-tag--important{top:1px}"


def test_words_of_a_script_outside_its_strings_do_not_keep_a_class():
    assert trim(".success{top:0}", script="if(success){run()}") == ""


def test_is_where_and_has_need_one_usable_alternative_and_not_removes_nothing():
    css = ".x :is(.a,.b){top:0}.x :where(.b,.c){top:1px}.x:not(.b){top:2px}.x:has(>.b){top:3px}"
    assert trim(css, '<div class="x a">') == ".x :is(.a,.b){top:0}.x:not(.b){top:2px}"


def test_palettes_no_page_offers_are_dropped():
    css = (
        "[data-md-color-primary=pink]{--md-primary-fg-color:pink}"
        "[data-md-color-primary=custom]{--md-primary-fg-color:red}"
        "[data-md-color-scheme=slate]{color:#000}[data-other=pink]{color:red}"
        "a{color:var(--md-primary-fg-color)}"
    )
    page = '<input data-md-color-primary="custom" data-md-color-scheme="slate">'
    assert trim(css, page) == (
        "[data-md-color-primary=custom]{--md-primary-fg-color:red}"
        "[data-md-color-scheme=slate]{color:#000}[data-other=pink]{color:red}"
        "a{color:var(--md-primary-fg-color)}"
    )


def test_custom_properties_are_kept_while_something_still_refers_to_them():
    css = ":root{--a:1px;--b:var(--c);--c:2px;--d:3px;--e:4px;--f:5px;--g:6px}.gone{margin:var(--d)}p{margin:var(--b)}"
    kept = trim(css, "<p>", script='el.style.setProperty("--e",1)', other_css="q{margin:var(--f)}")
    assert kept == ":root{--b:var(--c);--c:2px;--e:4px;--f:5px}p{margin:var(--b)}"


def test_keyframes_live_as_long_as_an_animation_names_them():
    css = "@keyframes spin{to{rotate:1turn}}@keyframes gone{to{opacity:0}}.gone{animation:gone 1s}p{animation:spin 1s}"
    assert trim(css, "<p>") == "@keyframes spin{to{rotate:1turn}}p{animation:spin 1s}"


def test_media_blocks_keep_what_is_left_and_vanish_when_empty():
    css = "@media print{.gone{display:none}p{color:#000}}@media screen{.gone{top:0}}@page{margin:0}"
    assert trim(css, "<p>") == "@media print{p{color:#000}}@page{margin:0}"


def test_what_the_reader_does_not_understand_is_kept():
    css = ".x::part(thumb){top:0}:nth-child(2 of .gone){top:1px}[class~=gone]{top:2px}"
    assert trim(css, '<i class="x">') == css


def test_class_names_in_a_search_index_count(tmp_path):
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text('{"docs":[{"text":"<span class=\\"kbd\\">"}]}')
    assert "kbd" in collect_used_names(tmp_path).classes


# --- the built site ------------------------------------------------------------------------------------


def theme_sheets(site: Path) -> dict[str, Path]:
    return {p.name.split(".")[0]: p for p in (site / "assets" / "stylesheets").glob("*.min.css")}


def test_the_site_links_trimmed_copies_under_their_own_hash(site):
    sheets = theme_sheets(site)
    assert set(sheets) == {"main", "palette"}
    originals = {p.name.split(".")[0]: p for p in MATERIAL_CSS.glob("*.min.css")}
    for name, path in sheets.items():
        assert path.name != originals[name].name  # a new name, so no cache keeps the untrimmed file
        assert path.stat().st_size < 0.75 * originals[name].stat().st_size
        assert not path.with_name(path.name + ".map").exists()
    for html_file in site.rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        assert not re.search(
            r"assets/stylesheets/(main|palette)\.(?!%s|%s)"
            % (sheets["main"].name.split(".")[1], sheets["palette"].name.split(".")[1]),
            html,
        ), html_file


# --- in Chromium: every element styled exactly as with Material's own stylesheets ----------------------

#: Properties of every element and of its ::before, ::after, ::marker and ::placeholder, hashed in the page.
STYLE_HASHES_JS = """(detail) => {
  const pseudos = {'::before': '*', '::after': '*', '::marker': 'li,summary', '::placeholder': 'input,textarea'};
  const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.classList.length ? '.' + [...el.classList].join('.') : '');
  const styleText = cs => {
    let text = '';
    for (let k = 0; k < cs.length; k++) {
      const name = cs[k];
      if (!name.startsWith('--')) text += name + ':' + cs.getPropertyValue(name) + ';';
    }
    return text;
  };
  const out = [];
  const add = (what, text) => {
    if (detail) { out.push([what, text]); return; }
    let h = 2166136261;
    for (let i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 16777619); }
    out.push(h >>> 0);
  };
  for (const el of document.querySelectorAll('*')) {
    add(describe(el), styleText(getComputedStyle(el)));
    for (const [pseudo, on] of Object.entries(pseudos)) {
      if (on !== '*' && !el.matches(on)) continue;
      const cs = getComputedStyle(el, pseudo);
      // a ::before or ::after without content draws nothing: its content value alone is compared
      const drawn = on !== '*' || !['none', 'normal'].includes(cs.content);
      add(describe(el) + pseudo, drawn ? styleText(cs) : 'content:' + cs.content);
    }
  }
  return out;
}"""


def _open_search(page):
    SearchBox(page).open(page.url).ask("协商")
    page.add_style_tag(content=STILL)  # the search box opened the page again
    page.wait_for_timeout(300)


def _open_drawer(page):
    page.locator("label.md-header__button[for=__drawer]").first.click()
    page.wait_for_timeout(400)


def _hover_glossary_term(page):
    page.locator("article a[href*='glossary/#']").first.hover()
    page.locator(".md-tooltip2--active").first.wait_for(timeout=5000)


def _tab_to_a_link(page):
    page.locator("article a").first.focus()
    page.keyboard.press("Tab")  # the next link, focused from the keyboard (:focus-visible)
    assert page.evaluate("document.activeElement.matches('article a:focus-visible')")


def _largest_font_size(page):
    page.locator("[data-font-size-choice='x-large']").click()


def _print(page):
    page.emulate_media(media="print")


#: (page, viewport, palette, what the reader does first): every page type, a phone and a desktop, both palettes,
#: and the states in which Material's scripts add classes of their own (search, drawer, tooltip, focus).
CASES = [
    ("/", "phone", "light", None),
    ("/report/2020/plan-2021/", "desktop", "light", None),
    ("/report/2020/plan-2021/", "desktop", "light", _hover_glossary_term),
    ("/glossary/", "phone", "dark", None),
    ("/glossary/", "desktop", "light", _tab_to_a_link),
    ("/policies/three-activities-opinion/", "desktop", "dark", None),
    ("/reading-lists/development/", "phone", "light", _largest_font_size),
    ("/stats/2021/", "desktop", "light", None),
    ("/stats/2020/", "phone", "dark", _open_drawer),
    ("/contribute/", "desktop", "light", None),
    ("/contribute/search/", "desktop", "light", _open_search),
    ("/print/glossary/", "desktop", "light", _print),
    ("/report/2020/review-2020/", "desktop", "light", _print),
    ("/404.html", "phone", "light", None),
]
STILL = "*,*::before,*::after{transition:none!important;animation:none!important}"
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}


def _serve_file(path: Path):
    return lambda route: route.fulfill(path=str(path))


def _styles(browser, served_site, site, case, *, material_css: bool, detail: bool = False):
    url, viewport, palette, action = case
    context = browser.new_context(locale="zh-CN", viewport=VIEWPORTS[viewport], color_scheme=palette)
    try:
        if material_css:
            for name, path in theme_sheets(site).items():
                original = next(MATERIAL_CSS.glob(f"{name}.*.min.css"))
                context.route(f"**/assets/stylesheets/{path.name}", _serve_file(original))
        page = context.new_page()
        page.goto(served_site + url, wait_until="load")
        page.add_style_tag(content=STILL)
        if action:
            action(page)
        # Material's scripts settle the page (tooltips, sidebar heights) a moment after a load or an action:
        # measure until two readings agree.
        before = None
        for _ in range(10):
            page.wait_for_timeout(150)
            now = page.evaluate(STYLE_HASHES_JS, False)
            if now == before:
                break
            before = now
        return page.evaluate(STYLE_HASHES_JS, True) if detail else now
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}-{c[2]}-{c[3].__name__ if c[3] else 'view'}")
def test_pages_look_the_same_as_with_materials_own_stylesheets(browser, served_site, site, case):
    trimmed = _styles(browser, served_site, site, case, material_css=False)
    original = _styles(browser, served_site, site, case, material_css=True)
    assert len(trimmed) == len(original) > 200
    if trimmed != original:
        differ = [i for i, (a, b) in enumerate(zip(trimmed, original)) if a != b]
        trimmed_detail = _styles(browser, served_site, site, case, material_css=False, detail=True)
        original_detail = _styles(browser, served_site, site, case, material_css=True, detail=True)
        lines = []
        for i in differ[:5]:
            name, ours = trimmed_detail[i]
            theirs = dict(p.split(":", 1) for p in original_detail[i][1].split(";") if p)
            mine = dict(p.split(":", 1) for p in ours.split(";") if p)
            lines.append(
                f"{name}: "
                + ", ".join(
                    f"{k}: {theirs.get(k)} → {mine.get(k)}"
                    for k in sorted(set(theirs) | set(mine))
                    if theirs.get(k) != mine.get(k)
                )
            )
        pytest.fail(f"{len(differ)} 处样式与 Material 原样不同：\n" + "\n".join(lines))
