"""Read an encoded corpus folder once: its TEI documents, the personography and the taxonomies.

The exporters only ever read the encoded TEI (never the plain text), so a hand-corrected corpus exports
as it stands. A corpus folder holds ``persons.xml``, ``taxonomy.xml`` and one level of sub-folders
(``letters/``, ``articles/``, ``essays/`` …) with one ``TEI`` file per document (see docs/encoding.md).
Pointers such as ``psn:trotsky`` are resolved through each document's own ``listPrefixDef``.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
NS = {"t": TEI_NS}
MAX_BYTES = 64 * 1024 * 1024


class CorpusError(Exception):
    """The corpus folder is missing, unreadable or not in the project's shape (one-line message)."""


def tei(name: str) -> str:
    """Clark name of a TEI element."""
    return f"{{{TEI_NS}}}{name}"


def local(element: etree._Element) -> str:
    """Local name of an element ('' for comments and processing instructions)."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def norm(text: str | None) -> str:
    """Whitespace-normalised text."""
    return " ".join((text or "").split())


def text_of(element: etree._Element | None) -> str:
    """Normalised string value of an element (notes excluded)."""
    if element is None:
        return ""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        parts.append(node.text or "")
        for child in node:
            if local(child) not in ("note", ""):
                walk(child)
            parts.append(child.tail or "")

    walk(element)
    return norm("".join(parts))


def safe_parser() -> etree.XMLParser:
    """A parser that never expands entities, loads DTDs or touches the network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_blank_text=False)


def parse(path: Path) -> etree._ElementTree:
    """Parse one XML file safely; raise :class:`CorpusError` with a one-line reason."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as err:
        raise CorpusError(f"{path}: cannot read file: {err.strerror or err}") from err
    if len(data) > MAX_BYTES:
        raise CorpusError(f"{path}: file larger than {MAX_BYTES} bytes")
    if b"<!ENTITY" in data[:65536]:
        raise CorpusError(f"{path}: DOCTYPE declares entities; refused for safety")
    try:
        root = etree.fromstring(data, safe_parser(), base_url=path.resolve().as_uri())
    except etree.XMLSyntaxError as err:
        raise CorpusError(f"{path}:{err.lineno}: not well-formed XML: {err.msg}") from err
    return root.getroottree()


@dataclass(frozen=True)
class Entity:
    """A person, organisation or place of the personography."""

    id: str
    kind: str  # "person" | "org" | "place"
    name: str
    idnos: tuple[tuple[str, str], ...] = ()  # (type lower-cased, URI) in file order

    @property
    def display(self) -> str:
        """The name in reading order: "Fotieva, Lydia" → "Lydia Fotieva"."""
        if self.kind == "person" and self.name.count(",") == 1:
            last, first = (s.strip() for s in self.name.split(","))
            if first and last:
                return f"{first} {last}"
        return self.name


@dataclass(frozen=True)
class Category:
    """A category of one of the taxonomies."""

    id: str
    taxonomy: str
    label: str


@dataclass(frozen=True)
class Agent:
    """A name in a correspAction: its text, the entity id it points to (if any) and its element name."""

    name: str
    ref: str | None
    element: str  # persName | orgName | placeName


@dataclass(frozen=True)
class Action:
    """One correspAction: type, subtype, names, places and the attributes of its first date."""

    type: str
    subtype: str | None
    agents: tuple[Agent, ...]
    places: tuple[Agent, ...]
    date: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Hand:
    """A handNote: its xml:id, the scribe's entity id and a readable name."""

    id: str
    scribe: str | None
    name: str
    scope: str | None


