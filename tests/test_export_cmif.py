"""CMIF export: valid against the official CMIF RelaxNG and Schematron (where ../shared exists), and the
project's own checks of the same constraints everywhere; exactly the letters and people of a corpus."""

from __future__ import annotations

from pathlib import Path

import elementpath
import pytest
from elementpath import XPath2Parser
from lxml import etree

from tei_lenin.export.cmif import CmifOptions, bibl_uuid, build_cmif, cmif_problems, serialize
from tei_lenin.export.reader import XML_ID, read_corpus

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus"
MINI = ROOT / "tests" / "fixtures" / "export" / "mini"
NS = {"t": "http://www.tei-c.org/ns/1.0"}
SCH = "http://purl.oclc.org/dsdl/schematron"
STAMP = "2024-05-01T12:00:00Z"


def cmif_tree(folder: Path, **options) -> etree._ElementTree:
    """The CMIF file of ``folder`` as it is written (serialised, then parsed back)."""
    data = serialize(build_cmif(read_corpus(folder), CmifOptions(timestamp=STAMP, **options)))
    return etree.fromstring(data).getroottree()


def official_schematron(sch: Path, tree: etree._ElementTree) -> list[str]:
    """Run an ISO Schematron (queryBinding xslt2, no lets/phases) with elementpath's XPath 2.0.

    Each assert/report becomes one XPath 2 filter over its rule's context: ``(//CONTEXT)[not(TEST)]``.
    lxml.isoschematron cannot do this: it only implements the XSLT 1 query binding.
    """
    schema = etree.parse(str(sch))
    ns = {n.get("prefix"): n.get("uri") for n in schema.iter(f"{{{SCH}}}ns")}
    found: list[str] = []
    for rule in schema.iter(f"{{{SCH}}}rule"):
        context = "//" + rule.get("context")
        for check in rule:
            kind = etree.QName(check).localname
            if kind not in ("assert", "report"):
                continue
            test = check.get("test")
            condition = f"not({test})" if kind == "assert" else f"({test})"
            hits = elementpath.select(tree, f"({context})[{condition}]", namespaces=ns, parser=XPath2Parser)
            for _ in hits:
                found.append(f"{check.get('role', 'error')}: {' '.join(check.itertext()).split()[0]}")
    return found


@pytest.fixture(scope="module")
def seed() -> etree._ElementTree:
    return cmif_tree(SEED)


@pytest.fixture(scope="module")
def mini() -> etree._ElementTree:
    return cmif_tree(MINI)


def test_project_checks_pass(seed: etree._ElementTree, mini: etree._ElementTree) -> None:
    assert cmif_problems(seed) == []
    assert cmif_problems(mini) == []


def test_project_checks_catch_the_schematron_errors(seed: etree._ElementTree) -> None:
    broken = etree.fromstring(etree.tostring(seed)).getroottree()
    desc = broken.find(".//t:correspDesc", NS)
    desc.remove(desc.find("t:correspAction[@type='sent']", NS))
    desc.set("source", "#nowhere")
    etree.SubElement(broken.find(".//t:correspAction", NS), "{http://www.tei-c.org/ns/1.0}date")
    broken.find(".//t:bibl", NS).set(XML_ID, "x1")
    codes = {p.split()[0] for p in cmif_problems(broken)}
    assert {"E0001", "E0003", "E0004", "W0001"} <= codes


def test_official_relaxng_and_schematron(shared_dir: Path, seed: etree._ElementTree,
                                         mini: etree._ElementTree) -> None:
    cmif_dir = shared_dir / "reference" / "cmif"
    rng = etree.RelaxNG(etree.parse(str(cmif_dir / "cmi-customization.rng")))
    for tree in (seed, mini):
        assert rng.validate(tree), rng.error_log
        assert official_schematron(cmif_dir / "cmif.sch", tree) == []


def test_official_schematron_runner_finds_errors(shared_dir: Path, seed: etree._ElementTree) -> None:
    broken = etree.fromstring(etree.tostring(seed)).getroottree()
    desc = broken.find(".//t:correspDesc", NS)
    for action in desc.findall("t:correspAction[@type='received']", NS):
        desc.remove(action)
    assert any("[E0002]" in f for f in official_schematron(shared_dir / "reference/cmif/cmif.sch", broken))


def test_official_relaxng_with_jing(shared_dir: Path, jing_jar: Path, tmp_path: Path) -> None:
    from conftest import run_jing

    out = tmp_path / "cmif.xml"
    out.write_bytes(serialize(build_cmif(read_corpus(SEED), CmifOptions(timestamp=STAMP))))
    found = run_jing(jing_jar, shared_dir / "reference/cmif/cmi-customization.rng", [out])
    assert found == {str(out.resolve()): []}


