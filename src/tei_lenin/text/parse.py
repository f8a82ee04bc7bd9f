"""Read the documents of a compilation: the document's head, its zones, correspondents, dates, mode, hands,
notes.

Every fact comes from the text by the general rules of :mod:`tei_lenin.text.rules`; nothing is looked up per
document. The reader runs in one pass (:meth:`Reader.read`) or streams a large source in two
(:meth:`Reader.stream`: a light first pass for the corpus-level plan, then each document finished on its own).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from tei_lenin.model import (
    Action,
    Amanuensis,
    Block,
    Compilation,
    Correspondent,
    DateValue,
    Document,
    Edition,
    FirstPublished,
    Hand,
    HeaderLine,
    Inline,
    Note,
    Part,
    Postscript,
    Span,
    Warning_,
    Witness,
    corrected,
    plain,
)
from tei_lenin.reference import Authority, Erratum
from tei_lenin.text.corpus import (
    REPLAY_BUDGET,
    CrossFact,
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
from tei_lenin.text.dates import find_dates
from tei_lenin.text.inline import MARKER, HandSpan, InlineParser, title_index
from tei_lenin.text.names import Gazetteer
from tei_lenin.text.rules.blocks import PUBLICATION
from tei_lenin.text.rules.blocks import title as is_title_like
from tei_lenin.text.rules.crossrefs import LETTER_OF, LetterClaim, letter_claims, relative
from tei_lenin.text.rules.genre import Evidence, genre_of
from tei_lenin.text.rules.headers import DESTINATION, Header, edition_scopes, header_line
from tei_lenin.text.rules.opener import secrecy_of
from tei_lenin.text.rules.people import Name, names_in
from tei_lenin.text.rules.published import sent_places, sentence_kind, sentences, witness_kind
from tei_lenin.text.rules.titles import read_title
from tei_lenin.text.rules.transmission import (
    LABEL_TRANSMISSION,
    TITLE_TRANSMISSION,
    WITNESS_TRANSMISSION,
    composition_in,
    transmission_in,
)
from tei_lenin.text.rules.transmission import sentences as note_sentences
from tei_lenin.text.segment import RawBlock, RawDocument, blocks_of, iter_blocks, iter_documents, without_marker
from tei_lenin.text.source import SourceError
from tei_lenin.text.zones import PartUnits, Unit, Zones, zones

FOR_LINE = re.compile(r"^For\s+(?:the\s+)?(?:Members\s+of\s+)?(?P<who>.+)$", re.IGNORECASE)
ESSAY_BYLINE = re.compile(r"\s+-\s+(?P<who>[^-]{2,80}?)\s+-\s*$")
COPY_WHO = re.compile(r"^(?:Cop(?:y|ies)\s+(?:to|for|sent\s+to)|C\.c\.|Cc:?)\s*:?\s*", re.IGNORECASE)

WORDS_HAND = re.compile(
    r"[Tt]he words? [“\"](?P<words>.+?)[”\"] (?:is|are) (?:written )?in (?P<who>[^.]+?)[’']s? hand")
PART_HAND = re.compile(
    r"(?P<part>P\.\s?S\.|[Tt]he postscript|[Tt]he signature) is (?:written )?in (?P<who>[^.]+?)[’']s? hand")
TRANSMITTED = re.compile(
    r"\b(?:read|communicated|transmitted)\s+to\s+(?P<to>[A-Z][\w .’'-]*?)\s+(?P<same>the same day\s+)?"
    r"(?:on|over|by)\s+the\s+(?:tele)?phone\s+by\s+(?P<who>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)")
#: A title run on into its subtitle ("… Inspection Recommendation to the Twelfth Party Congress"): the
#: subtitle starts with a genre word addressed "to the" or "for the" someone.
SUBTITLE = re.compile(r"\s+(?=(?:Recommendation|Proposal|Report|Speech|Address|Letter|Notes?|Theses)s?"
                      r" (?:to|for) the\b)")
PHONE = re.compile(r"\b(?:by|over the|on the) (?:tele)?phone\b", re.IGNORECASE)
DICTATED = re.compile(r"\bdictated\b", re.IGNORECASE)
FOUR_DIGITS = re.compile(r"\d{4}")
COLLECTIVE = re.compile(r"^(?:(?:My\s+)?Dear\s+)?(?:Comrades|Friends|Colleagues)\b", re.IGNORECASE)
#: Salutations that name nobody ("Dear Friend,", "Dear Sir,", "Comrade,").
GENERIC_SALUTE = re.compile(r"^(?:(?:My\s+)?(?:Dear|Esteemed|Respected)\s+)?(?:Comrade|Friend|Sir|Madam|Colleague)"
                            r"$", re.IGNORECASE)
SALUTE_NAME = re.compile(r"^(?:(?:My\s+)?(?:Dear|Esteemed|Respected)\s+)?(?:Comrades?\s+)?", re.IGNORECASE)
#: Creation lines whose date may be missing without doubt ("Dictated: Dictated by phone").
CREATION_KEYS = frozenset({"written", "dictated", "delivered", "sent"})


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
        for item in iter_documents(blocks, self._known_signer):
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
            raise SourceError(source_name, line, "no recognisable document: no title, author heading or header "
                              "line (\"Written:\", \"Dictated:\", \"Published:\", \"Source:\") was found")

    def _parse_raw(self, raw: RawDocument) -> Document:
        doc = self._document(raw)
        self._local(doc)
        return doc

    def _local(self, doc: Document) -> None:
        if doc.kind == "letter":
            self._correspondents(doc)
        if self._light:
            return
        self._resolve_notes(doc)
        if doc.kind == "letter":
            self._composition_and_transmission(doc, doc.title_form)
            self._transmission(doc)
        elif doc.mode == "mode-unstated":
            self._composition_and_transmission(doc, None)
            doc.transmission, doc.transmission_source = "trans-unstated", None
        self._hands(doc, self._doc_century(doc))

    def _plan(self, documents: Iterable[Document]) -> Plan:
        """Corpus-level facts from a pass over the documents (only small summaries are kept)."""
        summaries: list[Summary] = []
        quotes: dict[int, str] = {}
        words: dict[str, tuple[str, ...]] = {}
        quote_targets: dict[int, int] = {}
        claims: list[tuple[int, str, LetterClaim]] = []
        for index, doc in enumerate(documents):
            for note, ident in zip(doc.notes, note_idents(doc.notes), strict=True):
                text = " ".join(plain(p) for p in note.paragraphs)
                if "letter to" in text:
                    claims += [(index, ident, c) for c in letter_claims(text, self._doc_century(doc))]
            to = next((a for a in doc.actions if a.type == "received" and a.subtype == "to"), None)
            signed = [plain(b.content) for p in doc.parts for b in p.closer if b.kind == "signed"]
            summaries.append(Summary(doc.kind, doc.earliest, _title_of(doc),
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
            same_titles=_same_titles(summaries),
            letters=self._letters_by_date(summaries, idents),
            **self._cross_facts(claims, summaries, idents),
        )

    def _letters_by_date(self, summaries: list[Summary], idents: list[str]
                         ) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
        principal = self._principal_author(summaries)
        letters: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for summary, ident in zip(summaries, idents, strict=True):
            if summary.kind == "letter" and summary.date:
                senders = tuple(summary.authors) or ((principal.key,) if principal and principal.key else ())
                letters.setdefault(summary.date, []).append((ident, senders))
        return letters

    def _cross_facts(self, claims: list[tuple[int, str, LetterClaim]], summaries: list[Summary],
                     idents: list[str]) -> dict[str, dict]:
        """Resolve the letters that notes name by date and addressee: the one letter of the compilation of that
        date to that person (none or several: nothing is inferred)."""
        numbers: dict[str, str] = {}
        facts: dict[str, list[CrossFact]] = {}
        for index, note, claim in claims:
            addressee = self.gazetteer.lookup(claim.addressee)
            found = [i for i, s in enumerate(summaries) if i != index and s.kind == "letter"
                     and s.date == claim.when and addressee and s.addressee == addressee.key]
            if len(found) != 1:
                continue
            target = idents[found[0]]
            if claim.number:
                numbers[claim.number] = target
            scribe = None
            if claim.down_by:
                auth = self.gazetteer.lookup(claim.down_by)
                scribe = Correspondent(claim.down_by, auth.key if auth else None)
            elif claim.down_at >= 0:  # the person named nearest before "taken down", after the letter phrase
                named = [m for m in self.gazetteer.find(claim.sentence[claim.letter_end:claim.down_at])
                         if m.kind == "person" and m.key != addressee.key]
                if named:
                    text = claim.sentence[claim.letter_end + named[-1].start:claim.letter_end + named[-1].end]
                    scribe = Correspondent(text, named[-1].key)
            if claim.dictated or scribe:
                facts.setdefault(target, []).append(CrossFact(idents[index], note, claim.dictated, scribe))
        return {"numbers": numbers, "facts": facts}

    def _apply(self, doc: Document, plan: Plan, index: int) -> Document:
        """Give a document its id and the corpus-level facts."""
        if index >= len(plan.idents):
            raise SourceError("", doc.first_line, "the source changed while it was being read")
        doc.ident = plan.idents[index]
        if not doc.authors and plan.principal and doc.kind != "essay":
            doc.authors = [plan.principal]
        if doc.kind == "letter":
            date = doc.dates[0] if doc.dates else None
            from_place = (doc.places[0],) if doc.places[0] else ()
            sender = tuple(doc.authors)
            if not sender:  # CMIF's convention, as for an addressee the text does not name
                self.warn(doc.first_line, f"no author found for the letter {doc.title or 'without a title'!r} (no "
                                          "author heading, no known signature); encoded as Unknown")
                sender = (Correspondent("Unknown", None),)
            doc.actions.insert(0, Action("sent", None, sender, date, places=from_place))
        self._main_hand(doc)
        doc.prev_letter, doc.next_letter = plan.links.get(doc.ident, (None, None))
        if doc.kind == "essay":
            doc.parts = [Part(tuple(replace(b, attrs=b.attrs + (("target", plan.quote_targets[b.line]),))
                                    if b.line in plan.quote_targets else b for b in doc.parts[0].blocks))]
        self._references(doc, plan.titles, self._doc_century(doc))
        self._roles(doc)
        if index in plan.same_titles:
            doc.incipit = _incipit(doc)
        self._point_documents(doc, plan, index)
        self._facts_from_elsewhere(doc, plan)
        return doc

    def _point_documents(self, doc: Document, plan: Plan, index: int) -> None:
        """The notes' references to other documents get their targets: "next document" by position,
        "Document 811" where a note identified that number with a document of the compilation."""

        def letter_of(before: Inline | None, span: Span) -> str | None:
            """A date after "Trotsky’s letter of" / "my letter of" / "the letter of": the one letter of the
            compilation of that date (by that writer), if there is exactly one."""
            m = LETTER_OF.search(before) if isinstance(before, str) and before.endswith(("of ", "dated ")) else None
            when = span.get("when")
            if not m or not when or len(when) != 10 or m.group("det") in {"His", "his", "Her", "her"}:
                return None
            writer: str | None = None
            if m.group("whose"):
                auth = self.gazetteer.lookup(m.group("whose"))
                if auth is None:
                    return None
                writer = auth.key
            elif m.group("det") in {"My", "my"}:
                writer = doc.authors[0].key if doc.authors else None
                if writer is None:
                    return None
            found = [i for i, senders in plan.letters.get(when, []) if i != doc.ident
                     and (writer is None or writer in senders)]
            return found[0] if len(found) == 1 else None

        def target(span: Span) -> str | None:
            if span.kind == "docRef":
                at = index + relative(span.get("rel") or "")
                return plan.idents[at] if 0 <= at < len(plan.idents) else None
            if span.kind == "editionRef" and span.get("unit") == "document":
                return plan.numbers.get(span.get("n") or "")
            return None

        def walk(items: tuple[Inline, ...]) -> tuple[Inline, ...]:
            out: list[Inline] = []
            for item in items:
                if not isinstance(item, Span):
                    out.append(item)
                elif item.kind == "date":
                    found = letter_of(out[-1] if out else None, item)
                    out.append(replace(item, attrs=item.attrs + (("target", found),)) if found else item)
                elif (found := target(item)) or item.kind != "docRef":
                    out.append(replace(item, children=walk(item.children),
                                       attrs=item.attrs + ((("target", found),) if found else ())))
                else:  # a position outside the compilation: words only
                    out += walk(item.children)
            return tuple(out)

        doc.notes = [replace(note, paragraphs=tuple(walk(p) for p in note.paragraphs)) for note in doc.notes]
        doc.parts = [replace(p, blocks=tuple(replace(b, content=walk(b.content)) for b in p.blocks))
                     for p in doc.parts]

    def _facts_from_elsewhere(self, doc: Document, plan: Plan) -> None:
        """What other documents' notes say about this letter: dictated (where its own words do not say how it
        was made), and who took it down; each points to the note it rests on."""
        for fact in plan.facts.get(doc.ident, []):
            source = f"{fact.source_doc}#{fact.source_note}"  # (another document's note: see Amanuensis)
            if fact.dictated and doc.mode == "mode-unstated":
                doc.mode, doc.mode_source = "mode-dictated", source
            if fact.scribe:
                doc.amanuenses.append(Amanuensis(fact.scribe, source))
            if fact.source_doc not in doc.related:
                doc.related.append(fact.source_doc)

    def _prose(self, text: str, **options: object) -> tuple[Inline, ...]:
        """Inline content of a block; plain text in the light first pass, which reads only the plain text of
        blocks other than header lines, datelines and titles (``plain`` of the parsed content is the text)."""
        return (text,) if self._light else self.inline.parse(text, **options)  # type: ignore[arg-type]

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(Warning_(line, message))

    def notice(self, line: int, message: str) -> None:
        """Say where a line went that is not kept as text (not a doubt: counted, listed in JSON)."""
        if not self._light:
            self.warnings.append(Warning_(line, message, "notice"))

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
        essay_title = rest[0].text if is_title_like(rest[0].text) else title
        body = rest[1:] if is_title_like(rest[0].text) else rest
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
            doc.written = _written(blocks, published)
        return info, doc

    # ---- one document -------------------------------------------------------------------------------

    def _document(self, raw: RawDocument) -> Document:
        century = self._century(raw)
        title_text = without_marker(" ".join(raw.title.text.split())) if raw.title else ""
        doc = Document("article", "", raw.first_line, raw.last_line, title_text)
        for block in raw.furniture:
            for number, text in block.lines:
                self.notice(number, f"page navigation {text.strip()!r} left out of the TEI")
        if raw.byline:
            name = " ".join(raw.byline.text.split())
            auth = self.gazetteer.exact(name) or self.gazetteer.lookup(name)
            words: Inline = raw.byline.text
            if auth:  # the author's name, tagged as the same name is in the text and the notes
                words = Span("name", (raw.byline.text,), (("key", auth.key), ("type", auth.kind)))
            doc.byline = Block("byline", (words,), raw.byline.line)
            doc.authors = [Correspondent(name, auth.key if auth else None)]
        if raw.title:
            doc.head = self.inline.parse(raw.title.text, century=century, dates=False)
        if raw.serial:
            doc.serial = raw.serial.text.strip()
        for block in raw.intro:
            kind = "for" if FOR_LINE.match(block.text) else "subhead"  # a second title line is a sub-heading
            doc.opener.append(Block(kind, self._prose(block.text, century=century), block.line))
        found = zones(raw.body, self._known_signer)
        header_units = [(n, t) for b in raw.headers for n, t in b.lines] + [(u.line, u.text) for u in found.headers]
        self._headers(doc, header_units, century)
        self._body(doc, found, century, self._year(doc))
        for unit in found.left_out:
            what = "a “Notes” heading" if unit.kind == "notes-heading" else f"page navigation {unit.text!r}"
            where = " (the notes are encoded at their markers)" if unit.kind == "notes-heading" else ""
            self.notice(unit.line, f"{what} left out of the TEI{where}")
        if not doc.authors:
            doc.authors = self._signers(doc)[:1]
        notes = " ".join(u.text for note, more in found.notes for u in (note, *more))
        doc.kind = self._genre(doc, raw, notes)
        if doc.kind == "article" and (sub_at := SUBTITLE.search(doc.title)):
            doc.title, doc.subtitle = doc.title[: sub_at.start()], doc.title[sub_at.end():]
        self._dates(doc)
        return doc

    def _signers(self, doc: Document) -> list[Correspondent]:
        """The known persons who sign the text (the first signature of each closer names its author)."""
        signers = []
        for part in [*doc.parts, *doc.postscripts]:
            for block in part.closer:
                if block.kind != "signed":
                    continue
                name = " ".join(plain(block.content).split())
                auth = self.gazetteer.exact(name) or self._signed_name(name)
                if auth and auth.kind == "person" and all(s.key != auth.key for s in signers):
                    signers.append(Correspondent(name, auth.key))
                break
        return signers

    def _signed_name(self, text: str) -> Authority | None:
        """A known person in a signature with an office or a pseudonym ("V. Ulyanov (Lenin)", "Chairman …
        N. Krupskaya"): the last line, then the name in brackets."""
        last = re.split(r"\n|(?<=\w)\s{2,}", text)[-1]
        for candidate in (last, *re.findall(r"\(([^()]+)\)", text), last.split(" ")[-1]):
            auth = self.gazetteer.exact(candidate.strip())
            if auth:
                return auth
        return None

    def _known_signer(self, text: str) -> bool:
        auth = self.gazetteer.exact(text)
        return auth is not None and auth.kind == "person"

    def _genre(self, doc: Document, raw: RawDocument, notes: str) -> str:
        """Letter or article from all the evidence (the same in both passes: the notes' raw text)."""
        opener = frozenset(b.kind for b in doc.opener) | frozenset(
            b.kind for p in doc.parts for b in p.opener)
        closer = frozenset(b.kind for p in doc.parts for b in p.closer) | frozenset(
            b.kind for ps in doc.postscripts for b in ps.closer)
        headers = " ".join(line.text for line in (*doc.header_lines, *(w.line for w in [doc.witness] if w)))
        headers += " " + " ".join(fp.text for fp in doc.first_published)
        title = read_title(raw.title.text) if raw.title else None
        doc.title_form = title.form.name if title else None
        evidence = Evidence(title.form.name if title else None, raw.title is not None, opener, closer, headers,
                            notes, sum(len(p.blocks) for p in doc.parts))
        return genre_of(evidence)[0]

    @staticmethod
    def _doc_century(doc: Document) -> int:
        return int(doc.date[:2]) if doc.date else 19

    def _century(self, raw: RawDocument) -> int:
        for block in (*raw.headers, *([raw.title] if raw.title else []), *raw.body):
            for match in find_dates(block.text):
                if len(match.text) > 4 and (year := FOUR_DIGITS.search(match.text)):
                    return int(year.group(0)) // 100
        return 19

    def _year(self, doc: Document) -> int | None:
        """The year that completes a year-less dateline ("9/VIII"): of the creation lines, else of the first
        publication."""
        contents = [line.content for line in doc.header_lines] + [fp.content for fp in doc.first_published]
        for content in contents:
            for span in _spans(content, "date"):
                value = span.get("when") or span.get("notBefore") or span.get("notAfter")
                if value and value[:4].isdigit():
                    return int(value[:4])
        return None

    # ---- header lines ----------------------------------------------------------------------------------

    def _headers(self, doc: Document, lines: list[tuple[int, str]], century: int) -> None:
        """Route each header line to where TEI wants it: creation, edition, publication, witness, web page."""
        translators: list[HeaderLine] = []
        for number, text in lines:
            header = header_line(text)
            if header is None:
                continue
            destination = DESTINATION[header.key]
            if destination == "creation":
                self._creation_line(doc, header, number, century)
            elif destination == "edition" and header.key == "source":
                doc.edition = Edition(self._header(header, number, century), edition_scopes(header.value))
            elif destination == "edition":
                translators.append(self._header(header, number, century, names=True))
            elif destination == "publication":
                self._publication(doc, header, number, century)
            else:
                doc.web_lines.append(HeaderLine(header.label, header.text, (header.text,), number, header.key,
                                                header.value))
        if translators:
            edition = doc.edition or Edition(HeaderLine("", "", (), 0, "source", ""))
            doc.edition = replace(edition, translators=tuple(translators))

    def _header(self, header: Header, number: int, century: int, *, names: bool = False) -> HeaderLine:
        problems: list[str] = []
        content = self.inline.parse(header.text, century=century, years=True, names=names, markers=False,
                                    problems=problems)
        self._date_problems(number, problems)
        return HeaderLine(header.label, header.text, content, number, header.key, header.value)

    def _creation_line(self, doc: Document, header: Header, number: int, century: int) -> None:
        line = self._header(header, number, century)
        doc.header_lines.append(line)
        if header.key == "dictated" or DICTATED.search(header.value):
            doc.mode = "mode-dictated-phone" if PHONE.search(header.text) else "mode-dictated"
            doc.mode_source = "creation"
        label = header.label.lower()
        for word, category in LABEL_TRANSMISSION:
            if label.startswith(word) and doc.transmission_source is None:
                doc.transmission, doc.transmission_source = category, "creation"
        if "ent " in header.value or header.key == "sent":
            where = sent_places(header.value)
            if any(where):
                doc.places = where

    def _publication(self, doc: Document, header: Header, number: int, century: int) -> None:
        """A Published (or First Published) line, sentence by sentence."""
        if header.key == "first-published" and ";" not in header.value and sentence_kind(header.value) not in {
                "text-base", "sent"}:
            doc.first_published.append(self._first_published(header.value, number, century))
            return
        for sentence in _published_sentences(header.value):
            kind = sentence_kind(sentence)
            line = HeaderLine(header.label, sentence, self._sentence(sentence, number, century), number, kind,
                              sentence)
            if kind == "text-base":
                if doc.witness is None:
                    doc.witness = Witness(witness_kind(sentence), line)
                else:
                    doc.first_published.append(FirstPublished(sentence, None, None, sentence, line.content, number))
            elif kind == "sent":
                doc.header_lines.append(line)
                where = sent_places(sentence)
                if any(where):
                    doc.places = where
            else:
                doc.first_published.append(self._first_published(sentence, number, century))

    def _sentence(self, text: str, number: int, century: int) -> tuple[Inline, ...]:
        problems: list[str] = []
        content = self.inline.parse(text, century=century, years=True, names=False, markers=False, problems=problems)
        self._date_problems(number, problems)
        return content

    def _first_published(self, rest: str, number: int, century: int) -> FirstPublished:
        m = re.match(r"^(?P<journal>[^(,]+?)\s*(?:\((?:No\.\s*)?(?P<issue>[\w-]+)\))?,\s*(?P<date>.+)$", rest)
        dates = [d for d in find_dates(rest, century, years=True) if d.values]
        value = dates[0].values[0] if dates else None
        content = self._sentence(rest, number, century)
        journal = m.group("journal").strip() if m else rest
        issue = m.group("issue") if m else None
        return FirstPublished(journal, issue, value, rest, content, number)

    def _date_problems(self, line: int, problems: list[str]) -> None:
        for problem in problems:
            self.warn(line, f"unparseable date: {problem}; kept as text")

    # ---- the body's zones ----------------------------------------------------------------------------

    def _body(self, doc: Document, found: Zones, century: int, year: int | None) -> None:
        if found.headnote:
            problems: list[str] = []
            doc.headnote = Block("headnote", self._prose(found.headnote.text, century=century, markers=False,
                                                         problems=problems), found.headnote.line)
            self._date_problems(found.headnote.line, problems)
        for unit in found.opener:
            doc.opener.append(self._opener_block(unit, century, year))
            if unit.kind == "classification":
                doc.secrecy = doc.secrecy if doc.secrecy != "sec-unmarked" else (secrecy_of(unit.text)
                                                                                 or "sec-unmarked")
        doc.parts = [self._part(part, doc, century, year) for part in found.parts]
        for ps in found.postscripts:
            blocks = tuple(self._text_block(u, century, year) for u in ps.blocks)
            closer = self._closer(ps.closer, century, year)
            doc.postscripts.append(Postscript(ps.label, blocks, ps.line, closer))
        doc.notes = [self._note(unit, more, century, year) for unit, more in found.notes]  # (light: plain text,
        # which the first pass reads for the facts notes state about other documents)

    def _opener_block(self, unit: Unit, century: int, year: int | None) -> Block:
        if unit.kind == "classification":
            return Block("classification", (unit.text,), unit.line)
        if unit.kind == "dateline":
            return Block("dateline", self._dated(unit, century, year, names=False), unit.line)
        return Block(unit.kind, self._dated(unit, century, None), unit.line)

    def _part(self, part: PartUnits, doc: Document, century: int, year: int | None) -> Part:
        opener = []
        for unit in part.opener:
            if unit.kind == "header" and (header := header_line(unit.text)):
                line = self._header(header, unit.line, century)
                if DESTINATION[header.key] == "creation":
                    doc.header_lines.append(line)
                opener.append(Block("header", line.content, unit.line))
            elif unit.kind == "statement":
                opener.append(Block("dateline", self._dated(unit, century, year, names=False), unit.line))
            else:
                opener.append(self._opener_block(unit, century, year))
        blocks = tuple(self._text_block(u, century, year) for u in part.blocks)
        head = Block("subhead", (part.head.text,), part.head.line) if part.head else None
        return Part(blocks, self._closer(part.closer, century, year), tuple(opener), head)

    def _text_block(self, unit: Unit, century: int, year: int | None) -> Block:
        """A paragraph of the text; a year-less date in it ("the decision of 20/II") is of the document's year
        (notes, which speak of other years, are not completed)."""
        return Block("p", self._dated(unit, century, year), unit.line)

    def _closer(self, units: list[Unit], century: int, year: int | None) -> tuple[Block, ...]:
        """Closer blocks. An office line and a name make one ``signed`` (lines joined by ``lb``): the office
        goes with the name after it ("Chairman of the C.P.C." / "V. Ulyanov (Lenin)"), or, with none after it,
        with the name before it ("V. Ulyanov (Lenin)" / "Chairman, C.P.C.")."""
        blocks: list[Block] = []
        for index, unit in enumerate(units):
            if unit.kind == "dateline":
                blocks.append(Block("dateline", self._dated(unit, century, year, names=False), unit.line))
            elif unit.kind == "salute":
                joined = (("joined", "yes"),) if unit.label == "joined" else ()
                blocks.append(Block("salute", (unit.text,), unit.line, joined))
            elif unit.kind in {"signed", "office"}:
                content = self._prose(unit.text, dates=False)
                last = blocks[-1] if blocks else None
                after = units[index + 1].kind if index + 1 < len(units) else None
                joins = last is not None and last.kind == "signed" and last.attrs_get("part") != "whole" and (
                    last.attrs_get("part") == "office" and unit.kind == "signed"
                    or last.attrs_get("part") == "signed" and unit.kind == "office" and after != "signed")
                if joins and last is not None:
                    blocks[-1] = replace(last, content=(*last.content, Span("lb"), *content),
                                         attrs=(("part", "whole"),))
                else:
                    blocks.append(Block("signed", content, unit.line, (("part", unit.kind),)))
        return tuple(blocks)

    def _dated(self, unit: Unit, century: int, year: int | None, *, names: bool = True) -> tuple[Inline, ...]:
        """Inline content of a unit; a dateline is read in full in both passes (its date names the document)."""
        problems: list[str] = []
        parse = self.inline.parse if unit.kind in {"dateline", "header", "statement"} else self._prose
        content = parse(unit.text, century=century, year=year, years=unit.kind in {"header", "statement"},
                        names=names, problems=problems)
        self._date_problems(unit.line, problems)
        return content

    def _note(self, unit: Unit, more: list[Unit], century: int, year: int | None) -> Note:
        paragraphs = []
        for part in (unit, *more):
            problems: list[str] = []
            paragraphs.append(self._prose(part.text, century=century, markers=False, edition_refs=True,
                                          problems=problems))
            self._date_problems(part.line, problems)
        return Note(unit.label or "", tuple(paragraphs), unit.line)

    # ---- facts that need the whole document ---------------------------------------------------------

    def _dates(self, doc: Document) -> None:
        """Creation lines first; else the datelines of the text; else (an article) its first publication."""
        found = [s_value(s) for line in doc.header_lines for s in _spans(line.content, "date")]
        if not found:
            found = [s_value(s) for block in _datelines(doc) for s in _spans(block.content, "date")]
        if not found and doc.kind == "article":
            found = [fp.date for fp in doc.first_published if fp.date]
        found = [value for value in found if value.when or value.not_before or value.not_after]
        if not doc.dates:
            doc.dates = found
        if not doc.dates and doc.kind != "essay":
            self.warn(doc.first_line, f"no date found for {doc.title or 'an untitled document'!r}")

    def _correspondents(self, doc: Document) -> None:
        to: list[Correspondent] = []
        note = None
        title = read_title(doc.title) if doc.title else None
        if title:
            to += self._named(title.addressees)
        blocks = [*doc.opener, *(b for p in doc.parts for b in p.opener)]
        for block in blocks:
            if block.kind == "addressee":
                text = plain(block.content).split("\n")[0]  # the lines under it give office or place
                to += [c for c in self._named(text) if not _named_already(c, to)]
                if re.search(r"\band others\b", text):
                    note = f"Addressed to “{text}”; the others are not named."
        if not to and (salute := next((b for b in blocks if b.kind == "salute"), None)):
            text = without_marker(plain(salute.content)).rstrip(":,;!").strip()
            if GENERIC_SALUTE.match(text):
                to = []
            elif COLLECTIVE.match(text):
                to = [Correspondent(re.sub(r"^(?:(?:My\s+)?Dear\s+)", "", text, flags=re.IGNORECASE), None, "org")]
            else:
                to = self._named(SALUTE_NAME.sub("", text))
        if not doc.title and to:
            address = next((b for b in blocks if b.kind == "addressee"), None)
            named = re.sub(r"^(?:To\s+)?Comrades?\s+", "", plain(address.content)) if address else ""
            doc.title = "Letter to " + (named or ", ".join(c.name for c in to))
        doc.actions = []
        if not to:
            # A letter must have an addressee: CMIF's convention for one the text does not name.
            to = [Correspondent("Unknown", None)]
            note = "The text names no addressee."
        place = (doc.places[1],) if doc.places[1] else ()
        doc.actions.append(Action("received", "to", tuple(to), None, note, places=place))
        for block in blocks:
            text = plain(block.content)
            if block.kind == "for":
                orgs = [c for c in self._named(FOR_LINE.sub(r"\g<who>", text)) if c.kind == "org"][:1]
                if orgs:
                    doc.actions.append(Action("received", "for", tuple(orgs)))
            elif block.kind == "copyTo":
                who = self._named(COPY_WHO.sub("", " ".join(text.split())))
                if who:
                    doc.actions.append(Action("received", "cc", tuple(who)))
        if to[0].name == "Unknown" and to[0].key is None and not self._light:
            self.warn(doc.first_line, f"no addressee found for the letter {doc.title or 'without a title'!r}; "
                                      "encoded as Unknown")

    def _named(self, phrase: str) -> list[Correspondent]:
        """The persons and organisations an addressee phrase names."""
        def lookup(text: str) -> tuple[str, str] | None:
            auth = self.gazetteer.exact(text)
            return (auth.key, auth.kind) if auth and auth.kind in {"person", "org"} else None

        return [_correspondent(name) for name in names_in(phrase, lookup)]

    def _resolve_notes(self, doc: Document) -> None:
        """Pair markers with notes by number and proximity; every note keeps its own id."""
        markers = _marker_lines(doc)
        by_number: dict[str, list[int]] = {}
        for index, note in enumerate(doc.notes):
            by_number.setdefault(note.n, []).append(index)
        idents = note_idents(doc.notes)
        for n, indexes in by_number.items():
            if len(indexes) > 1:
                self.warn(doc.notes[indexes[1]].line, f"note number [{n}] is used by {len(indexes)} notes; each "
                                                      "marker goes to the nearest of them")
        taken: set[int] = set()
        targets: list[str] = []
        for n, line in markers:
            candidates = [i for i in by_number.get(n, []) if i not in taken]
            if not candidates:
                if n in by_number:  # a second marker for a note already pointed to
                    targets.append(idents[by_number[n][-1]])
                    continue
                self.warn(line, f"note marker [{n}] has no note text; kept as a note holding a gap")
                doc.notes.append(Note(n, (), line, missing=True, ident=f"n{n}"))
                by_number[n] = [len(doc.notes) - 1]
                idents.append(f"n{n}")
                taken.add(len(doc.notes) - 1)
                targets.append(f"n{n}")
                continue
            after = [i for i in candidates if doc.notes[i].line >= line]
            chosen = after[0] if after else candidates[-1]
            taken.add(chosen)
            targets.append(idents[chosen])
        for index, note in enumerate(doc.notes):
            anchored = index in taken
            if not anchored and not note.missing:
                self.warn(note.line, f"note [{note.n}] has no marker in the text; placed after the text, "
                                     "anchored=\"false\"")
            doc.notes[index] = replace(note, ident=idents[index], anchored=anchored or note.missing)
        if targets:
            _point_markers(doc, iter(targets))

    def _composition_and_transmission(self, doc: Document, title_form: str | None) -> None:
        """Composition and transmission from the notes' sentences about the document, then the title's form
        ("TELEGRAM TO …"), then the witness ("the text of the telegraph form"); each keeps its evidence. The
        two stay apart: a note "read to Trotsky on the phone" is the transmission, and where the header says
        "Dictated by phone" the note explains its "by phone"."""
        for note in doc.notes:
            for sentence in note_sentences(" ".join(plain(p) for p in note.paragraphs)):
                composition = composition_in(sentence) if doc.mode == "mode-unstated" else None
                if composition:
                    doc.mode, doc.mode_source = composition, note.ident
                transmission = transmission_in(sentence)
                if transmission and doc.transmission_source in {None, "creation", "head", "textBase"}:
                    doc.transmission, doc.transmission_source = transmission, note.ident
        if doc.mode == "mode-dictated-phone" and doc.mode_source == "creation" and \
                doc.transmission == "trans-telephone" and doc.transmission_source not in {None, "creation"}:
            # "Dictated by phone" in the header, and a note saying the text was read to the addressee on the
            # phone: the telephone carried it; the header's "Dictated" is the composition. A reading of two
            # sources together, so it carries its certainty and both pieces of evidence.
            doc.mode, doc.mode_source, doc.mode_cert = "mode-dictated", f"creation {doc.transmission_source}", \
                "medium"
        if doc.transmission_source is None and (category := TITLE_TRANSMISSION.get(title_form or "")):
            doc.transmission, doc.transmission_source = category, "head"
        if doc.transmission_source is None and doc.witness and (
                category := WITNESS_TRANSMISSION.get(doc.witness.kind)):
            doc.transmission, doc.transmission_source = category, "textBase"

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
                hand = self._hand(doc, m.group("who"), note.ident)
                spans.append(HandSpan(m.group("words"), note.n, hand.ident))
            for m in PART_HAND.finditer(text):
                hand = self._hand(doc, m.group("who"), note.ident)
                part = m.group("part").lower()
                if part.startswith("p") or "postscript" in part:
                    doc.postscripts = [replace(ps, hand=hand.ident) for ps in doc.postscripts]
                else:
                    for p_i, prt in enumerate(doc.parts):
                        closer = tuple(replace(b, attrs=b.attrs + (("hand", hand.ident),))
                                       if b.kind == "signed" else b for b in prt.closer)
                        doc.parts[p_i] = replace(prt, closer=closer)
        if spans:
            for p_i, prt in enumerate(doc.parts):
                blocks = tuple(self._rehand(b, spans, century) for b in prt.blocks)
                doc.parts[p_i] = replace(prt, blocks=blocks)
            doc.postscripts = [replace(ps, blocks=tuple(self._rehand(b, spans, century) for b in ps.blocks))
                               for ps in doc.postscripts]

    def _main_hand(self, doc: Document) -> None:
        """Where notes name other hands (not the author's) in a letter not dictated, the author's own hand is
        implied for the rest: declared with medium certainty, pointing to the note it is implied from."""
        if not (doc.hands and doc.mode in {"mode-unstated", "mode-written"} and doc.authors and doc.authors[0].key):
            return
        key = doc.authors[0].key
        if any(h.key == key for h in doc.hands):  # the author's words are named: the rest is in another hand
            return
        name = self.gazetteer.by_key[key].short_name
        ident = "h-" + key.replace("_", "-")
        doc.hands.insert(0, Hand(ident, name, key, "major", f"{name}’s hand (implied: the notes name other hands "
                                                            "only).", doc.hands[0].source, "medium"))
        doc.main_hand = ident

    def _hand(self, doc: Document, who: str, note: str) -> Hand:
        auth = self.gazetteer.lookup(who)
        key = auth.key if auth else None
        ident = "h-" + (key.replace("_", "-") if key else re.sub(r"[^a-z0-9]+", "-", who.lower()).strip("-"))
        for hand in doc.hands:
            if hand.ident == ident:
                return hand
        hand = Hand(ident, who, key, "minor", f"{who}’s hand.", note)
        doc.hands.append(hand)
        return hand

    def _rehand(self, block: Block, spans: list[HandSpan], century: int) -> Block:
        text = plain(block.content)
        relevant = tuple(s for s in spans if f"[{s.note}]" in text)
        if not relevant:
            return block
        content = self.inline.parse(text, century=century, hands=relevant)
        return replace(block, content=_repoint(content, block.content))

    def _references(self, doc: Document, titles: dict[str, str], century: int) -> None:
        """Bracketed titles of corpus documents (``titles`` from ``title_index``) become references."""

        def fix(block: Block) -> Block:
            if not _spans(block.content, "supplied"):
                return block
            content = self.inline.parse(plain(block.content), century=century, titles=titles)
            return replace(block, content=_repoint(content, block.content))

        doc.parts = [replace(p, blocks=tuple(fix(b) for b in p.blocks)) for p in doc.parts]

    def _roles(self, doc: Document) -> None:
        """References by role ("my wife") in the words of a document with one known author, who makes them
        certain; the editors' notes and heads are not the author's words and are left alone."""
        if doc.kind == "essay" or len(doc.authors) != 1 or not doc.authors[0].key:
            return
        author = doc.authors[0].key

        def tag(block: Block) -> Block:
            content: list[Inline] = []
            for item in block.content:
                if not isinstance(item, str):
                    content.append(item)
                    continue
                at = 0
                for found in self.gazetteer.roles(item, author):
                    content += [item[at:found.start], Span("name", (item[found.start:found.end],),
                                                           (("key", found.key), ("type", found.kind),
                                                            ("role", "yes")))]
                    at = found.end
                content.append(item[at:])
            return replace(block, content=tuple(c for c in content if c != ""))

        doc.parts = [replace(p, blocks=tuple(map(tag, p.blocks))) for p in doc.parts]
        doc.postscripts = [replace(ps, blocks=tuple(map(tag, ps.blocks))) for ps in doc.postscripts]

    # ---- corpus-level ---------------------------------------------------------------------------------

    def _principal_author(self, summaries: list[Summary]) -> Correspondent | None:
        """The author named most often by author headings and signatures; documents without one are his."""
        counts: Counter[str] = Counter(k for s in summaries if s.kind != "essay" for k in s.authors)
        for summary in summaries:
            for name in summary.signed:
                if auth := self.gazetteer.lookup(name):
                    counts[auth.key] += 1
        if not counts:
            return None
        key = counts.most_common(1)[0][0]
        return Correspondent(self.gazetteer.by_key[key].short_name, key)


def _same_titles(summaries: list[Summary]) -> frozenset[int]:
    """The documents that share genre, title (but for case and punctuation: "Letter to: X", "LETTER TO X")
    and date with another."""
    keys = [(s.kind, " ".join(re.findall(r"\w+", s.title.lower())), s.date) for s in summaries]
    counts = Counter(keys)
    return frozenset(i for i, key in enumerate(keys) if counts[key] > 1)


def _incipit(doc: Document, words: int = 6) -> str | None:
    """The first words of the text (corrected, without note markers), "…" where it goes on."""
    first = next((b for p in doc.parts for b in p.blocks if b.kind == "p"), None)
    if first is None:
        return None
    text = " ".join(MARKER.sub("", corrected(first.content)).split())
    cut = text.split(" ")
    return " ".join(cut[:words]).rstrip(",;:") + (" …" if len(cut) > words else "")


#: A year in running text (for an essay's own date: the latest year it speaks of).
YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")


def _written(blocks: list[Block], published: DateValue | None) -> DateValue | None:
    """An essay's date of writing: after the latest year its own paragraphs (not its quotations) mention,
    not after the compilation's publication; low certainty."""
    if published is None or not published.when:
        return None
    years = [int(y) for b in blocks if b.kind == "p" for y in YEAR.findall(plain(b.content))
             if int(y) <= int(published.when[:4])]
    return DateValue(None, str(max(years)), published.when, "low") if years else None


def note_idents(notes: list[Note]) -> list[str]:
    """The notes' local ids: "n1"; a second note numbered 1 is "n1-2"."""
    seen: Counter[str] = Counter()
    idents = []
    for note in notes:
        seen[note.n] += 1
        idents.append(f"n{note.n}" + (f"-{seen[note.n]}" if seen[note.n] > 1 else ""))
    return idents


def _named_already(who: Correspondent, named: list[Correspondent]) -> bool:
    """The same person or body, or a surname alone of someone named in full ("Zavyalov" after "M. K.
    Zavyalov")."""
    for other in named:
        if who == other or who.key and who.key == other.key:
            return True
        if who.key is None and other.key is None and who.kind == other.kind == "person" \
                and other.name.split()[-1] == who.name.split()[-1]:
            return True
    return False


def _correspondent(name: Name) -> Correspondent:
    return Correspondent(name.text, name.key, name.kind if name.kind in {"person", "org"} else "person")


def _published_sentences(value: str) -> list[str]:
    """The statements of a Published value: its sentences, and the ";"-separated pieces of the old format."""
    out: list[str] = []
    for sentence in sentences(value):
        out += [piece.strip() for piece in re.split(r";\s+", sentence) if piece.strip()]
    return out


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


def _datelines(doc: Document) -> list[Block]:
    """The datelines of the text: the opener's, then each part's, then the postscripts'."""
    blocks = [b for b in doc.opener if b.kind == "dateline"]
    for part in doc.parts:
        blocks += [b for b in (*part.opener, *part.closer) if b.kind in {"dateline", "header"}]
    blocks += [b for ps in doc.postscripts for b in ps.closer if b.kind == "dateline"]
    return blocks


def _text_blocks(doc: Document) -> list[Block]:
    """Every block holding text that may carry note markers, in reading order."""
    blocks = list(doc.opener)
    for part in doc.parts:
        blocks += [*part.opener, *part.blocks, *part.closer]
    for ps in doc.postscripts:
        blocks += [*ps.blocks, *ps.closer]
    return blocks


def _marker_lines(doc: Document) -> list[tuple[str, int]]:
    """Each note marker of the document in reading order, with the source line of its block."""
    found = [(s.get("n") or "", doc.first_line) for s in _spans(doc.head or (), "note")]
    for block in _text_blocks(doc):
        found += [(s.get("n") or "", block.line) for s in _spans(block.content, "note")]
    return found


def _point_markers(doc: Document, targets: Iterator[str]) -> None:
    """Give each marker (in reading order) the id of the note it points to."""

    def point(content: tuple[Inline, ...]) -> tuple[Inline, ...]:
        if not any(isinstance(item, Span) for item in content):
            return content
        out: list[Inline] = []
        for item in content:
            if isinstance(item, Span) and item.kind == "note":
                out.append(replace(item, attrs=(*item.attrs, ("note", next(targets)))))
            elif isinstance(item, Span):
                out.append(replace(item, children=point(item.children)))
            else:
                out.append(item)
        return tuple(out)

    if doc.head:
        doc.head = point(doc.head)
    doc.opener = [replace(b, content=point(b.content)) for b in doc.opener]
    doc.parts = [replace(p, opener=tuple(replace(b, content=point(b.content)) for b in p.opener),
                         blocks=tuple(replace(b, content=point(b.content)) for b in p.blocks),
                         closer=tuple(replace(b, content=point(b.content)) for b in p.closer)) for p in doc.parts]
    doc.postscripts = [replace(ps, blocks=tuple(replace(b, content=point(b.content)) for b in ps.blocks),
                               closer=tuple(replace(b, content=point(b.content)) for b in ps.closer))
                       for ps in doc.postscripts]


def _repoint(content: tuple[Inline, ...], old: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """``content`` (reparsed from the plain text of ``old``) with the note ids of ``old``'s markers."""
    ids = iter([s.get("note") for s in _spans(old, "note")])

    def walk(items: tuple[Inline, ...]) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for item in items:
            if isinstance(item, Span) and item.kind == "note":
                target = next(ids, None)
                out.append(replace(item, attrs=(*item.attrs, ("note", target))) if target else item)
            elif isinstance(item, Span):
                out.append(replace(item, children=walk(item.children)))
            else:
                out.append(item)
        return tuple(out)

    return walk(content)


def _title_of(doc: Document) -> str:
    """The corrected main title, as a cited title would give it."""
    title = without_marker(corrected(doc.head)) if doc.head else doc.title
    return title[: -len(doc.subtitle)].strip() if doc.subtitle and title.endswith(doc.subtitle) else title


__all__ = ["Reader", "MARKER"]
