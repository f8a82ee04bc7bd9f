"""The public Python API of ``tei_lenin.validate``: compile once, validate paths, bytes or trees (issue 15)."""

from __future__ import annotations

import json
from pathlib import Path

from lxml import etree

from tei_lenin import resources
from tei_lenin.validate import Checker, Result

ROOT = Path(__file__).resolve().parents[1]
LETTERS = sorted((ROOT / "corpus" / "letters").glob("*.xml"))
BAD = ROOT / "tests" / "invalid" / "TL-S003-unknown-person.xml"


def test_paths_bytes_and_trees_give_the_same_findings() -> None:
    checker = Checker(resources.schema_rng(), resources.schema_sch())
    staged = LETTERS[0].parent / BAD.name  # as if the bad letter sat among the corpus's letters
    by_bytes = checker.check(BAD.read_bytes(), path=staged)
    by_tree = checker.check(etree.parse(str(BAD)), path=staged)
    assert not by_bytes.valid and "TL-S003" in {f.code for f in by_bytes.findings}
    assert {(f.code, f.message) for f in by_tree.findings} == {(f.code, f.message) for f in by_bytes.findings}
    assert by_bytes.file == str(staged)


def test_check_many_streams_plain_data() -> None:
    checker = Checker()  # each file's own xml-model
    results = list(checker.check_many(LETTERS[:3]))
    assert [r.file for r in results] == [str(p) for p in LETTERS[:3]]
    assert all(isinstance(r, Result) and r.valid for r in results)
    assert all(r.checked_against.endswith("schema/tei-lenin.rng + schema/tei-lenin.sch") for r in results)
    json.dumps([r.as_dict() for r in results])


def test_unreadable_input_is_not_valid(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_bytes(b"<TEI><unclosed></TEI>")
    result = Checker().check(broken)
    assert not result.valid and result.findings and result.findings[0].severity == "error"
    assert not Checker().check(tmp_path / "missing.xml").valid
