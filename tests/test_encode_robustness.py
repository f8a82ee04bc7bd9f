"""Damaged compilations: the encoder never crashes, and whatever it writes is valid against the schema."""

from __future__ import annotations

import random

import pytest
from encode_support import ROOT
from lxml import etree

from tei_lenin.pipeline import load_reference
from tei_lenin.settings import Settings
from tei_lenin.tei.encode import DocumentEncoder
from tei_lenin.tei.serialize import to_bytes
from tei_lenin.text.parse import Reader
from tei_lenin.text.source import SourceError, decode

SOURCE = ROOT / "corpus" / "source" / "last-struggle-1922-1923.txt"
SCHEMA = ROOT / "schema" / "tei-lenin.rng"
INSERTS = ["[", "]", "[1]", "P.S. ", ":", "Written: ", "\"", "January 32, 1923", "[A]", " & ", "Top secret"]
LINES = ["Letter to", "Written:", "V. I. Lenin", "[1]", "P.S.", "Copy to", "Dear Comrade:", "Respectfully yours,",
         "March 5, 1923", "[9] orphan", "For", "Letter to Stalin on February 30, 1923", "Written: in the spring"]


def damaged(seed: int) -> str:
    """The seed compilation with one kind of damage, chosen and placed by ``seed``."""
    rnd = random.Random(seed)
    lines = SOURCE.read_text(encoding="utf-8").split("\n")
    mode = ("shuffle", "truncate", "drop", "duplicate", "mutate", "insert")[seed % 6]
    if mode == "shuffle":
        k = rnd.randrange(len(lines) - 20)
        chunk = lines[k:k + 20]
        rnd.shuffle(chunk)
        lines[k:k + 20] = chunk
    elif mode == "truncate":
        lines = lines[: rnd.randint(1, len(lines))]
    elif mode == "drop":
        for _ in range(30):
            del lines[rnd.randrange(len(lines))]
    elif mode == "duplicate":
        k = rnd.randrange(len(lines))
        lines[k:k] = lines[k:k + rnd.randint(1, 30)]
    elif mode == "mutate":
        for _ in range(20):
            k = rnd.randrange(len(lines))
            if lines[k]:
                j = rnd.randrange(len(lines[k]))
                lines[k] = lines[k][:j] + rnd.choice(INSERTS) + lines[k][j:]
    else:
        for _ in range(3):
            lines.insert(rnd.randrange(len(lines)), rnd.choice(LINES))
    return "\n".join(lines)


@pytest.fixture(scope="module")
def tools() -> tuple[list, list, etree.RelaxNG]:
    authorities, errata = load_reference()
    return authorities, errata, etree.RelaxNG(etree.parse(str(SCHEMA)))


@pytest.mark.parametrize("seed", range(48))
def test_damaged_source_encodes_validly_or_is_refused(seed: int, tools: tuple[list, list, etree.RelaxNG]) -> None:
    authorities, errata, schema = tools
    try:
        compilation = Reader(authorities, errata).read(decode(damaged(seed).encode(), "damaged.txt"), "damaged.txt")
    except SourceError as exc:
        assert exc.line and exc.file == "damaged.txt"
        return
    encoder = DocumentEncoder(compilation, {a.key: a for a in authorities}, Settings())
    ids = [doc.ident for doc in compilation.documents]
    assert len(ids) == len(set(ids))
    for doc in compilation.documents:
        root = etree.fromstring(to_bytes(encoder.encode(doc)))
        assert schema.validate(root), f"seed {seed}, {doc.ident}: {schema.error_log.last_error}"
