"""The reading edition's search index: every document's text and each of its notes, prebuilt by the export and
searched in the browser (no server, works from ``file://``).

A plain substring search over a few hundred kilobytes is instant in any browser, so the index is the texts
themselves, lower-cased matching done client-side; no library is needed for a corpus this size (a compilation
of hundreds of documents stays under a few megabytes). The export writes it as ``search-index.js``, a script
(not JSON: a page opened from ``file://`` may load a script beside it but not fetch a file), which the index page
loads when the search box is first used.
"""

from __future__ import annotations

import json

from tei_lenin.export.reader import NS, Corpus, Document, text_of


def note_anchors(doc: Document) -> list[tuple[str, str]]:
    """(anchor id, text) of each footnote of the document's body, numbered as the page numbers them."""
    body = doc.root.find("t:text/t:body", NS)
    notes = [] if body is None else [n for n in body.iter(f"{{{NS['t']}}}note") if doc.is_footnote(n)]
    return [(f"fn-{doc.footnote_id(note, number)}", text_of(note)) for number, note in enumerate(notes, start=1)]


def search_index(corpus: Corpus, page_name) -> list[dict]:  # noqa: ANN001 - page_name: Document -> str
    """One entry per document: its page, title and segments (the text, then each note with its anchor)."""
    entries = []
    for doc in corpus.documents:
        body = doc.root.find("t:text/t:body", NS)
        segments = [{"where": "text", "anchor": "", "text": text_of(body)}]
        for number, (anchor, text) in enumerate(note_anchors(doc), start=1):
            segments.append({"where": f"note {number}", "anchor": anchor, "text": text})
        entries.append({"id": doc.id, "page": page_name(doc), "title": doc.title, "segments": segments})
    return entries


def index_script(corpus: Corpus, page_name) -> str:  # noqa: ANN001
    """The index as a script (``window.TEI_LENIN_INDEX = […]``), also safe inline inside ``<script>``."""
    data = json.dumps(search_index(corpus, page_name), ensure_ascii=False, separators=(",", ":"))
    return "window.TEI_LENIN_INDEX = " + data.replace("</", "<\\/") + ";"
