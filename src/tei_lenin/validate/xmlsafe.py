"""Parse untrusted XML safely: no entities, no DTDs, no network, bounded size; findings instead of crashes.

Policy:
- the bytes are read once (at most ``max_bytes``) and checked before lxml sees them: empty file (TL-I002),
  NUL bytes (TL-I003), text that does not begin with ``<`` (TL-I009), a DOCTYPE that declares entities
  (TL-I004) or names an external DTD (TL-I005) are refused unparsed, so no "billion laughs" or XXE payload
  is ever expanded;
- the parser itself is locked down too (``resolve_entities=False``, ``no_network=True``, ``load_dtd=False``,
  ``huge_tree=False``), a second line of defence;
- a syntax error is one finding (TL-W001, the first fatal error, with line and 1-based column);
- invalid or duplicate ``xml:id`` (libxml2 raises while parsing) are TL-W002 findings; the file is then
  re-parsed in recover mode so RelaxNG and the rules still run on it;
- errors are read from the parser's own ``error_log`` (lxml clears it at every parse; one strict parser per
  thread is reused), never the global one (it keeps stale entries).
"""

from __future__ import annotations

import io
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from tei_lenin.diagnostics import CODES, Diagnostic
from tei_lenin.validate.models import prolog

MAX_BYTES = 64 * 1024 * 1024
_CHUNK = 1 << 20
_DOCTYPE = re.compile(rb"<!DOCTYPE\s+[^\s>\[]+\s*(?:(SYSTEM|PUBLIC)\s*([\"'])([^\"']*)\2"
                      rb"(?:\s*([\"'])([^\"']*)\4)?)?", re.S)
_LEAD = re.compile(rb"(?:\xef\xbb\xbf)?\s*")  # a UTF-8 byte order mark and white space before the first "<"
_ID_ERRORS = frozenset({"DTD_ID_REDEFINED", "DTD_XMLID_VALUE", "DTD_XMLID_TYPE"})


@dataclass(slots=True)
class ParseResult:
    """The tree (``None`` when unusable) and the findings met while reading and parsing."""

    tree: etree._ElementTree | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    io_failure: bool = False


_LOCAL = threading.local()


def _shared_parser() -> etree.XMLParser:
    """This thread's strict parser, made once (its error log is cleared by every parse)."""
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        parser = _LOCAL.parser = _parser()
    return parser


def _parser(recover: bool = False) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=False, recover=recover, remove_comments=False, collect_ids=True,
    )


def _diag(code: str, message: str, file: str, line: int | None = None,
          column: int | None = None) -> Diagnostic:
    return Diagnostic(code, CODES[code].severity, message, file, line or None, column or None)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def precheck(data: bytes, name: str) -> Diagnostic | None:
    """Refuse what must never reach the parser; ``None`` when the bytes may be parsed."""
    if not data or data.isspace():  # = not data.strip(), without copying the file
        return _diag("TL-I002", "file is empty; expected an XML document", name)
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    nul = data.find(b"\x00")
    if nul >= 0 and not utf16:
        return _diag("TL-I003", f"binary content (NUL byte at offset {nul}); expected an XML text file",
                     name, _line_of(data, nul))
    lead = _LEAD.match(data)
    first = lead.end() if lead else 0
    if not utf16 and data[first:first + 1] != b"<":
        return _diag("TL-I009", 'not an XML document (text that does not begin with "<"); expected a TEI file',
                     name, _line_of(data, first))
    start = prolog(data)[1]  # a DOCTYPE in the prolog, not in a comment or in the text
    if start is None:
        return None
    if utf16:
        data = data.decode("utf-16", "replace").encode("utf-8")
    line = _line_of(data, start)
    # anything after the DOCTYPE up to the root element is the internal subset (if any)
    if b"<!ENTITY" in data[start:]:
        return _diag("TL-I004", "DOCTYPE declares entities; refused for safety "
                     "(remove the internal DTD subset)", name, line)
    match = _DOCTYPE.match(data, start)
    if match and match.group(1):
        system = (match.group(5) if match.group(1) == b"PUBLIC" else match.group(3)) or b""
        shown = system.decode("utf-8", "replace")[:80]
        return _diag("TL-I005", f'DOCTYPE refers to an external DTD "{shown}"; not loaded '
                     "(remove the DOCTYPE: TEI needs none)", name, line)
    return None


