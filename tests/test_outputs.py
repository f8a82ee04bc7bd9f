"""A user's files are sacred: outputs replace only what tei-lenin wrote, files get the user's umask, encoded
folders and sites carry their schema, a checkout's data is what a checkout run reads. Run as a user would:
the CLI in a subprocess, in a temporary folder with other files present."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tei_lenin.outputs import MANIFEST, OutputConflict, write_files

ROOT = Path(__file__).resolve().parents[1]
OTHER = ROOT / "tests" / "fixtures" / "encode" / "other-compilation.txt"
SOURCE = ROOT / "corpus" / "source" / "last-struggle-1922-1923.txt"


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The CLI as a user runs it, under umask 022."""
    return subprocess.run([sys.executable, "-m", "tei_lenin", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, preexec_fn=lambda: os.umask(0o022), env=env, timeout=300)


def test_export_html_keeps_files_it_did_not_write(tmp_path: Path) -> None:
    site = tmp_path / "p"
    (site / "tei").mkdir(parents=True)
    (site / "tei" / "mine.xml").write_text("x")
    (site / "notes.txt").write_text("my notes")
    done = run("export", "html", ROOT / "corpus", "-o", site, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (site / "tei" / "mine.xml").read_text() == "x" and (site / "notes.txt").read_text() == "my notes"
    assert (site / "tei" / "letters" / "l1922-12-15b.xml").is_file() and "added" in done.stderr


def test_a_file_in_the_way_stops_the_export_until_forced(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "tei" / "letters").mkdir(parents=True)
    mine = site / "tei" / "letters" / "l1922-12-15b.xml"
    mine.write_text("my own edition of this letter")
    done = run("export", "html", ROOT / "corpus", "-o", site, cwd=tmp_path)
    assert done.returncode == 2 and str(mine) in done.stderr and "--force" in done.stderr
    assert mine.read_text() == "my own edition of this letter" and not (site / "index.html").exists()
    forced = run("export", "html", ROOT / "corpus", "-o", site, "--force", cwd=tmp_path)
    assert forced.returncode == 0 and mine.read_text().startswith("<?xml") and "--force" in forced.stderr


def test_encode_replaces_and_removes_only_its_own_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "letters").mkdir(parents=True)
    (out / "letters" / "mine.xml").write_text("<mine/>")
    first = run("encode", SOURCE, "-o", out, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "files: 17 added, 0 changed, 0 removed, 0 unchanged" in first.stdout
    # a smaller compilation in the same folder: the seed's other files are the tool's, so they go
    second = run("encode", OTHER, "-o", out, cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert re.search(r"files: 4 added, \d+ changed, 13 removed, \d+ unchanged", second.stdout)
    assert not (out / "letters" / "l1922-12-12a.xml").exists() and (out / "letters" / "mine.xml").exists()


def test_encode_never_overwrites_a_hand_edit(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("encode", OTHER, "-o", out, cwd=tmp_path).returncode == 0
    edited = out / "letters" / "l1924-01-03.xml"
    edited.write_text(edited.read_text().replace("Please send", "Kindly send"))
    again = run("encode", OTHER, "-o", out, cwd=tmp_path)
    assert again.returncode == 2 and str(edited) in again.stderr and "--force" in again.stderr
    assert "Kindly send" in edited.read_text() and "Traceback" not in again.stderr
    forced = run("encode", OTHER, "-o", out, "--force", cwd=tmp_path)
    assert forced.returncode == 0 and "Please send" in edited.read_text()
    assert "1 of them not as tei-lenin left them: --force" in forced.stdout


def test_files_follow_the_umask_and_others_can_read_them(tmp_path: Path) -> None:
    out, build = tmp_path / "out", tmp_path / "build"
    assert run("encode", OTHER, "-o", out, cwd=tmp_path).returncode == 0
    for args in (["html", out, "-o", build / "site"], ["cmif", out, "-o", build / "cmif.xml", "--allow-placeholder"],
                 ["corpus", out, "-o", build / "corpus.xml"], ["catalog", out, "-o", build / "catalog.csv"]):
        done = run("export", *args, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    for path in [*out.rglob("*"), *build.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o755 if path.is_dir() else 0o644), (path, oct(mode))
        assert mode & stat.S_IROTH  # a web server running as another user can read it


def test_encoded_files_carry_their_schema_wherever_the_folder_goes(tmp_path: Path) -> None:
    out = tmp_path / "anywhere" / "out"
    assert run("encode", OTHER, "-o", out, cwd=tmp_path).returncode == 0
    moved = tmp_path / "moved"
    out.rename(moved)
    for path in moved.rglob("*.xml"):
        for href in re.findall(r'<\?xml-model href="([^"]+)"', path.read_text(encoding="utf-8")):
            assert (path.parent / href).resolve().is_file(), (path, href)
            assert ".venv" not in href and "site-packages" not in href


def test_a_checkout_reads_its_own_source_and_says_so(tmp_path: Path) -> None:
    checkout = tmp_path / "work"
    (checkout / "schema").mkdir(parents=True)
    (checkout / "corpus" / "source").mkdir(parents=True)
    (checkout / "corpus" / "reference").mkdir(parents=True)
    for path in (ROOT / "corpus" / "reference").iterdir():
        (checkout / "corpus" / "reference" / path.name).write_bytes(path.read_bytes())
    (checkout / "pyproject.toml").write_text('[project]\nname = "tei-lenin"\n')
    for name in ("tei-lenin.rng", "tei-lenin.sch"):
        (checkout / "schema" / name).write_bytes((ROOT / "schema" / name).read_bytes())
    (checkout / "corpus" / "source" / SOURCE.name).write_bytes(OTHER.read_bytes())  # the user's edited copy
    done = run("encode", cwd=checkout)
    assert done.returncode == 0, done.stderr
    assert f"read {checkout / 'corpus' / 'source' / SOURCE.name} (the checkout's copy" in done.stdout
    assert (checkout / "corpus" / "letters" / "l1924-01-03.xml").is_file()  # the edited source was read


def test_installed_elsewhere_reads_the_bundled_copies(tmp_path: Path) -> None:
    """The wheel installed outside any checkout: the bundled source, and xml-model paths inside the output."""
    wheel_dir = tmp_path / "wheel"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheel_dir),
                            str(ROOT)], capture_output=True, text=True, timeout=600)
    if built.returncode != 0:
        pytest.skip(f"cannot build the wheel here: {built.stderr[-300:]}")
    site = tmp_path / "site-packages"
    with zipfile.ZipFile(next(wheel_dir.glob("tei_lenin-*.whl"))) as wheel:
        wheel.extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = run("encode", "-o", "out", cwd=elsewhere, env=env)
    assert done.returncode == 0, done.stderr
    assert "(the copy installed with tei-lenin)" in done.stdout and str(site) in done.stdout
    letter = (elsewhere / "out" / "letters" / "l1922-12-12a.xml").read_text(encoding="utf-8")
    assert 'href="../schema/tei-lenin.rng"' in letter and (elsewhere / "out" / "schema" / "tei-lenin.rng").is_file()


def test_an_interrupted_run_is_known_to_the_next(tmp_path: Path) -> None:
    """Files moved by a run that stopped half-way are the tool's: the next run replaces them quietly."""
    write_files(tmp_path, {"a.xml": b"1", "b.xml": b"1"}, "encode")
    manifest = (tmp_path / MANIFEST).read_text()
    (tmp_path / "a.xml").write_bytes(b"2")  # as if a second run had moved a.xml and stopped
    (tmp_path / MANIFEST).write_text(manifest.replace('"owners"', '"pending": {"encode": {"a.xml": '
                                                      '"d4735e3a265e16eee03f59718b9b5d03019c07d8b6c51f90da3a666eec13ab35"'
                                                      '}},\n "owners"'))
    changes = write_files(tmp_path, {"a.xml": b"3", "b.xml": b"3"}, "encode")
    assert changes.changed == ["a.xml", "b.xml"] and not changes.forced
    with pytest.raises(OutputConflict):
        (tmp_path / "b.xml").write_bytes(b"edited")
        write_files(tmp_path, {"b.xml": b"4"}, "encode")
