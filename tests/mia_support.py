"""Helpers for the MIA development set: encode a compilation in memory, read its facts back from the TEI,
and find source lines that reached neither the TEI nor a warning (loss)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

from tei_lenin.model import Compilation, Warning_
from tei_lenin.pipeline import load_reference
from tei_lenin.settings import Settings
from tei_lenin.tei.encode import DocumentEncoder
from tei_lenin.tei.serialize import to_bytes
from tei_lenin.text.parse import Reader
from tei_lenin.text.rules.headers import header_line

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "mia"
HOLDOUT = ROOT / "tests" / "fixtures" / "mia-holdout"
NS = {"t": "http://www.tei-c.org/ns/1.0"}
T = "{http://www.tei-c.org/ns/1.0}"


@dataclass
class Encoded:
    """A compilation read and encoded in memory: its model, each document's TEI (in source order)."""

    compilation: Compilation
    trees: list[etree._Element]
    data: list[bytes]

    @property
    def warnings(self) -> list[Warning_]:
        return self.compilation.warnings


@cache
def _reference() -> tuple[list, list]:
    return load_reference()


def encode_text(text: str, name: str = "case.txt") -> Encoded:
    authorities, errata = _reference()
    compilation = Reader(authorities, errata).read(text, name)
    encoder = DocumentEncoder(compilation, {a.key: a for a in authorities}, Settings())
    data = [to_bytes(encoder.encode(doc)) for doc in compilation.documents]
    return Encoded(compilation, [etree.fromstring(d) for d in data], data)


