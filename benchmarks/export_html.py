"""How the HTML reading edition scales: export time and memory, and what a reader waits for in the browser.

Usage::

    .venv/bin/python benchmarks/export_html.py [--n 2000] [--seed 1] [--runs 3]

The corpus is generated as for the other benchmarks (``benchmarks/generate.py corpus``) and cached in
``benchmarks/out/``. Reported, each as the median of ``--runs``:

- ``tei-lenin export html`` wall time and peak memory, against a reference measured in the same run:
  ``xmllint --noout`` over the same TEI files (the floor of reading them once), as a ratio;
- the size of ``index.html`` and ``search-index.js``;
- in headless Chromium (skipped without chromium and chromedriver): the index page's DOMContentLoaded, one facet
  click (the filter and the facet counts), and one facet click with a word typed once the index is loaded (the
  search over every text and note as well), each from ``performance.now()``.

Not part of the pytest run; writes only under ``benchmarks/out/``.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"


def timed(command: list[str]) -> tuple[float, int]:
    """Wall seconds and the peak RSS (KB) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before)


def corpus_folder(n: int, seed: int) -> Path:
    folder = OUT / f"corpus-{n}-s{seed}"
    if not (folder / "letters").is_dir():
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "corpus", "--n", str(n),
                        "--seed", str(seed), "-o", str(folder)], check=True)
    return folder


def browser_timings(site: Path, runs: int) -> dict[str, list[float]] | None:
    """Milliseconds for the index to load, a facet click and a search, in headless Chromium."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.support.ui import WebDriverWait
    except ImportError:
        return None
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        return None
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    found: dict[str, list[float]] = {"load": [], "facet click": [], "search": []}  # "search": with a query
    try:
        for _ in range(runs):
            driver.get((site / "index.html").as_uri())
            found["load"].append(driver.execute_script(
                "return performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd;"))
            found["facet click"].append(driver.execute_script(
                "var box = document.querySelector('#facets input'); var t = performance.now(); box.click();"
                "var ms = performance.now() - t; box.click(); return ms;"))
            driver.execute_script("document.getElementById('filter').focus();")
            WebDriverWait(driver, 30).until(lambda d: d.execute_script("return !!window.TEI_LENIN_INDEX"))
            # a facet click with a query typed: the search over every text and note, then the filter
            found["search"].append(driver.execute_script(
                "document.getElementById('filter').value = 'trotsky';"
                "var box = document.querySelector('#facets input'); var t = performance.now(); box.click();"
                "var ms = performance.now() - t; box.click(); return ms;"))
    finally:
        driver.quit()
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    corpus = corpus_folder(args.n, args.seed)
    files = sorted(str(p) for p in (corpus / "letters").glob("*.xml"))
    tei_lenin = shutil.which("tei-lenin", path=str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
    exports, references, peaks = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        for _ in range(args.runs):
            shutil.rmtree(site, ignore_errors=True)
            wall, peak = timed([tei_lenin, "export", "html", str(corpus), "-o", str(site)])
            exports.append(wall)
            peaks.append(peak)
            if shutil.which("xmllint"):
                references.append(timed(["xmllint", "--noout", *files])[0])
        sizes = {name: (site / name).stat().st_size for name in ("index.html", "search-index.js")}
        browser = browser_timings(site, args.runs)
    median = statistics.median
    print(f"# export html, {len(files)} letters ({corpus.name}), median of {args.runs} runs\n")
    print("| measure | value |\n|---|---|")
    print(f"| export html wall time | {median(exports):.2f} s |")
    if references:
        print(f"| xmllint --noout, same files (reference) | {median(references):.2f} s |")
        print(f"| ratio export / reference | {median(exports) / median(references):.1f}x |")
    print(f"| export html peak memory (RSS) | {max(peaks) / 1024:.0f} MB |")
    for name, size in sizes.items():
        print(f"| {name} | {size / 1e6:.2f} MB |")
    if browser is None:
        print("| browser | skipped (selenium, chromium or chromedriver missing) |")
    else:
        for name, values in browser.items():
            print(f"| Chromium: {name} | {median(values):.0f} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
