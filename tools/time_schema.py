"""Measure how long lxml takes to compile schema/tei-lenin.rng (median of N runs, each in a fresh parse).

Usage: ``python tools/time_schema.py [--runs 5] [SCHEMA]``
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


def main(argv: list[str] | None = None) -> int:
    """Print the median and the individual compile times."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("schema", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    times = compile_times(args.schema, args.runs)
    shown = ", ".join(f"{t * 1000:.1f}" for t in times)
    print(f"{args.schema.name}: median {statistics.median(times) * 1000:.1f} ms over {args.runs} runs ({shown} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
