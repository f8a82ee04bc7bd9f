"""Deterministic generators for the benchmark inputs (not part of the test suite).

- ``corpus``: synthetic corpora of letters (~5 KB each) in the project's TEI shape. Each letter is a real
  ``corpus/letters/*.xml`` file used as a template, with a new id and date (all ``@when``/``@notBefore``/
  ``@notAfter`` shifted together, texts rewritten), another addressee from ``corpus/persons.xml``, text-only
  paragraphs and notes replaced by paragraphs and notes of the compilation, the secretary's hand swapped and
  the secrecy class varied. Ids stay unique (``l<date>[a-z]``), ``correspContext`` points at neighbouring
  generated files, and ``persons.xml``/``taxonomy.xml`` are copied next to ``letters/``.
- ``source``: large plain-text compilations in the seed's conventions: the seed's documents block repeated,
  each copy with every date shifted by ``k`` × 9 days and with addressees swapped among the seed's
  correspondents, header lines ("Written: …", "Dictated: …"), notes ("[n] …—Ed.") and bylines kept.

Usage::

    python benchmarks/generate.py corpus --n 2000 --seed 1 -o benchmarks/out/corpus-2000
    python benchmarks/generate.py source --mb 10 --seed 1 -o benchmarks/out/source-10mb.txt
    python benchmarks/generate.py check benchmarks/out/corpus-2000 --sample 50
"""

from __future__ import annotations

import argparse
import calendar
import copy
import datetime as dt
import random
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SOURCE = CORPUS / "source" / "last-struggle-1922-1923.txt"
SCHEMA = ROOT / "schema" / "tei-lenin.rng"
TEI = "http://www.tei-c.org/ns/1.0"
T = f"{{{TEI}}}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
MONTHS = [m for m in calendar.month_name if m]
#: Correspondents a generated letter may be addressed to (keys of corpus/persons.xml).
ADDRESSEES = ["trotsky", "stalin", "kamenev", "zinoviev", "krestinsky", "tsyurupa", "rykov", "frumkin",
              "stomonyakov", "dzerzhinsky", "ordzhonikidze", "mdivani", "makharadze", "sheinman", "krupskaya"]
SECRETARIES = ["fotieva", "volodicheva"]
FIRST_DAY = dt.date(1880, 1, 1)


# --------------------------------------------------------------------------------------------- helpers


