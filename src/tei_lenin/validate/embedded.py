"""The ISO Schematron embedded in a RelaxNG schema, as ODD processors write it (TEI's ``tei_all.rng``).

An ODD's ``constraintSpec`` ends up in the generated grammar as ``sch:ns`` and ``sch:pattern`` elements (older
processors: bare ``sch:rule``) among the RelaxNG patterns. Jing ignores them; oXygen runs them. Gathered
under one ``sch:schema`` (XSLT 2 query binding, as TEI writes its constraints) they are an ordinary rule set.
"""

from __future__ import annotations

from lxml import etree

SCH = "http://purl.oclc.org/dsdl/schematron"
RNG = "http://relaxng.org/ns/structure/1.0"
_S = f"{{{SCH}}}"


def is_relaxng(root: etree._Element) -> bool:
    """Whether ``root`` is a RelaxNG grammar (XML syntax)."""
    return etree.QName(root).namespace == RNG


def embedded_schematron(root: etree._Element) -> etree._Element | None:
    """An ``sch:schema`` holding the namespaces, lets and patterns embedded in the grammar ``root``;
    ``None`` if it embeds no rule."""
    schema = etree.Element(_S + "schema", {"queryBinding": "xslt2"}, nsmap={"sch": SCH})
    seen: set[tuple[str, str]] = set()
    for ns in root.iter(_S + "ns"):
        key = (ns.get("prefix", ""), ns.get("uri", ""))
        if key not in seen:
            seen.add(key)
            etree.SubElement(schema, _S + "ns", prefix=key[0], uri=key[1])
    for let in root.iter(_S + "let"):
        if etree.QName(let.getparent()).namespace != SCH:  # a let at schema level, outside any rule
            schema.append(_copy(let))
    patterns = 0
    for node in root.iter(_S + "pattern", _S + "rule"):
        if node.tag == _S + "pattern":
            schema.append(_copy(node))
            patterns += 1
        elif etree.QName(node.getparent()).namespace != SCH:  # a bare rule: give it a pattern of its own
            pattern = etree.SubElement(schema, _S + "pattern")
            pattern.append(_copy(node))
            patterns += 1
    return schema if patterns else None


def _copy(node: etree._Element) -> etree._Element:
    """A copy of ``node`` that keeps its namespace declarations (rules name prefixes in XPath strings)."""
    copied = etree.fromstring(etree.tostring(node))
    copied.tail = None
    return copied
