"""Inline markup of a paragraph: note markers, bracketed insertions, errata, other hands, names, dates.

Each annotator proposes spans over the paragraph's characters; spans nest or are disjoint, and a span that
would cross another is dropped. The result is a tuple of ``str`` and ``Span`` that keeps every character.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tei_lenin.model import Inline, Span
from tei_lenin.reference import Erratum, whole_words
from tei_lenin.text.dates import DateMatch, find_dates
from tei_lenin.text.names import Gazetteer
from tei_lenin.text.rules.crossrefs import RELATIVE

MARKER = re.compile(r"\[(\d{1,3}|[A-Z])\]|\{(\d{1,3})\}")
#: The notes' cross-references into their own edition: "Note 765", "this volume, Document 811".
EDITION_REF = re.compile(r"(?:(?:this volume|present edition), )?(?P<unit>Note|Document) (?P<n>\d{1,5})\b")
#: A bracketed insertion ("[Stalin]"); a bracketed number is a note marker ("[12]"), not an insertion.
BRACKET = re.compile(r"\[(?!\d{1,3}\])([^\[\]]{2,})\]")


class _Node:
    """A proposed span; ``inner`` is where its children live (None: a leaf)."""

    __slots__ = ("start", "end", "inner", "kind", "attrs", "children")

    def __init__(self, start: int, end: int, inner: tuple[int, int] | None, kind: str,
                 attrs: tuple[tuple[str, str], ...] = ()) -> None:
        self.start, self.end, self.inner, self.kind, self.attrs = start, end, inner, kind, attrs
        self.children: list[_Node] = []


@dataclass(frozen=True)
class HandSpan:
    """Words a note says are in another hand; located before the note's marker."""

    words: str
    note: str
    hand: str  # local hand id


class InlineParser:
    """Builds inline content; configured once per run with the gazetteer and the errata."""

    def __init__(self, gazetteer: Gazetteer, errata: list[Erratum]) -> None:
        self.gazetteer = gazetteer
        self.errata = errata
        #: Each erratum's context as a whole-word regex and the offset of its ``sic`` in it, compiled once.
        self._errata = [(e, *_locator(e)) for e in errata]

    def parse(
        self,
        text: str,
        *,
        century: int = 19,
        year: int | None = None,
        years: bool = False,
        markers: bool = True,
        names: bool = True,
        edition_refs: bool = False,
        dates: bool = True,
        hands: tuple[HandSpan, ...] = (),
        titles: dict[str, str] | None = None,
        problems: list[str] | None = None,
    ) -> tuple[Inline, ...]:
        """The inline content of ``text``; the problems of unusable dates are added to ``problems``.

        ``titles`` (from :func:`title_index`) turns a bracketed title of a corpus document into a reference.
        """
        nodes: list[_Node] = []
        if markers:
            nodes += [_Node(m.start(), m.end(), None, "note", (("n", m.group(1)),) if m.group(1) else
                            (("n", m.group(2)), ("braces", "yes"))) for m in MARKER.finditer(text)]
            for m in BRACKET.finditer(text):
                content = m.group(1)
                reason, target = _supplied_reason(content, titles or {})
                attrs = (("reason", reason),) + ((("target", target),) if target else ())
                nodes.append(_Node(m.start(), m.end(), (m.start() + 1, m.end() - 1), "supplied", attrs))
        if edition_refs:
            for m in _edition_refs(text):
                attrs = (("unit", m.group("unit").lower()), ("n", m.group("n")))
                nodes.append(_Node(m.start(), m.end(), (m.start(), m.end()), "editionRef", attrs))
            if " document" in text:
                nodes += [_Node(m.start(), m.end(), (m.start(), m.end()), "docRef", (("rel", m.group("rel")),))
                          for m in RELATIVE.finditer(text)]
        for erratum, context, offset in self._errata:
            if offset < 0 or erratum.context not in text:  # (a cheap test before the regex)
                continue
            for s in (m.start() + offset for m in context.finditer(text)):
                attrs = (("sic", erratum.sic), ("corr", erratum.corr))
                nodes.append(_Node(s, s + len(erratum.sic), None, "choice", attrs))
        for hand in hands:
            marker = text.find(f"[{hand.note}]")
            at = text.rfind(hand.words, 0, marker if marker >= 0 else len(text))
            if at >= 0:
                end = at + len(hand.words)
                nodes.append(_Node(at, end, (at, end), "hand", (("hand", hand.hand),)))
        if names:
            for nm in self.gazetteer.find(text):
                attrs = (("key", nm.key), ("type", nm.kind))
                nodes.append(_Node(nm.start, nm.end, (nm.start, nm.end), "name", attrs))
        if dates:
            for dm in find_dates(text, century, year=year, years=years):
                if dm.problem or not dm.values:  # kept visibly as a date without a value (a warning says why)
                    if dm.problem and problems is not None:
                        problems.append(dm.problem)
                    nodes.append(_Node(dm.start, dm.end, (dm.start, dm.end), "date"))
                    continue
                for (s, e), value in zip(_pieces(dm), dm.values, strict=False):
                    attrs = tuple((k, v) for k, v in (("when", value.when), ("notBefore", value.not_before),
                                  ("notAfter", value.not_after), ("cert", value.cert)) if v)
                    if value.cert:
                        attrs += (("evidence", "internal"),)
                    nodes.append(_Node(s, e, (s, e), "date", attrs))
        if not nodes:
            return (text,) if text else ()
        return _render(text, _nest(text, nodes))


