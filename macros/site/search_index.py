"""The site search index: Material's page sections as plain text, glossary entries keyed by term and pinyin.

Material's search plugin cuts every page into sections (one per heading) and writes them to
search/search_index.json. This module rewrites that file for the portal's own engine
(docs/assets/javascripts/search/engine.js): text without markup or word-break marks, and each glossary
entry carrying its term, aliases and their pinyin (full and initials: weixieshang, wxs → 微协商).
Two small tables ride along in `config` so that the engine forgives how members type:
- `sounds`: the toneless pinyin of every character in the index and of the common characters (GB 2312)
  a pinyin input method may offer instead (书香正协 → 书香政协), from pypinyin, those of GB 2312 by their
  position in it (`compact_sound_table`); where a character reads otherwise in its phrase (成长 → zhang), the
  entry says so (`st`/`sx`: offset and reading);
- `fold`: traditional characters (協) and the simplified ones they fold to (协), from OpenCC's data
  (the `opencc` package, offline), limited to characters the index uses; GB 2312 characters never fold.
- `generic`, `filler` and `question`: words that say little about what a member looks for (书, 哪些, 我想, 请问, 怎么办…) and
  characters that carry a question, from macros/site/search-words.yaml (data, not code).
Editors' pages (contribute/) rank after members' content (`editors`); entries that share a title name the
page they belong to (`where`: 报告 · 名词解释).
The index travels in two parts, fetched side by side, so that the first results need not wait for the long texts
(`split_search_index`): search/search_index.json, which Material loads and hands the engine, holds the tables and
every entry but its text; search/search_texts.json holds the texts (with their phrase readings `sx`), entry by entry
in the same order, and the engine adds them when they arrive. Each is also written as a script
(search_index.js, search_texts.js), which is how they load when the site is opened from file://.

Word matching itself happens in the browser only, for index and query alike (see engine.js); the search key a
text folds to (3＋N → 三+n) is macros/sources/search_key.py, in Python, for the glossary check.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections import Counter
from functools import cache, lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field
from pypinyin import Style, lazy_pinyin, pinyin

from ..core.errors import ContentError, Problem, Problems
from ..core.text import HAN, HAN_RE
from ..sources.glossary import Term, entry_pages
from ..sources.schemas import ShortText, Strict, validate_model
from ..sources.search_key import common_characters, simplified_pairs
from ..sources.textfiles import load_yaml_file
from ..structure.site_map import EDITORS, page_url

INDEX_JSON = Path("search") / "search_index.json"
INDEX_JS = Path("search") / "search_index.js"
TEXTS_JSON = Path("search") / "search_texts.json"
TEXTS_JS = Path("search") / "search_texts.js"
TEXT_FIELDS = ("text", "sx")  # what the second part carries
EDITOR_PAGES = EDITORS.folder  # pages for editors (the site map's search rank): ranked after members' content
READINGS = 2  # readings kept per character
SYLLABLE_BASE = 0x100  # syllable n of the compact sound table is the letter U+0100 + n (two bytes in UTF-8)
SEARCH_WORDS = Path(__file__).with_name("search-words.yaml")  # light words and question characters

_BLOCK_END = re.compile(r"</(p|li|h\d|tr|td|th|dd|dt|div|pre|blockquote)>|<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t\r\n\u3000]+")
_HAN_RUN = re.compile(f"[{HAN}]+")


@lru_cache(maxsize=16384)  # pure, and `make serve` cleans every unchanged entry again at each rebuild
def plain_text(markup: str) -> str:
    """Text of an index entry as a reader sees it: no tags, no entities, no zero-width word marks."""
    text = _BLOCK_END.sub(" ", markup)
    text = html.unescape(_TAG.sub("", text)).replace("\u200b", "")
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=8192)  # pure; `make serve` asks again for every name at each rebuild
def pinyin_keys(name: str) -> tuple[str, str]:
    """Full pinyin and initials of a name without tones or spaces ("微协商" → "weixieshang", "wxs").

    Only the Chinese characters count; a name without any (1+3+N) has no pinyin ("", "").
    """
    if not HAN_RE.search(name):
        return "", ""
    han = "".join(HAN_RE.findall(name))
    full = "".join(lazy_pinyin(han, style=Style.NORMAL))
    initials = "".join(lazy_pinyin(han, style=Style.FIRST_LETTER))
    return full.lower(), initials.lower()


def glossary_keys(terms: dict[str, Term]) -> dict[str, dict]:
    """For each glossary entry's location in the index: its names and, two per name, their pinyin."""
    keyed = {}
    pages = entry_pages(terms)
    for term in terms.values():
        pinyin: list[str] = []
        for name in term.names:
            pinyin.extend(pinyin_keys(name))
        keyed[f"{page_url(pages[term.id])}#{term.id}"] = {"keys": term.names, "pinyin": pinyin}  # its letter page
    return keyed


