"""The lines that close a letter or a part: closing formula, office, signature, dateline, postscript label.

:data:`CLOSER_RULES` is tried in order on each line at the end of a text. A signature is only taken where
the closer confirms it (a closing formula or office before it, a dateline after it, or the end of the text):
a short name line elsewhere is text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from tei_lenin.text.dates import parse_whole
from tei_lenin.text.rules.people import is_person_like

#: Closing formulas ("Yours,", "With communist greetings,", "Greetings!"), matched on a whole line.
CLOSING = (r"(?:(?:Yours|Respectfully|Sincerely|Faithfully|Cordially)(?:\s+(?:faithfully|sincerely|truly|"
           r"respectfully|ever))?(?:\s+yours)?"
           r"|(?:With\s+)?(?:(?:best|warm(?:est)?|hearty|heartiest|comradely|communist|fraternal|friendly)\s+)*"
           r"(?:greetings|regards|wishes|salutes?)(?:\s+(?:to\s+(?:all|you(?:\s+all)?)"
           r"|and\s+(?:best\s+)?(?:wishes|greetings|regards)))?"
           r"|All\s+the\s+best|I\s+shake\s+(?:your|you\s+by\s+the)\s+hands?|(?:A\s+)?(?:firm\s+)?handshake"
           r"|Your\s+\w+)[,.!]?")
CLOSING_LINE = re.compile(rf"^{CLOSING}$", re.IGNORECASE)
#: A closing formula run on at the end of the last paragraph ("… Respectfully yours,").
CLOSING_TAIL = re.compile(r"\s+(?P<salute>(?:Respectfully yours|Yours(?: faithfully| sincerely)?"
                          r"|With (?:best )?(?:comradely|communist) greetings)[,.]?)$")
CLOSING_ENDS = ("yours", "Yours", "faithfully", "sincerely", "greetings")
#: "Yours, Lenin" on one line: the formula, then the signature.
CLOSING_THEN_NAME = re.compile(rf"^(?P<salute>{CLOSING})\s+(?P<name>\S.{{0,60}})$", re.IGNORECASE)
OFFICE = re.compile(r"^(?:(?:Vice-|Deputy\s+)?Chairman|President|Secretary|Business\s+Manager|Manager|"
                    r"People[’']s\s+Commissar|Commissar|Member|Head|Chief)\b.{0,120}$")
#: A signature with a pseudonym or initials: "V. Ulyanov (Lenin)", "V. U.", "N. L.", "Lenin".
SIGNATURE = re.compile(r"^(?=\S)(?:[A-Z\u0410-\u042f][\w’'\-]*\.?\s*)*(?:\([A-Z][\w.’' -]*\))?$")
#: A date glued before the signature: "22/V. Lenin", "20/XI. Lenin", "22.XII.21. Lenin".
GLUED = re.compile(r"^(?P<date>\d{1,2}\s*[./]\s*[IVX]{1,4}(?:\s*[./]\s*(?:\d{4}|\d{2}))?)\s*[.,]?\s+"
                   r"(?P<name>[A-Z\u0410-\u042f].{0,60})$")
#: A section number on its own line ("1", "II", "2.", "III."): a heading, never a name.
SECTION = re.compile(r"^(?:\d{1,3}|[IVXLC]{1,7}|[a-z]|[α-ω])[.)]?$")
POSTSCRIPT = re.compile(r"^(?P<label>P\.\s?P\.\s?P\.\s?S\.|P\.\s?P\.\s?S\.|P\.\s?S\.(?:\s?S\.)?|Postscript[.:]|"
                        r"N\.\s?B\.)\s*(?P<rest>.*)$", re.DOTALL)


class Unit(NamedTuple):
    """One line of a closer, read: its kind and its text (a glued line gives two units)."""

    kind: str  # salute | office | signed | dateline
    text: str


def closing(line: str) -> list[Unit] | None:
    text = line.strip()
    if CLOSING_LINE.match(text):
        return [Unit("salute", text)]
    m = CLOSING_THEN_NAME.match(text)
    if m and is_signature(m.group("name")):
        return [Unit("salute", m.group("salute")), Unit("signed", m.group("name"))]
    return None


def dateline(line: str) -> list[Unit] | None:
    match = parse_whole(line.strip())
    return [Unit("dateline", line.strip())] if match is not None else None


def glued(line: str) -> list[Unit] | None:
    text = line.strip()
    m = GLUED.match(text)
    if m and is_signature(m.group("name")):
        return [Unit("dateline", text[: m.start("name")].strip()), Unit("signed", m.group("name"))]
    return None


def office(line: str) -> list[Unit] | None:
    text = line.strip()
    if not OFFICE.match(text) or len(text.split()) > 16:
        return None
    if text.endswith(".") and not re.search(r"[A-Z]\.\)?$", text):  # a sentence, not "… of the C.P.C."
        return None
    return [Unit("office", text)]


def signature(line: str) -> list[Unit] | None:
    return [Unit("signed", line.strip())] if is_signature(line) else None


def is_signature(text: str) -> bool:
    """A name as people sign: one to five capitalised words or initials, maybe a name in brackets."""
    text = text.strip()
    if SECTION.match(text):
        return False
    return 0 < len(text) <= 60 and bool(SIGNATURE.match(text)) and (
        is_person_like(re.sub(r"\s*\(.*\)$", "", text)) or "(" in text)


Rule = Callable[[str], "list[Unit] | None"]
#: The closer's lines, in the order they are tried.
CLOSER_RULES: tuple[tuple[str, Rule], ...] = (
    ("closing", closing),
    ("dateline", dateline),
    ("glued", glued),
    ("office", office),
    ("signature", signature),
)


def closer_units(line: str) -> list[Unit] | None:
    """What one line of a closer is (one or two units), or None if it is text."""
    for _, rule in CLOSER_RULES:
        units = rule(line)
        if units:
            return units
    return None


def closing_tail(text: str) -> re.Match[str] | None:
    """A closing formula run on at the end of a paragraph; searched only where the text ends like one."""
    end = text[:-1] if text.endswith("\n") else text
    end = end[:-1] if end.endswith((",", ".")) else end
    return CLOSING_TAIL.search(text) if end.endswith(CLOSING_ENDS) else None
