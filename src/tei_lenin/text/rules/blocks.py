"""What a block of lines is on its own, before its place in a document is known.

:data:`BLOCK_RULES` is tried in order; ``text`` (a paragraph) is the fallback. The document splitter
(:mod:`tei_lenin.text.segment`) decides from these kinds and their order where documents begin.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tei_lenin.text.dates import parse_whole
from tei_lenin.text.rules.furniture import is_furniture
from tei_lenin.text.rules.headers import header_lines

#: A note marker: "[1]", "[12]", "[A]", or in braces "{1}" (as some pages write them).
MARKER_TEXT = r"(?:\[(?:\d{1,3}|[A-Z])\]|\{\d{1,3}\})"
NOTE = re.compile(r"^(?:\[(?P<n>\d{1,3}|[A-Z])\]|\{(?P<braced>\d{1,3})\})\s*(?P<rest>.*)$", re.DOTALL)
NOTES_HEADING = re.compile(r"^(?:Notes|NOTES|Footnotes|Editorial Notes|Notes?:)$")
#: An author heading: initials and a surname ("V. I.   Lenin", "N. Lenin"). Forenames and a surname
#: ("Vladimir Ilyich Lenin") read like a title; the splitter takes them for an author where the name is known.
AUTHOR = re.compile(r"^(?:[A-Z]\.\s*)+[A-Z][a-z’'-]+$")
#: The compilation's publication line under its title ("Sunday 19 June 2011, by Robert Paris").
PUBLICATION = re.compile(r"^(?P<date>.*?\d{4}),\s+by\s+(?P<who>.+)$")
#: A number alone before a title: the document's number in its volume ("212"), or a year heading a section.
SERIAL = re.compile(r"^\d{1,4}$")
#: A line may end with the full stop of an abbreviation ("… of the C.C.", "R.C.P.(B.)") and still be a title.
ABBREVIATION_END = re.compile(r"(?:\b[A-Z]\.){2,}\)?$|\([A-Z]\.\)$")
_MARKER_END = re.compile(rf"\s*{MARKER_TEXT}$")


def note_number(m: re.Match[str]) -> str:
    """The number of a note block matched by :data:`NOTE`."""
    return m.group("n") or m.group("braced")


def without_marker(text: str) -> str:
    """The text without a final note marker ("To: J. V. STALIN[1]")."""
    if not text.endswith(("]", "]\n", "}", "}\n")):
        return text.strip()
    return _MARKER_END.sub("", text).strip()


def furniture(text: str) -> bool:
    """Every line is page navigation ("< backward   forward >", "Works Index | Volume 45 | …")."""
    return all(is_furniture(line) for line in text.split("\n"))


def notes_heading(text: str) -> bool:
    return bool(NOTES_HEADING.match(text.strip()))


def note(text: str) -> bool:
    """"[1] text of the note" (a marker, then text)."""
    m = NOTE.match(text)
    return bool(m and m.group("rest").strip())


def header(text: str) -> bool:
    """The block starts with a header line ("Written: …", "Source: …")."""
    return header_lines(text) > 0


def author(text: str) -> bool:
    """An author heading: a name alone on one line."""
    return "\n" not in text and bool(AUTHOR.match(" ".join(text.split())))


def dateline(text: str) -> bool:
    match = parse_whole(text) if "\n" not in text else None
    return match is not None and not match.problem


def title(text: str) -> bool:
    """Short, one line, not a sentence, not a quotation, a note or a date."""
    if "\n" in text or len(text) > 210:
        return False
    core = without_marker(text)
    if not core or len(core) > 200 or core[0] in "\"“[(-":
        return False
    return core[-1] not in ".:;," or bool(ABBREVIATION_END.search(core))


def text(text: str) -> bool:
    return True


Rule = Callable[[str], bool]
#: Block kinds, in the order they are tried.
BLOCK_RULES: tuple[tuple[str, Rule], ...] = (
    ("furniture", furniture),
    ("notes-heading", notes_heading),
    ("note", note),
    ("header", header),
    ("author", author),
    ("dateline", dateline),
    ("title", title),
    ("text", text),
)


def block_kind(text: str) -> str:
    """The first kind of :data:`BLOCK_RULES` that takes the block."""
    if len(text) > 210 and "\n" not in text and text[0] not in "[{" and ":" not in text[:40]:
        return "text"  # a paragraph (most blocks): no other rule can take a long line (a cheap test first)
    for kind, rule in BLOCK_RULES:
        if rule(text):
            return kind
    return "text"
