"""Find and normalise the date expressions of the compilation (the shapes of the English *Collected Works*).

Exact: "December 12, 1922", "12 December, 1922", "Dec. 12, 1922", "Sunday 19 June 2011", "March 5, 23",
"12/XII.1922", "4. IX. 1922", "22.XII.21", "9/VIII" (year-less), "February 28 (March 13), 1917" (Old Style
with the New Style in brackets: the bracketed, Gregorian date counts), "January 2, 4 and 6, 1923" (three dates),
"August, 1920" (a month), "in 1921" (a year, only after "in" or "of").
Ranges: "between October 22 and 31, 1921", "December 23-26, 1922", "not later than May 5, 1922",
"prior to May 5, 1922", "in August, prior to 27, 1920".
Approximations (``cert="medium"``): "early March 1923", "the end of March 1923", "the first half of July 1921",
"the end of 1921", "the autumn of 1921".
Month-name forms without a year ("March 5") are read only when the year of the document is given.

Speed: a scan for month names and years (and "/", "." before a roman numeral) finds the triggers; the forms, one
regex shaped as a prefix tree, are tried only where a date reaching a trigger may begin.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import NamedTuple

from tei_lenin.model import DateValue

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTH_OF = {name[:3]: i for name, i in MONTHS.items()}  # "sep" of "Sept." and of "September"
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10, "XI": 11,
          "XII": 12}


class DateMatch(NamedTuple):
    """A date expression found in a string: its offsets, its words and the dates it stands for."""

    start: int
    end: int
    text: str
    values: tuple[DateValue, ...]
    problem: str | None = None
    #: Offsets (relative to ``start``) where the 2nd, 3rd … date of several begins ("January 2, 4 and 6, 1923").
    splits: tuple[int, ...] = ()
    #: The place named before the date by :func:`parse_whole` ("Moscow, 4. IX. 1922").
    place: str | None = None


class _Impossible(ValueError):
    """A date expression that stands for no date (its message says why)."""


# ---- the forms ----------------------------------------------------------------------------------------------

_FULL = "January|February|March|April|May|June|July|August|September|October|November|December"
_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_WEEKDAY = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
_YEAR_END = r"(?![0-9]|,[0-9])"  # not "2,215"
_QUAL = r"(?P<qual>[Nn]ot\s+later\s+than|[Nn]ot\s+earlier\s+than|[Nn]ot\s+before|[Nn]ot\s+after|[Pp]rior\s+to|" \
        r"[Bb]efore|[Aa]fter)\s+"
#: The days after the first of several ("January 2, 4 and 6": ", 4 and 6").
_MORE_DAYS = r"(?P<more>(?:\s*,\s*[0-9]{1,2}(?![0-9])){0,3}\s*(?:&|and)\s*[0-9]{1,2}(?![0-9]))"
#: Roman months: only after a day ("12/XII", "4. IX"), and a whole numeral (not the "XI" of "XIII").
_R = r"(?P<rmonth>XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)(?![A-Za-z])"
#: The year after a roman month: four digits after ". ", "." or " "; two only glued to a full stop ("22.XII.21").
_R_YEAR = r"(?:\.\s?|,\s?|\s)(?P<year>(?<=[.\s])[0-9]{4}|(?<=\.)[0-9]{2})" + _YEAR_END
#: A year standing alone (as the triggers find it: 1500–2099).
_LONE_YEAR = r"(?P<year>(?:1[5-9]|20)[0-9]{2})" + _YEAR_END
#: A year after "in" or "of" (not "winter of 1921": two years; not "in 1921-22").
_IN_YEAR = r"(?<=\b[Ii]n |\b[Oo]f )(?<![Ww]inter of )" + _LONE_YEAR + r"(?!\s*[-–][0-9])"


def _mon(name: str = "month") -> str:
    """A month name, in full or abbreviated ("Sept.", "Dec")."""
    return rf"(?P<{name}>(?:{_FULL}|{_ABBR})(?![a-z]))"


def _day(name: str = "day") -> str:
    return rf"(?P<{name}>[0-9]{{1,2}})(?![0-9])"


def _year(name: str = "year", four: bool = False) -> str:
    return rf"(?P<{name}>[0-9]{{4}}{'' if four else '|[0-9]{2}'})" + _YEAR_END


def _tail(lenient: bool, four: bool = False) -> str:
    """The year closing a form (", 1922"); optional in lenient mode (the document's year completes it)."""
    core = r",?\s+" + _year(four=four)
    return f"(?:{core})?" if lenient else core


class _Leaf(NamedTuple):
    """One form: what it stands for (``kind``) and the rest of its pattern after its node's prefixes."""

    kind: str
    pattern: str


class _Node(NamedTuple):
    """Forms sharing a prefix (matched once, which keeps a match fast), in order: the first that matches wins."""

    prefix: str
    children: tuple[_Node | _Leaf, ...]


def _month_first(lenient: bool) -> _Node:
    """"December 12, 1922", "January 2, 4 and 6, 1923", "February 28 (March 13), 1917", "August, 1920" …"""
    t = _tail(lenient)
    day = _Node(r"\s+" + _day(), (
        _Leaf("old_new", r"\s*\(" + _mon("month2") + r"\s+" + _day("day2") + r"\)" + t),
        _Leaf("old_new", r",?\s+" + _year("year1") + r"\s*\(" + _mon("month2") + r"\s+" + _day("day2") + r",?\s+"
              + _year() + r"\)"),
        _Leaf("old_new", r"\s*\(" + _day("day2") + r"\)" + t),
        _Leaf("range", r"\s*[-–]\s*" + _day("day2") + t),
        _Leaf("day", _MORE_DAYS + t),
        _Leaf("day", t),
    ))
    return _Node(_mon(), (day, _Leaf("month_bound", r",?\s+" + _QUAL + _day() + t),
                          _Leaf("month", r",?\s+" + _year(four=True))))


def _day_first(lenient: bool) -> _Node:
    """"12 December, 1922", "25 October (7 November) 1917", "12/XII.1922", "4. IX. 1922", "9/VIII" …"""
    t = _tail(lenient)
    return _Node(_day(), (
        _Leaf("old_new", r"\s+" + _mon() + r"\s*\(" + _day("day2") + r"\s+" + _mon("month2") + r"\)" + t),
        _Leaf("old_new", r"\s+" + _mon() + r",?\s+" + _year("year1") + r"\s*\(" + _day("day2") + r"\s+"
              + _mon("month2") + r",?\s+" + _year() + r"\)"),
        _Leaf("range", r"\s*[-–]\s*" + _day("day2") + r"\s+" + _mon() + t),
        _Leaf("day", _MORE_DAYS + r"\s+" + _mon() + t),
        _Leaf("day", r"\s+" + _mon() + t),
        _Leaf("day", "/" + _R + r"(?:" + _R_YEAR + r"|(?![0-9/]))"),
        _Leaf("day", r"\.\s?" + _R + _R_YEAR),
    ))


def _forms(lenient: bool) -> tuple[_Node | _Leaf, ...]:
    """The tree of all forms; in lenient mode month-name forms may lack their year."""
    t, t4 = _tail(lenient), _tail(lenient, four=True)
    y1 = r"(?:,?\s+" + _year("year1") + ")?"
    # The branches begin with different words (a weekday, month or number; "between"; "not", "prior" …; "the",
    # "end" …; "early" …; a year), so their order is free: the commonest first.
    return (
        _Node(_WEEKDAY, (_month_first(lenient), _day_first(lenient))),
        _Node(r"[Bb]etween\s+", (
            _Leaf("range", _mon() + r"\s+" + _day() + y1 + r"\s+and\s+(?:" + _mon("month2") + r"\s+)?"
                  + _day("day2") + t),
            _Leaf("range", _day() + r"(?:\s+" + _mon() + y1 + r")?\s+and\s+" + _day("day2") + r"\s+"
                  + _mon("month2") + t),
        )),
        _Node(_QUAL, (
            _Leaf("bound", _WEEKDAY + _mon() + r"\s+" + _day() + t),
            _Leaf("bound", _day() + r"\s+" + _mon() + t),
            _Leaf("bound", _mon() + r",?\s+" + _year(four=True)),
        )),
        _Node(r"(?:[Tt]he\s+)?", (
            _Leaf("part", r"(?P<part>[Bb]eginning|[Mm]iddle|[Ee]nd|[Ff]irst\s+half|[Ss]econd\s+half)\s+of\s+"
                  + _mon() + t4),
            _Leaf("year_part", r"(?P<part>[Bb]eginning|[Ee]nd|[Ff]irst\s+half|[Ss]econd\s+half)\s+of\s+"
                  + _LONE_YEAR),  # not "the middle of 1921": too vague
            _Leaf("year_part", r"(?P<part>[Ss]pring|[Ss]ummer|[Aa]utumn)(?:\s+of)?,?\s+" + _LONE_YEAR),
        )),
        _Leaf("part", r"(?P<part>[Ee]arly|[Mm]id|[Ll]ate)(?:-|\s+)" + _mon() + t4),
        _Leaf("year", _IN_YEAR),
    )


class _Forms:
    """The tree of forms as one regex. A group ``x`` of a prefix or form is named ``x__<k>`` (k numbers the
    prefixes and forms); each form ends with an empty group ``form<i>``, the last to close: ``lastgroup``."""

    def __init__(self, tree: tuple[_Node | _Leaf, ...]) -> None:
        self.kinds: list[str] = []
        self._chains: list[list[int]] = []  # per form: the k of its prefixes and its own
        self._count = 0
        self.regex = re.compile(r"(?<!\w)(?:" + "|".join(self._render(item, []) for item in tree) + ")")
        by_part: dict[int, dict[str, int]] = {}
        for name, number in self.regex.groupindex.items():
            base, _, part = name.rpartition("__")
            if base:
                by_part.setdefault(int(part), {})[base] = number
        #: For each form, its group names → their numbers in ``regex``.
        self.groups = [{n: g for k in chain for n, g in by_part.get(k, {}).items()} for chain in self._chains]

    def _render(self, item: _Node | _Leaf, chain: list[int]) -> str:
        k = self._count
        self._count += 1
        if isinstance(item, _Leaf):
            self._chains.append([*chain, k])
            self.kinds.append(item.kind)
            return _suffixed(item.pattern, k) + f"(?P<form{len(self.kinds) - 1}>)"
        body = "|".join(self._render(child, [*chain, k]) for child in item.children)
        return _suffixed(item.prefix, k) + f"(?:{body})"


def _suffixed(pattern: str, k: int) -> str:
    return re.sub(r"\(\?P<(\w+)>", rf"(?P<\1__{k}>", pattern)


_STRICT = _Forms(_forms(lenient=False))
_LENIENT = _Forms(_forms(lenient=True))


# ---- reading a match ----------------------------------------------------------------------------------------


class _Hit:
    """A match of one form: its groups by name, the year rules of the call."""

    def __init__(self, m: re.Match[str], forms: _Forms, century: int, year: int | None) -> None:
        self.m, self.index = m, int(m.lastgroup[4:])  # type: ignore[index]
        self.names, self.kind = forms.groups[self.index], forms.kinds[self.index]
        self.century, self.default_year = century, year

    def __getitem__(self, name: str) -> str | None:
        number = self.names.get(name)
        return self.m.group(number) if number else None

    def at(self, name: str) -> int:
        """Offset of a group from the start of the match."""
        return self.m.start(self.names[name]) - self.m.start()

    def month(self, name: str = "month") -> int:
        if (roman := self["rmonth"]) and name == "month":
            return _ROMAN[roman]
        return _MONTH_OF[self[name][:3].lower()]  # type: ignore[index]

    def year(self, name: str = "year") -> int:
        """The year of a group, else the document's year."""
        raw = self[name]
        if raw:
            return int(raw) if len(raw) == 4 else self.century * 100 + int(raw)
        if self.default_year is None:
            raise _Impossible("no year")
        return self.default_year


def _day_of(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise _Impossible("no such day") from None


def _month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _span(lo: date | None, hi: date | None, cert: str | None = None) -> DateValue:
    """A not_before/not_after value; a reversed range stands for nothing."""
    if lo and hi and lo > hi:
        raise _Impossible("reversed range")
    return DateValue(not_before=lo and lo.isoformat(), not_after=hi and hi.isoformat(), cert=cert)


_Values = tuple[tuple[DateValue, ...], tuple[int, ...]]


def _read_days(hit: _Hit) -> _Values:
    """One exact day ("December 12, 1922", "12/XII.1922"), or several ("January 2, 4 and 6, 1923")."""
    year, month = hit.year(), hit.month()
    first = DateValue(when=_day_of(year, month, int(hit["day"])).isoformat())  # type: ignore[arg-type]
    if (more := hit["more"]) is None:
        return (first,), ()
    numbers = list(re.finditer("[0-9]+", more))
    values = (first, *(DateValue(when=_day_of(year, month, int(n.group())).isoformat()) for n in numbers))
    return values, tuple(hit.at("more") + n.start() for n in numbers)


def _read_month(hit: _Hit) -> _Values:
    return (DateValue(when=f"{hit.year():04d}-{hit.month():02d}"),), ()


def _read_year(hit: _Hit) -> _Values:
    return (DateValue(when=f"{hit.year():04d}"),), ()


def _read_range(hit: _Hit) -> _Values:
    """"between October 22 and November 3, 1921", "December 23-26, 1922": the first and the last day."""
    first = hit.month() if hit["month"] else hit.month("month2")
    last = hit.month("month2") if hit["month2"] else first
    year = hit.year()
    start_year = hit.year("year1") if hit["year1"] else year - (first > last)  # "between December 30 and January 2"
    return (_span(_day_of(start_year, first, int(hit["day"])),  # type: ignore[arg-type]
                  _day_of(year, last, int(hit["day2"]))),), ()  # type: ignore[arg-type]


def _read_old_new(hit: _Hit) -> _Values:
    """"February 28 (March 13), 1917": the bracketed (Gregorian) date; "October 1 (14), 1917" its day only."""
    year, month, day = hit.year(), hit.month(), int(hit["day"])  # type: ignore[arg-type]
    old_year = hit.year("year1") if hit["year1"] else year
    if not 1 <= day <= (29 if month == 2 and old_year % 4 == 0 else calendar.mdays[month]):  # Julian leap years
        raise _Impossible("no such day")
    new_day = int(hit["day2"])  # type: ignore[arg-type]
    if hit["month2"]:
        new_month = hit.month("month2")
    else:  # the same month, or the next one ("August 30 (12)")
        new_month = month if new_day > day else month % 12 + 1
        year += new_month < month
    return (DateValue(when=_day_of(year, new_month, new_day).isoformat()),), ()


#: Bounds of a date expression: the new (not_before, not_after) from the (first, last) day it stands for.
_BOUNDS: dict[str, Callable[[date, date], tuple[date | None, date | None]]] = {
    "not later than": lambda lo, hi: (None, hi),
    "not after": lambda lo, hi: (None, hi),
    "not earlier than": lambda lo, hi: (lo, None),
    "not before": lambda lo, hi: (lo, None),
    "before": lambda lo, hi: (None, lo - timedelta(days=1)),
    "prior to": lambda lo, hi: (None, lo - timedelta(days=1)),
    "after": lambda lo, hi: (hi + timedelta(days=1), None),
}


def _bound(hit: _Hit, first: date, last: date) -> tuple[date | None, date | None]:
    return _BOUNDS[" ".join(hit["qual"].lower().split())](first, last)  # type: ignore[union-attr]


def _read_bound(hit: _Hit) -> _Values:
    """"not later than May 5, 1922" (not_after only), "prior to May 5, 1922" (not_after the day before)."""
    year, month = hit.year(), hit.month()
    first, last = (_month_span(year, month) if hit["day"] is None
                   else (_day_of(year, month, int(hit["day"])),) * 2)  # type: ignore[arg-type]
    return (_span(*_bound(hit, first, last)),), ()


def _read_month_bound(hit: _Hit) -> _Values:
    """"in August, prior to 27, 1920": the days of the month the bound leaves."""
    first, last = _month_span(hit.year(), hit.month())
    day = _day_of(first.year, first.month, int(hit["day"]))  # type: ignore[arg-type]
    lo, hi = _bound(hit, day, day)
    return (_span(lo or first, hi or last),), ()


#: Parts of a month: (first day, last day; 0: the month's last).
_MONTH_PARTS = {"early": (1, 10), "beginning": (1, 10), "mid": (11, 20), "middle": (11, 20), "late": (21, 0),
                "end": (21, 0), "first half": (1, 15), "second half": (16, 0)}
#: Parts of a year and seasons: (first month, last month).
_YEAR_PARTS = {"beginning": (1, 2), "end": (11, 12), "first half": (1, 6), "second half": (7, 12),
               "spring": (3, 5), "summer": (6, 8), "autumn": (9, 11)}


def _read_part(hit: _Hit) -> _Values:
    """"early March 1923", "the end of March 1923", "the first half of July 1921" (``cert="medium"``)."""
    year, month = hit.year(), hit.month()
    lo, hi = _MONTH_PARTS[" ".join(hit["part"].lower().split())]  # type: ignore[union-attr]
    last = _month_span(year, month)[1]
    return (_span(date(year, month, lo), last.replace(day=hi or last.day), "medium"),), ()


def _read_year_part(hit: _Hit) -> _Values:
    """"the end of 1921" (November–December), "the autumn of 1921" (September–November): ``cert="medium"``."""
    year = hit.year()
    first, last = _YEAR_PARTS[" ".join(hit["part"].lower().split())]  # type: ignore[union-attr]
    return (_span(date(year, first, 1), _month_span(year, last)[1], "medium"),), ()


_READERS: dict[str, Callable[[_Hit], _Values]] = {
    "day": _read_days, "month": _read_month, "year": _read_year, "range": _read_range, "old_new": _read_old_new,
    "bound": _read_bound, "month_bound": _read_month_bound, "part": _read_part, "year_part": _read_year_part,
}


def _date_match(hit: _Hit) -> DateMatch:
    (start, end), words = hit.m.span(), hit.m.group()
    try:
        values, splits = _READERS[hit.kind](hit)
    except ValueError as why:  # _Impossible, or a year out of range ("March 0000")
        return DateMatch(start, end, words, (), f"{why}: {words!r}")
    return DateMatch(start, end, words, values, None, splits)


# ---- finding ------------------------------------------------------------------------------------------------

#: A year is a trigger after the last letter of "in", "of", "autumn", "spring" or "summer" (a comma, white space),
#: or after more white space: the forms that read a year alone ("in 1921", "the end of 1921", "autumn, 1921").
_YEAR_LEAD = r"(?:(?<=[nfgr]\s.)|(?<=[nfgr],\s.)|(?<=\s\s.))"
#: Where a date may be: a month name (full or abbreviated), a year from 1500 to 2099 after such a word, the "/" or
#: "." between a day and a roman month ("12/XII", "4. IX. 1922"). Every alternative begins with a fixed character,
#: so the scan skips the rest fast (the tests of a year, "/" or "." come after it).
_TRIGGER = re.compile(_FULL + "|" + "|".join(f"{a}(?![a-z])" for a in ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul",
                                                                          "Aug", "Sept", "Sep", "Oct", "Nov", "Dec"))
                      + "|1" + _YEAR_LEAD + "[5-9][0-9][0-9]|2" + _YEAR_LEAD + "0[0-9][0-9]"
                      + r"|/(?=[IVX])|\.(?<=[0-9]\.)(?=\s?[IVX])")
#: Words a form may begin with before its trigger (and numbers: days), as they stand ("Wednesday,", "mid-"); a part
#: of a month or year may have "the" before it.
_PART_WORDS = frozenset(w for word in ("beginning", "middle", "end", "first", "second", "spring", "summer", "autumn")
                        for w in (word, word.capitalize()))
_LEAD_WORDS = frozenset(w + end for word in ("between", "not", "prior", "before", "after", "early", "mid", "late",
                                             "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                             "sunday", *_PART_WORDS)
                        for w in (word, word.capitalize()) for end in ("", ",", "-", "."))
#: What may stand glued before the first word of a date (as white space to ``str.translate``).
_OPENERS = str.maketrans(dict.fromkeys("([{\"'“‘«—–", " "))
_DIGIT_OR_OPENER = re.compile("[0-9([{\"'“‘«—–]")
_BEFORE = 32  # longest text a form has before its trigger ("not earlier than Wednesday, ")
_WINDOW = 72  # a match is tried on so much text (longer dates are matched again on the whole rest)
_LONGEST_DATE = 90  # a block longer than this is not a date alone (with its place)


def _starts(text: str, lo: int, at: int) -> list[int]:
    """Where a date reaching ``at`` may begin: the lead words and numbers of ``text[lo:at]``, then ``at``.

    A date begins a word (after white space or an opening bracket, quote or dash) or at its month.
    """
    segment = text[lo:at]
    if not segment or _LEAD_WORDS.isdisjoint(segment.split()) and not _DIGIT_OR_OPENER.search(segment):
        return [at]  # the common case: nothing before the trigger can begin a date
    segment = segment.translate(_OPENERS)
    words = segment.split()
    i = 0
    if words and lo > 0 and not text[lo - 1].translate(_OPENERS).isspace() and not segment[0].isspace():
        i = len(words.pop(0))  # the window cut this word: not its start
    starts = []
    the = -1  # where the last word began if it was "the"
    for word in words:
        i = segment.index(word, i)
        if word[:1].isdigit() or word.rstrip("-,.") in _LEAD_WORDS:
            if the >= 0 and word.rstrip(",") in _PART_WORDS:
                starts.append(lo + the)
            starts.append(lo + i)
        the = i if word in ("the", "The") else -1
        i += len(word)
    starts.append(at)
    return starts


def _match(regex: re.Pattern[str], text: str, at: int) -> re.Match[str] | None:
    """The form matching at ``at``, tried in a window; again on the whole rest if its end may have cut the date."""
    end = at + _WINDOW
    m = regex.match(text, at, end)
    if m is not None and m.end() >= end - 2 and end < len(text):
        m = regex.match(text, at)
    return m


def find_dates(text: str, century: int = 19, *, year: int | None = None, years: bool = False
               ) -> Iterator[DateMatch]:
    """Yield the date expressions of ``text`` left to right, without overlaps.

    ``century`` completes two-digit years ("March 5, 23" → 1923): pass the century of the document. ``year``,
    the document's year, completes year-less dates ("9/VIII", "March 5"); without it a year-less roman date is
    found with ``problem`` "no year", a year-less month-name date is not found. ``years``: a year alone after
    "in" or "of" is a date too ("Written in 1921": header lines; in running text it is left as words).
    """
    forms = _STRICT if year is None else _LENIENT
    pos = 0
    for trigger in _TRIGGER.finditer(text):  # every date has one at most ``_BEFORE`` after its start
        at = trigger.start()
        if at < pos:
            continue
        for start in _starts(text, max(pos, at - _BEFORE), at):
            if start >= pos and (m := _match(forms.regex, text, start)):
                hit = _Hit(m, forms, century, year)
                if years or hit.kind != "year":
                    yield _date_match(hit)
                pos = m.end()


_PLACE = re.compile(r"(?P<place>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}),\s+")


def parse_whole(text: str, century: int = 19, *, year: int | None = None) -> DateMatch | None:
    """The date if ``text`` (stripped of a final full stop) is nothing but one date expression, or a place and
    one ("Moscow, 4. IX. 1922": ``place`` "Moscow", the match covers the date). Offsets are in ``text``."""
    if len(text) > _LONGEST_DATE:
        return None
    lead = len(text) - len(text.lstrip())
    core = text.strip().rstrip(".")
    if not (core[-1:].isdigit() or core[-1:] in ("I", "V", "X") or (year is not None and core[-1:].isalpha())):
        return None  # every form ends with its year, a roman month, or (year-less) a month or day
    match = _whole(core, 0, century, year)
    place = None
    if match is None and (pm := _PLACE.match(core)):
        match, place = _whole(core, pm.end(), century, year), pm.group("place")
    if match is None:
        return None
    return match._replace(start=match.start + lead, end=match.end + lead, place=place)


def _whole(core: str, start: int, century: int, year: int | None) -> DateMatch | None:
    """The date expression that is all of ``core[start:]``, if any (offsets in ``core``)."""
    for match in find_dates(core[start:], century, year=year):
        if match.start == 0 and match.end == len(core) - start:
            return match._replace(start=start, end=len(core))
        return None
    return None
