"""RelaxNG through libxml2 (lxml), compiled once; its error log adapted to clear, Jing-like Diagnostics.

libxml2 says little ("Did not expect element author there", "Expecting an element , got nothing", column 0).
Each entry carries the positional path of the element concerned, so the message is rebuilt from the element
itself and from a lazy reading of the schema (:class:`SchemaIndex`: which children and attributes an element
may have, which are required, which values an attribute takes). Columns are never reported (libxml2 has none).
"""

from __future__ import annotations

import contextlib
import copy
import time
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from tei_lenin.diagnostics import CODES, Diagnostic
from tei_lenin.errors import SchemaError

RNG = "http://relaxng.org/ns/structure/1.0"
_R = f"{{{RNG}}}"
_XML_NS = "http://www.w3.org/XML/1998/namespace"
MAX_LISTED = 6
LOCALIZE_MAX_COMPILE = 0.5  # seconds; above this (tei_all: ~6 s) errors stay where libxml2 puts them
_GENERIC = ("RELAXNG_ERR_CONTENTVALID", "RELAXNG_ERR_EXTRACONTENT", "RELAXNG_ERR_INTEREXTRA")


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


def _attribute_names(node: etree._Element) -> list[str]:
    """Names an ``<attribute>`` pattern takes: its name, or each ``<name>`` of its name class (a
    ``<choice>`` of names, as the fast schema writes them; ``xml:`` for the XML namespace); ``*`` for a
    wildcard."""
    if node.get("name") is not None:
        return [node.get("name", "")]
    nc = node[0] if len(node) else None
    classes = [] if nc is None else [nc] if nc.tag != _R + "choice" else list(nc)
    return [("xml:" if c.get("ns") == _XML_NS else "") + (c.text or "").strip() if c.tag == _R + "name" else "*"
            for c in classes] or ["*"]


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
            for name in _attribute_names(node):
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
            started = time.perf_counter()
            self._schema = etree.RelaxNG(doc)
        except (OSError, etree.XMLSyntaxError, etree.RelaxNGParseError) as err:
            raise SchemaError(f"{path}: cannot compile RelaxNG schema: {err}") from err
        self._doc = doc
        self._index: SchemaIndex | None = None
        # Locating errors compiles a small grammar per element name: only worth it for a quick schema.
        quick = time.perf_counter() - started < LOCALIZE_MAX_COMPILE
        self._localizer = _Localizer(doc) if quick else None

    @property
    def index(self) -> SchemaIndex:
        if self._index is None:
            self._index = SchemaIndex(self._doc.getroot())
        return self._index

    def validate(self, tree: etree._ElementTree, file: str) -> list[Diagnostic]:
        """Validate ``tree``; read this call's own error log (fresh per document)."""
        if self._schema.validate(tree):
            return []
        found: dict[tuple, Diagnostic] = {}
        for entry in _specific(list(self._schema.error_log)):
            el = self._element(tree, entry.path)
            if el is not None and self._localizer is not None:
                # libxml2 blames an ancestor when a choice fails as a whole: find the element at fault.
                deeper = self._localizer.deepest(el)
                if deeper is None and entry.type_name in _GENERIC and el.getparent() is not None:
                    # "X has extra content: Y" points at Y; the content of X is what failed.
                    deeper = self._localizer.deepest(el.getparent())
                if deeper is not None:
                    el, inner = deeper
                    entry = next((e for e in _specific(inner) if e.line), _specific(inner)[0])  # one with a node
                elif entry.type_name in _GENERIC and (stray := self._stray_text(el.getparent(), file)):
                    found.setdefault((stray.line, stray.code, stray.message), stray)
                    continue
            d = self._adapt(entry, tree, file, el)
            found.setdefault((d.line, d.code, d.message), d)
        return list(found.values())

    def _stray_text(self, el: etree._Element | None, file: str) -> Diagnostic | None:
        """Text directly inside an element whose content is elements only."""
        if el is None or self.index.info(etree.QName(el).localname).text:
            return None
        line = _after_text_line(el)
        if line is None:
            return None
        name = etree.QName(el).localname
        return Diagnostic("TL-R006", CODES["TL-R006"].severity, f'text not allowed in "{name}"; expected elements only',
                          file, line, None)

    # -- message rewriting -------------------------------------------------------------------------

    def _element(self, tree: etree._ElementTree, path: str | None) -> etree._Element | None:
        if not path:
            return None
        try:
            hit = tree.xpath(path)
        except etree.XPathError:
            return None
        return hit[0] if hit and isinstance(hit[0], etree._Element) else None

    def _adapt(self, entry: etree._LogEntry, tree: etree._ElementTree, file: str,
               el: etree._Element | None = None) -> Diagnostic:
        el = el if el is not None else self._element(tree, entry.path)
        code, message = "TL-R000", _fallback(entry.message)
        with contextlib.suppress(Exception):  # wording must never break validation
            code, message = self._explain(entry, el) or (code, message)
        line = entry.line or (el.sourceline if el is not None else None)
        if el is not None:
            # Report where Jing does: an incomplete element at its end tag, stray text at the next tag.
            if code == "TL-R002":
                line = _end_line(el)
            elif code == "TL-R006":
                line = _after_text_line(el) or line
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


