"""Services with file I/O: encode a compilation into a corpus folder, print a document's reading text."""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from tei_lenin import resources
from tei_lenin.exits import deferred_signals, start_worker
from tei_lenin.model import Compilation, Document, Warning_, flattened
from tei_lenin.outputs import Changes, Output
from tei_lenin.reference import Authority, ReferenceError, parse_authorities, parse_errata
from tei_lenin.settings import Settings
from tei_lenin.tei.encode import FOLDER, DocumentEncoder
from tei_lenin.tei.serialize import to_bytes
from tei_lenin.tei.vocab import personography, taxonomy
from tei_lenin.text.parse import Reader
from tei_lenin.text.segment import RawDocument
from tei_lenin.text.source import SourceError, iter_lines, read_source

SINGLE_PASS_BYTES = 4_000_000  # sources up to this size are parsed once and kept in memory

@dataclass(frozen=True)
class EncodeResult:
    compilation: Compilation
    written: list[Path]
    removed: list[Path]
    warnings: list[Warning_]
    #: Each document written, in source order.
    documents: list[Written]
    #: What the run added, changed and removed in the folder.
    changes: Changes


@dataclass(frozen=True)
class Written:
    """A document as written: its id, kind, file (relative to the corpus folder) and source lines."""

    ident: str
    kind: str
    path: str
    first_line: int
    last_line: int


def load_reference(authorities: Path | None = None, errata: Path | None = None,
                   extra: Sequence[Path] = ()) -> tuple[list[Authority], list]:
    """Read the authority file and the errata list (the bundled ones by default), and a user's own authority
    files in the same TSV format (``extra``: their entries are added; an entry with a bundled key replaces it)."""
    auth_path = authorities or resources.authorities_tsv()
    errata_path = errata or resources.errata_tsv()
    auths = _authorities(auth_path)
    try:
        errs = parse_errata(errata_path.read_text(encoding="utf-8")) if errata_path.exists() else []
    except (OSError, KeyError, ValueError, UnicodeDecodeError) as exc:
        raise SourceError(str(errata_path), None, f"cannot read the errata list: {exc}") from None
    for path in extra:
        added = {a.key: a for a in _authorities(path)}
        auths = [added.pop(a.key, a) for a in auths] + list(added.values())
    return auths, errs


def _authorities(path: Path) -> list[Authority]:
    try:
        return parse_authorities(path.read_text(encoding="utf-8"))
    except ReferenceError as exc:
        raise SourceError(str(path), exc.line, f"unusable authority file: {exc.message}") from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise SourceError(str(path), None, f"cannot read the authority file: {reason}") from None


def read_compilation(source: Path, authorities: list[Authority], errata: list) -> Compilation:
    return Reader(authorities, errata).read(read_source(source), str(source))


def _size(source: Path) -> int:
    """Size of the source in bytes (0 if it cannot be read: reading it will then say why)."""
    try:
        return source.stat().st_size
    except OSError:
        return 0


def _schema_beside(out_dir: Path) -> Path | None:
    """A project's ``schema/`` next to its corpus folder, which the xml-model paths should point to."""
    candidate = out_dir.parent / "schema"
    return candidate if (candidate / "tei-lenin.rng").is_file() else None


def _schema_href(target: Path, schema_dir: Path) -> str:
    rel = os.path.relpath(schema_dir / "tei-lenin.rng", target.parent)
    return Path(rel).as_posix()