@cache
def readings(char: str) -> tuple[str, ...]:
    """Toneless readings of one character, the usual one first ("长" → ("zhang", "chang")); () if none."""
    found = pinyin(char, style=Style.NORMAL, heteronym=True, errors=lambda _: [""])[0]
    # The two commonest readings: rarer ones (大 as tai) would make unrelated words sound alike.
    return tuple(dict.fromkeys(r.lower() for r in found if r and r.isascii() and r.isalpha()))[:READINGS]


def sound_table(chars: set[str]) -> dict[str, dict[str, str]]:
    """Characters by toneless reading: `usual` {reading: characters read so by default}, `also` for other readings."""
    usual: dict[str, list[str]] = {}
    also: dict[str, list[str]] = {}
    for char in sorted(chars):
        found = readings(char)
        if found:
            usual.setdefault(found[0], []).append(char)
            for other in found[1:]:
                also.setdefault(other, []).append(char)
    return {
        "usual": {r: "".join(cs) for r, cs in sorted(usual.items())},
        "also": {r: "".join(cs) for r, cs in sorted(also.items())},
    }


@cache
def gb2312_hanzi() -> tuple[str, ...]:
    """The 6,763 characters of GB 2312 in its own order (rows B0–F7, cells A1–FE, but the empty D7FA–D7FE), as
    engine.js lists them again with the browser's GBK decoder: the sound table need not spell them out."""
    found = []
    for row in range(0xB0, 0xF8):
        for cell in range(0xA1, 0xFF):
            if row != 0xD7 or cell < 0xFA:
                found.append(bytes((row, cell)).decode("gb2312"))
    return tuple(found)


def compact_sound_table(table: dict[str, dict[str, str]]) -> dict:
    """The sound table with the characters of GB 2312 by position, not spelt out (half the bytes): `syllables`, and
    `gb` and `gbAlso`, one letter per character of `gb2312_hanzi` for its usual and its other reading (the letter
    SYLLABLE_BASE + the syllable's number; "." for none); `usual` and `also` keep the characters outside GB 2312
    (traditional, rare) as `sound_table` gives them."""
    syllables = sorted({r for part in table.values() for r in part})
    letter = {r: chr(SYLLABLE_BASE + i) for i, r in enumerate(syllables)}
    if len(syllables) > 0x300 - SYLLABLE_BASE:  # letters from U+0300 on combine with their neighbours
        raise ValueError(f"读音太多（{len(syllables)} 个）：搜索索引的读音表放不下")
    common = set(gb2312_hanzi())
    compact: dict = {"syllables": syllables}
    for name, key in (("usual", "gb"), ("also", "gbAlso")):
        by_char = {c: letter[r] for r, chars in table[name].items() for c in chars}
        compact[key] = "".join(by_char.get(c, ".") for c in gb2312_hanzi())
        rest = {r: "".join(c for c in chars if c not in common) for r, chars in table[name].items()}
        compact[name] = {r: chars for r, chars in rest.items() if chars}
    return compact


