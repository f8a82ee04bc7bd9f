"""schema/tei-lenin.rng: no notAllowed, compiles in lxml, reproducible from tei_all, a true subset of TEI."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from conftest import run_jing
from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "schema" / "tei-lenin.rng"
FIXTURES = ROOT / "tests" / "fixtures" / "schema"
RNG_NS = "http://relaxng.org/ns/structure/1.0"
TEI_NS = "http://www.tei-c.org/ns/1.0"

VALID = sorted(FIXTURES.glob("*.xml"))
#: invalid fixture -> is it valid under tei_all? (True: it tests a project restriction)
INVALID = {
    "letter-without-correspdesc": True,
    "unknown-div-type": True,
    "bad-correspaction-subtype": True,
    "missing-mode-catref": True,
    "letter-creation-without-date": True,
    "element-outside-subset": True,
    "invalid-in-tei-all": False,
}


def _load_builder() -> ModuleType:
    """Import tools/build_schema.py (tools/ is not a package)."""
    spec = importlib.util.spec_from_file_location("build_schema", ROOT / "tools" / "build_schema.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_schema", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def ours() -> etree.RelaxNG:
    """The project schema, compiled by lxml."""
    return etree.RelaxNG(etree.parse(str(SCHEMA)))


@pytest.fixture(scope="session")
def tei_all(tei_all_rng: Path) -> etree.RelaxNG:
    """The official tei_all.rng compiled by lxml (slow: several seconds)."""
    return etree.RelaxNG(etree.parse(str(tei_all_rng)))


def _valid(schema: etree.RelaxNG, doc: etree._ElementTree | etree._Element) -> bool:
    """Validate, returning the verdict."""
    return bool(schema.validate(doc))


def _corpus() -> etree._Element:
    """A teiCorpus holding every valid fixture TEI (as the corpus export does)."""
    corpus = etree.fromstring(
        f'<teiCorpus xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>tei-lenin</title></titleStmt>'
        "<publicationStmt><publisher>tei-lenin</publisher></publicationStmt>"
        "<sourceDesc><p>Generated.</p></sourceDesc></fileDesc></teiHeader></teiCorpus>"
    )
    for path in VALID:
        corpus.append(etree.parse(str(path)).getroot())
    return corpus


def test_schema_has_no_not_allowed() -> None:
    tree = etree.parse(str(SCHEMA))
    assert tree.getroot().tag == f"{{{RNG_NS}}}grammar"
    assert not tree.getroot().findall(f".//{{{RNG_NS}}}notAllowed")
    assert b"notAllowed" not in SCHEMA.read_bytes()


def test_schema_compiles_in_lxml(ours: etree.RelaxNG) -> None:
    assert _valid(ours, etree.parse(str(FIXTURES / "valid-letter.xml")))


def test_generated_schema_equals_committed(tei_all_rng: Path) -> None:
    built = _load_builder().build(tei_all_rng)
    assert built == SCHEMA.read_bytes(), "schema/tei-lenin.rng is stale: run `python tools/build_schema.py`"


def test_schema_elements_are_the_project_subset() -> None:
    builder = _load_builder()
    names = {e.get("name") for e in etree.parse(str(SCHEMA)).iter(f"{{{RNG_NS}}}element")}
    assert names == set(builder.KEEP)
    assert "sp" not in names and "lg" not in names


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_valid_fixture_valid_under_ours_tei_all_and_jing(
    path: Path, ours: etree.RelaxNG, tei_all: etree.RelaxNG, jing_jar: Path
) -> None:
    doc = etree.parse(str(path))
    assert _valid(ours, doc), ours.error_log
    assert _valid(tei_all, doc), tei_all.error_log
    assert run_jing(jing_jar, SCHEMA, [path]) == {str(path.resolve()): []}


def test_corpus_export_valid(ours: etree.RelaxNG, tei_all: etree.RelaxNG) -> None:
    corpus = _corpus()
    assert _valid(ours, corpus), ours.error_log
    assert _valid(tei_all, corpus), tei_all.error_log


@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_fixture_rejected(
    name: str, ours: etree.RelaxNG, tei_all: etree.RelaxNG, jing_jar: Path
) -> None:
    path = FIXTURES / "invalid" / f"{name}.xml"
    doc = etree.parse(str(path))
    assert not _valid(ours, doc)
    assert run_jing(jing_jar, SCHEMA, [path])[str(path.resolve())], "Jing accepted it"
    assert _valid(tei_all, doc) is INVALID[name], "tei_all verdict changed"


def test_subset_every_document_valid_here_is_valid_in_tei_all(
    ours: etree.RelaxNG, tei_all: etree.RelaxNG
) -> None:
    """Valid fixtures, the teiCorpus and every mutant our schema accepts are all valid in tei_all."""
    from mutations import load_sources, mutate_all

    docs: list[tuple[str, etree._Element]] = [(p.name, etree.parse(str(p)).getroot()) for p in VALID]
    docs.append(("teiCorpus", _corpus()))
    for mutant in mutate_all(load_sources(VALID), target=600):
        try:
            docs.append((mutant.name, etree.fromstring(mutant.data)))
        except etree.XMLSyntaxError:
            continue
    accepted = [(name, doc) for name, doc in docs if _valid(ours, doc)]
    assert len(accepted) >= len(VALID) + 10, "too few accepted documents to say anything"
    not_tei = [name for name, doc in accepted if not _valid(tei_all, doc)]
    assert not not_tei, f"valid here but not in tei_all: {not_tei}"
