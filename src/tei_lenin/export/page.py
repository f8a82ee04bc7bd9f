"""The frame every page of the reading edition shares: the style sheet, the page shell with its site header,
readable dates, and the header facts of a document (the index and the document pages show the same ones)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from tei_lenin.export.reader import NS, Corpus, Document, text_of
from tei_lenin.export.registers import KINDS
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
header.site nav { display: flex; flex-wrap: wrap; gap: .2rem 1.2em; }
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
.fn-pop p { margin: 0 0 .3rem; text-align: left; }
.fn-pop-label { font-weight: bold; }
p.fn-source { font-size: .8rem; color: var(--muted); }
div.hand, section.hand { padding: .3rem .6rem; border-radius: 3px; }
.corr { text-decoration: underline dotted var(--accent); cursor: help; }
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
.controls select#sort { display: none; }
#count { color: var(--muted); }
table.docs { width: 100%; border-collapse: collapse; font-size: .9rem; }
table.docs th { text-align: left; border-bottom: 2px solid var(--ink); padding: 0; white-space: nowrap; }
table.docs th button, table.docs th span.th { font: inherit; font-variant: small-caps; letter-spacing: .03em;
  background: none; border: 0; padding: .4rem .5rem; cursor: pointer; color: var(--ink); display: inline-block; }
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
a.skip { position: absolute; left: -999rem; top: .5rem; z-index: 10; background: #fff; color: var(--accent);
  padding: .4rem .8rem; border: 2px solid var(--accent); }
a.skip:focus { left: .5rem; }
:focus-visible { outline: 3px solid #1f5fa8; outline-offset: 2px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
.browse { display: grid; grid-template-columns: 13rem minmax(0, 1fr); gap: 1.5rem; align-items: start; }
aside.facets { font-size: .88rem; margin-top: 1rem; }
aside.facets details { border-top: 1px solid var(--rule); padding: .35rem 0; }
aside.facets summary { font-variant: small-caps; letter-spacing: .03em; cursor: pointer; }
aside.facets ul { list-style: none; padding: 0; margin: .3rem 0 0; max-height: 15rem; overflow-y: auto; }
aside.facets label { display: flex; gap: .4em; align-items: baseline; cursor: pointer; }
aside.facets .n { margin-left: auto; color: var(--muted); }
aside.facets label.empty { color: var(--muted); }
#reset { font: inherit; margin-top: .6rem; background: #fff; border: 1px solid var(--rule); padding: .25rem .6rem;
  border-radius: 3px; cursor: pointer; color: var(--ink); }
table.docs td.details { color: var(--muted); font-size: .85rem; }
nav.strip { font-size: .9rem; margin: -.6rem 0 1.6rem; }
nav.strip h2 { font-size: 1rem; margin: 0 0 .3rem; font-variant: small-caps; letter-spacing: .03em; }
nav.strip ul { list-style: none; padding: 0; margin: 0; }
nav.strip li { display: grid; grid-template-columns: 1fr auto 1fr; grid-template-areas: "prev who next";
  gap: .6rem; padding: .2rem 0; border-bottom: 1px dotted var(--rule); }
nav.strip .who { grid-area: who; text-align: center; color: var(--muted); }
nav.strip .prev { grid-area: prev; }
nav.strip .next { grid-area: next; text-align: right; }
p.composition { font-size: .9rem; font-variant: small-caps; letter-spacing: .04em; color: var(--accent);
  border-left: 3px solid var(--accent); padding-left: .7rem; margin: 0 0 1.2rem; }
p.composition span.how { font-variant: normal; letter-spacing: 0; color: var(--muted); }
nav.strip p { margin: .3rem 0 0; }
nav.strip .none { color: var(--muted); font-style: italic; }
pre.source { font: .85rem/1.5 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; white-space: pre-wrap;
  overflow-wrap: anywhere; background: #fff; border: 1px solid var(--rule); padding: .6rem .8rem; }
pre.source span.line { display: block; padding-left: 4em; text-indent: -4em; min-height: 1.5em; }
pre.source span.ln { display: inline-block; width: 4em; text-indent: 0; color: var(--muted); user-select: none; }
pre.source span.line:target { background: #f3d9d2; }
p.keys { font-size: .8rem; color: var(--muted); }
kbd { font: .8rem ui-monospace, monospace; border: 1px solid var(--rule); border-radius: 3px; padding: 0 .3em;
  background: #fff; color: var(--ink); }
@media (min-width: 80rem) {
  article.text { position: relative; }
  article.text .fn-pop { position: absolute; left: calc(100% + 1.25rem); width: 14rem; margin: -1.4em 0 0;
    box-shadow: 0 1px 4px rgba(0, 0, 0, .12); z-index: 2; }
}
@media (max-width: 40rem) {
  .browse { grid-template-columns: 1fr; gap: 0; }
  .controls select#sort { display: inline-block; }
  table.docs td.addressee:not(:empty)::before { content: "→ "; }
  nav.strip li { grid-template-columns: 1fr; grid-template-areas: "who" "prev" "next"; gap: 0; }
  nav.strip .who, nav.strip .next { text-align: left; }
  body { font-size: 17px; }
  dl.facts { font-size: .85rem; gap: .1rem .7rem; }
  table.docs thead { display: none; }
  table.docs, table.docs tbody, table.docs tr, table.docs td { display: block; width: 100%; }
  table.docs tr { border-bottom: 1px solid var(--rule); padding: .4rem 0; }
  table.docs td { border: 0; padding: .1rem .3rem; }
  article.text p { text-align: left; }
  section.footnotes li { grid-template-columns: 1.8rem 1fr; }
}
@media print {
  header.site, nav.pager, nav.toc, nav.strip, .controls, aside.facets, a.fn-back, a.skip, p.keys {
    display: none; }
  body { background: #fff; font-size: 11pt; }
  main, main.wide { max-width: none; }
  a { color: inherit; text-decoration: none; }
  .hand { background: none; box-shadow: none; border-bottom: 1px solid #000; }
}
p.breadcrumb { margin: 1rem 0 0; font-size: .9rem; font-variant: small-caps; letter-spacing: .03em; }
a.name { color: inherit; text-decoration: underline dotted var(--muted); }
a.name:hover { color: var(--accent); }
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


def _names(corpus: Corpus, doc: Document, types: Iterable[tuple[str, str | None]]) -> list[str]:
    out: list[str] = []
    for action in doc.actions:
        for type_, subtype in types:
            if action.type == type_ and (subtype is None and action.subtype in (None, "to", "for")
                                         or action.subtype == subtype):
                for agent in action.agents:
                    name = corpus.party(agent)[1]
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


def render_page(title: str, body: list[etree._Element | None], script: str | None = None) -> bytes:
    """A whole page: the style sheet, a "skip to the content" link for keyboard users, the body, a script."""
    main = next((el for el in body if el is not None and el.tag == "main"), None)
    if main is not None and not main.get("id"):
        main.set("id", "main")
    head = E("head", None,
             E("meta", {"charset": "utf-8"}),
             E("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}),
             E("title", None, title),
             E("style", None, CSS))
    body_el = E("body", None, E("a", {"class": "skip", "href": "#main"}, "Skip to the content"), *body)
    if script:
        body_el.append(E("script", None, script))
    html = E("html", {"lang": "en"}, head, body_el)
    return ("<!DOCTYPE html>\n" + etree.tostring(html, method="html", encoding="unicode") + "\n").encode("utf-8")


def site_header(corpus: Corpus, wide: bool = False, root: str = "") -> etree._Element:
    """The site's navigation (every page, relative to the site root)."""
    return E("header", {"class": "site wide" if wide else "site"},
             E("nav", {"aria-label": "Site"},
               E("a", {"href": root + "index.html"}, "All documents"),
               *[E("a", {"href": root + page}, label) for page, label in KINDS.values()],
               E("a", {"href": root + "tei/taxonomy.xml"}, "Vocabularies (TEI)")))


def fact_value(items: list[str] | str) -> etree._Element:
    """The ``dd`` of one fact (several values joined by semicolons)."""
    return E("dd", None, items if isinstance(items, str) else "; ".join(items))
