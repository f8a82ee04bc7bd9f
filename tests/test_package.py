"""Package hygiene: layers import one way, no debugging leftovers, the wheel carries its data."""

from __future__ import annotations

import ast
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "tei_lenin"


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def _modules(*parts: str) -> list[Path]:
    return [p for part in parts for p in ((SRC / part).rglob("*.py") if (SRC / part).is_dir() else [SRC / part])]


def test_text_stages_and_model_do_not_use_lxml() -> None:
    for path in _modules("text", "model.py", "reference.py"):
        assert not {m for m in _imports(path) if m.startswith("lxml")}, path


def test_model_is_a_leaf() -> None:
    assert not {m for m in _imports(SRC / "model.py") if m.startswith("tei_lenin")}


def test_validators_and_exporters_read_tei_not_text() -> None:
    """They work on any TEI file, including hand-corrected ones: no import of the text stages or the model."""
    for path in _modules("validate", "export", "report"):
        bad = {m for m in _imports(path) if m.startswith(("tei_lenin.text", "tei_lenin.model", "tei_lenin.pipeline"))}
        assert not bad, f"{path}: {bad}"


def test_no_debugging_leftovers() -> None:
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
        assert not calls & {"print", "breakpoint"}, path


def test_wheel_carries_schema_source_and_reference_data(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
                          capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        pytest.skip(f"cannot build the wheel here (no PyPI for the build backend?): {done.stderr[-300:]}")
    wheel = next(tmp_path.glob("tei_lenin-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("tei_lenin/_data/schema/tei-lenin.rng", "tei_lenin/_data/schema/tei-lenin.sch",
                   "tei_lenin/_data/source/last-struggle-1922-1923.txt",
                   "tei_lenin/_data/reference/authorities.tsv", "tei_lenin/_data/reference/errata.tsv"):
        assert needed in names
