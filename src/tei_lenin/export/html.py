"""Static HTML reading edition: ``index.html`` (sortable, filterable list) and one page per document.

Everything is inline (CSS, a little vanilla JS), so the folder works offline from ``file://``; the TEI files
are copied into ``tei/`` and linked from every page. :func:`build_site` returns ``{relative path: bytes}``;
writing the files happens in :mod:`tei_lenin.export.command`.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree

from tei_lenin.export.reader import NS, Corpus, Document, Hand, local, norm, text_of
from tei_lenin.export.registers import KINDS, ROLES, Entry, authority_links, collect, entry_page
from tei_lenin.export.search import index_script
from tei_lenin.tei.build import append

MONTHS = ["January", "February", "March", "April", "May", "June",
          "July", "August", "September", "October", "November", "December"]

CSS = """
:root { --ink: #222; --muted: #6b6258; --paper: #fbf8f2; --rule: #d9d0c1; --accent: #8a2b1d;
  --hand: #fbe7a1; --hand-edge: #c9a227; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--paper); color: var(--ink);
  font: 18px/1.65 "Iowan Old Style", "Palatino Linotype", Palatino, "Book Antiqua", Georgia, serif; }
main, header.site, footer.site { max-width: 46rem; margin: 0 auto; padding: 0 1.25rem; }
main.wide, header.wide, footer.wide { max-width: 72rem; }
header.site { padding-top: 1.5rem; font-variant: small-caps; letter-spacing: .04em; color: var(--muted); }
header.site { display: flex; flex-wrap: wrap; gap: .2rem 1.2em; }
header.site a { color: var(--muted); text-decoration: none; }
header.site a:hover { color: var(--accent); }
h1 { font-weight: normal; font-size: 1.9rem; line-height: 1.25; margin: 1.2rem 0 .6rem; }
h2, h3 { font-weight: normal; font-size: 1.35rem; margin: 2rem 0 .6rem; }
h2.head { font-size: 1.5rem; text-align: center; margin-top: 1rem; }
h3.head { font-size: 1.15rem; font-style: italic; }
a { color: var(--accent); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; font-size: .9rem;
  border-top: 1px solid var(--rule); border-bottom: 1px solid var(--rule); padding: .7rem 0; margin: 1rem 0 1.6rem; }
dl.facts dt { color: var(--muted); font-variant: small-caps; letter-spacing: .03em; }
dl.facts dd { margin: 0; }
.legend { font-size: .85rem; color: var(--muted); margin: -.8rem 0 1.4rem; }
.legend span + span::before { content: " · "; color: var(--muted); background: none; }
article.text p { margin: 0 0 .9rem; text-align: justify; hyphens: auto; }
article.text .byline { font-style: italic; color: var(--muted); text-align: right; }
article.text .opener p, article.text .classification { margin: 0 0 .4rem; }
article.text .classification { font-variant: small-caps; letter-spacing: .08em; color: var(--accent); }
article.text .salute { font-style: italic; }
article.text .closer { text-align: right; margin: 1rem 0 1.4rem; }
article.text .closer p { margin: 0; text-align: right; }
article.text section.part { border-top: 1px dashed var(--rule); padding-top: .8rem; margin-top: 1rem; }
article.text section.part:first-of-type { border-top: 0; }
article.text .postscript { margin: 1.2rem 0; }
article.text .label { font-weight: bold; margin-right: .4em; }
article.text blockquote { margin: 0 0 1rem 1.5rem; padding-left: .9rem; border-left: 3px solid var(--rule); }
.hand { background: var(--hand); box-shadow: 0 0 0 2px var(--hand); border-bottom: 2px solid var(--hand-edge);
  cursor: help; }
