"""Encode one document of the model as a TEI P5 tree (see docs/encoding.md for the shape)."""

from __future__ import annotations

import calendar
import re
from copy import deepcopy
from pathlib import PurePath

from lxml import etree

from tei_lenin.model import (
    Action,
    Block,
    Compilation,
    Correspondent,
    DateValue,
    Document,
    Edition,
    FirstPublished,
    HeaderLine,
    Inline,
    Note,
    Postscript,
    Span,
    corrected,
    plain,
)
from tei_lenin.reference import Authority
from tei_lenin.settings import Settings
from tei_lenin.tei.build import NSMAP, append, el, q, sub
from tei_lenin.text.names import identification_cert
from tei_lenin.text.rules.blocks import MARKER_TEXT

FOLDER = {"letter": "letters", "article": "articles", "essay": "essays"}
PREFIX = {"person": "psn", "org": "org", "place": "plc", "event": "evt"}
#: The element naming each kind; an event (a congress, a plenum) is referred to by an ``rs type="event"``.
NAME_TAG = {"person": "persName", "org": "orgName", "place": "placeName", "event": "rs"}
PROJECT = "tei-lenin"
#: Names of the languages a copy text may be translated from (settings ``translated_from``); others as coded.
LANGUAGES = {"ru": "Russian", "de": "German", "fr": "French", "it": "Italian", "es": "Spanish", "pl": "Polish",
             "uk": "Ukrainian", "zh": "Chinese", "ka": "Georgian", "yi": "Yiddish", "en": ""}


def editorial_decl() -> etree._Element:
    """The editorial principles, the same for every document (``encodingDesc/editorialDecl``)."""
    return el("editorialDecl", None,
              el("correction", {"method": "markup"}, el("p", None,
                 "Misprints of the copy text are corrected where the right reading is certain (choice with sic "
                 "and corr, corr/@resp the encoder); a doubtful reading is marked as printed (sic alone). Each "
                 "correction, with its context and reason, is listed in the project's errata file "
                 "(reference/errata.tsv).")),
              el("normalization", {"method": "markup"}, el("p", None,
                 "Spelling, capitals and punctuation are those of the copy text. Names are not normalised in "
                 "the text; they point to persons.xml (@ref). The header gives correspondents' names in "
                 "catalogue form.")),
              el("hyphenation", {"eol": "none"}, el("p", None,
                 "The copy text is a web page without line-end hyphenation; hyphens stand as printed.")),
              el("interpretation", None, el("p", None,
                 "What the text states plainly carries no @cert. What the encoder infers by rule (a person "
                 "identified by a bare surname or by a role, an implied hand, a date narrowed from a period, a "
                 "fact stated in another document's note) carries @cert and @resp (the encoder's respStmt) and, "
                 "where a note or line justifies it, @source pointing at it.")))


def ref_of(key: str, kind: str = "person") -> str:
    return f"{PREFIX[kind]}:{key.replace('_', '-')}"


def display_title(doc: Document) -> str:
    """The title for ``titleStmt``: the corrected head, "to:" normalised, capitals softened, date added."""
    title = corrected(doc.head) if doc.head else doc.title
    title = re.sub(rf"\s*{MARKER_TEXT}", "", title).strip() or doc.title
    title = re.sub(r"^(Letters?)\s+[Tt]o:?\s+", r"\1 to ", title)
    title = re.sub(r"\b([A-Z])([A-Z]{2,})\b", lambda m: m.group(1) + m.group(2).lower(), title)
    if doc.subtitle and title.endswith(doc.subtitle):
        title = title[: -len(doc.subtitle)].strip()
    if doc.kind == "letter" and doc.date and doc.date[:4] not in title:
        title += ", " + _long_date(doc.date)
    if doc.incipit:  # another document has the same title and date
        title += f" (“{doc.incipit}”)"
    return title


_MONTH_NAMES = tuple(calendar.month_name)


