"""Deterministic mutation generator: turn valid TEI documents into (mostly) invalid ones.

Each kind of mutation lists its candidate sites in document order and applies itself at evenly
spaced sites, so the same inputs always give the same mutants (no randomness). The kinds cover the
errors in ``../shared/guides/validation.md`` §1: wrong order of children, unknown element, element
outside the project subset, bad or unknown attribute value, missing required part, stray text,
misplaced element, no-namespace element, several errors in one file, and a few datatype probes
where Jing and libxml2 are known to differ (see :data:`KNOWN_JING_DEVIATIONS`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
T = f"{{{TEI_NS}}}"
NSMAP = {"t": TEI_NS}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

Action = Callable[[], None]
Sites = Callable[[etree._Element], list[Action]]

#: Datatype probes on which Jing is known to be wrong or to differ from libxml2 (validation.md §1):
#: ``T24:00:00`` (XSD 1.0 2nd ed. allows it; Jing rejects), leap second ``T23:59:60`` (Jing accepts,
#: libxml2 rejects), and a zero-width space in a ``[^\p{C}\p{Z}]+`` token (Jing drops ``\p{C}``: a bug).
KNOWN_JING_DEVIATIONS = frozenset({"datatype-24h", "datatype-leap-second", "datatype-zwsp"})


@dataclass(frozen=True)
class Mutant:
    """One mutated document."""

    source: str
    kind: str
    index: int
    data: bytes

    @property
    def name(self) -> str:
        """A file name unique within one generation run."""
        return f"{self.source}--{self.kind}-{self.index:02d}.xml"


def _frag(xml: str) -> etree._Element:
    """A TEI-namespace element from ``xml``."""
    return etree.fromstring(f'<w xmlns="{TEI_NS}">{xml}</w>')[0]


def _xp(root: etree._Element, path: str) -> list[etree._Element]:
    """Elements matching the XPath ``path`` (prefix ``t:`` for TEI)."""
    return list(root.xpath(path, namespaces=NSMAP))


def _insert(parent: etree._Element, index: int, new: etree._Element) -> Action:
    """Action: insert ``new`` as child ``index`` of ``parent`` (keeps the surrounding text)."""
    return lambda: parent.insert(index, new)


def _remove(el: etree._Element) -> Action:
    """Action: remove ``el`` but keep its tail text in place."""

    def act() -> None:
        parent = el.getparent()
        prev = el.getprevious()
        if el.tail:
            if prev is not None:
                prev.tail = (prev.tail or "") + el.tail
            else:
                parent.text = (parent.text or "") + el.tail
        parent.remove(el)

    return act


def _set(el: etree._Element, attr: str, value: str | None) -> Action:
    """Action: set (or delete, with ``None``) an attribute."""

    def act() -> None:
        if value is None:
            del el.attrib[attr]
        else:
            el.set(attr, value)

    return act


# --------------------------------------------------------------------------- kinds


def order_sites(root: etree._Element) -> list[Action]:
    """Swap two adjacent element siblings with different names (tails stay where they were)."""
    out: list[Action] = []
    for parent in root.iter(etree.Element):
        kids = [k for k in parent if isinstance(k.tag, str)]
        for a, b in zip(kids, kids[1:], strict=False):
            if a.tag != b.tag and a.getnext() is b:

                def act(a: etree._Element = a, b: etree._Element = b) -> None:
                    a.tail, b.tail = b.tail, a.tail
                    a.addprevious(b)

                out.append(act)
    return out


def unknown_element_sites(root: etree._Element) -> list[Action]:
    """Insert ``<unknownThing/>`` (TEI namespace) as the first child of an element."""
    return [_insert(el, 0, _frag("<unknownThing/>")) for el in root.iter(etree.Element) if el is not root]


OUTSIDE = (
    ("//t:p", "<w>word</w>"),
    ("//t:div", "<sp><speaker>A</speaker><p>Line</p></sp>"),
    ("//t:p", '<milestone unit="section"/>'),
    ("//t:teiHeader", "<revisionDesc><change>Created</change></revisionDesc>"),
    ("//t:profileDesc", '<langUsage><language ident="en">English</language></langUsage>'),
    ("//t:head", "<fw>running head</fw>"),
    ("//t:div", "<lg><l>A line of verse</l></lg>"),
    ("//t:note", "<gloss>word</gloss>"),
)


def outside_subset_sites(root: etree._Element) -> list[Action]:
    """Insert an element valid in tei_all but outside the project subset."""
    out = []
    for path, xml in OUTSIDE:
        for el in _xp(root, path):
            out.append(_insert(el, 0 if "revisionDesc" not in xml else len(el), _frag(xml)))
    return out


BAD_VALUES = (
    ("//t:div[@type]", "type", "chapter"),
    ("//t:seg[@type]", "type", "salutation"),
    ("//t:note[@type]", "type", "footnote"),
    ("//t:correspAction[@subtype]", "subtype", "bcc"),
    ("//t:correspAction[@type='received']", "type", "forwarded"),
    ("//t:catRef", "target", "tax:genre-poem"),
    ("//t:catRef", "scheme", "tax:other"),
    ("//t:supplied", "reason", "guess"),
    ("//t:gap", "reason", "illegible"),
    ("//t:bibl[@type]", "type", "edition"),
    ("//t:date[@when]", "when", "1922-02-30"),
    ("//t:handNote", "scope", "most"),
    ("//t:title[@level]", "level", "z"),
    ("//t:dateline", "hand", "#h1"),
    ("//t:note[@place]", "anchored", "maybe"),
    ("//t:category", "xml:id", "genre-poem"),
)


def bad_value_sites(root: etree._Element) -> list[Action]:
    """Give an attribute a value outside its closed list or datatype."""
    out = []
    for path, attr, value in BAD_VALUES:
        name = "{http://www.w3.org/XML/1998/namespace}id" if attr == "xml:id" else attr
        out += [_set(el, name, value) for el in _xp(root, path)]
    return out


def unknown_attribute_sites(root: etree._Element) -> list[Action]:
    """Add an attribute no TEI element has."""
    return [_set(el, "colour", "red") for el in root.iter(etree.Element)]


MISSING = (
    "//t:titleStmt/t:title", "//t:fileDesc/t:publicationStmt", "//t:correspDesc",
    "//t:correspAction[@type='sent']", "//t:correspAction[@type='received']",
    "//t:catRef[@scheme='tax:mode']", "//t:catRef[@scheme='tax:genre']", "//t:creation/t:date",
    "//t:creation", "//t:textClass", "//t:profileDesc", "//t:respStmt/t:resp", "//t:postscript/t:p",
    "//t:fileDesc/t:sourceDesc", "//t:text/t:body", "//t:listPerson/t:person/*", "//t:category/t:catDesc",
)
MISSING_ATTRS = (
    ("//t:catRef", "scheme"), ("//t:catRef", "target"), ("//t:prefixDef", "ident"),
    ("//t:correspAction", "type"), ("//t:div[@type='letter']", "type"), ("//t:category", "xml:id"),
)


def missing_sites(root: etree._Element) -> list[Action]:
    """Remove a required element or attribute."""
    out = [_remove(el) for path in MISSING for el in _xp(root, path)]
    for path, attr in MISSING_ATTRS:
        name = "{http://www.w3.org/XML/1998/namespace}id" if attr == "xml:id" else attr
        out += [_set(el, name, None) for el in _xp(root, path)]
    return out


ELEMENT_ONLY = tuple(
    T + name
    for name in (
        "teiHeader", "fileDesc", "titleStmt", "respStmt", "publicationStmt", "listBibl", "listPrefixDef",
        "textClass", "correspDesc", "profileDesc", "body", "div", "text", "listPerson", "standOff",
        "classDecl", "taxonomy", "category", "postscript", "handNotes", "encodingDesc", "sourceDesc",
        "correspContext", "person",
    )
)


def stray_text_sites(root: etree._Element) -> list[Action]:
    """Put text into element-only content (after the first child)."""
    out = []
    for el in root.iter(*ELEMENT_ONLY):
        first = next((k for k in el if isinstance(k.tag, str)), None)
        if first is not None:

            def act(first: etree._Element = first) -> None:
                first.tail = " stray words" + (first.tail or "")

            out.append(act)
    return out


def misplace_sites(root: etree._Element) -> list[Action]:
    """Move an element where it may not stand (closer first, p inside p, header after text ...)."""
    out: list[Action] = []
    for closer in _xp(root, "//t:div/t:closer"):
        out.append(lambda c=closer: c.getparent().insert(0, c))
    for p in _xp(root, "//t:p[following-sibling::t:p]"):
        out.append(lambda p=p: p.append(p.getnext()))
    for head in _xp(root, "//t:div/t:head"):
        out.append(lambda h=head: h.getparent().append(h))
    for hdr in _xp(root, "/t:TEI/t:teiHeader"):
        out.append(lambda h=hdr: h.getparent().append(h))
    for salute in _xp(root, "//t:opener/t:salute"):
        out.append(lambda s=salute: s.getparent().getparent().insert(0, s))
    for ca in _xp(root, "//t:correspAction[@type='sent']"):
        out.append(lambda c=ca: c.getparent().append(c))
    return out


def no_namespace_sites(root: etree._Element) -> list[Action]:
    """Insert a ``p`` in no namespace."""
    return [_insert(el, len(el), etree.fromstring("<p>no namespace</p>")) for el in _xp(root, "//t:div")]


def datatype_probes(root: etree._Element) -> list[tuple[str, Action]]:
    """Named datatype probes, including the ones on Jing's known-deviation list (one site each)."""
    out: list[tuple[str, Action]] = []
    for date in _xp(root, "(//t:date[@when])[1]"):
        out += [
            ("datatype-24h", _set(date, "when", "1922-12-15T24:00:00")),
            ("datatype-leap-second", _set(date, "when", "1922-12-15T23:59:60")),
            ("datatype-month13", _set(date, "when", "1922-13-01")),
            ("datatype-tz15", _set(date, "when", "1922-12-15T10:00:00+15:00")),
        ]
    for typed in _xp(root, "(//t:ref[@type] | //t:persName[@type] | //t:idno[@type])[1]"):
        out.append(("datatype-zwsp", _set(typed, "type", "a\u200bb")))
        out.append(("datatype-space", _set(typed, "type", "a b")))
    for tei in _xp(root, "/t:TEI"):
        out.append(("datatype-lang", _set(tei, XML_LANG, "english language")))
    return out


