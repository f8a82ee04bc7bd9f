"""Write the files of a run into a folder the user owns, never destroying what the tool did not write.

A manifest in the folder (:data:`MANIFEST`) lists, for each command that wrote there, the files it wrote and
their SHA-256. A run of :func:`write_files`

1. stages its files in a temporary folder inside the target (the same file system: moving them is atomic);
2. refuses (:class:`OutputConflict`, naming the path and suggesting ``--force``) where a file it would write,
   or an earlier file of its own it would remove, is not as it left it: a file it never wrote, or one edited
   since (a file already holding the new bytes is no conflict);
3. moves its files into place and removes its own earlier files this run does not write, then records the new
   manifest. A manifest of the run in progress is written first, so an interrupted run is recognised later;
4. creates files and folders with the user's umask (``0644`` and ``0755`` under ``022``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".tei-lenin-manifest.json"


class OutputConflict(Exception):
    """Files in the way: not written by the tool, or changed since it wrote them."""

    def __init__(self, paths: list[Path], reason: str) -> None:
        self.paths = paths
        self.reason = reason
        shown = ", ".join(str(p) for p in paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
        super().__init__(f"{shown}: {reason}; nothing was written (use --force to replace or remove them)")


@dataclass
class Changes:
    """What a run did to the folder, as relative paths."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    #: Files in the way that ``--force`` replaced or removed (not written by the tool, or edited since).
    forced: list[str] = field(default_factory=list)

    def summary(self) -> str:
        forced = f" ({len(self.forced)} of them not as tei-lenin left them: --force)" if self.forced else ""
        return (f"{len(self.added)} added, {len(self.changed)} changed, {len(self.removed)} removed, "
                f"{len(self.unchanged)} unchanged{forced}")


def file_mode() -> int:
    """The mode a new file gets under the user's umask (read without changing it where /proc tells it)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return 0o666 & ~int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


Owners = dict[str, dict[str, str]]  # command → {relative path: SHA-256}


def _load(path: Path) -> tuple[Owners, Owners]:
    """The files each command wrote, and those a run in progress was writing ({} where there is no manifest)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}, {}

    def owners(key: str) -> Owners:
        found = data.get(key) if isinstance(data, dict) else None
        return {k: dict(v) for k, v in found.items() if isinstance(v, dict)} if isinstance(found, dict) else {}

    return owners("owners"), owners("pending")


def _dump(path: Path, owners: Owners, pending: Owners, mode: int) -> None:
    """Write a manifest atomically (sorted: the same files give the same bytes)."""
    body: dict[str, object] = {
        "about": "files written by tei-lenin, by command, with their SHA-256; tei-lenin removes or replaces only "
                 "these",
        "owners": {k: dict(sorted(v.items())) for k, v in sorted(owners.items())}}
    if pending:
        body["pending"] = {k: dict(sorted(v.items())) for k, v in sorted(pending.items())}
    _write_atomic(path, (json.dumps(body, indent=1, ensure_ascii=False) + "\n").encode("utf-8"), mode)


def _write_atomic(path: Path, data: bytes, mode: int) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _current(path: Path) -> str | None:
    """The SHA-256 of a file as it is now (None: no file there)."""
    try:
        return digest(path.read_bytes())
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        return "folder"


class Output:
    """The files of one run, staged as they come (memory stays flat), put in place by :meth:`commit`.

    Use as a context manager: on an exception nothing in the folder changes and the staging is removed.
    ``keep``: earlier files of this owner that the run leaves in place though it does not write them.
    """

    def __init__(self, folder: Path, owner: str, *, force: bool = False, keep: frozenset[str] = frozenset()) -> None:
        self.folder, self.owner, self.force, self.keep = folder, owner, force, keep
        self.mode = file_mode()
        self.hashes: dict[str, str] = {}
        self.changes = Changes()
        self._staging: Path | None = None

    def __enter__(self) -> Output:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._staging = Path(tempfile.mkdtemp(prefix=".tei-lenin-", dir=self.folder))
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None

    def add(self, rel: str, data: bytes) -> None:
        """Stage one file (``rel``: its path in the folder, with "/")."""
        assert self._staging is not None, "use Output as a context manager"
        staged = self._staging / rel
        staged.parent.mkdir(parents=True, exist_ok=True)
        staged.write_bytes(data)
        os.chmod(staged, self.mode)
        self.hashes[rel] = digest(data)

    def commit(self) -> Changes:
        """Check for files in the way, then move the staged files into place and record them."""
        assert self._staging is not None, "use Output as a context manager"
        folder, owner, changes = self.folder, self.owner, self.changes
        manifest, pending = _load(folder / MANIFEST)
        mine = {**pending.get(owner, {}), **manifest.get(owner, {})}
        known = {rel: {h for h in (manifest.get(owner, {}).get(rel), pending.get(owner, {}).get(rel)) if h}
                 for rel in mine}
        conflicts: list[str] = []
        for rel, hashed in sorted(self.hashes.items()):
            now = _current(folder / rel)
            if now is None:
                changes.added.append(rel)
            elif now == hashed:
                changes.unchanged.append(rel)
            else:
                changes.changed.append(rel)
                if now not in known.get(rel, ()):
                    conflicts.append(rel)
        for rel in sorted(r for r in mine if r not in self.hashes and r not in self.keep):
            now = _current(folder / rel)
            if now is not None:
                changes.removed.append(rel)
                if now not in known[rel]:
                    conflicts.append(rel)
        if conflicts and not self.force:
            raise OutputConflict([folder / rel for rel in conflicts],
                                 "not written by tei-lenin, or changed since it wrote them")
        changes.forced = conflicts
        # Recorded before anything moves: an interrupted run leaves files the next run knows as its own.
        _dump(folder / MANIFEST, manifest, {**pending, owner: {**mine, **self.hashes}}, self.mode)
        for rel in (*changes.added, *changes.changed):
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(self._staging / rel, folder / rel)
        for rel in changes.removed:
            with contextlib.suppress(FileNotFoundError):
                (folder / rel).unlink()
        manifest[owner] = {**{rel: h for rel, h in mine.items() if rel in self.keep}, **self.hashes}
        pending.pop(owner, None)
        _dump(folder / MANIFEST, manifest, pending, self.mode)
        return changes


def write_files(folder: Path, files: Mapping[str, bytes], owner: str, *, force: bool = False,
                keep: frozenset[str] = frozenset()) -> Changes:
    """Write ``files`` (relative path → bytes) into ``folder`` for the command ``owner`` (see the module)."""
    with Output(folder, owner, force=force, keep=keep) as out:
        for rel, data in files.items():
            out.add(rel, data)
        return out.commit()


def write_file(path: Path, data: bytes, owner: str, *, force: bool = False) -> Changes:
    """Write one file (an export's output) by the same rules, its manifest in the file's folder."""
    return write_files(path.parent, {path.name: data}, owner, force=force,
                       keep=frozenset(_load(path.parent / MANIFEST)[0].get(owner, {})) - {path.name})
