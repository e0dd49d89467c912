"""朗读 (assets/javascripts/read-aloud.js) in headless Chromium.

Headless Chromium has no speech voices, so these tests inject a STAND-IN for the browser's speechSynthesis
object (STAND_IN below, run before the page's scripts): it records every utterance (text, lang, rate, voice)
and ends the current one when the test calls window.__speech.end(). Everything else is the real page: the real
control, the real script, the real article. One test gives the stand-in only an English voice, another removes
speech synthesis altogether, to check that the control says so instead of failing silently."""

from __future__ import annotations

import io
import re

import pytest
from conftest import article_text, read_page
from PIL import Image

pytestmark = pytest.mark.browser

READING_PAGES = [
    "/report/2020/plan-2021/",
    "/glossary/",
    "/glossary/s/",  # a letter page: the glossary's full entries
    "/policies/three-activities-opinion/",
    "/reading-lists/development/",
]

STAND_IN = """
(() => {
  const voices = %s;
  const log = [];
  let current = null;
  const listeners = {};
  window.__speech = {
    log, cancels: 0,
    end() { const u = current; current = null; if (u && u.onend) u.onend({}); },
  };
  class Utterance { constructor(text) { this.text = text; this.lang = ""; this.rate = 1; this.voice = null; } }
  window.SpeechSynthesisUtterance = Utterance;
  const synth = {
    getVoices: () => voices,
    speak(u) { log.push({text: u.text, lang: u.lang, rate: u.rate, voice: u.voice && u.voice.name}); current = u; },
    cancel() { window.__speech.cancels++; const u = current; current = null;
               if (u && u.onerror) u.onerror({error: "interrupted"}); },
    pause() {}, resume() {},
    addEventListener(type, fn) { (listeners[type] = listeners[type] || []).push(fn); },
    removeEventListener() {},
  };
  Object.defineProperty(window, "speechSynthesis", {value: synth, configurable: true});
})();
"""
CHINESE = '[{"name": "Stand-in 普通话", "lang": "zh-CN", "voiceURI": "x"}, {"name": "English", "lang": "en-US"}]'
ENGLISH_ONLY = '[{"name": "English", "lang": "en-US", "voiceURI": "y"}]'


@pytest.fixture
def reader(browser):
    """A phone-sized page with the stand-in speech synthesis (Chinese voice unless a test says otherwise)."""
    contexts = []

    def open_page(url: str, voices: str = CHINESE, speech: bool = True):
        context = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 740})
        contexts.append(context)
        if speech:
            context.add_init_script(STAND_IN % voices)
        else:
            context.add_init_script("delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;")
        page = context.new_page()
        page.goto(url)
        return page

    yield open_page
    for context in contexts:
        context.close()


def spoken(page) -> list[dict]:
    return page.evaluate("window.__speech.log")


def control(page):
    return page.get_by_role("group", name="朗读本页")


@pytest.mark.parametrize("url", READING_PAGES)
def test_reads_the_main_text_sentence_by_sentence_in_chinese(reader, served_site, site, url):
    page = reader(served_site + url)
    control(page).get_by_role("button", name="朗读").click()
    page.wait_for_function("window.__speech.log.length === 1")
    first = spoken(page)[0]
    assert first["lang"] == "zh-CN" and first["voice"] == "Stand-in 普通话" and first["rate"] == 1
    total = int(re.search(r"共(\d+)句", page.locator(".read-aloud__status").inner_text()).group(1))
    assert total > 5
    for _ in range(total):
        page.evaluate("window.__speech.end()")
    texts = [u["text"] for u in spoken(page)]
    assert len(texts) == total
    assert "读完了" in page.locator(".read-aloud__status").inner_text()
    h1 = page.locator("article h1").first.inner_text().replace("¶", "").strip()
    assert texts[0] == h1
    # One sentence at a time: no utterance runs past a full stop.
    assert all(not re.search(r"[。！？].", t.rstrip("”’」）)")) for t in texts), [t for t in texts if "。" in t[:-1]][
        :3
    ]
    # The main text, not menus or buttons: every utterance is in the article, none is a control's label.
    article = "".join(article_text(read_page(site, url)).split())
    heard = "".join("".join(texts).split())
    assert all("".join(t.split()) in article for t in texts)
    for chrome in ["字号标准大特大", "朗读暂停停止慢速", "打印讲义", "跳转至", "本节链接", "扫码阅读在线版"]:
        assert chrome not in heard, chrome
    assert len(heard) > 0.5 * len(article)


def test_highlights_and_scrolls_to_the_sentence_being_read(reader, served_site):
    page = reader(served_site + "/glossary/s/")
    control(page).get_by_role("button", name="朗读").click()
    page.wait_for_function("window.__speech.log.length === 1")
    for _ in range(40):
        page.evaluate("window.__speech.end()")
    sentence = spoken(page)[-1]["text"]
    page.wait_for_function(  # the page scrolls (smoothly) until the sentence is in view, below the header
        "() => { const r = [...CSS.highlights.get('read-aloud')][0].getBoundingClientRect();"
        " return r.top >= document.querySelector('.md-header').getBoundingClientRect().bottom && r.bottom <= 740; }",
        timeout=5000,
    )
    state = page.evaluate("""() => {
        const ranges = [...CSS.highlights.get('read-aloud')];
        const r = ranges[0].getBoundingClientRect();
        return {count: ranges.length, text: ranges[0].toString(), top: r.top, bottom: r.bottom,
                block: document.querySelector('.read-aloud-current').textContent, scrolled: window.scrollY};
    }""")
    assert state["count"] == 1 and " ".join(state["text"].split()) == sentence
    assert sentence in " ".join(state["block"].split())
    assert state["scrolled"] > 500 and state["top"] >= 0 and state["bottom"] <= 740