.hand-2 { background: #d6ecf7; box-shadow: 0 0 0 2px #d6ecf7; border-bottom-color: #3b7ea1; }
.hand-3 { background: #e3f1d8; box-shadow: 0 0 0 2px #e3f1d8; border-bottom-color: #5b8a3c; }
.hand-key + .hand-key::before { content: " · "; }
.fn-pop { display: block; font-size: .88rem; background: #fff; border: 1px solid var(--rule);
  border-left: 3px solid var(--accent); padding: .4rem .7rem; margin: .3rem 0 .6rem; text-align: left;
  text-indent: 0; }
.fn-pop p { margin: 0 0 .3rem; }
.fn-pop-label { font-weight: bold; }
p.fn-source { font-size: .8rem; color: var(--muted); }
div.hand, section.hand { padding: .3rem .6rem; border-radius: 3px; }
.corr { text-decoration: underline dotted var(--accent); text-underline-offset: .2em; cursor: help; }
.supplied { color: var(--muted); }
.gap { color: var(--muted); cursor: help; }
.name { cursor: help; }
aside.headnote { font-size: .9rem; color: var(--muted); border-left: 3px solid var(--rule); padding-left: .9rem;
  margin: 0 0 1.4rem; }
sup.fn-ref { line-height: 0; font-size: .72em; }
sup.fn-ref a { text-decoration: none; padding: 0 .1em; }
sup.fn-ref a:target, li:target { background: #f3d9d2; }
section.footnotes { font-size: .88rem; border-top: 1px solid var(--rule); margin-top: 2rem; }
section.footnotes ol { list-style: none; padding: 0; }
section.footnotes li { display: grid; grid-template-columns: 2.2rem 1fr; margin-bottom: .5rem; }
section.footnotes li > div p { margin: 0 0 .4rem; }
a.fn-label { text-decoration: none; font-weight: bold; }
a.fn-back { text-decoration: none; margin-left: .3em; }
nav.pager { display: flex; justify-content: space-between; gap: 1rem; font-size: .9rem; margin: 2rem 0; }
footer.site { font-size: .8rem; color: var(--muted); padding-bottom: 2rem; margin-top: 1.5rem; }
.controls { display: flex; flex-wrap: wrap; gap: .6rem; align-items: center; margin: 1rem 0; font-size: .9rem; }
.controls input, .controls select { font: inherit; padding: .25rem .4rem; border: 1px solid var(--rule);
  background: #fff; border-radius: 3px; }
.controls input { flex: 1 1 14rem; }
#count { color: var(--muted); }
table.docs { width: 100%; border-collapse: collapse; font-size: .9rem; }
table.docs th { text-align: left; border-bottom: 2px solid var(--ink); padding: 0; white-space: nowrap; }
table.docs th button { font: inherit; font-variant: small-caps; letter-spacing: .03em; background: none;
  border: 0; padding: .4rem .5rem; cursor: pointer; color: var(--ink); }
table.docs th[aria-sort="ascending"] button::after { content: " ▲"; font-size: .7em; }
table.docs th[aria-sort="descending"] button::after { content: " ▼"; font-size: .7em; }
table.docs td { border-bottom: 1px solid var(--rule); padding: .45rem .5rem; vertical-align: top; }
table.docs td.date { white-space: nowrap; }
table.docs tr:hover td { background: #f4eee3; }
#results { font-size: .9rem; margin: 0 0 1.5rem; }
#results h2 { font-size: 1.05rem; margin: .5rem 0; }
#results li { margin-bottom: .5rem; }
#results mark { background: #f3d9d2; color: inherit; }
ul.register, main section.role ul { padding-left: 1.2rem; }
ul.register li, main section.role li { margin-bottom: .25rem; }
.count { color: var(--muted); font-size: .9rem; }
nav.toc { font-size: .9rem; border-left: 3px solid var(--rule); padding-left: .9rem; margin: 0 0 1.6rem; }
nav.toc h2 { font-size: 1rem; margin: 0 0 .3rem; font-variant: small-caps; }
nav.toc ol { margin: 0; padding-left: 1.2rem; }
nav.toc li.level-2, nav.toc li.level-3 { margin-left: 1rem; }
section.citation { font-size: .85rem; color: var(--muted); border-top: 1px solid var(--rule); margin-top: 2rem;
  padding-top: .6rem; }
section.citation p { margin: 0 0 .3rem; }
section.citation a { overflow-wrap: anywhere; }
@media (max-width: 40rem) {
  body { font-size: 17px; }
  dl.facts { grid-template-columns: 1fr; }
  table.docs thead { display: none; }
  table.docs, table.docs tbody, table.docs tr, table.docs td { display: block; width: 100%; }
  table.docs tr { border-bottom: 1px solid var(--rule); padding: .4rem 0; }
  table.docs td { border: 0; padding: .1rem .3rem; }
  article.text p { text-align: left; }
  section.footnotes li { grid-template-columns: 1.8rem 1fr; }
}
@media print {
  header.site, nav.pager, nav.toc, .controls, a.fn-back { display: none; }
  body { background: #fff; font-size: 11pt; }
  main, main.wide { max-width: none; }
  a { color: inherit; text-decoration: none; }
  .hand { background: none; box-shadow: none; border-bottom: 1px solid #000; }
}
p.breadcrumb { margin: 1rem 0 0; font-size: .9rem; font-variant: small-caps; letter-spacing: .03em; }
a.name { color: inherit; text-decoration: underline dotted var(--muted); text-underline-offset: .2em; }
a.name:hover { color: var(--accent); }
"""

HAND_TINTS = 3
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

JS = """
(function () {
  var table = document.getElementById('docs');
  var body = table.tBodies[0];
  var heads = table.tHead.rows[0].cells;
  var text = document.getElementById('filter');
  var genre = document.getElementById('genre');
  var mode = document.getElementById('mode');
  var count = document.getElementById('count');
  function key(row, col) {
    var cell = row.cells[col];
    return (cell.getAttribute('data-sort') || cell.textContent).trim().toLowerCase();
  }
  function sortBy(col) {
    var th = heads[col];
    var dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
    for (var i = 0; i < heads.length; i++) { heads[i].setAttribute('aria-sort', 'none'); }
    th.setAttribute('aria-sort', dir);
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a, col), y = key(b, col);
      var c = x < y ? -1 : x > y ? 1 : (+a.getAttribute('data-order')) - (+b.getAttribute('data-order'));
      return dir === 'ascending' ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  var index = window.TEI_LENIN_INDEX || [];
  var results = document.getElementById('results');
  var hits = document.getElementById('hits');
  function snippet(text, at, length) {
    var start = Math.max(0, at - 60), end = Math.min(text.length, at + length + 60);
    var span = document.createElement('span');
    span.appendChild(document.createTextNode((start ? '…' : '') + text.slice(start, at)));
    var mark = document.createElement('mark');
    mark.textContent = text.slice(at, at + length);
    span.appendChild(mark);
    span.appendChild(document.createTextNode(text.slice(at + length, end) + (end < text.length ? '…' : '')));
    return span;
  }
  function search(q) {
    var found = {};
    hits.textContent = '';
    if (!q) { results.hidden = true; return found; }
    index.forEach(function (doc) {
      doc.segments.forEach(function (seg) {
        var at = seg.text.toLowerCase().indexOf(q);
        if (at < 0) { return; }
        found[doc.id] = true;
        var li = document.createElement('li');
        var a = document.createElement('a');
        a.href = doc.page + (seg.anchor ? '#' + seg.anchor : '');
        a.textContent = doc.title + (seg.where === 'text' ? '' : ', ' + seg.where);
        a.className = seg.where === 'text' ? 'hit-text' : 'hit-note';
        li.appendChild(a);
        li.appendChild(document.createElement('br'));
        li.appendChild(snippet(seg.text, at, q.length));
        hits.appendChild(li);
      });
    });
    results.hidden = !hits.children.length;
    return found;
  }
  function filter() {
    var q = text.value.trim().toLowerCase(), shown = 0;
    var inTexts = search(q);
    Array.prototype.forEach.call(body.rows, function (r) {
      var ok = (!q || r.textContent.toLowerCase().indexOf(q) >= 0 || inTexts[r.id.slice(4)])
        && (!genre.value || r.getAttribute('data-genre') === genre.value)
        && (!mode.value || r.getAttribute('data-mode') === mode.value);
      r.hidden = !ok;
      if (ok) { shown++; }
    });
    count.textContent = shown + ' of ' + body.rows.length + ' documents';
  }
  Array.prototype.forEach.call(heads, function (th, i) {
    th.addEventListener('click', function () { sortBy(i); });
  });
  text.addEventListener('input', filter);
  genre.addEventListener('change', filter);
  mode.addEventListener('change', filter);
  filter();
})();
"""


def E(tag: str, attrs: dict[str, str] | None = None, *children: etree._Element | str | None) -> etree._Element:
    """An HTML element with attributes and children (strings become text)."""
    element = etree.Element(tag, {k: v for k, v in (attrs or {}).items() if v is not None})
    for child in children:
        append(element, child)
    return element




def human_date(value: str) -> str:
    """``1922-12-15`` → ``15 December 1922``; ``1917-02`` → ``February 1917``; ranges with an en dash."""
    if "/" in value:
        start, end = value.split("/", 1)
        return f"{human_date(start) or '?'} – {human_date(end) or '?'}"
    match = re.fullmatch(r"(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if not match:
        return value
    year, month, day = match.groups()
    if month and 1 <= int(month) <= 12:
        name = MONTHS[int(month) - 1]
        return f"{int(day)} {name} {year}" if day else f"{name} {year}"
    return year


def page_name(doc: Document) -> str:
    """File name of a document's page."""
    return f"{doc.id}.html"


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
            if entity is not None and entity.kind in KINDS:
                html = E("a", {"class": f"name {kind}", "href": self.root + entry_page(entity.id),
                               "title": entity.name})
            else:
                html = E("span", {"class": f"name {kind}", "title": entity.name if entity else None})
        elif name == "date":
            html = E("time", {"datetime": src.get("when")})
        elif name == "ref":
            html = E("a", {"href": self.link(src.get("target"))})
            if not norm(text_of(src)) and not len(src):
                target = self.linked_doc(src)
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

    def linked_doc(self, src: etree._Element) -> Document | None:
        target = (src.get("target") or "").split("#")[0]
        rel = posixpath.normpath(posixpath.join(posixpath.dirname(self.doc.rel), target)) if target else ""
        return next((d for d in self.corpus.documents if d.rel == rel), None)

    def link(self, target: str | None) -> str | None:
        if not target:
            return None
        target = target.split()[0]
        if re.match(r"[a-z][a-z0-9+.-]*://", target):
            return target
        if target.startswith("#"):
            return target
        path, _, fragment = target.partition("#")
        rel = posixpath.normpath(posixpath.join(posixpath.dirname(self.doc.rel), path))
        linked = next((d for d in self.corpus.documents if d.rel == rel), None)
        if linked is not None:
            return page_name(linked)
        return "tei/" + rel + (f"#{fragment}" if fragment else "")

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
                          E("a", {"href": f"#fn-{ident}", "id": f"fnref-{ident}", "role": "doc-noteref",
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


def _names(corpus: Corpus, doc: Document, types: Iterable[tuple[str, str | None]]) -> list[str]:
    out: list[str] = []
    for action in doc.actions:
        for type_, subtype in types:
            if action.type == type_ and (subtype is None and action.subtype in (None, "to", "for")
                                         or action.subtype == subtype):
                for agent in action.agents:
                    entity = corpus.entities.get(agent.ref or "")
                    name = entity.display if entity else agent.name
                    if name and name not in out:
                        out.append(name)
    return out


@dataclass(frozen=True)
class Facts:
    """What the index and a page's header show about one document."""

    date: str
    dates: list[str]
    genre: str | None
    mode: str | None
    secrecy: str | None
    sender: list[str]
    addressees: list[str]
    cc: list[str]
    transmitted: list[str]
    authors: list[str]


def facts(corpus: Corpus, doc: Document) -> Facts:
    """The header facts of a document, with readable names."""
    authors = []
    for author in doc.x("t:teiHeader/t:fileDesc/t:titleStmt/t:author"):
        name = author.find(".//t:persName", NS)
        entity = corpus.entities.get(doc.target_id(name.get("ref")) or "") if name is not None else None
        authors.append(entity.display if entity else text_of(author))
    dates = doc.dates
    return Facts(
        date=dates[0] if dates else "",
        dates=dates,
        genre=doc.category("genre"),
        mode=doc.category("mode"),
        secrecy=doc.category("secrecy"),
        sender=_names(corpus, doc, [("sent", None)]),
        addressees=_names(corpus, doc, [("received", None)]),
        cc=_names(corpus, doc, [("received", "cc"), ("received", "bcc")]),
        transmitted=_names(corpus, doc, [("transmitted", None)]),
        authors=authors,
    )


def _page(title: str, body: list[etree._Element | None], script: str | None = None) -> bytes:
    head = E("head", None,
             E("meta", {"charset": "utf-8"}),
             E("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}),
             E("title", None, title),
             E("style", None, CSS))
    body_el = E("body", None, *body)
    if script:
        body_el.append(E("script", None, script))
    html = E("html", {"lang": "en"}, head, body_el)
    return ("<!DOCTYPE html>\n" + etree.tostring(html, method="html", encoding="unicode") + "\n").encode("utf-8")


def _site_header(corpus: Corpus, wide: bool = False, root: str = "") -> etree._Element:
    return E("header", {"class": "site wide" if wide else "site"},
             E("a", {"href": root + "index.html"}, "All documents"),
             *[E("a", {"href": root + page}, label) for page, label in KINDS.values()],
             E("a", {"href": root + "tei/taxonomy.xml"}, "Vocabularies (TEI)"))


def _dd(items: list[str] | str) -> etree._Element:
    return E("dd", None, items if isinstance(items, str) else "; ".join(items))


def document_page(corpus: Corpus, doc: Document, prev: Document | None, nxt: Document | None) -> bytes:
    """The reading page of one document."""
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
            dl.append(_dd(value))

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
             legend if len(legend) else None, _contents(renderer.toc) if not doc.actions else None, text,
             renderer.footnote_section(), _citation(doc), pager)
    footer = E("footer", {"class": "site"}, f"Generated from the TEI file {doc.rel}.")
    return _page(doc.title, [_site_header(corpus), main, footer], NOTES_JS if renderer.footnotes else None)


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


def correspondents(info: Facts) -> str:
    """"Sender → addressees (cc …)" for letters, the authors otherwise."""
    if info.sender or info.addressees:
        text = f"{', '.join(info.sender) or '?'} → {', '.join(info.addressees) or '?'}"
        return text + (f" (cc {', '.join(info.cc)})" if info.cc else "")
    return ", ".join(info.authors)


def index_page(corpus: Corpus) -> bytes:
    """The list of documents: sortable columns, a text filter and genre/mode selects."""
    head = E("tr")
    for key, label in (("date", "Date"), ("genre", "Genre"), ("title", "Title"),
                       ("correspondents", "Correspondents"), ("mode", "Composition"), ("secrecy", "Secrecy")):
        head.append(E("th", {"scope": "col", "data-key": key,
                             "aria-sort": "ascending" if key == "date" else "none"},
                      E("button", {"type": "button"}, label)))
    rows = E("tbody")
    genres: dict[str, str] = {}
    modes: dict[str, str] = {}
    for order, doc in enumerate(corpus.documents):
        info = facts(corpus, doc)
        genre, mode = corpus.label(info.genre), corpus.label(info.mode)
        genres.setdefault(info.genre or "", genre)
        modes.setdefault(info.mode or "", mode)
        rows.append(E("tr", {"data-genre": info.genre or "", "data-mode": info.mode or "", "data-order": str(order),
                             "id": f"row-{doc.id}"},
                      E("td", {"class": "date", "data-sort": info.date}, human_date(info.date) if info.date else ""),
                      E("td", {"class": "genre"}, genre),
                      E("td", {"class": "title", "data-sort": doc.title},
                        E("a", {"href": page_name(doc)}, doc.title)),
                      E("td", {"class": "correspondents"}, correspondents(info)),
                      E("td", {"class": "mode"}, mode),
                      E("td", {"class": "secrecy"}, corpus.label(info.secrecy))))

    def select(ident: str, label: str, values: dict[str, str]) -> etree._Element:
        options = [E("option", {"value": ""}, label)]
        options += [E("option", {"value": k}, v) for k, v in sorted(values.items(), key=lambda kv: kv[1]) if k]
        return E("select", {"id": ident, "aria-label": label}, *options)

    controls = E("div", {"class": "controls"},
                 E("input", {"id": "filter", "type": "search", "placeholder": "Search the texts and notes…",
                             "aria-label": "Search the texts and notes"}),
                 select("genre", "All genres", genres), select("mode", "All modes", modes),
                 E("span", {"id": "count", "aria-live": "polite"}))
    title = "Documents"
    bibl = next((d.copy_text() for d in corpus.documents if d.copy_text() is not None), None)
    source = text_of(bibl.find("t:title", NS)) if bibl is not None and bibl.find("t:title", NS) is not None else ""
    main = E("main", {"class": "wide"},
             E("h1", None, title),
             E("p", None, f"{len(corpus.documents)} documents" + (f" from “{source}”" if source else "")
               + ". Click a column header to sort; type to search every text and note."),
             controls,
             E("section", {"id": "results", "hidden": "hidden", "aria-live": "polite"},
               E("h2", None, "Found in the texts and notes"), E("ol", {"id": "hits"})),
             E("table", {"class": "docs", "id": "docs"}, E("thead", None, head), rows))
    footer = E("footer", {"class": "site wide"}, "Generated from the TEI files in ", E("a", {"href": "tei/"}, "tei/"),
               ".")
    return _page(title, [_site_header(corpus, wide=True), main, footer],
                 script=index_script(corpus, page_name) + "\n" + JS)


def build_site(corpus: Corpus) -> dict[str, bytes]:
    """Every file of the reading edition, by path relative to the output folder. The site is self-contained:
    its ``tei/`` copies point (``xml-model``) to copies of the project schema in ``tei/schema/``."""
    from tei_lenin import resources

    site: dict[str, bytes] = {"index.html": index_page(corpus)}
    docs = corpus.documents
    for i, doc in enumerate(docs):
        site[page_name(doc)] = document_page(corpus, doc, docs[i - 1] if i else None,
                                             docs[i + 1] if i + 1 < len(docs) else None)
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
        site[page] = _page(label, [_site_header(corpus), main])
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
    return _page(entity.name, [_site_header(corpus, root=root), main])


_XML_MODEL = re.compile(rb'(<\?xml-model\s+href=")[^"]*?([^"/]+\.(?:rng|sch)")')


def relink_schema(data: bytes, folder: str) -> bytes:
    """The file with its ``xml-model`` instructions pointing into ``folder`` (relative), by file name: a copy
    that travels keeps schemas that exist where it goes."""
    head, sep, rest = data.partition(b"<TEI")
    return _XML_MODEL.sub(lambda m: m.group(1) + folder.encode() + m.group(2), head) + sep + rest
