"""The date recogniser: every date shape of the MIA texts (made-up examples), in running text and alone, the
year-less forms, the impossible dates, what must not be read as a date, and round trips of random dates."""

from __future__ import annotations

import calendar
import random
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from tei_lenin.model import DateValue
from tei_lenin.text import dates
from tei_lenin.text.dates import DateMatch, find_dates, parse_whole

SOURCE = Path(__file__).resolve().parents[1] / "corpus" / "source" / "last-struggle-1922-1923.txt"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
ABBREVIATED = {5: "May", 9: "Sept"}  # else the first three letters and a full stop


def when(iso: str) -> DateValue:
    return DateValue(when=iso)


def span(lo: str | None, hi: str | None, cert: str | None = None) -> DateValue:
    return DateValue(not_before=lo, not_after=hi, cert=cert)


def found(text: str, century: int = 19, year: int | None = None) -> list[tuple[int, int, str, tuple[DateValue, ...]]]:
    return [(m.start, m.end, m.text, m.values) for m in find_dates(text, century, year=year, years=True)]


def expect(text: str, words: str, *values: DateValue) -> list[tuple[int, int, str, tuple[DateValue, ...]]]:
    """The one match ``words`` of ``text`` with ``values``."""
    start = text.index(words)
    return [(start, start + len(words), words, values)]


# ---- one date expression ------------------------------------------------------------------------------------

EXACT = [
    # the forms read before (they keep their results)
    ("December 12, 1922", "December 12, 1922", "1922-12-12"),
    ("15 December, 1922", "15 December, 1922", "1922-12-15"),
    ("12 December 1922", "12 December 1922", "1922-12-12"),
    ("March 5, 23", "March 5, 23", "1923-03-05"),
    ("Sunday 19 June 2011", "Sunday 19 June 2011", "2011-06-19"),
    ("Wednesday, 19 June 2011", "Wednesday, 19 June 2011", "2011-06-19"),
    ("February, 1922", "February, 1922", "1922-02"),
    ("March 1922", "March 1922", "1922-03"),
    # abbreviated months, with or without the full stop
    ("Dec. 12, 1922", "Dec. 12, 1922", "1922-12-12"),
    ("Dec 12, 1922", "Dec 12, 1922", "1922-12-12"),
    ("Sept. 3, 1921", "Sept. 3, 1921", "1921-09-03"),
    ("Sep. 3, 1921", "Sep. 3, 1921", "1921-09-03"),
    ("3 Sept. 1921", "3 Sept. 1921", "1921-09-03"),
    ("Jan. 4, 1923", "Jan. 4, 1923", "1923-01-04"),
    # roman-numeral months
    ("12/XII.1922", "12/XII.1922", "1922-12-12"),
    ("22/XII.1921", "22/XII.1921", "1921-12-22"),
    ("22.XII.21", "22.XII.21", "1921-12-22"),
    ("4. IX. 1922", "4. IX. 1922", "1922-09-04"),
    ("4.IX.1922", "4.IX.1922", "1922-09-04"),
    ("22/XII 1921", "22/XII 1921", "1921-12-22"),
    ("1/I.1923", "1/I.1923", "1923-01-01"),
    ("30/IV.1921", "30/IV.1921", "1921-04-30"),
    # Old Style (New Style): the bracketed, Gregorian date
    ("February 28 (March 13), 1917", "February 28 (March 13), 1917", "1917-03-13"),
    ("October 25 (November 7), 1917", "October 25 (November 7), 1917", "1917-11-07"),
    ("25 October (7 November) 1917", "25 October (7 November) 1917", "1917-11-07"),
    ("October 1 (14), 1917", "October 1 (14), 1917", "1917-10-14"),
    ("August 30 (September 12), 1917", "August 30 (September 12), 1917", "1917-09-12"),
    ("December 19, 1916 (January 1, 1917)", "December 19, 1916 (January 1, 1917)", "1917-01-01"),
    # a month, a year (the year alone only after "in" or "of")
    ("August 1920", "August 1920", "1920-08"),
    ("August, 1920", "August, 1920", "1920-08"),
    ("in 1921", "1921", "1921"),
    ("the congress of 1921", "1921", "1921"),
    ("In 1917 the party", "1917", "1917"),
]


