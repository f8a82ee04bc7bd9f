"""teiCorpus export: valid against tei_all (and the project schema when it accepts the documents), ids unique,
psn:/tax:/# pointers resolve inside the corpus, every document included."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tei_lenin.export.corpus import build_corpus, duplicate_ids, serialize, unresolved_pointers
from tei_lenin.export.reader import XML_ID, read_corpus

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus"
MINI = ROOT / "tests" / "fixtures" / "export" / "mini"
NS = {"t": "http://www.tei-c.org/ns/1.0"}


def corpus_tree(folder: Path) -> etree._ElementTree:
    """The teiCorpus as written, parsed back (a duplicate xml:id would fail here)."""
    return etree.fromstring(serialize(build_corpus(read_corpus(folder)))).getroottree()


@pytest.fixture(scope="module", params=["seed", "mini"])
def case(request) -> tuple[Path, etree._ElementTree]:
    folder = SEED if request.param == "seed" else MINI
    return folder, corpus_tree(folder)


@pytest.fixture(scope="module")
def tei_all(tei_all_rng: Path) -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(tei_all_rng)))


def test_valid_against_tei_all(tei_all: etree.RelaxNG, case) -> None:
    _, tree = case
    rng = tei_all
    assert rng.validate(tree), rng.error_log


def test_valid_against_the_project_schema(case) -> None:
    folder, tree = case
    schema = ROOT / "schema" / "tei-lenin.rng"
    if not schema.exists():
        pytest.skip("schema/tei-lenin.rng not generated yet")
    rng = etree.RelaxNG(etree.parse(str(schema)))
    rejected = [p.name for p in sorted(folder.rglob("*.xml")) if not rng.validate(etree.parse(str(p)))]
    if rejected:
        pytest.skip(f"the project schema rejects the input documents themselves ({', '.join(rejected[:3])} …)")
    assert rng.validate(tree), rng.error_log


def test_ids_unique_and_pointers_resolve(case) -> None:
    _, tree = case
    assert duplicate_ids(tree) == []
    assert unresolved_pointers(tree) == []


def test_every_document_with_its_id(case) -> None:
    folder, tree = case
    corpus = read_corpus(folder)
    tei = tree.findall("t:TEI", NS)
    assert [t.get(XML_ID) for t in tei] == [d.id for d in corpus.documents]


def test_header_standoff_and_prefixes(case) -> None:
    _, tree = case
    root = tree.getroot()
    assert [etree.QName(c).localname for c in root][:2] == ["teiHeader", "standOff"]
    header = root.find("t:teiHeader", NS)
    taxonomies = {t.get(XML_ID) for t in header.findall(".//t:classDecl/t:taxonomy", NS)}
    assert taxonomies == {"genre", "mode", "transmission", "secrecy"}
    assert header.find(".//t:sourceDesc//t:bibl[@type='copyText']/t:title", NS) is not None
    prefixes = {p.get("ident"): p.get("replacementPattern") for p in root.iterfind(".//t:prefixDef", NS)}
    assert {"psn", "org", "plc", "tax"} <= set(prefixes) <= {"psn", "org", "plc", "evt", "tax"}
    assert set(prefixes.values()) == {"#$1"}
    assert all(p.get("replacementPattern") == "#$1" for p in root.iterfind(".//t:TEI//t:prefixDef", NS))
    assert root.find("t:standOff/t:listPerson/t:person", NS) is not None


def test_links_between_documents_become_local(tmp_path: Path) -> None:
    tree = corpus_tree(MINI)
    ref = tree.xpath("//t:TEI[@xml:id='l1901-04-02']//t:text//t:ref", namespaces=NS)[0]
    assert ref.get("target") == "#a1902-01-10"
    seed = corpus_tree(SEED)
    targets = seed.xpath("//t:correspContext/t:ref/@target", namespaces=NS)
    assert targets and all(t.startswith("#") for t in targets)
