"""Properties of the encoder over generated compilations in the MIA shapes (tests/mia_generator.py):
no source line is lost, no note overwrites another, every document is valid, the output is deterministic."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from mia_generator import compilations
from mia_support import NS, ROOT, encode_text, lost_lines

from tei_lenin.model import Span, plain
from tei_lenin.reference import Erratum
from tei_lenin.text.inline import InlineParser
from tei_lenin.text.names import Gazetteer
from tei_lenin.text.source import SourceError

SCHEMA = etree.RelaxNG(etree.parse(str(ROOT / "schema" / "tei-lenin.rng")))
NOTE_BLOCK = re.compile(r"^\[(\d{1,3}|[A-Z])\]\s*\S")
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _encoded(text: str):  # noqa: ANN202 - an Encoded, or None for a refused source
    try:
        return encode_text(text)
    except SourceError as exc:
        assert exc.line, "a refused source names its line"
        return None


@PROPERTY
@given(compilations())
def test_no_line_is_lost(text: str) -> None:
    encoded = _encoded(text)
    if encoded is not None:
        assert lost_lines(text, encoded) == []


@PROPERTY
@given(compilations())
def test_no_note_overwrites_another(text: str) -> None:
    """Every "[n] …" block of a document is a note of its TEI, also where two share a number."""
    encoded = _encoded(text)
    if encoded is None:
        return
    lines = text.split("\n")
    for doc, tree in zip(encoded.compilation.documents, encoded.trees, strict=True):
        written = [n for n in tree.xpath("//t:body//t:note[@place='end'][not(t:gap)]", namespaces=NS)]
        source = [line for line in lines[doc.first_line - 1: doc.last_line] if NOTE_BLOCK.match(line)]
        assert len(written) == len(source), doc.ident
        ids = [n.get("{http://www.w3.org/XML/1998/namespace}id") for n in written]
        assert len(set(ids)) == len(ids)


@PROPERTY
@given(compilations())
def test_every_document_is_valid_and_deterministic(text: str) -> None:
    encoded = _encoded(text)
    if encoded is None:
        return
    idents = [doc.ident for doc in encoded.compilation.documents]
    assert len(set(idents)) == len(idents)
    for tree in encoded.trees:
        assert SCHEMA.validate(tree), SCHEMA.error_log.last_error
    assert encode_text(text).data == encoded.data


# ---- errata -----------------------------------------------------------------------------------------------

ERRATA = [Erratum("m", "in", "unemployed m the towns", "n dropped"), Erratum("1", "I", "which 1 have", "digit"),
          Erratum("form", "from", "form its bureaucratic", "letters swapped"), Erratum("he", "be", "will he", "")]
PIECES = ["unemployed m the towns", "unemployed", "m", "the", "towns", "which 1 have", "1", "11", "form", "forms",
          "form its bureaucratic", "will he", "he", "she", "x", "-", "’", "(", ")", ".", ", "]


@PROPERTY
@given(st.lists(st.sampled_from(PIECES), max_size=14), st.lists(st.sampled_from(["", " ", "  "]), max_size=14))
def test_no_correction_lands_inside_a_word(pieces: list[str], gaps: list[str]) -> None:
    text = "".join(piece + (gaps[i] if i < len(gaps) else " ") for i, piece in enumerate(pieces))
    parser = InlineParser(Gazetteer([]), ERRATA)
    position = 0
    for item in parser.parse(text, names=False, dates=False, markers=False):
        if isinstance(item, Span) and item.kind == "choice":
            sic = item.get("sic") or ""
            assert text[position:position + len(sic)] == sic
            before = text[position - 1] if position else " "
            after = text[position + len(sic)] if position + len(sic) < len(text) else " "
            assert not (before.isalnum() or after.isalnum()), (text, position)
            position += len(sic)
        else:
            position += len(item if isinstance(item, str) else plain((item,)))
    assert position == len(text)
