"""Every code has a fixture in tests/invalid that produces exactly that code; valid fixtures give nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from validate_support import same_findings

from tei_lenin import resources
from tei_lenin.diagnostics import CODES
from tei_lenin.validate.engine import Validator
from tei_lenin.validate.project import project_resolvers
from tei_lenin.validate.schematron import Schematron

HERE = Path(__file__).resolve().parent
INVALID = HERE / "invalid"
CORPUS = HERE / "fixtures" / "validate" / "corpus"
PARAMS = {"persons": CORPUS / "persons.xml", "taxonomy": CORPUS / "taxonomy.xml"}
FIXTURES = sorted(p for p in INVALID.iterdir() if p.name.startswith("TL-"))
VALID = sorted(CORPUS.rglob("*.xml"))

#: Findings a fixture cannot avoid besides its own code (documented: a calendar error is also a RelaxNG
#: datatype error, a recovered duplicate id is also a RelaxNG ID error, the cap counts its TL-S014s).
EXTRA_RULES_ONLY = {"TL-I007": {"TL-S014"}, "TL-R000": {"TL-S015"}}
EXTRA_TEI_ALL = {
    "TL-I007": {"TL-S014"},
    "TL-S015": {"TL-R000", "TL-R001", "TL-R004"},
    "TL-R000": {"TL-R001", "TL-R004", "TL-S015"},
    "TL-W002": {"TL-R004"},
}


#: Codes about the files' own xml-model: their fixtures are checked as the command does without options.
MODEL_CODES = frozenset({"TL-I010", "TL-I011", "TL-I012"})


def code_of(path: Path) -> str:
    return path.name[:7]


def _max_bytes(code: str) -> int:
    return 64 if code == "TL-I006" else 64 * 1024 * 1024


def _timeout(code: str) -> float | None:
    """The time-limit fixture runs with a limit no validation can meet."""
    return 1e-6 if code == "TL-I008" else None


@pytest.fixture(scope="module")
def tei_all_validator(tei_all_rng: Path) -> Validator:
    return Validator(tei_all_rng, resources.schema_sch(), max_per_file=20, **PARAMS)


@pytest.mark.parametrize("path", [p for p in FIXTURES if not code_of(p).startswith("TL-R")], ids=lambda p: p.name)
def test_fixture_emits_exactly_its_code_rules_only(path: Path) -> None:
    code = code_of(path)
    validator = Validator(None, None if code in MODEL_CODES else resources.schema_sch(),
                          max_bytes=_max_bytes(code), timeout=_timeout(code), follow_models=code in MODEL_CODES,
                          **PARAMS)
    found = {d.code for d in validator.check_file(path).diagnostics}
    assert found == {code} | EXTRA_RULES_ONLY.get(code, set())


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_fixture_emits_exactly_its_code_with_tei_all(path: Path, tei_all_validator: Validator) -> None:
    code = code_of(path)
    if code in MODEL_CODES:  # what the file names, or nothing: --schema would replace it
        assert {d.code for d in Validator(follow_models=True).check_file(path).diagnostics} == {code}
        return
    tei_all_validator.max_bytes = _max_bytes(code)
    tei_all_validator.timeout = _timeout(code)
    try:
        found = {d.code for d in tei_all_validator.check_file(path).diagnostics}
    finally:
        tei_all_validator.max_bytes = 64 * 1024 * 1024
        tei_all_validator.timeout = None
    assert found == {code} | EXTRA_TEI_ALL.get(code, set())


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_fixtures_emit_nothing(path: Path, tei_all_validator: Validator) -> None:
    assert tei_all_validator.check_file(path).diagnostics == []
    # found next to the document via the prefixDef (../persons.xml), without explicit files
    assert Validator(None, resources.schema_sch()).check_file(path).diagnostics == []


def test_every_code_has_a_fixture() -> None:
    rule_codes = {c.code for c in Schematron(resources.schema_sch()).checks}
    have = {code_of(p) for p in FIXTURES}
    assert set(CODES) | rule_codes <= have
    assert have <= set(CODES) | rule_codes, "fixture named after an unknown code"
    assert len(rule_codes) >= 15


def test_rules_have_code_severity_and_message() -> None:
    for check in Schematron(resources.schema_sch()).checks:
        assert check.code.startswith("TL-S") and len(check.code) == 7
        assert check.severity.value in ("error", "warning")
        assert ";" in check.source_message, f"{check.code}: say what to do after a semicolon"


def _elementpath_agrees(paths: list[Path], params: dict[str, Path]) -> int:
    fast = Schematron(resources.schema_sch(), parameters=params)
    fast.resolvers.update(project_resolvers(fast))
    slow = Schematron(resources.schema_sch(), parameters=params, force_elementpath=True)
    assert any(c.test.engine == "lxml" for c in fast.checks)
    assert any(c.test.engine == "elementpath" for c in fast.checks)
    assert all(c.test.engine == "elementpath" for c in slow.checks)
    return same_findings(fast, slow, paths)


def test_lxml_and_elementpath_findings_identical_on_fixtures() -> None:
    assert _elementpath_agrees(FIXTURES + VALID, PARAMS) > 30


def test_lxml_and_elementpath_findings_identical_on_corpus() -> None:
    corpus = resources.default_corpus_dir()
    files = sorted(corpus.rglob("*.xml")) if corpus.is_dir() else []
    if not files:
        pytest.skip("no encoded corpus yet")
    assert _elementpath_agrees(files, {}) == len(files)
