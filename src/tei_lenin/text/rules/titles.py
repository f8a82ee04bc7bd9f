"""Title lines: which forms make a document correspondence, and the addressee phrase they name.

The forms are tried in order; each gives the phrase after "to" (the addressees) and, where the form says how
the text travelled, its transmission ("telegram", "telephone").
"""

from __future__ import annotations

import re
from typing import NamedTuple

from tei_lenin.text.rules.blocks import ABBREVIATION_END, MARKER_TEXT

_MARKER_END = re.compile(rf"\s*{MARKER_TEXT}\s*$")
#: A date run on at the end of a title ("Letter to Stalin on March 5, 1923"): cut before the addressees are read.
_TITLE_DATE = re.compile(r"\s+(?:on|of|dated)\s+(?=\S*\s*\d|[A-Z][a-z]+\.?\s+\d)", re.IGNORECASE)


class TitleForm(NamedTuple):
    name: str
    pattern: re.Pattern[str]
    #: A strong form starts a document even without header lines after it.
    strong: bool
    transmission: str | None = None


def _form(name: str, pattern: str, strong: bool, transmission: str | None = None) -> TitleForm:
    return TitleForm(name, re.compile(pattern, re.IGNORECASE), strong, transmission)


#: Title forms of correspondence, tried in order.
TITLE_FORMS: tuple[TitleForm, ...] = (
    _form("letter-to", r"^(?:(?:An?|The|Open|Draft|Second|Two|Three|Last)\s+)*Letters?\s+to\b\s*:?\s*(?P<who>.*)$",
          True),
    _form("to-colon", r"^To\s*:\s*(?P<who>.+)$", True),
    _form("telegram", r"^(?:(?:Draft|Coded|Cipher|Urgent|Direct[- ]Wire)\s+)*Telegrams?\s+to\s+(?P<who>.+)$", True,
          "telegram"),
    _form("telephone", r"^(?:Telephone\s+Messages?|Telephonograms?|Message\s+by\s+(?:Tele)?phone)\s+to\s+(?P<who>.+)$",
          True, "telephone"),
    _form("radio", r"^Radio(?:gram|telegram)?s?\s+(?:Message\s+)?to\s+(?P<who>.+)$", True, "telegram"),
    _form("note-to", r"^(?:Notes?|Memo(?:randum)?|Message|Reply|Request|Instructions?|Assignments?)\s+to\s+"
                     r"(?P<who>.+)$", True),
    _form("to", r"^To\s+(?P<who>(?:the\s+|all\s+)?[A-Z\u0410-\u042f].*)$", False),
)


class Title(NamedTuple):
    """What a title line says of its document."""

    form: TitleForm
    #: The addressee phrase, without a final note marker or date ("J. V. STALIN", "the Politbureau").
    addressees: str


def read_title(text: str) -> Title | None:
    """The correspondence form of a title line, if it has one."""
    line = " ".join(_MARKER_END.sub("", text).split())
    for form in TITLE_FORMS:
        m = form.pattern.match(line)
        if m:
            who = _TITLE_DATE.split(m.group("who"), maxsplit=1)[0].strip().rstrip(",;:")
            who = who if not who.endswith(".") or ABBREVIATION_END.search(who) else who[:-1]
            return Title(form, who)
    return None
