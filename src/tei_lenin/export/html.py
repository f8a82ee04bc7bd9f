"""Static HTML reading edition: one page per document, the registers, and the whole site (:func:`build_site`).

Everything is inline (CSS, a little vanilla JS), so the folder works offline from ``file://``; the TEI files
are copied into ``tei/`` and linked from every page. :func:`build_site` returns ``{relative path: bytes}``;
writing the files happens in :mod:`tei_lenin.export.command`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from tei_lenin.export.index import index_page
from tei_lenin.export.page import E, fact_value, facts, human_date, page_name, render_page, site_header
from tei_lenin.export.reader import NS, Corpus, Document, Hand, local, norm, text_of
from tei_lenin.export.registers import KINDS, ROLES, Entry, authority_links, collect, entry_page
from tei_lenin.export.search import index_script
from tei_lenin.export.sourcelines import Span, source_page, source_site, span_of
from tei_lenin.export.strip import Correspondence
from tei_lenin.tei.build import append

HAND_TINTS = 3
#: Keyboard: the arrow keys lead to the previous and next document (not while typing or with a modifier).
PAGE_JS = """
(function () {
  document.addEventListener('keydown', function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    if (/^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName)) { return; }
    var rel = event.key === 'ArrowLeft' ? 'prev' : event.key === 'ArrowRight' ? 'next' : null;
    var link = rel && document.querySelector('nav.pager a[rel=' + rel + ']');
    if (link) { window.location.href = link.href; }
  });
})();
"""
#: Notes shown in place: a marker opens its note right after it (and closes it again; Escape closes every
#: open note); without script, the marker still leads to the list of notes at the end.
NOTES_JS = """
(function () {
  function close(pop) {
    var marker = document.getElementById(pop.getAttribute('data-for'));
    if (marker) { marker.setAttribute('aria-expanded', 'false'); }
    pop.parentNode.removeChild(pop);
  }
  document.querySelectorAll('sup.fn-ref a').forEach(function (marker) {
    marker.addEventListener('click', function (event) {
      event.preventDefault();
      var open = document.querySelector('.fn-pop[data-for="' + marker.id + '"]');
      if (open) { close(open); return; }
      var note = document.getElementById(marker.getAttribute('href').slice(1));
      if (!note) { return; }
      var pop = document.createElement('span');
      pop.className = 'fn-pop';
      pop.setAttribute('role', 'note');
      pop.setAttribute('data-for', marker.id);
      var body = note.querySelector('div');
      var copy = body ? body.cloneNode(true) : document.createElement('div');
      copy.querySelectorAll('.fn-back').forEach(function (a) { a.parentNode.removeChild(a); });
      pop.innerHTML = '<span class="fn-pop-label">' + marker.textContent + '</span> ' + copy.innerHTML;
      marker.parentNode.insertAdjacentElement('afterend', pop);
      marker.setAttribute('aria-expanded', 'true');
    });
  });
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') { document.querySelectorAll('.fn-pop').forEach(close); }
  });
})();
"""

@dataclass
class Footnote:
    label: str  # the number in reading order
    ident: str
    anchored: bool
    body: etree._Element
    source: str | None = None  # the source's own number, where it differs


@dataclass
class Renderer:
    """Turns the ``text`` of one TEI document into HTML, collecting footnotes and the hands used."""

    corpus: Corpus
    doc: Document
    hands: dict[str, Hand]
    default_hand: str | None = None
    footnotes: list[Footnote] = field(default_factory=list)
    used: set[str] = field(default_factory=set)
    root: str = ""  # from the page to the site root (document pages are at the root)
    toc: list[tuple[int, str, str]] = field(default_factory=list)  # (depth, anchor, text) of every head
    hand_order: list[str] = field(default_factory=list)  # other hands in order of first use (their tints)

    BLOCK_PARENTS = frozenset({"div", "body", "opener", "closer", "postscript", "front", "back", "note", "cit"})

    def children(self, src: etree._Element, out: etree._Element) -> None:
        append(out, src.text)
        for child in src:
            if isinstance(child.tag, str):
                self.element(child, out)
            append(out, child.tail)

    def _hand(self, src: etree._Element, out: etree._Element) -> etree._Element:
        hand_id = self.doc.target_id(src.get("hand"))
        if hand_id and hand_id != self.default_hand and hand_id in self.hands:
            hand = self.hands[hand_id]
            if hand_id not in self.hand_order:
                self.hand_order.append(hand_id)
            tint = min(self.hand_order.index(hand_id) + 1, HAND_TINTS)
            out.set("class", (out.get("class", "") + f" hand hand-{tint}").strip())
            out.set("title", f"In the hand of {hand.name}")
            out.set("data-hand", hand_id)
            self.used.add("hand")
        return out

    def element(self, src: etree._Element, out: etree._Element) -> None:  # noqa: C901 (a plain dispatch)
        name = local(src)
        parent = local(src.getparent()) if src.getparent() is not None else ""
        block = parent in self.BLOCK_PARENTS
        if name == "note":
            self.note(src, out)
            return
        if name == "choice":
            shown = next((src.find(f"t:{n}", NS) for n in ("corr", "reg", "expan")
                          if src.find(f"t:{n}", NS) is not None), None)
            hidden = next((src.find(f"t:{n}", NS) for n in ("sic", "orig", "abbr")
                           if src.find(f"t:{n}", NS) is not None), None)
            span = E("span", {"class": "corr", "title": f"Corrected; the copy text reads “{text_of(hidden)}”"
                              if hidden is not None else None})
            if shown is not None:
                self.children(shown, span)
            self.used.add("corr")
            append(out, span)
            return
        if name == "supplied":
            span = E("span", {"class": "supplied", "title": "Supplied by the editors"
                              + (f" ({src.get('reason')})" if src.get("reason") else "")}, "[")
            self.children(src, span)
            append(span, "]")
            self.used.add("supplied")
            append(out, span)
            return
        if name == "gap":
            append(out, E("span", {"class": "gap", "title": "Omitted: " + (src.get("reason") or "gap")}, "[…]"))
            return
        if name in ("persName", "orgName", "placeName", "name", "rs"):
            entity = self.corpus.entities.get(self.doc.target_id(src.get("ref")) or "")
            kind = {"persName": "person", "orgName": "org", "placeName": "place"}.get(name, "name")
            linkable = not src.xpath("ancestor::t:ref", namespaces=NS)  # HTML has no link inside a link
            if entity is not None and entity.kind in KINDS and linkable:
                html = E("a", {"class": f"name {kind}", "href": self.root + entry_page(entity.id),
                               "title": entity.name})
            else:
                html = E("span", {"class": f"name {kind}", "title": entity.name if entity else None})
        elif name == "date" and src.get("when"):
            html = E("time", {"datetime": src.get("when")})
        elif name == "date":  # a period or an approximate date: no machine-readable instant to give
            html = E("span", {"class": "date"})
        elif name == "ref":
            html = E("a", {"href": self.link(src.get("target"))})
            if not norm(text_of(src)) and not len(src):
                target = self.corpus.linked(self.doc, src.get("target"))
                append(html, f"→ {target.title}" if target else "→ source")
                append(out, html)
                return
        elif name == "div":
            depth = len(src.xpath("ancestor::t:div", namespaces=NS))
            html = E("article" if depth == 0 else "section",
                     {"class": "text" if depth == 0 else "part", "data-type": src.get("type"),
                      "data-n": src.get("n")})
            if depth == 0 and src.get("hand"):
                self.default_hand = self.doc.target_id(src.get("hand"))
        elif name == "head":
            depth = len(src.xpath("ancestor::t:div", namespaces=NS))
            anchor = f"head-{len(self.toc) + 1}"
            self.toc.append((depth, anchor, text_of(src)))
            html = E("h2" if depth <= 1 else "h3", {"class": "head", "id": anchor})
        elif name == "p":
            html = E("p")
        elif name in ("opener", "closer", "postscript"):
            html = E("div", {"class": name})
        elif name == "seg" and block:
            html = E("p", {"class": src.get("type") or "seg"})
        elif name in ("salute", "signed", "dateline", "byline", "docAuthor", "docDate", "address", "addrLine"):
            html = E("p" if block else "span", {"class": name})
        elif name in ("quote", "q") and parent == "cit":
            html = E("div", {"class": "quote"})
        elif name in ("cit", "quote", "q") and block:
            html = E("blockquote", {"class": name})
        elif name in ("quote", "q", "said"):
            html = E("span", {"class": "quote"})
        elif name == "hi":
            html = E("em")
        elif name == "title":
            html = E("cite")
        elif name == "lb":
            html = E("br")
        elif name == "label":
            html = E("span", {"class": "label"})
        elif name == "list":
            html = E("ul")
        elif name == "item":
            html = E("li")
        else:
            html = E("div" if block and name not in ("seg", "sic", "corr") else "span", {"class": f"tei-{name}"})
        self._hand(src, html)
        self.children(src, html)
        append(out, html)

    def link(self, target: str | None) -> str | None:
        if not target:
            return None
        target = target.split()[0]
        if re.match(r"[a-z][a-z0-9+.-]*://", target):
            return target
        if target.startswith("#"):
            return target
        linked = self.corpus.linked(self.doc, target)
        if linked is not None:
            return page_name(linked)
        path, _, fragment = target.partition("#")
        return "tei/" + self.doc.corpus_path(path) + (f"#{fragment}" if fragment else "")

    def note(self, src: etree._Element, out: etree._Element) -> None:
        if not self.doc.is_footnote(src):
            aside = E("aside", {"class": "headnote"})
            self.children(src, aside)
            append(out, aside)
            return
        index = len(self.footnotes) + 1
        label = str(index)  # reading order; the source's own number is kept visible where it differs
        source_number = norm(src.get("n"))
        ident = self.doc.footnote_id(src, index)
        anchored = src.get("anchored") != "false"
        body = E("div")
        if src.find("t:p", NS) is not None:
            self.children(src, body)
        else:
            paragraph = E("p")
            self.children(src, paragraph)
            body.append(paragraph)
        if src.find("t:gap", NS) is not None and not norm(text_of(src)):
            body = E("div", None, E("p", None, "The note’s text is not in the copy text."))
        source = source_number if source_number and source_number != label else None
        self.footnotes.append(Footnote(label, ident, anchored, body, source))
        if anchored:
            title = f"Note {label}" + (f" (the source's note {source})" if source else "")
            append(out, E("sup", {"class": "fn-ref"},
                          E("a", {"href": f"#fn-{ident}", "id": f"fnref-{ident}",
                                  "title": title, "aria-expanded": "false"}, label)))

    def footnote_section(self) -> etree._Element | None:
        if not self.footnotes:
            return None
        listing = E("ol")
        for note in self.footnotes:
            if note.anchored:
                first = E("a", {"class": "fn-label", "href": f"#fnref-{note.ident}",
                                "title": "Back to the text"}, note.label)
                last = note.body[-1] if len(note.body) else note.body
                append(last, " ")
                append(last, E("a", {"class": "fn-back", "href": f"#fnref-{note.ident}",
                                     "title": "Back to the text", "aria-label": "Back to the text"}, "↩"))
            else:
                first = E("span", {"class": "fn-label", "title": "This note has no marker in the text"},
                          note.label)
            if note.source:
                note.body.insert(0, E("p", {"class": "fn-source"}, f"The source’s note {note.source}"))
            listing.append(E("li", {"id": f"fn-{note.ident}", "role": "doc-endnote"}, first, note.body))
        return E("section", {"class": "footnotes"}, E("h2", None, "Notes"), listing)


def document_page(corpus: Corpus, doc: Document, prev: Document | None, nxt: Document | None, *,
                  correspondence: Correspondence | None = None, linked: dict[str, Span] | None = None) -> bytes:
    """The reading page of one document (``correspondence`` gives its strip; ``linked`` the documents with a
    page of source lines)."""
    hands = {h.id: h for h in doc.hands(corpus.entities)}
    renderer = Renderer(corpus, doc, hands)
    # the main hand is the page's own ink: only the other hands are tinted
    renderer.default_hand = next((h.id for h in hands.values() if h.scope == "major"), None)
    body = doc.root.find("t:text/t:body", NS)
    text = E("div", {"class": "body"})
    renderer.children(body, text)
    info = facts(corpus, doc)
    dl = E("dl", {"class": "facts"})

    def fact(label: str, value: list[str] | str) -> None:
        if value:
            dl.append(E("dt", None, label))
            dl.append(fact_value(value))

    fact("Genre", corpus.label(info.genre))
    fact("Date", [human_date(d) for d in info.dates])
    if doc.actions:
        fact("Sender", info.sender)
        fact("Addressees", info.addressees)
        fact("Copies to", info.cc)
        fact("Transmitted by", info.transmitted)
    else:
        fact("Author", info.authors)
    if doc.actions or info.mode not in (None, "mode-unstated"):  # an article's unstated mode says nothing
        fact("Composition", corpus.label(info.mode))
    if doc.actions:
        fact("Transmission", corpus.label(doc.category("transmission")))
    fact("Secrecy", corpus.label(info.secrecy))
    fact("Hands", [f"{h.name} ({'main hand' if h.scope == 'major' else 'another hand'})" if h.scope else h.name
                   for h in hands.values()])
    fact("Creation", [text_of(c) for c in doc.x("t:teiHeader/t:profileDesc/t:creation")])
    fact("First published", [text_of(b) for b in doc.x("t:teiHeader/t:fileDesc/t:sourceDesc//"
                                                        "t:bibl[@type='firstPublished']")])
    fact("Text basis", [text_of(n) for n in doc.x("t:teiHeader/t:fileDesc/t:sourceDesc//t:note[@type='textBase']")])
    copy_text = doc.copy_text()
    fact("Source", text_of(copy_text) if copy_text is not None else "")
    span = (linked or {}).get(doc.id)
    if span is not None:
        dl.append(E("dt", None, "Source lines"))
        dl.append(E("dd", None, E("a", {"href": f"{source_page(doc)}#L{span.first}"}, f"{span.label} of {span.file}")))
    elif (unlinked := span_of(doc)) is not None:
        fact("Source lines", f"{unlinked.label} of {unlinked.file}")
    dl.append(E("dt", None, "TEI"))
    dl.append(E("dd", None, E("a", {"href": "tei/" + doc.rel, "type": "application/xml"}, doc.rel)))
    legend = E("p", {"class": "legend"})
    if "hand" in renderer.used:
        for index, hand_id in enumerate(renderer.hand_order):
            tint = min(index + 1, HAND_TINTS)
            append(legend, E("span", {"class": "hand-key"}, E("span", {"class": f"hand hand-{tint}"}, "Tinted"),
                             f": in the hand of {hands[hand_id].name}"))
    if "corr" in renderer.used:
        append(legend, E("span", None, E("span", {"class": "corr"}, "Dotted underline"),
                         ": corrected reading; hover for the copy text"))
    if "supplied" in renderer.used:
        append(legend, E("span", None, "[Brackets]: supplied by the editors"))
    pager = E("nav", {"class": "pager"},
              E("a", {"href": page_name(prev), "rel": "prev"}, f"← {prev.title}") if prev else E("span"),
              E("a", {"href": page_name(nxt), "rel": "next"}, f"{nxt.title} →") if nxt else E("span"))
    main = E("main", None, E("h1", {"class": "doc-title"}, doc.title), dl,
             _strip(correspondence, doc) if correspondence else None,
             legend if len(legend) else None, _contents(renderer.toc) if not doc.actions else None,
             _composition(corpus, doc, info.mode), text,
             renderer.footnote_section(), _citation(doc), pager)
    keys = E("p", {"class": "keys"}, "Keys: ", E("kbd", None, "←"), " ", E("kbd", None, "→"),
             " previous and next document", *((" · ", E("kbd", None, "Esc"), " closes the notes opened in the text")
                                               if renderer.footnotes else ()))
    footer = E("footer", {"class": "site"}, f"Generated from the TEI file {doc.rel}.", keys)
    return render_page(doc.title, [site_header(corpus), main, footer],
                       PAGE_JS + (NOTES_JS if renderer.footnotes else ""))


def _composition(corpus: Corpus, doc: Document, mode: str | None) -> etree._Element | None:
    """How the text was made, shown where the text begins: dictation (and who took it down) or an own hand."""
    if mode in (None, "mode-unstated"):
        return None
    badge = E("p", {"class": "composition", "data-mode": mode}, corpus.label(mode))
    for scribe in doc.x("t:teiHeader/t:profileDesc/t:creation//t:persName[@role='amanuensis']"):
        entity = corpus.entities.get(doc.target_id(scribe.get("ref")) or "")
        inferred = " (inferred from a note)" if scribe.get("cert") else ""
        append(badge, E("span", {"class": "how"}, f": taken down by {entity.display if entity else text_of(scribe)}"
                                                  f"{inferred}"))
    return badge


def _strip(correspondence: Correspondence, doc: Document) -> etree._Element | None:
    """Previous and next letter with each correspondent, and the documents the notes cite."""
    rows, cited = correspondence.neighbours(doc), correspondence.cited(doc)
    if not rows and not cited:
        return None
    nav = E("nav", {"class": "strip", "aria-label": "Correspondence"}, E("h2", None, "Correspondence"))
    if rows:
        listing = E("ul")
        for row in rows:
            before = E("a", {"href": page_name(row.prev), "aria-label": f"Previous letter with {row.name}: "
                                                                         f"{row.prev.title}"},
                       f"← {row.prev.title}") if row.prev else E("span", {"class": "none"}, "no earlier letter")
            after = E("a", {"href": page_name(row.next), "aria-label": f"Next letter with {row.name}: "
                                                                        f"{row.next.title}"},
                      f"{row.next.title} →") if row.next else E("span", {"class": "none"}, "no later letter")
            listing.append(E("li", {"data-party": row.key}, E("span", {"class": "who"}, f"with {row.name}"),
                             E("span", {"class": "prev"}, before), E("span", {"class": "next"}, after)))
        nav.append(listing)
    if cited:
        line = E("p", {"class": "cited"}, "Cited in the notes: ")
        for i, other in enumerate(cited):
            if i:
                append(line, "; ")
            line.append(E("a", {"href": page_name(other)}, other.title))
        nav.append(line)
    return nav


def _contents(toc: list[tuple[int, str, str]]) -> etree._Element | None:
    """A table of contents from the heads of an article or essay (none for fewer than three)."""
    if len(toc) < 3:
        return None
    items = E("ol")
    for depth, anchor, label in toc:
        items.append(E("li", {"class": f"level-{min(depth, 3)}"}, E("a", {"href": f"#{anchor}"}, label or "…")))
    return E("nav", {"class": "toc", "aria-label": "Contents"}, E("h2", None, "Contents"), items)


def _citation(doc: Document) -> etree._Element:
    """How to cite the page, and its licence, from the TEI's own titleStmt and publicationStmt."""
    authors = [text_of(a) for a in doc.x("t:teiHeader/t:fileDesc/t:titleStmt/t:author")]
    publisher = norm(" ".join(doc.x("t:teiHeader/t:fileDesc/t:publicationStmt/t:publisher//text()")))
    uri = norm(" ".join(doc.x("t:teiHeader/t:fileDesc/t:publicationStmt/t:idno[@type='URI']//text()")))
    licence = doc.x("t:teiHeader/t:fileDesc/t:publicationStmt/t:availability/t:licence")
    words = "; ".join(authors) + (": " if authors else "") + doc.title + "."
    if publisher:
        words += f" Edited by {publisher}."
    cite = E("p", {"class": "cite"}, E("span", {"class": "label"}, "Cite as:"), f" {words} ")
    if uri:
        cite.append(E("a", {"href": uri}, uri))
    block = E("section", {"class": "citation"}, cite)
    if licence:
        target = licence[0].get("target")
        block.append(E("p", {"class": "licence"}, E("span", {"class": "label"}, "Licence:"), " ",
                       E("a", {"href": target}, text_of(licence[0]) or target) if target else text_of(licence[0])))
    return block


