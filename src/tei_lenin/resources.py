"""The one module that knows where the bundled data lives (schema, source, reference data).

In a wheel the data sits in ``tei_lenin/_data``; in a checkout (editable install) it is read from the
repository's ``schema/`` and ``corpus/`` folders, so both runs read the same files.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_DATA = _PACKAGE / "_data"
_REPO = _PACKAGE.parent.parent

SOURCE_NAME = "last-struggle-1922-1923.txt"
#: Default base URL of the published documents (``encode --base-url``; ``tei.encode.Settings.base_url``).
BASE_URL = "https://example.org/tei-lenin/"


def _pick(packaged: Path, checkout: Path) -> Path:
    return packaged if packaged.exists() else checkout


def schema_dir() -> Path:
    """Folder holding ``tei-lenin.rng`` and ``tei-lenin.sch``."""
    return _pick(_DATA / "schema", _REPO / "schema")


def reference_dir() -> Path:
    """Folder holding the reviewed data: ``authorities.tsv`` and ``errata.tsv``."""
    return _pick(_DATA / "reference", _REPO / "corpus" / "reference")


def bundled_source() -> Path:
    """The compilation shipped with the tool, the default input of ``encode``."""
    return _pick(_DATA / "source", _REPO / "corpus" / "source") / SOURCE_NAME


def schema_rng() -> Path:
    return schema_dir() / "tei-lenin.rng"


def schema_sch() -> Path:
    return schema_dir() / "tei-lenin.sch"


def authorities_tsv() -> Path:
    return reference_dir() / "authorities.tsv"


def errata_tsv() -> Path:
    return reference_dir() / "errata.tsv"


def default_corpus_dir() -> Path:
    """The encoded corpus: the checkout's ``corpus/`` when run from one, else ``./corpus``."""
    checkout = _REPO / "corpus"
    if (checkout / "source").is_dir() and not _DATA.exists():
        return checkout
    return Path("corpus")
