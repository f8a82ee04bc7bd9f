"""A validation run on a Dask cluster (the optional extra ``tei-lenin[dask]``).

The files go out in batches sized by count and bytes; each worker thread builds the validator once from the
client's settings (schema and rules compiled once per worker thread, reused for every later batch) and sends
back plain results, which come out here in input order as they arrive. Files are read where they are, so
cross-document look-ups (``persons.xml``, neighbouring letters) resolve as in a one-process run: a batch gives
exactly the findings the whole run gives. Workers must see the same paths (a shared file system).
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from tei_lenin.diagnostics import Diagnostic, Severity
from tei_lenin.validate.engine import FileResult, ResultCache, Validator

BATCH_FILES = 500
BATCH_BYTES = 64 * 1024 * 1024
_LOCAL = threading.local()


def batches(files: Sequence[Path], max_files: int = BATCH_FILES, max_bytes: int = BATCH_BYTES) -> list[list[Path]]:
    """Consecutive runs of files, at most ``max_files`` and (past the first file) ``max_bytes`` each."""
    out: list[list[Path]] = []
    current: list[Path] = []
    size = 0
    for path in files:
        try:
            length = path.stat().st_size
        except OSError:
            length = 0
        if current and (len(current) >= max_files or size + length > max_bytes):
            out.append(current)
            current, size = [], 0
        current.append(path)
        size += length
    if current:
        out.append(current)
    return out


def _worker_validator(settings: dict[str, Any], cache_dir: str | None) -> Validator:
    """This thread's validator for these settings, built on first use."""
    key = hashlib.sha256(pickle.dumps((sorted(settings.items(), key=lambda kv: kv[0]), cache_dir))).hexdigest()
    held = getattr(_LOCAL, "validators", None)
    if held is None:
        held = _LOCAL.validators = {}
    if key not in held:
        validator = Validator(**{**settings, "hard_compile_limit": False})
        if cache_dir is not None:
            validator.cache = ResultCache(Path(cache_dir), validator)
        held[key] = validator
    return held[key]


def validate_batch(settings: dict[str, Any], cache_dir: str | None, paths: list[str],
                   names: list[str]) -> list[dict[str, Any]]:
    """Run on a worker: the plain results of these files."""
    validator = _worker_validator(settings, cache_dir)
    results = [as_plain(validator.check_file(Path(p), n)) for p, n in zip(paths, names, strict=True)]
    if validator.cache is not None:
        validator.cache.flush()
    return results


def as_plain(result: FileResult) -> dict[str, Any]:
    """A :class:`FileResult` as picklable, version-independent data."""
    return {"file": result.file, "counts": dict(result.counts), "io_failure": result.io_failure,
            "checked": result.checked,
            "diagnostics": [[d.code, d.severity.value, d.message, d.file, d.line, d.column, d.hint]
                            for d in result.diagnostics]}


def from_plain(data: dict[str, Any]) -> FileResult:
    """The :class:`FileResult` :func:`as_plain` describes."""
    found = [Diagnostic(code, Severity(sev), message, file, line, column, hint)
             for code, sev, message, file, line, column, hint in data["diagnostics"]]
    return FileResult(data["file"], found, data["counts"], data["io_failure"], data["checked"])


def connect(address: str) -> Any:
    """A Dask client: ``tcp://host:port`` of a scheduler, or ``local[:N]`` for a cluster of N worker
    processes on this machine (one thread each)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as err:
        raise RuntimeError("--dask needs Dask: pip install 'tei-lenin[dask]'") from err
    if address == "local" or address.startswith("local:"):
        workers = int(address.split(":", 1)[1]) if ":" in address else 2
        return Client(LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None))
    return Client(address)


def run(files: Sequence[Path], validator: Validator, client: Any,
        progress: Callable[[int, int], None] | None = None,
        on_result: Callable[[FileResult], None] | None = None,
        batch_files: int = BATCH_FILES) -> Iterator[FileResult]:
    """Validate ``files`` on the cluster ``client`` with ``validator``'s settings; yield results in input
    order as they become available."""
    from distributed import as_completed

    settings = dict(validator.settings)
    cache_dir = str(validator.cache.directory) if validator.cache is not None else None
    groups = batches(files, batch_files)
    futures = [client.submit(validate_batch, settings, cache_dir, [str(p.resolve()) for p in group],
                             [validator.display(p) for p in group], pure=False) for group in groups]
    position = {future.key: i for i, future in enumerate(futures)}
    waiting: dict[int, list[FileResult]] = {}
    emitted = done = 0
    for future in as_completed(futures):
        waiting[position[future.key]] = [from_plain(r) for r in future.result()]
        while emitted in waiting:
            for result in waiting.pop(emitted):
                done += 1
                if on_result is not None:
                    on_result(result)
                if progress is not None:
                    progress(done, len(files))
                yield result
            emitted += 1
