"""The seed compilation: 13 documents with the facts the text states, lossless, deterministic, valid."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from encode_support import ROOT, encode_like_repo, facts, generated_files
from lxml import etree
from mia_support import encode_text, lost_lines

from tei_lenin.pipeline import load_reference, read_compilation
from tei_lenin.tei.reading import reading_text
from tei_lenin.text.segment import blocks_of
from tei_lenin.text.source import read_source

SOURCE = ROOT / "corpus" / "source" / "last-struggle-1922-1923.txt"
LETTER, ARTICLE = "tax:genre-letter", "tax:genre-article"
UNSTATED, DICTATED, PHONE = "tax:mode-unstated", "tax:mode-dictated", "tax:mode-dictated-phone"
TOP, UNMARKED = "tax:sec-top-secret", "tax:sec-unmarked"

# What the text says of each document (expected values written from reading the source, not the output).
EXPECTED: dict[str, dict[str, object]] = {
    "letters/l1922-12-12a.xml": dict(to=["psn:trotsky"], cc=[], dates=["1922-12-12"], mode=UNSTATED,
                                     secrecy=UNMARKED, hands=[], notes=["1"], next="l1922-12-12b.xml"),
    "letters/l1922-12-12b.xml": dict(to=["psn:trotsky"], cc=["psn:frumkin", "psn:stomonyakov"],
                                     dates=["1922-12-12"], mode=PHONE, secrecy=UNMARKED, hands=[],
                                     notes=["1", "2", "3", "4"], prev="l1922-12-12a.xml"),
    "letters/l1922-12-15a.xml": dict(to=["psn:stalin"], cc=[], **{"for": ["org:cc-rcpb"]}, dates=["1922-12-15"],
                                     mode=PHONE, secrecy=UNMARKED, hands=[], notes=["1", "2", "3"], parts=2,
                                     datelines=["1922-12-15", "1922-12-15"], next="l1923-03-05b.xml"),
    "letters/l1922-12-15b.xml": dict(to=["psn:trotsky"], cc=[], dates=["1922-12-15"], mode=UNSTATED,
                                     secrecy=UNMARKED, hands=["psn:lenin", "psn:fotieva"],
                                     hand_words=["to our side"], hand_postscripts=1, notes=["1", "2"]),
    "letters/l1922-12-15c.xml": dict(to=["psn:trotsky"], cc=[], dates=["1922-12-15"], mode=PHONE,
                                     secrecy=UNMARKED, hands=[], notes=["1"]),
    "letters/l1922-12-21.xml": dict(to=["psn:trotsky"], cc=[], dates=["1922-12-21"], mode=DICTATED,
                                    secrecy=UNMARKED, hands=[], notes=["1"], datelines=["1922-12-21"]),
    "letters/l1923-03-05a.xml": dict(to=["psn:trotsky"], cc=[], dates=["1923-03-05"], mode=DICTATED, secrecy=TOP,
                                     transmission="tax:trans-telephone",
                                     hands=[], transmitted=["psn:volodicheva"], notes=["1", "2", "3"],
                                     unanchored=["1"], prev="l1922-12-21.xml"),
    "letters/l1923-03-05b.xml": dict(to=["psn:stalin"], cc=["psn:kamenev", "psn:zinoviev"], dates=["1923-03-05"],
                                     mode=DICTATED, secrecy=TOP, hands=[], notes=["1"], datelines=["1923-03-05"],
                                     prev="l1922-12-15a.xml"),
    "letters/l1923-03-06.xml": dict(to=["psn:mdivani", "psn:makharadze"], cc=["psn:trotsky", "psn:kamenev"],
                                    dates=["1923-03-06"], mode=DICTATED, secrecy=TOP, hands=[], notes=["1"],
                                    title="Letter to Mdivani, Makharadze and others, 6 March 1923"),
    "articles/a1923-01-04.xml": dict(genre=ARTICLE, dates=["1923-01-04", "1923-01-06"], mode=UNSTATED, parts=2,
                                     datelines=["1923-01-04", "1923-01-06"], notes=[], title="On Cooperation"),
    "articles/a1923-01-23.xml": dict(genre=ARTICLE, dates=["1923-01-23"], mode=UNSTATED, notes=[],
                                     title="How We Should Reorganise the Workers’ and Peasants’ Inspection"),
    "articles/a1923-03-02.xml": dict(genre=ARTICLE, dates=["1923-03-02"], mode=UNSTATED, notes=["A"],
                                     title="Better Fewer, But Better"),
    "essays/e2011-06-19.xml": dict(genre="tax:genre-essay", notes=[],
                                   title="Last works of Lenin : against the bureaucracy"),
}


@pytest.fixture(scope="module")
def encoded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return encode_like_repo(SOURCE, tmp_path_factory.mktemp("seed"))


def test_thirteen_documents(encoded: Path) -> None:
    names = [n for n in generated_files(encoded) if "/" in n]
    assert sorted(names) == sorted(EXPECTED)
    assert sum(n.startswith("letters/") for n in names) == 9
    assert sum(n.startswith("articles/") for n in names) == 3


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_document_facts(encoded: Path, name: str) -> None:
    got = facts(encoded / name)
    want = dict(EXPECTED[name])
    want.setdefault("genre", LETTER)
    if want["genre"] == LETTER:
        assert got["sent"] == ["psn:lenin"]
        assert got["sent_date"] == want["dates"][0]  # type: ignore[index]
        for key in ("for", "transmitted", "unanchored", "hand_words"):
            want.setdefault(key, [])
        want.setdefault("hand_postscripts", 0)
        want.setdefault("transmission", "tax:trans-unstated")
        want.setdefault("prev", got["prev"] if "prev" not in want else want["prev"])
        want.setdefault("next", got["next"] if "next" not in want else want["next"])
    for key, value in want.items():
        if key == "title":
            assert got["title"] == value
        else:
            assert got[key] == value, f"{name}: {key}"


def test_committed_corpus_is_a_fresh_run(encoded: Path) -> None:
    """`tei-lenin encode` reproduces the committed corpus byte for byte (regenerate it if this fails)."""
    fresh = generated_files(encoded)
    committed = generated_files(ROOT / "corpus")
    assert sorted(fresh) == sorted(committed)
    for name, data in fresh.items():
        assert data == committed[name], f"{name} differs from a fresh run: run `tei-lenin encode`"
    manifest = ".tei-lenin-manifest.json"  # the files encode wrote, so that it replaces only those
    assert (encoded / manifest).read_bytes() == (ROOT / "corpus" / manifest).read_bytes()


def test_same_input_same_bytes(encoded: Path, tmp_path: Path) -> None:
    again = encode_like_repo(SOURCE, tmp_path)
    assert generated_files(again) == generated_files(encoded)


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_every_source_paragraph_is_in_its_document(encoded: Path) -> None:
    """Lossless: each block of the text (not the header lines) appears verbatim in the diplomatic reading text
    of its document; every line of the source is in the TEI of its document (``lost_lines``)."""
    auths, errata = load_reference()
    compilation = read_compilation(SOURCE, auths, errata)
    text = read_source(SOURCE)
    blocks = [b for b in blocks_of(text) if b.kind != "header"]
    covered = 0
    for doc in compilation.documents:
        path = next(encoded.glob(f"*/{doc.ident}.xml"))
        reading = _words(reading_text(etree.parse(str(path)).getroot(), diplomatic=True))
        mine = [b for b in blocks if doc.first_line <= b.line <= doc.last_line]
        for block in mine:
            assert _words(block.text) in reading, f"{doc.ident}: source line {block.line} lost"
        covered += len(mine)
    assert covered == len(blocks)
    assert lost_lines(text, encode_text(text)) == []


def test_corrections_come_from_the_errata(encoded: Path) -> None:
    tree = etree.parse(str(encoded / "letters" / "l1922-12-15c.xml"))
    choice = tree.find(".//{*}choice")
    assert choice is not None
    assert (choice.findtext("{*}sic"), choice.findtext("{*}corr")) == ("1", "I")
    article = etree.parse(str(encoded / "articles" / "a1923-01-23.xml"))
    assert article.find(".//{*}head//{*}sic").text == "Wokers’"


def test_notes_sit_at_their_markers(encoded: Path) -> None:
    tree = etree.parse(str(encoded / "letters" / "l1923-03-05a.xml"))
    head_note = tree.find(".//{*}head/{*}note")
    assert head_note is not None and head_note.get("n") == "2"
    assert len(head_note.findall("{*}p")) == 3  # the note runs over three paragraphs
    marker_a = etree.parse(str(encoded / "articles" / "a1923-03-02.xml")).find(".//{*}note[@n='A']")
    assert marker_a is not None and marker_a.find("{*}gap") is not None


def test_supplied_and_references(encoded: Path) -> None:
    article = etree.parse(str(encoded / "articles" / "a1923-01-23.xml"))
    supplied = article.find(".//{*}supplied")
    assert supplied.get("reason") == "explanation" and "".join(supplied.itertext()) == "Stalin"
    better = etree.parse(str(encoded / "articles" / "a1923-03-02.xml"))
    ref = better.find(".//{*}supplied/{*}ref")
    assert ref is not None and ref.get("target") == "../articles/a1923-01-23.xml"
    essay = etree.parse(str(encoded / "essays" / "e2011-06-19.xml"))
    assert [r.get("target") for r in essay.findall(".//{*}cit/{*}ref")] == ["../articles/a1923-03-02.xml"]
    assert len(essay.findall(".//{*}cit")) >= 8


def test_valid_against_tei_all(encoded: Path, tei_all_rng: Path) -> None:
    schema = etree.RelaxNG(etree.parse(str(tei_all_rng)))
    for name in generated_files(encoded):
        tree = etree.parse(str(encoded / name))
        assert schema.validate(tree), f"{name}: {schema.error_log.last_error}"


def test_documents_join_into_one_corpus(encoded: Path) -> None:
    """Ids are unique corpus-wide: all documents parse as one teiCorpus (lxml rejects duplicate xml:id)."""
    parts = []
    for name in generated_files(encoded):
        root = etree.parse(str(encoded / name)).getroot()
        parts.append(etree.tostring(root, encoding="unicode"))
    joined = ('<teiCorpus xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/>' + "".join(parts) + "</teiCorpus>")
    tree = etree.fromstring(joined.encode())
    ids = tree.xpath("//@xml:id")
    assert len(ids) == len(set(ids)) > 13


def test_notes_cite_their_edition(encoded: Path) -> None:
    tree = etree.parse(str(encoded / "letters" / "l1923-03-06.xml"))
    scope = tree.find(".//{*}note//{*}bibl/{*}biblScope")
    assert (scope.get("unit"), scope.get("n"), scope.text) == ("note", "765", "Note 765")
    target = scope.getparent().get("corresp")[1:]
    edition = tree.find(".//{*}sourceDesc//{*}bibl[@type='edition']")
    assert edition.get("{http://www.w3.org/XML/1998/namespace}id") == target
    stalin = etree.parse(str(encoded / "letters" / "l1923-03-05b.xml"))
    assert [s.get("n") for s in stalin.find("{*}text").iter("{*}biblScope")] == ["811"]
    # The edition is named where the notes cite it or a "Printed from …" line says what it printed from.
    assert etree.parse(str(encoded / "letters" / "l1922-12-15c.xml")).find(".//{*}bibl[@type='edition']") is None
    witness = etree.parse(str(encoded / "letters" / "l1922-12-21.xml")).find(
        ".//{*}bibl[@type='edition']/{*}note[@type='textBase']")
    assert witness.get("subtype") == "typescript" and witness.text.startswith("Printed from a typewritten copy")


def test_no_correction_inside_a_word(encoded: Path) -> None:
    """Every choice of the corpus stands between word boundaries ("unemployed m the towns": the m, not the m of
    "unemployed")."""
    seen = 0
    for path in sorted(encoded.glob("*/*.xml")):
        for choice in etree.parse(str(path)).iter("{*}choice"):
            previous = choice.getprevious()
            before = (previous.tail if previous is not None else choice.getparent().text) or " "
            after = choice.tail or " "
            sic = choice.findtext("{*}sic") or ""
            assert not (sic[:1].isalnum() and before[-1:].isalnum()), f"{path.name}: …{before[-10:]}[{sic}]"
            assert not (sic[-1:].isalnum() and after[:1].isalnum()), f"{path.name}: [{sic}]{after[:10]}…"
            seen += 1
    assert seen >= 6


def test_each_document_cites_its_source_lines(encoded: Path) -> None:
    """The transcription bibl names the file read and the document's lines in it: they do not overlap, begin
    and end on a written line, and the title stands in the first lines."""
    source = ROOT / "corpus" / "source" / "last-struggle-1922-1923.txt"
    lines = source.read_text(encoding="utf-8").splitlines()
    spans = []
    for name in generated_files(encoded):
        root = etree.parse(str(encoded / name)).getroot()
        bibl = root.find(".//{*}sourceDesc//{*}bibl[@type='transcription']")
        if bibl is None:
            continue
        assert bibl.findtext("{*}idno[@type='file']") == source.name
        scope = bibl.find("{*}biblScope[@unit='line']")
        first, last = int(scope.get("from")), int(scope.get("to"))
        assert lines[first - 1].strip() and lines[last - 1].strip(), name
        head = root.find(".//{*}body/{*}div/{*}head")
        if head is not None:
            words = "".join(t for t in head.itertext() if t not in {n.text for n in head.iter("{*}note")})
            opening = " ".join(lines[first - 1:first + 2]).lower()  # a byline may stand above the title
            assert words.split()[0].lower() in opening, name
        spans.append((first, last))
    assert len(spans) == 13
    spans.sort()
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False))
