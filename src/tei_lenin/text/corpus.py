"""Corpus-level facts gathered in the first pass: front matter, per-document summaries, ids, sequences."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from tei_lenin.model import Correspondent, DateValue, Document, plain
from tei_lenin.text.segment import RawBlock

REPLAY_BUDGET = 8_000_000  # characters of source kept between the passes (larger sources are read twice)
QUOTE_KEY = 100  # characters of a quotation that must occur word for word in the quoted document
GENRE_PREFIX = {"letter": "l", "article": "a", "essay": "e"}


class Replay:
    """Passes blocks through and keeps them for a second pass while they stay under ``budget`` characters."""

    def __init__(self, blocks: Iterable[RawBlock], budget: int) -> None:
        self._source = blocks
        self._budget = budget
        self.blocks: list[RawBlock] | None = []

    def __iter__(self) -> Iterator[RawBlock]:
        size = 0
        for block in self._source:
            if self.blocks is not None:
                size += len(block.text)
                if size > self._budget:
                    self.blocks = None
                else:
                    self.blocks.append(block)
            yield block


@dataclass(frozen=True)
class Front:
    """The compilation's own front matter."""

    title: str
    publisher_line: str | None
    published: DateValue | None
    editor: str | None


@dataclass(frozen=True)
class Summary:
    """What the first pass keeps of a document."""

    kind: str
    date: str | None
    title: str
    addressee: str | None
    authors: list[str]
    signed: list[str]


@dataclass(frozen=True)
class Plan:
    """Corpus-level facts, by document index (ids, kinds) or id (links)."""

    front: Front
    idents: list[str]
    kinds: list[str]
    principal: Correspondent | None
    titles: dict[str, str]  # the documents' ids by title, as :func:`tei_lenin.text.inline.title_index` keys them
    links: dict[str, tuple[str | None, str | None]]
    quote_targets: dict[int, str]
    #: The documents whose title and date are those of another (their titles get the incipit).
    same_titles: frozenset[int] = frozenset()
    #: The letters of the compilation by date: (id, keys of the senders), for "the letter of December 12".
    letters: dict[str, list[tuple[str, tuple[str, ...]]]] = field(default_factory=dict)
    #: The edition's document numbers resolved to documents of the compilation ("811" → "l1922-12-21").
    numbers: dict[str, str] = field(default_factory=dict)
    #: Facts that notes of one document state about another, by the id of the document they concern.
    facts: dict[str, list[CrossFact]] = field(default_factory=dict)


@dataclass(frozen=True)
class CrossFact:
    """What a note of document ``source_doc`` (its note ``source_note``) says about another letter."""

    source_doc: str
    source_note: str
    dictated: bool
    scribe: Correspondent | None


def assign_ids(summaries: list[Summary]) -> list[str]:
    """Genre letter + date (00 for an unknown month or day: "l1921-08-00"); documents sharing both get a, b,
    c … in source order."""
    bases = [GENRE_PREFIX[s.kind] + _id_date(s.date) for s in summaries]
    counts = Counter(bases)
    seen: Counter[str] = Counter()
    idents = []
    for base in bases:
        if counts[base] > 1:
            idents.append(base + suffix(seen[base]))
            seen[base] += 1
        else:
            idents.append(base)
    return idents


def _id_date(date: str | None) -> str:
    """The date part of a document id: a full ISO date, padded with 00 where only the year or month is known."""
    if not date:
        return "undated"
    parts = date.split("-")
    return "-".join(parts + ["00"] * (3 - len(parts)))


def sequences(summaries: list[Summary], idents: list[str]) -> dict[str, tuple[str | None, str | None]]:
    """Letters to the same first addressee, in date order: each one's previous and next."""
    by_addressee: dict[str, list[tuple[str, str]]] = {}
    for summary, ident in zip(summaries, idents, strict=True):
        if summary.kind == "letter" and summary.addressee:
            by_addressee.setdefault(summary.addressee, []).append((summary.date or "", ident))
    links: dict[str, tuple[str | None, str | None]] = {}
    for letters in by_addressee.values():
        ordered = [ident for _, ident in sorted(letters)]
        for i, ident in enumerate(ordered):
            links[ident] = (ordered[i - 1] if i else None, ordered[i + 1] if i + 1 < len(ordered) else None)
    return links


def quote_keys(essay: Document) -> list[tuple[int, str]]:
    """The opening words of each quotation of the essay (long enough to be distinctive)."""
    keys = []
    for block in essay.parts[0].blocks if essay.parts else ():
        if block.kind == "quote" and block.attrs_get("continues") != "yes":
            # The opening words decide: quotations in essays are often trimmed or paraphrased later.
            words = normal(plain(block.content).strip("\"“” "))[:QUOTE_KEY]
            if len(words) == QUOTE_KEY:
                keys.append((block.line, words))
    return keys


def suffix(index: int) -> str:
    """a, b, …, z, aa, ab, … for the documents that share genre and date."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[rest] + letters
    return letters


def key_words(key: str) -> tuple[str, ...]:
    """The words of a :func:`normal` text without quotation marks, longest first: normalising changes only
    spaces and quotation marks, so a text that lacks one of them cannot hold ``key`` once normalised."""
    words = {word for word in key.split(" ") if word and "'" not in word and '"' not in word}
    return tuple(sorted(words, key=lambda word: (-len(word), word)))


def normal(text: str) -> str:
    """Straight quotes and single spaces (runs of any whitespace become one space; none at the ends)."""
    return " ".join(text.replace("’", "'").replace("“", '"').replace("”", '"').split())