@dataclass(eq=False)  # one object per file: identity is equality, and facts read once are kept
class Document:
    """One TEI document of the corpus and the facts the exporters need, read from its header."""

    id: str
    path: Path
    rel: str  # path relative to the corpus folder, with "/"
    tree: etree._ElementTree
    prefixes: dict[str, tuple[re.Pattern[str], str]] = field(default_factory=dict)
    _targets: dict[str | None, str | None] = field(default_factory=dict, repr=False)

    @property
    def root(self) -> etree._Element:
        return self.tree.getroot()

    def x(self, path: str) -> list:
        """XPath on the document with the ``t:`` prefix."""
        return self.root.xpath(path, namespaces=NS)

    def corpus_path(self, path: str) -> str:
        """A relative path written in this document, as a path from the corpus folder (``../x.xml`` → ``x.xml``)."""
        return posixpath.normpath(posixpath.join(posixpath.dirname(self.rel), path))

    def target_id(self, pointer: str | None) -> str | None:
        """The fragment id a pointer (``psn:x``, ``#x``, ``../persons.xml#x``) resolves to (each worked out once)."""
        if pointer not in self._targets:
            self._targets[pointer] = self._resolve(pointer)
        return self._targets[pointer]

    def _resolve(self, pointer: str | None) -> str | None:
        if not pointer:
            return None
        pointer = pointer.split()[0]
        prefix, _, rest = pointer.partition(":")
        if rest and prefix in self.prefixes:
            pattern, replacement = self.prefixes[prefix]
            match = pattern.fullmatch(rest)
            if match:
                pointer = match.expand(replacement.replace("$", "\\"))
        if "#" in pointer:
            return pointer.rsplit("#", 1)[1] or None
        return None

    @cached_property
    def title(self) -> str:
        return text_of(next(iter(self.x("t:teiHeader/t:fileDesc/t:titleStmt/t:title")), None))

    @property
    def kind(self) -> str:
        """The div type of the text (letter, article, essay …)."""
        types = self.x("t:text/t:body/t:div/@type")
        return str(types[0]) if types else ""

    def category(self, scheme: str) -> str | None:
        """The category id of the catRef whose @scheme resolves to ``scheme``."""
        for cat in self.x("t:teiHeader/t:profileDesc/t:textClass/t:catRef"):
            if self.target_id(cat.get("scheme")) == scheme:
                return self.target_id(cat.get("target"))
        return None

    @cached_property
    def dates(self) -> list[str]:
        """ISO dates of the document: the sent date for letters, else the dates of ``creation``."""
        found: list[str] = []
        for action in self.actions:
            if action.type == "sent":
                found.extend(_date_value(dict(action.date)))
        if not found:
            for date in self.x("t:teiHeader/t:profileDesc/t:creation//t:date"):
                found.extend(_date_value(date.attrib))
        seen: list[str] = []
        for value in found:
            if value and value not in seen:
                seen.append(value)
        return seen

    @cached_property
    def sort_key(self) -> tuple[str, str]:
        dates = self.dates
        return (dates[0] if dates else "9999", self.id)

    @cached_property
    def actions(self) -> list[Action]:
        out = []
        for action in self.x("t:teiHeader/t:profileDesc/t:correspDesc/t:correspAction"):
            agents = tuple(Agent(text_of(n), self.target_id(n.get("ref")), local(n))
                           for n in action.xpath("t:persName|t:orgName|t:name", namespaces=NS))
            places = tuple(Agent(text_of(n), self.target_id(n.get("ref")), local(n))
                           for n in action.xpath("t:placeName", namespaces=NS))
            date = action.find("t:date", NS)
            attrs = tuple(sorted(date.attrib.items())) if date is not None else ()
            out.append(Action(action.get("type", ""), action.get("subtype"), agents, places, attrs))
        return out

    @property
    def corresp_ref(self) -> str | None:
        refs = self.x("t:teiHeader/t:profileDesc/t:correspDesc/@ref")
        return str(refs[0]) if refs else None

    def hands(self, entities: dict[str, Entity]) -> list[Hand]:
        out = []
        for note in self.x("t:teiHeader/t:profileDesc/t:handNotes/t:handNote"):
            scribe = self.target_id(note.get("scribeRef"))
            entity = entities.get(scribe or "")
            name = entity.display if entity else (norm(note.get("scribe")) or text_of(note))
            out.append(Hand(note.get(XML_ID, ""), scribe, name, note.get("scope")))
        return out

    @property
    def notes(self) -> list[etree._Element]:
        """Editorial notes of the text (not head-notes)."""
        return [n for n in self.x("t:text//t:note") if n.get("type") != "headnote"]

    @staticmethod
    def is_footnote(note: etree._Element) -> bool:
        """Whether a note of the text is a footnote (not a head-note, not printed inline)."""
        return note.get("type") != "headnote" and note.get("place") != "inline"

    def footnote_id(self, note: etree._Element, number: int) -> str:
        """The id of the ``number``-th footnote of the body (its ``xml:id``, else one made from its number)."""
        return note.get(XML_ID) or f"{self.id}.note{number}"

    def copy_text(self) -> etree._Element | None:
        found = self.x("t:teiHeader/t:fileDesc/t:sourceDesc//t:bibl[@type='copyText']")
        return found[0] if found else None


def _date_value(attrs) -> list[str]:
    if attrs.get("when"):
        return [attrs["when"]]
    start = attrs.get("from") or attrs.get("notBefore")
    end = attrs.get("to") or attrs.get("notAfter")
    if start or end:
        return [f"{start or ''}/{end or ''}"]
    return []


