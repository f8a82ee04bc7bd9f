"""The validator's URI shortcuts give what the general forms give (urljoin, urlparse + unquote)."""

from __future__ import annotations

import random
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from tei_lenin import resources
from tei_lenin.validate.schematron import Schematron, uri_to_path

PIECES = ["a", "b.xml", "l1880-01-02a.xml", ".", "..", ".hidden", "x;y", "p%20q", "é", "c d", "?q", "#f", "", "::"]


def _cases(seed: int, count: int) -> list[tuple[str, str]]:
    rnd = random.Random(seed)
    out = []
    for _ in range(count):
        folder = "/".join(rnd.choice(PIECES) for _ in range(rnd.randint(0, 3)))
        base = rnd.choice(["file:///", "file://host/", "http://example.org/", "file:///srv/"]) + folder + "/x.xml"
        rel = "/".join(rnd.choice(PIECES) for _ in range(rnd.randint(1, 2)))
        out.append((base, rel))
    return out


def test_resolve_is_urljoin() -> None:
    rules = Schematron(resources.schema_sch())
    fixed = [("file:///srv/corpus/letters/x.xml", "l1880-01-02a.xml"),
             ("file:///srv/corpus/letters/x.xml", "../persons.xml"),
             ("file:///srv/./corpus/x.xml", "y.xml"), ("file:///srv/a/../b/x.xml", "y.xml")]
    for base, rel in fixed + _cases(5, 3000):
        assert rules._resolve(rel, base) == urljoin(base, rel), (base, rel)


def test_uri_to_path_is_urlparse() -> None:
    for base, rel in _cases(7, 3000):
        uri = urljoin(base, rel)
        parsed = urlparse(uri)
        expected = Path(unquote(parsed.path)) if parsed.scheme == "file" else None
        if parsed.scheme == "file":
            assert uri_to_path(uri) == expected, uri
