"""RelaxNG through libxml2 (lxml), compiled once; its error log adapted to clear, Jing-like Diagnostics.

libxml2 says little ("Did not expect element author there", "Expecting an element , got nothing", column 0).
Each entry carries the positional path of the element concerned, so the message is rebuilt from the element
itself and from a lazy reading of the schema (:class:`SchemaIndex`: which children and attributes an element
may have, which are required, which values an attribute takes). Columns are never reported (libxml2 has none).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from tei_lenin.diagnostics import CODES, Diagnostic
from tei_lenin.errors import SchemaError

RNG = "http://relaxng.org/ns/structure/1.0"
_R = f"{{{RNG}}}"
MAX_LISTED = 6


def quote_list(items: list[str], limit: int = MAX_LISTED, conj: str = "or") -> str:
    """``"a", "b" or "c"``; long lists are cut: ``"a", "b", … (+12 more)``."""
    quoted = [f'"{i}"' for i in items]
    if len(quoted) > limit:
        return ", ".join(quoted[:limit]) + f", … (+{len(quoted) - limit} more)"
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + f" {conj} " + quoted[-1]


@dataclass(slots=True)
class AttrInfo:
    required: bool = True
    values: set[str] = field(default_factory=set)
    types: set[str] = field(default_factory=set)


@dataclass(slots=True)
class ElementInfo:
    """What the schema allows inside one element name (union over its definitions, order ignored)."""

    children: dict[str, bool] = field(default_factory=dict)  # name -> required
    attributes: dict[str, AttrInfo] = field(default_factory=dict)
    text: bool = False


def _local(name: str) -> str:
    return name.split(":", 1)[-1]


class SchemaIndex:
    """A lazy, approximate reading of a RelaxNG grammar, used only to word error messages."""

    def __init__(self, rng_root: etree._Element) -> None:
        self._defines: dict[str, list[etree._Element]] = {}
        self._elements: dict[str, list[etree._Element]] = {}
        self.namespaces: set[str] = set()
        self.roots: list[str] = []
        self._cache: dict[str, ElementInfo] = {}
        for d in rng_root.iter(_R + "define"):
            self._defines.setdefault(d.get("name", ""), []).append(d)
        for el in rng_root.iter(_R + "element"):
            name = el.get("name")
            if name is None:
                child = el.find(_R + "name")
                name = child.text.strip() if child is not None and child.text else None
            if name:
                self._elements.setdefault(_local(name), []).append(el)
                ns = self._ns_of(el)
                if ns:
                    self.namespaces.add(ns)
        for start in rng_root.iter(_R + "start"):
            info = ElementInfo()
            self._walk(start, info, True, set())
            self.roots = sorted(info.children)

    @staticmethod
    def _ns_of(node: etree._Element) -> str | None:
        for anc in node.iterancestors():
            if "ns" in anc.attrib:
                return anc.get("ns")
        return node.get("ns")

    def info(self, name: str) -> ElementInfo:
        """Allowed children/attributes of element ``name`` (local name)."""
        if name in self._cache:
            return self._cache[name]
        merged: ElementInfo | None = None
        for pattern in self._elements.get(name, []):
            one = ElementInfo()
            for child in pattern:
                if child.tag != _R + "name":
                    self._walk(child, one, True, set())
            if merged is None:
                merged = one
                continue
            for c, req in one.children.items():
                merged.children[c] = merged.children.get(c, req) and req
            for c in list(merged.children):
                if c not in one.children:
                    merged.children[c] = False
            for a, ai in one.attributes.items():
                cur = merged.attributes.setdefault(a, AttrInfo(ai.required))
                cur.required = cur.required and ai.required
                cur.values |= ai.values
                cur.types |= ai.types
            merged.text = merged.text or one.text
        result = merged or ElementInfo()
        self._cache[name] = result
        return result

    def _walk(self, node: etree._Element, info: ElementInfo, required: bool, seen: set[str]) -> None:
        tag = node.tag
        if not isinstance(tag, str):
            return
        local = tag[len(_R):] if tag.startswith(_R) else None
        if local is None:
            return
        if local == "element":
            name = node.get("name")
            if name is None:
                n = node.find(_R + "name")
                name = n.text.strip() if n is not None and n.text else "*"
            name = _local(name)
            info.children[name] = info.children.get(name, False) or required
        elif local == "attribute":
            name = node.get("name")
            if name is None:
                n = node.find(_R + "name")
                name = (n.get("ns") and "xml:" if n is not None and n.get("ns") else "") + (
                    n.text.strip() if n is not None and n.text else "*")
            cur = info.attributes.get(name)
            if cur is None:
                cur = info.attributes[name] = AttrInfo(required)
            else:
                cur.required = cur.required or required
            self._values(node, cur, set())
        elif local == "ref":
            ref = node.get("name", "")
            if ref in seen:
                return
            seen.add(ref)
            for d in self._defines.get(ref, []):
                for child in d:
                    self._walk(child, info, required, seen)
        elif local in ("text", "mixed"):
            info.text = True
            for child in node:
                self._walk(child, info, required, seen)
        elif local in ("optional", "zeroOrMore", "choice"):
            for child in node:
                self._walk(child, info, False, seen)
        elif local in ("oneOrMore", "group", "interleave", "start", "define", "list"):
            for child in node:
                self._walk(child, info, required, seen)

    def _values(self, node: etree._Element, attr: AttrInfo, seen: set[str]) -> None:
        for child in node.iter():
            if child.tag == _R + "value":
                attr.values.add(child.text or "")
            elif child.tag == _R + "data":
                attr.types.add(child.get("type", "?"))
            elif child.tag == _R + "text":
                attr.types.add("text")
            elif child.tag == _R + "ref":
                ref = child.get("name", "")
                if ref not in seen:
                    seen.add(ref)
                    for d in self._defines.get(ref, []):
                        self._values(d, attr, seen)


class RelaxNGValidator:
    """A RelaxNG schema compiled once; :meth:`validate` gives Diagnostics for one tree."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            doc = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
            self._schema = etree.RelaxNG(doc)
        except (OSError, etree.XMLSyntaxError, etree.RelaxNGParseError) as err:
            raise SchemaError(f"{path}: cannot compile RelaxNG schema: {err}") from err
        self._doc = doc
        self._index: SchemaIndex | None = None

    @property
    def index(self) -> SchemaIndex:
        if self._index is None:
            self._index = SchemaIndex(self._doc.getroot())
        return self._index

    def validate(self, tree: etree._ElementTree, file: str) -> list[Diagnostic]:
        """Validate ``tree``; read this call's own error log (fresh per document)."""
        if self._schema.validate(tree):
            return []
        entries = list(self._schema.error_log)
        # libxml2 repeats an error on every ancestor ("failed to validate content", "extra content") and,
        # at a root that may be TEI or teiCorpus, names the other alternative: keep the specific ones.
        specific = [e for e in entries if e.type_name not in
                    ("RELAXNG_ERR_CONTENTVALID", "RELAXNG_ERR_EXTRACONTENT", "RELAXNG_ERR_INTEREXTRA")
                    and not (e.type_name == "RELAXNG_ERR_ELEMNAME" and e.path in ("/*", None))]
        found: dict[tuple, Diagnostic] = {}
        for entry in specific or entries:
            d = self._adapt(entry, tree, file)
            found.setdefault((d.line, d.code, d.message), d)
        return list(found.values())

    # -- message rewriting -------------------------------------------------------------------------

    def _element(self, tree: etree._ElementTree, path: str | None) -> etree._Element | None:
        if not path:
            return None
        try:
            hit = tree.xpath(path)
        except etree.XPathError:
            return None
        return hit[0] if hit and isinstance(hit[0], etree._Element) else None

    def _adapt(self, entry: etree._LogEntry, tree: etree._ElementTree, file: str) -> Diagnostic:
        el = self._element(tree, entry.path)
        code, message = "TL-R000", _fallback(entry.message)
        with contextlib.suppress(Exception):  # wording must never break validation
            code, message = self._explain(entry, el) or (code, message)
        line = entry.line or (el.sourceline if el is not None else None)
        return Diagnostic(code, CODES[code].severity, message, file, line or None, None)

    def _explain(self, entry: etree._LogEntry, el: etree._Element | None) -> tuple[str, str] | None:
        kind, msg = entry.type_name, entry.message
        if el is None:
            return None
        name = etree.QName(el).localname
        parent = el.getparent()
        idx = self.index
        if kind in ("RELAXNG_ERR_ELEMWRONG", "RELAXNG_ERR_ELEMNOTEMPTY", "RELAXNG_ERR_ELEMEXTRANS") \
                and "Did not expect element" in msg or kind == "RELAXNG_ERR_NOTELEM":
            ns = etree.QName(el).namespace
            if idx.namespaces and ns not in idx.namespaces:
                where = f'namespace "{ns}"' if ns else "no namespace"
                return "TL-R007", (f'element "{name}" in {where}; expected namespace '
                                   f"{quote_list(sorted(idx.namespaces))}")
            if parent is None:
                return "TL-R007", f'element "{name}" not allowed as root; expected {quote_list(idx.roots)}'
            pname = etree.QName(parent).localname
            allowed = idx.info(pname)
            if name in allowed.children:
                present = {etree.QName(c).localname for c in parent if isinstance(c.tag, str)}
                missing = [c for c, req in allowed.children.items() if req and c not in present]
                if missing:
                    return "TL-R001", (f'element "{name}" not allowed yet in "{pname}"; missing required '
                                       f"element {quote_list(sorted(missing))}")
                return "TL-R001", (f'element "{name}" not allowed at this position in "{pname}" '
                                   "(wrong order or too many)")
            return "TL-R001", (f'element "{name}" not allowed in "{pname}"; expected '
                               f"{quote_list(sorted(allowed.children))}")
        if kind == "RELAXNG_ERR_NOELEM" or msg.startswith("Expecting an element"):
            allowed = idx.info(name)
            present = {etree.QName(c).localname for c in el if isinstance(c.tag, str)}
            missing = sorted(c for c, req in allowed.children.items() if req and c not in present)
            if missing:
                return "TL-R002", f'element "{name}" incomplete; missing required element {quote_list(missing)}'
            return "TL-R002", (f'element "{name}" incomplete; expected '
                               f"{quote_list(sorted(allowed.children))}")
        if kind == "RELAXNG_ERR_TEXTWRONG" or "Did not expect text" in msg:
            return "TL-R006", f'text not allowed in "{name}"; expected elements only'
        if kind in ("RELAXNG_ERR_INVALIDATTR", "RELAXNG_ERR_ATTRVALID", "RELAXNG_ERR_NOATTR",
                    "RELAXNG_ERR_ATTREXTRANS"):
            return self._attributes(el, name, msg)
        return None

    def _attributes(self, el: etree._Element, name: str, msg: str) -> tuple[str, str]:
        allowed = self.index.info(name).attributes
        present = {}
        for key, value in el.attrib.items():
            q = etree.QName(key)
            local = ("xml:" if q.namespace == "http://www.w3.org/XML/1998/namespace" else "") + q.localname
            present[local] = value
        missing = sorted(a for a, info in allowed.items() if info.required and a not in present and a != "*")
        if missing:
            return "TL-R005", f'element "{name}" missing required attribute {quote_list(missing, conj="and")}'
        unknown = [a for a in present if a not in allowed]
        if unknown and "*" not in allowed:
            return "TL-R003", (f'attribute "{unknown[0]}" not allowed on "{name}"; expected '
                               f"{quote_list(sorted(a for a in allowed if a != '*'))}")
        target = msg.split("Invalid attribute ", 1)[-1].split(" ", 1)[0] if "Invalid attribute" in msg else ""
        if target not in present and f"xml:{target}" in present:
            target = f"xml:{target}"
        if target not in present:
            target = next(iter(present), "")
        info = allowed.get(target)
        value = present.get(target, "")
        if info is not None and info.values and not (info.types - {"text"}):
            return "TL-R004", (f'value "{value}" of attribute "{target}" on "{name}" invalid; must be '
                               f"{quote_list(sorted(info.values))}")
        types = sorted(info.types) if info is not None else []
        expected = f"; expected {'a value of type ' + quote_list(types)}" if types else ""
        return "TL-R004", f'value "{value}" of attribute "{target}" on "{name}" invalid{expected}'


def _fallback(message: str) -> str:
    text = " ".join(message.split())
    return text[:1].lower() + text[1:] if text else "RelaxNG validity error"
