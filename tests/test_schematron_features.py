"""The Schematron engine on its own (issue 16): ISO preprocessing, errors named at compile time, evaluation
errors as findings, XPath's white space and collation. The comparison with SchXslt2 is in
test_schematron_conformance.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tei_lenin.errors import SchemaError
from tei_lenin.validate.engine import Validator
from tei_lenin.validate.schematron import Schematron, selects_non_elements
from tei_lenin.validate.xpath31 import CODEPOINT_COLLATION, xml_regex_whitespace

SCH = "http://purl.oclc.org/dsdl/schematron"
DOC = '<?xml version="1.0"?>\n<doc><item n="1">a</item>\n<item n="x">b\u00a0</item>\n<item>c</item></doc>\n'


def schema(tmp_path: Path, body: str, name: str = "rules.sch", **attrs: str) -> Path:
    extra = "".join(f' {k}="{v}"' for k, v in attrs.items())
    path = tmp_path / name
    path.write_text(f'<schema xmlns="{SCH}" queryBinding="xslt2"{extra}>{body}</schema>', encoding="utf-8")
    return path


def findings(rules: Path, tmp_path: Path, text: str = DOC) -> list[tuple[int | None, str, str]]:
    doc = tmp_path / "doc.xml"
    doc.write_text(text, encoding="utf-8")
    return [(d.line, d.code, d.message) for d in Validator(None, rules).check_file(doc).diagnostics]


def test_evaluation_errors_are_findings_and_the_other_rules_run(tmp_path: Path) -> None:
    rules = schema(tmp_path, '<ns prefix="xs" uri="http://www.w3.org/2001/XMLSchema"/>'
                             '<pattern id="p"><rule context="item"><assert id="A" test="xs:integer(@n) gt 0">'
                             'positive</assert><assert id="B" test="@n">has n</assert></rule></pattern>')
    found = findings(rules, tmp_path)
    assert [(line, code) for line, code, _ in found] == [(3, "TL-I012"), (4, "A"), (4, "B")]
    assert "pattern 'p', rule on 'item'" in found[0][2] and "FORG0001" in found[0][2]


def test_undeclared_prefix_is_refused(tmp_path: Path) -> None:
    rules = schema(tmp_path, '<pattern><rule context="item"><assert test="xs:integer(@n)">n</assert></rule>'
                             "</pattern>")
    with pytest.raises(SchemaError, match="uses the prefix 'xs', which no sch:ns declares"):
        Schematron(rules)
    fine = schema(tmp_path, '<pattern><rule context="item"><assert test="child::node() and @xml:lang or '
                            "string(.) = 'a:b'\">n</assert></rule></pattern>", "fine.sch")
    Schematron(fine)  # an axis, the xml prefix and a colon inside a string are no prefixes


def test_xpath_white_space_and_default_collation(tmp_path: Path) -> None:
    rules = schema(tmp_path, '<pattern><rule context="item">'
                             "<report id=\"END\" test=\"matches(., '\\s$')\">ends in space</report>"
                             '<report id="NORM" test="normalize-space(.) ne string(.)">not normalised</report>'
                             "<report id=\"LT\" test=\"'B' lt 'a'\">codepoint order</report>"
                             "</rule></pattern>")
    found = {(line, code) for line, code, _ in findings(rules, tmp_path)}
    # U+00A0 is not XML white space: neither rule fires on "b\u00a0"; "B" < "a" in codepoint order
    assert found == {(2, "LT"), (3, "LT"), (4, "LT")}
    assert Schematron(rules)._ep_parser.default_collation == CODEPOINT_COLLATION


@pytest.mark.parametrize(("source", "expected"), [
    ("matches(., '\\s$')", "matches(., '[ \\t\\n\\r]$')"),
    ("matches(., '[\\s,]\\S')", "matches(., '[\\s,][^ \\t\\n\\r]')"),
    ("tokenize(., \"\\s+\")", "tokenize(., \"[ \\t\\n\\r]+\")"),
    ("contains(., '\\s')", "contains(., '\\s')"),  # not a regular expression
])
def test_xml_regex_whitespace(source: str, expected: str) -> None:
    assert xml_regex_whitespace(source) == expected


@pytest.mark.parametrize(("context", "nodes"), [
    ("tei:p", False), ("@ref", True), ("tei:ptr/@target", True), ("tei:p/text()", True), ("/", True),
    ("tei:p | @n", True), ("tei:p[@n]", False), ("node()", True), ("tei:p[text()]", False),
])
def test_contexts_that_select_other_nodes(context: str, nodes: bool) -> None:
    assert selects_non_elements(context) is nodes


@pytest.mark.parametrize(("body", "attrs", "message"), [
    ('<include href="missing.sch"/>', {}, 'sch:include href="missing.sch" cannot be read'),
    ('<pattern><rule context="a"><extends rule="none"/></rule></pattern>', {}, "no abstract rule with that id"),
    ('<pattern id="x" is-a="none"/>', {}, "no abstract pattern with that id"),
    ('<pattern id="p"/>', {"defaultPhase": "nope"}, 'phase "nope" is not declared'),
    ('<pattern><rule context="a"><assert test="1" diagnostics="d9">x</assert></rule></pattern>', {},
     "names the diagnostic 'd9', which is not declared"),
])
def test_what_cannot_be_resolved_is_named(tmp_path: Path, body: str, attrs: dict[str, str], message: str) -> None:
    with pytest.raises(SchemaError, match=message.replace("(", r"\(")):
        Schematron(schema(tmp_path, body, **attrs))


def test_phases(tmp_path: Path) -> None:
    body = ('<phase id="one"><active pattern="a"/></phase>'
            '<pattern id="a"><rule context="item"><report id="A" test="true()">a</report></rule></pattern>'
            '<pattern id="b"><rule context="item"><report id="B" test="true()">b</report></rule></pattern>')
    assert {c for _, c, _ in findings(schema(tmp_path, body, defaultPhase="one"), tmp_path)} == {"A"}
    assert {c for _, c, _ in findings(schema(tmp_path, body, "all.sch"), tmp_path)} == {"A", "B"}
    rules = Schematron(schema(tmp_path, body, "phase.sch"), phase="#ALL")
    assert [p.id for p in rules.patterns] == ["a", "b"]


@pytest.mark.parametrize(("body", "attrs", "named"), [
    ('<xsl:function xmlns:xsl="http://www.w3.org/1999/XSL/Transform" name="f:x"/>'
     '<pattern><rule context="item"><assert test="true()">x</assert></rule></pattern>', {}, "xsl:function"),
    ('<pattern><rule context="item"><assert test="true()">x</assert></rule></pattern>', {"queryBinding": "stx"},
     "queryBinding 'stx'"),
    ('<pattern><rule context="item"><let name="v"><b/></let><assert test="$v">x</assert></rule></pattern>', {},
     "let $v has no @value"),
])
def test_what_the_engine_cannot_run_is_refused_by_name(tmp_path: Path, body: str, attrs: dict, named: str) -> None:
    text = f'<schema xmlns="{SCH}" queryBinding="{attrs.get("queryBinding", "xslt2")}">{body}</schema>'
    path = tmp_path / "rules.sch"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SchemaError, match=named.replace("$", r"\$")):
        Schematron(path)


def test_xsl_key_is_still_accepted(tmp_path: Path) -> None:
    rules = schema(tmp_path, '<xsl:key xmlns:xsl="http://www.w3.org/1999/XSL/Transform" name="k" match="item" '
                   'use="@n"/><pattern><rule context="item[@n]"><assert id="K" test="count(key(\'k\', @n)) = 1">'
                   'unique</assert></rule></pattern>')
    assert findings(rules, tmp_path) == []
