"""Engine internals: XPath classification, compile-once, documents loaded once per run, safe parsing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tei_lenin import resources
from tei_lenin.validate import engine
from tei_lenin.validate.schematron import Schematron, context_to_xpath, needs_xpath2
from tei_lenin.validate.xmlsafe import parse_bytes, parse_file

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "fixtures" / "validate" / "corpus"
DOC_ROOT = HERE.parent / "docs" / "diagnostics.md"


def test_needs_xpath2() -> None:
    assert not needs_xpath2("starts-with(@hand, '#') and key('id', $h)[self::tei:handNote]")
    assert not needs_xpath2("not($y = $y) or ($y >= 1870 and $y <= 2100)")
    assert needs_xpath2("@when castable as xs:date")
    assert needs_xpath2("tokenize(@ref, ' ')")
    assert needs_xpath2("if ($a) then 1 else 2")
    assert not needs_xpath2("concat('tokenize(', @a)")


def test_context_to_xpath() -> None:
    assert context_to_xpath("tei:p | tei:ab[@x = 'a|b']") == "//tei:p | //tei:ab[@x = 'a|b']"
    assert context_to_xpath("/tei:TEI") == "/tei:TEI"


def test_secondary_documents_loaded_once_per_run() -> None:
    loaded: list[Path] = []

    def loader(path: Path):  # noqa: ANN202
        loaded.append(path)
        return parse_file(path).tree

    sch = Schematron(resources.schema_sch(), loader=loader)
    letters = sorted((CORPUS / "letters").glob("*.xml")) * 3
    for path in letters:
        assert sch.validate(parse_file(path).tree, path.name, path.resolve().as_uri()) == []
    names = sorted(p.name for p in loaded)
    assert names.count("persons.xml") == 1 and names.count("taxonomy.xml") == 1


def test_schema_compiled_once_per_run(monkeypatch, tmp_path: Path) -> None:  # noqa: ANN001
    calls = []
    original = engine.RelaxNGValidator.__init__

    def counting(self, path, vocabulary=None):  # noqa: ANN001, ANN202
        calls.append(path)
        original(self, path, vocabulary)

    monkeypatch.setattr(engine.RelaxNGValidator, "__init__", counting)
    rng = tmp_path / "any.rng"
    rng.write_text('<element name="TEI" ns="http://www.tei-c.org/ns/1.0" '
                   'xmlns="http://relaxng.org/ns/structure/1.0"><zeroOrMore><ref name="any"/></zeroOrMore>'
                   '</element>'.replace('<zeroOrMore><ref name="any"/></zeroOrMore>', "<text/>"))
    validator = engine.Validator(rng, None)
    report = engine.validate_paths([CORPUS], validator)
    assert len(calls) == 1 and len(report.files) == 5


def test_parse_bytes_variants() -> None:
    ok = parse_bytes(b"<a/>", "x.xml")
    assert ok.tree is not None and ok.diagnostics == []
    utf16 = parse_bytes("<?xml version='1.0' encoding='UTF-16'?><a>ä</a>".encode("utf-16"), "u.xml")
    assert utf16.tree is not None
    assert parse_bytes(b"   \n", "e.xml").diagnostics[0].code == "TL-I002"
    plain = parse_bytes(b"<!DOCTYPE TEI>\n<TEI/>", "d.xml")
    assert plain.tree is not None and plain.diagnostics == []
    deep = parse_bytes(b"<a>" * 300 + b"</a>" * 300, "deep.xml")
    assert deep.tree is None and deep.diagnostics[0].code == "TL-W001"


def test_docs_up_to_date() -> None:
    out = subprocess.run([sys.executable, "-m", "tei_lenin.validate.docs"], capture_output=True, text=True,
                         check=True).stdout
    assert DOC_ROOT.read_text() == out, "run: python -m tei_lenin.validate.docs > docs/diagnostics.md"
    for code in ("TL-I001", "TL-W002", "TL-R007", "TL-S001", "TL-S026"):
        assert f"| {code} |" in out