def utf16_offset(text: str, index: int) -> int:
    """The position of text[index] as JavaScript counts it (UTF-16 code units)."""
    return len(text[:index].encode("utf-16-le")) // 2


@cache  # pure, and `make serve` asks again for every unchanged text at each rebuild
def phrase_readings(text: str) -> list[list]:
    """Where a character reads otherwise in its phrase than alone (成长: 长 → zhang): [[offset, reading], …]."""
    found = []
    for run in _HAN_RUN.finditer(text):
        for i, (char, reading) in enumerate(zip(run.group(), lazy_pinyin(run.group(), style=Style.NORMAL))):
            usual = readings(char)
            if usual and reading in usual and reading != usual[0]:
                found.append([utf16_offset(text, run.start() + i), reading])
    return found


def fold_table(index_chars: set[str]) -> list[str]:
    """[traditional, simplified]: OpenCC's traditional → simplified mapping, for the characters the index uses.

    A pair is kept when either side occurs in the index. A character of GB 2312 (the simplified character set)
    is never folded, whatever OpenCC would make of it alone: 著 stays 著 (著作), 乾 stays 乾.
    """
    pairs = [(t, s) for t, s in simplified_pairs() if s in index_chars or t in index_chars]
    return ["".join(t for t, _ in pairs), "".join(s for _, s in pairs)]


class SearchWords(Strict):
    """macros/site/search-words.yaml: light words (generic ones with the page of their kind, fillers), and the
    characters that carry a question."""

    generic: dict[ShortText, Annotated[str, Field(pattern=r"^/([a-z0-9-]+/)*$")]]
    filler: list[ShortText]
    question: ShortText


def load_search_words(path: Path = SEARCH_WORDS) -> SearchWords:
    """The light words and question characters, or a Chinese message naming the file and line."""
    problems = Problems()
    loaded = load_yaml_file(path, problems)
    words = validate_model(SearchWords, loaded[0], path, loaded[1], problems) if loaded else None
    problems.raise_if_any()
    return words


def shared_title_places(docs: list[dict]) -> dict[str, str]:
    """For entries that share a title with another: where they are, by the title of their section (常委会工作报告
    for report/2020/notes/), or of the page above them where the section alone would not tell them apart."""
    titles = {d["location"]: d["title"] for d in docs}
    counts = Counter(d["title"] for d in docs)

    def parent(location: str) -> str | None:
        page = location.split("#")[0]
        if page != location:
            return page  # a section: the page it is on
        above = page.rstrip("/").rpartition("/")[0]
        return above + "/" if above else None  # a page: the page above it (none above a top page)

    def section(location: str) -> str | None:
        top = location.split("/")[0] + "/"
        return top if top != location else None

    shared = [d for d in docs if counts[d["title"]] > 1]
    by_section = Counter((d["title"], titles.get(section(d["location"]) or "/")) for d in shared)
    places = {}
    for doc in shared:
        for place in (section(doc["location"]), parent(doc["location"])):
            name = titles.get(place) if place is not None else None
            if (
                name
                and name != doc["title"]
                and (place != section(doc["location"]) or by_section[(doc["title"], name)] == 1)
            ):
                places[doc["location"]] = name
                break
    return places