def _clean(message: str) -> str:
    message = message.strip()
    message = re.sub(r",? line \d+, column \d+$", "", message)
    return message


def parse_bytes(data: bytes, name: str, base_url: str | None = None) -> ParseResult:
    """Parse ``data`` (the contents of ``name``) under the safety policy."""
    refused = precheck(data, name)
    if refused is not None:
        return ParseResult(None, [refused])
    parser = _shared_parser()
    try:
        root = etree.fromstring(data, parser, base_url=base_url)
        return ParseResult(root.getroottree())
    except etree.XMLSyntaxError as err:
        entries = [e for e in parser.error_log if e.level_name in ("ERROR", "FATAL")]
        if not entries:
            return ParseResult(None, [_diag("TL-W001", f"not well-formed: {_clean(str(err.msg))}", name,
                                            err.lineno, (err.offset or 0) or None)])
        if all(e.type_name in _ID_ERRORS for e in entries):
            return _recover_ids(data, name, base_url, entries)
        first = entries[0]
        return ParseResult(None, [_diag("TL-W001", f"not well-formed: {_clean(first.message)}", name,
                                        first.line, first.column)])
    except ValueError as err:  # e.g. "can only parse strings" / unsupported encodings
        return ParseResult(None, [_diag("TL-W001", f"not well-formed: {err}", name)])


def _id_message(message: str) -> str:
    m = re.match(r"ID (\S+) already defined", message)
    if m:
        return f'xml:id "{m.group(1)}" already defined; ids must be unique in the file'
    m = re.match(r"xml:id : attribute value (\S*) is not an NCName", message)
    if m:
        return f'xml:id "{m.group(1)}" is not an NCName; use a letter first, then letters, digits, ".", "-", "_"'
    return _clean(message)


def _recover_ids(data: bytes, name: str, base_url: str | None, entries: list) -> ParseResult:
    found = [_diag("TL-W002", _id_message(e.message), name, e.line, e.column) for e in entries]
    try:
        root = etree.fromstring(data, _parser(recover=True), base_url=base_url)
    except etree.XMLSyntaxError:
        return ParseResult(None, found)
    return ParseResult(None if root is None else root.getroottree(), found)


def _read_at_most(handle: io.RawIOBase, limit: int) -> bytes:
    """Up to ``limit`` bytes. Asking for ``limit`` at once would allocate (and map) ``limit`` bytes per file:
    for a regular file ask for its size (plus one, to notice growth), else read in 1 MB chunks."""
    size = os.fstat(handle.fileno()).st_size
    first = min(size + 1, limit) if size else min(_CHUNK, limit)
    parts = [handle.read(first) or b""]
    total = len(parts[0])
    while parts[-1] and total < limit and (not size or total > size):
        parts.append(handle.read(min(_CHUNK, limit - total)) or b"")
        total += len(parts[-1])
    return b"".join(parts) if len(parts) > 1 else parts[0]


def read_file(path: Path, name: str | None = None, max_bytes: int = MAX_BYTES) -> bytes | ParseResult:
    """The file's bytes, or the result to report instead (TL-I001 unreadable, TL-I006 too large)."""
    shown = name or str(path)
    try:
        with open(path, "rb", buffering=0) as handle:
            data = _read_at_most(handle, max_bytes + 1)
    except OSError as err:
        return ParseResult(None, [_diag("TL-I001", f"cannot read file: {err.strerror or err}", shown)],
                           io_failure=True)
    if len(data) > max_bytes:
        return ParseResult(None, [_diag("TL-I006", f"file has more than {max_bytes} bytes, the limit "
                                        "(--max-bytes); not parsed", shown)])
    return data


def parse_file(path: Path, name: str | None = None, max_bytes: int = MAX_BYTES,
               base_url: str | None = None) -> ParseResult:
    """Read and parse one file; unreadable files give TL-I001 with ``io_failure`` set.

    ``base_url``: the file's URI when the caller already knows it (default: from the resolved path)."""
    data = read_file(path, name, max_bytes)
    if isinstance(data, ParseResult):
        return data
    return parse_bytes(data, name or str(path), base_url=base_url or path.resolve().as_uri())
