"""Split the compilation into blocks and the blocks into documents.

A block is a run of non-blank lines (a block that mixes header lines with other lines is cut where they
meet). Each block has a kind of its own (:mod:`tei_lenin.text.rules.blocks`); a document begins with

- an author heading ("V. I. Lenin"; or a known person's name, "Vladimir Ilyich Lenin") followed by header
  lines, or by a title that header lines follow or that has a letter form ("To: J. V. STALIN", "TELEGRAM TO …");
- a title followed by header lines (short title-like lines may stand between: "For Members of the C.C.");
- a title of a letter form ("Letter to …", "To: …") after the text or notes of the previous document;
- header lines after the notes of the previous document, or before any document (an untitled page).

Header lines inside a text that has no notes yet belong to it (a second letter on the same page). Everything
before the first document is the front matter (compilation title, publication line, introductory essay).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from tei_lenin.text.rules.blocks import NOTE, PUBLICATION, SERIAL, author, block_kind, without_marker
from tei_lenin.text.rules.furniture import is_furniture
from tei_lenin.text.rules.headers import header_line
from tei_lenin.text.rules.opener import opener_kind
from tei_lenin.text.rules.titles import read_title

__all__ = ["NOTE", "RawBlock", "RawDocument", "blocks_of", "iter_blocks", "iter_documents", "split_documents",
           "without_marker"]


@dataclass(frozen=True)
class RawBlock:
    text: str
    line: int  # first line, 1-based
    last_line: int

    @cached_property
    def kind(self) -> str:
        """What the block is on its own (:data:`tei_lenin.text.rules.blocks.BLOCK_RULES`)."""
        return block_kind(self.text)

    @property
    def lines(self) -> list[tuple[int, str]]:
        """(line number, text) of each line."""
        return [(self.line + i, text) for i, text in enumerate(self.text.split("\n"))]


def iter_blocks(lines: Iterable[str]) -> Iterator[RawBlock]:
    """Runs of non-blank lines, joined by newlines, with their line numbers (cut between header lines and
    other lines, and after an author heading that a title or header line follows in the same run)."""
    current: list[str] = []
    first = 0
    number = 0
    for number, line in enumerate(lines, start=1):
        line = line.rstrip()
        if line.strip():
            if not current:
                first = number
            current.append(line)
        elif current:
            yield from _cut(current, first)
            current = []
    if current:
        yield from _cut(current, first)


def _cut(lines: list[str], first: int) -> Iterator[RawBlock]:
    """One block, or several where header lines meet other lines (and an author heading its title)."""
    if len(lines) == 1:
        yield RawBlock(lines[0], first, first)
        return
    if any((h := header_line(line)) is not None and not h.value for line in lines):
        yield from _line_broken(lines, first)
        return
    is_header = [header_line(line) is not None for line in lines]
    cuts = [i for i in range(1, len(lines)) if is_header[i] != is_header[i - 1]]
    if author(lines[0]) and not is_header[0] and (is_header[1] or read_title(lines[1])):
        cuts = sorted({1, *cuts})
    start = 0
    for cut in [*cuts, len(lines)]:
        yield RawBlock("\n".join(lines[start:cut]), first + start, first + cut - 1)
        start = cut


def _line_broken(lines: list[str], first: int) -> Iterator[RawBlock]:
    """A page copied with a line per element and no blank lines (some mirrors of the archive): each line is a
    block, and a header label alone on its line takes the lines after it as its value ("Source:" / "Lenin" /
    "Collected Works," …) up to the next header line, page furniture or a line that opens a letter."""
    index = 0
    while index < len(lines):
        line, number = lines[index], first + index
        header = header_line(line)
        index += 1
        if header is None or header.value:
            yield RawBlock(line, number, number)
            continue
        value: list[str] = []
        while index < len(lines) and not _ends_value(lines[index]):
            value.append(lines[index].strip())
            index += 1
        yield RawBlock(" ".join([line.rstrip(), *value]), number, first + index - 1)


def _ends_value(line: str) -> bool:
    """A line that cannot continue a header value broken over lines: another header line, page furniture, a
    line of prose, or a line that opens a letter ("Comrade Smith:", "Top secret", a date)."""
    text = line.strip()
    return (header_line(line) is not None or is_furniture(text) or len(text) > 100
            or text.startswith(("Comrade", "Dear", "To ")) or opener_kind(text, []) in {"classification", "copyTo",
                                                                                        "dateline"})


def blocks_of(text: str) -> list[RawBlock]:
    return list(iter_blocks(text.split("\n")))


@dataclass
class RawDocument:
    """The blocks of one document, sorted into its head zone and the rest."""

    byline: RawBlock | None
    title: RawBlock | None
    intro: list[RawBlock]  # short lines between title and header lines ("For Members of …")
    headers: list[RawBlock]
    body: list[RawBlock]
    #: Page furniture met in the head zone (left out of the TEI, reported).
    furniture: list[RawBlock] = field(default_factory=list)
    #: The document's number in its volume, alone on a line before the title ("212").
    serial: RawBlock | None = None

    @property
    def first_line(self) -> int:
        return min(b.line for b in self._blocks())

    @property
    def last_line(self) -> int:
        return max(b.last_line for b in self._blocks())

    def _blocks(self) -> list[RawBlock]:
        return [b for b in (self.byline, self.serial, self.title, *self.intro, *self.headers, *self.body,
                            *self.furniture) if b]

    @property
    def has_notes(self) -> bool:
        return any(b.kind in {"note", "notes-heading"} for b in self.body)


class _Window:
    """A look-ahead buffer over a block stream: deciding a document start needs a few blocks at once."""

    SIZE = 8

    def __init__(self, blocks: Iterable[RawBlock]) -> None:
        self._source = iter(blocks)
        self.items: list[RawBlock] = []
        self._fill()

    def _fill(self) -> None:
        while len(self.items) < self.SIZE:
            block = next(self._source, None)
            if block is None:
                return
            self.items.append(block)

    def pop(self) -> RawBlock:
        block = self.items.pop(0)
        self._fill()
        return block


class _Splitter:
    """Decides where documents begin; ``known`` tells a name of the authority file (an author heading written
    out in full, "Vladimir Ilyich Lenin", reads like a title otherwise)."""

    def __init__(self, known: Callable[[str], bool]) -> None:
        self.known = functools.lru_cache(maxsize=1024)(known)

    def is_author(self, block: RawBlock) -> bool:
        """An author heading: initials and a surname, or a known person's full name (two words or more)."""
        name = " ".join(block.text.split())
        return block.kind == "author" or (block.kind == "title" and "\n" not in block.text
                                          and len(name.split()) > 1 and self.known(name))

    def is_title(self, block: RawBlock) -> bool:
        return block.kind in {"title", "author"}

    def header_follows(self, items: list[RawBlock], start: int) -> bool:
        """Header lines at ``start`` or after at most two title-like blocks (furniture skipped)."""
        for i in _content(items, start, 3):
            if items[i].kind == "header":
                return True
            if not self.is_title(items[i]) or self.is_author(items[i]):
                return False
        return False

    def title_starts(self, items: list[RawBlock], i: int, doc: RawDocument | None) -> bool:
        if not self.is_title(items[i]):
            return False
        if doc is not None and doc.body and self.signs_before_title(items, i):
            return False  # "Lenin" closing the letter before the next one's "Letter to: …"
        if self.header_follows(items, i + 1):
            return True
        title = read_title(items[i].text)
        # A letter form without header lines: after the text or notes of a document, or before any.
        return bool(title and title.form.strong and (doc is None or doc.body))

    def signs_before_title(self, items: list[RawBlock], i: int) -> bool:
        """A known person's name alone (a signature) followed by a letter's title of a strong form."""
        nxt = _content(items, i + 1, 1)
        name = " ".join(items[i].text.split())
        return bool(nxt and "\n" not in items[i].text and len(name) < 40 and self.known(name)
                    and (title := read_title(items[nxt[0]].text)) and title.form.strong)

    def starts(self, items: list[RawBlock], doc: RawDocument | None) -> bool:
        """Whether ``items[0]`` begins a new document (``doc``: the document read so far, if any)."""
        first = items[0]
        rest = _content(items, 1, 1)
        if doc is None and rest and PUBLICATION.match(items[rest[0]].text):
            return False  # the compilation's title, above its publication line
        if self.is_author(first):
            nxt = items[rest[0]] if rest else None
            if nxt is not None and not self.is_author(nxt) and (
                    nxt.kind == "header" or self.title_starts(items, rest[0], doc)
                    or self.is_title(nxt) and read_title(nxt.text)):
                return True
        if first.kind == "title":
            return self.title_starts(items, 0, doc)
        if first.kind == "header":
            return doc is None or doc.has_notes
        return False

    def head(self, window: _Window, doc: RawDocument) -> None:
        """Take the head zone of a new document: author heading, title, short lines, header lines."""

        def skip_furniture() -> None:
            while window.items and window.items[0].kind == "furniture":
                doc.furniture.append(window.pop())

        first = window.items[0]
        rest = _content(window.items, 1, 1)
        if first.kind == "author" or self.is_author(first) and rest and (
                window.items[rest[0]].kind == "header" or self.is_title(window.items[rest[0]])):
            doc.byline = window.pop()
            skip_furniture()
        if window.items and SERIAL.match(window.items[0].text) and self.header_follows(window.items, 1):
            doc.serial = window.pop()
            skip_furniture()
        if window.items and self.is_title(window.items[0]) and (
                self.header_follows(window.items, 1) or read_title(window.items[0].text) or doc.byline):
            doc.title = window.pop()
            skip_furniture()
            while window.items and self.is_title(window.items[0]) and self.header_follows(window.items, 1):
                doc.intro.append(window.pop())
                skip_furniture()
        while window.items and window.items[0].kind == "header":
            doc.headers.append(window.pop())
            skip_furniture()

