"""The MIA development set (tests/fixtures/mia) and hold-out set (tests/fixtures/mia-holdout): documents split
right, every fact the text states, no lost line, every file valid against the project schema and rules.

The expected facts were written by reading each case (see the README of each folder), not from output.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from mia_support import HOLDOUT, cases, compare, encode_text, facts, load_case, lost_lines

from tei_lenin import resources
from tei_lenin.pipeline import encode_corpus
from tei_lenin.validate.engine import Validator, validate_paths

CASES = cases() + cases(HOLDOUT)


def _documents(case: dict) -> list[tuple[str, dict[str, object]]]:
    """(first source line, facts) of each encoded document but the front matter's essay, in source order."""
    encoded = encode_text(case["source"])
    lines = case["source"].split("\n")
    return [(lines[doc.first_line - 1].strip(), facts(tree))
            for doc, tree in zip(encoded.compilation.documents, encoded.trees, strict=True) if doc.kind != "essay"]


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_documents_split_right(path: Path) -> None:
    case = load_case(path)
    got = [first for first, _ in _documents(case)]
    assert got == [doc["first"].strip() for doc in case["doc"]]


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_facts(path: Path) -> None:
    case = load_case(path)
    documents = _documents(case)
    wrong = []
    for index, (expected, (first, got)) in enumerate(zip(case["doc"], documents, strict=False)):
        wrong += [f"doc {index + 1} ({first}): {w}" for w in compare(expected, got)]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_no_line_is_lost(path: Path) -> None:
    case = load_case(path)
    encoded = encode_text(case["source"])
    assert lost_lines(case["source"], encoded) == []


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator(resources.schema_rng(), resources.schema_sch())


def test_every_file_passes_validate(tmp_path: Path, validator: Validator) -> None:
    """All cases encoded as a user would (the CLI's service), then checked by `tei-lenin validate`."""
    findings = []
    for path in CASES:
        source = tmp_path / f"{path.stem}.txt"
        source.write_text(load_case(path)["source"], encoding="utf-8")
        out = tmp_path / path.stem / "corpus"
        encode_corpus(source, out)
        report = validate_paths([out], validator)
        findings += [f"{path.stem}: {d.file}:{d.line}: {d.code} {d.message}" for d in report.diagnostics
                     if d.severity.value == "error"]
    assert not findings, "\n".join(findings[:30])


def test_streaming_reads_every_case_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large source is read in two streaming passes (ids and links from a light first pass): forced here on
    all cases as one compilation, the files equal a one-pass run's."""
    from tei_lenin import pipeline

    source = tmp_path / "all.txt"
    source.write_text("\n\n".join(load_case(path)["source"] for path in CASES), encoding="utf-8")
    once = encode_corpus(source, tmp_path / "once")
    monkeypatch.setattr(pipeline, "SINGLE_PASS_BYTES", 0)
    streamed = encode_corpus(source, tmp_path / "streamed", jobs=2)
    assert [w.path for w in once.documents] == [w.path for w in streamed.documents]
    for written in once.documents:
        assert (tmp_path / "once" / written.path).read_bytes() == (tmp_path / "streamed" / written.path).read_bytes()
    assert sorted(once.warnings, key=repr) == sorted(streamed.warnings, key=repr)


def test_all_cases_as_one_compilation() -> None:
    """The cases (but those with front matter) pasted one after another into one file, as a user pastes pages:
    the same documents, split at the same lines, with the same facts."""
    paths = [path for path in CASES if "front-matter" not in path.stem]  # a compilation has one front matter
    text = "\n\n".join(load_case(path)["source"].strip("\n") for path in paths)
    expected = [doc for path in paths for doc in load_case(path)["doc"]]
    encoded = encode_text(text)
    lines = text.split("\n")
    documents = [(doc, tree) for doc, tree in zip(encoded.compilation.documents, encoded.trees, strict=True)
                 if doc.kind != "essay"]
    assert [lines[doc.first_line - 1].strip() for doc, _ in documents] == [e["first"].strip() for e in expected]
    wrong = [f"{doc.ident}: {w}" for e, (doc, tree) in zip(expected, documents, strict=True)
             for w in compare(e, facts(tree))]
    assert not wrong, "\n".join(wrong)
    assert lost_lines(text, encoded) == []
