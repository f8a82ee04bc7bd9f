"""Python fast paths for the project's own rules (``schema/tei-lenin.sch``); findings always come from the engine.

- :func:`project_resolvers`: the ``$persons``/``$taxonomy`` lets in Python (the XPath needs XPath 2 and
  elementpath; the result is the same document, proven by tests).
- :class:`ProjectScreen`: one Python pass over a document that answers "can any rule of the project fire
  here?". It is *sound*: it says clean only when no assertion or report can fail, and on anything unusual
  (nested TEI, duplicate ids, odd dates…) it says "maybe", and the Schematron engine then evaluates every rule
  as usual. So a clean corpus skips XPath altogether and a faulty file gets exactly the engine's findings.
  It is written for one version of the rules: :data:`RULES_SHA256` must be the hash of the ``.sch`` it
  mirrors, else the engine does not use it (a test keeps the two in step).
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml import etree

if TYPE_CHECKING:
    from tei_lenin.validate.schematron import Schematron

#: sha256 of the schema/tei-lenin.sch this screen mirrors (``sha256sum schema/tei-lenin.sch``).
RULES_SHA256 = "997179d331778862dbec66dc16c546be3fb6ed914c63289bb53aee82cf465f73"

TEI = "http://www.tei-c.org/ns/1.0"
T = f"{{{TEI}}}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
DATE_ATTRIBUTES = frozenset({"when", "notBefore", "notAfter", "from", "to"})
_WATCHED = DATE_ATTRIBUTES | {XML_ID, "hand", "ref", "cert"}
DOCUMENT_KINDS = frozenset({"letter", "article", "essay"})
AUTHORITY_TAGS = {"psn": T + "person", "org": T + "org", "plc": T + "place", "evt": T + "event"}
SCHEMES = ("tax:genre", "tax:mode", "tax:secrecy")
_ISO_START = re.compile(r"\d{4}-\d{2}-\d{2}")  # XPath's matches(., '^\d{4}-\d{2}-\d{2}'): \d is any Unicode digit
_ASCII_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_XML_SPACE = " \t\r\n"
#: The elements the checks list with ``_Scan.all``.
_LISTED = frozenset(T + local for local in ("TEI", "catRef", "handNote", "prefixDef", "correspContext",
                                            "correspDesc", "correspAction", "note", "p"))


def is_project_rules(path: Path) -> bool:
    """True when ``path`` holds exactly the rules the screen was written for."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == RULES_SHA256
    except OSError:
        return False


def prefix_file(tree: etree._ElementTree, ident: str) -> str:
    """``substring-before(string((//tei:listPrefixDef/tei:prefixDef[@ident = X]/@replacementPattern)[1]), '#')``."""
    for prefix in tree.getroot().iter(T + "prefixDef"):
        pattern = prefix.get("replacementPattern")
        parent = prefix.getparent()
        if pattern is not None and prefix.get("ident") == ident and parent is not None \
                and parent.tag == T + "listPrefixDef":
            return _before(pattern, "#")
    return ""


def project_resolvers(rules: Schematron) -> dict[str, Callable[[etree._ElementTree, str], Any]]:
    """Python equivalents of the project rules' schema-level lets (same values; the tests prove it).

    ``$psn-file``/``$tax-file``: the file part of the first ``prefixDef[@ident = X]/@replacementPattern``;
    ``$persons``/``$taxonomy``: ``if ($f != '' and doc-available(resolve-uri($f, base-uri(/)))) then doc(…)
    else ()``, which needs XPath 2 (elementpath) when evaluated as written.
    """

    def document(ident: str, let: str) -> Callable[[etree._ElementTree, str], Any]:
        def resolve(tree: etree._ElementTree, uri: str) -> Any:
            state = rules._state
            file = state.variables.get(let) if state is not None and state.tree is tree else None
            if not isinstance(file, str):  # $psn-file / $tax-file: the same value, when already computed
                file = prefix_file(tree, ident)
            if not file:
                return []
            found = rules.cache.tree(rules._resolve(file, uri))
            return found if found is not None else []

        return resolve

    return {"psn-file": lambda tree, uri: prefix_file(tree, "psn"),
            "tax-file": lambda tree, uri: prefix_file(tree, "tax"),
            "persons": document("psn", "psn-file"), "taxonomy": document("tax", "tax-file")}


