"""Corpora in object storage: fsspec URLs (``s3://``, ``gs://``, ``memory://`` …) read through a local mirror.

The mirror keeps the corpus's layout under a temporary folder. The files to check are copied first; every
other file a rule looks up (``persons.xml``, ``taxonomy.xml``, a neighbouring letter) is copied when it is
first asked for, from the same place under the corpus root. So a batch of files from a bucket gets exactly
the findings of the whole corpus, and only what is read is transferred. Findings name the original URLs.
``fsspec`` comes with the optional extra ``tei-lenin[dask]`` (or ``pip install fsspec`` and the backend, e.g.
``s3fs``).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path, PurePosixPath


def is_remote(target: str) -> bool:
    """Whether ``target`` is a URL that is not a local ``file://`` one."""
    return "://" in target and not target.startswith("file://")


class RemoteCorpus:
    """The files under ``root`` (an fsspec URL of a folder), mirrored on demand into a temporary folder."""

    def __init__(self, root: str) -> None:
        try:
            import fsspec
        except ImportError as err:
            raise RuntimeError(f"{root}: reading URLs needs fsspec: pip install 'tei-lenin[dask]'") from err
        try:
            self.fs, path = fsspec.core.url_to_fs(root)
        except (ImportError, ValueError) as err:  # an unknown protocol, or its backend is not installed
            raise RuntimeError(f"{root}: {err}") from err
        self.root = PurePosixPath(path.rstrip("/") or "/")
        self.local = Path(tempfile.mkdtemp(prefix="tei-lenin-remote-")).resolve()
        self._missing: set[Path] = set()

    def close(self) -> None:
        """Remove the mirror (the tool's own temporary folder)."""
        shutil.rmtree(self.local, ignore_errors=True)

    def url(self, local: Path) -> str:
        """The URL a mirrored path stands for."""
        relative = local.resolve().relative_to(self.local).as_posix()
        return self.fs.unstrip_protocol((self.root / relative).as_posix())

    def _local(self, remote: str) -> Path:
        relative = PurePosixPath(remote).relative_to(self.root)
        return self.local / relative

    def files(self, targets: list[str]) -> list[Path]:
        """Copy the ``*.xml`` files the targets (folder or file URLs under the root) name; their mirror paths."""
        found: list[Path] = []
        for target in targets:
            remote = self.fs._strip_protocol(target)
            names = sorted(p for p in self.fs.find(remote) if p.endswith(".xml")) if self.fs.isdir(remote) \
                else [remote]
            for name in names:
                local = self._local(name)
                self._copy(name, local)
                found.append(local)
        return found

    def fetch(self, local: Path) -> bool:
        """Copy the file ``local`` stands for if it exists under the root (a rule's look-up); whether it now
        exists."""
        if local.is_file():
            return True
        if local in self._missing:
            return False
        try:
            relative = local.resolve().relative_to(self.local)
        except ValueError:
            return False  # outside the corpus: never fetched
        remote = (self.root / relative.as_posix()).as_posix()
        if not self.fs.isfile(remote):
            self._missing.add(local)
            return False
        self._copy(remote, local)
        return True

    def _copy(self, remote: str, local: Path) -> None:
        local.parent.mkdir(parents=True, exist_ok=True)
        with self.fs.open(remote, "rb") as source, open(local, "wb") as target:
            shutil.copyfileobj(source, target)


def root_of(targets: list[str]) -> str:
    """The deepest folder URL holding every target (the corpus root for look-ups)."""
    protocol = targets[0].split("://", 1)[0]
    parts = [PurePosixPath(t.split("://", 1)[1]) for t in targets]
    common = parts[0]
    for p in parts[1:]:
        while common not in (p, *p.parents):
            common = common.parent
    if common.suffix:  # a single file: its folder
        common = common.parent
    return f"{protocol}://{common.as_posix()}"
