"""Deterministic sample reading data (示例数据): pseudonymous members and a plausible pattern of reading.

    python -m scripts.sample_data              write the committed sample into data/
    python -m scripts.sample_data --check      fail if data/ is not exactly what this script writes
    python -m scripts.sample_data --out DIR --records 150000
                                               a larger set (same years) for the benchmark, written into DIR

Nothing here is a real record: ids are W0001…, numbers come from a seeded random generator. The pattern
is made to look like real use: most members read a little, a few read a lot, some not at all; reading
peaks around World Book Day (23 April) and in spring and autumn, dips at the Spring Festival and in
summer; group activities happen on weekdays; popular books are read much more than others.
"""

from __future__ import annotations

import argparse
import bisect
import calendar
import csv
import io
import itertools
import random
import sys
from datetime import date, timedelta
from pathlib import Path

from macros.core.errors import Problems
from macros.core.paths import DATA_DIR, READING_LISTS_DIR
from macros.reading.records import MEMBERS_FILE, RECORDS_FILE
from macros.reading.schemas import Member, ReadingRecord
from macros.sources.book_lists import load_reading_lists
from macros.sources.committee import read_committee_facts

SEED = 20210423
MEMBERS = 3000
#: The committed sample: records per year, and the day reading starts (the national launch, 23 April 2020).
SAMPLE_YEARS = {2020: 8000, 2021: 16000}
START = date(2020, 4, 23)