class _Authorities:
    """A personography or taxonomy file as look-ups: xml:id → element tags, category → its taxonomies."""

    def __init__(self, tree: etree._ElementTree) -> None:
        self.tags: dict[str, set[str]] = {}
        self.taxonomies: dict[str, set[str]] = {}
        #: ``psn:``/``org:``/``plc:`` references already found here with the right element (a corpus repeats
        #: the same few hundred references in every letter).
        self.known_refs: set[str] = set()
        #: (``@scheme``, ``@target``) pairs of catRefs already found to name a taxonomy and one of its categories.
        self.known_categories: set[tuple[str, str]] = set()
        for el in tree.getroot().iter():
            key = el.get(XML_ID) if isinstance(el.tag, str) else None
            if key is None:
                continue
            self.tags.setdefault(key, set()).add(el.tag)
            if el.tag == T + "category":
                owner = next(el.iterancestors(T + "taxonomy"), None)
                if owner is not None and owner.get(XML_ID) is not None:
                    self.taxonomies.setdefault(key, set()).add(owner.get(XML_ID))

    def has(self, key: str, tag: str) -> bool:
        return tag in self.tags.get(key, ())


def _after(value: str, sep: str) -> str:
    """XPath ``substring-after``."""
    return value.partition(sep)[2]


def _before(value: str, sep: str) -> str:
    """XPath ``substring-before``."""
    head, found, _ = value.partition(sep)
    return head if found else ""


def _first_token(value: str) -> str:
    """``substring-before(concat(value, ' '), ' ')``."""
    return value.partition(" ")[0]


@functools.lru_cache(maxsize=8192)
def _is_real_date(value: str) -> bool:
    """``value`` is YYYY-MM-DD in ASCII digits and names a real day (year 0000 is left to the engine)."""
    m = _ASCII_DATE.fullmatch(value)
    if not m or m.group(1) == "0000":
        return False
    try:
        datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return False
    return True


def _agrees(date: str, creation: Iterable[str]) -> bool:
    """Some creation date is a prefix of ``date`` or has it as a prefix (the rules' ``starts-with`` pair)."""
    return any(date.startswith(w) or w.startswith(date) for w in creation)


@dataclass(slots=True)
class _Scan:
    """What one walk over a document collects for the screen."""

    root: etree._Element
    by_tag: dict[str, list[etree._Element]] = field(default_factory=dict)
    ids: dict[str, etree._Element] = field(default_factory=dict)
    id_elements: list[tuple[etree._Element, str]] = field(default_factory=list)
    pointers: list[str] = field(default_factory=list)
    hands: list[tuple[etree._Element, str]] = field(default_factory=list)
    whens: list[tuple[etree._Element, str]] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)
    paths: dict[tuple[str, ...], list[etree._Element]] = field(default_factory=dict)

    def all(self, local: str) -> list[etree._Element]:
        """Every TEI element named ``local`` (one of ``_LISTED``), in document order."""
        if T + local not in _LISTED:
            raise KeyError(f"{local}: not among the elements the scan lists")
        return self.by_tag.get(T + local, [])

    def path(self, *steps: str) -> list[etree._Element]:
        """The child path ``/tei:TEI/tei:step/…`` from the root (found once per scan)."""
        found = self.paths.get(steps)
        if found is None:
            found = [self.root]
            for step in steps:
                found = [c for el in found for c in el.iterchildren(T + step)]
            self.paths[steps] = found
        return found


