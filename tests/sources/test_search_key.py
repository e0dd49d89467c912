"""macros/sources/search_key.py: the key search compares, in Python (the same as engine.js `Folder.fold`)."""

from __future__ import annotations

import pytest

from macros.sources.search_key import read_digits, search_key


@pytest.mark.parametrize(
    "one,other",
    [
        ("五千万", "5000万"),
        ("五千万", "50000000"),
        ("一百周年", "100周年"),
        ("二〇二一", "2021"),
        ("二零二一年", "2021年"),
        ("一加三加N", "1+3+N"),
        ("3＋N", "3+N"),
        ("3\u200b+N", "3+N"),  # a zero-width space inside
        ("三千多名", "3000多名"),
        ("十余份", "10余份"),
        ("两千", "二千"),
        ("協商", "协商"),
        ("Wēi Xié", "weixie"),
    ],
)
def test_numbers_and_letters_written_two_ways_share_one_key(one, other):
    assert search_key(one) == search_key(other)


@pytest.mark.parametrize(
    "word", ["三作三台三评", "十四五", "一个目标", "十三五", "两个维护", "零售", "第十四个五年规划"]
)
def test_words_with_numerals_keep_their_meaning(word):
    assert search_key(word) == word  # found as written: never turned into digits


@pytest.mark.parametrize(
    "digits,read",
    [
        ("5000", "五千"),
        ("10", "十"),
        ("15", "十五"),
        ("110", "一百一十"),
        ("105", "一百〇五"),
        ("10005", "一万〇五"),
        ("120000", "十二万"),
        ("100000001", "一亿〇一"),
        ("0", "〇"),
        ("2021", "二〇二一"),  # a year: digit by digit
        ("0377", "〇三七七"),  # a leading zero: digit by digit
        ("3000", "三千"),
    ],
)
def test_digits_are_read_out(digits, read):
    assert read_digits(digits) == read


def test_punctuation_separates_numbers():
    assert search_key("2020-04-23") == "二〇二〇〇四二十三"
    assert search_key("一 加 三") == "一加三"  # 加 across spaces is a word, not a plus
