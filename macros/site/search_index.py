"""The site search index: Material's page sections as plain text, glossary entries keyed by term and pinyin.

Material's search plugin cuts every page into sections (one per heading) and writes them to
search/search_index.json. This module rewrites that file for the portal's own engine
(docs/assets/javascripts/search/engine.js): text without markup or word-break marks, and each glossary
entry carrying its term, aliases and their pinyin (full and initials: weixieshang, wxs → 微协商).
It also writes search/search_index.js, the same index as a script, which is how Material loads it
when the site is opened from file://.

Word matching itself happens in the browser only, for index and query alike (see engine.js).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from pypinyin import Style, lazy_pinyin

from ..core.errors import ContentError, Problem
from ..core.text import HAN_RE
from ..sources.glossary import GLOSSARY_PAGE, Term

INDEX_JSON = Path("search") / "search_index.json"
INDEX_JS = Path("search") / "search_index.js"
GLOSSARY_URL = GLOSSARY_PAGE.removesuffix("index.md")  # "glossary/"

_BLOCK_END = re.compile(r"</(p|li|h\d|tr|td|th|dd|dt|div|pre|blockquote)>|<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t\r\n\u3000]+")


def plain_text(markup: str) -> str:
    """Text of an index entry as a reader sees it: no tags, no entities, no zero-width word marks."""
    text = _BLOCK_END.sub(" ", markup)
    text = html.unescape(_TAG.sub("", text)).replace("\u200b", "")
    return _SPACES.sub(" ", text).strip()


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
    for term in terms.values():
        pinyin: list[str] = []
        for name in term.names:
            pinyin.extend(pinyin_keys(name))
        keyed[f"{GLOSSARY_URL}#{term.id}"] = {"keys": term.names, "pinyin": pinyin}
    return keyed


def build_search_index(material_index: dict, terms: dict[str, Term]) -> dict:
    """The portal's index from Material's: same config, documents cleaned and glossary entries keyed."""
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
    return {"config": material_index["config"], "docs": docs}


def write_search_index(site_dir: Path, terms: dict[str, Term]) -> dict:
    """Rewrite site/search/search_index.json for the portal's engine and write search_index.js beside it."""
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
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    source.write_text(data, encoding="utf-8")
    (site_dir / INDEX_JS).write_text(f"var __index = {data};\n", encoding="utf-8")
    return index
