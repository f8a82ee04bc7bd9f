"""schema/tei-lenin.rng (attributes in libxml2's fast shape) accepts exactly what its plain TEI shape accepts.

``tools/build_schema.py`` rewrites each element's optional attributes (grouped by value pattern under one
name class, mostly in an ``<interleave>``; see ``speed_up_attributes``). The plain shape is the same build without
that step. Both must give the same verdict on every document we have: the committed corpus, a generated
sample, the fixtures (valid, invalid, validate), the Jing mutants, and attribute mutants that set each
attribute an element may have (alone, in pairs, five at a time) to valid and invalid values. Error messages
read the schema (SchemaIndex), so it must see the same elements and attributes in both shapes too.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from lxml import etree
from mutations import load_sources, mutate_all

from tei_lenin.validate.relaxng import SchemaIndex
from tei_lenin.validate.xmlsafe import parse_bytes

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "schema" / "tei-lenin.rng"
RNG_NS = "http://relaxng.org/ns/structure/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
GENERATED = 120
#: Values tried for an attribute, by datatype (the enumerated values of the attribute are tried too).
SAMPLES = {
    "anyURI": ["#a", "a b", "http://x/%zz"], "ID": ["x-1", "1x"], "string": ["a b"], "text": ["a b"],
    "token": ["x", "a b"], "date": ["1880-01-01", "1880-13-01"], "gYear": ["1880"], "dateTime": ["1880-01-01T24:00:00"],
    "boolean": ["true", "yes"], "double": ["1.5", "NaN"], "decimal": ["2"], "nonNegativeInteger": ["3", "-3"],
    "language": ["en", "en_GB"], "duration": ["P1D"],
}
GENERIC = ["", "two words", "!?"]
CHUNK = 5


def _load(path: Path, name: str) -> ModuleType:
    """Import a script that is not in a package."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def plain_rng(tei_all_rng: Path) -> etree._ElementTree:
    """The schema built without the speed step."""
    builder = _load(ROOT / "tools" / "build_schema.py", "build_schema")
    return etree.ElementTree(etree.fromstring(builder.build(tei_all_rng, speed=False)))


@pytest.fixture(scope="module")
def schemas(plain_rng: etree._ElementTree) -> tuple[etree.RelaxNG, etree.RelaxNG]:
    """(plain, fast) compiled by lxml."""
    return etree.RelaxNG(plain_rng), etree.RelaxNG(etree.parse(str(SCHEMA)))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A small generated corpus (benchmarks/generate.py, fixed seed)."""
    generate = _load(ROOT / "benchmarks" / "generate.py", "generate_corpus_for_tests")
    out = tmp_path_factory.mktemp("generated")
    generate.generate_corpus(GENERATED, 1, out)
    return sorted((out / "letters").glob("*.xml"))


def _files() -> list[Path]:
    """Every XML document of the repository's corpus and test fixtures."""
    corpus = ROOT / "corpus"
    files = [p for d in ("letters", "articles", "essays") for p in sorted((corpus / d).glob("*.xml"))]
    files += [corpus / "persons.xml", corpus / "taxonomy.xml"]
    for folder in ("tests/invalid", "tests/fixtures/validate", "tests/fixtures/schema"):
        files += sorted((ROOT / folder).rglob("*.xml"))
    return [p for p in files if p.exists()]


def _tree(data: bytes, name: str) -> etree._ElementTree | None:
    """Parse like `tei-lenin validate` (no entities, no network); None if not well-formed."""
    return parse_bytes(data, name).tree


def _verdicts(schemas: tuple[etree.RelaxNG, etree.RelaxNG], tree: etree._ElementTree) -> tuple[bool, bool]:
    plain, fast = schemas
    return bool(plain.validate(tree)), bool(fast.validate(tree))


def test_same_verdicts_on_documents_and_mutants(
    schemas: tuple[etree.RelaxNG, etree.RelaxNG], generated: list[Path]
) -> None:
    paths = _files() + generated
    docs = [(str(p.relative_to(p.parents[1])), p.read_bytes()) for p in paths]
    valid_sources = [p for p in paths if "invalid" not in str(p) and p.parent.name in ("letters", "articles", "essays")]
    docs += [(m.name, m.data) for m in mutate_all(load_sources(valid_sources), target=800)]
    differ, checked, valid = [], 0, 0
    for name, data in docs:
        tree = _tree(data, name)
        if tree is None:
            continue
        plain, fast = _verdicts(schemas, tree)
        checked += 1
        valid += plain
        if plain != fast:
            differ.append(f"{name}: plain {plain}, fast {fast}")
    assert checked > 900 and valid > GENERATED, (checked, valid)
    assert not differ, differ


