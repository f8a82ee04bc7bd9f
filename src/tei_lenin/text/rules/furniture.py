"""Page furniture copied with a web page: navigation, index links, format links. Not part of any text."""

from __future__ import annotations

import re

#: Forms of a navigation line of a Marxists Internet Archive page, tried in order.
FURNITURE = (
    re.compile(r"^<\s*(?:backward|back|previous|prev)\b.*(?:forward|next)?\s*>?$", re.IGNORECASE),
    re.compile(r"^(?:backward|forward)\s*>?$", re.IGNORECASE),
    re.compile(r"^(?:[^|]{1,40}\|){2,}[^|]{0,40}$"),  # "Works Index | Volume 45 | Collected Works | L.I.A. Index"
    re.compile(r"^(?:\|\s*){2,}$"),  # "| | | | | |" (a mirror's footer)
    re.compile(r"^Works\s+Index\s*(?:\|.*)?$"),  # the footer's second line, also cut short
    re.compile(r"^(?:[•*]\s*)?(?:README|Table of Contents|Top of page|Back to top|Works Index)$",
               re.IGNORECASE),
)


def is_furniture(line: str) -> bool:
    """Whether one line is page navigation rather than text."""
    text = line.strip()
    return len(text) <= 160 and any(form.match(text) for form in FURNITURE)
