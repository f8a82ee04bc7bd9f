"""Find and normalise the date expressions of the compilation ("December 12, 1922", "15 December, 1922",
"January 4 & 6, 1923", "March 5, 23", "Sunday 19 June 2011", "February, 1922", "early March 1923")."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from typing import NamedTuple

from tei_lenin.model import DateValue

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTH = r"(?P<{g}>January|February|March|April|May|June|July|August|September|October|November|December)"
_WEEKDAY = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
_YEAR = r"(?P<year>\d{4}|\d{2})(?!\d)"

#: Ordered alternatives; the first that matches at a position wins (longest forms first).
_PATTERNS = [
    # January 4 & 6, 1923  /  January 4 and 6, 1923
    re.compile(_MONTH.format(g="month") + r"\s+(?P<day>\d{1,2})\s*(?:&|and)\s*(?P<day2>\d{1,2}),?\s+" + _YEAR),
    # December 12, 1922  /  March 5, 23
    re.compile(_WEEKDAY + _MONTH.format(g="month") + r"\s+(?P<day>\d{1,2}),?\s+" + _YEAR),
    # 15 December, 1922  /  Sunday 19 June 2011
    re.compile(_WEEKDAY + r"(?P<day>\d{1,2})\s+" + _MONTH.format(g="month") + r",?\s+" + _YEAR),
    # early March 1923 / late December, 1922
    re.compile(r"(?P<part>early|mid|late)[- ]" + _MONTH.format(g="month") + r",?\s+(?P<year>\d{4})(?!\d)"),
    # February, 1922 / March 1922
    re.compile(_MONTH.format(g="month") + r",?\s+(?P<year>\d{4})(?!\d)"),
]


_ANY_MONTH = re.compile(r"January|February|March|April|May|June|July|August|September|October|November|December")


class DateMatch(NamedTuple):
    """A date expression found in a string: its offsets, its words and the dates it stands for."""

    start: int
    end: int
    text: str
    values: tuple[DateValue, ...]
    problem: str | None = None
    #: Offsets (relative to ``start``) where the text splits between several dates ("January 4 & 6, 1923").
    splits: tuple[int, ...] = ()


def _year(raw: str, century: int) -> int:
    return int(raw) if len(raw) == 4 else century * 100 + int(raw)


def _days_in(year: int, month: int) -> int:
    return 29 if month == 2 and calendar.isleap(year) else calendar.mdays[month]


def _iso_day(year: int, month: int, day: int) -> str | None:
    if not 1 <= day <= _days_in(year, month):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _values(m: re.Match[str], century: int) -> tuple[tuple[DateValue, ...], str | None, tuple[int, ...]]:
    """The dates a match of ``_ANY_FORM`` stands for (or the problem that leaves it none), and its splits."""
    # ``form{i}`` encloses its alternative, so it is the last group to close: ``lastgroup``.
    month_at, year_at, day_at, day2_at, part_at = _GROUPS[int(m.lastgroup[4:])]  # type: ignore[index]
    year = _year(m.group(year_at), century)
    month = MONTHS[m.group(month_at).lower()]
    if part_at and (part := m.group(part_at)):
        last = _days_in(year, month)
        lo, hi = {"early": (1, 10), "mid": (11, 20), "late": (21, last)}[part]
        return (DateValue(not_before=_iso_day(year, month, lo), not_after=_iso_day(year, month, hi),
                          cert="medium"),), None, ()
    day = m.group(day_at) if day_at else None
    if not day:
        return (DateValue(when=f"{year:04d}-{month:02d}"),), None, ()
    day2 = m.group(day2_at) if day2_at else None
    values = []
    for raw in (day, day2) if day2 else (day,):
        iso = _iso_day(year, month, int(raw))
        if iso is None:
            return (), f"no such day: {m.group(0)!r}", ()
        values.append(DateValue(when=iso))
    return tuple(values), None, (m.start(day2_at) - m.start(),) if day2 else ()


def _combine(patterns: list[re.Pattern[str]]) -> re.Pattern[str]:
    """One alternation of all forms (group names suffixed by the form's index): one search per match."""
    parts = []
    for index, pattern in enumerate(patterns):
        body = re.sub(r"\(\?P<(\w+)>", rf"(?P<\1_{index}>", pattern.pattern)
        parts.append(f"(?P<form{index}>{body})")
    return re.compile("|".join(parts))


_ANY_FORM = _combine(_PATTERNS)
#: For each form, the numbers in ``_ANY_FORM`` of its groups month, year, day, day2, part (0: it has none).
_GROUPS = [tuple(_ANY_FORM.groupindex.get(f"{name}_{i}", 0) for name in ("month", "year", "day", "day2", "part"))
           for i in range(len(_PATTERNS))]
_BEFORE = 24  # longest text a form has before its month ("Wednesday, 19 ", "early ")
_AFTER = 16  # and after it (" 4 & 6, 1923")
_LONGEST_DATE = 60  # a block longer than this is not a date alone


def find_dates(text: str, century: int = 19) -> Iterator[DateMatch]:
    """Yield the date expressions of ``text`` left to right, without overlaps.

    ``century`` completes two-digit years ("March 5, 23" → 1923): pass the century of the document.
    """
    pos = 0
    # Every form contains a month name: search only a short window around each one.
    for month in _ANY_MONTH.finditer(text):
        if month.start() < pos:
            continue
        m = _ANY_FORM.search(text, max(pos, month.start() - _BEFORE), month.end() + _AFTER)
        if m is None or m.start() > month.start() or (m.start() > 0 and text[m.start() - 1].isalnum()):
            continue
        values, problem, splits = _values(m, century)
        yield DateMatch(m.start(), m.end(), m.group(0), values, problem, splits)
        pos = m.end()


def parse_whole(text: str, century: int = 19) -> DateMatch | None:
    """The date if ``text`` (stripped of a final full stop) is nothing but one date expression."""
    if len(text) > _LONGEST_DATE:
        return None
    core = text.strip().rstrip(".")
    if not core[-1:].isdigit():  # every form ends with its year
        return None
    for match in find_dates(core, century):
        if match.start == 0 and match.end == len(core):
            return match
        return None
    return None
