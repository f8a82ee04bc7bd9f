"""CMIF v1 export: one ``correspDesc`` per letter, as correspSearch harvests it.

Choices (docs/exports.md has the reasons):
- authority URIs: GND, then VIAF, LC, BnF, NDL for persons and organisations (the files CMIF's documentation
  lists), GeoNames for places; Wikidata only with ``wikidata=True`` (CMIF does not list it); otherwise the
  plain name;
- only ``sent`` and ``received`` actions; ``subtype="cc"`` is kept (the CMIF schema has ``@subtype``),
  ``to``/``for`` become plain ``received``; ``transmitted`` and notes are dropped;
- ``bibl/@xml:id`` is ``uuid5(NAMESPACE_URL, base URL)`` with a leading digit replaced by a hex letter;
- licence CC BY 4.0 (the wording CMIF's documentation makes mandatory) or CC0.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from dataclasses import dataclass

from lxml import etree

from tei_lenin.export.reader import NS, TEI_NS, XML_ID, Action, Corpus, Document, norm, pretty, tei, text_of

PERSON_AUTHORITIES = ("gnd", "viaf", "lc", "bnf", "ndl")
PLACE_AUTHORITIES = ("geonames",)
_AUTHORITY_URL = {
    "gnd": "d-nb.info/gnd/", "viaf": "viaf.org/viaf/", "lc": "id.loc.gov/", "bnf": "catalogue.bnf.fr/",
    "ndl": "id.ndl.go.jp/", "geonames": "geonames.org/", "wikidata": "wikidata.org/",
}
LICENCES = {
    "cc-by": ("https://creativecommons.org/licenses/by/4.0/",
              "This file is licensed under the terms of the Creative Commons License CC-BY 4.0"),
    "cc0": ("https://creativecommons.org/publicdomain/zero/1.0/",
            "This file is dedicated to the public domain under the Creative Commons CC0 1.0 Universal licence"),
}
UUID_PATTERN = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_CMIF_DATE = re.compile(r"-?\d{4}(-\d{2}(-\d{2})?)?")
_DATE_ATTRS = ("when", "from", "to", "notBefore", "notAfter")


@dataclass(frozen=True)
class CmifOptions:
    """Settings of the CMIF file; ``None`` values are taken from the corpus."""

    timestamp: str = "1970-01-01T00:00:00Z"
    base_url: str | None = None
    cmif_url: str | None = None
    title: str | None = None
    editor: str = "tei-lenin"
    email: str | None = None
    licence: str = "cc-by"
    wikidata: bool = False


def bibl_uuid(base_url: str) -> str:
    """A stable UUID for the edition (uuid5 of its base URL) that begins with a letter, as xml:id needs."""
    value = str(uuid.uuid5(uuid.NAMESPACE_URL, base_url))
    if value[0].isdigit():
        value = "abcdef"[int(value[0]) % 6] + value[1:]
    return value


def corpus_base_url(corpus: Corpus) -> str:
    """The base URL of the letters: the most common ``correspDesc/@ref`` (or idno) minus the document id."""
    bases: Counter[str] = Counter()
    for doc in corpus.documents:
        refs = [doc.corresp_ref] + [str(u) for u in doc.x("t:teiHeader/t:fileDesc/t:publicationStmt/"
                                                             "t:idno[@type='URI' or @type='url']/text()")]
        for ref in refs:
            if ref and norm(ref).endswith(doc.id):
                bases[norm(ref)[: -len(doc.id)]] += 1
    if not bases:
        return "https://example.org/tei-lenin/"
    return sorted(bases.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def authority_uri(corpus: Corpus, ref: str | None, order: tuple[str, ...]) -> str | None:
    """The first authority URI of an entity in ``order`` of authority files."""
    entity = corpus.entities.get(ref or "")
    if entity is None:
        return None
    for wanted in order:
        for kind, uri in entity.idnos:
            if kind == wanted or (kind in ("uri", "url", "") and _AUTHORITY_URL[wanted] in uri):
                return uri
    return None


def _date(attrs: dict[str, str]) -> etree._Element | None:
    kept = {k: attrs[k] for k in _DATE_ATTRS if k in attrs and _CMIF_DATE.fullmatch(attrs[k])}
    if "when" in kept:
        kept = {"when": kept["when"]}
    if not kept:
        return None
    date = etree.Element(tei("date"), kept)
    if attrs.get("cert") in ("low", "medium", "unknown"):
        date.set("cert", "low")
    return date


def _action(corpus: Corpus, action: Action, type_: str, subtype: str | None, opts: CmifOptions
            ) -> etree._Element | None:
    person_order = PERSON_AUTHORITIES + (("wikidata",) if opts.wikidata else ())
    place_order = PLACE_AUTHORITIES + (("wikidata",) if opts.wikidata else ())
    out = etree.Element(tei("correspAction"), {"type": type_})
    if subtype:
        out.set("subtype", subtype)
    for agent in action.agents:
        entity = corpus.entities.get(agent.ref or "")
        name = agent.name or (entity.name if entity else "") or "Unknown"
        element = etree.SubElement(out, tei("orgName" if agent.element == "orgName" else "persName"))
        uri = authority_uri(corpus, agent.ref, person_order)
        if uri:
            element.set("ref", uri)
        element.text = name
    if not len(out):
        return None
    for place in action.places:
        element = etree.SubElement(out, tei("placeName"))
        uri = authority_uri(corpus, place.ref, place_order)
        if uri:
            element.set("ref", uri)
        element.text = place.name or "Unknown"
    date = _date(dict(action.date))
    if date is not None:
        out.append(date)
    return out


def corresp_desc(corpus: Corpus, doc: Document, ref: str, source: str, opts: CmifOptions) -> etree._Element:
    """The CMIF ``correspDesc`` of one letter."""
    desc = etree.Element(tei("correspDesc"), {"ref": ref, "source": "#" + source})
    actions = doc.actions
    for wanted in ("sent", "received"):
        made = []
        for action in actions:
            if action.type != wanted:
                continue
            subtype = action.subtype if wanted == "received" and action.subtype in ("cc", "bcc") else None
            element = _action(corpus, action, wanted, subtype, opts)
            if element is not None:
                made.append(element)
        if not made:
            # CMIF: an unknown sender or addressee is the string "Unknown"
            unknown = etree.Element(tei("correspAction"), {"type": wanted})
            etree.SubElement(unknown, tei("persName")).text = "Unknown"
            made.insert(0, unknown)
        desc.extend(made)
    return desc


def _edition_title(corpus: Corpus) -> str:
    titles: Counter[str] = Counter()
    for doc in corpus.documents:
        bibl = doc.copy_text()
        title = bibl.find("t:title", NS) if bibl is not None else None
        if title is not None and text_of(title):
            titles[text_of(title)] += 1
    if not titles:
        return "Letters"
    return sorted(titles.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def _publisher(corpus: Corpus) -> str:
    names: Counter[str] = Counter(
        text_of(p) for d in corpus.documents for p in d.x("t:teiHeader/t:fileDesc/t:publicationStmt/t:publisher")
    )
    names.pop("", None)
    return sorted(names.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if names else "tei-lenin"


def build_cmif(corpus: Corpus, opts: CmifOptions | None = None) -> etree._ElementTree:
    """The CMIF file of all letters of ``corpus`` (documents with a ``correspDesc``)."""
    opts = opts or CmifOptions()
    explicit = opts.base_url
    base = explicit or corpus_base_url(corpus)
    if not base.endswith(("/", "#", "=")):
        base += "/"
    source = bibl_uuid(base)
    edition = _edition_title(corpus)
    publisher = _publisher(corpus)
    root = etree.Element(tei("TEI"), nsmap={None: TEI_NS})
    header = etree.SubElement(root, tei("teiHeader"))
    file_desc = etree.SubElement(header, tei("fileDesc"))
    title_stmt = etree.SubElement(file_desc, tei("titleStmt"))
    etree.SubElement(title_stmt, tei("title")).text = opts.title or f"Letters in {publisher}: {edition}"
    editor = etree.SubElement(title_stmt, tei("editor"))
    editor.text = opts.editor
    if opts.email:
        etree.SubElement(editor, tei("email")).text = opts.email
    pub = etree.SubElement(file_desc, tei("publicationStmt"))
    publisher_el = etree.SubElement(pub, tei("publisher"))
    etree.SubElement(publisher_el, tei("ref"), target=base).text = publisher
    etree.SubElement(pub, tei("idno"), type="url").text = opts.cmif_url or base + "cmif.xml"
    etree.SubElement(pub, tei("date"), when=opts.timestamp)
    target, statement = LICENCES[opts.licence]
    availability = etree.SubElement(pub, tei("availability"))
    etree.SubElement(availability, tei("licence"), target=target).text = statement
    source_desc = etree.SubElement(file_desc, tei("sourceDesc"))
    bibl = etree.SubElement(source_desc, tei("bibl"), type="online")
    bibl.set(XML_ID, source)
    bibl.text = f"{publisher}: {edition}. TEI edition, "
    etree.SubElement(bibl, tei("ref"), target=base).text = base
    profile = etree.SubElement(header, tei("profileDesc"))
    for doc in corpus.letters():
        ref = base + doc.id if explicit or not doc.corresp_ref else norm(doc.corresp_ref)
        profile.append(corresp_desc(corpus, doc, ref, source, opts))
    body = etree.SubElement(etree.SubElement(root, tei("text")), tei("body"))
    etree.SubElement(body, tei("p"))
    pretty(root)
    return etree.ElementTree(root)


def serialize(tree: etree._ElementTree) -> bytes:
    """The CMIF file as UTF-8 bytes with an ``xml-model`` pointing to the official schema."""
    head = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
            b'<?xml-model href="https://raw.githubusercontent.com/TEI-Correspondence-SIG/CMIF/master/schema/'
            b'cmi-customization.rng" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>\n')
    return head + etree.tostring(tree.getroot(), encoding="UTF-8") + b"\n"


def cmif_problems(tree: etree._ElementTree) -> list[str]:
    """The project's checks of CMIF's Schematron (``cmif.sch`` E0001–E0004, W0001) and documented rules.

    Used where the official files are absent; ``[]`` means the file passes.
    """
    root = tree.getroot()
    found: list[str] = []

    def x(path: str, node: etree._Element = root) -> list:
        return node.xpath(path, namespaces=NS)

    ids = set(x("//t:bibl/@xml:id"))
    for bibl in x("//t:bibl"):
        ident = bibl.get(XML_ID, "")
        if not UUID_PATTERN.search(ident):
            found.append(f"W0001 bibl/@xml:id {ident!r} is not a UUID")
        if not ident[:1].isalpha():
            found.append(f"bibl/@xml:id {ident!r} must begin with a letter")
        if bibl.get("type") not in ("online", "print", "hybrid"):
            found.append("bibl/@type must be online, print or hybrid")
    for desc in x("//t:correspDesc"):
        where = desc.get("ref", "?")
        if not x("t:correspAction[@type='sent']", desc):
            found.append(f'E0001 {where}: correspAction type="sent" must be present')
        if not x("t:correspAction[@type='received']", desc):
            found.append(f'E0002 {where}: correspAction type="received" must be present')
        source = desc.get("source")
        if source is not None and source.partition("#")[2] not in ids:
            found.append(f"E0003 {where}: correspDesc/@source does not correspond to a bibl/@xml:id")
        for action in x("t:correspAction", desc):
            if action.get("type") not in ("sent", "received"):
                found.append(f"{where}: correspAction/@type must be sent or received")
            names = x("t:persName|t:orgName", action)
            if not names:
                found.append(f"{where}: correspAction without persName or orgName")
            for child in action:
                if etree.QName(child).localname not in ("persName", "orgName", "placeName", "date"):
                    found.append(f"{where}: {etree.QName(child).localname} not allowed in correspAction")
                elif len(child):
                    found.append(f"{where}: {etree.QName(child).localname} must contain text only")
    for date in x("//t:date"):
        if not any(date.get(a) for a in _DATE_ATTRS):
            found.append("E0004 date without @when, @from, @to, @notBefore or @notAfter")
        if date.get("when") and any(date.get(a) for a in _DATE_ATTRS[1:]):
            found.append("date/@when cannot be used with other dating attributes")
        if date.getparent() is not None and etree.QName(date.getparent()).localname == "correspAction":
            for attr in _DATE_ATTRS:
                if date.get(attr) and not _CMIF_DATE.fullmatch(date.get(attr)):
                    found.append(f"date/@{attr}={date.get(attr)!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        if date.get("cert") not in (None, "low"):
            found.append("date/@cert must be low")
    licences = x("//t:publicationStmt/t:availability/t:licence")
    if len(licences) != 1 or licences[0].get("target") not in {t for t, _ in LICENCES.values()}:
        found.append("publicationStmt/availability/licence must name CC BY 4.0 or CC0 in @target")
    if not x("//t:publicationStmt/t:idno[@type='url']"):
        found.append('publicationStmt/idno type="url" (the URL of this file) is missing')
    if not x("//t:publicationStmt/t:date/@when"):
        found.append("publicationStmt/date/@when (timestamp) is missing")
    if not x("//t:titleStmt/t:editor"):
        found.append("titleStmt/editor is missing")
    return found