def encode_corpus(source: Path, out_dir: Path, *, settings: Settings | None = None,
                  schema_dir: Path | None = None, authorities: Path | None = None,
                  errata: Path | None = None, extra_authorities: Sequence[Path] = (), jobs: int = 1,
                  force: bool = False, progress: Callable[[int, int], None] | None = None) -> EncodeResult:
    """Encode ``source`` into ``out_dir``: all files are staged first, then moved into place.

    A source up to ``SINGLE_PASS_BYTES`` is read at once; a larger one in two streaming passes, each document
    encoded and staged as soon as it is read, so memory does not grow with the size of the compilation.
    With ``jobs`` > 1 forked workers encode the documents (output identical, in the same order).
    ``progress`` is called with (documents done, documents in all).

    The files go in by :mod:`tei_lenin.outputs`: a failure leaves the folder untouched; only files an earlier
    run wrote (and nobody changed since) are replaced or removed, else :class:`OutputConflict` (``force``:
    replace them anyway). The ``xml-model`` instructions point to the project's ``schema/`` beside the
    folder (a checkout), to ``schema_dir`` if given, or else to copies of the schema written into the folder,
    so the files validate wherever the folder is copied.
    """
    global _WORKER
    settings = settings or Settings()
    out_dir = out_dir.resolve()
    beside = schema_dir or _schema_beside(out_dir)
    schema_dir = (beside or out_dir / "schema").resolve()
    auths, errs = load_reference(authorities, errata, extra_authorities)
    reader = Reader(auths, errs)
    finished = _size(source) <= SINGLE_PASS_BYTES
    if finished:  # small enough to keep: one full pass, no light first pass
        compilation = reader.read(read_source(source), str(source))
        work: Iterable[tuple[int, Document | RawDocument]] = enumerate(compilation.documents)
    else:
        compilation, work = reader.stream(lambda: iter_lines(source), str(source))
    encoder = DocumentEncoder(compilation, {a.key: a for a in auths}, settings)
    written: list[Written] = []
    total = len(compilation.kinds)
    with Output(out_dir, "encode", force=force) as output:

        def stage_all(results: Iterable[tuple[Written, bytes, list[Warning_]]]) -> None:
            for done, (info, data, warnings) in enumerate(results, 1):
                output.add(info.path, data)
                written.append(info)
                compilation.warnings.extend(warnings)
                if progress:
                    progress(done, total)

        hrefs = {folder: _schema_href(out_dir / folder / "x.xml", schema_dir) for folder in FOLDER.values()}
        _WORKER = _Worker(reader, encoder, hrefs, finished, etree.RelaxNG(etree.parse(str(resources.schema_rng()))))
        try:
            if jobs > 1 and total > 1:
                import multiprocessing  # only here: its import costs ~15 ms of every start

                with contextlib.ExitStack() as stack:
                    with deferred_signals(signal.SIGINT):  # no worker may start before it ignores Ctrl-C
                        pool = stack.enter_context(multiprocessing.get_context("fork").Pool(
                            jobs, initializer=start_worker))
                    stage_all(pool.imap(_encode_item, work, 4))
            else:
                stage_all(map(_encode_item, work))
        finally:
            _WORKER = None
        for name, root in (("persons.xml", personography(auths)), ("taxonomy.xml", taxonomy())):
            output.add(name, to_bytes(root, _schema_href(out_dir / name, schema_dir)))
        if beside is None:  # no schema beside the folder: a copy inside it, so the files travel with theirs
            for path in (resources.schema_rng(), resources.schema_sch()):
                output.add(f"schema/{path.name}", path.read_bytes())
        changes = output.commit()
    return EncodeResult(compilation, [out_dir / rel for rel in sorted(output.hashes)],
                        [out_dir / rel for rel in changes.removed], compilation.warnings, written, changes)


@dataclass(frozen=True)
class _Worker:
    """What encoding one document needs; set before forking, so workers inherit it."""

    reader: Reader
    encoder: DocumentEncoder
    #: The xml-model path of the schema for each folder (the same for all its files).
    hrefs: dict[str, str]
    #: The work items are finished documents (one-pass read) rather than second-pass items.
    finished: bool
    #: The project schema: every document is checked against it before it is written.
    schema: etree.RelaxNG


_WORKER: _Worker | None = None


def _encode_item(item: tuple[int, Document | RawDocument]) -> tuple[Written, bytes, list[Warning_]]:
    """Finish, encode, check and serialise one work item of the second pass.

    A document whose encoding the project schema refuses is encoded again with what is certain (its text as
    plain paragraphs, its header facts) and a warning: nothing invalid is ever written.
    """
    assert _WORKER is not None
    if _WORKER.finished:
        doc, warnings = item[1], []
    else:
        doc, warnings = _WORKER.reader.finish(*item)
    tree = _WORKER.encoder.encode(doc)
    if not _WORKER.schema.validate(tree):
        problem = _WORKER.schema.error_log.last_error
        warnings = [*warnings, Warning_(doc.first_line, f"the encoding of {doc.ident} broke the schema "
                                                        f"({problem.message if problem else 'invalid'}); its text is "
                                                        "encoded as plain paragraphs instead")]
        tree = _WORKER.encoder.encode(flattened(doc))
        if not _WORKER.schema.validate(tree):
            problem = _WORKER.schema.error_log.last_error
            raise SourceError("", doc.first_line, f"internal error: {doc.ident} cannot be encoded validly "
                                                  f"({problem.message if problem else 'invalid'}); please report it")
    folder = FOLDER[doc.kind]
    data = to_bytes(tree, _WORKER.hrefs[folder])
    path = f"{folder}/{doc.ident}.xml"
    return Written(doc.ident, doc.kind, path, doc.first_line, doc.last_line), data, warnings
