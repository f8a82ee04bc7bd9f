"""Catalogue export: one row per document with its metadata, as CSV or JSON (repository deposits, spreadsheets).

The columns, in this fixed order (``COLUMNS``), are documented in docs/exports.md. Multi-valued cells are
joined with ``"; "`` in CSV and are arrays in JSON; ``notes`` is an integer in JSON.
"""

from __future__ import annotations

import csv
import io
import json

from tei_lenin.export.reader import Corpus, Document

COLUMNS = ("id", "file", "genre", "title", "date", "dates", "sender", "addressees", "cc", "mode", "transmission",
           "secrecy", "hands", "notes", "authority_uris")
MULTI = frozenset({"dates", "sender", "addressees", "cc", "hands", "authority_uris"})
SEP = "; "


def _agents(corpus: Corpus, doc: Document, wanted: str, subtypes: tuple[str | None, ...]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for action in doc.actions:
        if action.type == wanted and action.subtype in subtypes:
            for agent in action.agents:
                entity = corpus.entities.get(agent.ref or "")
                pair = (entity.name if entity else agent.name, agent.ref or "")
                if pair not in out:
                    out.append(pair)
    return out


def row(corpus: Corpus, doc: Document) -> dict[str, object]:
    """The catalogue record of one document (values: str, int or list of str)."""
    sender = _agents(corpus, doc, "sent", (None, "to"))
    addressees = _agents(corpus, doc, "received", (None, "to", "for"))
    cc = _agents(corpus, doc, "received", ("cc", "bcc"))
    uris: list[str] = []
    for _, ref in sender + addressees + cc:
        entity = corpus.entities.get(ref)
        for _, uri in entity.idnos if entity else ():
            if uri not in uris:
                uris.append(uri)
    dates = doc.dates
    return {
        "id": doc.id,
        "file": doc.rel,
        "genre": doc.category("genre") or "",
        "title": doc.title,
        "date": dates[0] if dates else "",
        "dates": dates,
        "sender": [n for n, _ in sender],
        "addressees": [n for n, _ in addressees],
        "cc": [n for n, _ in cc],
        "mode": doc.category("mode") or "",
        "transmission": doc.category("transmission") or "",
        "secrecy": doc.category("secrecy") or "",
        "hands": [corpus.entities[h.scribe].name if h.scribe in corpus.entities else h.name
                  for h in doc.hands(corpus.entities)],
        "notes": len(doc.notes),
        "authority_uris": uris,
    }


def rows(corpus: Corpus) -> list[dict[str, object]]:
    """One record per document, in reading order (date, then id)."""
    return [row(corpus, doc) for doc in corpus.documents]


def to_csv(records: list[dict[str, object]]) -> str:
    """CSV with a header row, ``\\n`` line ends, every field quoted when needed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for record in records:
        writer.writerow([SEP.join(record[c]) if c in MULTI else record[c] for c in COLUMNS])  # type: ignore[arg-type]
    return buffer.getvalue()


def to_json(records: list[dict[str, object]]) -> str:
    """A JSON array of objects with the keys in ``COLUMNS`` order."""
    return json.dumps([{c: r[c] for c in COLUMNS} for r in records], ensure_ascii=False, indent=2) + "\n"


def build_catalog(corpus: Corpus, fmt: str = "csv") -> str:
    """The catalogue of ``corpus`` as CSV (``fmt="csv"``) or JSON (``fmt="json"``)."""
    records = rows(corpus)
    return to_json(records) if fmt == "json" else to_csv(records)
