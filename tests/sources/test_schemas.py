"""macros/sources/schemas.py: the schemas refuse what staff can get wrong."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from macros.sources.schemas import Book, PolicyMeta, isbn13_is_valid

BOOK = dict(id="xiangtu-zhongguo", title="乡土中国", author="费孝通", publisher="北京大学出版社", year=2012, why="理由")
POLICY = dict(title="甲", issuer="乙", date="2021-03-05", status="现行有效", source="丙", full_text=True)


def test_isbn_checksum():
    assert isbn13_is_valid("978-0-306-40615-7")  # the textbook example of a valid ISBN-13
    assert not isbn13_is_valid("978-0-306-40615-6")
    assert not isbn13_is_valid("0306406152")  # ISBN-10 is not accepted: write the 13-digit form


def test_book_with_bad_isbn_is_refused():
    with pytest.raises(ValidationError, match="校验位"):
        Book(**BOOK, isbn="9780306406156")


def test_book_title_without_book_marks():
    with pytest.raises(ValidationError, match="书名号"):
        Book(**{**BOOK, "title": "《乡土中国》"})


def test_unknown_field_is_refused():
    with pytest.raises(ValidationError, match="extra"):
        Book(**BOOK, auther="费孝通")


@pytest.mark.parametrize(
    "value,ok",
    [
        ("2021", True),
        ("2021-03", True),
        ("2021-03-05", True),
        (None, True),
        ("2021-02-30", False),
        ("2021-13", False),
        ("21-3-5", False),
        ("2099-01-01", False),
    ],
)
def test_policy_dates(value, ok):
    if ok:
        assert PolicyMeta(**{**POLICY, "date": value}).date == value
    else:
        with pytest.raises(ValidationError):
            PolicyMeta(**{**POLICY, "date": value})
