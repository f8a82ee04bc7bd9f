"""The ``export`` commands: help with an example, exit 2 on a missing corpus, byte-identical reruns."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tei_lenin.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus"
MINI = ROOT / "tests" / "fixtures" / "export" / "mini"
COMMANDS = {
    "cmif": ["-o", "{out}/cmif.xml", "--allow-placeholder"],
    "corpus": ["-o", "{out}/corpus.xml"],
    "html": ["-o", "{out}/site"],
    "catalog": ["--format", "json", "-o", "{out}/catalog.json"],
}


def run(*args: str):
    return CliRunner().invoke(main, ["export", *args], catch_exceptions=False)


def digest(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder``."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_help_has_an_example(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output and f"tei-lenin export {command}" in result.output


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_missing_corpus_exits_2_with_one_line(command: str, tmp_path: Path) -> None:
    args = [a.format(out=tmp_path) for a in COMMANDS[command]]
    for bad in (tmp_path / "nope", ROOT / "README.md", ROOT / "tests"):
        result = CliRunner().invoke(main, ["export", command, str(bad), *args])
        assert result.exit_code == 2, result.output
        message = result.stderr if hasattr(result, "stderr") else result.output
        assert len(message.strip().splitlines()) == 1 and "error:" in message
        assert "Traceback" not in result.output


def test_unreadable_document_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "corpus"
    (bad / "letters").mkdir(parents=True)
    for name in ("persons.xml", "taxonomy.xml"):
        (bad / name).write_bytes((MINI / name).read_bytes())
    (bad / "letters" / "x.xml").write_text("<TEI><unclosed></TEI>")
    result = CliRunner().invoke(main, ["export", "cmif", str(bad)])
    assert result.exit_code == 2 and "not well-formed" in result.output


@pytest.mark.parametrize("folder", [SEED, MINI], ids=["seed", "mini"])
def test_two_runs_are_byte_identical(folder: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    runs = []
    for n in (1, 2):
        out = tmp_path / f"run{n}"
        for command, args in sorted(COMMANDS.items()):
            result = run(command, str(folder), *[a.format(out=out) for a in args])
            assert result.exit_code == 0, result.output
        result = run("catalog", str(folder), "-o", str(out / "catalog.csv"))
        assert result.exit_code == 0
        runs.append(digest(out))
    assert runs[0] == runs[1]
    assert {"cmif.xml", "corpus.xml", "catalog.json", "catalog.csv", "site/index.html"} <= set(runs[0])


def test_source_date_epoch_sets_the_cmif_timestamp(tmp_path: Path) -> None:
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    result = CliRunner(env=env).invoke(main, ["export", "cmif", str(MINI)])
    assert result.exit_code == 0
    assert '<date when="2023-11-14T22:13:20Z"/>' in result.output
    stamped = run("cmif", str(MINI), "--timestamp", "2001-02-03T04:05:06Z")
    assert '<date when="2001-02-03T04:05:06Z"/>' in stamped.output


def test_stdout_by_default() -> None:
    result = run("catalog", str(MINI))
    assert result.exit_code == 0 and result.output.startswith("id,file,genre,title,")


def test_cmif_refuses_the_placeholder_base_url(tmp_path: Path) -> None:
    """CMIF links every letter to its page: a corpus encoded without settings has none to link to."""
    refused = CliRunner().invoke(main, ["export", "cmif", str(SEED), "-o", str(tmp_path / "cmif.xml")])
    assert refused.exit_code == 2 and "placeholder base URL https://example.org/tei-lenin/" in refused.stderr
    assert "tei-lenin.toml" in refused.stderr and not (tmp_path / "cmif.xml").exists()
    given = run("cmif", str(SEED), "-o", str(tmp_path / "cmif.xml"), "--base-url", "https://lenin.example.net/l/")
    assert given.exit_code == 0 and b"https://lenin.example.net/l/l1922-12-12a" in (tmp_path / "cmif.xml").read_bytes()


def test_settings_file_publishes_the_encoding(tmp_path: Path) -> None:
    settings = tmp_path / "tei-lenin.toml"
    settings.write_text('[publication]\nbase_url = "https://lenin.example.net/l"\npublisher = "Lenin Letters"\n'
                        'licence = "https://creativecommons.org/publicdomain/zero/1.0/"\n'
                        'licence_statement = "CC0: no rights reserved."\n', encoding="utf-8")
    out = tmp_path / "out"
    done = CliRunner().invoke(main, ["encode", str(ROOT / "tests" / "fixtures" / "encode" / "other-compilation.txt"),
                                     "-o", str(out), "--settings", str(settings)])
    assert done.exit_code == 0, done.output
    letter = (out / "letters" / "l1924-01-03.xml").read_text(encoding="utf-8")
    assert '<correspDesc ref="https://lenin.example.net/l/l1924-01-03">' in letter
    assert "<publisher>Lenin Letters</publisher>" in letter and "CC0: no rights reserved." in letter
    assert run("cmif", str(out), "-o", str(tmp_path / "cmif.xml")).exit_code == 0
    settings.write_text('[publication]\nbase = "x"\n', encoding="utf-8")
    bad = CliRunner().invoke(main, ["encode", str(ROOT / "tests" / "fixtures" / "encode" / "other-compilation.txt"),
                                    "-o", str(out), "--settings", str(settings)])
    assert bad.exit_code == 2 and f"{settings}: error: unknown settings base" in bad.stderr
