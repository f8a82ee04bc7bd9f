"""`tei-lenin encode` as a user runs it on other compilations: own authority files, the JSON report, warnings
capped on the terminal, nothing invalid ever written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from encode_support import ROOT, facts
from lxml import etree

from tei_lenin import pipeline
from tei_lenin.cli import main
from tei_lenin.tei.build import q

OTHER = ROOT / "tests" / "fixtures" / "encode" / "other-compilation.txt"
HEADER = "\t".join(["key", "type", "preferred_name", "variants_in_text", "birth", "death", "wikidata", "gnd", "viaf",
                    "geonames", "evidence", "confidence"]) + "\n"


def test_own_authority_file_names_more_people(tmp_path: Path) -> None:
    people = tmp_path / "people.tsv"
    people.write_text(HEADER + "chicherin\tperson\tChicherin, Georgy V.\tChicherin; G. V. Chicherin\t1872\t1936"
                      "\t\t\t\t\tmy own reading\tmedium\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["encode", str(OTHER), "-o", str(out), "--authorities", str(people)])
    assert result.exit_code == 0, result.output
    assert facts(out / "letters" / "l1924-01-03.xml")["to"] == ["psn:chicherin"]
    persons = etree.parse(str(out / "persons.xml"))
    person = persons.find(".//{*}person[@{http://www.w3.org/XML/1998/namespace}id='chicherin']")
    assert person is not None and person.find("{*}idno") is None  # no identifier the file does not give
    assert persons.find(".//{*}person[@{http://www.w3.org/XML/1998/namespace}id='lenin']") is not None


@pytest.mark.parametrize(("row", "message"), [
    ("chicherin\tperson\t\n", ":2: error: unusable authority file: entry 'chicherin' has no preferred_name"),
    ("Chicherin\tperson\tChicherin\n", ":2: error: unusable authority file: key 'Chicherin'"),
    ("chicherin\tpeople\tChicherin\n", ":2: error: unusable authority file: type 'people'"),
])
def test_unusable_authority_file_is_refused_with_its_line(tmp_path: Path, row: str, message: str) -> None:
    people = tmp_path / "people.tsv"
    people.write_text(HEADER + row, encoding="utf-8")
    result = CliRunner().invoke(main, ["encode", str(OTHER), "-o", str(tmp_path / "out"), "--authorities",
                                       str(people)])
    assert result.exit_code == 2 and f"{people}{message}" in result.stderr
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


def test_json_report_lists_documents_and_every_warning(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["encode", str(OTHER), "-o", str(tmp_path / "out"), "--format", "json"])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert [d["id"] for d in report["documents"]] == ["e2025-03-03", "l1924-01-03", "a1923-02-02", "l1922-12-01"]
    assert report["documents"][1]["lines"][0] == 9 and report["documents"][1]["file"] == "letters/l1924-01-03.xml"
    assert {w["line"] for w in report["warnings"]} == {37, 41, 59}
    assert report["summary"] == {"documents": 4, "warnings": 3, "notices": 0}


def test_warnings_are_capped_on_the_terminal(tmp_path: Path) -> None:
    letters = "".join(f"Letter to A. B. SMITH\n\nWritten: Written on May {day}, 1921\n\nText.[{day}]\n\nLenin\n\n"
                      for day in range(1, 26))
    source = tmp_path / "many.txt"
    source.write_text(letters, encoding="utf-8")
    result = CliRunner().invoke(main, ["encode", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert sum(": warning: note marker" in line for line in lines) == 20
    assert f"{source}: … and 5 more warnings (all of them with --format json)" in lines
    assert "25 warnings" in result.stdout


def test_notices_say_where_page_furniture_went(tmp_path: Path) -> None:
    source = tmp_path / "page.txt"
    source.write_text("V. I.   Lenin\n\nTo:   A. B. SMITH\n\nWritten: Written on May 3, 1921\n\nComrade Smith:\n\n"
                      "Send it.\n\nLenin\n\n< backward   forward >\nWorks Index   |   Volume 45\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["encode", str(source), "-o", str(tmp_path / "out"), "--format", "json"])
    notices = [w for w in json.loads(result.stdout)["warnings"] if w["severity"] == "notice"]
    assert [n["line"] for n in notices] == [13, 14] and "left out of the TEI" in notices[0]["message"]
    text = CliRunner().invoke(main, ["encode", str(source), "-o", str(tmp_path / "out2")])
    assert "0 warnings, 2 notices" in text.stdout and "warning:" not in text.stderr


def test_an_invalid_encoding_is_never_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the structure read from the text breaks the schema, the text is encoded as plain paragraphs."""
    original = pipeline.DocumentEncoder.encode

    def broken(self: pipeline.DocumentEncoder, doc: pipeline.Document) -> etree._Element:
        tree = original(self, doc)
        if doc.opener:  # the structured reading only: the fallback has no opener
            tree.find(q("text")).find(q("body")).find(q("div")).insert(0, etree.Element(q("bogus")))
        return tree

    monkeypatch.setattr(pipeline.DocumentEncoder, "encode", broken)
    out = tmp_path / "out"
    result = pipeline.encode_corpus(OTHER, out)
    schema = etree.RelaxNG(etree.parse(str(ROOT / "schema" / "tei-lenin.rng")))
    for path in out.glob("*/*.xml"):
        assert schema.validate(etree.parse(str(path))), path
    fallback = [w for w in result.warnings if "broke the schema" in w.message]
    assert [w.line for w in fallback] == [9, 45]  # the two letters with an opener
    letter = etree.parse(str(out / "letters" / "l1924-01-03.xml"))
    assert letter.find(".//{*}opener") is None and "Please send the papers" in "".join(letter.getroot().itertext())