@pytest.mark.parametrize(("text", "words", "iso"), EXACT)
def test_exact_forms(text: str, words: str, iso: str) -> None:
    assert found(text) == expect(text, words, when(iso))


def test_a_year_alone_is_a_date_only_where_asked() -> None:
    """"in 1921" in a header line is a date; in running text it stays words (``years`` off by default)."""
    assert [m.text for m in find_dates("Written in 1921", years=True)] == ["1921"]
    assert list(find_dates("the purge of 1921 and in 1922")) == []
    assert [m.text for m in find_dates("the end of 1921, in 1922")] == ["the end of 1921"]


SEVERAL = [
    ("January 4 & 6, 1923", ["1923-01-04", "1923-01-06"], ["6, 1923"]),
    ("January 2 and 4, 1923", ["1923-01-02", "1923-01-04"], ["4, 1923"]),
    ("January 2, 4 and 6, 1923", ["1923-01-02", "1923-01-04", "1923-01-06"], ["4 and 6, 1923", "6, 1923"]),
    ("January 2, 4, 6 & 8, 1923", ["1923-01-02", "1923-01-04", "1923-01-06", "1923-01-08"],
     ["4, 6 & 8, 1923", "6 & 8, 1923", "8, 1923"]),
    ("4 & 6 January 1923", ["1923-01-04", "1923-01-06"], ["6 January 1923"]),
]


@pytest.mark.parametrize(("text", "isos", "rests"), SEVERAL)
def test_several_days_split_before_each_day(text: str, isos: list[str], rests: list[str]) -> None:
    [match] = find_dates(text)
    assert (match.start, match.end, match.text) == (0, len(text), text)
    assert match.values == tuple(when(iso) for iso in isos)
    assert [text[split:] for split in match.splits] == rests


def test_two_pieces_cut_as_the_inline_parser_cuts_them() -> None:
    """The inline parser ends the first piece at "&"/"and" and starts the second at ``splits[0]``."""
    for text in ("January 4 & 6, 1923", "January 2 and 4, 1923", "4 and 6 January 1923"):
        [match] = find_dates(f"Written {text}.")
        first = re.split(r"\s*(?:&|and)\s*", match.text)[0]
        assert match.text[len(first):match.splits[0]].strip() in ("&", "and")
        assert len(match.splits) == len(match.values) - 1 == 1


