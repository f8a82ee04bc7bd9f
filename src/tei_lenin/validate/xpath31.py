"""elementpath's XPath 3.1 parser with XPath's own white space and default collation, as Saxon has them
(docs/elementpath-defects.md).

elementpath 5.1 takes Python's notion of white space in two places where XPath means only the four XML
white-space characters (#x20, #x9, #xD, #xA):
- ``normalize-space()`` strips and collapses every Unicode space (U+00A0 too);
- ``\\s``/``\\S`` in ``matches()``, ``replace()``, ``tokenize()`` patterns become Python's ``\\s``/``\\S`` (only
  ``\\s`` inside a character class is translated).
A non-breaking space in a letter ("Schulgasse\u00a0") is then "space" for us and not for Saxon. And a
relative ``E1//E2`` returns its nodes per descendant of ``E1``, not in document order. The parser here
overrides ``normalize-space``, and :func:`xml_regex_whitespace` rewrites ``\\s``/``\\S`` in an expression's
string literals before parsing (a pattern read from a variable at run time keeps elementpath's meaning).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

#: XPath's default collation (and Saxon's). elementpath would otherwise take a Unicode collation from the
#: process locale (LC_COLLATE=C.UTF-8 or en_US.UTF-8): results that depend on the user's locale, a call to
#: setlocale() per comparison, and a lock left held when that locale is not installed (the next string
#: comparison then waits forever).
CODEPOINT_COLLATION = "http://www.w3.org/2005/xpath-functions/collation/codepoint"
_XML_SPACE = re.compile(r"[ \t\n\r]+")
_LITERAL = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"")
_REGEX_FUNCTIONS = re.compile(r"\b(?:matches|replace|tokenize|analyze-string)\s*\(")


@cache
def parser_class() -> type:
    """``XPath31Parser`` with ``normalize-space`` that knows only XML white space and ``//`` that keeps
    document order (built on first use)."""
    from elementpath.helpers import node_position
    from elementpath.xpath31 import XPath31Parser
    from elementpath.xpath_nodes import XPathNode

    base = XPath31Parser.symbol_table["normalize-space"]

    class NormalizeSpace(base):  # type: ignore[misc, valid-type]
        def evaluate(self, context: Any = None) -> str:
            if self.context is not None:
                context = self.context
            if not self:
                arg = self.string_value(self.get_argument(context, default_to_context=True, default=""))
            else:
                arg = self.get_argument(context, default_to_context=True, default="", cls=str)
            return _XML_SPACE.sub(" ", arg).strip(" \t\n\r")

    class DescendantPath(XPath31Parser.symbol_table["//"]):  # type: ignore[misc, name-defined]
        """``E1//E2`` in document order (elementpath yields each descendant's results in turn: for
        ``<p><salute>A</salute>B</p>``, ``.//text()`` gave ``B, A``)."""

        def select(self, context: Any = None) -> Any:
            results = list(super().select(context))
            if len(self) == 2 and results and all(isinstance(r, XPathNode) for r in results):
                results.sort(key=node_position)
            yield from results

    class Parser(XPath31Parser):
        symbol_table = {**XPath31Parser.symbol_table, "normalize-space": NormalizeSpace, "//": DescendantPath}

    return Parser


def xml_regex_whitespace(source: str) -> str:
    """``source`` with ``\\s``/``\\S`` outside character classes in its string literals written as XML white
    space (``[ \\t\\n\\r]``/``[^ \\t\\n\\r]``), where it calls a regular-expression function."""
    if "\\s" not in source and "\\S" not in source or not _REGEX_FUNCTIONS.search(source):
        return source
    return _LITERAL.sub(lambda m: _rewrite(m.group(0)), source)


def _rewrite(literal: str) -> str:
    out: list[str] = []
    depth = 0
    i = 0
    while i < len(literal):
        char = literal[i]
        if char == "\\" and i + 1 < len(literal):
            pair = literal[i:i + 2]
            if depth == 0 and pair == "\\s":
                out.append("[ \\t\\n\\r]")
            elif depth == 0 and pair == "\\S":
                out.append("[^ \\t\\n\\r]")
            else:
                out.append(pair)
            i += 2
            continue
        if char == "[":
            depth += 1
        elif char == "]" and depth:
            depth -= 1
        out.append(char)
        i += 1
    return "".join(out)