def _attr_key(name: str) -> str:
    """Clark name of an attribute as SchemaIndex spells it (``xml:id``)."""
    return f"{{{XML_NS}}}{name[4:]}" if name.startswith("xml:") else name


def _candidates(values: set[str], types: set[str]) -> list[str]:
    out = sorted(values)[:3] + [v for t in sorted(types) for v in SAMPLES.get(t, ["x"])] + GENERIC
    return list(dict.fromkeys(out))


def _attribute_mutants(
    trees: list[etree._ElementTree], index: SchemaIndex
) -> Iterator[tuple[str, etree._ElementTree]]:
    """Set attributes on the first element of each name (in place; restored after each yield)."""
    seen: set[str] = set()
    for tree in trees:
        for el in tree.iter(etree.Element):
            name = etree.QName(el).localname
            if name in seen:
                continue
            seen.add(name)
            info = index.info(name).attributes
            allowed = sorted(a for a in info if a != "*")
            settings: list[dict[str, str]] = []
            for attr in allowed + ["bogus", "xml:bogus"]:
                found = info.get(attr)
                for value in _candidates(found.values, found.types) if found else ["x"]:
                    settings.append({attr: value})
            first = {a: _candidates(info[a].values, info[a].types)[0] for a in allowed}
            settings += [{a: first[a], b: first[b]} for a, b in zip(allowed, allowed[1:], strict=False)]
            # several at once, five at a time: the plain shape is exponential in present attributes
            settings += [{a: first[a] for a in allowed[i:i + CHUNK]} for i in range(0, len(allowed), CHUNK)]
            for setting in settings:
                saved = dict(el.attrib)
                for attr, value in setting.items():
                    el.set(_attr_key(attr), value)
                yield f"{name} {setting}", tree
                el.attrib.clear()
                el.attrib.update(saved)


def test_same_verdicts_on_attribute_mutants(
    schemas: tuple[etree.RelaxNG, etree.RelaxNG], plain_rng: etree._ElementTree, generated: list[Path]
) -> None:
    corpus = ROOT / "corpus"
    paths = [p for d in ("letters", "articles", "essays") for p in sorted((corpus / d).glob("*.xml"))]
    paths += [corpus / "persons.xml", corpus / "taxonomy.xml"] + generated[:10]
    trees = [etree.parse(str(p)) for p in paths if p.exists()]
    assert all(schemas[0].validate(t) for t in trees)
    index = SchemaIndex(plain_rng.getroot())
    differ, checked, valid = [], 0, 0
    for label, tree in _attribute_mutants(trees, index):
        plain, fast = _verdicts(schemas, tree)
        checked += 1
        valid += plain
        if plain != fast:
            differ.append(f"{label}: plain {plain}, fast {fast}")
    assert checked > 3000 and 0.2 < valid / checked < 0.9, (checked, valid)
    assert not differ, differ[:20]


def test_messages_read_the_same_schema(plain_rng: etree._ElementTree) -> None:
    """SchemaIndex (error wording) sees the same children, attributes and values in both shapes."""
    plain, fast = SchemaIndex(plain_rng.getroot()), SchemaIndex(etree.parse(str(SCHEMA)).getroot())
    names = {e.get("name") for e in plain_rng.iter(f"{{{RNG_NS}}}element")}

    def summary(index: SchemaIndex, name: str) -> tuple[object, ...]:
        info = index.info(name)
        attrs = {a: (i.required, sorted(i.values), sorted(i.types)) for a, i in info.attributes.items()}
        return info.children, attrs, info.text

    assert {n: summary(plain, n) for n in names} == {n: summary(fast, n) for n in names}


def test_fast_shape() -> None:
    """Optional attributes sit in interleaves (except beside a required attribute), grouped under name
    classes; IDs keep their own name."""
    root = etree.parse(str(SCHEMA)).getroot()
    r = f"{{{RNG_NS}}}"
    loose = [e.get("name") for e in root.iter(r + "element")
             if len([c for c in e if c.tag in (r + "optional", r + "zeroOrMore") and c[0].tag == r + "attribute"]) > 1
             and not any(c.tag == r + "attribute" or c.tag in (r + "choice", r + "group")
                         and c.find(f".//{r}attribute") is not None for c in e)]
    assert not loose, f"elements with several optional attributes outside an interleave: {loose}"
    assert root.findall(f".//{r}interleave/{r}optional/{r}oneOrMore/{r}attribute/{r}choice/{r}name")
    for attr in root.iter(r + "attribute"):
        if attr.get("name") is None:
            assert not attr.findall(f".//{r}data[@type='ID']"), "an ID attribute under a name class"
            assert all(n.get("ns") is not None for n in attr[0].iter(r + "name")), "name without ns"
