"""Read the documents of a compilation: roles of blocks, correspondents, dates, mode, hands, notes.

Every fact comes from the text by the general rules below; nothing is looked up per document.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from tei_lenin.model import (
    Action,
    Block,
    Compilation,
    Correspondent,
    DateValue,
    Document,
    FirstPublished,
    Hand,
    HeaderLine,
    Inline,
    Note,
    Part,
    Span,
    Warning_,
    corrected,
    plain,
)
from tei_lenin.reference import Authority, Erratum
from tei_lenin.text.corpus import (
    REPLAY_BUDGET,
    Front,
    Plan,
    Replay,
    Summary,
    assign_ids,
    key_words,
    normal,
    quote_keys,
    sequences,
)
from tei_lenin.text.dates import find_dates, parse_whole
from tei_lenin.text.inline import MARKER, HandSpan, InlineParser, title_index
from tei_lenin.text.names import Gazetteer
from tei_lenin.text.segment import (
    HEADER,
    LETTER_TITLE,
    NOTE,
    RawBlock,
    RawDocument,
    blocks_of,
    is_name_line,
    is_title_like,
    iter_blocks,
    iter_documents,
    without_marker,
)
from tei_lenin.text.source import SourceError

CLASSIFICATION = re.compile(r"^(?:Top secret|Strictly secret|Secret|Confidential)\.?$", re.IGNORECASE)
COPY_TO = re.compile(r"^Cop(?:y|ies)\s+to\s+(?P<who>.+?)\.?$")
FOR_LINE = re.compile(r"^For\s+(?:the\s+)?(?:Members\s+of\s+)?(?P<who>.+)$", re.IGNORECASE)
SALUTE = re.compile(r"^(?:(?:My\s+)?Dear\s+.{1,60}|Comrades?\s+[A-Z].{0,60})$")
ADDRESSEE = re.compile(r"^Comrades?\s+[A-Z][^:]{0,120}$")
CLOSING = (r"(?:Respectfully yours|Yours(?: faithfully| sincerely)?"
           r"|With (?:best )?(?:comradely|communist) greetings)[,.]?")
CLOSING_LINE = re.compile(rf"^{CLOSING}$")
CLOSING_TAIL = re.compile(rf"\s+(?P<salute>{CLOSING})$")
#: The last words of the ``CLOSING`` formulas: a cheap test before the search for a run-on closing.
CLOSING_ENDS = ("yours", "Yours", "faithfully", "sincerely", "greetings")
POSTSCRIPT = re.compile(r"^(?P<label>P\.\s?P\.\s?S\.|P\.\s?S\.)\s*(?P<rest>.*)$", re.DOTALL)
HEADNOTE = re.compile(r"^This (?:document|letter|article|text) (?:is|was)\b")
ESSAY_BYLINE = re.compile(r"\s+-\s+(?P<who>[^-]{2,80}?)\s+-\s*$")
PUBLICATION = re.compile(r"^(?P<date>.*?\d{4}),\s+by\s+(?P<who>.+)$")
TITLE_DATE = re.compile(r"^(?P<who>.+?)\s+on\s+(?P<date>.+)$")

WORDS_HAND = re.compile(
    r"[Tt]he words? [“\"](?P<words>.+?)[”\"] (?:is|are) (?:written )?in (?P<who>[^.]+?)[’']s? hand")
PART_HAND = re.compile(
    r"(?P<part>P\.\s?S\.|[Tt]he postscript|[Tt]he signature) is (?:written )?in (?P<who>[^.]+?)[’']s? hand")
NOTE_DICTATED = re.compile(
    r"\bdictated (?:the|this) (?:document|letter|article)(?: here published)?\b"
    r"|\b(?:[Tt]his|[Tt]he present) (?:letter|document|article)\b[^.]*\bdictated\b")
TRANSMITTED = re.compile(
    r"\b(?:read|communicated|transmitted)\s+to\s+(?P<to>[A-Z][\w .’'-]*?)\s+(?P<same>the same day\s+)?"
    r"(?:on|over|by)\s+the\s+(?:tele)?phone\s+by\s+(?P<who>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)")
#: A title run on into its subtitle ("… Inspection Recommendation to the Twelfth Party Congress"): the
#: subtitle starts with a genre word addressed "to the" or "for the" someone.
SUBTITLE = re.compile(r"\s+(?=(?:Recommendation|Proposal|Report|Speech|Address|Letter|Notes?|Theses)s?"
                      r" (?:to|for) the\b)")
PHONE = re.compile(r"\bby (?:tele)?phone\b", re.IGNORECASE)
FOUR_DIGITS = re.compile(r"\d{4}")



class Reader:
    """Turns the text of a compilation into a :class:`Compilation`."""

    def __init__(self, authorities: list[Authority], errata: list[Erratum]) -> None:
        self.gazetteer = Gazetteer(authorities)
        self.inline = InlineParser(self.gazetteer, errata)
        self.warnings: list[Warning_] = []
        self.front = Front("", None, None, None)
        self._stream_plan: Plan | None = None
        #: In the first pass of :meth:`stream`, prose is kept as plain text (only the summary is needed).
        self._light = False

    # ---- entry points -------------------------------------------------------------------------------

    def read(self, text: str, source_name: str) -> Compilation:
        """Read a whole text at once (one pass, all documents kept)."""
        self.warnings = []
        documents = list(self._parsed(blocks_of(text), source_name))
        plan = self._plan(documents)
        finished = [self._apply(doc, plan, index) for index, doc in enumerate(documents)]
        return self._compilation(plan, source_name, finished)

    def stream(self, open_lines: Callable[[], Iterable[str]], source_name: str
               ) -> tuple[Compilation, Iterator[tuple[int, Document | RawDocument]]]:
        """Read in two passes over ``open_lines()`` with one document in memory at a time.

        The first pass (run now, so bad input fails before anything is written) gathers the corpus-level
        facts: ids, the principal author, titles, letter sequences, quotation targets. The returned iterator
        is the second pass: numbered work items, each turned into a finished document by :meth:`finish`
        (in this process or a forked worker); warnings met outside ``finish`` go to the compilation.
        """
        self.warnings = []
        self._light = True
        kept = Replay(iter_blocks(open_lines()), REPLAY_BUDGET)
        try:
            self._stream_plan = self._plan(self._parsed(kept, source_name))
        finally:
            self._light = False
        compilation = self._compilation(self._stream_plan, source_name, [])

        def second_pass() -> Iterator[tuple[int, Document | RawDocument]]:
            self.warnings = compilation.warnings
            self.warnings.clear()
            blocks = kept.blocks if kept.blocks is not None else iter_blocks(open_lines())
            yield from enumerate(self._items(blocks, source_name))

        return compilation, second_pass()

    def finish(self, index: int, item: Document | RawDocument) -> tuple[Document, list[Warning_]]:
        """The finished document for a work item of :meth:`stream`, with the warnings it raised."""
        assert self._stream_plan is not None, "finish() needs stream() first"
        saved, self.warnings = self.warnings, []
        try:
            doc = item if isinstance(item, Document) else self._parse_raw(item)
            return self._apply(doc, self._stream_plan, index), self.warnings
        finally:
            self.warnings = saved

    def _compilation(self, plan: Plan, source_name: str, documents: list[Document]) -> Compilation:
        return Compilation(plan.front.title, plan.front.publisher_line, plan.front.published, plan.front.editor,
                           documents, self.warnings, source_name, dict(zip(plan.idents, plan.kinds, strict=True)))

    # ---- pass over the documents ----------------------------------------------------------------------

    def _parsed(self, blocks: Iterable[RawBlock], source_name: str) -> Iterator[Document]:
        """Each document with the facts it states itself (no ids, no corpus-level links yet)."""
        for item in self._items(blocks, source_name):
            yield item if isinstance(item, Document) else self._parse_raw(item)

    def _items(self, blocks: Iterable[RawBlock], source_name: str) -> Iterator[Document | RawDocument]:
        """The essay (read from the front matter) as a document, then the raw blocks of each document."""
        front: list[RawBlock] = []
        seen_document = False
        for item in iter_documents(blocks):
            if isinstance(item, RawBlock):
                front.append(item)
                continue
            if not seen_document:
                seen_document = True
                self.front, essay = self._front(front)
                if essay:
                    self._local(essay)
                    yield essay
            yield item
        if not seen_document:
            line = front[0].line if front else 1
            raise SourceError(source_name, line, "no recognisable document: no title, byline or header line "
                              "(\"Written:\", \"Dictated:\", \"Published:\") was found")

    def _parse_raw(self, raw: RawDocument) -> Document:
        doc = self._document(raw)
        self._local(doc)
        return doc

    def _local(self, doc: Document) -> None:
        century = self._doc_century(doc) if doc.dates else 19
        self._dates(doc, century)
        century = self._doc_century(doc)
        if doc.kind == "letter":
            self._correspondents(doc)
        if self._light:
            return
        self._resolve_notes(doc)
        if doc.kind == "letter":
            self._mode_from_notes(doc)
            self._transmission(doc)
        self._hands(doc, century)

    def _plan(self, documents: Iterable[Document]) -> Plan:
        """Corpus-level facts from a pass over the documents (only small summaries are kept)."""
        summaries: list[Summary] = []
        quotes: dict[int, str] = {}
        words: dict[str, tuple[str, ...]] = {}
        quote_targets: dict[int, int] = {}
        for index, doc in enumerate(documents):
            to = next((a for a in doc.actions if a.type == "received" and a.subtype == "to"), None)
            signed = [plain(b.content) for p in doc.parts for b in p.closer if b.kind == "signed"]
            summaries.append(Summary(doc.kind, doc.date, _title_of(doc),
                                     to.who[0].key if to and to.who else None,
                                     [a.key for a in doc.authors if a.key], signed))
            if doc.kind == "essay":
                quotes = {line: key for line, key in quote_keys(doc)}
                words = {key: key_words(key) for key in quotes.values()}
                continue
            pending = [(line, key) for line, key in quotes.items() if line not in quote_targets]
            if not pending:  # every quotation has its source: no need for this document's text
                continue
            raw = " ".join(plain(b.content) for p in doc.parts for b in p.blocks)
            pending = [(line, key) for line, key in pending if all(word in raw for word in words[key])]
            text = normal(raw) if pending else ""
            for line, key in pending:
                if key in text:
                    quote_targets[line] = index
        idents = assign_ids(summaries)
        return Plan(
            front=self.front,
            idents=idents,
            kinds=[s.kind for s in summaries],
            principal=self._principal_author(summaries),
            titles=title_index({s.title: ident for s, ident in zip(summaries, idents, strict=True) if s.title}),
            links=sequences(summaries, idents),
            quote_targets={line: idents[i] for line, i in quote_targets.items()},
        )

    def _apply(self, doc: Document, plan: Plan, index: int) -> Document:
        """Give a document its id and the corpus-level facts."""
        if index >= len(plan.idents):
            raise SourceError("", doc.first_line, "the source changed while it was being read")
        doc.ident = plan.idents[index]
        if not doc.authors and plan.principal and doc.kind != "essay":
            doc.authors = [plan.principal]
        if doc.kind == "letter":
            date = doc.dates[0] if doc.dates else None
            doc.actions.insert(0, Action("sent", None, tuple(doc.authors), date))
        self._main_hand(doc)
        doc.prev_letter, doc.next_letter = plan.links.get(doc.ident, (None, None))
        if doc.kind == "essay":
            doc.parts = [Part(tuple(replace(b, attrs=b.attrs + (("target", plan.quote_targets[b.line]),))
                                    if b.line in plan.quote_targets else b for b in doc.parts[0].blocks))]
        self._references(doc, plan.titles, self._doc_century(doc))
        return doc

    def _prose(self, text: str, **options: object) -> tuple[Inline, ...]:
        """Inline content of a block; plain text in the light first pass, which reads only the plain text of
        blocks other than header lines, datelines and titles (``plain`` of the parsed content is the text)."""
        return (text,) if self._light else self.inline.parse(text, **options)  # type: ignore[arg-type]

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(Warning_(line, message))

    # ---- front matter and essay ---------------------------------------------------------------------

    def _front(self, front: list[RawBlock]) -> tuple[Front, Document | None]:
        if not front:
            return Front("", None, None, None), None
        title = front[0].text
        rest = front[1:]
        publisher_line = editor = None
        published: DateValue | None = None
        if rest and (m := PUBLICATION.match(rest[0].text)):
            publisher_line, editor = rest[0].text, m.group("who").strip()
            dates = list(find_dates(m.group("date")))
            published = dates[0].values[0] if dates and dates[0].values else None
            rest = rest[1:]
        info = Front(title, publisher_line, published, editor)
        if not rest:
            return info, None
        essay_title = rest[0].text if is_title_like(rest[0]) else title
        body = rest[1:] if is_title_like(rest[0]) else rest
        doc = Document("essay", "", front[0].line, rest[-1].last_line, essay_title)
        doc.head = self.inline.parse(essay_title)
        blocks: list[Block] = []
        quote_open = False
        for raw in body:
            text = raw.text
            trailer = None
            if (m := ESSAY_BYLINE.search(text)) and raw is body[-1]:
                text, trailer = text[: m.start()], text[m.start():]
                doc.authors = [Correspondent(n, k) for n, k in self.gazetteer.persons_in(m.group("who"))]
            is_quote = text.startswith(('"', "“")) or quote_open
            kind = "quote" if is_quote else "p"
            blocks.append(Block(kind, self._prose(text, markers=False), raw.line,
                                (("continues", "yes"),) if quote_open else ()))
            if is_quote:
                quote_open = not text.rstrip().endswith(('"', "”"))
            if trailer:
                doc.trailer.append(Block("byline", (trailer,), raw.line))
        doc.parts = [Part(tuple(blocks))]
        if published:
            doc.dates = [published]
        return info, doc

    # ---- one document -------------------------------------------------------------------------------

    def _document(self, raw: RawDocument) -> Document:
        century = self._century(raw)
        title_text = without_marker(raw.title.text) if raw.title else ""
        doc = Document("article", "", raw.first_line, raw.last_line, title_text)
        if raw.byline:
            doc.byline = Block("byline", (raw.byline.text,), raw.byline.line)
            auth = self.gazetteer.lookup(raw.byline.text)
            doc.authors = [Correspondent(raw.byline.text, auth.key if auth else None)]
        if raw.title:
            doc.head = self.inline.parse(raw.title.text, century=century, dates=False)
        for block in raw.intro:
            kind = "for" if FOR_LINE.match(block.text) else "subhead"  # a second title line is a sub-heading
            doc.opener.append(Block(kind, self._prose(block.text, century=century), block.line))
        self._headers(doc, raw.headers, century)
        self._body(doc, raw.body, century)
        is_letter = bool(raw.title and LETTER_TITLE.match(raw.title.text)) or any(
            b.kind in {"salute", "addressee", "copyTo", "for"} for b in doc.opener)
        doc.kind = "letter" if is_letter else "article"
        if doc.kind == "article" and (sub_at := SUBTITLE.search(doc.title)):
            doc.title, doc.subtitle = doc.title[: sub_at.start()], doc.title[sub_at.end():]
        return doc

    @staticmethod
    def _doc_century(doc: Document) -> int:
        return int(doc.date[:2]) if doc.date else 19

    def _century(self, raw: RawDocument) -> int:
        for block in (*raw.headers, *([raw.title] if raw.title else []), *raw.body):
            for match in find_dates(block.text):
                if len(match.text) > 4 and (year := FOUR_DIGITS.search(match.text)):
                    return int(year.group(0)) // 100
        return 19

    def _headers(self, doc: Document, headers: list[RawBlock], century: int) -> None:
        for block in headers:
            m = HEADER.match(block.text)
            assert m
            label, rest = m.group("label"), m.group("rest")
            problems: list[str] = []
            content = self.inline.parse(block.text, century=century, names=False, markers=False, problems=problems)
            self._date_problems(block.line, problems)
            if not _spans(content, "date") and not self._light:
                # No date expression: the words after the label stand as an unnormalised date.
                self.warn(block.line, f"no date in the header line {block.text!r}; kept as an unnormalised date")
                rest_at = block.text.index(rest)
                content = (block.text[:rest_at], Span("date", (rest,)))
            if label.lower() == "first published":
                self._first_published(doc, rest, century)
                continue
            doc.header_lines.append(HeaderLine(label, block.text, content, block.line))
            if label.lower().startswith("dictated"):
                doc.mode = "mode-dictated-phone" if PHONE.search(block.text) else "mode-dictated"
            if label.lower() == "published" and (tb := re.match(r"(Printed from [^,;]+?)(?:\s+on\s|[.;,]|$)",
                                                                  rest)):
                doc.text_base = tb.group(1).strip()

    def _first_published(self, doc: Document, rest: str, century: int) -> None:
        m = re.match(r"^(?P<journal>[^(,]+?)\s*(?:\((?:No\.\s*)?(?P<issue>[\w-]+)\))?,\s*(?P<date>.+)$", rest)
        dates = list(find_dates(rest, century))
        value = dates[0].values[0] if dates and dates[0].values else None
        content = self.inline.parse(rest, century=century, names=False, markers=False)
        journal = m.group("journal").strip() if m else rest
        issue = m.group("issue") if m else None
        doc.first_published = FirstPublished(journal, issue, value, rest, content)

    def _date_problems(self, line: int, problems: list[str]) -> None:
        for problem in problems:
            self.warn(line, f"unparseable date: {problem}; kept as text")

    def _body(self, doc: Document, body: list[RawBlock], century: int) -> None:
        notes_at = next((i for i, b in enumerate(body) if NOTE.match(b.text)), len(body))
        main, note_blocks = body[:notes_at], body[notes_at:]
        #: The date problems the inline parser met in each block (by its line), for the warnings.
        dated: dict[int, list[str]] = {}
        # (the light first pass reads nothing of the notes)
        doc.notes = [] if self._light else self._notes(note_blocks, century, dated)
        parts: list[Part] = []
        blocks: list[Block] = []
        closer: list[Block] = []
        started = False
        for index, raw in enumerate(main):
            text = raw.text
            nxt = main[index + 1] if index + 1 < len(main) else None
            if not started and not closer:
                opener = self._opener_block(text, raw.line, century, index == 0, dated)
                if opener is not None:
                    if opener.kind == "headnote":
                        doc.headnote = opener
                    elif opener.kind == "classification":
                        doc.secrecy = "sec-top-secret" if "top" in text.lower() else "sec-unmarked"
                        doc.opener.append(opener)
                    else:
                        doc.opener.append(opener)
                    continue
            date = parse_whole(text, century)
            if date is not None and not date.problem:
                content = self.inline.parse(text, century=century, names=False,
                                            problems=dated.setdefault(raw.line, []))
                dateline = Block("dateline", content, raw.line)
                if blocks:
                    parts.append(Part(tuple(blocks), (*closer, dateline)))
                elif parts:  # no text of its own: it closes the previous part too
                    parts[-1] = replace(parts[-1], closer=(*parts[-1].closer, *closer, dateline))
                else:  # before any text: the opener's dateline
                    doc.opener.extend((*closer, dateline))
                blocks, closer = [], []
                continue
            if started and CLOSING_LINE.match(text):
                closer.append(Block("salute", (text,), raw.line))
                continue
            if started and is_name_line(raw) and (nxt is None or parse_whole(nxt.text, century)):
                closer.append(Block("signed", self._prose(text, dates=False), raw.line))
                continue
            if started and (m := POSTSCRIPT.match(text)):
                if closer:
                    parts.append(Part(tuple(blocks), tuple(closer)))
                    blocks, closer = [], []
                content = self._prose(m.group("rest"), century=century, problems=dated.setdefault(raw.line, []))
                doc.postscripts.append(Block("postscript", content, raw.line, (("label", m.group("label")),)))
                continue
            started = True
            tail = _closing_tail(text)
            if tail and (nxt is None or parse_whole(nxt.text, century) or NOTE.match(nxt.text)):
                content = self._prose(text[: tail.start()], century=century, problems=dated.setdefault(raw.line, []))
                blocks.append(Block("p", content, raw.line))
                closer.append(Block("salute", (tail.group("salute"),), raw.line, (("joined", "yes"),)))
                continue
            blocks.append(Block("p", self._prose(text, century=century, problems=dated.setdefault(raw.line, [])),
                                raw.line))
        if blocks or not parts:
            parts.append(Part(tuple(blocks), tuple(closer)))
        elif closer:
            parts[-1] = replace(parts[-1], closer=(*parts[-1].closer, *closer))
        doc.parts = parts
        if self._light:
            return
        for raw in body:
            if raw.line not in dated:  # a block read without dates (signature, closing formula): look here
                dated[raw.line] = [m.problem for m in find_dates(raw.text, century) if m.problem]
            self._date_problems(raw.line, dated[raw.line])

    def _opener_block(self, text: str, line: int, century: int, first: bool,
                      dated: dict[int, list[str]]) -> Block | None:
        """The opener block ``text`` is, if any; its date problems go to ``dated``."""

        def inline() -> tuple[Inline, ...]:
            return self._prose(text, century=century, problems=dated.setdefault(line, []))

        if first and HEADNOTE.match(text):
            return Block("headnote", self._prose(text, century=century, markers=False,
                                                 problems=dated.setdefault(line, [])), line)
        if CLASSIFICATION.match(text):
            return Block("classification", (text,), line)
        if COPY_TO.match(text):
            return Block("copyTo", inline(), line)
        if ADDRESSEE.match(text) and not text.endswith(":") and "\n" not in text and len(text) < 120 \
                and ("," in text or " and " in text):
            return Block("addressee", inline(), line)
        if SALUTE.match(text) and "\n" not in text and (text.endswith(":") or len(text) < 40) \
                and not text.endswith("."):
            return Block("salute", inline(), line)
        if FOR_LINE.match(text) and is_title_like(RawBlock(text, line, line)) and text.startswith("For "):
            return Block("for", inline(), line)
        return None

    def _notes(self, blocks: list[RawBlock], century: int, dated: dict[int, list[str]]) -> list[Note]:
        notes: list[Note] = []
        for raw in blocks:
            m = NOTE.match(raw.text)
            if m:
                content = self._prose(m.group("rest"), century=century, markers=False, edition_refs=True,
                                      problems=dated.setdefault(raw.line, []))
                notes.append(Note(m.group("n"), (content,), raw.line))
            elif notes:
                last = notes[-1]
                content = self._prose(raw.text, century=century, markers=False, edition_refs=True,
                                      problems=dated.setdefault(raw.line, []))
                notes[-1] = replace(last, paragraphs=last.paragraphs + (content,))
        return notes

    # ---- facts that need the whole document ---------------------------------------------------------

    def _resolve_notes(self, doc: Document) -> None:
        markers = [s.get("n") for s in _spans(_all_content(doc), "note")]
        counts = Counter(markers)
        for n, count in counts.items():
            if count > 1:
                self.warn(doc.first_line, f"note marker [{n}] occurs {count} times in {doc.title!r}")
        known = {note.n for note in doc.notes}
        lines: dict[str, int] | None = None  # found when a marker needs its line (rarely)
        for n in markers:
            if n not in known and n is not None:
                lines = _marker_lines(doc) if lines is None else lines
                self.warn(lines.get(n, doc.first_line), f"note marker [{n}] has no note text; "
                          "kept as a note holding a gap")
                doc.notes.append(Note(n, (), doc.first_line, missing=True))
                known.add(n)
        seen = set(markers)
        for index, note in enumerate(doc.notes):
            if note.n not in seen and not note.missing:
                self.warn(note.line, f"note [{note.n}] has no marker in the text; placed after the text, "
                                     "anchored=\"false\"")
                doc.notes[index] = replace(note, anchored=False)
        numbers = Counter(note.n for note in doc.notes)
        for n, count in numbers.items():
            if count > 1:
                self.warn(doc.first_line, f"note number [{n}] is used by {count} notes")

    def _dates(self, doc: Document, century: int) -> None:
        found: list[DateValue] = []
        for header in doc.header_lines:
            found += [s_value(s) for s in _spans(header.content, "date")]
        if not found and doc.head:
            found += [s_value(s) for s in _spans(self.inline.parse(plain(doc.head), century=century), "date")]
        if not found:
            for part in doc.parts:
                for block in part.closer:
                    if block.kind == "dateline":
                        found += [s_value(s) for s in _spans(block.content, "date")]
        found = [value for value in found if value.when or value.not_before or value.not_after]
        if not doc.dates:
            doc.dates = found
        if not doc.dates and doc.kind != "essay":
            self.warn(doc.first_line, f"no date found for {doc.title or 'an untitled document'!r}")

    def _correspondents(self, doc: Document) -> None:
        to: list[Correspondent] = []
        note = None
        if doc.title and (m := LETTER_TITLE.match(doc.title)):
            who = m.group("rest")
            if t := TITLE_DATE.match(who):
                who = t.group("who")
            to += self._people(who, doc.first_line)
        for block in doc.opener:
            text = plain(block.content)
            if block.kind == "addressee":
                to += [c for c in self._people(text, block.line) if c.key not in {t.key for t in to}]
                if re.search(r"\band others\b", text):
                    note = f"Addressed to “{text}”; the others are not named."
        if not doc.title and (addr := next((b for b in doc.opener if b.kind == "addressee"), None)):
            doc.title = "Letter to " + re.sub(r"^Comrades?\s+", "", plain(addr.content))
        if not to and (sal := next((b for b in doc.opener if b.kind == "salute"), None)):
            to = self._people(re.sub(r"^(?:My\s+)?Dear\s+", "", plain(sal.content)).rstrip(":,"), sal.line)
        doc.actions = []
        if not to:
            # A letter must have an addressee: CMIF's convention for one the text does not name.
            to = [Correspondent("Unknown", None)]
            note = "The text names no addressee."
        doc.actions.append(Action("received", "to", tuple(to), None, note))
        for block in doc.opener:
            text = plain(block.content)
            if block.kind == "for":
                orgs = [Correspondent(text[s.start:s.end], s.key, s.kind)
                        for s in self.gazetteer.find(text) if s.kind == "org"][:1]
                if orgs:
                    doc.actions.append(Action("received", "for", tuple(orgs)))
                else:
                    self.warn(block.line, f"collective addressee not in the authority file: {text!r}")
            elif block.kind == "copyTo" and (m := COPY_TO.match(text)):
                doc.actions.append(Action("received", "cc", tuple(self._people(m.group("who"), block.line))))
        if to[0].name == "Unknown" and to[0].key is None and not self._light:
            self.warn(doc.first_line, f"no addressee found for the letter {doc.title!r}; encoded as Unknown")

    def _people(self, phrase: str, line: int) -> list[Correspondent]:
        people = []
        for name, key in self.gazetteer.persons_in(without_marker(phrase)):
            if key is None:
                self.warn(line, f"correspondent {name!r} is not in the authority file; encoded by name only")
            people.append(Correspondent(name, key))
        return people

    def _mode_from_notes(self, doc: Document) -> None:
        if doc.mode != "mode-unstated":
            return
        for note in doc.notes:
            for para in note.paragraphs:
                text = plain(para)
                if "dictated" in text and NOTE_DICTATED.search(text):  # (the word first: a cheap test)
                    doc.mode = "mode-dictated"
                    return

    def _transmission(self, doc: Document) -> None:
        for note in doc.notes:
            for para in note.paragraphs:
                text = plain(para)
                m = TRANSMITTED.search(text) if "phone" in text else None  # (every match has "phone")
                if not m:
                    continue
                auth = self.gazetteer.lookup(m.group("who"))
                who = Correspondent(m.group("who"), auth.key if auth else None)
                date = doc.dates[0] if m.group("same") and doc.dates else None
                doc.actions.append(Action("transmitted", None, (who,), date,
                                          f"Read to the addressee over the telephone (source, note {note.n})."))
                return

    def _hands(self, doc: Document, century: int) -> None:
        spans: list[HandSpan] = []
        for note in doc.notes:
            text = " ".join(plain(p) for p in note.paragraphs)
            if " hand" not in text:  # both patterns end in " hand": a cheap test before the searches
                continue
            for m in WORDS_HAND.finditer(text):
                hand = self._hand(doc, m.group("who"), note.line)
                spans.append(HandSpan(m.group("words"), note.n, hand.ident))
            for m in PART_HAND.finditer(text):
                hand = self._hand(doc, m.group("who"), note.line)
                part = m.group("part").lower()
                if part.startswith("p") or "postscript" in part:
                    for i, ps in enumerate(doc.postscripts):
                        doc.postscripts[i] = replace(ps, attrs=ps.attrs + (("hand", hand.ident),))
                else:
                    for p_i, prt in enumerate(doc.parts):
                        closer = tuple(replace(b, attrs=b.attrs + (("hand", hand.ident),))
                                       if b.kind == "signed" else b for b in prt.closer)
                        doc.parts[p_i] = replace(prt, closer=closer)
        if spans:
            for p_i, prt in enumerate(doc.parts):
                blocks = tuple(self._rehand(b, spans, century) for b in prt.blocks)
                doc.parts[p_i] = replace(prt, blocks=blocks)
            doc.postscripts = [self._rehand(b, spans, century) for b in doc.postscripts]

    def _main_hand(self, doc: Document) -> None:
        """Where notes name other hands in a letter not dictated, the author's own hand is implied."""
        if not (doc.hands and doc.mode == "mode-unstated" and doc.authors and doc.authors[0].key):
            return
        key = doc.authors[0].key
        name = self.gazetteer.by_key[key].short_name
        ident = "h-" + key.replace("_", "-")
        if ident not in {h.ident for h in doc.hands}:
            doc.hands.insert(0, Hand(ident, name, key, "major",
                                     f"{name}’s hand (implied: the notes name other hands only)."))
        doc.main_hand = ident

    def _hand(self, doc: Document, who: str, line: int) -> Hand:
        auth = self.gazetteer.lookup(who)
        key = auth.key if auth else None
        ident = "h-" + (key.replace("_", "-") if key else re.sub(r"[^a-z0-9]+", "-", who.lower()).strip("-"))
        for hand in doc.hands:
            if hand.ident == ident:
                return hand
        if auth is None:
            self.warn(line, f"hand of {who!r}: person not in the authority file")
        hand = Hand(ident, who, key, "minor", f"{who}’s hand.")
        doc.hands.append(hand)
        return hand

    def _rehand(self, block: Block, spans: list[HandSpan], century: int) -> Block:
        text = plain(block.content)
        relevant = tuple(s for s in spans if f"[{s.note}]" in text)
        if not relevant:
            return block
        return replace(block, content=self.inline.parse(text, century=century, hands=relevant))

    def _references(self, doc: Document, titles: dict[str, str], century: int) -> None:
        """Bracketed titles of corpus documents (``titles`` from ``title_index``) become references."""

        def fix(block: Block) -> Block:
            if not _spans(block.content, "supplied"):
                return block
            return replace(block, content=self.inline.parse(plain(block.content), century=century, titles=titles))

        doc.parts = [replace(p, blocks=tuple(fix(b) for b in p.blocks)) for p in doc.parts]

    # ---- corpus-level ---------------------------------------------------------------------------------

    def _principal_author(self, summaries: list[Summary]) -> Correspondent | None:
        """The author named most often by bylines and signatures; documents without one are his."""
        counts: Counter[str] = Counter(k for s in summaries if s.kind != "essay" for k in s.authors)
        for summary in summaries:
            for name in summary.signed:
                if auth := self.gazetteer.lookup(name):
                    counts[auth.key] += 1
        if not counts:
            return None
        key = counts.most_common(1)[0][0]
        return Correspondent(self.gazetteer.by_key[key].short_name, key)


