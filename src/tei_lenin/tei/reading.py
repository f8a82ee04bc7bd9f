"""The reading text of an encoded document, read back from its TEI (the ``text`` command)."""

from __future__ import annotations

from lxml import etree

from tei_lenin.tei.build import TEI_NS

NS = {"t": TEI_NS}
_BLOCKS = {"byline", "head", "p", "salute", "signed", "dateline", "seg", "label"}


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _inline(element: etree._Element, diplomatic: bool) -> str:
    """Text of an element: notes as their markers, supplied text in brackets, sic or corr."""
    out = [element.text or ""]
    for child in element:
        name = _local(child)
        if name == "note" and child.get("place") == "end":
            out.append(f"{{{child.get('n')}}}" if child.get("rend") == "braces" else f"[{child.get('n')}]")
        elif name == "note":
            pass
        elif name == "supplied":
            out.append("[" + _inline(child, diplomatic) + "]")
        elif name == "choice":
            pick = child.find("t:sic" if diplomatic else "t:corr", NS)
            out.append(_inline(pick, diplomatic) if pick is not None else "")
        elif name in {"", "gap"}:
            pass
        else:
            out.append(_inline(child, diplomatic))
        out.append(child.tail or "")
    return "".join(out)


def is_document(root: etree._Element) -> bool:
    """A TEI document with a text to read (``TEI/text/body/div``), as the encoder writes one."""
    return root.tag == f"{{{TEI_NS}}}TEI" and root.find("t:text/t:body/t:div", NS) is not None


def reading_text(root: etree._Element, diplomatic: bool = False) -> str:
    """Lines of the document as a reader meets them; ``diplomatic`` keeps the copy text's errors."""
    lines: list[str] = []
    div = root.find("t:text/t:body/t:div", NS)
    header_done = False
    if div is None:
        return ""
    if div.get("type") == "essay":
        bibl = root.find(".//t:sourceDesc//t:bibl[@type='copyText']", NS)
        if bibl is not None:
            title = bibl.find("t:title", NS)
            lines.append(_inline(title, diplomatic) if title is not None else "")
            rest = "".join((title.tail or "",) if title is not None else ()) + "".join(
                _inline(c, diplomatic) + (c.tail or "") for c in bibl if _local(c) not in {"title", "note"})
            lines.append(rest.lstrip(". ").strip())

    def header_lines() -> None:
        creation = root.find(".//t:profileDesc/t:creation", NS)
        if creation is not None and (creation.text or "").strip():
            lines.extend(_inline(creation, diplomatic).split("\n"))
        published = root.find(".//t:sourceDesc//t:bibl[@type='firstPublished']", NS)
        if published is not None:
            lines.append("First Published: " + _inline(published, diplomatic))

    def walk(parent: etree._Element) -> None:
        nonlocal header_done
        for child in parent:
            name = _local(child)
            if name not in {"byline", "head"} and not header_done:
                header_lines()
                header_done = True
            if name in {"div", "opener", "closer", "cit", "quote"}:
                walk(child)
            elif name == "postscript":
                label = child.find("t:label", NS)
                body = " ".join(_inline(p, diplomatic) for p in child.findall("t:p", NS))
                lines.append(((label.text or "") + " " if label is not None else "") + body)
            elif name == "note" and child.get("type") == "headnote" or name in _BLOCKS:
                lines.append(_inline(child, diplomatic))
        if not header_done:
            header_lines()
            header_done = True

    walk(div)
    notes = [n for n in div.iter(f"{{{TEI_NS}}}note") if n.get("place") == "end"]
    for note in sorted(notes, key=lambda n: (n.get("n") or "").zfill(4)):
        if note.find("t:gap", NS) is not None:
            continue
        paras = note.findall("t:p", NS)
        texts = [_inline(p, diplomatic) for p in paras] if paras else [_inline(note, diplomatic)]
        lines.append(f"[{note.get('n')}] {texts[0]}")
        lines.extend(texts[1:])
    return "\n".join(line.strip() for line in lines if line.strip()) + "\n"
