"""Find names of people, organisations and places in running text by the variants of the authority file.

General rule: a variant is looked for when it reads as a proper name — it begins with a capital, carries no
annotation ("(adj.)"), and is not one of the generic words that also occur as common nouns (``GENERIC``).
Possessives are matched by their base ("Lenin’s" → "Lenin"); the longest leftmost match wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from tei_lenin.reference import Authority

#: Variants too generic to tag automatically: they also occur as common nouns or for several bodies.
GENERIC = frozenset({
    "Party", "Plenum", "Republics", "Secretariat", "General Secretary", "Secretary General", "Party Congress",
    "Party congress", "Congress of Soviets", "Communist Party", "Soviet Republic", "Control Commission",
    "Menshevik", "Grant", "Woods",
})
_TITLES = ("Dear Comrade ", "Comrades ", "Comrade ")


class NameMatch(NamedTuple):
    """A name found in a text: its offsets and the authority record it names."""

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


def _trie(names: Iterable[str]) -> str:
    """One regex for all ``names`` as a letter tree: at each position at most one branch can go on.

    Where a name is a prefix of another, the longer is tried first, so the match is the longest name that
    ends at a word boundary (as an alternation sorted longest first would give). Each name must start where no
    word character, apostrophe or hyphen precedes it; that test comes after the first letter, so the regex
    starts with a plain set of letters and the engine skips the positions that cannot start a name.
    """
    tree: dict[str, dict] = {}
    for name in names:
        node = tree
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}  # a name ends here

    def branches(node: dict[str, dict], after_first: str = "") -> str:
        alternatives = [re.escape(char) + after_first + branches(child) for char, child in sorted(node.items())
                        if char]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        return f"(?:{body})?" if "" in node else body

    return branches(tree, r"(?<![\w’'-].)") or r"(?!x)x"


def identification_cert(phrase: str, auth: Authority) -> str | None:
    """How sure the identification of ``phrase`` with ``auth`` is, or None where the text names the person in
    full: a bare surname ("Stalin", "Comrade Kamenev") is "high" (the editor's inference, unambiguous in the
    authority file); a record the file itself calls an "identification from context" is "medium"."""
    if auth.kind != "person":
        return None
    if "identification from context" in auth.preferred_name:
        return "medium"
    words = re.sub(r"[’']s$", "", " ".join(phrase.split()))
    for title in _TITLES:
        words = words.removeprefix(title)
    return "high" if len(words.split()) == 1 else None


class Gazetteer:
    """Variant → authority index with a single compiled regex (longest variant first)."""

    def __init__(self, authorities: Iterable[Authority]) -> None:
        authorities = list(authorities)
        self.by_key: dict[str, Authority] = {}
        self._index: dict[str, Authority] = {}
        self._all: dict[str, Authority] = {}
        for auth in authorities:
            self.by_key[auth.key] = auth
            names = [_base(v) for v in auth.variants]
            names += [n for n in (auth.surname, auth.birth_name) if n and n.isalpha()]
            for name in names:
                if name:
                    self._all.setdefault(name.upper(), auth)
                if name and name not in GENERIC:
                    self._index.setdefault(name, auth)
        self._pattern = re.compile(rf"(?:{_trie(self._index)})(?![\w-])")
        phrases: dict[str, dict[str, Authority]] = {}
        for auth in authorities:
            for phrase, author in auth.roles:
                phrases.setdefault(author, {})[phrase] = auth
        self._roles: dict[str, tuple[re.Pattern[str], dict[str, Authority], frozenset[str]]] = {}
        for author, found in phrases.items():
            alternatives = "|".join(re.escape(p) for p in sorted(found, key=len, reverse=True))
            self._roles[author] = (re.compile(rf"(?<![\w’'-])(?:{alternatives})(?![\w-])", re.IGNORECASE),
                                   {p.lower(): a for p, a in found.items()},
                                   frozenset(form for p in found for w in [p.split()[-1].lower()]
                                             for form in (w, w.upper(), w.capitalize())))

    def roles(self, text: str, author: str) -> Iterator[NameMatch]:
        """The references by role in ``text`` written by ``author`` ("my wife" in Lenin's words)."""
        if author not in self._roles:
            return
        pattern, index, last_words = self._roles[author]
        if not any(word in text for word in last_words):  # (a cheap test first: "wife" is rare)
            return
        for m in pattern.finditer(text):
            auth = index[m.group(0).lower()]
            yield NameMatch(m.start(), m.end(), auth.key, auth.kind)

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

    def exact(self, phrase: str) -> Authority | None:
        """The authority a whole phrase names ("J. V. STALIN", "the Politbureau", "Lydia Fotieva’s"), or None:
        a variant or surname of the file, compared without case, possessive or leading article."""
        phrase = re.sub(r"[’']s$", "", " ".join(phrase.split()))
        phrase = re.sub(r"^(?:the|The|THE)\s+", "", phrase)
        return self._all.get(phrase.upper())

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
