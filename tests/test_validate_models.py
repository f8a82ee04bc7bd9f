"""Which schema and rules apply to a file: its ``<?xml-model?>`` instructions, else the options; never the
project's rules on a file that does not ask for them (issue 16)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tei_lenin import resources
from tei_lenin.cli import main
from tei_lenin.validate.engine import Validator
from tei_lenin.validate.models import Model, model, models_in_bytes, prolog
from tei_lenin.validate.xmlsafe import precheck

RNG_NS = "http://relaxng.org/ns/structure/1.0"
SCH_NS = "http://purl.oclc.org/dsdl/schematron"

#: A tiny RelaxNG schema and Schematron rule set of "another project".
OTHER_RNG = f"""<grammar xmlns="{RNG_NS}" ns="urn:other"><start><element name="doc">
<zeroOrMore><element name="item"><optional><attribute name="n"/></optional><text/></element></zeroOrMore>
</element></start></grammar>"""
OTHER_SCH = f"""<schema xmlns="{SCH_NS}" queryBinding="xslt2"><ns prefix="o" uri="urn:other"/>
<pattern><rule context="o:item"><assert id="O-1" test="@n">an item has @n</assert></rule></pattern></schema>"""


def pi(href: str, ns: str) -> str:
    return f'<?xml-model href="{href}" type="application/xml" schematypens="{ns}"?>\n'


def doc(*pis: str, body: str = '<item n="1">a</item>') -> str:
    return '<?xml version="1.0"?>\n' + "".join(pis) + f'<doc xmlns="urn:other">{body}</doc>\n'


@pytest.fixture()
def other(tmp_path: Path) -> Path:
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "other.rng").write_text(OTHER_RNG)
    (tmp_path / "schema" / "other.sch").write_text(OTHER_SCH)
    (tmp_path / "data").mkdir()
    return tmp_path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", *args])
    return result.exit_code, result.stdout + result.stderr


# ---- reading the instructions --------------------------------------------------------------------------


def test_prolog_skips_comments() -> None:
    data = b'<?xml version="1.0"?>\n<!-- <!DOCTYPE x SYSTEM "http://e/x.dtd"> <?xml-model href="a.rng"?> -->\n<a/>'
    pis, doctype = prolog(data)
    assert doctype is None and [body[:3] for _, body in pis] == [b"xml"]
    assert precheck(data, "f") is None  # a DOCTYPE in a comment is not a DOCTYPE (TL-I005 before)
    assert models_in_bytes(data) == []
    real = b'<!-- c -->\n<!DOCTYPE TEI SYSTEM "tei.dtd">\n<TEI/>'
    assert prolog(real)[1] == real.index(b"<!DOCTYPE")
    assert precheck(real, "f").code == "TL-I005"  # type: ignore[union-attr]


def test_prolog_stops_at_the_root() -> None:
    data = b'<a><?xml-model href="inner.rng"?><!DOCTYPE b></a>'
    assert prolog(data) == ([], None)


def test_models_in_bytes_and_utf16() -> None:
    text = doc(pi("s/x.rng", RNG_NS), pi("s/x.sch", SCH_NS))
    for data in (text.encode(), text.replace('<?xml version="1.0"?>', "").encode("utf-16")):
        found = models_in_bytes(data)
        assert [(m.href, m.kind) for m in found] == [("s/x.rng", "relaxng"), ("s/x.sch", "schematron")]


@pytest.mark.parametrize(("pseudo", "kind"), [
    ({"href": "a.rng"}, "relaxng"),
    ({"href": "a.sch"}, "schematron"),
    ({"href": "a.isosch"}, "schematron"),
    ({"href": "a.xml", "schematypens": SCH_NS}, "schematron"),
    ({"href": "a.rnc", "type": "application/relax-ng-compact-syntax"}, "other"),
    ({"href": "a.xsd", "schematypens": "http://www.w3.org/2001/XMLSchema"}, "other"),
])
def test_model_kinds(pseudo: dict[str, str], kind: str) -> None:
    assert model(pseudo).kind == kind  # type: ignore[union-attr]


def test_model_paths(tmp_path: Path) -> None:
    assert Model("../s/x.rng", "relaxng", "").path(tmp_path / "d") == tmp_path / "d" / "../s/x.rng"
    assert Model("file:///opt/x.rng", "relaxng", "").path(tmp_path) == Path("/opt/x.rng")
    assert Model("https://tei-c.org/tei_all.rng", "relaxng", "").path(tmp_path) is None


# ---- what each file is checked against -----------------------------------------------------------------


def test_a_file_is_checked_against_what_it_names(other: Path) -> None:
    file = other / "data" / "a.xml"
    file.write_text(doc(pi("../schema/other.rng", RNG_NS), pi("../schema/other.sch", SCH_NS),
                        body="<item>no n</item><bad/>"))
    code, out = run(str(file))
    assert code == 1
    assert "error[O-1]: an item has @n" in out and "error[TL-R001]" in out
    assert f"checked against {other}/schema/other.rng + {other}/schema/other.sch: 1 file" in out
    assert "TL-S0" not in out  # the project's rules never run on it


def test_options_replace_the_models(other: Path) -> None:
    file = other / "data" / "a.xml"
    file.write_text(doc(pi("../schema/other.rng", RNG_NS), pi("../schema/other.sch", SCH_NS),
                        body="<item>no n</item>"))
    code, out = run(str(file), "--schema", str(other / "schema" / "other.rng"))
    assert code == 0 and "O-1" not in out  # --schema alone: that schema, no rules
    code, out = run(str(file), "--no-rules")
    assert code == 0 and "O-1" not in out
    code, out = run(str(file), "--no-schema")
    assert code == 1 and "O-1" in out and f"checked against {other}/schema/other.sch: 1 file" in out


def test_no_model_no_option_is_a_warning(other: Path) -> None:
    file = other / "data" / "plain.xml"
    file.write_text(doc())
    code, out = run(str(file))
    assert code == 0 and "warning[TL-I010]" in out and "checked against well-formedness only: 1 file" in out


def test_unusable_models_are_errors_naming_them(other: Path) -> None:
    cases = {
        "remote.xml": (pi("https://example.org/x.rng", RNG_NS), "never fetched (no network)"),
        "missing.xml": (pi("../schema/none.rng", RNG_NS), "no such file"),
        "xsd.xml": (pi("x.xsd", "http://www.w3.org/2001/XMLSchema"), "only RelaxNG"),
    }
    for name, (instruction, words) in cases.items():
        (other / "data" / name).write_text(doc(instruction))
        code, out = run(str(other / "data" / name))
        assert code == 1 and "error[TL-I011]" in out and words in out, out


def test_a_tei_all_file_is_not_judged_by_the_project_rules(tmp_path: Path, tei_all_rng: Path) -> None:
    """A TEI file valid against tei_all that names tei_all: valid, whatever the project's rules would say."""
    shutil.copy(tei_all_rng, tmp_path / "tei_all.rng")
    text = (Path(__file__).parent / "invalid" / "TL-I010-no-xml-model.xml").read_text()
    file = tmp_path / "foreign.xml"
    file.write_text(text.replace("<TEI ", pi("tei_all.rng", RNG_NS) + "<TEI ", 1))
    code, out = run(str(file))
    assert code == 0, out
    assert "checked against" in out and "tei_all.rng: 1 file" in out


