"""The lines that open a letter, before its text: secrecy, copies, address, salutation, dateline.

Each recognizer looks at one line (with the lines after it in the opener, for context) and names its kind
or returns None. :data:`OPENER_RULES` is tried in order; the opener ends at the first line no rule takes.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tei_lenin.text.dates import parse_whole
from tei_lenin.text.rules.blocks import ABBREVIATION_END
from tei_lenin.text.rules.people import is_person_like

#: Security markings, most specific first: (pattern, secrecy category).
CLASSIFICATIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), c) for p, c in (
        (r"^(?:Top|Strictly|Absolutely|Most)\s+secret[.!]?$", "sec-top-secret"),
        (r"^(?:Secret|Confidential\s+and\s+secret)[.!]?$", "sec-secret"),
        (r"^(?:Strictly\s+)?Confidential[.!]?$", "sec-confidential"),
        (r"^(?:Personal|Private|Strictly\s+personal|Personal\s+and\s+confidential)[.!]?$", "sec-personal"),
        (r"^Not\s+for\s+(?:publication|the\s+press)[.!]?$", "sec-confidential"),
    ))
COPY_TO = re.compile(r"^(?:Cop(?:y|ies)\s+(?:to|for|sent\s+to)|C\.c\.|Cc:?)\s*:?\s*(?P<who>.+?)\.?$",
                     re.IGNORECASE)
FOR_LINE = re.compile(r"^(?i:for\s+(?:the\s+)?(?:(?:all\s+)?members\s+of\s+(?:the\s+)?)?)(?P<who>[A-Z].{1,150})$")
#: A salutation that opens with a form of address.
SALUTE_ADDRESS = re.compile(r"^(?:(?:My\s+)?(?:Dear|Esteemed|Respected)\s+.{1,60}|Comrades?\b.{0,60}|Friends?\b.{0,40}"
                            r"|Dear\s+(?:Sir|Madam|Friend|Comrades?)s?)$")
TO_LINE = re.compile(r"^To\s+(?:(?:the|all)\s+)?[A-Z\u0410-\u042f]")


#: Marks of priority or handling at the head of a letter or telegram ("Very urgent", "In code"): no secrecy.
MARKINGS = re.compile(r"^(?:(?:Very\s+|Most\s+)?Urgent|Immediate(?:ly)?|Priority|Out\s+of\s+turn|In\s+code|"
                      r"In\s+cipher|By\s+direct\s+(?:line|wire)|(?:Priority\.\s+)?By\s+direct\s+line|Express)"
                      r"(?:[.!]\s*(?:Very\s+)?(?:Urgent|Personal|Secret|In\s+code)[.!]?)*[.!]?$", re.IGNORECASE)


def classification(line: str, following: list[str]) -> str | None:
    """"Top secret", "Strictly confidential", "Personal", and marks of priority ("Very urgent", "In code")."""
    text = line.strip()
    return "classification" if secrecy_of(text) or MARKINGS.match(text) else None


def secrecy_of(line: str) -> str | None:
    """The secrecy category a marking line names, or None; of several marks on one line ("Secret. Personal"),
    every one must be a mark, and the first names the category."""
    marks = [m for m in re.split(r"(?<=[.!])\s+", line.strip()) if m]
    found = [next((c for pattern, c in CLASSIFICATIONS if pattern.match(mark)), None) for mark in marks]
    return found[0] if found and all(found) else None


def copy_to(line: str, following: list[str]) -> str | None:
    """"Copy to Comrade X", "Copies to Comrades X and Y" (wrapped lines follow as "copyTo-more")."""
    return "copyTo" if COPY_TO.match(line.strip()) else None


def dateline(line: str, following: list[str]) -> str | None:
    """A date alone, maybe after a place ("Moscow, 4. IX. 1922")."""
    match = parse_whole(line.strip())
    return "dateline" if match is not None and not match.problem else None


def for_line(line: str, following: list[str]) -> str | None:
    """"For Members of the C.C." (a collective addressee)."""
    text = line.strip()
    return "for" if FOR_LINE.match(text) and not text.endswith(".") and len(text) < 160 else None


def salutation(line: str, following: list[str]) -> str | None:
    """"Comrade Smith:", "Dear Comrade Smith,", "Dear A. B.:", "Comrades,", "Ivan Petrovich:"."""
    text = line.strip()
    if len(text) > 70 or text.endswith(".") or "\n" in text:
        return None
    core = text.rstrip(":,;!").strip()
    if SALUTE_ADDRESS.match(core):
        # "Comrade Smith" without punctuation is an address line, as "Comrades Mdivani, Makharadze and others".
        if core.lower().startswith(("comrade", "friend")) and not text.endswith((":", ",", ";", "!")):
            return None
        return "salute"
    if text.endswith((":", ",", "!")) and 2 <= len(core.split()) <= 4 and is_person_like(core):
        return "salute"  # "Ivan Petrovich:", "A. B.:"
    return None


def address(line: str, following: list[str]) -> str | None:
    """A line naming addressees: "To Comrade X", "Comrades X, Y and others", "Jones, People’s Commissariat of
    Finance" (an address block), a name alone on its line before a salutation."""
    text = line.strip()
    if len(text) > 150 or text.endswith((":", ";", "?")) or text.endswith(".") and not ABBREVIATION_END.search(text):
        return None
    if TO_LINE.match(text) or re.match(r"^Comrades?(?:\s+[A-Z]|$)", text):
        return "addressee"
    first, _, rest = text.partition(",")
    if rest and is_person_like(first.strip()) and len(text.split()) <= 14:
        return "addressee"  # "Jones, People's Commissariat of Finance"
    if is_person_like(text.rstrip(",")) and following and salutation(following[0], following[1:]):
        return "addressee"
    return None


Rule = Callable[[str, list[str]], "str | None"]
#: The opener's lines, in the order they are tried.
OPENER_RULES: tuple[tuple[str, Rule], ...] = (
    ("classification", classification),
    ("copyTo", copy_to),
    ("dateline", dateline),
    ("for", for_line),
    ("salute", salutation),
    ("addressee", address),
)


def opener_kind(line: str, following: list[str]) -> str | None:
    """The kind of opener line ``line`` is (``following``: the lines after it), or None."""
    for _, rule in OPENER_RULES:
        kind = rule(line, following)
        if kind:
            return kind
    return None
