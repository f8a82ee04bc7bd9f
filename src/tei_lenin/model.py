"""The document model between the text stages and the TEI encoder: plain frozen dataclasses, no lxml."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DateValue:
    """One normalised date: ``when`` (ISO day or month) or a ``not_before``/``not_after`` range."""

    when: str | None = None
    not_before: str | None = None
    not_after: str | None = None
    cert: str | None = None


# ---- inline content -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """Marked-up inline content: ``kind`` names the markup, ``children`` are str or Span."""

    kind: str  # name | note | supplied | choice | hand | date | quote
    children: tuple[Inline, ...] = ()
    attrs: tuple[tuple[str, str], ...] = ()

    def get(self, key: str, default: str | None = None) -> str | None:
        for name, value in reversed(self.attrs):  # the last wins, as in a dict of the pairs
            if name == key:
                return value
        return default


Inline = str | Span


def plain(inlines: tuple[Inline, ...] | list[Inline]) -> str:
    """The source characters of inline content (note markers as "[n]", supplied text in brackets)."""
    out = []
    for item in inlines:
        if isinstance(item, str):
            out.append(item)
        elif item.kind == "note":
            out.append(f"[{item.get('n')}]")
        elif item.kind == "supplied":
            out.append("[" + plain(item.children) + "]")
        elif item.kind == "choice":
            out.append(item.get("sic") or "")
        else:
            out.append(plain(item.children))
    return "".join(out)


def corrected(content: tuple[Inline, ...] | list[Inline]) -> str:
    """The reading text of inline content: corrections applied, markers and supplied brackets dropped."""
    out = []
    for item in content:
        if isinstance(item, str):
            out.append(item)
        elif item.kind == "choice":
            out.append(item.get("corr") or "")
        elif item.kind != "note":
            out.append(corrected(item.children))
    return "".join(out)


# ---- blocks -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """A paragraph-level unit of the text with its source line."""

    kind: str  # p | quote | headnote | salute | signed | dateline | classification | addressee | copyTo | ...
    content: tuple[Inline, ...]
    line: int
    attrs: tuple[tuple[str, str], ...] = ()

    def attrs_get(self, key: str) -> str | None:
        for name, value in reversed(self.attrs):  # the last wins, as in a dict of the pairs
            if name == key:
                return value
        return None


@dataclass(frozen=True)
class Note:
    n: str
    paragraphs: tuple[tuple[Inline, ...], ...]
    line: int
    anchored: bool = True
    #: A marker with no note text ("[A]"): encoded as a note holding a ``gap``.
    missing: bool = False


@dataclass(frozen=True)
class Part:
    """A run of body blocks closed by its own closer (one part unless the text is dated in parts)."""

    blocks: tuple[Block, ...]
    closer: tuple[Block, ...] = ()


@dataclass(frozen=True)
class HeaderLine:
    """A "Label: …" line under the title ("Written: …", "Dictated by Telephone: …")."""

    label: str
    text: str  # the whole line, word for word
    content: tuple[Inline, ...]
    line: int


@dataclass(frozen=True)
class Correspondent:
    name: str  # as the text gives it
    key: str | None  # authority key, None when the authority file does not know the name
    kind: str = "person"


@dataclass(frozen=True)
class Action:
    """A correspondence action: sent, received (to|cc|for) or transmitted."""

    type: str
    subtype: str | None
    who: tuple[Correspondent, ...]
    date: DateValue | None = None
    note: str | None = None


@dataclass(frozen=True)
class Hand:
    """A hand named by an editorial note; ``scope`` is major (main hand) or minor."""

    ident: str  # local id part, e.g. "h-fotieva"
    name: str
    key: str | None
    scope: str
    description: str


@dataclass(frozen=True)
class FirstPublished:
    journal: str
    issue: str | None
    date: DateValue | None
    text: str  # the words after "First Published:"
    content: tuple[Inline, ...]


@dataclass
class Document:
    """One letter, article or essay of the compilation, as read from the text."""

    kind: str  # letter | article | essay
    ident: str
    first_line: int
    last_line: int
    title: str
    subtitle: str | None = None
    byline: Block | None = None
    head: tuple[Inline, ...] | None = None
    header_lines: list[HeaderLine] = field(default_factory=list)
    first_published: FirstPublished | None = None
    text_base: str | None = None
    headnote: Block | None = None
    opener: list[Block] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    postscripts: list[Block] = field(default_factory=list)
    trailer: list[Block] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    authors: list[Correspondent] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    dates: list[DateValue] = field(default_factory=list)
    mode: str = "mode-unstated"
    secrecy: str = "sec-unmarked"
    hands: list[Hand] = field(default_factory=list)
    main_hand: str | None = None
    prev_letter: str | None = None
    next_letter: str | None = None

    @property
    def date(self) -> str | None:
        for d in self.dates:
            if d.when:
                return d.when
        return None


@dataclass(frozen=True)
class Warning_:
    """A recoverable oddity of the source, reported with its line and encoded visibly."""

    line: int
    message: str


@dataclass
class Compilation:
    """The whole source: its front matter and its documents."""

    title: str
    publisher_line: str | None
    published: DateValue | None
    editor: str | None
    documents: list[Document]
    warnings: list[Warning_]
    source_name: str
    #: Kind of every document by id (also when the documents are streamed and not kept).
    kinds: dict[str, str] = field(default_factory=dict)
