"""Registers of the reading edition: persons, organisations and places.

Each entry of ``persons.xml`` that the corpus refers to gets a page (``register/<id>.html``) with its authority
links (Wikidata, GND, GeoNames, as the personography gives them) and its documents by role: sender, addressee,
copy, "for", transmitted by, a hand in it (``handNote/@scribeRef``), or mentioned (named in the text or the
notes; listed only where no other role lists the document). One index page per kind lists
the entries. :func:`register_pages` returns ``{relative path: bytes}`` like :func:`~.html.build_site`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from tei_lenin.export.reader import Corpus, Document, Entity

KINDS = {"person": ("persons.html", "Persons"), "org": ("organisations.html", "Organisations"),
         "place": ("places.html", "Places")}
#: Roles in the order a page lists them: (key, heading).
ROLES = (("sender", "Sender of"), ("addressee", "Addressee of"), ("copy", "Copy received"),
         ("for", "Written for"), ("transmitted", "Transmitted"), ("hand", "Wrote in their hand"),
         ("mentioned", "Mentioned in"))
AUTHORITY_LABELS = {"wikidata": "Wikidata", "gnd": "GND", "geonames": "GeoNames", "viaf": "VIAF"}


@dataclass
class Entry:
    """One register entry: the entity and its documents by role (reading order, no repeats)."""

    entity: Entity
    documents: dict[str, list[Document]] = field(default_factory=dict)

    def add(self, role: str, doc: Document) -> None:
        listed = self.documents.setdefault(role, [])
        if doc not in listed:
            listed.append(doc)


def entry_page(entity_id: str) -> str:
    """Path of an entry's page, relative to the site root."""
    return "register/" + "".join(c if c.isalnum() or c in "-_." else "-" for c in entity_id) + ".html"


def _role(action_type: str, subtype: str | None) -> str | None:
    if action_type == "sent":
        return "sender"
    if action_type == "received":
        return {"cc": "copy", "for": "for"}.get(subtype or "", "addressee")
    if action_type == "transmitted":
        return "transmitted"
    return None


def collect(corpus: Corpus) -> dict[str, Entry]:
    """Every entity the documents point to, with its documents by role."""
    entries: dict[str, Entry] = {}

    def add(entity_id: str | None, role: str, doc: Document) -> None:
        entity = corpus.entities.get(entity_id or "")
        if entity is not None and entity.kind in KINDS:
            entries.setdefault(entity.id, Entry(entity)).add(role, doc)

    for doc in corpus.documents:
        for action in doc.actions:
            role = _role(action.type, action.subtype)
            for agent in action.agents:
                if role:
                    add(agent.ref, role, doc)
            for place in action.places:
                add(place.ref, "mentioned", doc)
        for hand in doc.hands(corpus.entities):
            add(hand.scribe, "hand", doc)
        for named in doc.x("t:text//*[@ref]"):
            for pointer in (named.get("ref") or "").split():
                add(doc.target_id(pointer), "mentioned", doc)
    return entries


def authority_links(entity: Entity, element: Callable[..., etree._Element]) -> list[etree._Element]:
    """Links to the authority records the personography gives (only those: none is invented)."""
    links = []
    for kind, uri in entity.idnos:
        if uri.startswith(("http://", "https://")):
            links.append(element("a", {"href": uri, "rel": "external"}, AUTHORITY_LABELS.get(kind, kind)))
    return links
