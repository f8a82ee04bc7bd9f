"""The shared files every document points to: the personography and the taxonomies."""

from __future__ import annotations

import re

from lxml import etree

from tei_lenin.reference import Authority
from tei_lenin.tei.build import NSMAP, el, sub

#: The controlled vocabularies: taxonomy id → (description, [(category id, description)]).
TAXONOMIES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "genre": ("Kind of document", [
        ("genre-letter", "Letter"),
        ("genre-article", "Article"),
        ("genre-essay", "Essay (an editor's introduction)"),
    ]),
    "mode": ("Composition: how the text was made, as the source states it", [
        ("mode-unstated", "The source does not say how the text was made (“Written:” or no header line)"),
        ("mode-written", "Written in the author’s own hand (an editorial note says so of the whole text)"),
        ("mode-dictated", "Dictated to a secretary (stated in a header line or an editorial note)"),
        ("mode-dictated-phone", "Dictated by telephone"),
    ]),
    "transmission": ("Transmission: how the text travelled to its addressee, as the source states it", [
        ("trans-unstated", "The source does not say how the text was sent"),
        ("trans-telephone", "By telephone (a telephone message, or read to the addressee over the phone)"),
        ("trans-telegram", "By telegram or direct wire"),
        ("trans-courier", "By courier or messenger"),
        ("trans-post", "By post"),
        ("trans-handed", "Handed over"),
    ]),
    "secrecy": ("Security classification marked on the document", [
        ("sec-top-secret", "Marked “Top secret” or “Strictly secret”"),
        ("sec-secret", "Marked “Secret”"),
        ("sec-confidential", "Marked “Confidential”, “Strictly confidential” or “Not for publication”"),
        ("sec-personal", "Marked “Personal” or “Private”"),
        ("sec-unmarked", "No classification is marked"),
    ]),
}
_ID_URI = {
    "wikidata": "http://www.wikidata.org/entity/{}",
    "gnd": "https://d-nb.info/gnd/{}",
    "viaf": "https://viaf.org/viaf/{}",
    "geonames": "https://www.geonames.org/{}",
}
#: The historical entity the authority file gives for a place at a date: "Georgia (1922: Georgian SSR, …)".
HISTORICAL = re.compile(r"\((?P<year>\d{4}): (?P<name>[^,()]+)")
_LIST = {"person": ("listPerson", "person", "persName"), "org": ("listOrg", "org", "orgName"),
         "place": ("listPlace", "place", "placeName"), "event": ("listEvent", "event", "label")}


def _header(title: str, about: str) -> etree._Element:
    return el("teiHeader", None,
              el("fileDesc", None,
                 el("titleStmt", None, el("title", None, title)),
                 el("publicationStmt", None, el("publisher", None, "tei-lenin")),
                 el("sourceDesc", None, el("p", None, about))))


def personography(authorities: list[Authority]) -> etree._Element:
    """``persons.xml``: people, organisations and places with only the identifiers the file supports."""
    tei = el("TEI", {"xml:lang": "en"}, nsmap=NSMAP)
    tei.append(_header("tei-lenin: people, organisations and places",
                       "Built from corpus/reference/authorities.tsv; identifiers only where that file cites "
                       "evidence for them."))
    stand_off = sub(tei, "standOff")
    lists: dict[str, etree._Element] = {}
    for kind in ("person", "org", "place", "event"):
        members = [a for a in authorities if a.kind == kind]
        if not members:
            continue
        list_tag, item_tag, name_tag = _LIST[kind]
        lists[kind] = sub(stand_off, list_tag)
        for auth in members:
            item = sub(lists[kind], item_tag, {"xml:id": auth.xml_id})
            sub(item, name_tag, {"type": "reg"} if kind == "person" else None, auth.display_name.removesuffix(
                " [event]"))
            if kind == "place" and (m := HISTORICAL.search(auth.preferred_name)):  # "(1922: Georgian SSR, …)"
                sub(item, "placeName", {"type": "historical", "when": m.group("year")}, m.group("name").strip())
            if kind == "person" and auth.birth:
                sub(item, "birth", {"when": auth.birth})
            if kind == "person" and auth.death:
                sub(item, "death", {"when": auth.death})
            cert = auth.confidence if auth.confidence in {"high", "medium", "low"} else None
            for scheme, value in auth.ids:
                sub(item, "idno", {"type": scheme, "cert": cert}, _ID_URI[scheme].format(value))
            sub(item, "note", None, f"Authority record: {auth.preferred_name}"
                f" (confidence: {auth.confidence or 'none'}).")
            if auth.evidence:
                sub(item, "note", {"type": "evidence"}, auth.evidence)
    return tei


def taxonomy() -> etree._Element:
    """``taxonomy.xml``: genre, mode and secrecy, referenced from each document's ``catRef``."""
    tei = el("TEI", {"xml:lang": "en"}, nsmap=NSMAP)
    header = _header("tei-lenin: controlled vocabularies", "Born digital.")
    class_decl = sub(sub(header, "encodingDesc"), "classDecl")
    for ident, (desc, categories) in TAXONOMIES.items():
        tax = sub(class_decl, "taxonomy", {"xml:id": ident})
        sub(tax, "desc", None, desc)
        for cat_id, cat_desc in categories:
            sub(sub(tax, "category", {"xml:id": cat_id}), "catDesc", None, cat_desc)
    tei.append(header)
    sub(sub(sub(tei, "text"), "body"), "p", None, "The categories are declared in the header.")
    return tei
