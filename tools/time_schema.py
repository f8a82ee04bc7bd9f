"""Measure schema/tei-lenin.rng in lxml: compile time, and with ``--docs`` the validation CPU time per document.

Usage::

    python tools/time_schema.py [--runs 5] [SCHEMA ...]
    python tools/time_schema.py --docs benchmarks/out/corpus-2000-s1/letters [--n 500] [--rounds 7] [--plain]

Compile time is wall time, the median of ``--runs`` fresh parses. With ``--docs``, the first ``--n`` documents
of the folder are parsed once and every schema validates all of them in each of ``--rounds`` interleaved
rounds; the CPU time (``time.process_time``) per document is reported as the minimum and the median over
rounds (the machine is shared: compare schemas measured in the same run). ``--plain`` adds the schema
built without the speed step of ``tools/build_schema.py`` (needs ``tei_all.rng``, fetched as the builder does).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from lxml import etree

DEFAULT = Path(__file__).resolve().parents[1] / "schema" / "tei-lenin.rng"


def compile_times(schema: Path, runs: int) -> list[float]:
    """Seconds for parse + ``etree.RelaxNG`` of ``schema``, ``runs`` times."""
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        etree.RelaxNG(etree.parse(str(schema)))
        out.append(time.perf_counter() - start)
    return out


def plain_schema() -> etree._ElementTree:
    """The project schema built without :func:`build_schema.speed_up_attributes`."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from build_schema import build, fetch_tei_all

    return etree.ElementTree(etree.fromstring(build(fetch_tei_all(), speed=False)))


def validation_times(
    schemas: dict[str, etree.RelaxNG], trees: list[etree._ElementTree], rounds: int
) -> dict[str, tuple[list[float], int]]:
    """Per schema: CPU milliseconds per document in each round, and how many documents it found valid."""
    times: dict[str, list[float]] = {name: [] for name in schemas}
    valid: dict[str, int] = {}
    for _ in range(rounds):
        for name, schema in schemas.items():
            validate = schema.validate
            start = time.process_time()
            valid[name] = sum(1 for tree in trees if validate(tree))
            times[name].append((time.process_time() - start) / len(trees) * 1000)
    return {name: (times[name], valid[name]) for name in schemas}


def main(argv: list[str] | None = None) -> int:
    """Print compile times, or validation times per document with ``--docs``."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("schema", nargs="*", type=Path)
    ap.add_argument("--runs", type=int, default=5, help="compile runs (default %(default)s)")
    ap.add_argument("--docs", type=Path, help="folder of documents to validate")
    ap.add_argument("--n", type=int, default=500, help="documents taken from --docs (default %(default)s)")
    ap.add_argument("--rounds", type=int, default=7, help="validation rounds (default %(default)s)")
    ap.add_argument("--plain", action="store_true", help="also the schema built without the speed step")
    args = ap.parse_args(argv)
    paths = args.schema or [DEFAULT]
    if args.docs is None:
        for path in paths:
            times = compile_times(path, args.runs)
            shown = ", ".join(f"{t * 1000:.1f}" for t in times)
            print(f"{path.name}: median {statistics.median(times) * 1000:.1f} ms over {args.runs} runs ({shown} ms)")
        return 0
    schemas = {str(p): etree.RelaxNG(etree.parse(str(p))) for p in paths}
    if args.plain:
        schemas["plain (no speed step)"] = etree.RelaxNG(plain_schema())
    files = sorted(args.docs.glob("*.xml"))[: args.n]
    if not files:
        ap.error(f"no *.xml in {args.docs}")
    trees = [etree.parse(str(f)) for f in files]
    print(f"{len(trees)} documents from {args.docs}, {args.rounds} rounds, CPU ms per document:")
    for name, (times, valid) in validation_times(schemas, trees, args.rounds).items():
        print(f"  {name}: min {min(times):.3f}  median {statistics.median(times):.3f}  ({valid} valid)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
