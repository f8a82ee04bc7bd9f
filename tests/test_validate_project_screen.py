"""The Python screen of the project's rules is sound: whenever the Schematron engine finds something, the screen
says "maybe"; and it is useful: the valid corpus passes it, so the engine's XPath is skipped there."""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from lxml import etree

from tei_lenin import resources
from tei_lenin.validate.project import RULES_SHA256, ProjectScreen, project_resolvers
from tei_lenin.validate.schematron import Schematron
from tei_lenin.validate.xmlsafe import parse_file

HERE = Path(__file__).resolve().parent
INVALID = HERE / "invalid"
CORPUS = HERE / "fixtures" / "validate" / "corpus"
PARAMS = {"persons": CORPUS / "persons.xml", "taxonomy": CORPUS / "taxonomy.xml"}
FIXTURES = sorted(p for p in INVALID.iterdir() if p.suffix == ".xml")
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
#: Values an attribute is set to by the mutants: pointers to nothing or to the wrong kind of thing, impossible
#: or out-of-range dates, prefixes that are not declared, empty values.
PROBES = ("", "#", "#nowhere", "#{id}", "psn:nobody", "org:lenin", "plc:{id}", "tax:genre-article", "tax:mode",
          "1923-02-30", "1869-12-31", "2101-01-01", "1923-13-01", "0000-01-01", "\uff11\uff19\uff12\uff13-01-01",
          "{id}", "{id}.x", "false", "cc", "sent")

#: Attribute and element names the rules look at.
RULE_NAMES = ("scribeRef", "subtype", "when", "anchored", "replacementPattern", "target", "n", "type", "hand",
              "ref", "scheme", "note", "closer", "correspAction", "date", "catRef", "handNote", "prefixDef")


def _documents() -> list[Path]:
    corpus = resources.default_corpus_dir()
    found = sorted(p for p in corpus.rglob("*.xml") if p.parent != corpus) if corpus.is_dir() else []
    return found + sorted(p for p in CORPUS.rglob("*.xml") if p.parent != CORPUS)


def _engines(params: dict[str, Path]) -> tuple[Schematron, Schematron]:
    """The screened engine and the reference (no screens of any kind)."""
    screened = Schematron(resources.schema_sch(), parameters=params, lazy_xpath2=True)
    screened.resolvers.update(project_resolvers(screened))
    screened.prescreen = ProjectScreen(screened)
    plain = Schematron(resources.schema_sch(), parameters=params, screen=False)
    return screened, plain


def _verdict(screened: Schematron, tree: etree._ElementTree, uri: str) -> bool:
    """What the screen says of ``tree`` (True: no rule can fire), with the lets computed as the engine does."""
    seen: list[bool] = []
    screen = screened.prescreen
    assert screen is not None
    screened.prescreen = lambda t, u, v: seen.append(screen(t, u, v)) or True
    try:
        screened.validate(tree, "x.xml", uri)
    finally:
        screened.prescreen = screen
    return seen[0]


def _spread(items: list, n: int) -> list:
    if len(items) <= n:
        return items
    return [items[i * len(items) // n] for i in range(n)]


def _by_kind(sites: list, kind: Callable) -> list:
    """The first and the last site of each kind the rules look at (attribute or element names)."""
    out = []
    for name in RULE_NAMES:
        same = [site for site in sites if kind(site) == name]
        out += sorted({*same[:1], *same[-1:]})
    return out


def _mutants(path: Path) -> Iterator[tuple[str, etree._ElementTree]]:
    """Deterministic rule-breaking edits of one document: attribute values, removals, duplicates, emptied
    elements, moved notes."""
    tree = parse_file(path).tree
    assert tree is not None
    elements = [el for el in tree.getroot().iter(etree.Element)]
    ids = [el.get(XML_ID) for el in elements if el.get(XML_ID)]
    sites = [(i, name) for i, el in enumerate(elements) for name in el.attrib]
    for i, name in _spread(sites, 12) + _by_kind(sites, lambda site: site[1]):
        for p, probe in enumerate(PROBES):
            other = copy.deepcopy(tree)
            el = list(other.getroot().iter(etree.Element))[i]
            el.set(name, probe.format(id=ids[(i + p) % len(ids)] if ids else "x"))
            yield f"{path.name}: {name}={el.get(name)!r} on element {i}", other
        other = copy.deepcopy(tree)
        del list(other.getroot().iter(etree.Element))[i].attrib[name]
        yield f"{path.name}: no {name} on element {i}", other
    kinds = [(i, etree.QName(el).localname) for i, el in enumerate(elements) if i]
    for i in _spread(list(range(1, len(elements))), 12) + [i for i, _ in _by_kind(kinds, lambda k: k[1])]:
        for edit in ("remove", "duplicate", "empty", "to-end"):
            other = copy.deepcopy(tree)
            el = list(other.getroot().iter(etree.Element))[i]
            parent = el.getparent()
            if edit == "remove":
                parent.remove(el)
            elif edit == "duplicate":
                twin = copy.deepcopy(el)
                for node in twin.iter(etree.Element):
                    node.attrib.pop(XML_ID, None)
                el.addnext(twin)
            elif edit == "empty":
                el.text = " "
                for child in list(el):
                    el.remove(child)
            else:
                parent.insert(0, el)  # e.g. a note moved before the opener
            yield f"{path.name}: {edit} element {i} ({etree.QName(el).localname})", other


def test_screen_is_written_for_these_rules() -> None:
    digest = hashlib.sha256(resources.schema_sch().read_bytes()).hexdigest()
    assert digest == RULES_SHA256, ("schema/tei-lenin.sch changed: review ProjectScreen in "
                                    "src/tei_lenin/validate/project.py against it, then set RULES_SHA256")


@pytest.mark.parametrize("params, documents", [(PARAMS, sorted(p for p in CORPUS.rglob("*.xml")
                                                                  if p.parent != CORPUS)), ({}, _documents())],
                         ids=["explicit-files", "from-prefixDef"])
def test_valid_documents_pass_the_screen(params: dict[str, Path], documents: list[Path]) -> None:
    screened, _ = _engines(params)
    assert len(documents) >= 3
    for path in documents:
        tree = parse_file(path).tree
        assert _verdict(screened, tree, path.resolve().as_uri()), path


@pytest.mark.parametrize("params", [PARAMS, {}], ids=["explicit-files", "from-prefixDef"])
def test_screen_never_hides_a_finding_of_the_fixtures(params: dict[str, Path]) -> None:
    screened, plain = _engines(params)
    fired = 0
    for path in FIXTURES + sorted(CORPUS.rglob("*.xml")):
        tree = parse_file(path).tree
        if tree is None:
            continue
        uri = path.resolve().as_uri()
        found = plain.validate(tree, path.name, uri)
        assert screened.validate(tree, path.name, uri) == found, path.name
        if found:
            fired += 1
            assert not _verdict(screened, tree, uri), path.name
    assert fired >= 26


def test_screen_never_hides_a_finding_of_the_mutants() -> None:
    """Thousands of edits of the committed documents: each one the engine faults, the screen must not pass."""
    screened, plain = _engines({})
    total = faulted = 0
    for path in _documents()[:8]:
        uri = path.resolve().as_uri()
        for label, tree in _mutants(path):
            total += 1
            found = plain.validate(tree, "x.xml", uri)
            if found:
                faulted += 1
                assert not _verdict(screened, tree, uri), (label, [d.code for d in found])
    assert total > 1500 and faulted > 300, (total, faulted)