RANGES = [
    ("between October 22 and 31, 1921", "between October 22 and 31, 1921", span("1921-10-22", "1921-10-31")),
    ("between October 22 and November 3, 1921", "between October 22 and November 3, 1921",
     span("1921-10-22", "1921-11-03")),
    ("between October 30, 1921 and January 2, 1922", "between October 30, 1921 and January 2, 1922",
     span("1921-10-30", "1922-01-02")),
    ("between December 30 and January 2, 1922", "between December 30 and January 2, 1922",
     span("1921-12-30", "1922-01-02")),
    ("between 22 and 31 October 1921", "between 22 and 31 October 1921", span("1921-10-22", "1921-10-31")),
    ("Between 30 October 1921 and 2 January 1922", "Between 30 October 1921 and 2 January 1922",
     span("1921-10-30", "1922-01-02")),
    ("December 23-26, 1922", "December 23-26, 1922", span("1922-12-23", "1922-12-26")),
    ("December 23–26, 1922", "December 23–26, 1922", span("1922-12-23", "1922-12-26")),
    ("23-26 December 1922", "23-26 December 1922", span("1922-12-23", "1922-12-26")),
    ("not later than May 5, 1922", "not later than May 5, 1922", span(None, "1922-05-05")),
    ("Not later than May 5, 1922", "Not later than May 5, 1922", span(None, "1922-05-05")),
    ("not earlier than May 5, 1922", "not earlier than May 5, 1922", span("1922-05-05", None)),
    ("not before May 5, 1922", "not before May 5, 1922", span("1922-05-05", None)),
    ("not after May 5, 1922", "not after May 5, 1922", span(None, "1922-05-05")),
    ("before May 5, 1922", "before May 5, 1922", span(None, "1922-05-04")),
    ("prior to May 5, 1922", "prior to May 5, 1922", span(None, "1922-05-04")),
    ("prior to March 1, 1920", "prior to March 1, 1920", span(None, "1920-02-29")),
    ("after May 5, 1922", "after May 5, 1922", span("1922-05-06", None)),
    ("after December 31, 1922", "after December 31, 1922", span("1923-01-01", None)),
    ("not later than 5 May 1922", "not later than 5 May 1922", span(None, "1922-05-05")),
    ("before May 1922", "before May 1922", span(None, "1922-04-30")),
    ("not later than May 1922", "not later than May 1922", span(None, "1922-05-31")),
    ("in August, prior to 27, 1920", "August, prior to 27, 1920", span("1920-08-01", "1920-08-26")),
    ("in August, not later than 27, 1920", "August, not later than 27, 1920", span("1920-08-01", "1920-08-27")),
    ("in August, not earlier than 10, 1920", "August, not earlier than 10, 1920", span("1920-08-10", "1920-08-31")),
]


@pytest.mark.parametrize(("text", "words", "value"), RANGES)
def test_ranges_and_bounds_have_no_cert(text: str, words: str, value: DateValue) -> None:
    assert found(text) == expect(text, words, value)


APPROXIMATIONS = [
    ("early March 1923", "1923-03-01", "1923-03-10"),
    ("mid-March 1923", "1923-03-11", "1923-03-20"),
    ("mid March 1923", "1923-03-11", "1923-03-20"),
    ("late March 1923", "1923-03-21", "1923-03-31"),
    ("late December, 1922", "1922-12-21", "1922-12-31"),
    ("late February 1924", "1924-02-21", "1924-02-29"),
    ("the beginning of March 1923", "1923-03-01", "1923-03-10"),
    ("beginning of March 1923", "1923-03-01", "1923-03-10"),
    ("the middle of March 1923", "1923-03-11", "1923-03-20"),
    ("the end of March 1923", "1923-03-21", "1923-03-31"),
    ("The end of February, 1923", "1923-02-21", "1923-02-28"),
    ("the first half of July 1921", "1921-07-01", "1921-07-15"),
    ("the second half of July 1921", "1921-07-16", "1921-07-31"),
    ("the end of 1921", "1921-11-01", "1921-12-31"),
    ("the beginning of 1920", "1920-01-01", "1920-02-29"),
    ("the beginning of 1921", "1921-01-01", "1921-02-28"),
    ("the first half of 1921", "1921-01-01", "1921-06-30"),
    ("the second half of 1921", "1921-07-01", "1921-12-31"),
    ("the autumn of 1921", "1921-09-01", "1921-11-30"),
    ("the spring of 1922", "1922-03-01", "1922-05-31"),
    ("spring 1922", "1922-03-01", "1922-05-31"),
    ("summer of 1920", "1920-06-01", "1920-08-31"),
    ("Autumn, 1921", "1921-09-01", "1921-11-30"),
]


@pytest.mark.parametrize(("text", "lo", "hi"), APPROXIMATIONS)
def test_approximations_are_medium_certainty(text: str, lo: str, hi: str) -> None:
    assert found(text) == expect(text, text, span(lo, hi, "medium"))