def test_the_default_corpus_falls_back_to_the_project(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(Path(__file__).parent / "fixtures" / "validate" / "corpus", corpus)
    monkeypatch.setattr(resources, "default_corpus_dir", lambda: corpus)
    code, out = run()
    assert code == 0 and "TL-I010" not in out
    assert "checked against schema/tei-lenin.rng + schema/tei-lenin.sch" in out or \
        f"checked against {resources.schema_rng()} + {resources.schema_sch()}" in out


def test_models_with_workers_and_cache(other: Path) -> None:
    for i in range(30):
        body = '<item n="1">a</item>' if i % 3 else "<item>b</item>"
        (other / "data" / f"f{i:02}.xml").write_text(doc(pi("../schema/other.rng", RNG_NS),
                                                         pi("../schema/other.sch", SCH_NS), body=body))
    one = run(str(other / "data"), "--jobs", "1")
    two = run(str(other / "data"), "--jobs", "2")
    assert one == two and one[0] == 1 and one[1].count("error[O-1]") == 10
    cache = other / "cache"
    cold = run(str(other / "data"), "--jobs", "1", "--cache", str(cache))
    assert cold == one and run(str(other / "data"), "--jobs", "1", "--cache", str(cache)) == one
    (other / "schema" / "other.sch").write_text(OTHER_SCH.replace('test="@n"', 'test="true()"'))
    assert run(str(other / "data"), "--jobs", "1", "--cache", str(cache))[0] == 0  # the rules changed


def test_api_explicit_checks_ignore_models(other: Path) -> None:
    file = other / "data" / "a.xml"
    file.write_text(doc(pi("../schema/other.sch", SCH_NS), body="<item>x</item>"))
    explicit = Validator(other / "schema" / "other.rng", None).check_file(file)
    assert explicit.diagnostics == [] and explicit.checked.endswith("other.rng")
    following = Validator(follow_models=True).check_file(file)
    assert [d.code for d in following.diagnostics] == ["O-1"]


EMBEDDING_RNG = f"""<grammar xmlns="{RNG_NS}" xmlns:sch="{SCH_NS}" ns="urn:other"><start><element name="doc">
<sch:ns prefix="o" uri="urn:other"/>
<zeroOrMore><element name="item">
<pattern xmlns="{SCH_NS}" id="item-n"><rule context="o:item"><assert id="E-1" test="@n">an item has @n</assert>
</rule></pattern>
<optional><attribute name="n"/></optional><text/></element></zeroOrMore>
</element></start></grammar>"""


def test_embedded_rules_run_only_when_asked(tmp_path: Path) -> None:
    (tmp_path / "embedding.rng").write_text(EMBEDDING_RNG)
    (tmp_path / "d.xml").write_text(doc(pi("embedding.rng", RNG_NS), body="<item>a</item>"))
    plain = CliRunner().invoke(main, ["validate", str(tmp_path / "d.xml"), "--format", "json"])
    assert plain.exit_code == 0, plain.output
    asked = CliRunner().invoke(main, ["validate", str(tmp_path / "d.xml"), "--embedded-rules"])
    assert asked.exit_code == 1 and "[E-1]" in asked.output and "its embedded rules" in asked.output
    given = CliRunner().invoke(main, ["validate", str(tmp_path / "d.xml"), "--schema",
                                      str(tmp_path / "embedding.rng"), "--embedded-rules"])
    assert given.exit_code == 1 and "[E-1]" in given.output
    both_off = CliRunner().invoke(main, ["validate", str(tmp_path / "d.xml"), "--embedded-rules", "--no-rules"])
    assert both_off.exit_code == 0


def test_embedded_rules_of_a_schema_without_any(tmp_path: Path) -> None:
    (tmp_path / "other.rng").write_text(OTHER_RNG)
    (tmp_path / "d.xml").write_text(doc(pi("other.rng", RNG_NS)))
    from_model = CliRunner().invoke(main, ["validate", str(tmp_path / "d.xml"), "--embedded-rules"])
    assert from_model.exit_code == 1 and "embeds no Schematron rules" in from_model.output
    given = CliRunner().invoke(main, ["validate", str(tmp_path / "d.xml"), "--schema", str(tmp_path / "other.rng"),
                                      "--embedded-rules"])
    assert given.exit_code == 2 and "embeds no Schematron rules" in given.stderr
