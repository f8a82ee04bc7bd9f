"""How a text was made (composition) and how it travelled (transmission): two facts, each from its own words.

Composition: written (in the author's own hand), dictated, dictated by telephone, unstated. Transmission:
telephone, telegram, courier, post, handed over, unstated. A statement counts only where its sentence is about
the document itself ("This letter was read to Trotsky … on the phone"; "The letter was sent by courier"), not
about another letter the note mentions.
"""

from __future__ import annotations

import re

#: A sentence about the document itself: it begins with "This letter", "The present note", "It" …
SUBJECT = re.compile(r"^(?:This|The(?:\s+present|\s+above)?)\s+(?:letter|note|telegram|message|document|text|reply|"
                     r"telephone\s+message|postcard)s?\b|^It\s+was\b")
PHONE = re.compile(r"\b(?:by|over\s+the|on\s+the)\s+(?:tele)?phone\b", re.IGNORECASE)

#: Composition stated in a note, tried in order: (category, pattern).
COMPOSITION: tuple[tuple[str, re.Pattern[str]], ...] = tuple((c, re.compile(p)) for c, p in (
    ("mode-dictated", r"\bdictated (?:the|this) (?:document|letter|article|note|telegram|message)(?: here "
                      r"published)?\b|\b(?:[Tt]his|[Tt]he present) (?:letter|document|article|note|telegram)\b"
                      r"[^.]*\bdictated\b|\bdictated (?:it|them) to\b|\b(?:taken|written) down by\b"),
    ("mode-written", r"^(?:This|The)\s+(?:letter|note|text|document)\s+(?:is|was)\s+(?:written\s+)?(?:entirely\s+)?"
                     r"in\s+Lenin[’']s\s+(?:own\s+)?hand(?:writing)?\b"),
))

#: Transmission stated in a sentence about the document, tried in order: (category, pattern).
TRANSMISSION: tuple[tuple[str, re.Pattern[str]], ...] = tuple((c, re.compile(p, re.IGNORECASE)) for c, p in (
    ("trans-telephone", r"\b(?:read|communicated|transmitted|passed\s+on|dictated)\s+to\s+\S[^.]*?\b(?:on|over|by)"
                        r"\s+the\s+(?:tele)?phone\b|\btelephoned\b|\bby\s+telephone\s+to\b"),
    ("trans-telegram", r"\b(?:sent|transmitted|dispatched)\s+(?:by|as\s+a)\s+telegra(?:m|ph)\b|\b(?:by\s+direct\s+"
                       r"(?:line|wire)|wired|telegraphed)\b"),
    ("trans-courier", r"\b(?:sent|delivered|taken|carried)\s+by\s+(?:a\s+)?(?:special\s+)?(?:courier|messenger)\b"),
    ("trans-post", r"\b(?:sent|went)\s+by\s+(?:post|mail)\b|\bposted\b"),
    ("trans-handed", r"\bhanded\s+(?:over\s+)?(?:personally\s+)?to\b|\bdelivered\s+by\s+hand\b"),
))
#: The forms of a title that say how the text travelled.
TITLE_TRANSMISSION = {"telegram": "trans-telegram", "telephone": "trans-telephone"}
#: Witnesses that say how the text travelled ("Printed from the text of the telegraph form").
WITNESS_TRANSMISSION = {"telegraph": "trans-telegram"}
#: Header labels that say how the text travelled ("Wired: …", "Phoned: …").
LABEL_TRANSMISSION = (("wired", "trans-telegram"), ("telegraphed", "trans-telegram"), ("phoned", "trans-telephone"))


#: What ends a chunk without ending its sentence: an initial or capital abbreviation ("J. V.", "C.C."), a
#: title or a reference abbreviation ("Mr.", "Vol.", "No.").
_NOT_AN_END = re.compile(r"(?:\b[A-Z]\.|\b(?:Mr|Mrs|Dr|St|Vol|No|Nos|pp?|cf|ed|eds|Ed|vols?)\.)$")


def sentences(text: str) -> list[str]:
    """The sentences of a note (split after a full stop before a capital; initials are kept together)."""
    out: list[str] = []
    for chunk in re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", text):
        if out and _NOT_AN_END.search(out[-1]):
            out[-1] += " " + chunk
        else:
            out.append(chunk)
    return [s.strip() for s in out if s.strip()]


def composition_in(sentence: str) -> str | None:
    """The composition a note's sentence states ("Lenin dictated this letter over the telephone to …")."""
    for category, pattern in COMPOSITION:
        if pattern.search(sentence):
            if category == "mode-dictated" and PHONE.search(sentence):
                return "mode-dictated-phone"
            return category
    return None


def transmission_in(sentence: str) -> str | None:
    """The transmission a sentence about the document states, or None."""
    if not SUBJECT.match(sentence):
        return None
    return next((category for category, pattern in TRANSMISSION if pattern.search(sentence)), None)
