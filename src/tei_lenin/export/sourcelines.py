"""The raw lines behind each document of the reading edition.

The encoder records where each document stands in the plain text it read (``bibl type="transcription"``: the
file's name in ``idno type="file"``, the lines in ``biblScope unit="line" from to``). Where that file is at
hand (given with ``--source``, or in the corpus folder's ``source/``), the site gets a page per document with
those lines, numbered as the encoder numbered them (``source/<id>.html#L120``), and a copy of the file; a
reader can check the encoding against what it was made from. A file shorter than the lines a document names
is not the one it was encoded from: no page is made for that document.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tei_lenin.export.page import E, page_name, render_page, site_header
from tei_lenin.export.reader import NS, Corpus, CorpusError, Document, norm
from tei_lenin.plaintext import SourceError, read_source


@dataclass(frozen=True)
class Span:
    """A document's place in its plain-text source: the file's name and its first and last line (1-based)."""

    file: str
    first: int
    last: int

    @property
    def label(self) -> str:
        return f"line {self.first}" if self.first == self.last else f"lines {self.first}–{self.last}"


def span_of(doc: Document) -> Span | None:
    """The document's lines in its source, as its ``bibl type="transcription"`` gives them (None if it does not)."""
    for bibl in doc.x("t:teiHeader/t:fileDesc/t:sourceDesc//t:bibl[@type='transcription']"):
        name = norm(" ".join(bibl.xpath("t:idno[@type='file']//text()", namespaces=NS)))
        for scope in bibl.xpath("t:biblScope[@unit='line']", namespaces=NS):
            first, last = scope.get("from", ""), scope.get("to", "")
            if name and first.isdigit() and last.isdigit() and 0 < int(first) <= int(last):
                return Span(Path(name).name, int(first), int(last))
    return None


def source_page(doc: Document) -> str:
    """Path of a document's source-lines page, relative to the site root."""
    return f"source/{doc.id}.html"


def read_sources(corpus: Corpus, given: tuple[Path, ...] = ()) -> dict[str, list[str]]:
    """The lines of each source file the documents name, by file name: the files ``given`` (matched by name),
    else those in the corpus folder's ``source/``. A given file that cannot be read raises CorpusError."""
    wanted = {span.file for span in (span_of(d) for d in corpus.documents) if span}
    found: dict[str, list[str]] = {}
    for path in given:
        try:
            found[path.name] = read_source(path).split("\n")
        except SourceError as err:
            raise CorpusError(f"{err.file}:{err.line}: {err.message}" if err.line else
                              f"{err.file}: {err.message}") from None
    for name in sorted(wanted - set(found)):
        path = corpus.folder / "source" / name
        if path.is_file():
            try:
                found[name] = read_source(path).split("\n")
            except SourceError:
                continue  # the edition is still made, without this file's source pages
    return found


def source_site(corpus: Corpus, sources: dict[str, list[str]]) -> tuple[dict[str, bytes], dict[str, Span]]:
    """The source-lines pages and a copy of each source file, and the spans that got a page (by document id)."""
    site: dict[str, bytes] = {}
    linked: dict[str, Span] = {}
    for doc in corpus.documents:
        span = span_of(doc)
        lines = sources.get(span.file) if span else None
        if span is None or lines is None or span.last > len(lines):
            continue
        linked[doc.id] = span
        if f"source/{span.file}" not in site:  # one copy of each file, however many documents it holds
            site[f"source/{span.file}"] = "\n".join(lines).encode("utf-8")
        pre = E("pre", {"class": "source"})
        for number in range(span.first, span.last + 1):
            pre.append(E("span", {"class": "line", "id": f"L{number}"},
                         E("span", {"class": "ln", "aria-hidden": "true"}, str(number)), lines[number - 1]))
        main = E("main", None,
                 E("p", {"class": "breadcrumb"}, E("a", {"href": "../" + page_name(doc)}, doc.title)),
                 E("h1", None, "Source lines"),
                 E("p", None, f"{span.label[0].upper()}{span.label[1:]} of the plain-text file ",
                   E("a", {"href": span.file, "type": "text/plain"}, span.file),
                   ", as the encoder read them (numbered from the file's first line)."),
                 pre)
        site[source_page(doc)] = render_page(f"Source lines: {doc.title}", [site_header(corpus, root="../"), main])
    return site, linked
