"""The one module that knows where the bundled data lives (schema, source, reference data).

Run in a checkout of the project (the current folder or one above it holds ``pyproject.toml`` of tei-lenin,
``schema/`` and ``corpus/source/``), the commands read the checkout's files, so edits there take effect
whatever is installed; elsewhere they read the copies installed with the tool (``tei_lenin/_data``). An
editable install counts as a checkout of its repository.
"""

from __future__ import annotations

import functools
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_DATA = _PACKAGE / "_data"
_REPO = _PACKAGE.parent.parent

SOURCE_NAME = "last-struggle-1922-1923.txt"
#: Default base URL of the published documents (``encode --base-url``; ``tei.encode.Settings.base_url``).
BASE_URL = "https://example.org/tei-lenin/"


def _is_checkout(folder: Path) -> bool:
    try:
        project = (folder / "pyproject.toml").read_text(encoding="utf-8")
    except OSError:
        return False
    return ('name = "tei-lenin"' in project and (folder / "schema" / "tei-lenin.rng").is_file()
            and (folder / "corpus" / "source").is_dir())


@functools.cache
def checkout() -> Path | None:
    """The checkout the command runs in: the current folder or one above it, or None."""
    here = Path.cwd().resolve()
    return next((folder for folder in (here, *here.parents) if _is_checkout(folder)), None)


def _data_root() -> Path | None:
    """Where the data is read from a checkout: the one the command runs in, else an editable install's."""
    return checkout() or (_REPO if not _DATA.exists() and _is_checkout(_REPO) else None)


def _pick(packaged: Path, in_checkout: str) -> Path:
    root = _data_root()
    return root / in_checkout if root is not None or not packaged.exists() else packaged


def where(path: Path) -> str:
    """Which copy ``path`` is: a checkout's or the one installed with the tool."""
    root = _data_root()
    if root is not None and path.resolve().is_relative_to(root):
        return f"the checkout's copy in {root}"
    return "the copy installed with tei-lenin"


def schema_dir() -> Path:
    """Folder holding ``tei-lenin.rng`` and ``tei-lenin.sch``."""
    return _pick(_DATA / "schema", "schema")


def reference_dir() -> Path:
    """Folder holding the reviewed data: ``authorities.tsv`` and ``errata.tsv``."""
    return _pick(_DATA / "reference", "corpus/reference")


def bundled_source() -> Path:
    """The compilation shipped with the tool, the default input of ``encode``."""
    return _pick(_DATA / "source", "corpus/source") / SOURCE_NAME


def schema_rng() -> Path:
    return schema_dir() / "tei-lenin.rng"


def schema_sch() -> Path:
    return schema_dir() / "tei-lenin.sch"


def authorities_tsv() -> Path:
    return reference_dir() / "authorities.tsv"


def errata_tsv() -> Path:
    return reference_dir() / "errata.tsv"


def default_corpus_dir() -> Path:
    """The encoded corpus: the checkout's ``corpus/`` when run in one, else ``./corpus``."""
    root = checkout()
    return root / "corpus" if root is not None else Path("corpus")