@dataclass
class Corpus:
    """Documents (in reading order: date, then id), entities and categories of one corpus folder."""

    folder: Path
    documents: list[Document]
    persons: etree._ElementTree
    taxonomy: etree._ElementTree
    entities: dict[str, Entity]
    categories: dict[str, Category]
    _by_rel: dict[str, Document] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_rel = {d.rel: d for d in self.documents}

    def by_id(self, doc_id: str) -> Document | None:
        return next((d for d in self.documents if d.id == doc_id), None)

    def linked(self, doc: Document, target: str | None) -> Document | None:
        """The document of the corpus a pointer in ``doc`` leads to (``../letters/x.xml#n1`` → x), if any."""
        path = (target or "").split()[0].split("#")[0] if (target or "").strip() else ""
        if not path or re.match(r"[a-z][a-z0-9+.-]*:", path):
            return None
        return self._by_rel.get(doc.corpus_path(path))

    def party(self, agent: Agent) -> tuple[str, str]:
        """(key, readable name) of a name in a correspAction: the entity's id and its name in reading order, else
        the name as written (lower-cased for the key)."""
        entity = self.entities.get(agent.ref or "")
        return (entity.id, entity.display) if entity else (agent.name.lower(), agent.name)

    def label(self, category_id: str | None) -> str:
        """Short readable label of a category: its catDesc up to " (", or its id when that is long."""
        cat = self.categories.get(category_id or "")
        if cat is None:
            return category_id or ""
        label = cat.label.split(" (")[0]
        if len(label.split()) > 4 and "-" in cat.id:
            label = cat.id.split("-", 1)[1].replace("-", " ")
        return label[:1].upper() + label[1:]

    def letters(self) -> list[Document]:
        return [d for d in self.documents if d.x("t:teiHeader/t:profileDesc/t:correspDesc")]


def _prefixes(root: etree._Element) -> dict[str, tuple[re.Pattern[str], str]]:
    out = {}
    for pd in root.xpath("t:teiHeader/t:encodingDesc/t:listPrefixDef/t:prefixDef", namespaces=NS):
        ident, pattern, repl = pd.get("ident"), pd.get("matchPattern"), pd.get("replacementPattern")
        if ident and pattern and repl is not None:
            try:
                out[ident] = (re.compile(pattern), repl)
            except re.error:
                continue
    return out


def _entities(persons: etree._ElementTree) -> dict[str, Entity]:
    out: dict[str, Entity] = {}
    kinds = {"person": "persName", "org": "orgName", "place": "placeName", "personGrp": "persName"}
    for element in persons.getroot().iter(*(tei(k) for k in kinds)):
        ident = element.get(XML_ID)
        if not ident:
            continue
        kind = local(element)
        names = element.findall(f"t:{kinds[kind]}", NS)
        reg = next((n for n in names if n.get("type") == "reg"), names[0] if names else None)
        idnos = tuple((norm(i.get("type")).lower(), norm(i.text)) for i in element.findall("t:idno", NS)
                      if norm(i.text))
        out[ident] = Entity(ident, "person" if kind == "personGrp" else kind, text_of(reg) or ident, idnos)
    return out


def _categories(taxonomy: etree._ElementTree) -> dict[str, Category]:
    out = {}
    for tax in taxonomy.getroot().iter(tei("taxonomy")):
        for cat in tax.iter(tei("category")):
            ident = cat.get(XML_ID)
            if ident:
                label = text_of(cat.find("t:catDesc", NS)) or text_of(cat.find("t:gloss", NS)) or ident
                out[ident] = Category(ident, tax.get(XML_ID, ""), label)
    return out


def document_files(folder: Path) -> Iterable[Path]:
    """The candidate document files: ``*.xml`` one folder down, in name order."""
    return sorted(p for p in folder.glob("*/*.xml") if p.is_file())


def read_corpus(folder: Path) -> Corpus:
    """Load a corpus folder; raise :class:`CorpusError` when it cannot be exported."""
    folder = Path(folder)
    if not folder.exists():
        raise CorpusError(f"{folder}: no such corpus folder")
    if not folder.is_dir():
        raise CorpusError(f"{folder}: not a folder (expected a corpus folder with persons.xml and letters/)")
    for name in ("persons.xml", "taxonomy.xml"):
        if not (folder / name).is_file():
            raise CorpusError(f"{folder}: not a corpus folder ({name} is missing)")
    persons, taxonomy = parse(folder / "persons.xml"), parse(folder / "taxonomy.xml")
    documents = []
    for path in document_files(folder):
        tree = parse(path)
        root = tree.getroot()
        if root.tag != tei("TEI") or root.find("t:text/t:body", NS) is None:
            continue
        ident = root.get(XML_ID) or path.stem
        rel = path.relative_to(folder).as_posix()
        documents.append(Document(ident, path, rel, tree, _prefixes(root)))
    if not documents:
        raise CorpusError(f"{folder}: no TEI documents found in its sub-folders (letters/, articles/ …)")
    seen: dict[str, str] = {}
    for doc in documents:
        if doc.id in seen:
            raise CorpusError(f"{doc.rel}: document id {doc.id!r} already used by {seen[doc.id]}")
        seen[doc.id] = doc.rel
    documents.sort(key=lambda d: d.sort_key)
    return Corpus(folder, documents, persons, taxonomy, _entities(persons), _categories(taxonomy))


def _mixed(element: etree._Element) -> bool:
    return bool(norm(element.text)) or any(norm(child.tail) for child in element)


def pretty(element: etree._Element, level: int = 0, space: str = " ") -> None:
    """Indent element-only content in place; mixed content (text beside elements) is left untouched."""
    if not len(element) or _mixed(element):
        return
    inner = "\n" + space * (level + 1)
    element.text = inner
    for child in element:
        child.tail = inner
        pretty(child, level + 1, space)
    element[-1].tail = "\n" + space * level
