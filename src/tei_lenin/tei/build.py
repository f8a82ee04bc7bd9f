"""Small helpers to build TEI trees with lxml: namespaces, element factory, mixed-content appends."""

from __future__ import annotations

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {None: TEI_NS}
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"



def q(tag: str) -> str:
    """Clark name of a TEI element."""
    return f"{{{TEI_NS}}}{tag}"


def el(tag: str, attrs: dict[str, str | None] | None = None, *children: etree._Element | str | None,
       nsmap: dict[str | None, str] | None = None) -> etree._Element:
    """A TEI element with attributes (None values skipped) and mixed children (str or elements)."""
    element = etree.Element(q(tag), nsmap=nsmap)
    _fill(element, attrs, children)
    return element


def _fill(element: etree._Element, attrs: dict[str, str | None] | None,
          children: tuple[etree._Element | str | None, ...]) -> None:
    """Set the attributes (None values skipped; ``xml:id``, ``xml:lang`` in the XML namespace), add children."""
    for key, value in (attrs or {}).items():
        if value is not None:
            element.set(XML_ID if key == "xml:id" else XML_LANG if key == "xml:lang" else key, value)
    for child in children:
        append(element, child)


def append(parent: etree._Element, child: etree._Element | str | None) -> None:
    """Append text or an element, keeping mixed content in order."""
    if child is None:
        return
    if isinstance(child, str):
        if len(parent):
            last = parent[-1]
            last.tail = (last.tail or "") + child
        else:
            parent.text = (parent.text or "") + child
    else:
        parent.append(child)


def sub(parent: etree._Element, tag: str, attrs: dict[str, str | None] | None = None,
        *children: etree._Element | str | None) -> etree._Element:
    """A new last child of ``parent`` (see :func:`el`)."""
    child = etree.SubElement(parent, q(tag))
    _fill(child, attrs, children)
    return child
