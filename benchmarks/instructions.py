"""CPU instructions per file of each validation step (valgrind callgrind): stable where wall time is not.

The project's VM changes speed by 2-3x from minute to minute; an instruction count does not. For each step this
runs one Python under ``valgrind --tool=callgrind`` twice, over N and over 2N generated letters (after the same
warm-up), and prints (instructions(2N) - instructions(N)) / N, so start-up and compilation cancel out.

    .venv/bin/python benchmarks/instructions.py                      # benchmarks/out/corpus-10000-s1, N = 200

Steps: ``cli`` (``tei-lenin validate -j 1`` on the files), ``parse``, ``parse+relaxng``, ``check_file-no-rules``,
``check_file-no-screen`` (the rules' lets, then the screen replaced by "clean"), ``check_file`` (everything).
    .venv/bin/python benchmarks/instructions.py --n 100 --steps parse,check_file

Needs valgrind (Debian ``valgrind``) and a generated corpus (``benchmarks/generate.py corpus``). About a minute
per step at N = 100 (5.5 min for all six steps).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

STEP = r'''
import sys
from pathlib import Path
from tei_lenin import resources
from tei_lenin.validate import xmlsafe
from tei_lenin.validate.engine import Validator, display_name
step, start, n = sys.argv[1], int(sys.argv[3]), int(sys.argv[4])
files = sorted(Path(sys.argv[2]).glob("*.xml"))
v = Validator(resources.schema_rng(), resources.schema_sch())
for f in files[:50]:
    v.check_file(f, display_name(f))
batch = files[start:start + n]
if step == "parse":
    for f in batch:
        xmlsafe.parse_file(f, str(f), base_url=f.resolve().as_uri())
elif step == "parse+relaxng":
    for f in batch:
        v.relaxng.validate(xmlsafe.parse_file(f, str(f), base_url=f.resolve().as_uri()).tree, str(f))
else:
    if step == "check_file-no-rules":
        v.rules = None
    elif step == "check_file-no-screen":
        v.rules.prescreen = lambda *args: True
    for f in batch:
        v.check_file(f, display_name(f))
'''
STEPS = ("parse", "parse+relaxng", "check_file-no-rules", "check_file-no-screen", "check_file")


def instructions(command: list[str]) -> int:
    """Instructions executed by ``command`` under callgrind."""
    run = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
                         capture_output=True, text=True, check=False)
    found = re.search(r"refs:\s+([\d,]+)", run.stderr)
    if run.returncode != 0 or not found:
        sys.exit(f"error: {' '.join(command[:3])}…: exit {run.returncode}\n{run.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "benchmarks" / "out" / "corpus-10000-s1")
    parser.add_argument("--n", type=int, default=200, help="files per measurement (the difference of N and 2N)")
    parser.add_argument("--steps", default="all", help=f"comma-separated, from: cli, {', '.join(STEPS)}")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("error: valgrind not found (apt-get install valgrind)")
    letters = args.corpus / "letters"
    files = sorted(letters.glob("*.xml"))
    if len(files) < 50 + 3 * args.n:
        sys.exit(f"error: {letters}: need at least {50 + 3 * args.n} letters (benchmarks/generate.py corpus)")
    steps = ["cli", *STEPS] if args.steps == "all" else [s.strip() for s in args.steps.split(",")]
    print(f"instructions per file, {args.n} vs {2 * args.n} letters of {letters}")
    for step in steps:
        if step == "cli":
            per = cli_instructions(files, args.n)
        elif step in STEPS:
            start = 50 + args.n
            one = instructions([sys.executable, "-c", STEP, step, str(letters), str(start), str(args.n)])
            two = instructions([sys.executable, "-c", STEP, step, str(letters), str(start), str(2 * args.n)])
            per = (two - one) / args.n
        else:
            sys.exit(f"error: unknown step {step!r}")
        print(f"{step:40s} {per / 1e6:6.2f} M")


def cli_instructions(files: list[Path], n: int) -> float:
    """``tei-lenin validate -j 1`` over N and 2N of the letters, named on the command line (their neighbours,
    persons.xml and taxonomy.xml stay where the corpus has them, so every file is valid)."""
    counts = [instructions([sys.executable, "-m", "tei_lenin", "validate", "-q", "-j", "1",
                            *map(str, files[50 + n:50 + n + size])]) for size in (n, 2 * n)]
    return (counts[1] - counts[0]) / n


if __name__ == "__main__":
    main()