def _long_date(iso: str) -> str:
    """"1922-12-15" → "15 December 1922"; a month or a year alone as such ("December 1922", "1922")."""
    parts = [int(x) for x in iso.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return f"{_MONTH_NAMES[parts[1]]} {parts[0]}"
    return f"{parts[2]} {_MONTH_NAMES[parts[1]]} {parts[0]}"


class DocumentEncoder:
    """Builds the TEI tree of one document."""

    def __init__(self, compilation: Compilation, authorities: dict[str, Authority], settings: Settings) -> None:
        self.compilation = compilation
        self.authorities = authorities
        self.settings = settings
        self.doc = Document("essay", "", 0, 0, "")
        self._notes: dict[str, Note] = {}
        self._placed: set[str] = set()
        self._editor = self._lookup(compilation.editor) if compilation.editor else None
        #: Parts of the header that are the same in every document of the compilation, copied into each.
        self._copy_text = self._copy_text_bibl()
        self._encoding = self._encoding_desc()

    def encode(self, doc: Document) -> etree._Element:
        self.doc = doc
        self._notes = {note.ident or f"n{note.n}": note for note in doc.notes}
        self._placed = set()
        tei = el("TEI", {"xml:id": doc.ident, "xml:lang": "en"}, nsmap=NSMAP)
        tei.append(self._header())
        text = sub(tei, "text")
        body = sub(text, "body")
        body.append(self._div())
        return tei

    # ---- ids and pointers ---------------------------------------------------------------------------

    def _id(self, local: str) -> str:
        return f"{self.doc.ident}.{local}"

    def _ptr(self, local: str) -> str:
        """A pointer to an element of this document by its local id, or of another ("l1923-03-05b#n1")."""
        doc, _, note = local.rpartition("#")
        if doc:
            return f"{self._file(doc)}#{doc}.{note}"
        return "#" + self._id(local)

    def _file(self, ident: str) -> str:
        """The path of another document of the compilation from this one."""
        return f"../{FOLDER[self._kind_of(ident)]}/{ident}.xml"

    # ---- header -------------------------------------------------------------------------------------

    def _header(self) -> etree._Element:
        doc = self.doc
        header = el("teiHeader")
        file_desc = sub(header, "fileDesc")
        title_stmt = sub(file_desc, "titleStmt")
        sub(title_stmt, "title", {"type": "main" if doc.subtitle else None}, display_title(doc))
        if doc.subtitle:
            sub(title_stmt, "title", {"type": "sub"}, doc.subtitle)
        for author in doc.authors:
            sub(title_stmt, "author", None, self._name(author))
        if doc.notes:
            sub(title_stmt, "respStmt", {"xml:id": self._id("ed-cw")}, el("resp", None, "editorial notes (“—Ed.”)"),
                el("name", None, self.settings.notes_by))
        if doc.headnote or self._has(doc, "supplied"):
            sub(title_stmt, "respStmt", {"xml:id": self._id("ed-mia")},
                el("resp", None, "bracketed insertions and head-notes"),
                el("orgName", None, self.settings.insertions_by))
        sub(title_stmt, "respStmt", {"xml:id": self._id("ed-tl")}, el("resp", None, "TEI encoding and corrections"),
            el("orgName", None, PROJECT))
        pub = sub(file_desc, "publicationStmt")
        sub(pub, "publisher", None, self.settings.publisher)
        avail = sub(pub, "availability")
        sub(avail, "licence", {"target": self.settings.licence}, self.settings.licence_statement)
        sub(pub, "idno", {"type": "URI"}, self.settings.base_url + doc.ident)
        file_desc.append(self._source_desc())
        header.append(deepcopy(self._encoding))
        header.append(self._profile_desc())
        revisions = sub(header, "revisionDesc")
        sub(revisions, "change", {"who": self._ptr("ed-tl")}, "TEI encoding generated from the copy text by "
            f"{PROJECT}'s rules (documented in its docs/encoding.md); not revised by hand.")
        return header

    def _copy_text_bibl(self) -> etree._Element:
        """The compilation as the copy text: title, publisher line with its date, editor."""
        comp = self.compilation
        copy = el("bibl", {"type": "copyText"})
        # A compilation without a title line of its own is named by its file.
        sub(copy, "title", {"level": "m"}, comp.title or PurePath(comp.source_name).name)
        if comp.publisher_line and comp.editor:
            append(copy, ". ")
            before = comp.publisher_line[: comp.publisher_line.rfind(comp.editor)]
            self._text_with_date(copy, before, comp.published)
            auth = self._editor
            sub(copy, "author", None, el("persName", {"ref": ref_of(auth.key) if auth else None}, comp.editor))
        return copy

    def _source_desc(self) -> etree._Element:
        doc = self.doc
        source = el("sourceDesc")
        list_bibl = sub(source, "listBibl")
        list_bibl.append(deepcopy(self._copy_text))
        list_bibl.append(self._transcription_bibl())
        if doc.web_lines:
            list_bibl.append(self._web_bibl())
        for published in doc.first_published:
            list_bibl.append(self._first_published(published))
        if doc.edition or doc.witness or doc.serial or self._cites_edition(doc):
            list_bibl.append(self._edition_bibl())
        return source

    def _transcription_bibl(self) -> etree._Element:
        """Where the document stands in the plain text the encoder read: the file and its lines (1-based), so a
        reader can check the encoding against the raw lines."""
        doc = self.doc
        bibl = el("bibl", {"type": "transcription"})
        append(bibl, "Plain-text file ")
        sub(bibl, "idno", {"type": "file"}, PurePath(self.compilation.source_name).name)
        append(bibl, ", ")
        span = f"line {doc.first_line}" if doc.first_line == doc.last_line else \
            f"lines {doc.first_line}–{doc.last_line}"
        sub(bibl, "biblScope", {"unit": "line", "from": str(doc.first_line), "to": str(doc.last_line)}, span)
        return bibl

    def _edition_bibl(self) -> etree._Element:
        """The printed edition: the ``Source:`` line (volume, pages), its translators, and the witness it
        printed from; without a Source line, the edition whose editors wrote the notes."""
        doc = self.doc
        bibl = el("bibl", {"type": "edition", "xml:id": self._id("edition")})
        edition = doc.edition
        if edition and edition.line.text:
            self._source_value(bibl, edition)
        else:
            sub(bibl, "title", {"level": "m"}, self.settings.notes_edition)
            append(bibl, " (the edition whose editors wrote the notes; its volume is not named in the copy text)")
        if doc.serial:
            append(bibl, " ")
            sub(bibl, "biblScope", {"unit": "document", "n": doc.serial}, doc.serial)
        for line in edition.translators if edition else ():
            append(bibl, " ")
            resp = sub(bibl, "respStmt")
            sub(resp, "resp", None, line.label)
            self._inline(sub(resp, "name"), _value_content(line))
        if doc.witness:
            append(bibl, " ")
            evidence = self._id("textBase") if "textBase" in self._evidence() else None
            note = sub(bibl, "note", {"type": "textBase", "subtype": doc.witness.kind, "xml:id": evidence})
            self._inline(note, doc.witness.line.content)
        return bibl

    def _source_value(self, bibl: etree._Element, edition: Edition) -> None:
        """The words of a Source value with the edition's title, volume and pages marked up."""
        value = edition.line.value
        title_end = value.find(",") if "," in value else len(value)
        sub(bibl, "title", {"level": "m"}, value[:title_end])
        pos = title_end
        for start, end, unit, n in edition.scopes:
            if start < pos:
                continue
            append(bibl, value[pos:start])
            if unit == "volume":
                sub(bibl, "biblScope", {"unit": "volume", "n": n}, value[start:end])
            else:
                pages = re.split(r"\s*[-–]\s*", n, maxsplit=1)
                sub(bibl, "biblScope", {"unit": "page", "from": pages[0], "to": pages[-1]}, value[start:end])
            pos = end
        append(bibl, value[pos:])

    def _web_bibl(self) -> etree._Element:
        """The web page the text was copied from: transcription, rights, formats, as its lines say."""
        bibl = el("bibl", {"type": "online"})
        sub(bibl, "publisher", None, self.settings.insertions_by)
        for line in self.doc.web_lines:
            append(bibl, " ")
            if line.key in {"transcription", "proofread"}:
                resp = sub(bibl, "respStmt")
                sub(resp, "resp", None, line.label)
                sub(resp, "name", None, line.value)
            elif line.key == "rights":
                availability = sub(bibl, "availability")
                sub(availability, "p", None, line.text)
            else:
                sub(bibl, "note", {"type": "web"}, line.text)
        return bibl

    def _first_published(self, fp: FirstPublished) -> etree._Element:
        bibl = el("bibl", {"type": "firstPublished"})
        rest = fp.text
        if fp.issue and rest.startswith(fp.journal) and fp.journal != rest:
            sub(bibl, "title", {"level": "j"}, fp.journal)
            rest = rest[len(fp.journal):]
            if m := re.search(r"\((No\.\s*)?" + re.escape(fp.issue) + r"\)", rest):
                append(bibl, rest[: m.start() + 1])
                sub(bibl, "biblScope", {"unit": "issue", "n": fp.issue}, m.group(0)[1:-1])
                append(bibl, ")")
                rest = rest[m.end():]
            self._text_with_date(bibl, rest, fp.date)
            return bibl
        self._inline(bibl, fp.content)
        return bibl

    def _text_with_date(self, parent: etree._Element, text: str, value: DateValue | None) -> None:
        """Append ``text`` with its first date expression marked up as ``value``."""
        spans = _date_spans(text)
        if not spans or value is None:
            append(parent, text)
            return
        start, end = spans[0]
        append(parent, text[:start])
        parent.append(self._date(value, text[start:end]))
        append(parent, text[end:])

    def _encoding_desc(self) -> etree._Element:
        enc = el("encodingDesc")
        prefixes = sub(enc, "listPrefixDef")
        for ident, target, what in (("psn", "persons.xml", "a person"), ("org", "persons.xml", "an organisation"),
                                    ("plc", "persons.xml", "a place"), ("evt", "persons.xml", "an event"),
                                    ("tax", "taxonomy.xml", "a category")):
            sub(prefixes, "prefixDef", {"ident": ident, "matchPattern": "([a-z0-9-]+)",
                                        "replacementPattern": f"../{target}#$1"},
                el("p", None, f"Points to {what} in {target}."))
        enc.append(editorial_decl())
        return enc

    def _profile_desc(self) -> etree._Element:
        doc = self.doc
        profile = el("profileDesc")
        evidence = self._evidence()
        if doc.written:  # an essay: its date of writing, inferred
            creation = sub(profile, "creation", None, "Written after the latest year the essay mentions and not "
                                                      "after the compilation's publication: ")
            creation.append(self._date(doc.written, None))
        elif doc.header_lines or doc.kind != "essay":
            creation = sub(profile, "creation", {"xml:id": self._id("creation") if "creation" in evidence else None})
            for index, line in enumerate(doc.header_lines):
                if index:
                    append(creation, "\n")
                self._inline(creation, line.content)
            if creation.find(q("date")) is None:  # no date in the lines: the document's dates from its text
                if doc.header_lines:
                    append(creation, " ")
                for value in doc.dates:
                    creation.append(self._date(value, None))
                if not doc.dates:
                    sub(creation, "date", None, "undated")
            for scribe in doc.amanuenses:  # a fact from another document's note: its certainty and source
                append(creation, " Taken down by ")
                sub(creation, "persName", {"ref": ref_of(scribe.who.key) if scribe.who.key else None,
                                           "role": "amanuensis", **self._certainty(scribe.cert),
                                           "source": self._ptr(scribe.source)}, scribe.who.name)
                append(creation, ".")
        text_class = sub(profile, "textClass")
        sub(text_class, "catRef", {"scheme": "tax:genre", "target": f"tax:genre-{doc.kind}"})
        self._cat_ref(text_class, "mode", doc.mode, doc.mode_source, doc.mode_cert)
        if doc.kind == "letter":
            self._cat_ref(text_class, "transmission", doc.transmission, doc.transmission_source)
        sub(text_class, "catRef", {"scheme": "tax:secrecy", "target": f"tax:{doc.secrecy}"})
        if doc.kind == "letter":
            profile.append(self._corresp_desc())
        language = LANGUAGES.get(self.settings.translated_from, self.settings.translated_from)
        sub(sub(profile, "langUsage"), "language", {"ident": "en"},
            f"English, a translation from {language}" if language else "English")
        if doc.hands:
            notes = sub(profile, "handNotes")
            for hand in doc.hands:
                sub(notes, "handNote", {"xml:id": self._id(hand.ident),
                                        "scribeRef": ref_of(hand.key) if hand.key else None,
                                        "scope": hand.scope, "source": self._ptr(hand.source) if hand.source else None,
                                        "cert": hand.cert, "resp": self._ptr("ed-tl") if hand.cert else None},
                    hand.description)
        return profile

    def _cat_ref(self, parent: etree._Element, scheme: str, target: str, source: str | None,
                 cert: str | None = None) -> None:
        """A classification with the elements whose words justify it (``@source``)."""
        sub(parent, "catRef", {"scheme": f"tax:{scheme}", "target": f"tax:{target}",
                               "source": " ".join(map(self._ptr, source.split())) if source else None,
                               **self._certainty(cert)})

    def _evidence(self) -> set[str]:
        """The local ids the classifications point to (their elements get those ids)."""
        return {s for source in (self.doc.mode_source, self.doc.transmission_source) for s in (source or "").split()}

    def _corresp_desc(self) -> etree._Element:
        doc = self.doc
        desc = el("correspDesc", {"ref": self.settings.base_url + doc.ident})
        order = {"sent": 0, "transmitted": 1, "received": 2}
        for action in sorted(doc.actions, key=lambda a: order[a.type]):
            desc.append(self._action(action))
        if doc.prev_letter or doc.next_letter or doc.related:
            context = sub(desc, "correspContext")
            for kind, ident in (("prev", doc.prev_letter), ("next", doc.next_letter)):
                if ident:
                    label = "Previous" if kind == "prev" else "Next"
                    sub(context, "ref", {"type": kind, "target": f"{ident}.xml"},
                        f"{label} letter to the same addressee")
            for ident in doc.related:
                sub(context, "ref", {"type": "related", "target": self._file(ident)},
                    "A document whose notes speak of this letter")
        return desc

    def _action(self, action: Action) -> etree._Element:
        element = el("correspAction", {"type": action.type, "subtype": action.subtype})
        for who in action.who:
            element.append(self._name(who))
        for place in action.places:
            sub(element, "placeName", None, place)
        if action.date:
            element.append(self._date(action.date, None))
        if action.note:
            sub(element, "note", None, action.note)
        return element

    def _name(self, who: Correspondent) -> etree._Element:
        auth = self.authorities.get(who.key) if who.key else None
        text = auth.display_name if auth else who.name
        return el(NAME_TAG[who.kind], {"ref": ref_of(who.key, who.kind) if who.key else None,
                                       **self._certainty(identification_cert(who.name, auth) if auth else None)},
                  text)

    def _certainty(self, cert: str | None) -> dict[str, str | None]:
        """``@cert`` with the encoder as ``@resp`` (an inference), or nothing (what the text states)."""
        return {"cert": cert, "resp": self._ptr("ed-tl") if cert else None}

    def _lookup(self, name: str) -> Authority | None:
        for auth in self.authorities.values():
            if name in auth.variants or auth.reg_name == name:
                return auth
        return None

    def _date(self, value: DateValue, text: str | None) -> etree._Element:
        return el("date", {"when": value.when, "notBefore": value.not_before, "notAfter": value.not_after,
                           **self._certainty(value.cert), "evidence": "internal" if value.cert else None}, text)

    # ---- text ---------------------------------------------------------------------------------------

    def _div(self) -> etree._Element:
        doc = self.doc
        div = el("div", {"type": doc.kind})
        if doc.byline:
            self._block(div, doc.byline)
        if doc.head:
            head = sub(div, "head", {"xml:id": self._id("head") if "head" in self._evidence() else None})
            self._inline(head, doc.head)
        if doc.headnote:
            note = sub(div, "note", {"type": "headnote", "place": "inline", "resp": self._ptr("ed-mia")})
            self._inline(note, doc.headnote.content)
        for block in doc.opener:
            if block.kind == "subhead":
                self._block(div, block)
        main = self._ptr(doc.main_hand) if doc.main_hand else None
        if any(block.kind != "subhead" for block in doc.opener):
            opener = sub(div, "opener", {"hand": main})
            for block in doc.opener:
                if block.kind != "subhead":
                    self._block(opener, block)
        parts = doc.parts
        if len(parts) == 1:
            self._part(div, parts[0].blocks, parts[0].closer, parts[0].opener, parts[0].head, main)
        else:
            kind = "writingSession" if doc.kind == "letter" else "part"
            for number, part in enumerate(parts, start=1):
                section = sub(div, "div", {"type": kind, "n": str(number)})
                self._part(section, part.blocks, part.closer, part.opener, part.head, main)
        for postscript in doc.postscripts:
            self._postscript(div, postscript, main)
        for note in doc.notes:
            if (note.ident or f"n{note.n}") not in self._placed:
                self._note(note, div)
        for block in doc.trailer:
            self._block(div, block)
        return div

    def _part(self, parent: etree._Element, blocks: tuple[Block, ...], closer: tuple[Block, ...],
              opener: tuple[Block, ...] = (), head: Block | None = None, hand: str | None = None) -> None:
        """A part of the text. ``hand``: the hand of the letter's own words (opener, paragraphs, closer), not of
        the editorial head or the editors' notes, so it goes on those elements and not on the ``div``."""
        if head is not None:
            self._inline(sub(parent, "head"), head.content)
        if opener:
            element = sub(parent, "opener", {"hand": hand})
            for block in opener:
                self._block(element, block)
        if not blocks:  # a part must hold text: say that the copy text has none here
            sub(sub(parent, "p"), "gap", {"reason": "no-text-in-copy-text"})
        quote: etree._Element | None = None
        for block in blocks:
            if block.kind == "quote":
                if quote is None or block.attrs_get("continues") != "yes":
                    cit = sub(parent, "cit")
                    quote = sub(cit, "quote")
                    if target := block.attrs_get("target"):
                        folder = FOLDER[self._kind_of(target)]
                        sub(cit, "ref", {"target": f"../{folder}/{target}.xml"})
                self._inline(sub(quote, "p"), block.content)
                continue
            quote = None
            self._block(parent, block, hand)
        if closer:
            element = sub(parent, "closer", {"hand": hand})
            for block in closer:
                self._block(element, block)

    def _postscript(self, parent: etree._Element, postscript: Postscript, main: str | None) -> None:
        own = self._ptr(postscript.hand) if postscript.hand else main
        element = sub(parent, "postscript", {"hand": own})
        sub(element, "label", None, postscript.label)
        append(element, " ")
        self._part(element, postscript.blocks, postscript.closer)

    def _kind_of(self, ident: str) -> str:
        return self.compilation.kinds[ident]

    def _block(self, parent: etree._Element, block: Block, hand: str | None = None) -> None:
        """One block; ``hand``: the hand of a paragraph of the letter's own words where it names none."""
        attrs = dict(block.attrs)
        if block.kind == "subhead":
            self._inline(sub(parent, "head", {"type": "sub"}), block.content)
        elif block.kind in {"classification", "addressee", "copyTo", "for"}:
            seg_type = "addressee" if block.kind == "for" else block.kind
            self._inline(sub(parent, "seg", {"type": seg_type}), block.content)
        elif block.kind in {"salute", "signed", "byline", "p"}:
            hand = self._ptr(attrs["hand"]) if "hand" in attrs else hand if block.kind == "p" else None
            text = block.content
            if block.kind == "byline" and self.doc.kind == "essay":
                text = (plain(text).strip(),)
                element = sub(parent, "byline")
                self._byline(element, text[0])
                return
            self._inline(sub(parent, block.kind, {"hand": hand}), text)
        elif block.kind in {"dateline", "header"}:
            self._inline(sub(parent, "dateline"), block.content)
        else:
            raise ValueError(f"unknown block kind {block.kind!r}")

    def _byline(self, element: etree._Element, text: str) -> None:
        pos = 0
        for author in self.doc.authors:
            at = text.find(author.name, pos)
            if at < 0:
                continue
            append(element, text[pos:at])
            element.append(el("persName", {"ref": ref_of(author.key) if author.key else None}, author.name))
            pos = at + len(author.name)
        append(element, text[pos:])

    def _note(self, note: Note, parent: etree._Element) -> etree._Element:
        ident = note.ident or f"n{note.n}"
        self._placed.add(ident)
        attrs: dict[str, str | None] = {"xml:id": self._id(ident), "n": note.n, "place": "end",
                                        "anchored": None if note.anchored else "false", "type": "editorial",
                                        "resp": self._ptr("ed-cw") if not note.missing else None}
        element = sub(parent, "note", attrs)
        if note.missing:
            sub(element, "gap", {"reason": "note-text-not-in-copy-text"})
        elif len(note.paragraphs) == 1:
            self._inline(element, note.paragraphs[0])
        else:
            for para in note.paragraphs:
                self._inline(sub(element, "p"), para)
        return element

    def _inline(self, parent: etree._Element, content: tuple[Inline, ...]) -> None:
        """Append inline content to ``parent``, building elements in place."""
        last = parent[-1] if len(parent) else None  # text goes to its tail, or to the parent's text
        for item in content:
            if isinstance(item, str):
                if last is None:
                    parent.text = (parent.text or "") + item
                else:
                    last.tail = (last.tail or "") + item
            else:
                last = self._span(parent, item)

    def _span(self, parent: etree._Element, span: Span) -> etree._Element:
        """Append the element of ``span`` to ``parent`` and return it."""
        kind = span.kind
        attrs = dict(span.attrs)
        if kind == "note":
            n = attrs.get("n") or ""
            ident = attrs.get("note") or f"n{n}"
            braces = attrs.get("braces") == "yes"
            if ident in self._placed or ident not in self._notes:
                return sub(parent, "ref", {"type": "noteRef", "target": self._ptr(ident)},
                           f"{{{n}}}" if braces else f"[{n}]")
            note = self._note(self._notes[ident], parent)
            if braces:
                note.set("rend", "braces")
            return note
        if kind == "lb":
            return sub(parent, "lb")
        if kind == "choice":
            if not attrs.get("corr"):  # doubtful, the right reading not established: marked as printed
                return sub(parent, "sic", {"resp": self._ptr("ed-tl")}, attrs.get("sic"))
            choice = sub(parent, "choice")
            sub(choice, "sic", None, attrs.get("sic"))
            sub(choice, "corr", {"resp": self._ptr("ed-tl")}, attrs.get("corr"))
            return choice
        if kind == "name":
            name_kind, key = attrs.get("type") or "person", attrs.get("key") or ""
            auth = self.authorities.get(key)
            cert = identification_cert(plain(span.children), auth) if auth else None
            if attrs.get("role"):  # "my wife": a reference by role, certain only through the author
                tag, cert = "rs", "high"
            else:
                tag = NAME_TAG[name_kind]
            outer = element = sub(parent, tag, {"type": name_kind if tag == "rs" else None,
                                                                 "ref": ref_of(key, name_kind),
                                                                 **self._certainty(cert)})
        elif kind == "supplied":
            outer = element = sub(parent, "supplied", {"reason": attrs.get("reason"), "resp": self._ptr("ed-mia")})
            if target := attrs.get("target"):
                element = sub(element, "ref", {"target": f"../{FOLDER[self._kind_of(target)]}/{target}.xml"})
        elif kind == "editionRef":
            outer = bibl = sub(parent, "bibl", {"corresp": self._ptr("edition")})
            if target := attrs.get("target"):  # a document of the compilation: the reference leads to it
                outer = sub(parent, "ref", {"target": self._file(target)})
                outer.append(bibl)
            element = sub(bibl, "biblScope", {"unit": attrs.get("unit"), "n": attrs.get("n")})
        elif kind == "docRef":  # (the reader keeps only those it resolved)
            outer = element = sub(parent, "ref", {"target": self._file(attrs.get("target") or "")})
        elif kind == "hand":
            outer = element = sub(parent, "seg", {"hand": self._ptr(attrs.get("hand") or "")})
        elif kind == "date":
            link = None
            if target := attrs.get("target"):  # the date of a letter of the compilation: the way to it
                link = parent = sub(parent, "ref", {"target": self._file(target)})
            element = sub(parent, "date", {**{k: attrs.get(k) for k in ("when", "notBefore", "notAfter")},
                                           **self._certainty(attrs.get("cert")), "evidence": attrs.get("evidence")})
            outer = link if link is not None else element
        else:
            raise ValueError(f"unknown inline kind {kind!r}")
        self._inline(element, span.children)
        return outer

    @staticmethod
    def _cites_edition(doc: Document) -> bool:
        def walk(items: tuple[Inline, ...]) -> bool:
            return any(isinstance(i, Span) and (i.kind == "editionRef" or walk(i.children)) for i in items)

        return any(walk(para) for note in doc.notes for para in note.paragraphs)

    @staticmethod
    def _has(doc: Document, kind: str) -> bool:
        def walk(items: tuple[Inline, ...]) -> bool:
            return any(isinstance(i, Span) and (i.kind == kind or walk(i.children)) for i in items)

        blocks = [b for p in doc.parts for b in p.blocks] + [b for ps in doc.postscripts for b in ps.blocks]
        return any(walk(b.content) for b in blocks)


def _value_content(line: HeaderLine) -> tuple[Inline, ...]:
    """The inline content of a header line after its label ("Translated: Yuri Sdobnikov" → the name)."""
    text = plain(line.content)
    at = text.find(line.value) if line.value else -1
    return (line.value,) if at < 0 else _cut_content(line.content, at)


def _cut_content(content: tuple[Inline, ...], at: int) -> tuple[Inline, ...]:
    """Inline content from character ``at`` of its plain text on (a span cut there keeps only plain text)."""
    out: list[Inline] = []
    pos = 0
    for item in content:
        text = item if isinstance(item, str) else plain((item,))
        end = pos + len(text)
        if end > at:
            if pos >= at:
                out.append(item)
            else:
                out.append(text[at - pos:])
        pos = end
    return tuple(out)


def _date_spans(text: str) -> list[tuple[int, int]]:
    from tei_lenin.text.dates import find_dates

    return [(m.start, m.end) for m in find_dates(text)]
