"""Header lines under a title: ``Label: value``, one per line, any order, any subset.

Each label says where its value belongs in TEI (see docs/encoding.md, "Header lines"):
creation (how and when the text was made), the printed edition (``Source:``), the first publication and the
witness (``Published:``), responsibilities (``Translated:``), or the web page the text was copied from.
"""

from __future__ import annotations

import re
from typing import NamedTuple

#: (label as written, key), in the order they are tried; matched case-insensitively, followed by a colon.
LABELS: tuple[tuple[str, str], ...] = (
    (r"Dictated(?:\s+by\s+(?:Tele)?phone)?", "dictated"),
    (r"Written", "written"),
    (r"Delivered|Discussed", "delivered"),
    (r"Sent|Wired|Phoned|Telegraphed", "sent"),
    (r"First\s+Published", "first-published"),
    (r"Published", "published"),
    (r"(?:Original\s+)?Source", "source"),
    (r"Translated(?:\s+by)?|Translation", "translated"),
    (r"Transcri(?:ption|bed)(?:\s*(?:[\\/&]|and)\s*(?:HTML\s+)?Mark-?up)?(?:\s+by)?|(?:HTML\s+)?Mark-?up(?:\s+by)?",
     "transcription"),
    (r"Proof-?read(?:ing)?(?:\s+by)?|Proofed", "proofread"),
    (r"Public\s+Domain", "rights"),
    (r"Copyleft", "rights"),
    (r"Other\s+Formats", "formats"),
    (r"Online\s+Version", "online"),
)
#: Where each key's line goes: creation, edition, publication, web (the copied page).
DESTINATION = {
    "dictated": "creation", "written": "creation", "delivered": "creation", "sent": "creation",
    "first-published": "publication", "published": "publication", "source": "edition", "translated": "edition",
    "transcription": "web", "proofread": "web", "rights": "web", "formats": "web", "online": "web",
}
_LINE = re.compile(r"^\s*(?P<label>" + "|".join(f"(?P<k{i}>{p})" for i, (p, _) in enumerate(LABELS))
                   + r")\s*:\s*(?P<value>.*?)\s*$", re.IGNORECASE)
#: Letters a header label can start with (a cheap test before the regex).
_FIRST = frozenset("dwsfpotchmDWSFPOTCHM")


class Header(NamedTuple):
    """One header line: the key of its label, the label as written, the value, the whole line."""

    key: str
    label: str
    value: str
    text: str


def header_line(line: str) -> Header | None:
    """The header line ``line`` is, if it is one."""
    if ":" not in line or line.lstrip()[:1] not in _FIRST:
        return None
    m = _LINE.match(line)
    if m is None:
        return None
    index = next(int(name[1:]) for name, value in m.groupdict().items() if name[0] == "k" and value is not None)
    return Header(LABELS[index][1], m.group("label"), m.group("value"), line.strip())


def header_lines(text: str) -> int:
    """How many of the first lines of a block are header lines (0: the block does not start with one)."""
    count = 0
    for line in text.split("\n"):
        if header_line(line) is None:
            break
        count += 1
    return count


SOURCE_VOLUME = re.compile(r"\b(?:Volume|Vol\.)\s*(?P<n>\d{1,3}|[IVXL]+)\b")
SOURCE_PAGES = re.compile(r"\b(?:pages?|pp?\.)\s*(?P<n>\d{1,4}[a-d]?(?:\.\d)?(?:\s*[-–]\s*\d{1,4}[a-d]?)?)")


def edition_scopes(value: str) -> tuple[tuple[int, int, str, str], ...]:
    """Where a Source value names the volume and the pages: (start, end, unit, number) in ``value``
    ("Lenin Collected Works, …, Volume 45, pages 479b-480a." → volume 45, pages 479b-480a)."""
    found = []
    for pattern, unit in ((SOURCE_VOLUME, "volume"), (SOURCE_PAGES, "page")):
        m = pattern.search(value)
        if m:
            found.append((m.start(), m.end(), unit, m.group("n")))
    return tuple(sorted(found))
