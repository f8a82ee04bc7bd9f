"""The correspondence strip of a letter's page: for each correspondent, the previous and the next letter of the
corpus to or from that person, and the documents the letter's notes and ``correspContext`` cite.

Computed from the ``correspAction`` elements of the whole corpus (not from the encoder's own
``correspContext prev/next``), so a hand-edited or merged corpus gets a strip that agrees with its letters.
"""

from __future__ import annotations

from dataclasses import dataclass

from tei_lenin.export.reader import Corpus, Document


@dataclass(frozen=True)
class Neighbours:
    """The letters before and after one letter in the correspondence with one person."""

    key: str  # the person's entity id, else their name lower-cased
    name: str
    prev: Document | None
    next: Document | None


def parties(corpus: Corpus, doc: Document) -> list[tuple[str, str]]:
    """(key, name) of a letter's sender and addressees (copies and "for" are not parties to it)."""
    found: list[tuple[str, str]] = []
    for action in doc.actions:
        if action.type == "sent" or action.type == "received" and action.subtype in (None, "to"):
            for agent in action.agents:
                pair = corpus.party(agent)
                if pair[1] and pair not in found:
                    found.append(pair)
    return found


class Correspondence:
    """Every letter of a corpus by correspondent, in reading order, built once for all pages."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.by_party: dict[str, list[Document]] = {}
        self.parties: dict[str, list[tuple[str, str]]] = {}
        self.position: dict[tuple[str, str], int] = {}  # (party, letter id) → its place in by_party[party]
        for doc in corpus.documents:
            if not doc.actions:
                continue
            self.parties[doc.id] = parties(corpus, doc)
            for key, _ in self.parties[doc.id]:
                letters = self.by_party.setdefault(key, [])
                self.position[key, doc.id] = len(letters)
                letters.append(doc)

    def neighbours(self, doc: Document) -> list[Neighbours]:
        """For each party to ``doc`` with another letter in the corpus: the letters before and after."""
        out = []
        for key, name in self.parties.get(doc.id, []):
            letters = self.by_party[key]
            at = self.position[key, doc.id]
            prev = letters[at - 1] if at else None
            nxt = letters[at + 1] if at + 1 < len(letters) else None
            if prev or nxt:
                out.append(Neighbours(key, name, prev, nxt))
        return out

    def cited(self, doc: Document) -> list[Document]:
        """Documents of the corpus that the notes of ``doc`` point to, or that its ``correspContext`` relates
        to, in reading order, without repeats or the document itself."""
        targets = doc.x("t:text//t:note//t:ref/@target | t:teiHeader/t:profileDesc/t:correspDesc/"
                        "t:correspContext/t:ref[@type='related']/@target")
        found = {d.id: d for d in (self.corpus.linked(doc, str(t)) for t in targets) if d and d is not doc}
        return sorted(found.values(), key=lambda d: d.sort_key)