def _specific(entries: list[etree._LogEntry]) -> list[etree._LogEntry]:
    """libxml2 repeats an error on every ancestor ("failed to validate content", "extra content") and, at a
    root that may be TEI or teiCorpus, names the other alternative: keep the specific entries if any."""
    specific = [e for e in entries if e.type_name not in _GENERIC
                and not (e.type_name == "RELAXNG_ERR_ELEMNAME" and e.path in ("/*", None))]
    return specific or entries


class _Localizer:
    """Finds the deepest element that is invalid on its own when libxml2 reports an ancestor.

    For each element name it compiles (once, lazily) the schema's grammar with ``start`` replaced by the
    choice of every pattern for that name, and validates the element in place (lxml validates a subtree
    as if it were a document, keeping its line numbers).
    """

    def __init__(self, rng: etree._ElementTree) -> None:
        self._root = rng.getroot()
        self._schemas: dict[str, etree.RelaxNG | None] = {}
        self._patterns: dict[str, list[etree._Element]] = {}
        for pattern in self._root.iter(f"{_R}element"):
            name = pattern.get("name")
            if name:
                self._patterns.setdefault(_local(name), []).append(pattern)

    def _schema(self, name: str) -> etree.RelaxNG | None:
        if name not in self._schemas:
            self._schemas[name] = None
            patterns = self._patterns.get(name)
            start = self._root.find(f"{_R}start")
            if patterns and start is not None:
                grammar = copy.deepcopy(self._root)
                new_start = grammar.find(f"{_R}start")
                for child in list(new_start):
                    new_start.remove(child)
                holder = etree.SubElement(new_start, f"{_R}choice") if len(patterns) > 1 else new_start
                for pattern in patterns:
                    holder.append(copy.deepcopy(pattern))
                with contextlib.suppress(etree.RelaxNGParseError):
                    self._schemas[name] = etree.RelaxNG(etree.ElementTree(grammar))
        return self._schemas[name]

    def _errors(self, el: etree._Element) -> list[etree._LogEntry] | None:
        schema = self._schema(etree.QName(el).localname)
        if schema is None or schema.validate(el):
            return None
        return list(schema.error_log)

    def deepest(self, el: etree._Element) -> tuple[etree._Element, list[etree._LogEntry]] | None:
        """The first child (in document order) invalid on its own, followed down to the deepest one."""
        for child in el.iterchildren(tag=etree.Element):
            errors = self._errors(child)
            if errors:
                return self.deepest(child) or (child, errors)
        return None


def _end_line(el: etree._Element) -> int | None:
    """Line of an element's end tag (start tags and end tags are taken to fit on one line)."""
    children = [c for c in el if isinstance(c.tag, str)]
    if not children:
        return (el.sourceline or 0) + (el.text or "").count("\n") or None
    last = el[-1]
    end = _end_line(last) if isinstance(last.tag, str) else last.sourceline
    return (end or 0) + (last.tail or "").count("\n") or None


def _after_text_line(el: etree._Element) -> int | None:
    """Line of the tag that follows the first non-blank text directly inside ``el``."""
    if (el.text or "").strip():
        return el[0].sourceline if len(el) else _end_line(el)
    for index, child in enumerate(el):
        if (child.tail or "").strip():
            following = el[index + 1] if index + 1 < len(el) else None
            return following.sourceline if following is not None else _end_line(el)
    return None
