"""One exit-status contract for every command (issue 13), checked as a user meets it: ``python -m tei_lenin``
in a folder of its own. 0 success, 1 findings (validate), 2 usage error or unreadable input, 130 Ctrl-C."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tei_lenin.exits import EXIT_STATUS

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "validate" / "corpus"
LETTER = CORPUS / "letters" / "l1922-12-13.xml"
EXPORTS = ["cmif", "corpus", "html", "catalog"]
#: The unreadable inputs: name -> content (None: the file does not exist).
UNREADABLE: dict[str, bytes | None] = {
    "missing": None,
    "empty": b"",
    "binary": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "plain-text": b"Dear comrade,\nthis is not XML.\n",
}


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``tei-lenin ARGS`` in ``cwd`` as a user would."""
    return subprocess.run([sys.executable, "-m", "tei_lenin", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def squeezed(text: str) -> str:
    """The text without any white space (help is wrapped to the terminal's width)."""
    return "".join(text.split())


def sub_commands(help_text: str) -> list[str]:
    """The names listed in the ``Commands:`` section of a ``--help`` page."""
    section = help_text.partition("\nCommands:\n")[2].split("\n\n")[0]
    return [m.group(1) for m in re.finditer(r"^  (\S+)", section, re.M)]


def bad_file(folder: Path, kind: str, name: str) -> Path:
    """``folder/name`` holding the unreadable content ``kind`` (or absent)."""
    path = folder / name
    content = UNREADABLE[kind]
    if content is not None:
        path.write_bytes(content)
    return path


def one_line_naming(stderr: str, path: Path) -> None:
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert len(lines) == 1 and str(path.name) in lines[0], stderr


# 1. every --help states the contract


def test_every_help_states_the_exit_status(tmp_path: Path) -> None:
    seen: list[str] = []
    todo: list[list[str]] = [[]]
    while todo:
        command = todo.pop(0)
        result = cli(*command, "--help", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert squeezed(EXIT_STATUS) in squeezed(result.stdout), f"tei-lenin {' '.join(command)} --help"
        seen.append(" ".join(command))
        todo.extend([*command, name] for name in sub_commands(result.stdout))
    assert set(seen) >= {"", "encode", "validate", "text", "export", "export cmif", "export corpus",
                         "export html", "export catalog"}


def test_usage_error_is_2(tmp_path: Path) -> None:
    result = cli("validate", "--format", "yaml", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr


# 2. unreadable input is 2 everywhere, one line naming the file


@pytest.mark.parametrize("kind", sorted(UNREADABLE))
def test_validate_unreadable_file_is_2(tmp_path: Path, kind: str) -> None:
    path = bad_file(tmp_path, kind, f"{kind}.xml")
    result = cli("validate", path.name, cwd=tmp_path)
    assert result.returncode == 2, result.stdout
    findings = result.stdout.splitlines()[:-1]
    assert len(findings) == 1 and findings[0].startswith(f"{path.name}") and "error[TL-I00" in findings[0]
    assert "Traceback" not in result.stderr + result.stdout


def test_validate_malformed_xml_is_a_finding(tmp_path: Path) -> None:
    (tmp_path / "broken.xml").write_text("<TEI><p>unclosed</TEI>")
    result = cli("validate", "broken.xml", cwd=tmp_path)
    assert result.returncode == 1 and "error[TL-W001]" in result.stdout


@pytest.mark.parametrize("kind", sorted(UNREADABLE))
def test_text_unreadable_file_is_2(tmp_path: Path, kind: str) -> None:
    path = bad_file(tmp_path, kind, f"{kind}.xml")
    result = cli("text", path.name, cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    one_line_naming(result.stderr, path)


@pytest.mark.parametrize("command", EXPORTS)
@pytest.mark.parametrize("kind", sorted(UNREADABLE))
def test_export_unreadable_corpus_argument_is_2(tmp_path: Path, kind: str, command: str) -> None:
    path = bad_file(tmp_path, kind, f"{kind}.xml")
    result = cli("export", command, path.name, "-o", "out/result", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    one_line_naming(result.stderr, path)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("inside", ["persons.xml", "letters/l1922-12-13.xml"])
@pytest.mark.parametrize("kind", ["empty", "binary", "plain-text"])
def test_export_unreadable_file_in_the_corpus_is_2(tmp_path: Path, kind: str, inside: str) -> None:
    shutil.copytree(CORPUS, tmp_path / "corpus")
    path = bad_file(tmp_path / "corpus", kind, inside)
    result = cli("export", "catalog", "corpus", "-o", "out/catalog.csv", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    one_line_naming(result.stderr, path)
    assert not (tmp_path / "out").exists()


# 3. validate without PATH: ./corpus, else a usage error


def test_validate_without_path_outside_a_checkout_is_2(tmp_path: Path) -> None:
    result = cli("validate", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == ("tei-lenin validate: error: no corpus here (no ./corpus folder); give the files or "
                             "folders to check\n")


def test_validate_without_path_checks_dot_corpus(tmp_path: Path) -> None:
    shutil.copytree(CORPUS, tmp_path / "corpus")
    result = cli("validate", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "5 files checked: no errors, 0 warnings"


def test_validate_without_path_in_the_checkout_checks_its_corpus() -> None:
    result = cli("validate", "--no-schema", "--no-rules", cwd=ROOT)
    assert result.returncode in (0, 1), result.stderr
    files = sum(1 for _ in (ROOT / "corpus").rglob("*.xml"))
    assert result.stdout.splitlines()[-1].startswith(f"{files} files checked")


# 4. text on XML that is not an encoded document


@pytest.mark.parametrize("content", [
    "<html/>",
    '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body/></text></TEI>',
    '<text xmlns="http://www.tei-c.org/ns/1.0"><body><div><p>x</p></div></body></text>',
], ids=["html", "tei-without-div", "no-tei-root"])
def test_text_of_xml_that_is_not_a_document_is_2(tmp_path: Path, content: str) -> None:
    (tmp_path / "other.xml").write_text(content)
    result = cli("text", "other.xml", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    one_line_naming(result.stderr, tmp_path / "other.xml")


def test_text_of_a_letter_is_0(tmp_path: Path) -> None:
    result = cli("text", str(LETTER), cwd=tmp_path)
    assert result.returncode == 0 and result.stdout and result.stderr == ""


# 5. Ctrl-C: 130, one line, no traceback, no worker output, no half-written cache entry


@pytest.fixture(scope="module")
def many_letters(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3,000 valid letters: the fixture's two letters (which point to each other) in 1,500 folders, with
    ``persons.xml`` and ``taxonomy.xml`` above them as their prefixDefs expect."""
    root = tmp_path_factory.mktemp("many")
    for name in ("persons.xml", "taxonomy.xml"):
        shutil.copy(CORPUS / name, root / name)
    letters = [(p.name, p.read_bytes()) for p in sorted((CORPUS / "letters").glob("*.xml"))]
    for i in range(1500):
        folder = root / f"d{i:04}"
        folder.mkdir()
        for name, data in letters:
            (folder / name).write_bytes(data)
    return root


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (Linux /proc; empty elsewhere)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="POSIX signals")
@pytest.mark.parametrize(("jobs", "to_group"), [(2, False), (2, True), (1, True)],
                         ids=["jobs2-process", "jobs2-group", "jobs1-group"])
def test_ctrl_c_exits_130_with_one_line(many_letters: Path, tmp_path: Path, jobs: int, to_group: bool) -> None:
    cache = tmp_path / "cache"
    # validation has begun once the first result is in the cache
    with _started(["validate", "--jobs", str(jobs), "--cache", str(cache), str(many_letters)], tmp_path,
                  lambda: _cached(cache)) as proc:
        workers = _children(proc.pid)
        if to_group:
            os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C does
        else:
            proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert stderr == "tei-lenin: interrupted\n"
    assert stdout == ""
    assert jobs == 1 or len(workers) >= jobs or not Path("/proc").is_dir()
    deadline = time.monotonic() + 5
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not any(_running(pid) for pid in workers), "a worker outlived the run"
    shard_files = re.compile(r"shard-[0-9a-f]{2}\.sqlite(-wal|-shm|-journal)?")
    stray = [p for p in cache.rglob("*") if p.is_file() and not shard_files.fullmatch(p.name)]
    assert not stray, f"a file other than the cache's shards (and SQLite's own logs) was left: {stray}"
    for shard in cache.glob("shard-*.sqlite"):
        with contextlib.closing(sqlite3.connect(shard)) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            for (entry,) in db.execute("SELECT entry FROM entries"):
                json.loads(entry)  # every entry whole


@contextlib.contextmanager
def _started(args: list[str], cwd: Path, begun: Callable[[], bool]) -> Iterator[subprocess.Popen]:
    """``tei-lenin ARGS`` in a session of its own, handed over once ``begun()`` (within 60 s) while it still
    runs; killed on the way out if it has not ended."""
    proc = subprocess.Popen([sys.executable, "-m", "tei_lenin", *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not begun() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        assert proc.poll() is None, "finished before the interrupt"
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()


def _cached(cache: Path) -> bool:
    """Whether some result is in the cache yet."""
    for shard in cache.glob("shard-*.sqlite"):
        try:
            with contextlib.closing(sqlite3.connect(shard, timeout=1)) as db:
                if db.execute("SELECT count(*) FROM entries").fetchone()[0]:
                    return True
        except sqlite3.Error:
            continue
    return False


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="POSIX signals")
def test_ctrl_c_during_encode_leaves_the_folder_as_it_was(tmp_path: Path) -> None:
    """`encode --jobs 2` interrupted while it encodes: exit 130, one line, no worker output, and the output
    folder as before (a previous corpus untouched, no staging left)."""
    from mia_support import FIXTURES, cases, load_case

    page = "\n\n".join(load_case(path)["source"].strip("\n") for path in cases(FIXTURES)
                       if "front-matter" not in path.stem)
    source = tmp_path / "big.txt"
    source.write_text("\n\n".join([page] * 60), encoding="utf-8")  # ~5 MB: streamed in two passes
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("mine")
    # encoding has begun once the first file is staged
    with _started(["encode", str(source), "-o", str(out), "--jobs", "2"], tmp_path,
                  lambda: any(out.glob(".tei-lenin-*/letters/*.xml"))) as proc:
        os.killpg(proc.pid, signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert stderr == "tei-lenin: interrupted\n"
    assert sorted(p.name for p in out.iterdir()) == ["mine.txt"]  # nothing half-written, no staging left
