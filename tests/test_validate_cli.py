"""`tei-lenin validate` through click's CliRunner: exit codes, formats, safety, caps, options."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from tei_lenin import resources
from tei_lenin.cli import main

HERE = Path(__file__).resolve().parent
INVALID = HERE / "invalid"
CORPUS = HERE / "fixtures" / "validate" / "corpus"
PARAMS = ["--persons", str(CORPUS / "persons.xml"), "--taxonomy", str(CORPUS / "taxonomy.xml")]
LINE = re.compile(r"^(?P<file>[^:]+)(?::(?P<line>[1-9]\d*)(?::(?P<col>[1-9]\d*))?)?: "
                  r"(?P<sev>error|warning|info)\[(?P<code>TL-[IWRS]\d{3})\]: (?P<msg>\S.*)$")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout


def test_valid_corpus_exit_0() -> None:
    code, out = run(str(CORPUS), "--no-schema")
    assert code == 0, out
    assert out.strip().splitlines()[-1].startswith("5 files checked: no errors")


def test_errors_exit_1_and_line_format() -> None:
    code, out = run(str(INVALID / "TL-S001-dangling-hand.xml"), str(INVALID / "TL-S007-unused-hand.xml"),
                    "--no-schema", *PARAMS)
    assert code == 1
    lines = out.strip().splitlines()
    assert lines[-2] == "checked against schema/tei-lenin.sch: 2 files"  # their xml-model; --no-schema
    found = [LINE.match(line) for line in lines[:-2]]
    assert all(found), lines
    assert [m["code"] for m in found if m] == ["TL-S001", "TL-S007"]
    assert found[1] and found[1]["sev"] == "warning"
    assert lines[-1] == "2 files checked: 1 error in 1 file, 1 warning"


def test_exit_is_never_the_error_count() -> None:
    code, _ = run(str(INVALID / "TL-I007-many-findings.xml"), "--no-schema", *PARAMS)
    assert code == 1


def test_missing_path_exit_2_and_others_still_checked() -> None:
    code, out = run("no/such/file.xml", str(CORPUS / "persons.xml"), "--no-schema")
    assert code == 2
    assert "no/such/file.xml: error[TL-I001]: cannot read file" in out
    assert "2 files checked" in out


def test_bad_schema_option_exit_2() -> None:
    assert run(str(CORPUS), "--schema", "missing.rng")[0] == 2
    assert run(str(CORPUS), "--format", "yaml")[0] == 2


def test_broken_schema_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rng"
    bad.write_text("<grammar xmlns='http://relaxng.org/ns/structure/1.0'><start><ref name='x'/></start></grammar>")
    result = CliRunner().invoke(main, ["validate", str(CORPUS), "--schema", str(bad)])
    assert result.exit_code == 2
    assert "cannot compile RelaxNG" in result.stderr


def test_unsafe_files_one_line_each_and_run_goes_on(tmp_path: Path) -> None:
    names = ["TL-I002-empty.xml", "TL-I003-binary-junk.xml", "TL-I004-billion-laughs.xml",
             "TL-I004-xxe.xml", "TL-I005-network-dtd.xml", "TL-W001-truncated.xml"]
    for name in names:
        shutil.copy(INVALID / name, tmp_path / name)
    shutil.copy(CORPUS / "persons.xml", tmp_path / "persons.xml")
    code, out = run(str(tmp_path), "--no-schema", "--rules", str(resources.schema_sch()))
    assert code == 2  # the empty and the binary file are unreadable input
    lines = [line for line in out.strip().splitlines() if not line.startswith("checked against ")]
    assert len(lines) == len(names) + 1
    for name, line in zip(sorted(names), lines, strict=False):
        assert line.startswith(str(tmp_path / name)) or name in line
        assert LINE.match(line.replace(str(tmp_path) + "/", ""))
    assert "root:" not in out and "lol" not in out.replace("billion-laughs", "")
    assert lines[-1].startswith(f"{len(names) + 1} files checked: {len(names)} errors")


def test_rng_errors_have_no_zero_column(tei_all_rng: Path) -> None:
    code, out = run(str(INVALID / "TL-R001-unknown-element.xml"), "--schema", str(tei_all_rng), "--no-rules")
    assert code == 1
    first = out.splitlines()[0]
    assert ":0:" not in out and ":0 " not in out
    m = LINE.match(first)
    assert m and m["line"] == "51" and m["col"] is None and m["code"] == "TL-R001"
    assert 'element "foo" not allowed in "opener"; expected' in first and "more)" in first


def test_rules_still_run_after_relaxng_errors(tei_all_rng: Path) -> None:
    code, out = run(str(INVALID / "TL-R000-choice-cascade.xml"), "--schema", str(tei_all_rng),
                    "--rules", str(resources.schema_sch()), *PARAMS)
    assert code == 1 and "TL-S015" in out and "TL-R004" in out


def test_syntax_error_has_line_and_column() -> None:
    _, out = run(str(INVALID / "TL-W001-truncated.xml"), "--no-schema")
    m = LINE.match(out.splitlines()[0])
    assert m and m["code"] == "TL-W001" and m["line"] and m["col"]


def test_duplicate_id_is_a_finding_not_a_crash() -> None:
    code, out = run(str(INVALID / "TL-W002-duplicate-id.xml"), "--no-schema", *PARAMS)
    assert code == 1
    assert re.search(r"TL-W002-duplicate-id\.xml:52:\d+: error\[TL-W002\]: xml:id \"l1922-12-15b.n1\" already", out)


def test_max_per_file_cap() -> None:
    path = str(INVALID / "TL-I007-many-findings.xml")
    _, out = run(path, "--no-schema", *PARAMS, "--max-per-file", "3")
    lines = [line for line in out.strip().splitlines() if not line.startswith("checked against ")]
    assert len(lines) == 5
    assert "info[TL-I007]: 22 more findings not shown (22 errors)" in lines[3]
    assert "25 errors in 1 file" in lines[4] and "(22 findings not shown)" in lines[4]
    _, out = run(path, "--no-schema", *PARAMS, "--max-per-file", "0")
    assert out.count("TL-S014") == 25


def test_quiet_prints_errors_only() -> None:
    code, out = run(str(INVALID / "TL-S007-unused-hand.xml"), str(INVALID / "TL-S001-dangling-hand.xml"),
                    "--no-schema", *PARAMS, "--quiet")
    assert code == 1
    assert out.strip().splitlines() == [line for line in out.strip().splitlines() if "[TL-S001]" in line]


def test_json_format() -> None:
    code, out = run(str(INVALID / "TL-S001-dangling-hand.xml"), "--no-schema", *PARAMS, "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert data["version"] == 1
    assert data["summary"] == {"files": 1, "errors": 1, "warnings": 0, "suppressed": 0, "exit_status": 1,
                               "checked_against": {"schema/tei-lenin.sch": 1}}
    (d,) = data["diagnostics"]
    assert d["code"] == "TL-S001" and d["line"] == 52 and d["column"] is None and d["severity"] == "error"
    assert set(d) == {"file", "line", "column", "severity", "code", "message"}


def test_junit_format() -> None:
    code, out = run(str(INVALID / "TL-S001-dangling-hand.xml"), str(CORPUS / "persons.xml"),
                    "--no-schema", *PARAMS, "--format", "junit")
    root = ElementTree.fromstring(out.encode())
    assert code == 1 and root.tag == "testsuite" and root.get("tests") == "2" and root.get("failures") == "1"
    failure = root.find("testcase/failure")
    assert failure is not None and failure.get("type") == "TL-S001"


def test_github_format() -> None:
    _, out = run(str(INVALID / "TL-S001-dangling-hand.xml"), "--no-schema", *PARAMS, "--format", "github")
    first = out.splitlines()[0]
    assert re.match(r"^::error file=[^,]*TL-S001-dangling-hand\.xml,line=52,title=TL-S001::@hand=", first)


def test_jobs_give_the_same_output() -> None:
    args = [str(INVALID), "--no-schema", *PARAMS]
    assert run(*args, "--jobs", "2") == run(*args)


def test_schema_option_with_tei_all_and_no_rules(tei_all_rng: Path) -> None:
    code, out = run(str(CORPUS), "--schema", str(tei_all_rng), "--no-rules")
    assert code == 0, out


def test_other_rules_file(tmp_path: Path) -> None:
    sch = tmp_path / "other.sch"
    sch.write_text("""<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">
      <sch:ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/>
      <sch:pattern><sch:rule context="tei:persName">
        <sch:report id="X-001" role="warning" test="true()">a persName: <sch:value-of select="@ref"/></sch:report>
      </sch:rule></sch:pattern></sch:schema>""")
    code, out = run(str(CORPUS / "articles"), "--no-schema", "--rules", str(sch))
    assert code == 0
    assert "warning[X-001]: a persName: psn:lenin" in out


def test_default_is_the_project_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(resources, "default_corpus_dir", lambda: CORPUS)
    code, out = run("--no-schema")
    assert code == 0 and "5 files checked" in out
