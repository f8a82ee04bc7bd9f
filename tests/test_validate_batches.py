"""Batches: `--format jsonl` (one object per file, then a summary; reports concatenate) and `--from-list` (issue 15)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tei_lenin import resources
from tei_lenin.cli import main

ROOT = Path(__file__).resolve().parents[1]
INVALID = ROOT / "tests" / "invalid"


PROJECT = ["--schema", str(resources.schema_rng()), "--rules", str(resources.schema_sch())]


def _lines(*args: str) -> list[dict]:
    result = CliRunner().invoke(main, ["validate", *PROJECT, *args])
    assert result.exit_code in (0, 1), result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_batches_concatenate_to_the_whole_run(tmp_path: Path) -> None:
    files = sorted(INVALID.glob("TL-S00*.xml"))[:6] + sorted((ROOT / "corpus" / "letters").glob("*.xml"))[:4]
    for f in files:
        shutil.copy(f, tmp_path / f.name)
    staged = sorted(tmp_path.glob("*.xml"))
    whole = _lines(*map(str, staged), "--format", "jsonl")
    batches = _lines(*map(str, staged[:5]), "--format", "jsonl") + _lines(*map(str, staged[5:]), "--format", "jsonl")
    per_file = [x for x in batches if "summary" not in x]
    summaries = [x["summary"] for x in batches if "summary" in x]
    assert per_file == [x for x in whole if "summary" not in x]
    assert len(summaries) == 2 and whole[-1]["summary"]["files"] == len(staged) == sum(s["files"] for s in summaries)
    assert sum(s["errors"] for s in summaries) == whole[-1]["summary"]["errors"] > 0
    # the same findings as --format json, file by file
    report = json.loads(CliRunner().invoke(main, ["validate", *PROJECT, *map(str, staged), "--format", "json"]).stdout)
    as_json = sorted((d["file"], d["line"] or 0, d["code"]) for d in report["diagnostics"])
    as_jsonl = sorted((x["file"], d["line"] or 0, d["code"]) for x in per_file for d in x["diagnostics"])
    assert as_jsonl == as_json
    assert all(x["checked_against"].endswith("tei-lenin.rng + schema/tei-lenin.sch") for x in per_file)


def test_from_list_reads_paths_and_file_urls(tmp_path: Path) -> None:
    letters = sorted((ROOT / "corpus" / "letters").glob("*.xml"))[:3]
    listing = tmp_path / "list.txt"
    listing.write_text(f"# a batch\n{letters[0]}\n\n{letters[1].as_uri()}\n{letters[2]}\n", encoding="utf-8")
    lines = _lines("--from-list", str(listing), "--format", "jsonl")
    assert [Path(x["file"]).resolve() for x in lines[:-1]] == [p.resolve() for p in letters]
    bad = tmp_path / "bad.txt"
    bad.write_text(f"{letters[0]}\nnosuchprotocol://bucket/x.xml\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--from-list", str(bad)])
    assert result.exit_code == 2 and "nosuchprotocol" in result.output


def test_memory_urls_give_the_findings_of_the_local_corpus(tmp_path: Path) -> None:
    """A batch of letters read from fsspec's memory:// store: persons.xml and the neighbouring letters outside
    the batch are fetched from the corpus root on demand, so the findings equal the local run's."""
    fsspec = pytest.importorskip("fsspec")
    local = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", local, ignore=shutil.ignore_patterns("source", "reference"))
    shutil.copy(INVALID / "TL-S003-unknown-person.xml", local / "letters" / "zz-unknown-person.xml")
    memory = fsspec.filesystem("memory")
    for path in sorted(local.rglob("*.xml")):
        memory.pipe(f"/tl-corpus/{path.relative_to(local).as_posix()}", path.read_bytes())
    try:
        batch = sorted((local / "letters").glob("*.xml"))[2:7] + [local / "letters" / "zz-unknown-person.xml"]
        urls = [f"memory://tl-corpus/letters/{p.name}" for p in batch]
        remote = _lines(*urls, "--corpus-root", "memory://tl-corpus", "--format", "jsonl")
        here = _lines(*map(str, batch), "--format", "jsonl")
    finally:
        memory.rm("/tl-corpus", recursive=True)

    def by_name(lines: list[dict]) -> dict[str, list]:
        return {Path(x["file"]).name: [(d["line"], d["code"], d["message"]) for d in x["diagnostics"]]
                for x in lines if "summary" not in x}

    assert by_name(remote) == by_name(here)
    assert by_name(here)["zz-unknown-person.xml"]  # the look-up into persons.xml found the unknown person
    assert all(x["file"].startswith("memory://") for x in remote if "summary" not in x)
    assert remote[-1]["summary"]["files"] == len(batch)