def _scan(root: etree._Element) -> _Scan | None:
    """Collect the watched attributes in one walk; ``None`` when the rules need the engine (duplicate id,
    impossible ISO date, @cert without @resp)."""
    scan = _Scan(root)
    ids, pointers = scan.ids, scan.pointers
    for el in root.iter(etree.Element):
        for name, value in el.items():
            if value[:1] == "#" and name != "hand":
                pointers.append(value[1:].partition(" ")[0])
            if name not in _WATCHED:
                continue
            if name == XML_ID:
                if value in ids:
                    return None
                ids[value] = el
                scan.id_elements.append((el, value))
            elif name == "hand":
                scan.hands.append((el, value))
            elif name == "ref":
                if value.startswith(("psn:", "org:", "plc:", "evt:")):
                    scan.refs.append(value)
            elif name == "cert":
                if el.get("resp") is None and not _within(el, "standOff"):
                    return None  # TL-S029
            else:  # a date attribute
                if _ISO_START.match(value) and not _is_real_date(value[:10]):
                    return None  # TL-S015
                if name == "when":
                    scan.whens.append((el, value))
    # The listed elements in one pass where libxml2 matches the names (asking every element for its ``tag``
    # would build a string per element).
    for el in root.iter(*_LISTED):
        scan.by_tag.setdefault(el.tag, []).append(el)
    return scan


def _within(el: etree._Element, *locals_: str) -> bool:
    """``el`` has an ancestor that is one of the TEI elements ``locals_``."""
    return next(el.iterancestors(*(T + n for n in locals_)), None) is not None