def build_site(corpus: Corpus, sources: dict[str, list[str]] | None = None) -> dict[str, bytes]:
    """Every file of the reading edition, by path relative to the output folder. The site is self-contained:
    its ``tei/`` copies point (``xml-model``) to copies of the project schema in ``tei/schema/``. ``sources``
    (file name → lines, :func:`~.sourcelines.read_sources`) gives the pages of raw source lines."""
    from tei_lenin import resources

    site: dict[str, bytes] = {"index.html": index_page(corpus),
                              "search-index.js": index_script(corpus, page_name).encode("utf-8")}
    source_files, linked = source_site(corpus, sources or {})
    site.update(source_files)
    correspondence = Correspondence(corpus)
    docs = corpus.documents
    for i, doc in enumerate(docs):
        site[page_name(doc)] = document_page(corpus, doc, docs[i - 1] if i else None,
                                             docs[i + 1] if i + 1 < len(docs) else None,
                                             correspondence=correspondence, linked=linked)
        site["tei/" + doc.rel] = relink_schema(doc.path.read_bytes(), "../" * doc.rel.count("/") + "schema/")
    site.update(register_site(corpus))
    for name in ("persons.xml", "taxonomy.xml"):
        site["tei/" + name] = relink_schema((corpus.folder / name).read_bytes(), "schema/")
    for path in (resources.schema_rng(), resources.schema_sch()):
        site["tei/schema/" + path.name] = path.read_bytes()
    return dict(sorted(site.items()))


