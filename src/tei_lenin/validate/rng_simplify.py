"""RELAX NG simplification: ``notAllowed`` removed by the standard rules, and pruning to a vocabulary.

libxml2 compiles grammars with ``notAllowed`` into slow automata with misleading errors, and spends seconds
on a big grammar such as ``tei_all`` (590 elements) of which a corpus uses a hundred. Both are answered
here without changing any verdict:

- :func:`simplify` applies the RELAX NG simplification rules for ``notAllowed`` and ``empty`` (spec 4.19)
  to a fixpoint and drops the defines ``start`` no longer reaches;
- :func:`prune` first turns every element pattern whose name no input document uses into ``notAllowed``. A
  pattern for a name that never occurs can match nothing in those documents, so for them the pruned
  grammar accepts exactly what the full one accepts.

:func:`prepared_schema` does both for a user's schema file, or returns ``None`` when the grammar uses what
this module does not rewrite (``include``, ``externalRef``, nested grammars, ``div``); it is then compiled
as written. ``tools/build_schema.py`` builds the project's schema with the same functions.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

RNG = "http://relaxng.org/ns/structure/1.0"
R = f"{{{RNG}}}"
#: Grammars with these are compiled as written (their rewriting would need the include machinery).
UNSUPPORTED = ("include", "externalRef", "parentRef", "div")
#: Start tags in raw XML (comments and CDATA may add names: a larger vocabulary is always safe).
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")


def rng(tag: str, **attrib: str) -> etree._Element:
    """A new RELAX NG element."""
    return etree.Element(R + tag, attrib)


def is_na(el: etree._Element) -> bool:
    """Whether ``el`` is ``<notAllowed/>``."""
    return el.tag == R + "notAllowed"


def is_empty(el: etree._Element) -> bool:
    """Whether ``el`` is ``<empty/>``."""
    return el.tag == R + "empty"


def replace(old: etree._Element, *new: etree._Element) -> None:
    """Replace ``old`` in its parent by ``new`` (nothing: delete it)."""
    parent = old.getparent()
    idx = parent.index(old)
    parent.remove(old)
    for offset, n in enumerate(new):
        parent.insert(idx + offset, n)


class Grammar:
    """A single-file RELAX NG grammar: ``start`` plus named defines, kept in document order.

    Defines and starts split with ``combine`` are merged first (``choice`` or ``interleave`` of their
    bodies), so each name has one define.
    """

    def __init__(self, root: etree._Element) -> None:
        self.root = root
        _merge_combined(root)
        self.defines: dict[str, etree._Element] = {d.get("name"): d for d in root.iterchildren(R + "define")}

    def define(self, name: str) -> etree._Element:
        """The define called ``name``."""
        return self.defines[name]

    def add(self, name: str, *body: etree._Element) -> etree._Element:
        """Add (or replace the body of) define ``name``."""
        if name in self.defines:
            d = self.defines[name]
            for child in list(d):
                d.remove(child)
        else:
            d = rng("define", name=name)
            self.root.append(d)
            self.defines[name] = d
        d.extend(body)
        return d


def _merge_combined(root: etree._Element) -> None:
    groups: dict[tuple[str, str | None], list[etree._Element]] = {}
    for node in root.iterchildren(R + "define", R + "start"):
        groups.setdefault((node.tag, node.get("name")), []).append(node)
    for nodes in groups.values():
        if len(nodes) == 1:
            nodes[0].attrib.pop("combine", None)
            continue
        combine = next((n.get("combine") for n in nodes if n.get("combine")), "choice")
        merged = rng(combine)
        for node in nodes:
            body = list(node)
            if len(body) > 1:
                wrapper = rng("group")
                wrapper.extend(body)
                body = [wrapper]
            merged.extend(body)
        first = nodes[0]
        first.attrib.pop("combine", None)
        first.append(merged)
        for node in nodes[1:]:
            root.remove(node)


def strip_annotations(root: etree._Element) -> None:
    """Remove comments and every element or attribute outside the RELAX NG namespace."""
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or not el.tag.startswith(R):
            el.getparent().remove(el)
    for el in root.iter():
        for key in list(el.attrib):
            if key.startswith("{"):
                del el.attrib[key]
        if el.tag not in (R + "value", R + "param", R + "name"):
            el.text = None
        el.tail = None
    etree.cleanup_namespaces(root, top_nsmap={None: RNG})


def explicit_inheritance(root: etree._Element) -> None:
    """Write the inherited ``ns`` and ``datatypeLibrary`` on the patterns that use them, so moving a
    pattern (as :func:`simplify` does) never changes its meaning."""
    for el in root.iter(R + "element", R + "name", R + "nsName", R + "data", R + "value"):
        key = "datatypeLibrary" if el.tag in (R + "data", R + "value") else "ns"
        if el.tag == R + "element" and el.get("name") is None:
            continue
        if el.get(key) is None:
            inherited = next((a.get(key) for a in el.iterancestors() if a.get(key) is not None), None)
            if inherited is not None:
                el.set(key, inherited)


# --------------------------------------------------------------------------- notAllowed away

GROUPING = {"group", "interleave", "oneOrMore", "list", "mixed", "define", "element", "attribute"}


def simplify(g: Grammar) -> None:
    """Remove ``notAllowed`` (and redundant ``empty``) by the RELAX NG simplification rules, to a fixpoint;
    then drop the defines ``start`` no longer reaches. :class:`ValueError` if ``start`` becomes
    ``notAllowed`` (the grammar then accepts nothing)."""
    while True:
        na = {n for n, d in g.defines.items() if len(d) == 1 and is_na(d[0])}
        for d in g.defines.values():
            for child in list(d):
                _simplify(child, na)
            _simplify_children(d, na)
        start = g.root.find(R + "start")
        for child in list(start):
            _simplify(child, na)
        if {n for n, d in g.defines.items() if len(d) == 1 and is_na(d[0])} == na:
            break
    if is_na(g.root.find(R + "start")[0]):
        raise ValueError("start became notAllowed")
    drop_unreachable(g)


def _simplify(el: etree._Element, na: set[str]) -> None:
    """Simplify ``el`` in place (it may be replaced in its parent)."""
    local = etree.QName(el).localname
    if local == "ref":
        if el.get("name") in na:
            replace(el, rng("notAllowed"))
        return
    if local in ("notAllowed", "empty", "text", "value", "param", "name", "anyName", "nsName"):
        return
    for child in list(el):
        _simplify(child, na)
    _simplify_children(el, na)


def _pattern_children(el: etree._Element) -> list[etree._Element]:
    """Children of ``el`` that are patterns (not name classes, params or excepts)."""
    kids = [c for c in el if etree.QName(c).localname not in ("param", "except")]
    local = etree.QName(el).localname
    if local in ("element", "attribute") and el.get("name") is None:
        kids = kids[1:]  # the name class
    return kids


def _simplify_children(el: etree._Element, na: set[str]) -> None:
    """Apply the notAllowed/empty rules to ``el`` given already simplified children."""
    local = etree.QName(el).localname
    kids = _pattern_children(el)
    if local == "data":
        for exc in el.findall(R + "except"):
            if all(is_na(c) for c in exc):
                el.remove(exc)
        return
    if local == "choice":
        for k in kids:
            if is_na(k):
                el.remove(k)
        empties = [k for k in el if is_empty(k)]
        for k in empties[1:]:
            el.remove(k)
        if len(el) == 0:
            replace(el, rng("notAllowed"))
        elif len(el) == 1:
            replace(el, el[0])
        return
    if local in ("optional", "zeroOrMore"):
        if any(is_na(k) for k in kids) or all(is_empty(k) for k in kids):
            replace(el, rng("empty"))
        return
    if local in GROUPING:
        if any(is_na(k) for k in kids):
            if local == "define":
                for k in list(el):
                    el.remove(k)
                el.append(rng("notAllowed"))
            else:
                replace(el, rng("notAllowed"))
            return
        if local == "attribute" or local == "list":
            return
        for k in kids:
            if is_empty(k) and len(_pattern_children(el)) > 1:
                el.remove(k)
        if local in ("group", "oneOrMore") and len(el) == 1 and (local == "group" or is_empty(el[0])):
            replace(el, el[0])


def reachable(g: Grammar) -> set[str]:
    """Names of the defines reachable from ``start``."""
    seen: set[str] = set()
    todo = [r.get("name") for r in g.root.find(R + "start").iter(R + "ref")]
    while todo:
        name = todo.pop()
        if name in seen or name not in g.defines:
            continue
        seen.add(name)
        todo.extend(r.get("name") for r in g.define(name).iter(R + "ref"))
    return seen


def drop_unreachable(g: Grammar) -> None:
    """Remove the defines ``start`` no longer reaches."""
    keep = reachable(g)
    for name in list(g.defines):
        if name not in keep:
            g.root.remove(g.defines.pop(name))


# --------------------------------------------------------------------------- pruning to a vocabulary


def vocabulary(data: bytes) -> set[str]:
    """Local names of the elements ``data`` (raw XML) may contain: a superset, never missing one."""
    return {m.decode("utf-8", "replace") for m in set(_TAG.findall(data))}


def vocabulary_of(files: Iterable[Path], max_files: int = 2_000) -> frozenset[str]:
    """The element names the first ``max_files`` of ``files`` use (unreadable ones are skipped: they are
    reported when validated). Files beyond are covered when validated (see ``RelaxNGValidator``)."""
    used: set[str] = set()
    for index, path in enumerate(files):
        if index >= max_files:
            break
        try:
            used |= vocabulary(path.read_bytes())
        except OSError:
            continue
    return frozenset(used)


def _names(pattern: etree._Element) -> set[str] | None:
    """Local names an ``<element>`` pattern matches; ``None`` for a wildcard (``anyName``, ``nsName``)."""
    name = pattern.get("name")
    if name is not None:
        return {name.split(":", 1)[-1].strip()}
    name_class = pattern[0] if len(pattern) else None
    if name_class is None or any(True for _ in name_class.iter(R + "anyName", R + "nsName")):
        return None
    return {(n.text or "").split(":", 1)[-1].strip() for n in name_class.iter(R + "name")}


def prune(g: Grammar, used: Iterable[str]) -> int:
    """Turn every element pattern none of whose names is in ``used`` into ``notAllowed``; the number
    turned. Follow with :func:`simplify`."""
    used = set(used)
    turned = 0
    for pattern in list(g.root.iter(R + "element")):
        names = _names(pattern)
        if names is not None and not names & used and pattern.getparent() is not None:
            replace(pattern, rng("notAllowed"))
            turned += 1
    return turned


def prepared_schema(source: Path | etree._ElementTree,
                    used: Iterable[str] | None = None) -> etree._ElementTree | None:
    """The grammar of ``source`` (a file, or a parsed grammar, which is left as it is) without ``notAllowed``
    and, given ``used``, pruned to those element names; ``None`` if it cannot be rewritten safely (then
    compile it as written)."""
    if isinstance(source, etree._ElementTree):
        root = copy.deepcopy(source.getroot())
    else:
        parser = etree.XMLParser(remove_comments=True, remove_blank_text=True, remove_pis=True,
                                 resolve_entities=False, no_network=True, load_dtd=False)
        root = etree.parse(str(source), parser).getroot()
    if root.tag != R + "grammar" or any(True for _ in root.iter(*(R + u for u in UNSUPPORTED))) \
            or any(True for g in root.iter(R + "grammar") if g is not root) or root.find(R + "start") is None:
        return None
    strip_annotations(root)
    explicit_inheritance(root)
    g = Grammar(root)
    if used is not None:
        prune(g, used)
    try:
        simplify(g)
    except ValueError:
        return None
    return etree.ElementTree(root)