class ProjectScreen:
    """``clean(tree, uri, variables)``: True only when no rule of ``schema/tei-lenin.sch`` can fire."""

    def __init__(self, rules: Schematron) -> None:
        self.rules = rules
        self._authorities: dict[int, tuple[etree._ElementTree, _Authorities]] = {}

    def __call__(self, tree: etree._ElementTree, uri: str, variables: dict[str, Any]) -> bool:
        return self.clean(tree, uri, variables)

    def _lookups(self, value: Any) -> _Authorities | None | bool:
        """The look-ups of a ``$persons``/``$taxonomy`` value; ``None`` for ``()``; ``False``: not understood."""
        if isinstance(value, list) and not value:
            return None
        if not isinstance(value, etree._ElementTree):
            return False
        entry = self._authorities.get(id(value))
        if entry is None or entry[0] is not value:
            entry = self._authorities[id(value)] = (value, _Authorities(value))
        return entry[1]

    def _available(self, file: str, uri: str) -> bool:
        return self.rules.cache.available(self.rules._resolve(file, uri))

    def clean(self, tree: etree._ElementTree, uri: str, variables: dict[str, Any]) -> bool:
        root = tree.getroot()
        persons = self._lookups(variables.get("persons", []))
        taxonomy = self._lookups(variables.get("taxonomy", []))
        if root.tag != T + "TEI" or persons is False or taxonomy is False:
            return False
        scan = _scan(root)
        if scan is None or len(scan.all("TEI")) != 1:
            return False  # nested TEI: the rules' ancestor::tei:TEI[1] would need care; leave it to the engine
        idents = {p.get("ident") for p in scan.path("teiHeader", "encodingDesc", "listPrefixDef", "prefixDef")}
        return (self._pointers_clean(scan, idents, persons)
                and self._classification_clean(scan, idents, taxonomy, persons)
                and self._files_clean(scan, uri, persons, taxonomy) and self._letters_clean(scan)
                and self._dates_clean(scan) and self._notes_and_ids_clean(scan) and self._paragraphs_clean(scan))

    @staticmethod
    def _pointers_clean(scan: _Scan, idents: set[str | None], persons: _Authorities | None) -> bool:
        """TL-S001 (@hand), TL-S002 (local pointers), TL-S026 and TL-S003 (authority references)."""
        ids = scan.ids
        for _, hand in scan.hands:
            target = ids.get(hand[1:]) if hand[:1] == "#" else None
            if target is None or target.tag != T + "handNote":
                return False
        if not ids.keys() >= set(scan.pointers):
            return False
        refs = set(scan.refs)
        if not {ref[:3] for ref in refs} <= idents:  # each ref starts with psn:, org: or plc:
            return False
        if persons is not None:
            for ref in refs - persons.known_refs:
                if not persons.has(_first_token(ref[4:]), AUTHORITY_TAGS[ref[:3]]):
                    return False
                persons.known_refs.add(ref)
        return True

    def _classification_clean(self, scan: _Scan, idents: set[str | None], taxonomy: _Authorities | None,
                              persons: _Authorities | None) -> bool:
        """TL-S026 and TL-S004/005 (catRef), TL-S006 (scribeRef), TL-S007 (unused handNote), TL-S021-023,
        TL-S027 (transmission), TL-S028 (inferred hand's source)."""
        first_types: list[str] = []  # /tei:TEI/tei:text/tei:body/tei:div[1]/@type, in document order
        kinds_present = False
        for body in scan.path("text", "body"):
            divs = list(body.iterchildren(T + "div"))
            if divs and divs[0].get("type") is not None:
                first_types.append(divs[0].get("type"))
            kinds_present = kinds_present or any(d.get("type") in DOCUMENT_KINDS for d in divs)
        for cat in scan.all("catRef"):
            scheme_attr, target_attr = cat.get("scheme", ""), cat.get("target", "")
            if (scheme_attr.startswith("tax:") or target_attr.startswith("tax:")) and "tax" not in idents:
                return False
            if taxonomy is not None and (scheme_attr, target_attr) not in taxonomy.known_categories:
                scheme, target = _after(scheme_attr, "tax:"), _after(target_attr, "tax:")
                if not taxonomy.has(scheme, T + "taxonomy") or scheme not in taxonomy.taxonomies.get(target, ()):
                    return False
                taxonomy.known_categories.add((scheme_attr, target_attr))
            if scheme_attr == "tax:genre" and _after(target_attr, "tax:genre-") not in first_types:
                return False  # TL-S022
        notes = scan.all("handNote")
        for note in notes:
            if note.get("cert") is not None and note.get("source") is None:
                return False  # TL-S028
            scribe = note.get("scribeRef")
            if (persons is not None and scribe is not None and scribe.startswith("psn:")
                    and not persons.has(_after(scribe, "psn:"), T + "person")):
                return False
        declared = [n.get(XML_ID) for n in notes if n.get(XML_ID) is not None]
        if declared:
            used = {h for el, h in scan.hands if el.tag == T + "text" or _within(el, "text")}
            if any(f"#{d}" not in used for d in declared):
                return False
        if kinds_present:
            if not _document_id_clean(scan.root, first_types[0] if first_types else ""):
                return False
            for profile in scan.path("teiHeader", "profileDesc"):
                schemes = [c.get("scheme") for tc in profile.iterchildren(T + "textClass")
                           for c in tc.iterchildren(T + "catRef")]
                if any(schemes.count(s) != 1 for s in SCHEMES) or \
                        schemes.count("tax:transmission") != (first_types[:1] == ["letter"]):
                    return False
        return True

    def _files_clean(self, scan: _Scan, uri: str, persons: _Authorities | None,
                     taxonomy: _Authorities | None) -> bool:
        """TL-S025 (prefixDef files exist) and TL-S018 (prev/next letters exist)."""
        for prefix in scan.all("prefixDef"):
            ident, pattern = prefix.get("ident"), prefix.get("replacementPattern")
            if ident is None or pattern is None or "#" not in pattern:
                continue
            file = _before(pattern, "#")
            if not (file == "" or self._available(file, uri) or (ident in AUTHORITY_TAGS and persons is not None)
                    or (ident == "tax" and taxonomy is not None)):
                return False
        for context in scan.all("correspContext"):
            for ref in context.iterchildren(T + "ref"):
                target = ref.get("target")
                if ref.get("type") not in ("prev", "next") or target is None or "://" in target:
                    continue
                file = target.partition("#")[0]
                if file and not self._available(file, uri):
                    return False
        return True

    @staticmethod
    def _letters_clean(scan: _Scan) -> bool:
        """TL-S008, S009, S019, S020 and TL-S010 (sent date agrees with the creation dates)."""
        letter = any(d.get("type") == "letter" for d in scan.path("text", "body", "div"))
        for desc in scan.all("correspDesc"):
            actions = list(desc.iterchildren(T + "correspAction"))
            if not letter or sum(a.get("type") == "sent" for a in actions) != 1:
                return False
            if (any(a.get("subtype") == "cc" for a in actions)
                    and not any(a.get("type") == "received" and a.get("subtype") == "to" for a in actions)):
                return False
        for action in scan.all("correspAction"):
            if action.get("subtype") is not None and action.get("type") != "received":
                return False
            if action.get("type") != "sent":
                continue
            sent = next((d.get("when") for d in action.iterchildren(T + "date") if d.get("when") is not None), None)
            if sent is None:
                continue
            creation = [d.get("when") for p in action.iterancestors(T + "profileDesc")
                        for c in p.iterchildren(T + "creation") for d in c.iter(T + "date")
                        if d.get("when") is not None]
            if creation and not _agrees(sent, creation):
                return False
        return True

    @staticmethod
    def _dates_clean(scan: _Scan) -> bool:
        """TL-S011 (closer dates agree with the creation dates) and TL-S016 (years 1870-2100)."""
        creation = [d.get("when") for c in scan.path("teiHeader", "profileDesc", "creation")
                    for d in c.iter(T + "date") if d.get("when") is not None]
        for el, when in scan.whens:
            if creation and not _agrees(when, creation) and el.tag == T + "date" and _within(el, "closer"):
                return False
            year = when[:4]
            plain = len(year) == 4 and year.isascii() and year.isdigit() and 1870 <= int(year) <= 2100
            if not plain and not _within(el, "person", "org", "place"):
                return False
        return True

    @staticmethod
    def _notes_and_ids_clean(scan: _Scan) -> bool:
        """TL-S012, S017, S024 (notes) and TL-S013 (ids carry the document prefix)."""
        document = scan.root.get(XML_ID) or ""
        numbers: list[str] = []
        for note in scan.all("note"):
            n = note.get("n")
            if n is not None and _within(note, "text"):
                numbers.append(n)
            if note.get("anchored") == "false" and any(
                    isinstance(s.tag, str) and s.tag != T + "note" for s in note.itersiblings()):
                return False
            if note.get(XML_ID) is not None and n is not None and not _NOTE_ID.fullmatch(
                    note.get(XML_ID).removeprefix(f"{document}.n{n}")):
                return False
        if len(set(numbers)) != len(numbers):
            return False
        if document:
            prefix = f"{document}."
            for el, ident in scan.id_elements:
                if el is not scan.root and not ident.startswith(prefix) and not _within(el, "standOff", "classDecl"):
                    return False
        return True

    @staticmethod
    def _paragraphs_clean(scan: _Scan) -> bool:
        """TL-S014: no paragraph without text or child elements."""
        for p in scan.all("p"):
            if len(p):
                if not any(isinstance(c.tag, str) for c in p):
                    return False
            elif not (p.text or "").strip(_XML_SPACE):
                return False
        return True


#: What may follow "<doc>.n<n>" in a note's id (TL-S024): nothing, or "-2", "-3" …
_NOTE_ID = re.compile(r"(?:-[0-9]+)?")


def _document_id_clean(root: etree._Element, kind: str) -> bool:
    """TL-S023: the kind's initial + YYYY-MM-DD (or "undated") + lower-case letters, 14 characters at most."""
    ident = root.get(XML_ID)
    if ident is None:
        return True
    return bool(kind) and len(ident) <= 14 and _document_id(kind[0]).fullmatch(ident) is not None


@functools.lru_cache(maxsize=64)
def _document_id(initial: str) -> re.Pattern[str]:
    return re.compile(re.escape(initial) + r"(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|undated)[a-z]*")
