"""The search key of a text: what the site's search engine makes of it before comparing (3＋N → 3+N → 三+三+n).

The engine (docs/assets/javascripts/search/engine.js, `Folder`) folds the index and every query in the browser,
with one function for both, so the two are never cut differently. The glossary check needs the same key in
Python, to refuse two entries that no query can tell apart; tests/site/test_search_key.py runs engine.js in
Node over every name and text of the site and proves the two functions give the same key.

The fold: NFKD, combining marks (tones) dropped, lower case, only letters, digits and "+" kept, traditional
characters to simplified (OpenCC's table; never a character of GB 2312, the simplified set: 著 stays 著), then
numbers to one written form:
- a run of digits is read out in Chinese numerals: 5000 → 五千, 100 → 一百, 10 → 十, 50000000 → 五千万;
  a year (four digits, 1900–2099), a run with a leading zero or longer than twelve digits is read digit by digit
  (2021 → 二〇二一, 04 → 〇四);
- 零 between numerals is 〇 (二零二一 → 二〇二一), 两 before 千/百/万/亿 is 二 (两千 → 二千), 加 between single
  numerals or N is + (一加三加N → 一+三+n).
Chinese words that contain numerals never change (三作三台三评, 十四五, 一个目标): only digits are rewritten,
so a member's homophone (十四伍) or pinyin (十四wu) still meets the word. Digits become characters rather than
the other way round for the same reason: 二〇二一 and 三千 keep their sounds, 3000 gains one.

Written by hand, in both languages, because the fold must be identical in the browser and here: the number
libraries (cn2an on PyPI, nzh on npm) each exist on one side only and read numbers by their own rules
(2021 → 二千零二十一), which the other side would have to copy anyway.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache

import opencc

CJK = range(0x4E00, 0xA000)  # CJK Unified Ideographs: where traditional variants and common characters live

DIGITS = "〇一二三四五六七八九"
NUMERALS = set("〇零一二三四五六七八九十百千万亿两")
_SECTION_UNITS = ("千", "百", "十", "")
_BIG_UNITS = ("", "万", "亿")
_PLUS_SIDES = set("〇一二三四五六七八九十n")  # 加 between these is +
_AFTER_TWO = set("千百万亿")  # 两 before these is 二


@cache
def common_characters() -> tuple[str, ...]:
    """The simplified characters of GB 2312: what a pinyin input method offers first."""
    found = []
    for code in CJK:
        try:
            chr(code).encode("gb2312")
        except UnicodeEncodeError:
            continue
        found.append(chr(code))
    return tuple(found)


@cache
def simplified_pairs() -> tuple[tuple[str, str], ...]:
    """(traditional, simplified): OpenCC's traditional → simplified characters, never one of GB 2312."""
    chars = [chr(code) for code in CJK]
    simplified = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    common = set(common_characters())
    return tuple((t, s) for t, s in zip(chars, simplified) if t != s and len(s) == 1 and t not in common)


def fold_character(char: str, traditional: dict[str, str]) -> str:
    """One character as engine.js `Folder.char` folds it ("" for anything not a letter, digit or +)."""
    decomposed = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.category(c).startswith("M"))
    return "".join(traditional.get(c, c) for c in decomposed.lower() if c == "+" or unicodedata.category(c)[0] in "LN")


def read_section(digits: str) -> str:
    """Four digits (0000–9999) in numerals, no leading zero: 0305 → 三百〇五."""
    out, zero, started = "", False, False
    for digit, unit in zip(digits, _SECTION_UNITS):
        if digit == "0":
            zero = zero or started
            continue
        if zero:
            out += "〇"
            zero = False
        out += DIGITS[int(digit)] + unit
        started = True
    return out


def read_digits(digits: str) -> str:
    """A run of ASCII digits in Chinese numerals (5000 → 五千), or digit by digit (2021 → 二〇二一)."""
    if (len(digits) > 1 and digits[0] == "0") or len(digits) > 12 or (len(digits) == 4 and "1900" <= digits <= "2099"):
        return "".join(DIGITS[int(d)] for d in digits)
    number = digits.lstrip("0")
    if not number:
        return "〇"
    groups = []
    while number:
        groups.insert(0, number[-4:].rjust(4, "0"))
        number = number[:-4]
    out, zero = "", False
    for group, unit in zip(groups, _BIG_UNITS[: len(groups)][::-1]):
        if group == "0000":
            zero = True
            continue
        if out and (zero or group[0] == "0"):
            out += "〇"
        zero = False
        out += read_section(group) + unit
    return out[1:] if out.startswith("一十") else out


def fold_numbers(folded: str) -> str:
    """Digits read out, 零/两/加 between numerals to one form (engine.js `foldNumbers`); text already folded."""
    chars: list[str] = []
    i = 0
    while i < len(folded):
        if folded[i].isascii() and folded[i].isdigit():
            end = i
            while end < len(folded) and folded[end].isascii() and folded[end].isdigit():
                end += 1
            chars.extend(read_digits(folded[i:end]))
            i = end
        else:
            chars.append(folded[i])
            i += 1
    out = []
    for k, char in enumerate(chars):
        before = chars[k - 1] if k else ""
        after = chars[k + 1] if k + 1 < len(chars) else ""
        if char == "零" and before in NUMERALS and after in NUMERALS:
            char = "〇"
        elif char == "两" and after in _AFTER_TWO:
            char = "二"
        elif char == "加" and before in _PLUS_SIDES and after in _PLUS_SIDES:
            char = "+"
        out.append(char)
    return "".join(out)


@cache
def _traditional() -> dict[str, str]:
    return dict(simplified_pairs())


@lru_cache(maxsize=8192)  # pure; `make serve` checks every name again at each rebuild
def search_key(text: str) -> str:
    """The key the search engine compares for a text: 「3＋N」 and 「3+N」 (or one with a zero-width space) alike."""
    traditional = _traditional()
    parts: list[str] = []
    run: list[str] = []
    for char in text:
        folded = fold_character(char, traditional)
        if not folded:  # a dropped character ends a run of digits (2020-04-23 is three numbers)
            parts.append(fold_numbers("".join(run)))
            run = []
            continue
        run.append(folded)
    parts.append(fold_numbers("".join(run)))
    return "".join(parts)
