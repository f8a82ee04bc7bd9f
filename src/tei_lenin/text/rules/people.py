"""Names in an addressee phrase: persons, organisations (collective addressees) and offices.

"N. P. BRYUKHANOV, P. I. POPOV AND M. F. VLADIMIRSKY" → three persons; "the Politbureau" → an organisation;
"Comrade Smith and all members of the Politbureau" → a person and an organisation; "Jones, People’s
Commissariat of Finance" → the person Jones (the commissariat is where he works, not a second addressee);
"the Secretary of the C.C." → an office, named as such (never its holder).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from tei_lenin.text.rules.blocks import MARKER_TEXT


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Words that make a phrase a body of people (an organisation or an office), not a person.
ORG_WORDS = _words("""
administration army assembly association board bureau cheka club collegium commissariat commission committee
commissars congress conference council department directorate editorial editors executive federation front
government group inspection institute meeting members office organisation organization party plenum politbureau
politburo orgbureau orgburo presidium regiment secretariat section society soviet soviets staff trust union bank
workers peasants comrades delegates delegation people population republic centre center division headquarters
school university academy newspaper publishers publishing directorate branch council trade unions league
fraction secretary chairman commissar manager head deputy
""")
#: Words that are offices: a phrase led by one names the office, not an organisation.
OFFICE_WORDS = _words("secretary chairman commissar manager head deputy president director editor")
SMALL_WORDS = _words("of the and for to in on at by from with a an")
_LEAD = re.compile(r"^(?:(?:to|dear|my|all|and)\s+|(?:the|comrades?|members\s+of(?:\s+the)?|all\s+members\s+of"
                   r"(?:\s+the)?)\s+)+", re.IGNORECASE)
_MARKER = re.compile(rf"\s*{MARKER_TEXT}")
_SPLIT = re.compile(r"\s*,\s*|\s+(?:and|&)\s+|\s*;\s*", re.IGNORECASE)
#: Words that stand for people without naming them ("Comrades Smith, Jones and others").
NOBODY = frozenset({"others", "other comrades", "all", "all comrades", "etc", "etc."})
#: An abbreviation alone ("R.C.P.(B.)", "C.C.", "RSFSR"): after a comma, it says whose body went before.
_ABBREVIATION = re.compile(r"^[A-Z.()]+$")
_INITIAL = re.compile(r"^(?:[A-Z\u0410-\u042f][a-z]?\.)+-?$")
_WORD = re.compile(r"^[A-Z\u0410-\u042f][\w’'\-.()]*$")


class Name(NamedTuple):
    """A name found in an addressee phrase: its words as normalised, its kind, its authority key (or None)."""

    text: str
    kind: str  # person | org
    key: str | None


Lookup = Callable[[str], "tuple[str, str] | None"]  # phrase → (key, kind) of an authority record


def soften(text: str) -> str:
    """A name written in capitals, in the case a catalogue uses ("A. M. ANIKST" → "A. M. Anikst")."""
    letters = [c for c in text if c.isalpha()]
    if not letters or not all(c.isupper() for c in letters) or len(letters) < 3:
        return text
    words = []
    for index, word in enumerate(text.split(" ")):
        core = word.strip("()[],.;:")
        if "." in core or len(core) < 2 and core:  # initials and abbreviations (R.C.P.(B.), C.C.) stay
            words.append(word)
        elif index and core.lower() in SMALL_WORDS:
            words.append(word.lower())
        else:
            words.append("-".join(part[:1] + part[1:].lower() for part in word.split("-")))
    return " ".join(words)


def clean(phrase: str) -> str:
    """An addressee phrase without markers, forms of address, leading articles and final punctuation (the
    full stop of an abbreviation stays: "C.C.")."""
    phrase = _LEAD.sub("", " ".join(_MARKER.sub("", phrase).split()).strip(" ,;:!"))
    phrase = phrase.strip(" ,;:!")
    return phrase[:-1] if phrase.endswith(".") and re.search(r"[a-z]{2}\.$", phrase) else phrase


def is_person_like(text: str) -> bool:
    """One to five capitalised words or initials with no word of a body of people ("N. P. Bryukhanov")."""
    words = text.split()
    if not 1 <= len(words) <= 5 or any(re.sub(r"[’']s$", "", w.lower()).strip("’'.,") in ORG_WORDS for w in words):
        return False
    return all(_INITIAL.match(w) or _WORD.match(w) or w.lower() in {"de", "von", "van", "der"} for w in words)


def _pieces(phrase: str) -> list[tuple[str, str]]:
    """The phrase split at commas and "and" into (joint before, piece), with the pieces of one organisation's
    name joined again ("Council of Labour and Defence", "Workers’ and Peasants’ Inspection")."""
    parts = _SPLIT.split(phrase)
    joints = ["", *_SPLIT.findall(phrase)]
    pieces: list[tuple[str, str]] = []
    for joint, part in zip(joints, parts, strict=True):
        if not part:
            continue
        previous = pieces[-1][1] if pieces else ""
        glued = previous and (previous.endswith(("’", "'")) or (
            "," not in joint and len(part.split()) == 1 and not _INITIAL.match(part.split()[0])
            and any(w.lower() in ORG_WORDS for w in previous.split()) and " of " in f" {previous.lower()} "))
        if glued:
            pieces[-1] = (pieces[-1][0], previous + joint + part)
        else:
            pieces.append((joint, part))
    return pieces


def names_in(phrase: str, lookup: Lookup) -> list[Name]:
    """The addressees a phrase names, in order. After a comma, a body or office qualifies the name before it
    rather than naming another addressee: "Jones, People’s Commissariat of Finance" (where Jones works),
    "the Politbureau of the C.C., R.C.P.(B.)" (whose Politbureau)."""
    text = clean(phrase)
    if not text or text.lower() in NOBODY:
        return []
    names: list[Name] = []
    for joint, piece in _pieces(text):
        piece = clean(piece)
        if not piece or piece.lower() in NOBODY:
            continue
        name = _name(piece, lookup)
        if names and "," in joint and name.kind == "org" and (names[-1].kind == "person" or _ABBREVIATION.match(piece)):
            continue
        if name not in names:
            names.append(name)
    return names


def _name(piece: str, lookup: Lookup) -> Name:
    """One piece of an addressee phrase as a name (``lookup`` matches a whole phrase, not a part of it)."""
    if found := lookup(piece):
        return Name(piece, found[1], found[0])
    words = piece.split()
    at = piece.lower().find(" of ")
    head, of = (piece[:at], " of ") if at > 0 else (piece, "")
    if of and words[0].lower() in OFFICE_WORDS:  # an office: named as such, never its holder
        return Name(soften(piece), "org", None)
    if is_person_like(piece):
        if len(words) > 1 and all(_INITIAL.match(w) for w in words[:-1]) and (found := lookup(words[-1])) \
                and found[1] == "person":  # other initials, a known surname
            return Name(piece, "person", found[0])
        return Name(soften(piece), "person", None)
    # "Presidium of the Supreme Economic Council" names the presidium; "R.C.P.(B.) Central Committee": the last
    # words name the body.
    found = lookup(head) if of else next((f for k in range(1, len(words)) if (f := lookup(" ".join(words[k:])))),
                                         None)
    if found and found[1] == "org":
        return Name(piece, "org", found[0])
    return Name(soften(piece), "org", None)
