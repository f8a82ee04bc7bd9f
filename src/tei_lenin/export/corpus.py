"""teiCorpus export: one XML document with a corpus header, the personography and every TEI document.

- corpus ``teiHeader``: title and ``sourceDesc`` from the documents' ``bibl type="copyText"``, the
  taxonomies of ``taxonomy.xml`` in ``encodingDesc/classDecl``, a ``listPrefixDef`` whose ``psn:``, ``org:``,
  ``plc:`` and ``tax:`` point to ``#$1`` (inside this file);
- ``standOff`` (allowed in ``teiCorpus`` by TEI P5 4.3.0: ``teiHeader, model.resource*, TEI+``) holds the
  ``listPerson``/``listOrg``/``listPlace`` of ``persons.xml``;
- every document's own ``prefixDef`` that pointed into ``persons.xml`` or ``taxonomy.xml`` is rewritten to
  ``#$1`` too (a document's declarations take precedence over the corpus header's, so leaving them would
  send pointers back to files outside the corpus); links to other documents' files (``../articles/x.xml``,
  ``l1922-12-12b.xml``) become ``#x``, the document's ``xml:id``.
"""

from __future__ import annotations

import copy
import posixpath
from collections import Counter

from lxml import etree

from tei_lenin.export.reader import NS, TEI_NS, XML_ID, Corpus, Document, pretty, tei, text_of

_POINTER_ATTRS = ("target", "ref", "corresp", "scribeRef", "scheme", "source")
STANDOFF_FILES = ("persons.xml", "taxonomy.xml")


def _copy_texts(corpus: Corpus) -> list[etree._Element]:
    """Distinct ``bibl type="copyText"`` of the documents (by their text), most frequent first, notes dropped."""
    found: dict[str, etree._Element] = {}
    counts: Counter[str] = Counter()
    for doc in corpus.documents:
        bibl = doc.copy_text()
        if bibl is None:
            continue
        key = text_of(bibl)
        if key not in found:
            found[key] = copy.deepcopy(bibl)
            for note in found[key].findall("t:note", NS):
                _remove(note)
        counts[key] += 1
    return [found[k] for k in sorted(counts, key=lambda k: (-counts[k], k))]


def _remove(element: etree._Element) -> None:
    """Remove an element, keeping its tail text."""
    parent = element.getparent()
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _prefix_defs() -> etree._Element:
    listing = etree.Element(tei("listPrefixDef"))
    for ident, what in (("psn", "a person"), ("org", "an organisation"), ("plc", "a place"),
                        ("tax", "a category")):
        pd = etree.SubElement(listing, tei("prefixDef"), ident=ident, matchPattern="([a-z0-9-]+)",
                              replacementPattern="#$1")
        etree.SubElement(pd, tei("p")).text = f"Points to {what} declared in this corpus file."
    return listing


def _rewrite_document(doc: Document, corpus: Corpus) -> etree._Element:
    """A copy of the document's root whose pointers resolve inside the teiCorpus."""
    root = copy.deepcopy(doc.root)
    folder = posixpath.dirname(doc.rel)
    files = {d.rel: d.id for d in corpus.documents}
    for pd in root.iterfind(".//t:listPrefixDef/t:prefixDef", NS):
        repl = pd.get("replacementPattern") or ""
        path, hash_, fragment = repl.partition("#")
        if hash_ and posixpath.basename(path) in STANDOFF_FILES:
            pd.set("replacementPattern", "#" + fragment)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for attr in _POINTER_ATTRS:
            value = element.get(attr)
            if not value:
                continue
            parts = []
            for token in value.split():
                path, hash_, fragment = token.partition("#")
                if path.endswith(".xml") and ":" not in path:
                    rel = posixpath.normpath(posixpath.join(folder, path))
                    if rel in files:
                        token = "#" + (fragment or files[rel])
                    elif posixpath.basename(rel) in STANDOFF_FILES and fragment:
                        token = "#" + fragment
                parts.append(token)
            element.set(attr, " ".join(parts))
    return root