PROBLEMS = [
    ("February 30, 1923", "February 30, 1923", "no such day: 'February 30, 1923'"),
    ("February 29, 1923", "February 29, 1923", "no such day: 'February 29, 1923'"),
    ("31/IV.1921", "31/IV.1921", "no such day: '31/IV.1921'"),
    ("January 30 & 32, 1923", "January 30 & 32, 1923", "no such day: 'January 30 & 32, 1923'"),
    ("between October 22 and 3, 1921", "between October 22 and 3, 1921",
     "reversed range: 'between October 22 and 3, 1921'"),
    ("February 30 (March 15), 1917", "February 30 (March 15), 1917", "no such day: 'February 30 (March 15), 1917'"),
    ("9/VIII", "9/VIII", "no year: '9/VIII'"),
    ("the note of 20/XI.", "20/XI", "no year: '20/XI'"),
]


@pytest.mark.parametrize(("text", "words", "problem"), PROBLEMS)
def test_impossible_dates_have_a_problem_and_no_value(text: str, words: str, problem: str) -> None:
    [match] = find_dates(text)
    start = text.index(words)
    assert (match.start, match.end, match.text, match.values, match.problem) == (
        start, start + len(words), words, (), problem)


def test_julian_leap_day_is_a_day() -> None:
    """1900 is a leap year of the Julian calendar (not of the Gregorian): February 29 (March 13), 1900."""
    assert found("February 29 (March 13), 1900")[0][3] == (when("1900-03-13"),)


