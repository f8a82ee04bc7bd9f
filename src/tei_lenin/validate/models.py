"""Which schema and rules a file asks for: its ``<?xml-model?>`` processing instructions (W3C "Associating
Schemas with XML documents"), read from the prolog (before the root element, never inside a comment).

A RelaxNG model is ``schematypens="http://relaxng.org/ns/structure/1.0"`` (or, without ``schematypens``, an
``href`` ending in ``.rng``); a Schematron model is ``schematypens="http://purl.oclc.org/dsdl/schematron"`` (or
``.sch``/``.isosch``). Other models (XSD, RelaxNG compact syntax, NVDL) are reported as not supported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

RELAXNG_NS = "http://relaxng.org/ns/structure/1.0"
SCHEMATRON_NS = "http://purl.oclc.org/dsdl/schematron"
_PSEUDO = re.compile(r"""([A-Za-z_][\w.-]*)\s*=\s*(["'])(.*?)\2""", re.S)
#: How far into a file the prolog is looked for.
PROLOG_SCAN = 65536


@dataclass(frozen=True)
class Model:
    """One ``xml-model`` instruction: what it points to and what kind of schema it says that is."""

    href: str
    kind: str  # relaxng | schematron | other
    described: str  # its schematypens or type, for messages
    phase: str | None = None

    def path(self, base: Path) -> Path | None:
        """The local file it names, relative to the folder ``base`` (None: a remote URL)."""
        parts = urlsplit(self.href)
        if parts.scheme in ("", "file") and not parts.netloc:
            target = Path(unquote(parts.path))
            return target if target.is_absolute() else (base / target)
        if len(parts.scheme) == 1:  # a Windows drive letter ("C:/schemas/x.rng")
            return Path(self.href)
        return None


def model(pseudo: dict[str, str]) -> Model | None:
    """The model of one instruction's pseudo-attributes (None without ``href``)."""
    href = pseudo.get("href", "").strip()
    if not href:
        return None
    ns, media = pseudo.get("schematypens", ""), pseudo.get("type", "")
    suffix = href.lower().rsplit("?", 1)[0]
    if ns == RELAXNG_NS and "compact" not in media or not ns and suffix.endswith(".rng"):
        kind = "relaxng"
    elif ns == SCHEMATRON_NS or not ns and suffix.endswith((".sch", ".isosch")):
        kind = "schematron"
    else:
        kind = "other"
    return Model(href, kind, ns or media or "no schematypens", pseudo.get("phase"))


def models_in_tree(tree: etree._ElementTree) -> list[Model]:
    """The ``xml-model`` instructions before the root element, in document order."""
    root = tree.getroot()
    found = [pi for pi in root.itersiblings(preceding=True)
             if isinstance(pi, etree._ProcessingInstruction) and pi.target == "xml-model"]
    out = []
    for pi in reversed(found):
        m = model(dict((k, v) for k, _, v in _PSEUDO.findall(pi.text or "")))
        if m is not None:
            out.append(m)
    return out


def prolog(data: bytes, limit: int = PROLOG_SCAN) -> tuple[list[tuple[int, bytes]], int | None]:
    """The processing instructions of the prolog (offset, body) and the offset of a DOCTYPE (None: none);
    comments are skipped, so a ``<!DOCTYPE`` or an instruction inside a comment is neither."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            data = data[:limit].decode("utf-16", "ignore").encode("utf-8")
        except UnicodeError:
            return [], None
    i = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    end = min(len(data), limit)
    pis: list[tuple[int, bytes]] = []
    doctype: int | None = None
    while i < end:
        char = data[i:i + 1]
        if char.isspace():
            i += 1
        elif data.startswith(b"<?", i):
            close = data.find(b"?>", i + 2)
            if close < 0:
                break
            pis.append((i, data[i + 2:close]))
            i = close + 2
        elif data.startswith(b"<!--", i):
            close = data.find(b"-->", i + 4)
            if close < 0:
                break
            i = close + 3
        elif data.startswith(b"<!DOCTYPE", i):
            doctype = i
            close = _doctype_end(data, i)
            if close < 0:
                break
            i = close
        else:
            break  # the root element (or text, which the parser will refuse)
    return pis, doctype


def _doctype_end(data: bytes, start: int) -> int:
    """The offset after a DOCTYPE declaration (its internal subset included), or -1."""
    quote = b""
    depth = 0
    for i in range(start + 9, min(len(data), start + PROLOG_SCAN)):
        c = data[i:i + 1]
        if quote:
            if c == quote:
                quote = b""
        elif c in (b'"', b"'"):
            quote = c
        elif c == b"[":
            depth += 1
        elif c == b"]":
            depth -= 1
        elif c == b">" and depth <= 0:
            return i + 1
    return -1


def models_in_bytes(data: bytes) -> list[Model]:
    """The ``xml-model`` instructions of a file's prolog, read from its bytes (before parsing)."""
    out = []
    for _, body in prolog(data)[0]:
        if body.startswith(b"xml-model") and body[9:10].isspace():
            text = body[10:].decode("utf-8", "replace")
            m = model(dict((k, v) for k, _, v in _PSEUDO.findall(text)))
            if m is not None:
                out.append(m)
    return out