def build_corpus(corpus: Corpus) -> etree._ElementTree:
    """The ``teiCorpus`` of all documents of ``corpus`` (reading order)."""
    root = etree.Element(tei("teiCorpus"), nsmap={None: TEI_NS})
    root.set("{http://www.w3.org/XML/1998/namespace}lang", "en")
    header = etree.SubElement(root, tei("teiHeader"))
    file_desc = etree.SubElement(header, tei("fileDesc"))
    title_stmt = etree.SubElement(file_desc, tei("titleStmt"))
    bibls = _copy_texts(corpus)
    main_title = text_of(bibls[0].find("t:title", NS)) if bibls else ""
    etree.SubElement(title_stmt, tei("title")).text = (
        f"{main_title}: TEI corpus" if main_title else "TEI corpus")
    authors: list[str] = []
    for doc in corpus.documents:
        for author in doc.x("t:teiHeader/t:fileDesc/t:titleStmt/t:author"):
            key = etree.tostring(author, method="c14n").decode()
            if key not in authors:
                authors.append(key)
                title_stmt.append(copy.deepcopy(author))
    resp = etree.SubElement(title_stmt, tei("respStmt"))
    etree.SubElement(resp, tei("resp")).text = "compiled into one teiCorpus by"
    etree.SubElement(resp, tei("orgName")).text = "tei-lenin export corpus"
    pub = etree.SubElement(file_desc, tei("publicationStmt"))
    first_pub = corpus.documents[0].x("t:teiHeader/t:fileDesc/t:publicationStmt")
    publishers = first_pub[0].findall("t:publisher", NS) if first_pub else []
    availability = first_pub[0].find("t:availability", NS) if first_pub else None
    if publishers:
        pub.extend(copy.deepcopy(p) for p in publishers)
    else:
        etree.SubElement(pub, tei("publisher")).text = "tei-lenin"
    if availability is not None:
        pub.append(copy.deepcopy(availability))
    source_desc = etree.SubElement(file_desc, tei("sourceDesc"))
    if bibls:
        listing = etree.SubElement(source_desc, tei("listBibl"))
        listing.extend(bibls)
    else:
        etree.SubElement(source_desc, tei("p")).text = "Compiled from the TEI documents below."
    encoding = etree.SubElement(header, tei("encodingDesc"))
    class_decl = corpus.taxonomy.getroot().find(".//t:encodingDesc/t:classDecl", NS)
    if class_decl is not None:
        encoding.append(copy.deepcopy(class_decl))
    encoding.append(_prefix_defs())
    stand_off = corpus.persons.getroot().find("t:standOff", NS)
    if stand_off is not None and len(stand_off):
        root.append(copy.deepcopy(stand_off))
    for doc in corpus.documents:
        root.append(_rewrite_document(doc, corpus))
    pretty(header, level=1)
    root.text = "\n "
    for child in root:
        child.tail = "\n "
    root[-1].tail = "\n"
    return etree.ElementTree(root)


def serialize(tree: etree._ElementTree) -> bytes:
    """The teiCorpus as UTF-8 bytes."""
    return (b'<?xml version="1.0" encoding="UTF-8"?>\n'
            + etree.tostring(tree.getroot(), encoding="UTF-8") + b"\n")


def duplicate_ids(tree: etree._ElementTree) -> list[str]:
    """``xml:id`` values used more than once (must be empty for a well-formed teiCorpus)."""
    counts = Counter(e.get(XML_ID) for e in tree.getroot().iter() if isinstance(e.tag, str) and e.get(XML_ID))
    return sorted(k for k, n in counts.items() if n > 1)


def unresolved_pointers(tree: etree._ElementTree) -> list[str]:
    """``psn:``/``org:``/``plc:``/``tax:``/``#`` pointers that do not resolve inside the teiCorpus."""
    root = tree.getroot()
    ids = {e.get(XML_ID) for e in root.iter() if isinstance(e.tag, str) and e.get(XML_ID)}
    bad = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for attr in _POINTER_ATTRS + ("hand", "resp"):
            for token in (element.get(attr) or "").split():
                prefix, _, rest = token.partition(":")
                if token.startswith("#"):
                    target = token[1:]
                elif prefix in ("psn", "org", "plc", "tax") and rest:
                    target = rest
                else:
                    continue
                if target not in ids:
                    bad.append(f"{etree.QName(element).localname}/@{attr}={token}")
    return bad
