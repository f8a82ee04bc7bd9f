"""Which Schematron engine runs: ours, or SchXslt2 on SaxonC-HE (``--rules-engine``, issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tei_lenin import resources
from tei_lenin.cli import main
from tei_lenin.errors import SchemaError
from tei_lenin.validate import saxon
from tei_lenin.validate.engine import Validator, validate_files
from tei_lenin.validate.saxon import SaxonSchematron, location_line
from tei_lenin.validate.schematron import Schematron

SCH = "http://purl.oclc.org/dsdl/schematron"
RULES = f"""<schema xmlns="{SCH}" queryBinding="xslt2"><ns prefix="o" uri="urn:o"/>
<pattern><rule context="o:item"><assert id="O-1" test="@n" role="warning">item <value-of select="."/> has no
@n</assert><report id="O-2" test="@n = '2'">two</report></rule></pattern></schema>"""
READING = RULES.replace('test="@n"', 'test="doc-available(\'x.xml\')"')

needs_saxon = pytest.mark.skipif(not saxon.available(), reason="saxonche is not installed")


@pytest.fixture()
def files(tmp_path: Path) -> list[Path]:
    out = []
    for i in range(60):
        f = tmp_path / f"d{i:02}.xml"
        f.write_text(f'<doc xmlns="urn:o">\n<item n="{i % 3}">a</item>\n<item>b{i}</item>\n</doc>\n')
        out.append(f)
    (tmp_path / "rules.sch").write_text(RULES)
    (tmp_path / "reading.sch").write_text(READING)
    return out


@needs_saxon
def test_auto_takes_saxon_for_other_projects_rules_only(files: list[Path]) -> None:
    folder = files[0].parent
    assert isinstance(Validator(None, folder / "rules.sch", rules_engine="auto").rules, SaxonSchematron)
    assert isinstance(Validator(None, folder / "reading.sch", rules_engine="auto").rules, Schematron)
    assert isinstance(Validator(None, resources.schema_sch(), rules_engine="auto").rules, Schematron)
    with pytest.raises(SchemaError, match="read other documents"):
        Validator(None, folder / "reading.sch", rules_engine="saxon")


@needs_saxon
def test_saxon_findings_equal_ours_and_never_fork(files: list[Path]) -> None:
    rules = files[0].parent / "rules.sch"
    python = validate_files(files, Validator(None, rules, rules_engine="python"), jobs=2)
    fast = Validator(None, rules, rules_engine="saxon")
    assert not fast.fork_safe
    accelerated = validate_files(files, fast, jobs=2)  # forced to one process: no crash, same findings

    def flat(report: object) -> list[tuple]:
        return sorted((d.file, d.line or 0, d.code, d.severity.value, d.message) for d in report.diagnostics)

    assert flat(python) == flat(accelerated)
    assert any(d.code == "O-1" and d.severity.value == "warning" and "has no @n" in d.message
               for d in accelerated.diagnostics)


@needs_saxon
def test_cli_rules_engine_option(files: list[Path]) -> None:
    rules = str(files[0].parent / "rules.sch")
    outputs = [CliRunner().invoke(main, ["validate", str(files[2]), "--rules", rules, "--rules-engine", engine])
               for engine in ("python", "saxon", "auto")]
    assert {r.exit_code for r in outputs} == {1}
    assert len({r.output for r in outputs}) == 1


def test_location_line() -> None:
    from lxml import etree

    tree = etree.ElementTree(etree.fromstring('<a xmlns="urn:o">\n<b/>\n<b c="1">t</b></a>'))
    assert location_line(tree, "/Q{urn:o}a[1]/Q{urn:o}b[2]/@c") == 3
    assert location_line(tree, "/Q{urn:o}a[1]/Q{urn:o}b[2]/text()[1]") == 3
    assert location_line(tree, "/Q{urn:o}a[1]/Q{urn:o}x[1]") is None