def register_site(corpus: Corpus) -> dict[str, bytes]:
    """The register index pages (persons, organisations, places) and a page per entry."""
    entries = collect(corpus)
    site: dict[str, bytes] = {}
    for kind, (page, label) in KINDS.items():
        listed = sorted((e for e in entries.values() if e.entity.kind == kind), key=lambda e: e.entity.name.lower())
        items = E("ul", {"class": "register"})
        for entry in listed:
            count = len({d.id for docs in entry.documents.values() for d in docs})
            items.append(E("li", None, E("a", {"href": entry_page(entry.entity.id)}, entry.entity.name),
                           E("span", {"class": "count"}, f" {count} document{'s' if count != 1 else ''}")))
        main = E("main", None, E("h1", None, label),
                 E("p", {"class": "legend"}, f"{len(listed)} entries of the personography that the documents "
                                             "name; the TEI: ", E("a", {"href": "tei/persons.xml"}, "persons.xml")),
                 items)
        site[page] = render_page(label, [site_header(corpus), main])
    for entry in entries.values():
        site[entry_page(entry.entity.id)] = entry_page_html(corpus, entry)
    return site


def entry_page_html(corpus: Corpus, entry: Entry) -> bytes:
    """One register entry: name, authority links, documents by role."""
    entity, root = entry.entity, "../"
    page, label = KINDS[entity.kind]
    dl = E("dl", {"class": "facts"})
    if entity.display != entity.name:
        dl.extend([E("dt", None, "Name"), E("dd", None, entity.display)])
    links = authority_links(entity, E)
    if links:
        dd = E("dd", {"class": "authorities"})
        for i, link in enumerate(links):
            if i:
                append(dd, " · ")
            dd.append(link)
        dl.extend([E("dt", None, "Authority files"), dd])
    sections = []
    shown: set[str] = set()
    for role, heading in ROLES:
        docs = [d for d in entry.documents.get(role, []) if role != "mentioned" or d.id not in shown]
        shown.update(d.id for d in docs)
        if docs:
            items = E("ul", {"class": f"docs-{role}"})
            for doc in sorted(docs, key=lambda d: d.sort_key):
                dates = [human_date(d) for d in doc.dates]
                items.append(E("li", None, E("a", {"href": root + page_name(doc)}, doc.title),
                               E("span", {"class": "count"}, f" ({dates[0]})" if dates else "")))
            sections.append(E("section", {"class": f"role {role}"}, E("h2", None, heading), items))
    main = E("main", None, E("p", {"class": "breadcrumb"}, E("a", {"href": root + page}, label)),
             E("h1", {"class": "entry-name"}, entity.name), dl, *sections)
    return render_page(entity.name, [site_header(corpus, root=root), main])


_XML_MODEL = re.compile(rb'(<\?xml-model\s+href=")[^"]*?([^"/]+\.(?:rng|sch)")')


def relink_schema(data: bytes, folder: str) -> bytes:
    """The file with its ``xml-model`` instructions pointing into ``folder`` (relative), by file name: a copy
    that travels keeps schemas that exist where it goes."""
    head, sep, rest = data.partition(b"<TEI")
    return _XML_MODEL.sub(lambda m: m.group(1) + folder.encode() + m.group(2), head) + sep + rest
