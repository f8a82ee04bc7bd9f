"""The sentences of a ``Published:`` line: first publication, the witness the edition printed from, and
where the letter was sent ("Sent from Zurich to Christiania.").
"""

from __future__ import annotations

import re

#: Sentence kinds, tried in order: (key, pattern at the start of the sentence).
SENTENCES: tuple[tuple[str, re.Pattern[str]], ...] = tuple((k, re.compile(p, re.IGNORECASE)) for k, p in (
    ("text-base", r"^(?:Printed|Published)\s+(?:for\s+the\s+first\s+time,?\s+)?(?:from|according\s+to)\b"),
    ("sent", r"^Sent\s+(?:from|to)\b"),
    ("first-published", r"^(?:\[?First\s+published|Published\s+for\s+the\s+first\s+time|First\s+printed)\b"),
))
#: The kind of witness a "Printed from …" sentence names, tried in order.
WITNESSES: tuple[tuple[str, re.Pattern[str]], ...] = tuple((k, re.compile(p, re.IGNORECASE)) for k, p in (
    ("hand", r"\bin\s+(?:an?\s+unknown\s+|[\w’' .-]+?[’']s?\s+)hand(?:writing)?\b|\bmanuscript\s+copy\b|"
             r"\bcopy\s+made\s+by\b"),
    ("typescript", r"\btype(?:written|script)\b"),
    ("telegraph", r"\btelegra(?:ph|m)\s+(?:form|tape)\b"),
    ("notes", r"\b(?:secretar(?:y|ies|ial)[’']?s?\s+notes|short\s*hand\s+notes|stenographic)\b"),
    ("print", r"\b(?:newspaper|pamphlet|magazine|journal|Pravda|Izvestia|text\s+of\s+the\s+book)\b"),
    ("original", r"\b(?:original|manuscript)\b"),
))
#: Where a sentence ends: a full stop before a capital, not after an abbreviation or an initial.
_END = re.compile(r"(?<!\bVol)(?<!\bNo)(?<!\bEd)(?<!\bpp)(?<!\bp)(?<!\b[A-Z])\.\s+(?=[A-Z\[])")
SENT = re.compile(r"\bSent\s+(?:from\s+(?P<from>[A-Z][\w’' .()-]*?)\s+)?to\s+(?P<to>[A-Z][\w’' .()-]*?)\s*\.?$")


def sentences(value: str) -> list[str]:
    """The sentences of a Published value, each with its final full stop, word for word."""
    pieces: list[str] = []
    start = 0
    for m in _END.finditer(value):
        pieces.append(value[start:m.start() + 1])
        start = m.end()
    pieces.append(value[start:])
    return [p.strip() for p in pieces if p.strip()]


def sentence_kind(sentence: str) -> str:
    """first-published, text-base, sent or published (anything else: how or where it was published)."""
    return next((key for key, pattern in SENTENCES if pattern.match(sentence)), "published")


def witness_kind(sentence: str) -> str:
    """The kind of witness a "Printed from …" sentence names."""
    return next((key for key, pattern in WITNESSES if pattern.search(sentence)), "other")


def sent_places(sentence: str) -> tuple[str | None, str | None]:
    """"Sent from Zurich to Christiania" → ("Zurich", "Christiania")."""
    m = SENT.search(sentence)
    if not m:
        return None, None
    return m.group("from"), m.group("to")
