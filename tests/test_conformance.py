"""Conformance of the committed corpus: our validator (schema + rules), tei_all.rng, and Jing agree it is valid."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from conftest import run_jing
from encode_support import ROOT, encode_like_repo

from tei_lenin.cli import main

CORPUS = ROOT / "corpus"
SCHEMA = ROOT / "schema" / "tei-lenin.rng"
OTHER = ROOT / "tests" / "fixtures" / "encode" / "other-compilation.txt"


def _files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*.xml") if "source" not in p.parts and "reference" not in p.parts)


def _validate(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", *args])
    return result.exit_code, result.stdout


def test_corpus_passes_our_schema_and_rules() -> None:
    code, out = _validate(str(CORPUS))
    assert code == 0, out
    assert out.strip().splitlines()[-1] == f"{len(_files(CORPUS))} files checked: no errors, 0 warnings"


def test_corpus_passes_tei_all_through_our_validator(tei_all_rng: Path) -> None:
    code, out = _validate(str(CORPUS), "--schema", str(tei_all_rng))
    assert code == 0, out


def test_corpus_passes_jing_with_our_schema(jing_jar: Path) -> None:
    files = _files(CORPUS)
    assert len(files) == 15
    found = run_jing(jing_jar, SCHEMA, files)
    assert not any(found.values()), found


def test_another_compilation_passes_everything(tmp_path: Path, jing_jar: Path) -> None:
    corpus = encode_like_repo(OTHER, tmp_path)
    code, out = _validate(str(corpus))
    assert code == 0, out
    found = run_jing(jing_jar, SCHEMA, _files(corpus))
    assert not any(found.values()), found