def _content(items: list[RawBlock], start: int, count: int) -> list[int]:
    """Indexes of the first ``count`` blocks from ``start`` on that are not page furniture."""
    found: list[int] = []
    for i in range(start, len(items)):
        if items[i].kind != "furniture":
            found.append(i)
            if len(found) == count:
                break
    return found


def iter_documents(blocks: Iterable[RawBlock], known: Callable[[str], bool] = lambda name: False
                   ) -> Iterator[RawBlock | RawDocument]:
    """Front-matter blocks (as :class:`RawBlock`) until the first document, then each complete document."""
    window = _Window(blocks)
    splitter = _Splitter(known)
    doc: RawDocument | None = None
    while window.items:
        if not splitter.starts(window.items, doc):
            block = window.pop()
            if doc is None:
                yield block
            else:
                doc.body.append(block)
            continue
        if doc is not None:
            yield doc
        doc = RawDocument(None, None, [], [], [])
        splitter.head(window, doc)
    if doc is not None:
        yield doc


def split_documents(blocks: list[RawBlock], known: Callable[[str], bool] = lambda name: False
                    ) -> tuple[list[RawBlock], list[RawDocument]]:
    """Front matter and documents, in source order."""
    front: list[RawBlock] = []
    documents: list[RawDocument] = []
    for item in iter_documents(blocks, known):
        if isinstance(item, RawDocument):
            documents.append(item)
        else:
            front.append(item)
    return front, documents
