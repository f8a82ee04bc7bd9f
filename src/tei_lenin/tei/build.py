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


#: Attribute names written with the ``xml:`` prefix, as Clark names.
_XML_ATTRS = {"xml:id": XML_ID, "xml:lang": XML_LANG}


def _attrib(attrs: dict[str, str | None] | None) -> dict[str, str] | None:
    """The attributes to set: None values skipped; ``xml:id``, ``xml:lang`` in the XML namespace."""
    if not attrs:
        return None
    return {_XML_ATTRS.get(key, key): value for key, value in attrs.items() if value is not None}


def el(tag: str, attrs: dict[str, str | None] | None = None, *children: etree._Element | str | None,
       nsmap: dict[str | None, str] | None = None) -> etree._Element:
    """A TEI element with attributes (None values skipped) and mixed children (str or elements)."""
    element = etree.Element(q(tag), _attrib(attrs), nsmap=nsmap)
    _children(element, children)
    return element


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
    # The most frequent call of the encoder: _attrib and q are written out here.
    child = etree.SubElement(parent, f"{{{TEI_NS}}}{tag}", {_XML_ATTRS.get(key, key): value for key, value
                                                           in attrs.items() if value is not None} if attrs else None)
    if children:
        _children(child, children)
    return child


def _children(element: etree._Element, children: tuple[etree._Element | str | None, ...]) -> None:
    """Add the children of a new element (most often one text: set at once)."""
    if len(children) == 1 and isinstance(children[0], str):
        element.text = children[0]
        return
    for child in children:
        append(element, child)