def build_search_index(material_index: dict, terms: dict[str, Term]) -> dict:
    """The portal's index from Material's: documents cleaned, glossary entries keyed, pinyin and folding tables."""
    keyed = glossary_keys(terms)
    docs = []
    for doc in material_index["docs"]:
        entry = {"location": doc["location"], "title": plain_text(doc["title"]), "text": plain_text(doc["text"])}
        entry.update(keyed.get(doc["location"], {}))
        docs.append(entry)
    missing = sorted(set(keyed) - {d["location"] for d in docs})
    if missing:
        raise ContentError(
            [
                Problem(
                    "macros/site/search_index.py",
                    None,
                    f"搜索索引里没有名词解释条目 {', '.join(missing)}：请确认名词解释页面的标题锚点未被改动",
                )
            ]
        )
    words = load_search_words()
    places = shared_title_places(docs)
    index_chars: set[str] = set()
    for entry in docs:
        for field, text in (("st", entry["title"]), ("sx", entry["text"])):
            index_chars.update(HAN_RE.findall(text))
            found = phrase_readings(text)
            if found:
                entry[field] = found
        if entry["location"] in places:
            entry["where"] = places[entry["location"]]
        if entry["location"].startswith(EDITOR_PAGES):
            entry["editors"] = True
    index_chars.update(c for term in terms.values() for name in term.names for c in HAN_RE.findall(name))
    # The tables ride in `config`: Material hands the engine only config, docs and options.
    config = {
        **material_index["config"],
        "sounds": compact_sound_table(sound_table(index_chars | set(common_characters()))),
        "fold": fold_table(index_chars),
        "generic": {word: page.removeprefix("/") for word, page in words.generic.items()},  # as index locations
        "filler": words.filler,
        "question": words.question,
    }
    return {"config": config, "docs": docs}


def check_generic_pages(index: dict) -> None:
    """Every page a generic word leads to (search-words.yaml) is a page of the site."""
    locations = {d["location"] for d in index["docs"]}
    unknown = sorted(f"/{page}" for page in index["config"]["generic"].values() if page not in locations)
    if unknown:
        raise ContentError(
            [
                Problem(
                    SEARCH_WORDS,
                    None,
                    f"generic 里的页面 {'、'.join(unknown)} 不存在：请写成站内页面的地址，如 /reading-lists/",
                )
            ]
        )


def split_search_index(index: dict) -> tuple[dict, dict]:
    """The index as its two parts: everything but the texts (`config` names the texts part by `texts`, its digest),
    and the texts, entry by entry in the index's order."""
    texts = [{k: doc[k] for k in TEXT_FIELDS if k in doc} for doc in index["docs"]]
    digest = hashlib.sha256(json.dumps(texts, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]
    head = {
        "config": {**index["config"], "texts": digest},
        "docs": [{k: v for k, v in doc.items() if k not in TEXT_FIELDS} for doc in index["docs"]],
    }
    return head, {"id": digest, "docs": texts}


def join_search_index(head: dict, texts: dict) -> dict:
    """The whole index again from its two parts (as the engine puts it together)."""
    config = {k: v for k, v in head["config"].items() if k != "texts"}
    return {"config": config, "docs": [{**doc, **more} for doc, more in zip(head["docs"], texts["docs"], strict=True)]}


def read_search_index(site_dir: Path) -> dict:
    """The whole index of a built site, from its two parts."""
    head, texts = (json.loads((site_dir / part).read_text(encoding="utf-8")) for part in (INDEX_JSON, TEXTS_JSON))
    return join_search_index(head, texts)


def write_search_index(site_dir: Path, terms: dict[str, Term]) -> dict:
    """Rewrite site/search/search_index.json for the portal's engine as its two parts, each also as a script."""
    source = site_dir / INDEX_JSON
    if not source.is_file():
        raise ContentError(
            [
                Problem(
                    "mkdocs.yml",
                    None,
                    "没有找到 search/search_index.json：plugins 里 search 必须启用，并且写在 macros 前面",
                )
            ]
        )
    index = build_search_index(json.loads(source.read_text(encoding="utf-8")), terms)
    check_generic_pages(index)
    head, texts = split_search_index(index)
    for part, json_path, js_path, name in (
        (head, INDEX_JSON, INDEX_JS, "__index"),
        (texts, TEXTS_JSON, TEXTS_JS, "__texts"),
    ):
        data = json.dumps(part, ensure_ascii=False, separators=(",", ":"))
        (site_dir / json_path).write_text(data, encoding="utf-8")
        (site_dir / js_path).write_text(f"var {name} = {data};\n", encoding="utf-8")
    return index