def _fmt(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def _iso(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value[:10]) else None
    except ValueError:
        return None


def _text_paragraphs(text: str) -> tuple[list[str], list[str]]:
    """Paragraph and note pools from the compilation's documents (lines that are body text or notes)."""
    lines = [line.strip() for line in text.splitlines()]
    paragraphs = [ln for ln in lines if 150 <= len(ln) <= 500 and not ln.startswith(("[", '"'))
                  and ":" not in ln[:12]]
    notes = [re.sub(r"^\[\w+\]\s*", "", ln) for ln in lines if re.match(r"\[\d+\] .{20,400}$", ln)]
    return paragraphs, notes


@dataclass(frozen=True)
class Person:
    key: str
    surname: str
    forename: str
    reg: str


def _persons(path: Path) -> dict[str, Person]:
    tree = etree.parse(str(path))
    out: dict[str, Person] = {}
    for person in tree.iter(T + "person"):
        key = person.get(XML_ID)
        reg = person.findtext(T + "persName") or key
        surname, _, forename = reg.partition(", ")
        out[key] = Person(key, surname.strip(), forename.strip(), reg)
    return out


# ---------------------------------------------------------------------------------------- letters


class LetterFactory:
    """Builds synthetic letters from the real ones (templates) and the compilation's text."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        parser = etree.XMLParser(remove_blank_text=False)
        paths = sorted((CORPUS / "letters").glob("*.xml"))
        self.templates = [etree.parse(str(p), parser) for p in paths]
        # favour the shorter letters so that the mean size stays near 5 KB
        self.weights = [1.0 / p.stat().st_size ** 2 for p in paths]
        self.paragraphs, self.notes = _text_paragraphs(SOURCE.read_text(encoding="utf-8"))
        self.persons = _persons(CORPUS / "persons.xml")
        self.addressees = [k for k in ADDRESSEES if k in self.persons]

    def letter(self, doc_id: str, day: dt.date, prev_file: str | None, next_file: str | None) -> bytes:
        """One letter as bytes (with the XML declaration and the xml-model PIs of the template)."""
        rng = self.rng
        tree = copy.deepcopy(rng.choices(self.templates, self.weights)[0])
        root = tree.getroot()
        old_id = root.get(XML_ID)
        old_day = _iso(old_id[1:11])
        delta = day - old_day
        # 1. ids and every attribute/text that embeds the document id
        for el in root.iter():
            for name, value in el.attrib.items():
                if old_id in value:
                    el.set(name, value.replace(old_id, doc_id))
            if el.text and old_id in el.text:
                el.text = el.text.replace(old_id, doc_id)
        # 2. dates (outside sourceDesc: the copy text's own date stays)
        for date in root.iter(T + "date"):
            if any(a.tag == T + "sourceDesc" for a in date.iterancestors()):
                continue
            for attr in ("when", "notBefore", "notAfter"):
                old = _iso(date.get(attr, ""))
                if old is not None:
                    date.set(attr, (old + delta).isoformat())
            when = _iso(date.get("when", ""))
            if when is not None and date.text and len(date) == 0:
                date.text = _fmt(when)
            elif date.get("notBefore") and date.text:
                nb = _iso(date.get("notBefore"))
                date.text = re.sub(r"[A-Z][a-z]+,? \d{4}", f"{MONTHS[nb.month - 1]} {nb.year}", date.text)
        # 3. addressee and secretary
        header = root.find(f"{T}teiHeader")
        to = header.find(f".//{T}correspAction[@subtype='to']/{T}persName")
        new_to = self.persons[rng.choice(self.addressees)]
        if to is not None and to.get("ref", "").startswith("psn:"):
            old_key = to.get("ref")[4:]
            for el in root.iter(T + "persName"):
                if el.get("ref") == f"psn:{old_key}" and old_key != new_to.key:
                    el.set("ref", f"psn:{new_to.key}")
                    if len(el) == 0:
                        in_header = el.getparent().tag == T + "correspAction"
                        name = new_to.reg if in_header else new_to.surname
                        el.text = name.upper() if (el.text or "").isupper() else name
        secretary = rng.choice(SECRETARIES)
        for note in root.iter(T + "handNote"):
            old = note.get("scribeRef", "")[4:]
            if old in SECRETARIES and old != secretary:
                self._swap_hand(root, doc_id, old, secretary)
        # 4. title
        title = header.find(f"{T}fileDesc/{T}titleStmt/{T}title")
        if title is not None:
            to_name = f"{new_to.forename.split(' (')[0]} {new_to.surname}".strip()
            title.text = f"Letter to {to_name}, {day.day} {MONTHS[day.month - 1]} {day.year}"
        # 5. secrecy
        self._secrecy(root, rng.random() < 0.3)
        # 6. paragraphs and notes from the compilation
        body = root.find(f"{T}text/{T}body")
        for p in body.iter(T + "p"):
            if len(p) == 0 and p.text and p.getparent().tag != T + "note":
                p.text = self._paragraph()
        plain = [p for p in body.iter(T + "p") if len(p) == 0 and p.getparent().tag == T + "div"]
        if len(plain) >= 2:  # recombine: shuffle the order of the text-only paragraphs
            texts = [p.text for p in plain]
            rng.shuffle(texts)
            for p, t in zip(plain, texts, strict=True):
                p.text = t
        for note in body.iter(T + "note"):
            if len(note) == 0 and note.text and note.get("type") == "editorial":
                note.text = rng.choice(self.notes)
        # 7. correspContext → neighbouring generated files
        context = header.find(f".//{T}correspContext")
        if context is not None:
            for ref in list(context):
                target = prev_file if ref.get("type") == "prev" else next_file
                if target is None:
                    context.remove(ref)
                else:
                    ref.set("target", target)
            if len(context) == 0:
                context.getparent().remove(context)
        return etree.tostring(tree, xml_declaration=True, encoding="UTF-8") + b"\n"

    def _paragraph(self) -> str:
        rng = self.rng
        text = rng.choice(self.paragraphs)
        if rng.random() < 0.4:  # recombine two paragraphs: first half of one, second half of another
            other = rng.choice(self.paragraphs)
            a = text.split(". ")
            b = other.split(". ")
            text = ". ".join(a[: max(1, len(a) // 2)] + b[len(b) // 2:])
        return text

    @staticmethod
    def _swap_hand(root: etree._Element, doc_id: str, old: str, new: str) -> None:
        old_hand, new_hand = f"{doc_id}.h-{old}", f"{doc_id}.h-{new}"
        if root.find(f".//{T}handNote[@scribeRef='psn:{new}']") is not None:
            return
        for el in root.iter():
            if el.get(XML_ID) == old_hand:
                el.set(XML_ID, new_hand)
            if el.get("hand") == f"#{old_hand}":
                el.set("hand", f"#{new_hand}")
            if el.tag == T + "handNote" and el.get("scribeRef") == f"psn:{old}":
                el.set("scribeRef", f"psn:{new}")
                el.text = (el.text or "").replace("Lydia Fotieva", "Maria Volodicheva") if new == "volodicheva" \
                    else (el.text or "").replace("Maria Volodicheva", "Lydia Fotieva")

    @staticmethod
    def _secrecy(root: etree._Element, secret: bool) -> None:
        cat = root.find(f".//{T}catRef[@scheme='tax:secrecy']")
        if cat is None:
            return
        cat.set("target", "tax:sec-top-secret" if secret else "tax:sec-unmarked")
        opener = root.find(f".//{T}div/{T}opener")
        seg = root.find(f".//{T}opener/{T}seg[@type='classification']")
        if secret and seg is None and opener is not None:
            new = etree.Element(T + "seg", type="classification")
            new.text = "Top secret"
            new.tail = opener.text
            opener.insert(0, new)
        elif not secret and seg is not None:
            parent = seg.getparent()
            prev = seg.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") if seg.tail is None else seg.tail
            else:
                parent.text = seg.tail
            parent.remove(seg)


def letter_days(n: int) -> list[tuple[str, dt.date]]:
    """Ids and dates for ``n`` letters: about 1.6 letters a day, ``a``/``b`` suffixes when a day has two."""
    days = [FIRST_DAY + dt.timedelta(days=(i * 5) // 8) for i in range(n)]
    out = []
    for i, day in enumerate(days):
        shared = (i > 0 and days[i - 1] == day) or (i + 1 < n and days[i + 1] == day)
        suffix = ""
        if shared:
            suffix = "a" if i + 1 < n and days[i + 1] == day and not (i > 0 and days[i - 1] == day) else "b"
        out.append((f"l{day.isoformat()}{suffix}", day))
    return out


def generate_corpus(n: int, seed: int, out: Path) -> Path:
    """Write ``out/letters/*.xml`` (n letters), ``out/persons.xml`` and ``out/taxonomy.xml``."""
    factory = LetterFactory(seed)
    letters = out / "letters"
    if letters.exists():
        shutil.rmtree(letters)
    letters.mkdir(parents=True)
    shutil.copy(CORPUS / "persons.xml", out / "persons.xml")
    shutil.copy(CORPUS / "taxonomy.xml", out / "taxonomy.xml")
    ids = letter_days(n)
    for i, (doc_id, day) in enumerate(ids):
        prev_file = f"{ids[i - 1][0]}.xml" if i > 0 else None
        next_file = f"{ids[i + 1][0]}.xml" if i + 1 < n else None
        (letters / f"{doc_id}.xml").write_bytes(factory.letter(doc_id, day, prev_file, next_file))
    return out


def check_corpus(folder: Path, sample: int, seed: int = 0) -> list[str]:
    """Validate a random sample against schema/tei-lenin.rng with lxml; check id uniqueness. Problems found."""
    files = sorted((folder / "letters").glob("*.xml"))
    problems: list[str] = []
    if not SCHEMA.exists():
        return [f"{SCHEMA} missing: RelaxNG not checked"]
    schema = etree.RelaxNG(etree.parse(str(SCHEMA)))
    ids: set[str] = set()
    for path in random.Random(seed).sample(files, min(sample, len(files))):
        tree = etree.parse(str(path))
        if not schema.validate(tree):
            problems.append(f"{path.name}: {schema.error_log.last_error}")
        for value in tree.xpath("//@xml:id"):
            if value in ids:
                problems.append(f"{path.name}: duplicate id {value}")
            ids.add(value)
        for ref in tree.iter(T + "ref"):
            target = ref.get("target", "")
            if target.endswith(".xml") and "/" not in target and not (folder / "letters" / target).exists():
                problems.append(f"{path.name}: dangling {target}")
    return problems


# ---------------------------------------------------------------------------------------- sources

_M = "|".join(MONTHS)
#: One pattern, longest forms first: "January 4 & 6, 1923" | "December 12, 1922" / "March 5, 23" |
#: "15 December, 1922" | "early March 1923".
_DATES = re.compile(
    rf"(?P<rm>{_M}) (?P<rd>\d{{1,2}}) & (?P<rd2>\d{{1,2}}), (?P<ry>\d{{4}})"
    rf"|(?P<mm>{_M}) (?P<md>\d{{1,2}}), (?P<my>\d{{4}}|\d{{2}})(?!\d)"
    rf"|(?<![\d])(?P<dd>\d{{1,2}}) (?P<dm>{_M}),? (?P<dy>\d{{4}})"
    rf"|(?P<pp>early|mid|late) (?P<pm>{_M}) (?P<py>\d{{4}})"
)
_SWAPS = [("TROTSKY", "STALIN"), ("Trotsky", "Stalin"), ("L. D.", "J. V."), ("Kamenev", "Zinoviev")]


def _month(name: str) -> int:
    return MONTHS.index(name) + 1


def shift_dates(text: str, delta: dt.timedelta) -> str:
    """Every date expression of ``text`` moved by ``delta`` days, in its own wording."""

    def repl(m: re.Match[str]) -> str:
        if m["rm"]:
            span = int(m["rd2"]) - int(m["rd"])
            new = dt.date(int(m["ry"]), _month(m["rm"]), int(m["rd"])) + delta
            if new.day + span > 28:  # keep both days in one month
                new = new.replace(day=28 - span)
            return f"{MONTHS[new.month - 1]} {new.day} & {new.day + span}, {new.year}"
        if m["mm"]:
            short = len(m["my"]) == 2
            year = 1900 + int(m["my"]) if short else int(m["my"])
            new = dt.date(year, _month(m["mm"]), int(m["md"])) + delta
            year_text = f"{new.year % 100:02d}" if short else str(new.year)
            return f"{MONTHS[new.month - 1]} {new.day}, {year_text}"
        if m["dm"]:
            new = dt.date(int(m["dy"]), _month(m["dm"]), int(m["dd"])) + delta
            return f"{new.day} {MONTHS[new.month - 1]}, {new.year}"
        new = dt.date(int(m["py"]), _month(m["pm"]), 15) + delta
        return f"{m['pp']} {MONTHS[new.month - 1]} {new.year}"

    return _DATES.sub(repl, text)


def _swap_names(text: str) -> str:
    for a, b in _SWAPS:
        text = text.replace(a, "\0").replace(b, a).replace("\0", b)
    return text


def generate_source(megabytes: float, seed: int, out: Path) -> Path:
    """Write a compilation of about ``megabytes`` MB: the seed's preamble, then shifted copies of its documents."""
    rng = random.Random(seed)
    lines = SOURCE.read_text(encoding="utf-8").split("\n")
    start = next(i for i, ln in enumerate(lines) if ln.startswith("Letter to"))
    preamble = "\n".join(lines[:start]) + "\n"
    block = "\n".join(lines[start:]).rstrip("\n") + "\n\n"
    target = int(megabytes * 1024 * 1024)
    out.parent.mkdir(parents=True, exist_ok=True)
    size = 0
    with open(out, "w", encoding="utf-8") as handle:
        handle.write(preamble)
        size += len(preamble.encode())
        k = 0
        while size < target:
            # copy 0 is the seed itself; copy k is shifted by k*9 days (+/- a few) so no two copies share dates
            delta = dt.timedelta(days=k * 9 + rng.randint(0, 3)) if k else dt.timedelta(0)
            text = shift_dates(block, delta)
            if k and rng.random() < 0.5:
                text = _swap_names(text)
            handle.write(text)
            size += len(text.encode())
            k += 1
    return out


# ------------------------------------------------------------------------------------------- CLI


def main(argv: list[str] | None = None) -> int:
    """Command line: ``corpus``, ``source`` or ``check``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("corpus", help="synthetic corpus of N letters")
    c.add_argument("--n", type=int, required=True)
    c.add_argument("--seed", type=int, default=1)
    c.add_argument("-o", "--out", type=Path, required=True)
    s = sub.add_parser("source", help="large plain-text compilation")
    s.add_argument("--mb", type=float, required=True)
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("-o", "--out", type=Path, required=True)
    k = sub.add_parser("check", help="validate a sample of a generated corpus with lxml RelaxNG")
    k.add_argument("folder", type=Path)
    k.add_argument("--sample", type=int, default=50)
    args = parser.parse_args(argv)
    if args.cmd == "corpus":
        generate_corpus(args.n, args.seed, args.out)
        print(f"wrote {args.n} letters to {args.out}")
    elif args.cmd == "source":
        generate_source(args.mb, args.seed, args.out)
        print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    else:
        problems = check_corpus(args.folder, args.sample)
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problems in a sample of {args.sample}")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
