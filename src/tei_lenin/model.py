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
            out.append(f"{{{item.get('n')}}}" if item.get("braces") == "yes" else f"[{item.get('n')}]")
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
        elif item.kind == "choice":  # a doubtful reading with no correction reads as printed
            out.append(item.get("corr") or item.get("sic") or "")
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
    #: Local id, unique in the document: "n1"; a second note numbered 1 is "n1-2".
    ident: str = ""


@dataclass(frozen=True)
class Part:
    """A run of body blocks closed by its own closer (one part unless the text is dated in parts)."""

    blocks: tuple[Block, ...]
    closer: tuple[Block, ...] = ()
    #: Lines that open this part (a salutation, a dateline, header lines of a second letter on the page).
    opener: tuple[Block, ...] = ()
    #: A section number heading the part ("1", "II").
    head: Block | None = None


@dataclass(frozen=True)
class Postscript:
    """"P.S." or "P.P.S." with its paragraphs and, where one follows, its own closer (a signature)."""

    label: str
    blocks: tuple[Block, ...]
    line: int
    closer: tuple[Block, ...] = ()
    hand: str | None = None


@dataclass(frozen=True)
class HeaderLine:
    """A "Label: …" line under the title ("Written: …", "Source: …"), or one sentence of a "Published:" line."""

    label: str
    text: str  # the whole line (or sentence), word for word
    content: tuple[Inline, ...]
    line: int
    #: What the line is (:data:`tei_lenin.text.rules.headers.LABELS`): written, dictated, source, rights …;
    #: for the sentences of a Published line: first-published, text-base, sent, published.
    key: str = ""
    #: The words after the label (the whole text for a sentence).
    value: str = ""


@dataclass(frozen=True)
class Edition:
    """The printed edition a ``Source:`` line names: volume and pages where it gives them."""

    line: HeaderLine
    #: Where the value names the volume and the pages: (start, end, unit, number), offsets in ``line.value``.
    scopes: tuple[tuple[int, int, str, str], ...] = ()
    #: "Translated: …" lines: the translators of the edition.
    translators: tuple[HeaderLine, ...] = ()

    def scope(self, unit: str) -> str | None:
        """The volume or the pages ("45", "211c-212a") the Source line names, or None."""
        return next((n for _, _, u, n in self.scopes if u == unit), None)


@dataclass(frozen=True)
class Witness:
    """What the edition printed the text from ("Printed from a typewritten copy"): the kind of witness and
    the sentence that says so."""

    kind: str  # original | typescript | copy | hand | print | other
    line: HeaderLine


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
    #: Where the action took place, as the text names it ("Sent from Zurich to Christiania").
    places: tuple[str, ...] = ()


@dataclass(frozen=True)
class Amanuensis:
    """Who took a dictated text down, as another document's note says: an inference, with its evidence."""

    who: Correspondent
    #: The note it rests on: document id and the note's local id ("l1923-03-05b#n1").
    source: str
    cert: str = "medium"


@dataclass(frozen=True)
class Hand:
    """A hand named by an editorial note; ``scope`` is major (main hand) or minor."""

    ident: str  # local id part, e.g. "h-fotieva"
    name: str
    key: str | None
    scope: str
    description: str
    #: The local id of the note that names the hand (or, for an implied hand, a note it is implied from).
    source: str | None = None
    #: Where the hand is implied rather than named: the certainty of that inference.
    cert: str | None = None


@dataclass(frozen=True)
class FirstPublished:
    journal: str
    issue: str | None
    date: DateValue | None
    text: str  # the words after "First Published:"
    content: tuple[Inline, ...]
    line: int = 0


@dataclass
class Document:
    """One letter, article or essay of the compilation, as read from the text."""

    kind: str  # letter | article | essay
    ident: str
    first_line: int
    last_line: int
    title: str
    subtitle: str | None = None
    #: The document's number in its volume, where a line gives it alone ("212").
    serial: str | None = None
    #: The form of its title (letter-to, telegram, telephone …: :data:`tei_lenin.text.rules.titles.TITLE_FORMS`).
    title_form: str | None = None
    byline: Block | None = None
    head: tuple[Inline, ...] | None = None
    #: Lines about the creation ("Written: …", "Dictated: …", "Sent from A to B."), word for word.
    header_lines: list[HeaderLine] = field(default_factory=list)
    first_published: list[FirstPublished] = field(default_factory=list)
    edition: Edition | None = None
    witness: Witness | None = None
    #: Lines about the web page the text was copied from ("Transcription\\Markup: …", "Public Domain: …").
    web_lines: list[HeaderLine] = field(default_factory=list)
    #: Where the letter was sent from and to ("Sent from Zurich to Christiania").
    places: tuple[str | None, str | None] = (None, None)
    headnote: Block | None = None
    opener: list[Block] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    postscripts: list[Postscript] = field(default_factory=list)
    trailer: list[Block] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    authors: list[Correspondent] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    dates: list[DateValue] = field(default_factory=list)
    #: How the text was made (taxonomy "mode") and the local id of the element whose words say so.
    mode: str = "mode-unstated"
    mode_source: str | None = None  # (several local ids, space-separated, where two sources are read together)
    #: Where the composition is a reading of the evidence rather than its words: the certainty of it.
    mode_cert: str | None = None
    #: How the text travelled (taxonomy "transmission") and the local id of the element that says so.
    transmission: str = "trans-unstated"
    transmission_source: str | None = None
    secrecy: str = "sec-unmarked"
    hands: list[Hand] = field(default_factory=list)
    main_hand: str | None = None
    #: The opening words, where the title alone does not tell this document from another of the compilation.
    incipit: str | None = None
    #: When an essay was written, where its text gives evidence (the latest year it mentions, the compilation's
    #: publication): a range of low certainty.
    written: DateValue | None = None
    #: Who took the text down, where another document's note says so.
    amanuenses: list[Amanuensis] = field(default_factory=list)
    #: Documents whose notes state facts about this one (file names), for ``correspContext``.
    related: list[str] = field(default_factory=list)
    prev_letter: str | None = None
    next_letter: str | None = None

    @property
    def date(self) -> str | None:
        for d in self.dates:
            if d.when:
                return d.when
        return None

    @property
    def earliest(self) -> str | None:
        """The date that names and orders the document: its first exact date, else the first bound of a
        range."""
        return self.date or next((d.not_before or d.not_after for d in self.dates if d.not_before or d.not_after),
                                 None)


@dataclass(frozen=True)
class Warning_:
    """A recoverable oddity of the source, reported with its line and encoded visibly; a ``notice`` is not a
    doubt but says where a line went that the TEI does not keep as text (page furniture, a "Notes" heading)."""

    line: int
    message: str
    severity: str = "warning"  # warning | notice


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


def flattened(doc: Document) -> Document:
    """The document with every block of its text as a plain paragraph, in reading order (opener, parts,
    postscripts): what is certain when the structure read from the text cannot be encoded validly."""
    from dataclasses import replace

    blocks = [*doc.opener]
    for part in doc.parts:
        blocks += [*(b for b in (part.head,) if b), *part.opener, *part.blocks, *part.closer]
    for ps in doc.postscripts:
        blocks += [*ps.blocks, *ps.closer]
    paragraphs = tuple(Block("p", b.content, b.line) for b in blocks if b.content)
    return replace(doc, opener=[], parts=[Part(paragraphs)], postscripts=[])