NOT_DATES = [
    "Vol. XXXVI", "part III", "Section IV.", "Chapter II", "Lenin Miscellany XXXVI", "§ 8", "9/10 of the",
    "1/2", "p. 45", "pages 479b-480a", "2,215 delegates", "1,000", "in 1,200 cases", "By 1922 there were",
    "until 1956 when", "from 1917 to 1921", "As early as 1920", "on March 10 there was", "the winter of 1921",
    "in 1921-22", "8. IV. The question", "XIII/1922", "13/XIII.1922", "1/IIX.1922", "Marx 12, 1922", "Decree 5, 1922",
    "the Mayor 5, 1922", "May I say", "March 1,000 men", "withdrawn 1921", "forces of 1200", "p. 12/XIIa",
    "and 12.XII.", "pp. 3-5", "20/11", "December", "12 December", "at the end of the day",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_dates(text: str) -> None:
    assert found(text) == []


# ---- in running text ----------------------------------------------------------------------------------------


def test_a_date_in_the_middle_of_a_sentence() -> None:
    text = "Lenin wrote to Trotsky on December 12, 1922 about the monopoly."
    assert found(text) == expect(text, "December 12, 1922", when("1922-12-12"))


def test_dates_in_one_sentence() -> None:
    text = "The letter of 12/XII.1922 answers the one of December 3, 1922; see also the end of 1921."
    assert found(text) == [
        *expect(text, "12/XII.1922", when("1922-12-12")),
        *expect(text, "December 3, 1922", when("1922-12-03")),
        *expect(text, "the end of 1921", span("1921-11-01", "1921-12-31", "medium")),
    ]


def test_the_longest_form_at_a_position_wins() -> None:
    text = "written between October 22 and 31, 1921, not later than May 5, 1922 and in early March 1923"
    assert [m.text for m in find_dates(text)] == [
        "between October 22 and 31, 1921", "not later than May 5, 1922", "early March 1923"]


def test_glued_signature_after_a_roman_date() -> None:
    """The full stop after "20/XI" closes the line, it is not part of the date; the signature follows."""
    assert found("20/XI. Lenin", year=1922) == [(0, 5, "20/XI", (when("1922-11-20"),))]
    assert found("12/XII.1922. Lenin") == [(0, 11, "12/XII.1922", (when("1922-12-12"),))]


def test_matches_are_ordered_and_do_not_overlap() -> None:
    text = " ".join(text for text, *_ in EXACT + RANGES + APPROXIMATIONS)
    matches = list(find_dates(text, years=True))
    assert len(matches) >= len(EXACT + RANGES + APPROXIMATIONS)
    assert all(a.end <= b.start for a, b in zip(matches, matches[1:], strict=False))
    assert all(text[m.start:m.end] == m.text for m in matches)


# ---- year-less dates and the document's year ----------------------------------------------------------------

YEARLESS = [
    ("9/VIII", "9/VIII", when("1921-08-09")),
    ("20/XI", "20/XI", when("1921-11-20")),
    ("on March 5 there was", "March 5", when("1921-03-05")),
    ("5 March", "5 March", when("1921-03-05")),
    ("January 4 & 6", "January 4 & 6", when("1921-01-04"), when("1921-01-06")),
    ("February 28 (March 13)", "February 28 (March 13)", when("1921-03-13")),
    ("between October 22 and 31", "between October 22 and 31", span("1921-10-22", "1921-10-31")),
    ("not later than May 5", "not later than May 5", span(None, "1921-05-05")),
    ("the beginning of March", "the beginning of March", span("1921-03-01", "1921-03-10", "medium")),
    ("early March", "early March", span("1921-03-01", "1921-03-10", "medium")),
    ("in August, prior to 27", "August, prior to 27", span("1921-08-01", "1921-08-26")),
    ("December 12, 1922", "December 12, 1922", when("1922-12-12")),  # a stated year wins
]


@pytest.mark.parametrize(("text", "words", "values"), [(t, w, v) for t, w, *v in YEARLESS])
def test_the_document_year_completes_yearless_dates(text: str, words: str, values: list[DateValue]) -> None:
    assert found(text, year=1921) == expect(text, words, *values)


@pytest.mark.parametrize("text", ["on March 5 there was", "5 March", "January 4 & 6", "the beginning of March",
                                  "between October 22 and 31", "early March"])
def test_without_the_year_a_yearless_month_name_form_is_not_a_date(text: str) -> None:
    assert found(text) == []


def test_without_the_year_a_yearless_roman_date_is_found_with_a_problem() -> None:
    [match] = find_dates("Lenin, 9/VIII")
    assert (match.text, match.values, match.problem) == ("9/VIII", (), "no year: '9/VIII'")


@pytest.mark.parametrize(("text", "century", "iso"), [
    ("March 5, 23", 19, "1923-03-05"), ("March 5, 23", 18, "1823-03-05"), ("22.XII.21", 19, "1921-12-22"),
    ("22.XII.21", 20, "2021-12-22"), ("March 5, 1923", 18, "1923-03-05"),
])
def test_two_digit_years_take_the_century(text: str, century: int, iso: str) -> None:
    assert found(text, century) == expect(text, text, when(iso))


# ---- a block that is only a date ----------------------------------------------------------------------------

WHOLE = [
    ("December 12, 1922", None, "December 12, 1922"),
    ("December 12, 1922.", None, "December 12, 1922"),
    ("  January 4 & 6, 1923. ", None, "January 4 & 6, 1923"),
    ("Sunday, 19 June 2011", None, "Sunday, 19 June 2011"),
    ("4. IX. 1922", None, "4. IX. 1922"),
    ("Moscow, 4. IX. 1922", "Moscow", "4. IX. 1922"),
    ("Gorki, December 12, 1922", "Gorki", "December 12, 1922"),
    ("Gorki, December 12, 1922.", "Gorki", "December 12, 1922"),
    ("Nizhni Novgorod, 22/XII 1921", "Nizhni Novgorod", "22/XII 1921"),
    ("St. Petersburg, October 25 (November 7), 1917", "St. Petersburg", "October 25 (November 7), 1917"),
]


@pytest.mark.parametrize(("text", "place", "words"), WHOLE)
def test_parse_whole(text: str, place: str | None, words: str) -> None:
    match = parse_whole(text)
    assert match is not None
    assert (match.place, match.text, text[match.start:match.end]) == (place, words, words)


@pytest.mark.parametrize("text", [
    "December 12, 1922, in the evening", "Written in Moscow, December 12, 1922", "Moscow December 12, 1922",
    "One Two Three Four, December 12, 1922", "moscow, December 12, 1922", "Comrade Trotsky:", "March 5", "",
    "Lenin", "December 12, 1922 and " + "x" * 80,
])
def test_parse_whole_refuses(text: str) -> None:
    assert parse_whole(text) is None


def test_parse_whole_of_a_yearless_roman_date() -> None:
    for text in ("20/XI", "20/XI."):
        match = parse_whole(text)
        assert match is not None and match.problem == "no year: '20/XI'" and match.text == "20/XI"
        dated = parse_whole(text, year=1922)
        assert dated is not None and dated.values == (when("1922-11-20"),) and dated.problem is None
    assert parse_whole("Moscow, 20/XI", year=1922) == DateMatch(8, 13, "20/XI", (when("1922-11-20"),),
                                                                place="Moscow")
    assert parse_whole("March 5", year=1923) == DateMatch(0, 7, "March 5", (when("1923-03-05"),))


def test_date_match_keeps_its_positional_fields() -> None:
    match = DateMatch(0, 4, "1921", (when("1921"),))
    assert (match.problem, match.splits, match.place) == (None, (), None)


# ---- round trips --------------------------------------------------------------------------------------------


def _exact_renderings(day: date) -> list[tuple[str, int]]:
    """``day`` in every exact form, each with the century that reads it."""
    d, m, y = day.day, day.month, day.year
    name, r, yy = calendar.month_name[m], ROMAN[m - 1], f"{y % 100:02d}"
    abbr = ABBREVIATED.get(m, name[:3])
    dot = "" if m == 5 else "."
    weekday = calendar.day_name[day.weekday()]
    forms = [f"{name} {d}, {y}", f"{d} {name}, {y}", f"{d} {name} {y}", f"{abbr}{dot} {d}, {y}", f"{abbr} {d}, {y}",
             f"{d} {abbr}{dot} {y}", f"{weekday} {d} {name} {y}", f"{weekday}, {name} {d}, {y}", f"{name} {d}, {yy}",
             f"{d}/{r}.{y}", f"{d}/{r} {y}", f"{d}/{r}. {y}", f"{d}.{r}.{yy}", f"{d}. {r}. {y}", f"{d}.{r}.{y}"]
    return [(form, y // 100) for form in forms]


def _old_style(new: date, rnd: random.Random) -> str:
    """``new`` as the Collected Works give it: the Julian date, the Gregorian one in brackets."""
    old = new - timedelta(days=12 if new < date(1900, 3, 13) else 13)
    old_month, new_month = calendar.month_name[old.month], calendar.month_name[new.month]
    if old.year != new.year:
        return f"{old_month} {old.day}, {old.year} ({new_month} {new.day}, {new.year})"
    if old.month == new.month:
        return f"{old_month} {old.day} ({new.day}), {new.year}"
    return rnd.choice([f"{old_month} {old.day} ({new_month} {new.day}), {new.year}",
                          f"{old.day} {old_month} ({new.day} {new_month}) {new.year}"])


def _random_day(rnd: random.Random) -> date:
    return date(1870, 1, 1) + timedelta(days=rnd.randrange((date(1930, 12, 31) - date(1870, 1, 1)).days + 1))


def test_round_trip_of_every_exact_form() -> None:
    rnd = random.Random(1917)
    for _ in range(400):
        day = _random_day(rnd)
        for text, century in [*_exact_renderings(day), (_old_style(day, rnd), 19)]:
            assert found(text, century) == [(0, len(text), text, (when(day.isoformat()),))], text
            sentence = f"Written on {text} in Moscow."
            assert found(sentence, century) == expect(sentence, text, when(day.isoformat())), sentence


def test_round_trip_of_months_ranges_and_several_days() -> None:
    rnd = random.Random(1922)
    for _ in range(400):
        lo = _random_day(rnd)
        name, y = calendar.month_name[lo.month], lo.year
        assert found(f"{name}, {y}") == [(0, len(f"{name}, {y}"), f"{name}, {y}", (when(f"{y}-{lo.month:02d}"),))]
        last = calendar.monthrange(y, lo.month)[1]
        hi = lo.replace(day=rnd.randint(lo.day, last))
        for text in (f"{name} {lo.day}-{hi.day}, {y}", f"between {name} {lo.day} and {hi.day}, {y}"):
            assert found(text) == [(0, len(text), text, (span(lo.isoformat(), hi.isoformat()),))], text
        far = lo + timedelta(days=rnd.randint(1, 400))
        text = f"between {name} {lo.day}, {y} and {calendar.month_name[far.month]} {far.day}, {far.year}"
        assert found(text) == [(0, len(text), text, (span(lo.isoformat(), far.isoformat()),))], text
        days = sorted(rnd.sample(range(1, last + 1), rnd.randint(2, 4)))
        listed = ", ".join(str(d) for d in days[:-1]) + rnd.choice([" and ", " & "]) + str(days[-1])
        text = f"{name} {listed}, {y}"
        [match] = find_dates(text)
        assert match.values == tuple(when(lo.replace(day=d).isoformat()) for d in days), text
        assert [re.match("[0-9]+", text[s:]).group() for s in match.splits] == [str(d) for d in days[1:]]  # type: ignore[union-attr]


def test_round_trip_of_yearless_roman_dates() -> None:
    rnd = random.Random(1923)
    for _ in range(200):
        day = _random_day(rnd)
        text = f"{day.day}/{ROMAN[day.month - 1]}"
        assert found(text, year=day.year) == [(0, len(text), text, (when(day.isoformat()),))]


# ---- the pre-filter finds what a scan of every position finds -----------------------------------------------


def _every_position(text: str, year: int | None) -> list[tuple[int, int]]:
    """The matches of the whole regex tried at every start of a word (after white space, or an opening bracket,
    quote or dash) and every month name: what ``find_dates`` finds faster."""
    regex = (dates._STRICT if year is None else dates._LENIENT).regex
    out, pos = [], 0
    while pos < len(text):
        starts = pos == 0 or text[pos - 1] in " \t\n([{\"'“‘«—–"
        m = regex.match(text, pos) if starts or dates._TRIGGER.match(text, pos) else None
        if m:
            out.append(m.span())
            pos = m.end()
        else:
            pos += 1
    return out


WORDS = ["January", "March", "May", "September", "Sept.", "Dec.", "Dec", "1", "4", "12", "22", "31", "1921", "1922",
         "23", "&", "and", ",", ".", "(", ")", "-", "12/XII.1922", "22.XII.21", "4. IX. 1922", "9/VIII", "20/XI.",
         "between", "Between", "not", "Not", "later", "earlier", "than", "prior", "to", "before", "after", "the",
         "The", "end", "of", "beginning", "first", "second", "middle", "half", "early", "mid-", "late", "autumn",
         "spring,", "in", "In", "Sunday", "Wednesday,", "x", "Vol.", "XII", "(March 13),", "(14),", "1,000", "2011"]


@pytest.mark.parametrize("year", [None, 1921])
def test_the_prefilter_changes_nothing(year: int | None) -> None:
    rnd = random.Random(5)
    for _ in range(4000):
        text = "".join(rnd.choice([" ", " ", " ", " (", " —", "\n", ""]) + rnd.choice(WORDS)
                       for _ in range(rnd.randint(1, 12)))
        assert [(m.start, m.end) for m in find_dates(text, year=year, years=True)] == _every_position(text, year), text


def test_the_prefilter_changes_nothing_on_the_bundled_text() -> None:
    text = SOURCE.read_text(encoding="utf-8")
    for year in (None, 1922):
        assert [(m.start, m.end) for m in find_dates(text, year=year, years=True)] == _every_position(text, year)
