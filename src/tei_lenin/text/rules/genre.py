"""Letter or article, from all the evidence: the title's form, the opener, the closer, the header wording
and the notes. Each cue adds its weight to one side; the larger side wins (a tie: letter only when the
document has no title of its own, as untitled pages of letters and notes are)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple


class Evidence(NamedTuple):
    """What the reader saw of one document."""

    title_form: str | None  # name of the title form (letter-to, to-colon, telegram …) or None
    has_title: bool
    opener: frozenset[str]  # kinds of opener lines: salute, addressee, copyTo, for, classification, dateline
    closer: frozenset[str]  # kinds of closer lines: salute, signed, office, dateline
    headers: str  # the header lines' words, joined
    notes: str  # the notes' words, joined
    paragraphs: int


class Cue(NamedTuple):
    name: str
    genre: str  # letter | article
    weight: int
    test: Callable[[Evidence], bool]


_LETTER_NOTE = re.compile(r"\b(?:[Tt]his|[Tt]he present|[Tt]he above)\s+(?:letter|telegram|note|message|"
                          r"telephone message|postcard)\b|\bLenin\s+(?:wrote|sent)\s+(?:this|the)\s+(?:letter|note)")
_ARTICLE_NOTE = re.compile(r"\b(?:[Tt]his|[Tt]he present|[Tt]he above)\s+(?:article|pamphlet|speech|report)\b")
_PRINTED_WORK = re.compile(r"\b(?:Pravda|Izvestia|newspaper|magazine|journal|pamphlet)\b(?!\s+text)")
_ARCHIVE = re.compile(r"\bPrinted\s+from\s+(?:the\s+|an?\s+)?(?:original|typewritten|type-?script|text\s+in|"
                      r"telegraph|secretar)", re.IGNORECASE)
_SENT = re.compile(r"\bSent\s+(?:from|to)\b|\b(?:Wired|Phoned)\s*:")

#: The cues, in no particular order: each that holds adds its weight.
CUES: tuple[Cue, ...] = (
    Cue("a letter's title", "letter", 4, lambda e: e.title_form is not None and e.title_form != "to"),
    Cue("a title addressed 'To …'", "letter", 2, lambda e: e.title_form == "to"),
    Cue("a salutation", "letter", 3, lambda e: "salute" in e.opener),
    Cue("an address or copy line", "letter", 3, lambda e: bool(e.opener & {"addressee", "copyTo", "for"})),
    Cue("a closing formula", "letter", 2, lambda e: "salute" in e.closer),
    Cue("a signature", "letter", 1, lambda e: "signed" in e.closer),
    Cue("sent from or to a place", "letter", 3, lambda e: bool(_SENT.search(e.headers))),
    Cue("printed from an archival witness", "letter", 1, lambda e: bool(_ARCHIVE.search(e.headers))),
    Cue("the notes call it a letter", "letter", 2, lambda e: bool(_LETTER_NOTE.search(e.notes))),
    Cue("first published in a periodical", "article", 2, lambda e: bool(_PRINTED_WORK.search(e.headers))),
    Cue("the notes call it an article", "article", 2, lambda e: bool(_ARTICLE_NOTE.search(e.notes))),
    Cue("a title of its own", "article", 1, lambda e: e.has_title and e.title_form is None),
    Cue("a long text", "article", 1, lambda e: e.paragraphs > 12),
)


def genre_of(evidence: Evidence) -> tuple[str, list[str]]:
    """"letter" or "article", and the names of the cues that decided it."""
    scores = {"letter": 0, "article": 0}
    seen: dict[str, list[str]] = {"letter": [], "article": []}
    for cue in CUES:
        if cue.test(evidence):
            scores[cue.genre] += cue.weight
            seen[cue.genre].append(cue.name)
    if scores["letter"] > scores["article"] or (scores["letter"] == scores["article"] and not evidence.has_title
                                                 and scores["letter"]):
        return "letter", seen["letter"]
    return "article", seen["article"]
