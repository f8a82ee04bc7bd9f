"""Validation of TEI files: the public API (stable across versions; everything else here is internal).

Compile once, validate many; results are plain data::

    from tei_lenin.validate import Checker

    checker = Checker(schema="tei_all.rng", rules="my-project.sch")   # or Checker(): each file's xml-model
    for result in checker.check_many(["a.xml", "b.xml"]):
        if not result.valid:
            print(result.as_dict())
    checker.check(b"<TEI xmlns='http://www.tei-c.org/ns/1.0'/>", path="staged/c.xml")

A file is checked as ``tei-lenin validate`` checks it: well-formedness, then RelaxNG, then Schematron;
cross-document look-ups (``doc()``, ``doc-available()``) resolve relative to the file's ``path``, so bytes
staged elsewhere give the findings of the file at ``path``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

__all__ = ["Checker", "Finding", "Result"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One diagnostic: ``code`` (e.g. ``TL-R001`` or a Schematron check's id), ``severity`` (``error``,
    ``warning``, ``info``), ``message`` and ``line``/``column`` (``None`` where unknown)."""

    code: str
    severity: str
    message: str
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True, slots=True)
class Result:
    """The findings of one file and what it was checked against."""

    file: str
    findings: list[Finding] = field(default_factory=list)
    checked_against: str = ""
    unreadable: bool = False

    @property
    def valid(self) -> bool:
        """No error (warnings allowed) and the file could be read."""
        return not self.unreadable and not any(f.severity == "error" for f in self.findings)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, the shape of a ``--format jsonl`` line."""
        return {"file": self.file, "valid": self.valid, "checked_against": self.checked_against or None,
                "findings": [{"code": f.code, "severity": f.severity, "message": f.message, "line": f.line,
                              "column": f.column} for f in self.findings]}


class Checker:
    """A schema and rules compiled once.

    ``schema``/``rules``: RelaxNG and ISO Schematron files for every document (either may be ``None``);
    neither: each document is checked against what its ``<?xml-model?>`` instructions name.
    ``embedded_rules``: also run the Schematron embedded in the RelaxNG schema. ``rules_engine``: ``python``,
    ``saxon`` or ``auto`` (see ``tei-lenin validate --help``). ``vocabulary``: element names the documents
    use, to prune a large grammar (``None``: the whole grammar; a document with other names widens it).
    ``max_per_file``: findings kept per document (0: all).
    """

    def __init__(self, schema: str | Path | None = None, rules: str | Path | None = None, *,
                 embedded_rules: bool = False, rules_engine: str = "python",
                 vocabulary: Iterable[str] | None = None, timeout: float | None = 30.0,
                 max_per_file: int = 0) -> None:
        from tei_lenin.validate.engine import Validator

        schema_path = Path(schema) if schema is not None else None
        rules_path = Path(rules) if rules is not None else None
        self._validator = Validator(schema_path, rules_path, follow_models=schema is None and rules is None,
                                    embedded_rules=embedded_rules, rules_engine=rules_engine,
                                    vocabulary=vocabulary, timeout=timeout, max_per_file=max_per_file)

    def check(self, source: str | Path | bytes | etree._ElementTree | etree._Element, *,
              path: str | Path | None = None) -> Result:
        """Check a file (a path), or bytes or an lxml tree as if they were the file at ``path`` (a tree is
        serialized: its lines are those of the serialization)."""
        if isinstance(source, (etree._ElementTree, etree._Element)):
            source = etree.tostring(source, encoding="UTF-8", xml_declaration=True)
        if isinstance(source, bytes):
            where = Path(path) if path is not None else Path("document.xml")
            outcome = self._validator.check_file(where, str(where), data=source)
        else:
            where = Path(source)
            outcome = self._validator.check_file(where, str(path or where))
        return _result(outcome)

    def check_many(self, sources: Iterable[str | Path], *, dask: Any = None) -> Iterator[Result]:
        """Check files, yielding each result as it is done (in input order). ``dask``: a
        ``distributed.Client``, a scheduler address (``tcp://host:8786``) or ``local[:N]`` to run on a Dask
        cluster instead of one after another here (``pip install 'tei-lenin[dask]'``)."""
        if dask is None:
            for source in sources:
                yield self.check(source)
            return
        from tei_lenin.validate import distributed

        client = distributed.connect(dask) if isinstance(dask, str) else dask
        try:
            for outcome in distributed.run([Path(s) for s in sources], self._validator, client):
                yield _result(outcome)
        finally:
            if isinstance(dask, str):
                client.close()


def _result(outcome: Any) -> Result:
    return Result(outcome.file, [Finding(d.code, d.severity.value, d.message, d.line, d.column)
                                 for d in outcome.diagnostics], outcome.checked, outcome.io_failure)
