"""XPath 2 expressions that mean the same in XPath 1.0, rewritten so that lxml (libxml2) evaluates them.

Real rule sets write XPath 2 where XPath 1.0 would do: TEI's constraints select ``//( tei:classSpec |
tei:elementSpec | … )`` and test ``@mode eq 'delete'``. elementpath evaluates such expressions a hundred
times slower than libxml2. Three rewritings, each exact for the shapes it accepts:

- ``//( a | b )`` and ``.//( a | b )`` over plain name tests: ``(//a | //b)`` (a union is in document order);
- ``@attr eq 'v'`` / ``ne``, with a string literal on the right: ``@attr = 'v'`` / ``!=`` (an attribute is at
  most one node, its untyped value is compared as a string in both; an absent one is false in both; with a
  number on the right XPath 2 raises XPTY0004, so that shape is left alone);
- ``@attr = ('a', 'b')`` with literals: ``(@attr = 'a' or @attr = 'b')`` (the general comparison is
  existential in both versions).

Anything else is left to elementpath.
"""

from __future__ import annotations

import re

_LITERAL = re.compile(r"'[^']*'|\"[^\"]*\"|(?<![\w.-])\d+(?:\.\d+)?")
_QNAME = r"(?:[A-Za-z_][\w.-]*:)?(?:[A-Za-z_][\w.-]*|\*)"
_ATTR = rf"@{_QNAME}"
_ANY_SLOT = r"\x00\d+s?\x00"  # a literal, masked
_STRING_SLOT = r"\x00\d+s\x00"  # a string literal, masked
_UNION_STEP = re.compile(rf"(?P<pre>(?<![\w)\]])\.?//)\(\s*(?P<names>{_QNAME}(?:\s*\|\s*{_QNAME})*)\s*\)")
_VALUE_COMPARISON = re.compile(rf"(?P<attr>{_ATTR})\s+(?P<op>eq|ne)\s+(?P<lit>{_STRING_SLOT})")
_IN_LIST = re.compile(rf"(?P<attr>{_ATTR})\s*=\s*\(\s*(?P<lits>{_ANY_SLOT}(?:\s*,\s*{_ANY_SLOT})*)\s*\)")


def as_xpath1(source: str) -> str | None:
    """``source`` rewritten in XPath 1.0 by the rules above, or ``None`` if none applies."""
    literals: list[str] = []

    def mask(match: re.Match[str]) -> str:
        literals.append(match.group(0))
        kind = "s" if match.group(0)[0] in "'\"" else ""
        return f"\x00{len(literals) - 1}{kind}\x00"

    masked = _LITERAL.sub(mask, source)
    rewritten = _UNION_STEP.sub(_union, masked)
    rewritten = _VALUE_COMPARISON.sub(lambda m: f"{m['attr']} {'=' if m['op'] == 'eq' else '!='} {m['lit']}",
                                      rewritten)
    rewritten = _IN_LIST.sub(_in_list, rewritten)
    if rewritten == masked:
        return None
    return re.sub(r"\x00(\d+)s?\x00", lambda m: literals[int(m.group(1))], rewritten)


def _union(match: re.Match[str]) -> str:
    names = [n.strip() for n in match["names"].split("|")]
    return "(" + " | ".join(match["pre"] + n for n in names) + ")"


def _in_list(match: re.Match[str]) -> str:
    values = [v.strip() for v in match["lits"].split(",")]
    return "(" + " or ".join(f"{match['attr']} = {v}" for v in values) + ")"
