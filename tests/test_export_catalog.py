"""Catalogue export: fixed column order, one row per document, facts of the seed and the mini corpus."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tei_lenin.export.catalog import COLUMNS, build_catalog
from tei_lenin.export.reader import read_corpus

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus"
MINI = ROOT / "tests" / "fixtures" / "export" / "mini"


def csv_rows(folder: Path) -> list[dict[str, str]]:
    text = build_catalog(read_corpus(folder), "csv")
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    return list(reader)


def test_columns_are_stable() -> None:
    assert COLUMNS == ("id", "file", "genre", "title", "date", "dates", "sender", "addressees", "cc", "mode",
                       "transmission", "secrecy", "hands", "notes", "authority_uris")


def test_seed_rows() -> None:
    rows = {r["id"]: r for r in csv_rows(SEED)}
    assert len(rows) == len(read_corpus(SEED).documents)
    letter = rows["l1922-12-15b"]
    assert letter["file"] == "letters/l1922-12-15b.xml"
    assert letter["genre"] == "genre-letter" and letter["date"] == "1922-12-15"
    assert letter["sender"] == "Lenin, Vladimir Ilyich" and letter["addressees"] == "Trotsky, Leon"
    assert "Fotieva" in letter["hands"] and letter["notes"] == "2"
    assert "https://d-nb.info/gnd/118642979" in letter["authority_uris"].split("; ")
    assert rows["l1923-03-05b"]["cc"].split("; ")[0].startswith("Kamenev")
    assert rows["a1923-01-04"]["dates"] == "1923-01-04; 1923-01-06"
    assert rows["a1923-01-04"]["sender"] == ""


def test_mini_rows_json() -> None:
    data = json.loads(build_catalog(read_corpus(MINI), "json"))
    assert [r["id"] for r in data] == ["l1901-03-14", "l1901-04-02", "a1902-01-10"]
    assert all(list(r) == list(COLUMNS) for r in data)
    first, second, article = data
    assert first["cc"] == ["Novak, Jana"] and first["mode"] == "mode-dictated"
    assert first["hands"] == ["Weiss, Clara", "Kern, Paul"] and first["notes"] == 2
    assert first["authority_uris"][:2] == ["http://www.wikidata.org/entity/Q0000001", "https://viaf.org/viaf/000000001"]
    assert second["date"] == "1901-04-01/1901-04-05" and second["secrecy"] == "sec-top-secret"
    assert second["addressees"] == ["Weiss, Clara", "Reading Club of Lyon"]
    assert article["genre"] == "genre-article" and article["cc"] == [] and article["notes"] == 0