def load_case(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def cases(folder: Path = FIXTURES) -> list[Path]:
    return sorted(folder.glob("*.toml"))


# ---- facts ----------------------------------------------------------------------------------------------


def _text(element: etree._Element) -> str:
    """Reading text of an element: notes as nothing, corrections applied, line breaks as spaces."""
    out = [element.text or ""]
    for child in element:
        name = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if name == "note" or name == "ref" and child.get("type") == "noteRef":
            pass
        elif name == "choice":
            corr = child.find("t:corr", NS)
            out.append(_text(corr) if corr is not None else "")
        elif name == "lb":
            out.append(" ")
        elif name:
            out.append(_text(child))
        out.append(child.tail or "")
    return " ".join("".join(out).split())


def _names(tree: etree._Element, xpath: str) -> list[str]:
    names = []
    for element in tree.xpath(xpath, namespaces=NS):
        value = element.get("ref") or _text(element)
        if value != "Unknown":
            names.append(value)
    return names


def _date(tree: etree._Element) -> str | None:
    found = tree.xpath("(//t:profileDesc/t:creation//t:date[@when or @notBefore or @notAfter])[1]", namespaces=NS)
    if not found:
        return None
    date = found[0]
    if date.get("when"):
        return date.get("when")
    return f"{date.get('notBefore') or ''}..{date.get('notAfter') or ''}"


def facts(tree: etree._Element) -> dict[str, object]:
    """The facts of one encoded document, in the vocabulary of the fixtures."""
    action = "//t:correspDesc/t:correspAction"
    names = "*[self::t:persName or self::t:orgName]"
    catref = "string(//t:catRef[@scheme='tax:{}']/@target)"
    edition = tree.find(".//t:sourceDesc//t:bibl[@type='edition']", NS)
    volume = edition.find("t:biblScope[@unit='volume']", NS) if edition is not None else None
    pages = edition.find("t:biblScope[@unit='page']", NS) if edition is not None else None
    base = tree.find(".//t:sourceDesc//t:note[@type='textBase']", NS)
    return {
        "genre": tree.xpath("string(//t:body/t:div/@type)", namespaces=NS),
        "sender": _names(tree, f"{action}[@type='sent']/{names}") or _names(tree, f"//t:titleStmt/t:author/{names}"),
        "to": _names(tree, f"{action}[@type='received'][@subtype='to']/{names}"),
        "cc": _names(tree, f"{action}[@type='received'][@subtype='cc']/{names}"),
        "for": _names(tree, f"{action}[@type='received'][@subtype='for']/{names}"),
        "date": _date(tree),
        "mode": tree.xpath(catref.format("mode"), namespaces=NS).removeprefix("tax:mode-"),
        "secrecy": tree.xpath(catref.format("secrecy"), namespaces=NS).removeprefix("tax:sec-"),
        "salute": [_text(e) for e in tree.xpath("//t:body//t:opener/t:salute", namespaces=NS)],
        "signed": [_text(e) for e in tree.xpath("//t:body//t:signed", namespaces=NS)],
        "notes": [n.get("n") for n in tree.xpath("//t:body//t:note[@place='end']", namespaces=NS)],
        "volume": volume.get("n") if volume is not None else None,
        "pages": re.sub(r"^(?:pages?|pp?\.)\s*", "", _text(pages)) if pages is not None else None,
        "text_base": _text(base) if base is not None else None,
    }


def compare(expected: dict, got: dict) -> list[str]:
    """The keys whose values differ (notes as a multiset: TEI places them at their markers)."""
    wrong = []
    for key, want in expected.items():
        if key in {"first"}:
            continue
        have = got.get(key)
        if key == "notes":
            want, have = sorted(want), sorted(have or [])
        if key == "text_base" and isinstance(have, str):
            have = have if not have.startswith(want) else want
        if have != want:
            wrong.append(f"{key}: expected {want!r}, got {have!r}")
    return wrong


# ---- loss ------------------------------------------------------------------------------------------------


def projection(tree: etree._Element) -> str:
    """Every word of a TEI document as the source had it: errata as printed (sic), supplied text in brackets,
    notes as "[n] text" after the rest, header fields each as its own run of words."""
    notes: list[str] = []

    def walk(element: etree._Element) -> str:
        out = [element.text or ""]
        for child in element:
            name = etree.QName(child).localname if isinstance(child.tag, str) else ""
            if name == "note" and child.get("place") == "end":
                marker = f"{{{child.get('n')}}}" if child.get("rend") == "braces" else f"[{child.get('n')}]"
                notes.append(f"{marker} " + walk(child))
                out.append(marker)
            elif name == "choice":
                sic = child.find("t:sic", NS)
                out.append(walk(sic) if sic is not None else "")
            elif name == "supplied":
                out.append("[" + walk(child) + "]")
            elif name in {"lb", "p", "resp", "name", "respStmt", "note", "availability", "publisher", "label",
                          "catDesc"}:
                out.append(" " + walk(child) + " ")
            elif name:
                out.append(walk(child))
            out.append(child.tail or "")
        return "".join(out)

    body = walk(tree)
    return _normal(body + " " + " ".join(notes))


def _normal(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def _line_value(line: str) -> str:
    """What of a source line must be found in the TEI: a header line's value, a note's text."""
    header = header_line(line)
    if header is not None:
        return header.value.removesuffix("README").strip()
    m = re.match(r"^\s*(?:\[(?:\d{1,3}|[A-Z])\]|\{\d{1,3}\})\s*(.*)$", line)
    return m.group(1) if m else line


def lost_lines(text: str, encoded: Encoded) -> list[tuple[int, str]]:
    """Source lines whose words are in no TEI document and no warning or notice names."""
    projections = [projection(tree) for tree in encoded.trees]
    spans = [(doc.first_line, doc.last_line) for doc in encoded.compilation.documents]
    warned = {w.line for w in encoded.warnings}
    everything = " ".join(projections)
    lost = []
    for number, line in enumerate(text.split("\n"), start=1):
        value = _normal(_line_value(line))
        if not value or number in warned:
            continue
        home = [p for p, (a, b) in zip(projections, spans, strict=True) if a <= number <= b]
        if not any(_found(value, p) for p in home) and not (not home and _found(value, everything)):
            lost.append((number, line))
    return lost


def _found(value: str, projection: str) -> bool:
    """``value`` in ``projection``; a line cut around a closing formula or a glued date may be split there."""
    if value in projection:
        return True
    pieces = [p.rstrip(",.:;") for p in re.split(r"(?<=[,.:;])\s+", value) if p]
    return len(pieces) > 1 and all(p in projection for p in pieces)
