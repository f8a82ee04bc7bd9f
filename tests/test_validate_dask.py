"""A Dask run gives every finding of the one-process run (issue 15): a generated corpus of 2,000 letters with
faults, in batches small enough that many letters' neighbours sit in other batches, on a LocalCluster of
three worker processes."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import pytest

from tei_lenin import resources
from tei_lenin.validate import Checker
from tei_lenin.validate.engine import Validator, validate_files

distributed_lib = pytest.importorskip("distributed", reason="Dask is not installed (pip install 'tei-lenin[dask]')")

from tei_lenin.validate import distributed  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _generator():  # noqa: ANN202
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_generate", module)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = _generator().generate_corpus(2000, 3, tmp_path_factory.mktemp("dask") / "corpus")
    letters = sorted((out / "letters").glob("*.xml"))
    rng = random.Random(5)
    for path in rng.sample(letters, 40):  # faults of every layer: schema, rules, cross-document
        text = path.read_text(encoding="utf-8")
        kind = rng.randrange(3)
        if kind == 0:
            text = text.replace("<correspDesc", "<correspDesk", 1).replace("</correspDesc>", "</correspDesk>", 1)
        elif kind == 1:
            text = text.replace('ref="psn:', 'ref="psn:nobody-', 1)
        else:
            path.unlink()  # its neighbours now point at a missing letter
            continue
        path.write_text(text, encoding="utf-8")
    return sorted((out / "letters").glob("*.xml"))


def _flat(results: list) -> list[tuple]:
    return [(r.file, d.line or 0, d.code, d.message) for r in results for d in r.diagnostics]


def test_dask_run_equals_one_process_run(corpus: list[Path]) -> None:
    def validator() -> Validator:
        return Validator(resources.schema_rng(), resources.schema_sch(), max_per_file=0)

    alone = validate_files(corpus, validator(), jobs=1).files
    assert sum(1 for r in alone if r.counts.get("error")) >= 30  # the faults are seen
    client = distributed.connect("local:3")
    try:
        on_cluster = list(distributed.run(corpus, validator(), client, batch_files=150))
        through_api = list(Checker(resources.schema_rng(), resources.schema_sch()).check_many(corpus[:300],
                                                                                          dask=client))
    finally:
        client.close()
    assert [r.file for r in on_cluster] == [r.file for r in alone]
    assert _flat(on_cluster) == _flat(alone)
    assert [r.checked for r in on_cluster] == [r.checked for r in alone]
    assert [(x.file, x.valid) for x in through_api] == [(r.file, not r.counts.get("error")) for r in alone[:300]]


def test_batches_by_count_and_bytes(tmp_path: Path) -> None:
    files = []
    for i in range(7):
        f = tmp_path / f"{i}.xml"
        f.write_bytes(b"x" * (100 if i != 3 else 1000))
        files.append(f)
    assert [len(b) for b in distributed.batches(files, max_files=3)] == [3, 3, 1]
    assert [len(b) for b in distributed.batches(files, max_files=10, max_bytes=500)] == [3, 1, 3]
