"""Canonical bytes for a TEI tree: UTF-8, declaration, xml-model instructions, indentation, final newline."""

from __future__ import annotations

import posixpath

from lxml import etree

from tei_lenin.tei.build import q

RNG_TYPE = "http://relaxng.org/ns/structure/1.0"
SCH_TYPE = "http://purl.oclc.org/dsdl/schematron"


#: Elements whose content is text-like: never indented, so their text stays exactly as encoded.
_PHRASE = frozenset({
    "p", "head", "salute", "signed", "dateline", "byline", "label", "seg", "supplied", "ref", "title",
    "persName", "orgName", "placeName", "date", "choice", "sic", "corr", "bibl", "resp", "licence", "catDesc",
    "desc", "editor", "idno", "publisher", "author", "creation", "name",
})
_PHRASE_TAGS = frozenset(q(name) for name in _PHRASE)
_NOTE, _P = q("note"), q("p")


def _indent(element: etree._Element, level: int = 0) -> None:
    """Indent element-only content; text-like elements and mixed content are left exactly as they are."""
    tag = element.tag
    if tag in _PHRASE_TAGS:
        return
    children = list(element)
    if not children:
        return
    text = element.text
    if text and text.strip():
        return
    tags = [child.tag for child in children]
    if tag == _NOTE and any(child_tag != _P for child_tag in tags):
        return
    for child in children:
        tail = child.tail
        if tail and tail.strip():
            return
    pad = "\n" + " " * (level + 1)
    element.text = pad
    for child, child_tag in zip(children, tags, strict=True):
        if child_tag not in _PHRASE_TAGS:  # (a text-like child is left as it is: no call needed)
            _indent(child, level + 1)
        child.tail = pad
    children[-1].tail = "\n" + " " * level


def to_bytes(root: etree._Element, schema_href: str | None = None) -> bytes:
    """Serialise ``root``; ``schema_href`` is the relative path of ``tei-lenin.rng`` (the .sch beside it)."""
    _indent(root)
    head = ['<?xml version="1.0" encoding="UTF-8"?>']
    if schema_href:
        sch = posixpath.splitext(schema_href)[0] + ".sch"
        head.append(f'<?xml-model href="{schema_href}" type="application/xml" schematypens="{RNG_TYPE}"?>')
        head.append(f'<?xml-model href="{sch}" type="application/xml" schematypens="{SCH_TYPE}"?>')
    body = etree.tostring(root, encoding="UTF-8", xml_declaration=False)
    return ("\n".join(head) + "\n").encode("utf-8") + body + b"\n"
