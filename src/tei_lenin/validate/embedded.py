"""The ISO Schematron embedded in a RelaxNG schema, as ODD processors write it (TEI's ``tei_all.rng``).

An ODD's ``constraintSpec`` ends up in the generated grammar as ``sch:ns`` and ``sch:pattern`` elements (older
processors: bare ``sch:rule``) among the RelaxNG patterns. Jing ignores them; oXygen runs them. Gathered
under one ``sch:schema`` (XSLT 2 query binding, as TEI writes its constraints) they are an ordinary rule set.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from tei_lenin.errors import SchemaError

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


def schematron_root(path: Path) -> tuple[etree._Element, bool]:
    """The ``sch:schema`` of a rules file, or the rules embedded in a RelaxNG grammar, and whether they were
    embedded; :class:`SchemaError` naming the file when it is neither."""
    try:
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True,
                                                      remove_comments=True)).getroot()
    except (OSError, etree.XMLSyntaxError) as err:
        raise SchemaError(f"{path}: cannot read Schematron: {err}") from err
    embedded = is_relaxng(root)
    if embedded:  # the rules an ODD processor embedded in the grammar
        found = embedded_schematron(root)
        if found is None:
            raise SchemaError(f"{path}: this RelaxNG schema embeds no Schematron rules")
        root = found
    if root.tag != _S + "schema":
        raise SchemaError(f"{path}: not an ISO Schematron schema (root is {root.tag})")
    return root, embedded