def _closing_tail(text: str) -> re.Match[str] | None:
    """A closing formula run on at the end of a paragraph; searched only where the text ends like one."""
    end = text[:-1] if text.endswith("\n") else text  # ``$`` also matches before a final newline
    end = end[:-1] if end.endswith((",", ".")) else end
    return CLOSING_TAIL.search(text) if end.endswith(CLOSING_ENDS) else None


def s_value(span: Span) -> DateValue:
    return DateValue(span.get("when"), span.get("notBefore"), span.get("notAfter"), span.get("cert"))


def _spans(content: tuple[Inline, ...] | list[Inline], kind: str) -> list[Span]:
    found: list[Span] = []
    for item in content:
        if isinstance(item, Span):
            if item.kind == kind:
                found.append(item)
            found += _spans(item.children, kind)
    return found


def _all_content(doc: Document) -> list[Inline]:
    content: list[Inline] = list(doc.head or ())
    for block in doc.opener:
        content += block.content
    for part in doc.parts:
        for block in (*part.blocks, *part.closer):
            content += block.content
    for block in doc.postscripts:
        content += block.content
    return content


def _title_of(doc: Document) -> str:
    """The corrected main title, as a cited title would give it."""
    title = without_marker(corrected(doc.head)) if doc.head else doc.title
    return title[: -len(doc.subtitle)].strip() if doc.subtitle and title.endswith(doc.subtitle) else title


def _marker_lines(doc: Document) -> dict[str, int]:
    """Source line of each note marker (the first block that holds it)."""
    lines: dict[str, int] = {}
    blocks = [*doc.opener, *(b for p in doc.parts for b in (*p.blocks, *p.closer)), *doc.postscripts]
    for block in blocks:
        for span in _spans(block.content, "note"):
            lines.setdefault(span.get("n") or "", block.line)
    return lines




__all__ = ["Reader", "MARKER"]
