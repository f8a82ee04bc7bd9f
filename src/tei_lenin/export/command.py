"""``tei-lenin export``: the click group; the one place where export files are written."""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from tei_lenin.exits import EXIT_STATUS
from tei_lenin.export.reader import Corpus, CorpusError, document_files, read_corpus


def default_corpus() -> Path:
    """The project's corpus folder (the checkout's ``corpus/`` or ``./corpus``)."""
    from tei_lenin import resources

    return resources.default_corpus_dir()


def load(folder: Path | None) -> Corpus:
    """Read the corpus or exit 2 with a one-line message."""
    try:
        return read_corpus(folder or default_corpus())
    except CorpusError as err:
        fail(str(err))
        raise  # unreachable


def fail(message: str) -> None:
    """Print ``error: message`` on stderr and exit 2."""
    click.echo(f"tei-lenin export: error: {message}", err=True)
    sys.exit(2)


def write_tree(folder: Path, files: dict[str, bytes], owner: str, force: bool) -> None:
    """Write a set of files under ``folder`` (:mod:`tei_lenin.outputs`: only what this export wrote before is
    replaced or removed; anything else in the way stops it) and say what changed."""
    from tei_lenin.outputs import OutputConflict, write_files

    if folder.exists() and not folder.is_dir():
        fail(f"{folder}: exists and is not a folder")
    try:
        changes = write_files(folder, files, owner, force=force)
    except OutputConflict as err:
        fail(str(err))
    except OSError as err:
        fail(f"{err.filename or folder}: cannot write: {err.strerror or err}")
    click.echo(f"wrote {folder}: {changes.summary()}", err=True)


def emit(output: Path | None, data: bytes, owner: str, force: bool) -> None:
    """Write to ``output`` (by the rules of :mod:`tei_lenin.outputs`) or to standard output."""
    from tei_lenin.outputs import OutputConflict, write_file

    if output is None or str(output) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    if output.is_dir():
        fail(f"{output}: is a folder; give a file name")
    try:
        write_file(output, data, owner, force=force)
    except OutputConflict as err:
        fail(str(err))
    except OSError as err:
        fail(f"{err.filename or output}: cannot write: {err.strerror or err}")


def corpus_timestamp(corpus: Corpus) -> str:
    """``SOURCE_DATE_EPOCH`` when set, else the newest modification time of the corpus files (UTC, seconds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        seconds = int(epoch)
    else:
        files = [corpus.folder / "persons.xml", corpus.folder / "taxonomy.xml", *document_files(corpus.folder)]
        seconds = int(max(f.stat().st_mtime for f in files))
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


CORPUS_ARG = click.argument("corpus", required=False, type=click.Path(path_type=Path))
FORCE = click.option("--force", is_flag=True, help="Replace a file in the way that tei-lenin did not write, or "
                     "that was edited since (without it, such a file stops the export and nothing is written).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_STATUS)
def export() -> None:
    """Export an encoded corpus (the TEI files, never the plain text) for repositories and readers.

    \b
    Example:
      tei-lenin export cmif corpus/ -o build/cmif.xml
    """


@export.command(epilog=EXIT_STATUS)
@CORPUS_ARG
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: stdout).")
@click.option("--base-url", help="Base URL of the letters (default: taken from the documents' correspDesc/@ref).")
@click.option("--cmif-url", help="URL where this CMIF file is published (default: <base URL>cmif.xml).")
@click.option("--timestamp", help="publicationStmt/date/@when (default: SOURCE_DATE_EPOCH, else the newest "
              "corpus file's modification time).")
@click.option("--editor", default="tei-lenin", show_default=True, help="Contact named in titleStmt/editor.")
@click.option("--email", help="E-mail of the contact.")
@click.option("--licence", type=click.Choice(["cc-by", "cc0"]), default="cc-by", show_default=True,
              help="Licence of the CMIF file (CMIF requires CC BY 4.0 or CC0).")
@click.option("--wikidata/--no-wikidata", default=False, show_default=True,
              help="Use Wikidata URIs where no GND/VIAF/LC/BnF/NDL (GeoNames for places) identifier exists.")
@click.option("--allow-placeholder", is_flag=True,
              help="Export even though the letters' URLs use the placeholder base URL (for tests; correspSearch "
                   "would link to pages that do not exist).")
@FORCE
def cmif(corpus: Path | None, output: Path | None, base_url: str | None, cmif_url: str | None,
         timestamp: str | None, editor: str, email: str | None, licence: str, wikidata: bool,
         allow_placeholder: bool, force: bool) -> None:
    """Write the CMIF v1 file of all letters (for correspSearch).

    The letters' URLs must be real: set base_url in tei-lenin.toml before encoding (or give --base-url here);
    the placeholder https://example.org/ is refused.

    \b
    Example:
      tei-lenin export cmif corpus/ -o build/cmif.xml --base-url https://lenin.example.net/letters/
    """
    from tei_lenin.export.cmif import CmifOptions, build_cmif, corpus_base_url, serialize
    from tei_lenin.settings import PLACEHOLDER

    loaded = load(corpus)
    base = base_url or corpus_base_url(loaded)
    if base.startswith(PLACEHOLDER) and not allow_placeholder:
        fail(f"the letters' URLs use the placeholder base URL {base}; set base_url in tei-lenin.toml and encode "
             "again, or give --base-url (--allow-placeholder exports anyway, for tests)")
    opts = CmifOptions(timestamp=timestamp or corpus_timestamp(loaded), base_url=base_url, cmif_url=cmif_url,
                       editor=editor, email=email, licence=licence, wikidata=wikidata)
    emit(output, serialize(build_cmif(loaded, opts)), "export cmif", force)


@export.command("corpus", epilog=EXIT_STATUS)
@CORPUS_ARG
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: stdout).")
@FORCE
def corpus_command(corpus: Path | None, output: Path | None, force: bool) -> None:
    """Write one teiCorpus: corpus header, personography (standOff) and every document.

    \b
    Example:
      tei-lenin export corpus corpus/ -o build/corpus.xml
    """
    from tei_lenin.export.corpus import build_corpus, serialize

    emit(output, serialize(build_corpus(load(corpus))), "export corpus", force)


@export.command(epilog=EXIT_STATUS)
@CORPUS_ARG
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the site into (index.html, one page per document, tei/).")
@click.option("--source", "sources", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Plain-text file a document was encoded from, matched by name to the file its TEI names; each "
                   "page then links to its raw lines (default: the files in the corpus folder's source/). "
                   "Repeatable.")
@FORCE
def html(corpus: Path | None, output: Path, sources: tuple[Path, ...], force: bool) -> None:
    """Write a static HTML reading edition that works offline.

    \b
    Example:
      tei-lenin export html corpus/ -o build/site && xdg-open build/site/index.html
    """
    from tei_lenin.export.html import build_site
    from tei_lenin.export.sourcelines import read_sources

    loaded = load(corpus)
    try:
        lines = read_sources(loaded, sources)
    except CorpusError as err:
        fail(str(err))
        raise  # unreachable
    write_tree(output, build_site(loaded, lines), "export html", force)


@export.command(epilog=EXIT_STATUS)
@CORPUS_ARG
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: stdout).")
@FORCE
def catalog(corpus: Path | None, fmt: str, output: Path | None, force: bool) -> None:
    """Write a catalogue: one row per document with its metadata.

    \b
    Example:
      tei-lenin export catalog corpus/ --format csv -o build/catalog.csv
    """
    from tei_lenin.export.catalog import build_catalog

    emit(output, build_catalog(load(corpus), fmt).encode("utf-8"), "export catalog", force)