def _pieces(dm: DateMatch) -> list[tuple[int, int]]:
    """Where each date of an expression of several stands ("January 2, 4 and 6, 1923": three pieces, each
    ending before the separator that follows it)."""
    if not dm.splits:
        return [(dm.start, dm.end)]
    starts = [dm.start, *(dm.start + split for split in dm.splits)]
    pieces = []
    for index, start in enumerate(starts):
        if index + 1 < len(starts):
            end = start + len(re.split(r"\s*(?:,|&|and)\s*", dm.text[start - dm.start:], maxsplit=1)[0])
        else:
            end = dm.end
        pieces.append((start, end))
    return pieces


def _locator(erratum: Erratum) -> tuple[re.Pattern[str], int]:
    """The erratum's context as a whole-word regex, and where its ``sic`` stands in it as a whole word (-1: it
    does not): a correction never lands inside a longer word."""
    within = re.search(whole_words(erratum.sic), erratum.context)
    return re.compile(whole_words(erratum.context)), within.start() if within else -1


def _edition_refs(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``EDITION_REF``, searched from where the first can begin: its unit word at the earliest,
    less the longest lead-in (the regex has no fixed first letter, so a search tries every position)."""
    units = [at for at in (text.find("Note"), text.find("Document")) if at >= 0]
    if not units:
        return iter(())
    return EDITION_REF.finditer(text, max(0, min(units) - len("present edition, ")))


def title_index(titles: dict[str, str]) -> dict[str, str]:
    """Title → id as the ``titles`` of :meth:`InlineParser.parse`: keyed by the letters of each title (the
    first title wins where two read alike)."""
    index: dict[str, str] = {}
    for title, target in titles.items():
        index.setdefault(_title_key(title), target)
    return index


def _supplied_reason(content: str, titles: dict[str, str]) -> tuple[str, str | None]:
    """"reference" for a cited work (quoted, or a title of the corpus), else "explanation"."""
    key = _title_key(content)
    if key and key in titles:
        return "reference", titles[key]
    if content.lstrip()[:1] in "\"“'‘":
        return "reference", None
    return "explanation", None


def _title_key(text: str) -> str:
    return re.sub(r"[^a-z]+", " ", text.lower()).strip()


#: Which of two spans with the same extent encloses the other.
_ORDER = {"supplied": 0, "editionRef": 1, "docRef": 1, "hand": 2, "name": 3, "date": 4, "choice": 5, "note": 6}


def _nest(text: str, nodes: list[_Node]) -> _Node:
    root = _Node(0, len(text), (0, len(text)), "root")
    nodes.sort(key=lambda n: (n.start, -(n.end - n.start), _ORDER.get(n.kind, 9)))
    stack = [root]
    for node in nodes:
        while len(stack) > 1 and node.start >= stack[-1].end:
            stack.pop()
        parent = stack[-1]
        if parent.inner is None:
            continue  # inside a leaf
        lo, hi = parent.inner
        if node.start < lo or node.end > hi:
            continue  # crosses its would-be parent
        if parent.children and parent.children[-1].end > node.start:
            continue  # overlaps an earlier sibling
        parent.children.append(node)
        stack.append(node)
    return root


def _render(text: str, node: _Node) -> tuple[Inline, ...]:
    assert node.inner is not None
    out: list[Inline] = []
    pos, end = node.inner
    for child in node.children:
        if child.start > pos:
            out.append(text[pos:child.start])
        if child.inner is None:
            out.append(Span(child.kind, (), child.attrs))
        elif child.children:
            out.append(Span(child.kind, _render(text, child), child.attrs))
        else:  # (most spans: one run of text)
            lo, hi = child.inner
            out.append(Span(child.kind, (text[lo:hi],) if lo < hi else (), child.attrs))
        pos = child.end
    if pos < end:
        out.append(text[pos:end])
    return tuple(out)