def test_the_sentence_being_read_is_painted_yellow_and_the_rest_is_not(reader, served_site):
    """The highlight's colours are given inside the block being read only (reading.css): on screen the sentence is
    yellow, and the text after it in the same block is not."""
    page = reader(served_site + "/glossary/s/")
    control(page).get_by_role("button", name="朗读").click()
    page.wait_for_function("window.__speech.log.length === 1")
    for _ in range(3):
        page.evaluate("window.__speech.end()")
    page.wait_for_timeout(600)  # the smooth scroll to the sentence

    def yellow_share(rect: dict) -> float:
        image = Image.open(io.BytesIO(page.screenshot(clip=rect))).convert("RGB")
        data = image.tobytes()
        pixels = [tuple(data[i : i + 3]) for i in range(0, len(data), 3)]
        return sum(1 for r, g, b in pixels if r > 235 and 205 < g < 245 and 110 < b < 175) / len(pixels)

    rects = page.evaluate("""() => {
        const range = [...CSS.highlights.get('read-aloud')][0];
        const first = range.getClientRects()[0];
        const after = document.createRange();
        after.setStart(range.endContainer, range.endOffset);
        after.setEndAfter(document.querySelector('.read-aloud-current').lastChild);
        const rest = [...after.getClientRects()].find(r => r.width > 20 && r.top > first.bottom);
        const box = r => r && ({x: r.x + 1, y: r.y + 1, width: Math.max(r.width - 2, 1), height: Math.max(r.height - 2, 1)});
        return {sentence: box(first), rest: box(rest)};
    }""")
    assert yellow_share(rects["sentence"]) > 0.4
    if rects["rest"]:  # the block goes on after the sentence
        assert yellow_share(rects["rest"]) < 0.05


def test_pause_continue_stop_and_slower(reader, served_site):
    page = reader(served_site + "/report/2020/plan-2021/")
    group = control(page)
    group.get_by_role("button", name="朗读").click()
    page.wait_for_function("window.__speech.log.length === 1")
    page.evaluate("window.__speech.end()")
    second = spoken(page)[-1]["text"]

    group.get_by_role("button", name="暂停朗读").click()
    assert "已暂停" in page.get_by_role("status").inner_text()
    page.evaluate("window.__speech.end()")  # nothing is being read: nothing happens
    assert len(spoken(page)) == 2
    group.get_by_role("button", name="继续朗读").click()
    assert spoken(page)[-1]["text"] == second  # the paused sentence again

    slow = group.get_by_role("button", name="慢速")
    slow.click()
    assert slow.get_attribute("aria-pressed") == "true"
    assert spoken(page)[-1]["text"] == second and spoken(page)[-1]["rate"] < 1
    page.evaluate("window.__speech.end()")
    assert spoken(page)[-1]["rate"] < 1

    group.get_by_role("button", name="停止").click()
    assert "已停止" in page.get_by_role("status").inner_text()
    assert page.evaluate("CSS.highlights.has('read-aloud')") is False
    assert page.locator(".read-aloud-current").count() == 0
    assert group.get_by_role("button", name="朗读").is_visible()


def test_operable_by_keyboard(reader, served_site):
    page = reader(served_site + "/policies/three-activities-opinion/")
    start = control(page).get_by_role("button", name="朗读")
    start.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("window.__speech.log.length === 1")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "暂停朗读"
    page.keyboard.press("Enter")
    assert "已暂停" in page.get_by_role("status").inner_text()
    page.keyboard.press("Escape")
    assert "已停止" in page.get_by_role("status").inner_text()
    assert page.get_by_role("status").get_attribute("aria-live") == "polite"


def test_says_so_when_there_is_no_chinese_voice(reader, served_site):
    page = reader(served_site + "/glossary/s/", voices=ENGLISH_ONLY)
    control(page).get_by_role("button", name="朗读").click()
    status = page.get_by_role("status")
    page.wait_for_function("document.querySelector('.read-aloud__status').textContent.length > 0")
    assert "没有中文语音" in status.inner_text()
    assert spoken(page) == []


def test_says_so_when_the_browser_cannot_speak(reader, served_site):
    page = reader(served_site + "/glossary/s/", speech=False)
    assert control(page).is_visible()
    assert "不能朗读" in page.get_by_role("status").inner_text()
    assert control(page).get_by_role("button", name="朗读").is_disabled()


def test_only_on_reading_pages_and_hidden_without_javascript(site, browser, served_site):
    for url in READING_PAGES:
        assert "data-read-aloud " in read_page(site, url), url
    for url in ["/", "/stats/2021/", "/print/glossary/", "/contribute/"]:
        assert "data-read-aloud " not in read_page(site, url), url
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + "/glossary/")
    assert page.locator(".read-aloud").count() == 1 and not page.locator(".read-aloud").is_visible()
    context.close()
