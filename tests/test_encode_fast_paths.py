"""The encoder's fast paths give what the plain forms they replace give (random inputs, fixed seeds)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from tei_lenin.pipeline import load_reference
from tei_lenin.text import source
from tei_lenin.text.corpus import key_words, normal
from tei_lenin.text.dates import find_dates
from tei_lenin.text.inline import EDITION_REF, InlineParser, _edition_refs
from tei_lenin.text.names import Gazetteer
from tei_lenin.text.rules.blocks import _MARKER_END, without_marker
from tei_lenin.text.rules.closer import CLOSING_TAIL
from tei_lenin.text.rules.closer import closing_tail as _closing_tail


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(load_reference()[0])


def test_name_tree_matches_the_longest_first_alternation(gazetteer: Gazetteer) -> None:
    names = sorted(gazetteer._index, key=lambda s: (-len(s), s))
    body = "|".join(re.escape(name) for name in names)
    plain = re.compile(rf"(?<![\w’'-])(?:{body})(?![\w-])")
    rnd = random.Random(1)
    pieces = [*names, *(name[: rnd.randint(1, len(name))] for name in names), " ", "-", "’s", "x", "'", "\n", "1"]
    for _ in range(5000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 8)))
        assert [m.span() for m in gazetteer._pattern.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_chunked_reading_gives_the_decoded_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rnd = random.Random(2)
    pieces = [b"a", b"b c", b"\n", b"\r", b"\r\n", b" ", b"\xc3\xa9", b"\xe2\x80\x99", b"Written: x"]
    file = tmp_path / "source.txt"
    for chunk in (1, 2, 3, 7, source.CHUNK):
        monkeypatch.setattr(source, "CHUNK", chunk)
        for _ in range(300):
            data = b"".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 12))) + b"x"
            data = (b"\xef\xbb\xbf" if rnd.random() < 0.3 else b"") + data + rnd.choice([b"", b"\n", b"\r\n"])
            file.write_bytes(data)
            text = source.decode(data, "x")
            expected = text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")
            assert list(source.iter_lines(file)) == expected
    for bad in (b"a\nb\x00c\n", b"a\n\xff\n"):
        file.write_bytes(bad)
        with pytest.raises(source.SourceError) as caught:
            list(source.iter_lines(file))
        assert caught.value.line == 2


def test_inline_parser_reports_the_date_problems_find_dates_sees(gazetteer: Gazetteer) -> None:
    parser = InlineParser(gazetteer, [])
    rnd = random.Random(3)
    words = ["January", "February", "June", "31", "30", "29", "4", "&", "1923", "23", ",", " ", "x", "early"]
    for _ in range(3000):
        text = " ".join(rnd.choice(words) for _ in range(rnd.randint(1, 9)))
        problems: list[str] = []
        parser.parse(text, century=19, problems=problems)
        assert problems == [m.problem for m in find_dates(text, 19) if m.problem]


def test_cheap_tests_before_regexes_change_nothing() -> None:
    rnd = random.Random(4)
    pieces = ["Yours", "yours", "Respectfully", "faithfully", "With best comradely greetings", ",", ".", "\n", " ",
              "[1]", "[A]", "]", "x", "Note 12", "Document 7", "this volume, ", "present edition, ", "Notes"]
    for _ in range(5000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 7)))
        tail, expected = _closing_tail(text), CLOSING_TAIL.search(text)
        assert (tail and tail.span()) == (expected and expected.span())
        assert without_marker(text) == _MARKER_END.sub("", text).strip()
        assert [m.span() for m in _edition_refs(text)] == [m.span() for m in EDITION_REF.finditer(text)]


def test_a_normalised_key_keeps_its_quote_free_words() -> None:
    rnd = random.Random(5)
    chars = ["a", "b", " ", "\n", "’", "“", "”", "'", '"', "ab", "\t"]
    for _ in range(5000):
        text = "".join(rnd.choice(chars) for _ in range(rnd.randint(0, 12)))
        assert normal(text) == re.sub(r"\s+", " ", text.replace("’", "'").replace("“", '"').replace("”", '"')).strip()
        key = normal("".join(rnd.choice(chars) for _ in range(rnd.randint(1, 6))))
        if key in normal(text):
            assert all(word in text for word in key_words(key))
