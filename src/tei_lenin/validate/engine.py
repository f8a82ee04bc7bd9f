"""The validation service: well-formedness, then RelaxNG, then the rules; schema and rules compiled once.

``Validator`` holds the compiled RelaxNG schema and Schematron rules; :func:`validate_paths` expands files and
folders, validates each file (optionally in forked workers, after compiling) and returns a :class:`Report`.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from lxml import etree

from tei_lenin.diagnostics import CODES, Diagnostic, Severity
from tei_lenin.validate.relaxng import RelaxNGValidator
from tei_lenin.validate.schematron import Schematron
from tei_lenin.validate.xmlsafe import MAX_BYTES, parse_file

DEFAULT_MAX_PER_FILE = 20
TEI = "http://www.tei-c.org/ns/1.0"


@dataclass(slots=True)
class FileResult:
    """Findings of one file: those shown, and counts by severity of all of them (shown or not)."""

    file: str
    diagnostics: list[Diagnostic]
    counts: dict[str, int] = field(default_factory=dict)
    io_failure: bool = False


@dataclass(slots=True)
class Report:
    """The outcome of a run: per-file results in input order, helpers for renderers and the exit status."""

    files: list[FileResult]

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Every shown finding, sorted by (file, line, column, code)."""
        return sorted((d for f in self.files for d in f.diagnostics), key=Diagnostic.sort_key)

    def count(self, severity: Severity) -> int:
        return sum(f.counts.get(severity.value, 0) for f in self.files)

    @property
    def suppressed(self) -> int:
        return sum(sum(f.counts.values()) - sum(1 for d in f.diagnostics if d.code != "TL-I007")
                   for f in self.files)

    @property
    def exit_status(self) -> int:
        """0 = no errors, 1 = errors, 2 = unreadable input; never a count."""
        if any(f.io_failure for f in self.files):
            return 2
        return 1 if self.count(Severity.ERROR) else 0


class Validator:
    """Everything compiled once per run: the RelaxNG schema and the Schematron rules."""

    def __init__(self, schema: Path | None = None, rules: Path | None = None, *,
                 persons: Path | None = None, taxonomy: Path | None = None,
                 max_per_file: int = DEFAULT_MAX_PER_FILE, max_bytes: int = MAX_BYTES,
                 force_elementpath: bool = False) -> None:
        self.relaxng = RelaxNGValidator(schema) if schema is not None else None
        params = {k: v for k, v in (("persons", persons), ("taxonomy", taxonomy)) if v is not None}
        self.rules = (Schematron(rules, parameters=params, force_elementpath=force_elementpath)
                      if rules is not None else None)
        if self.rules is not None and not force_elementpath and _is_project_rules(rules):
            self.rules.resolvers.update(project_resolvers(self.rules))
        self.max_per_file = max_per_file
        self.max_bytes = max_bytes

    def check_file(self, path: Path, name: str | None = None) -> FileResult:
        """All findings of one file (capped for display)."""
        shown = name or str(path)
        parsed = parse_file(path, shown, self.max_bytes)
        found = list(parsed.diagnostics)
        if parsed.tree is not None:
            if self.relaxng is not None:
                found.extend(self.relaxng.validate(parsed.tree, shown))
            if self.rules is not None:
                found.extend(self.rules.validate(parsed.tree, shown, path.resolve().as_uri()))
        return self._cap(shown, found, parsed.io_failure)

    def _cap(self, name: str, found: list[Diagnostic], io_failure: bool) -> FileResult:
        found.sort(key=Diagnostic.sort_key)
        counts = Counter(d.severity.value for d in found)
        if self.max_per_file and len(found) > self.max_per_file:
            rest = found[self.max_per_file:]
            found = found[:self.max_per_file]
            by = Counter(d.severity.value for d in rest)
            detail = ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in sorted(by.items()))
            found.append(Diagnostic("TL-I007", CODES["TL-I007"].severity,
                                    f"{len(rest)} more findings not shown ({detail}); "
                                    "raise --max-per-file to see them", name))
        return FileResult(name, found, dict(counts), io_failure)


def _is_project_rules(rules: Path | None) -> bool:
    from tei_lenin import resources

    try:
        return rules is not None and rules.resolve() == resources.schema_sch().resolve()
    except OSError:
        return False


def project_resolvers(rules: Schematron) -> dict[str, Callable[[etree._ElementTree, str], Any]]:
    """Python equivalents of the project rules' ``$persons``/``$taxonomy`` lets (same result, no XPath 2).

    ``if ($f != '' and doc-available(resolve-uri($f, base-uri(/)))) then doc(…) else ()`` where ``$f`` is the
    file part of the first ``prefixDef[@ident = X]/@replacementPattern``; the tests prove the equivalence.
    """

    def resolver(ident: str) -> Callable[[etree._ElementTree, str], Any]:
        find = etree.XPath("string((//tei:listPrefixDef/tei:prefixDef[@ident = $i]/@replacementPattern)[1])",
                           namespaces={"tei": TEI})

        def resolve(tree: etree._ElementTree, uri: str) -> Any:
            pattern = str(find(tree, i=ident))
            file = pattern.split("#", 1)[0] if "#" in pattern else ""
            if not file:
                return []
            found = rules.cache.tree(urljoin(uri, file))
            return found if found is not None else []

        return resolve

    return {"persons": resolver("psn"), "taxonomy": resolver("tax")}


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, folders searched recursively for ``*.xml`` (sorted); missing paths kept (TL-I001)."""
    out: list[Path] = []
    seen: set[Path] = set()
    for p in paths:
        items = sorted(q for q in p.rglob("*.xml") if not q.is_dir()) if p.is_dir() else [p]
        for q in items:
            if q not in seen:
                seen.add(q)
                out.append(q)
    return out


_WORKER: Validator | None = None


def display_name(path: Path) -> str:
    """The path relative to the working directory when it lies below it, else as given."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve())) if path.is_absolute() else str(path)
    except ValueError:
        return str(path)


def _work(path: Path) -> FileResult:
    assert _WORKER is not None
    return _WORKER.check_file(path, display_name(path))


def validate_paths(paths: Sequence[Path], validator: Validator, jobs: int = 1) -> Report:
    """Validate files and folders; with ``jobs > 1`` fork workers that inherit the compiled validator."""
    files = expand_paths(paths)
    if jobs > 1 and len(files) > 1 and "fork" in multiprocessing.get_all_start_methods():
        global _WORKER
        _WORKER = validator
        try:
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                results = pool.map(_work, files, chunksize=max(1, len(files) // (jobs * 8)))
        finally:
            _WORKER = None
    else:
        results = [validator.check_file(f, display_name(f)) for f in files]
    return Report(results)
