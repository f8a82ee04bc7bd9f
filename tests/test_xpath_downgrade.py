"""XPath 2 expressions rewritten to XPath 1.0 for lxml give what elementpath gives for the original."""

from __future__ import annotations

import pytest
from elementpath import select
from lxml import etree

from tei_lenin.validate.downgrade import as_xpath1
from tei_lenin.validate.xpath31 import parser_class

NS = {"t": "urn:t"}
DOCS = [
    '<r xmlns="urn:t"><a mode="add"/><b><a mode="delete" n="1"/><c type="x"/></b><a/><c type="y"/></r>',
    '<r xmlns="urn:t"><c type="deprecationInfo"><a mode="replace"/></c><b/></r>',
    '<r xmlns="urn:t"/>',
]
REWRITTEN = [
    "//( t:a | t:c )",
    ".//( t:c|t:b )",
    "//t:a[ @mode eq 'delete' ]",
    "//t:a[ @mode ne 'delete' ]",
    "//t:a[ @mode1 eq 'x' ]",
    "//t:a[ @mode = ('add','replace') or not( @mode ) ]",
    "//t:c[@type eq 'x' or @type eq \"y\"]",
]
UNTOUCHED = ["t:b//( t:a | t:c )", "//t:a[@mode eq @n]", "//t:a[@mode lt 'b']", "//t:a[@mode = ('a', @n)]",
             "//t:a[@n eq 1]"]


def _names(nodes: list) -> list[tuple[str, int]]:
    return [(etree.QName(n).localname, n.getparent().index(n) if n.getparent() is not None else -1)
            for n in nodes]


@pytest.mark.parametrize("source", REWRITTEN)
def test_rewritten_expressions_select_the_same_nodes(source: str) -> None:
    xpath1 = as_xpath1(source)
    assert xpath1 is not None and xpath1 != source
    for doc in DOCS:
        root = etree.fromstring(doc)
        ours = etree.XPath(xpath1, namespaces=NS)(root)
        reference = select(root, source, namespaces=NS, parser=parser_class())
        assert _names(ours) == _names(reference), (source, doc)


@pytest.mark.parametrize("source", UNTOUCHED)
def test_other_shapes_are_left_to_elementpath(source: str) -> None:
    assert as_xpath1(source) is None


def test_literals_are_never_rewritten() -> None:
    assert as_xpath1("//t:a[@mode eq 'x eq y' and . = '//(a|b)']") == "//t:a[@mode = 'x eq y' and . = '//(a|b)']"