def test_cc_subtype_is_valid_in_cmif(shared_dir: Path, seed: etree._ElementTree) -> None:
    """CMIF's schema keeps @subtype on correspAction: the cc actions survive validation."""
    assert seed.findall(".//t:correspAction[@subtype='cc']", NS)
    rng = etree.RelaxNG(etree.parse(str(shared_dir / "reference/cmif/cmi-customization.rng")))
    assert rng.validate(seed)


def test_seed_letters_and_people(seed: etree._ElementTree) -> None:
    corpus = read_corpus(SEED)
    letters = [d.id for d in corpus.documents if d.rel.startswith("letters/")]
    refs = [d.get("ref") for d in seed.findall(".//t:correspDesc", NS)]
    assert refs == [f"https://example.org/tei-lenin/{i}" for i in letters]
    uuid = seed.find(".//t:bibl", NS).get(XML_ID)
    assert uuid[0].isalpha() and all(d.get("source") == "#" + uuid for d in seed.findall(".//t:correspDesc", NS))
    lenin = seed.find(".//t:correspDesc/t:correspAction[@type='sent']/t:persName", NS)
    assert lenin.get("ref") == "https://d-nb.info/gnd/118640402"
    assert not seed.findall(".//t:correspAction[@type='transmitted']", NS)
    assert not seed.findall(".//t:correspAction/t:note", NS)
    assert all(a.get("subtype") in (None, "cc") for a in seed.findall(".//t:correspAction", NS))
    assert not [r for r in seed.xpath("//@ref", namespaces=NS) if "wikidata" in r]
    licence = seed.find(".//t:licence", NS)
    assert licence.get("target") == "https://creativecommons.org/licenses/by/4.0/"


def test_mini_has_exactly_its_letters_and_people(mini: etree._ElementTree) -> None:
    descs = mini.findall(".//t:correspDesc", NS)
    assert [d.get("ref") for d in descs] == ["https://mini.example.net/letters/l1901-03-14",
                                             "https://mini.example.net/letters/l1901-04-02"]
    first, second = descs
    sent = first.find("t:correspAction[@type='sent']", NS)
    assert sent.find("t:persName", NS).get("ref") == "https://viaf.org/viaf/000000001"  # VIAF, not Wikidata
    assert sent.find("t:placeName", NS).get("ref") == "https://www.geonames.org/0000004"
    assert sent.find("t:date", NS).get("when") == "1901-03-14"
    to = first.xpath("t:correspAction[@type='received'][not(@subtype)]/t:persName", namespaces=NS)[0]
    assert (to.text, to.get("ref")) == ("Brandt, Otto", "https://d-nb.info/gnd/000000002")  # GND before VIAF
    cc = first.find("t:correspAction[@subtype='cc']/t:persName", NS)
    assert cc.text == "Novak, Jana" and cc.get("ref") is None  # Wikidata only: plain name
    date = second.find("t:correspAction[@type='sent']/t:date", NS)
    assert dict(date.attrib) == {"notBefore": "1901-04-01", "notAfter": "1901-04-05", "cert": "low"}
    names = [n.text for n in mini.iterfind(".//t:correspDesc//t:persName", NS)]
    assert "Kern, Paul" not in names  # the transmitted action is dropped
    assert second.find("t:correspAction[@type='received']/t:orgName", NS).text == "Reading Club of Lyon"
    assert mini.find(".//t:bibl", NS).get(XML_ID) == bibl_uuid("https://mini.example.net/letters/")


def test_options(tmp_path: Path) -> None:
    tree = cmif_tree(MINI, base_url="https://other.example/x", wikidata=True, licence="cc0", email="a@b.c")
    assert tree.find(".//t:correspDesc", NS).get("ref") == "https://other.example/x/l1901-03-14"
    cc = tree.find(".//t:correspAction[@subtype='cc']/t:persName", NS)
    assert cc.get("ref") == "http://www.wikidata.org/entity/Q0000003"
    assert tree.find(".//t:licence", NS).get("target") == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert tree.find(".//t:editor/t:email", NS).text == "a@b.c"
    assert cmif_problems(tree) == []


def test_uuid_is_stable_and_starts_with_a_letter() -> None:
    ids = {bibl_uuid(f"https://example.org/{i}/") for i in range(200)}
    assert len(ids) == 200 and all(i[0] in "abcdef" for i in ids)
    assert bibl_uuid("https://example.org/tei-lenin/") == bibl_uuid("https://example.org/tei-lenin/")
