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
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from tei_lenin.diagnostics import CODES, Diagnostic
from tei_lenin.errors import SchemaError
from tei_lenin.validate.rng_simplify import prepared_schema

RNG = "http://relaxng.org/ns/structure/1.0"
_R = f"{{{RNG}}}"
_XML_NS = "http://www.w3.org/XML/1998/namespace"
MAX_LISTED = 6
MAX_FAULTS = 1000  # independent errors sought per document
LOCALIZE_MAX_COMPILE = 0.5  # seconds; above this (tei_all unpruned: ~6 s) errors stay where libxml2 puts them
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
    """A RelaxNG schema compiled once; :meth:`validate` gives Diagnostics for one tree.

    The grammar is compiled without ``notAllowed`` and, given ``vocabulary`` (the element names the input
    uses, see :func:`~tei_lenin.validate.rng_simplify.vocabulary_of`), pruned to those names: ``tei_all``
    then compiles in a few hundredths of a second instead of six, with the same verdicts. A document with a
    name outside the vocabulary widens it (one recompile) before it is validated.
    """

    def __init__(self, path: Path, vocabulary: Iterable[str] | None = None) -> None:
        self.path = path
        self.vocabulary = frozenset(vocabulary) if vocabulary is not None else None
        try:
            self._doc = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
            self._compile()
        except (OSError, etree.XMLSyntaxError, etree.RelaxNGParseError) as err:
            raise SchemaError(f"{path}: cannot compile RelaxNG schema: {err}") from err
        self._index: SchemaIndex | None = None

    def _compile(self) -> None:
        started = time.perf_counter()
        prepared = prepared_schema(self._doc, self.vocabulary)
        if prepared is None:
            self.vocabulary = None  # compiled as written: nothing to widen
        self._schema = etree.RelaxNG(prepared if prepared is not None else self._doc)
        # Locating errors compiles the grammar once more (start: every element): only for a quick schema.
        quick = time.perf_counter() - started < LOCALIZE_MAX_COMPILE
        self._localizer = _Localizer(prepared if prepared is not None else self._doc) if quick else None

    def _cover(self, tree: etree._ElementTree | etree._Element) -> None:
        """Widen the vocabulary to the element names of ``tree`` if it uses others."""
        if self.vocabulary is None:
            return
        names = {etree.QName(tag).localname for tag in {el.tag for el in tree.iter(etree.Element)}}
        if not names <= self.vocabulary:
            self.vocabulary = self.vocabulary | names
            self._compile()

    @property
    def index(self) -> SchemaIndex:
        if self._index is None:
            self._index = SchemaIndex(self._doc.getroot())
        return self._index

    def validate(self, tree: etree._ElementTree, file: str) -> list[Diagnostic]:
        """Validate ``tree``; read this call's own error log (fresh per document)."""
        self._cover(tree)
        if self._schema.validate(tree):
            return []
        log = list(self._schema.error_log)
        located = {id(entry): self._element(tree, entry.path) for entry in log}
        reported = [(located[id(entry)], entry) for entry in _specific(log)]
        found: dict[tuple, Diagnostic] = {}
        faults: list[tuple[etree._Element | None, etree._LogEntry]] = []
        if self._localizer is not None:
            suspects: set[etree._Element] = set()
            for el in located.values():  # every element libxml2 named, "extra content" ones too
                if el is not None:
                    suspects.update(el.iterancestors())
                    suspects.add(el)
            try:
                faults.extend(self._localizer.faults(tree.getroot(), suspects))
            except Exception:  # noqa: BLE001 - locating errors must never break validation
                faults.clear()
        if faults:  # libxml2's own specific reports elsewhere, and every attribute error, are kept too
            faults.extend((el, e) for el, e in reported
                          if e.type_name == "RELAXNG_ERR_INVALIDATTR" or el is not None
                          and e.type_name not in _GENERIC and not _overlaps(el, [f for f, _ in faults]))
            faults.sort(key=lambda fault: fault[1].line if fault[1].line > 0 else (fault[0].sourceline or 0)
                        if fault[0] is not None else 0)
        else:  # no localizer, or the root itself is wrong: libxml2's entries as they are
            faults = reported
        for el, entry in faults:
            if el is not None and entry.type_name in _GENERIC:
                stray = self._stray_text(el, file) or self._stray_text(el.getparent(), file)
                if stray is not None:
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
        prefixes = {ns: prefix for prefix, ns in el.nsmap.items() if prefix}
        for key, value in el.attrib.items():
            q = etree.QName(key)
            prefix = "xml" if q.namespace == _XML_NS else prefixes.get(q.namespace or "", "")
            present[f"{prefix}:{q.localname}" if prefix else q.localname] = value
        missing = sorted(a for a, info in allowed.items() if info.required and a not in present and a != "*")
        if missing:
            return "TL-R005", f'element "{name}" missing required attribute {quote_list(missing, conj="and")}'
        unknown = [a for a in present if a not in allowed]
        if unknown and "*" not in allowed:
            return "TL-R003", (f'attribute "{unknown[0]}" not allowed on "{name}"; expected '
                               f"{quote_list(sorted(a for a in allowed if a != '*'))}")
        target = msg.split("Invalid attribute ", 1)[-1].split(" ", 1)[0] if "Invalid attribute" in msg else ""
        if target not in present:
            target = next((k for k in present if k.endswith(f":{target}")), target)
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
    """Finds the elements that are invalid on their own when libxml2 reports an ancestor.

    It compiles (once, lazily) the schema's grammar with ``start`` replaced by the choice of every named element
    pattern, and validates an element in place (lxml validates a subtree as if it were a document, keeping its
    line numbers): libxml2 picks the patterns by the element's name (a hashed choice), so one grammar serves
    every element, as one grammar per name did at 125 compiles for ``tei_all``.
    """

    def __init__(self, rng: etree._ElementTree) -> None:
        self._root = rng.getroot()
        self._grammar: etree.RelaxNG | None = None
        self._compiled = False

    @property
    def _grammar_any(self) -> etree.RelaxNG | None:
        """The grammar whose start is every named element pattern (compiled on first use)."""
        if not self._compiled:
            self._compiled = True
            patterns = [p for p in self._root.iter(f"{_R}element") if p.get("name")]
            if patterns and self._root.find(f"{_R}start") is not None:
                grammar = copy.deepcopy(self._root)
                start = grammar.find(f"{_R}start")
                for child in list(start):
                    start.remove(child)
                holder = etree.SubElement(start, f"{_R}choice") if len(patterns) > 1 else start
                holder.extend(copy.deepcopy(p) for p in patterns)
                with contextlib.suppress(etree.RelaxNGParseError):
                    self._grammar = etree.RelaxNG(etree.ElementTree(grammar))
        return self._grammar

    def _errors(self, el: etree._Element) -> list[etree._LogEntry] | None:
        schema = self._grammar_any
        if schema is None or schema.validate(el):
            return None
        return list(schema.error_log)

    def faults(self, el: etree._Element, suspects: set[etree._Element],
               limit: int = MAX_FAULTS) -> list[tuple[etree._Element, etree._LogEntry]]:
        """Every independent error at or under ``el``, as Jing finds them: (element at fault, entry).

        The ``suspects`` (elements libxml2 reported, and their ancestors) and the siblings after them
        (libxml2 stops at an element's first error) that are invalid on their own are followed down; where
        none is, the errors are ``el``'s own, taken one by one (each offending element or attribute set
        aside before looking again)."""
        found: list[tuple[etree._Element, etree._LogEntry]] = []
        children = list(el.iterchildren(tag=etree.Element))
        # libxml2 checked the children up to the last it reported; not those after it, and nothing inside
        # an element it did not report.
        last = max((i for i, child in enumerate(children) if child in suspects), default=-1)
        for index, child in enumerate(children):
            if len(found) >= limit:
                break
            if (child in suspects or index > last) and self._errors(child):
                found.extend(self.faults(child, suspects, limit - len(found)))
        return found or self._own(el, limit)

    def _own(self, el: etree._Element, limit: int) -> list[tuple[etree._Element, etree._LogEntry]]:
        schema = self._grammar_any
        if schema is None:
            return []
        probe = copy.deepcopy(el)
        original = dict(zip(probe.iter(), el.iter(), strict=True))
        found: list[tuple[etree._Element, etree._LogEntry]] = []
        while len(found) < limit and not schema.validate(probe):
            entries = [e for e in _specific(list(schema.error_log)) if e.type_name != "RELAXNG_ERR_EXTRADATA"]
            if not entries:
                break  # libxml2's "extra data" once an attribute is set aside: nothing more to learn
            entry = next((e for e in entries if e.line > 0), entries[0])
            node = _node(probe, entry.path)
            if node is not None and node is not probe and node in original:
                found.append((original[node], entry))
                _remove_keeping_text(node)
                continue
            found.append((el, entry))
            name = _invalid_attribute(entry)
            keys = [k for k in probe.attrib if etree.QName(k).localname == name] if node is probe else []
            if not keys:
                break
            for key in keys:
                del probe.attrib[key]
        return found

_ATTRIBUTE = "Invalid attribute "


def _overlaps(el: etree._Element, located: list[etree._Element]) -> bool:
    """Whether ``el`` is one of ``located``, inside one, or holds one."""
    ancestors = set(el.iterancestors())
    return any(f is el or f in ancestors or el in set(f.iterancestors()) for f in located)


def _node(probe: etree._Element, path: str | None) -> etree._Element | None:
    """The element ``path`` (from libxml2, for a validated copy) names in ``probe``'s document."""
    if not path:
        return None
    try:
        hit = probe.getroottree().xpath(path)
    except etree.XPathError:
        return None
    return hit[0] if hit and isinstance(hit[0], etree._Element) else None


def _invalid_attribute(entry: etree._LogEntry) -> str | None:
    """The attribute libxml2's "Invalid attribute X for element Y" names."""
    if entry.type_name != "RELAXNG_ERR_INVALIDATTR" or not entry.message.startswith(_ATTRIBUTE):
        return None
    return entry.message[len(_ATTRIBUTE):].split(" ", 1)[0]


def _remove_keeping_text(node: etree._Element) -> None:
    """Remove ``node``, leaving its tail text where it was."""
    parent, tail = node.getparent(), node.tail or ""
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(node)


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
