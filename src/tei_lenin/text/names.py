"""Find names of people, organisations and places in running text by the variants of the authority file.

General rule: a variant is looked for when it reads as a proper name — it begins with a capital, carries no
annotation ("(adj.)"), and is not one of the generic words that also occur as common nouns (``GENERIC``).
Possessives are matched by their base ("Lenin’s" → "Lenin"); the longest leftmost match wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tei_lenin.reference import Authority

#: Variants too generic to tag automatically: they also occur as common nouns or for several bodies.
GENERIC = frozenset({
    "Party", "Plenum", "Republics", "Secretariat", "General Secretary", "Secretary General", "Party Congress",
    "Party congress", "Congress of Soviets", "Communist Party", "Soviet Republic", "Control Commission",
    "Menshevik", "Grant", "Woods",
})
_TITLES = ("Dear Comrade ", "Comrades ", "Comrade ")


@dataclass(frozen=True)
class NameMatch:
    start: int
    end: int
    key: str
    kind: str  # person | place | org


def _base(variant: str) -> str | None:
    v = variant.strip()
    if re.search(r"\((?:adj\.|\")|\[", v) or not v[:1].isupper():
        return None
    for title in _TITLES:
        if v.startswith(title):
            v = v[len(title):]
    v = re.sub(r"[’']s$", "", v)
    return None if v in GENERIC or len(v) < 3 else v


class Gazetteer:
    """Variant → authority index with a single compiled alternation (longest variants first)."""

    def __init__(self, authorities: Iterable[Authority]) -> None:
        self.by_key: dict[str, Authority] = {}
        self._index: dict[str, Authority] = {}
        self._all: dict[str, Authority] = {}
        for auth in authorities:
            self.by_key[auth.key] = auth
            names = [_base(v) for v in auth.variants]
            if auth.surname and auth.surname.isalpha():
                names.append(auth.surname)
            for name in names:
                if name:
                    self._all.setdefault(name.upper(), auth)
                if name and name not in GENERIC:
                    self._index.setdefault(name, auth)
        alternatives = sorted(self._index, key=lambda s: (-len(s), s))
        body = "|".join(re.escape(a) for a in alternatives) or r"(?!x)x"
        initials = "".join(sorted({re.escape(a[0]) for a in alternatives})) or "x"
        self._pattern = re.compile(rf"(?=[{initials}])(?<![\w’'-])(?:{body})(?![\w-])")

    def find(self, text: str) -> Iterator[NameMatch]:
        """Yield the names in ``text``, left to right, longest first, without overlaps."""
        for m in self._pattern.finditer(text):
            auth = self._index[m.group(0)]
            yield NameMatch(m.start(), m.end(), auth.key, auth.kind)

    def lookup(self, phrase: str) -> Authority | None:
        """The authority a short phrase names ("L. D. TROTSKY", "Lydia Fotieva’s"), or None."""
        phrase = re.sub(r"[’']s\b", "", phrase.strip())
        if phrase.upper() in self._all:
            return self._all[phrase.upper()]
        for candidate in (phrase, phrase.title()):
            for m in self._pattern.finditer(candidate):
                return self._index[m.group(0)]
        return None

    def persons_in(self, phrase: str) -> list[tuple[str, str | None]]:
        """Split an addressee phrase ("Frumkin and Stomonyakov") into (name, key-or-None) pairs."""
        phrase = re.sub(r"^(?:Dear\s+)?Comrades?\s+", "", phrase.strip())
        parts = [p.strip() for p in re.split(r",\s*|\s+and\s+|\s*&\s*", phrase) if p.strip()]
        result: list[tuple[str, str | None]] = []
        for part in parts:
            if part.lower() in {"others", "other comrades"}:
                continue
            auth = self.lookup(part)
            result.append((part, auth.key if auth else None))
        return result