KINDS: dict[str, Sites] = {
    "order": order_sites,
    "unknown-element": unknown_element_sites,
    "outside-subset": outside_subset_sites,
    "bad-value": bad_value_sites,
    "unknown-attribute": unknown_attribute_sites,
    "missing": missing_sites,
    "stray-text": stray_text_sites,
    "misplace": misplace_sites,
    "no-namespace": no_namespace_sites,
}
MULTI_KINDS = ("unknown-element", "bad-value", "stray-text")


# --------------------------------------------------------------------------- driver


def _spread(n_sites: int, n: int) -> list[int]:
    """``n`` evenly spaced indices in ``range(n_sites)`` (all of them if fewer)."""
    if n_sites <= n:
        return list(range(n_sites))
    return sorted({math.floor(i * n_sites / n + n_sites / (2 * n)) for i in range(n)})


def _serialize(tree: etree._ElementTree) -> bytes:
    """Bytes of ``tree`` with its prolog (processing instructions) and XML declaration."""
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def _parse(data: bytes) -> etree._ElementTree:
    """Parse ``data`` keeping whitespace and line structure."""
    return etree.ElementTree(etree.fromstring(data, etree.XMLParser(remove_blank_text=False)))


def mutate(source: str, data: bytes, per_kind: int = 8) -> list[Mutant]:
    """Mutants of one valid document: up to ``per_kind`` per kind, several-error ones and probes."""
    out: list[Mutant] = []
    for kind, sites in KINDS.items():
        count = len(sites(_parse(data).getroot()))
        for i, site in enumerate(_spread(count, per_kind)):
            tree = _parse(data)
            sites(tree.getroot())[site]()
            out.append(Mutant(source, kind, i, _serialize(tree)))
    for i in range(per_kind):
        tree = _parse(data)
        applied = 0
        for j, kind in enumerate(MULTI_KINDS):
            actions = KINDS[kind](tree.getroot())
            if actions:
                actions[(i * 7 + j * 13) % len(actions)]()
                applied += 1
        if applied > 1:
            out.append(Mutant(source, "multi", i, _serialize(tree)))
    for site, (kind, _) in enumerate(datatype_probes(_parse(data).getroot())):
        tree = _parse(data)
        datatype_probes(tree.getroot())[site][1]()
        out.append(Mutant(source, kind, 0, _serialize(tree)))
    return out


def mutate_all(sources: Iterable[tuple[str, bytes]], target: int = 400) -> list[Mutant]:
    """Mutants of all ``sources``, with enough sites per kind to reach about ``target`` mutants."""
    docs = list(sources)
    per_kind = max(2, math.ceil(target / (max(1, len(docs)) * (len(KINDS) + 1))))
    return [m for name, data in docs for m in mutate(name, data, per_kind)]


def load_sources(paths: Iterable[Path]) -> list[tuple[str, bytes]]:
    """(stem, bytes) of each file, sorted by path for determinism."""
    return [(p.stem, p.read_bytes()) for p in sorted(paths)]
