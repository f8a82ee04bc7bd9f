"""ISO Schematron's preprocessing steps, applied before compilation (as SchXslt2 does in its ``include`` and
``expand`` steps): inclusions, abstract rules (``sch:extends``), abstract patterns (``is-a`` with ``sch:param``)
and the default phase. Anything that cannot be resolved is a :class:`SchemaError` naming it; nothing is skipped.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

from lxml import etree

from tei_lenin.errors import SchemaError

SCH = "http://purl.oclc.org/dsdl/schematron"
_S = f"{{{SCH}}}"
MAX_INCLUDES = 64
#: Attributes an abstract pattern's parameters are substituted in.
_PARAMETER_ATTRIBUTES = ("context", "test", "select", "value", "path", "use", "match", "subject")


def expand(root: etree._Element, path: Path, phase: str | None = None) -> list[str]:
    """Expand ``root`` (a ``sch:schema``) in place; returns the ids of the patterns the phase leaves out."""
    _includes(root, path, 0)
    _abstract_rules(root, path)
    _abstract_patterns(root, path)
    return _phase(root, path, phase)


def _includes(parent: etree._Element, path: Path, depth: int) -> None:
    for inc in list(parent.iter(_S + "include", _S + "extends")):
        href = inc.get("href")
        if not href:
            continue
        if depth >= MAX_INCLUDES:
            raise SchemaError(f"{path}: sch:include nested more than {MAX_INCLUDES} deep ({href})")
        target, _, fragment = href.partition("#")
        source = (path.parent / target) if target else path
        try:
            doc = etree.parse(str(source), etree.XMLParser(resolve_entities=False, no_network=True,
                                                           remove_comments=True))
        except (OSError, etree.XMLSyntaxError) as err:
            raise SchemaError(f"{path}: sch:{etree.QName(inc).localname} href=\"{href}\" cannot be read: "
                              f"{err}") from err
        found = doc.getroot()
        if fragment:
            hits = doc.xpath("//*[@id=$f or @xml:id=$f]", f=fragment)
            if not hits:
                raise SchemaError(f"{path}: sch:include href=\"{href}\": no element with id \"{fragment}\"")
            found = hits[0]
        found = copy.deepcopy(found)
        _includes(found, source, depth + 1)
        if inc.tag == _S + "extends" and found.tag == _S + "rule":  # ISO 2016: the rule's content
            _splice(inc, list(found))
        else:
            _splice(inc, [found])


def _splice(old: etree._Element, new: list[etree._Element]) -> None:
    parent = old.getparent()
    at = parent.index(old)
    tail = old.tail
    parent.remove(old)
    for offset, el in enumerate(new):
        parent.insert(at + offset, el)
    if new:
        new[-1].tail = tail


def _abstract_rules(root: etree._Element, path: Path) -> None:
    abstract = {r.get("id"): r for r in root.iter(_S + "rule") if r.get("abstract") == "true"}
    for _ in range(MAX_INCLUDES):  # an abstract rule may itself extend another
        extends = [e for e in root.iter(_S + "extends") if e.get("rule")]
        if not extends:
            break
        for ext in extends:
            rule = abstract.get(ext.get("rule"))
            if rule is None:
                raise SchemaError(f"{path}: sch:extends rule=\"{ext.get('rule')}\": no abstract rule with that id")
            _splice(ext, [copy.deepcopy(child) for child in rule])
    else:
        raise SchemaError(f"{path}: sch:extends: abstract rules extend each other in a cycle")
    for rule in abstract.values():
        rule.getparent().remove(rule)


def _abstract_patterns(root: etree._Element, path: Path) -> None:
    abstract = {p.get("id"): p for p in root.iter(_S + "pattern") if p.get("abstract") == "true"}
    for instance in [p for p in root.iter(_S + "pattern") if p.get("is-a")]:
        template = abstract.get(instance.get("is-a"))
        if template is None:
            raise SchemaError(f"{path}: pattern \"{instance.get('id', '')}\" is-a=\"{instance.get('is-a')}\": no "
                              "abstract pattern with that id")
        params = {p.get("name", ""): p.get("value", "") for p in instance.findall(_S + "param")}
        body = [copy.deepcopy(child) for child in template if child.tag != _S + "param"]
        for child in instance.findall(_S + "param"):
            instance.remove(child)
        for el in body:
            for node in el.iter():
                for name in _PARAMETER_ATTRIBUTES:
                    if node.get(name) is not None:
                        node.set(name, _substitute(node.get(name), params))
            instance.append(el)
        del instance.attrib["is-a"]
    for pattern in abstract.values():
        pattern.getparent().remove(pattern)


def _substitute(text: str, params: dict[str, str]) -> str:
    """``$name`` → the parameter's value (longest names first; a variable that is no parameter stays)."""
    if not params:
        return text
    names = sorted(params, key=len, reverse=True)
    pattern = re.compile(r"\$(" + "|".join(re.escape(n) for n in names) + r")(?![\w.-])")
    return pattern.sub(lambda m: params[m.group(1)], text)


def _phase(root: etree._Element, path: Path, phase: str | None) -> list[str]:
    """The ids of the patterns the phase (given, else ``defaultPhase``; "#ALL": every pattern) leaves out."""
    wanted = phase or root.get("defaultPhase")
    if not wanted or wanted == "#ALL":
        return []
    phases = {p.get("id"): p for p in root.findall(_S + "phase")}
    if wanted not in phases:
        raise SchemaError(f"{path}: phase \"{wanted}\" is not declared (declared: "
                          f"{', '.join(sorted(k for k in phases if k)) or 'none'})")
    active = {a.get("pattern") for a in phases[wanted].findall(_S + "active")}
    return [p.get("id", "") for p in root.iter(_S + "pattern") if p.get("id") not in active]
