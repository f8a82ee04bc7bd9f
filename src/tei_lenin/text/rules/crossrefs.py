"""Notes that speak of other documents: "see next document", and a letter named by its date and addressee.

A note may say what it knows about another letter of the compilation: "after Lenin had, on December 21, 1922,
dictated a letter to Trotsky … (see this volume, Document 811), Stalin … threatened Krupskaya … for having taken
down the said letter". :func:`letter_claims` reads such a sentence as a claim: the letter's date and addressee
(which find it in the compilation), the edition's number for it, whether it was dictated, and who took it down.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tei_lenin.text.dates import find_dates
from tei_lenin.text.rules.transmission import sentences

#: "see next document", "the preceding document": a document of the compilation by its position.
RELATIVE = re.compile(r"\b(?P<rel>next|following|previous|preceding) document\b")
#: "dictated a letter to Trotsky", "the letter to Stalin": a letter named by its addressee.
LETTER_TO = re.compile(r"(?P<dictated>\bdictated\s+)?\b(?:[Aa]|[Tt]he|[Hh]is|[Hh]er)\s+letter\s+to\s+"
                       r"(?P<who>(?:(?:[A-Z]\.\s*)+)?[A-Z][\w’'-]+)")
#: Words before a date that make it the date of a letter: "Trotsky’s letter of", "my letter of", "the note dated".
#: ``whose`` is the writer where named; "his"/"her" are not resolved (whose is ambiguous).
LETTER_OF = re.compile(r"(?:(?P<whose>(?:[A-Z][\w.’'-]*\s)*[A-Z][\w’'-]*)[’']s|\b(?P<det>[Tt]he|[Mm]y|[Hh]is|[Hh]er))"
                       r"\s+(?:letter|note|telegram)\s+(?:of|dated)\s+$")
#: The edition's number of a document: "Document 811".
DOCUMENT_NUMBER = re.compile(r"\bDocument (?P<n>\d{1,5})\b")
#: The act of taking down a dictation: "for having taken down the said letter", "taken down by Fotieva".
TAKEN_DOWN = re.compile(r"\b(?:taken|took|take|taking)\s+down\b(?:[^.,;]*?\bby\s+(?P<by>(?:[A-Z][\w.’'-]*\s?){1,4}))?")
#: How far from the letter phrase its date may stand (characters).
NEAR = 60


@dataclass(frozen=True)
class LetterClaim:
    """What one sentence of a note says about a letter it names by date and addressee."""

    when: str  # ISO date
    addressee: str  # the name as written
    number: str | None  # the edition's document number, where the sentence gives it
    dictated: bool
    #: Where the sentence says the letter was taken down (-1: it does not), and by whom when it says "by X";
    #: without "by", the taker is the person named nearest before those words, after the letter phrase.
    down_at: int
    down_by: str | None
    letter_end: int
    sentence: str


def relative(rel: str) -> int:
    """+1 for the next document, -1 for the previous one."""
    return 1 if rel in {"next", "following"} else -1


def letter_claims(text: str, century: int = 19) -> list[LetterClaim]:
    """The claims about letters named by a full date and an addressee in ``text`` (a note)."""
    claims: list[LetterClaim] = []
    for sentence in sentences(text):
        if "letter to" not in sentence:
            continue
        for m in LETTER_TO.finditer(sentence):
            when = _nearest_date(sentence, m.start(), m.end(), century)
            if when is None:
                continue
            number = next((d.group("n") for d in DOCUMENT_NUMBER.finditer(sentence, m.end())
                           if d.start() - m.end() <= 2 * NEAR), None)
            down = TAKEN_DOWN.search(sentence, m.end())
            claims.append(LetterClaim(when, m.group("who"), number, bool(m.group("dictated")),
                                      down.start() if down else -1,
                                      (down.group("by") or "").strip(" .") or None if down else None, m.end(),
                                      sentence))
    return claims


def _nearest_date(sentence: str, start: int, end: int, century: int) -> str | None:
    """The full date (day, month, year) nearest the letter phrase, within :data:`NEAR` characters."""
    best: tuple[int, str] | None = None
    for found in find_dates(sentence, century):
        value = found.values[0] if found.values else None
        if value is None or not value.when or len(value.when) != 10:
            continue
        distance = start - found.end if found.end <= start else found.start - end
        if 0 <= distance <= NEAR and (best is None or distance < best[0]):
            best = (distance, value.when)
    return best[1] if best else None