def bench_years(records: int) -> dict[int, int]:
    """`records` spread over the sample's years in the sample's proportions (every year has its /stats/ page)."""
    total = sum(SAMPLE_YEARS.values())
    years = {year: records * count // total for year, count in SAMPLE_YEARS.items()}
    years[max(years)] += records - sum(years.values())
    return years


#: The committee's lists the sample draws from (data/committee.yaml, as it is when the script runs).
COMMITTEE = read_committee_facts()
assert COMMITTEE is not None, "data/committee.yaml has problems: run make check"
# Shares of members (relative weights, not facts about Nanyang).
DISTRICT_WEIGHTS = dict(zip(COMMITTEE.allowed("districts"), [15, 8, 8, 5, 7, 5, 7, 5, 6, 5, 8, 5, 4, 9]))
SECTOR_WEIGHTS = dict(
    zip(
        COMMITTEE.allowed("sectors"), [25, 3, 4, 3, 4, 3, 2, 3, 3, 2, 2, 3, 2, 6, 4, 3, 8, 6, 6, 1, 2, 3, 5, 2, 2, 2, 3]
    )
)
COMMITTEE_WEIGHTS = dict(zip(COMMITTEE.allowed("committees"), [12, 14, 13, 11, 14, 10, 7, 12, 7]))
JOINED_WEIGHTS = {2016: 8, 2017: 62, 2018: 10, 2019: 9, 2020: 6, 2021: 5}
KIND_WEIGHTS = dict(zip(COMMITTEE.allowed("activities"), [50, 18, 16, 7, 5, 4]))
GROUP_KINDS = {"集体共读", "小讲堂", "微协商", "深走访"}
MONTH_WEIGHTS = [7, 4, 9, 12, 9, 9, 7, 6, 9, 8, 10, 10]  # Spring Festival dip, summer dip, spring and autumn peaks
#: Well-known books outside the reading lists (titles only; members also read what they like).
FREE_TITLES = [
    "平凡的世界",
    "红楼梦",
    "三国演义",
    "活着",
    "白鹿原",
    "围城",
    "边城",
    "朝花夕拾",
    "呐喊",
    "人间词话",
    "万历十五年",
    "苏东坡传",
    "文化苦旅",
    "长征",
    "论语译注",
    "史记选",
    "唐诗三百首",
    "宋词三百首",
    "梁家河",
]
NOTE_PARTS = ["第一章", "前三章", "重点章节", "全书"]
NOTE_THOUGHTS = [
    "做了摘录，准备在界别活动中交流",
    "结合本职工作写了几点体会",
    "对照书中内容梳理了调研思路",
    "与其他委员交流了各自的理解",
]


def weighted(rng: random.Random, weights: dict) -> object:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def generate_members(rng: random.Random, count: int = MEMBERS) -> list[dict]:
    members = []
    for n in range(1, count + 1):
        members.append(
            dict(
                member_id=f"W{n:04d}",
                sector=weighted(rng, SECTOR_WEIGHTS),
                committee=weighted(rng, COMMITTEE_WEIGHTS),
                district=weighted(rng, DISTRICT_WEIGHTS),
                role="常委" if rng.random() < 0.12 else "委员",
                joined=weighted(rng, JOINED_WEIGHTS),
            )
        )
    return members


class Picker:
    """Fast weighted draws from a fixed population (cumulative weights + bisect)."""

    def __init__(self, items: list, weights: list[float]):
        self.items = items
        self.cumulative = list(itertools.accumulate(weights))

    def __call__(self, rng: random.Random):
        return self.items[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]


def day_pickers(year: int, start: date, end: date) -> tuple[Picker, Picker]:
    """Days of the year with seasonal weights: any day (reading alone), and weekdays (group activities)."""
    days = [start + timedelta(n) for n in range((end - start).days + 1)]

    def weight(day: date) -> float:
        w = MONTH_WEIGHTS[day.month - 1] / calendar.monthrange(year, day.month)[1]
        return w * (3 if day.month == 4 and 20 <= day.day <= 26 else 1)  # World Book Day week

    weekdays = [d for d in days if d.weekday() < 5]
    return Picker(days, [weight(d) for d in days]), Picker(weekdays, [weight(d) for d in weekdays])


def minutes_for(rng: random.Random, kind: str) -> int:
    if kind == "自学":
        value = rng.lognormvariate(3.7, 0.55)  # median about 40 minutes
    elif kind == "线上读书":
        value = rng.lognormvariate(3.3, 0.6)  # median about 27 minutes
    elif kind == "集体共读":
        value = rng.choice([60, 90, 120, 150])
    elif kind == "小讲堂":
        value = rng.choice([45, 60, 90, 120])
    else:  # 微协商, 深走访
        value = rng.choice([90, 120, 150, 180, 240])
    return int(min(max(round(value / 5) * 5, 5), 480))


def generate_records(
    rng: random.Random,
    members: list[dict],
    books: list[tuple[str, str, int]],
    year_totals: dict[int, int],
    start: date = START,
) -> list[dict]:
    """`year_totals` records per calendar year, distinct by (date, member, book, activity)."""
    engagement = {m["member_id"]: rng.lognormvariate(0, 1.1) * (1.4 if m["role"] == "常委" else 1.0) for m in members}
    district_factor = {d: rng.uniform(0.75, 1.15) for d in COMMITTEE.allowed("districts")}
    rows: list[dict] = []
    for year, total in sorted(year_totals.items()):
        first = max(start, date(year, 1, 1))
        anyday, weekday = day_pickers(year, first, date(year, 12, 31))
        base = 0.55 if first.month > 1 else 0.82  # fewer members in the year reading starts
        active = [
            m
            for m in members
            if m["joined"] <= year and rng.random() < min(0.97, base * district_factor[m["district"]])
        ]
        member_of = Picker([m["member_id"] for m in active], [engagement[m["member_id"]] for m in active])
        titles = [(bid, title) for bid, title, edition in books if edition <= year]
        listed = Picker(titles, [1 / (r + 1) ** 0.9 for r in range(len(titles))])
        free = Picker(FREE_TITLES, [1 / (r + 1) for r in range(len(FREE_TITLES))])
        kinds = Picker(list(KIND_WEIGHTS), list(KIND_WEIGHTS.values()))
        seen: set[tuple] = set()
        while len(seen) < total:
            kind = kinds(rng)
            day = (weekday if kind in GROUP_KINDS else anyday)(rng)
            member_id = member_of(rng)
            book_id, title = listed(rng) if rng.random() < 0.8 else ("", free(rng))
            key = (day, member_id, book_id or title, kind)
            if key in seen:
                continue
            seen.add(key)
            chars, text = "", ""
            if rng.random() < (0.3 if kind in GROUP_KINDS else 0.12):
                if rng.random() < 0.03:
                    text = f"（示例心得）读《{title}》{rng.choice(NOTE_PARTS)}，{rng.choice(NOTE_THOUGHTS)}。"
                else:
                    chars = str(int(min(max(rng.lognormvariate(6.2, 0.6), 80), 5000)))
            rows.append(
                dict(
                    date=day.isoformat(),
                    member_id=member_id,
                    book_id=book_id,
                    book_title="" if book_id else title,
                    minutes=minutes_for(rng, kind),
                    activity=kind,
                    notes_chars=chars or ("" if text else "0"),
                    notes=text,
                    # two in three writers agree to publish (from the row count: the random stream stays as it was)
                    notes_consent="是" if text and len(rows) % 3 else "",
                )
            )
    rows.sort(key=lambda r: (r["date"], r["member_id"], r["activity"], r["book_id"] or r["book_title"]))
    return rows


def listed_books(folder: Path = READING_LISTS_DIR) -> list[tuple[str, str, int]]:
    """(id, title, edition year) of every book in the reading lists, in a fixed popularity order."""
    problems = Problems()
    lists = load_reading_lists(problems, folder)
    problems.raise_if_any()
    books = [(b.id, b.title, b.year) for lst in lists.values() for b in lst.data.books]
    random.Random(SEED).shuffle(books)
    return books


def to_csv(rows: list[dict], columns: list[str]) -> bytes:
    """CSV as Excel/WPS read it without asking: UTF-8 with a BOM, comma-separated."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def build(
    members: int = MEMBERS,
    year_totals: dict[int, int] | None = None,
    start: date = START,
    lists_folder: Path = READING_LISTS_DIR,
) -> dict[str, bytes]:
    """The two files, by name (records from `start` on, of the books in `lists_folder`)."""
    rng = random.Random(SEED)
    people = generate_members(rng, members)
    records = generate_records(rng, people, listed_books(lists_folder), year_totals or SAMPLE_YEARS, start)
    return {
        MEMBERS_FILE: to_csv(people, list(Member.model_fields)),
        RECORDS_FILE: to_csv(records, list(ReadingRecord.model_fields)),
    }


NEWLINE = b"\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成示例读书数据（固定随机种子，每次结果相同）")
    parser.add_argument("--check", action="store_true", help="只检查 data/ 里的示例数据是否就是本脚本生成的")
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="写到哪个目录（默认 data/）")
    parser.add_argument("--records", type=int, help="生成多少条记录，按示例数据各年的比例分到各年（基准测试用）")
    args = parser.parse_args(argv)
    files = build(year_totals=bench_years(args.records) if args.records else None)
    if args.check:
        stale = [
            name
            for name, content in files.items()
            if not (args.out / name).exists() or (args.out / name).read_bytes() != content
        ]
        if stale:
            print(
                f"data/ 里的示例数据与生成器的结果不一致：{'、'.join(stale)}。"
                "如果改了书单或生成器，请运行 make sample-data 重新生成并提交；"
                "如果换成了真实数据，请把 data/reading-data.yaml 的 sample 改为 false。",
                file=sys.stderr,
            )
            return 1
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (args.out / name).write_bytes(content)
    counts = "、".join(f"{name}（{content.count(NEWLINE) - 1} 行数据）" for name, content in files.items())
    print(f"已写入 {args.out}/：{counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
