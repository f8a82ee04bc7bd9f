"""Diagnostics as data: severity, the frozen :class:`Diagnostic`, and the registry of fixed codes.

Codes are stable and grouped by stage: ``TL-I…`` input (reading, security limits, reporting),
``TL-W…`` well-formedness, ``TL-R…`` RelaxNG, ``TL-S…`` project rules. The ``TL-S`` codes live in
``schema/tei-lenin.sch`` (the single source of truth for the rules); :data:`CODES` holds the fixed ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How bad a finding is; only errors make a run fail."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: where (file, 1-based line and column, ``None`` when unknown) and what."""

    code: str
    severity: Severity
    message: str
    file: str
    line: int | None = None
    column: int | None = None
    hint: str | None = None

    def sort_key(self) -> tuple[str, bool, int, int, str, str]:
        """(file, line, column, code); the per-file cap note (TL-I007) sorts last in its file."""
        return (self.file, self.code == "TL-I007", self.line or 0, self.column or 0, self.code, self.message)


@dataclass(frozen=True, slots=True)
class CodeInfo:
    """A registered code: its severity, a one-line summary and an example message."""

    code: str
    severity: Severity
    summary: str
    example: str


def _c(code: str, severity: Severity, summary: str, example: str) -> CodeInfo:
    return CodeInfo(code, severity, summary, example)


E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

#: The fixed codes (input, well-formedness, RelaxNG). Rule codes come from the Schematron file.
CODES: dict[str, CodeInfo] = {
    c.code: c
    for c in (
        _c("TL-I001", E, "the file cannot be read (missing, a directory, no permission)",
           "cannot read file: No such file or directory"),
        _c("TL-I002", E, "the file is empty", "file is empty; expected an XML document"),
        _c("TL-I003", E, "the file is not text (NUL bytes or an undecodable encoding)",
           "binary content (NUL byte at offset 12); expected an XML text file"),
        _c("TL-I004", E, "the DOCTYPE declares entities (XXE, \"billion laughs\"); refused unparsed",
           "DOCTYPE declares entities; refused for safety (remove the internal DTD subset)"),
        _c("TL-I005", E, "the DOCTYPE names an external DTD, which is never loaded",
           "DOCTYPE refers to an external DTD \"http://example.org/x.dtd\"; not loaded (remove the DOCTYPE)"),
        _c("TL-I006", E, "the file is larger than the limit (--max-bytes)",
           "file has 80000000 bytes, more than the limit of 67108864; not parsed"),
        _c("TL-I007", INFO, "more findings in this file than --max-per-file; the rest are counted, not shown",
           "37 more findings not shown (30 errors, 7 warnings); raise --max-per-file to see them"),
        _c("TL-I008", E, "checking the file took longer than the limit (--timeout); it was not fully checked",
           "validation stopped: it took more than 30 s (--timeout 30); the file was not fully checked"),
        _c("TL-I009", E, "the file is text but not XML (it does not begin with \"<\")",
           "not an XML document (text that does not begin with \"<\"); expected a TEI file"),
        _c("TL-I010", W, "no schema or rules apply: no <?xml-model?> in the file and no --schema/--rules",
           "no schema or rules apply: the file has no <?xml-model?> instruction and none were given (--schema, "
           "--rules); only well-formedness was checked"),
        _c("TL-I011", E, "a schema or rule set named by the file's <?xml-model?> cannot be used",
           'xml-model names the remote schema "http://www.tei-c.org/release/xml/tei/custom/schema/relaxng/'
           'tei_all.rng", which is never fetched (no network); give a local copy with --schema or --rules'),
        _c("TL-I012", E, "a Schematron rule could not be evaluated on the file (the rule and the XPath error "
           "are named); the other rules still ran",
           "Schematron (pattern 'numbers', rule on 'item'): the test 'xs:integer(@n) gt 0' could not be "
           "evaluated: [err:FORG0001] invalid value 'abc' for xs:integer; the file was not fully checked"),
        _c("TL-W001", E, "the file is not well-formed XML (the first fatal error is shown)",
           "not well-formed: Opening and ending tag mismatch: p line 12 and div"),
        _c("TL-W002", E, "an xml:id is duplicated or not an NCName (found while parsing)",
           "xml:id \"l1922-12-15b.n1\" already defined; ids must be unique in the file"),
        _c("TL-R001", E, "RelaxNG: an element that the schema does not allow here",
           "element \"foo\" not allowed in \"p\"; expected \"abbr\", \"add\", \"address\", … (+120 more)"),
        _c("TL-R002", E, "RelaxNG: a required child element is missing (element incomplete)",
           "element \"titleStmt\" incomplete; missing required element \"title\""),
        _c("TL-R003", E, "RelaxNG: an attribute that the schema does not allow on this element",
           "attribute \"colour\" not allowed on \"p\"; expected \"ana\", \"cert\", \"change\", … (+30 more)"),
        _c("TL-R004", E, "RelaxNG: an attribute value of the wrong type or not in the closed list",
           "value \"huge\" of attribute \"scope\" on \"handNote\" invalid; must be \"major\", \"minor\" or \"sole\""),
        _c("TL-R005", E, "RelaxNG: a required attribute is missing",
           "element \"prefixDef\" missing required attribute \"ident\""),
        _c("TL-R006", E, "RelaxNG: text where the schema allows only elements",
           "text not allowed in \"listPerson\"; expected elements only"),
        _c("TL-R007", E, "RelaxNG: wrong root element or namespace",
           "element \"TEI\" in no namespace; expected namespace \"http://www.tei-c.org/ns/1.0\""),
        _c("TL-R000", E, "RelaxNG: any other schema error (libxml2's message, cleaned)",
           "element \"p\" failed to validate content"),
    )
}


#: Codes of a file that cannot be read as XML at all (missing, empty, binary, plain text): ``validate`` exits 2.
UNREADABLE = frozenset({"TL-I001", "TL-I002", "TL-I003", "TL-I009"})


def exit_status(diagnostics_errors: int, io_failures: int) -> int:
    """0 = no errors, 1 = errors, 2 = unreadable input; never a count."""
    if io_failures:
        return 2
    return 1 if diagnostics_errors else 0
