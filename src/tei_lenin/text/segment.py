"""Split the compilation into blocks and the blocks into documents.

A block is a run of non-blank lines. A document begins with a byline ("Vladimir Ilyich Lenin",
"V. I. Lenin") directly before a title or a header line, with a title ("Letter to …", or a short line
followed by a header line), or with a header line ("Written:", "Dictated:", "Published:" …) that no title
precedes. Everything before the first document is the front matter (compilation title, the publication
line, the introductory essay).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tei_lenin.text.dates import parse_whole

HEADER = re.compile(
    r"^(?P<label>Written|Dictated(?: by (?:Tele)?phone)?|(?:First )?Published|Delivered|Sent)\s*:\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
LETTER_TITLE = re.compile(r"^Letters?\s+to\b:?\s*(?P<rest>.*)$", re.IGNORECASE)
NOTE = re.compile(r"^\[(?P<n>\d{1,3}|[A-Z])\]\s*(?P<rest>.*)$", re.DOTALL)
NAME_LINE = re.compile(r"^(?:(?:[A-Z]\.\s?)+|(?:[A-Z][a-z’'-]+\s+){1,3})[A-Z][a-z’'-]+$")
_NAME_END = frozenset("abcdefghijklmnopqrstuvwxyz’'-")  # the last character of a NAME_LINE
_MARKER_END = re.compile(r"\s*\[(?:\d{1,3}|[A-Z])\]$")


@dataclass(frozen=True)
class RawBlock:
    text: str
    line: int  # first line, 1-based
    last_line: int


def iter_blocks(lines: Iterable[str]) -> Iterator[RawBlock]:
    """Runs of non-blank lines, joined by newlines, with their line numbers."""
    current: list[str] = []
    first = 0
    number = 0
    for number, line in enumerate(lines, start=1):
        line = line.rstrip()
        if line:
            if not current:
                first = number
            current.append(line)
        elif current:
            yield RawBlock("\n".join(current), first, number - 1)
            current = []
    if current:
        yield RawBlock("\n".join(current), first, first + len(current) - 1)


def blocks_of(text: str) -> list[RawBlock]:
    return list(iter_blocks(text.split("\n")))


def without_marker(text: str) -> str:
    if not text.endswith(("]", "]\n")):  # no final marker (``$`` also matches before a final newline)
        return text.strip()
    return _MARKER_END.sub("", text).strip()


def is_header(block: RawBlock) -> bool:
    return "\n" not in block.text and bool(HEADER.match(block.text))


def is_name_line(block: RawBlock) -> bool:
    if "\n" in block.text:
        return False
    text = block.text.strip()
    return text[-1:] in _NAME_END and bool(NAME_LINE.match(text))


def is_title_like(block: RawBlock) -> bool:
    """Short, one line, not a sentence, not a note, a date, a quotation or a header."""
    if "\n" in block.text or len(block.text) > 210:
        return False
    text = without_marker(block.text)
    if not text or len(text) > 200 or text[-1] in ".:;,?!" or text[0] in "\"“[(-":
        return False
    return not (is_header(block) or NOTE.match(block.text) or parse_whole(text))


def _header_follows(blocks: list[RawBlock], i: int) -> bool:
    """A header line within the next two blocks, the one between (if any) short."""
    for j in (i + 1, i + 2):
        if j >= len(blocks):
            return False
        if is_header(blocks[j]):
            return True
        if not is_title_like(blocks[j]):
            return False
    return False


def is_title(blocks: list[RawBlock], i: int) -> bool:
    block = blocks[i]
    if not is_title_like(block):
        return False
    return bool(LETTER_TITLE.match(block.text)) or _header_follows(blocks, i)


def is_byline(blocks: list[RawBlock], i: int) -> bool:
    return (
        is_name_line(blocks[i])
        and i + 1 < len(blocks)
        and (is_title(blocks, i + 1) or is_header(blocks[i + 1]))
    )


@dataclass
class RawDocument:
    """The blocks of one document, sorted into its head zone and the rest."""

    byline: RawBlock | None
    title: RawBlock | None
    intro: list[RawBlock]  # short lines between title and header lines ("For Members of …")
    headers: list[RawBlock]
    body: list[RawBlock]

    @property
    def first_line(self) -> int:
        for block in (self.byline, self.title, *self.intro, *self.headers, *self.body):
            if block is not None:
                return block.line
        return 0

    @property
    def last_line(self) -> int:
        for block in reversed([self.byline, self.title, *self.intro, *self.headers, *self.body]):
            if block is not None:
                return block.last_line
        return 0


class _Window:
    """A look-ahead buffer over a block stream: the recognisers need up to four blocks at once."""

    SIZE = 4

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


def iter_documents(blocks: Iterable[RawBlock]) -> Iterator[RawBlock | RawDocument]:
    """Front-matter blocks (as :class:`RawBlock`) until the first document, then each complete document."""
    window = _Window(blocks)
    doc: RawDocument | None = None
    while window.items:
        items = window.items
        if not (is_byline(items, 0) or is_title(items, 0) or is_header(items[0])):
            block = window.pop()
            if doc is None:
                yield block
            else:
                doc.body.append(block)
            continue
        if doc is not None:
            yield doc
        doc = RawDocument(None, None, [], [], [])
        if is_byline(window.items, 0):
            doc.byline = window.pop()
        if window.items and not is_header(window.items[0]) and is_title(window.items, 0):
            doc.title = window.pop()
            while window.items and not is_header(window.items[0]) and is_title_like(window.items[0]) \
                    and _header_follows([doc.title, *window.items], 0):
                doc.intro.append(window.pop())
        while window.items and is_header(window.items[0]):
            doc.headers.append(window.pop())
    if doc is not None:
        yield doc


def split_documents(blocks: list[RawBlock]) -> tuple[list[RawBlock], list[RawDocument]]:
    """Front matter and documents, in source order."""
    front: list[RawBlock] = []
    documents: list[RawDocument] = []
    for item in iter_documents(blocks):
        if isinstance(item, RawDocument):
            documents.append(item)
        else:
            front.append(item)
    return front, documents
