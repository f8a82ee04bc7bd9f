"""Reviewed reference data kept in ``corpus/reference/``: authority records and the errata list."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cached_property

_ID_COLUMNS = ("wikidata", "gnd", "viaf", "geonames")


@dataclass(frozen=True)
class Authority:
    """One row of ``authorities.tsv``: a person, place or organisation with its supported identifiers."""

    key: str
    kind: str  # person | place | org | event
    preferred_name: str
    variants: tuple[str, ...]
    birth: str
    death: str
    ids: tuple[tuple[str, str], ...]  # (scheme, value) for the filled columns only
    confidence: str
    evidence: str = ""  # what the identifiers rest on, as the authority file says

    @property
    def roles(self) -> tuple[tuple[str, str], ...]:
        """(phrase, key of the author) for the variants that name this entry by its relation to the author of
        the text: "my wife [role of lenin]" is Krupskaya in Lenin's own words, and nowhere else."""
        return tuple((m.group(1), m.group(2)) for v in self.variants
                     if (m := re.fullmatch(r"(.+?)\s*\[role of ([a-z][a-z0-9_]*)\]", v)))

    @property
    def xml_id(self) -> str:
        return self.key.replace("_", "-")

    @cached_property
    def reg_name(self) -> str:
        """The catalogue form: the preferred name without its parenthetical comment."""
        return re.sub(r"\s+\(.*\)\s*$", "", self.preferred_name).strip()

    @cached_property
    def display_name(self) -> str:
        """The English catalogue form: from the parenthetical name where there is one
        ("Trotzki, Leo / Trockij, Lev D. (Leon Trotsky, born Bronstein)" → "Trotsky, Leon")."""
        m = re.search(r"\(([^()]*)\)\s*$", self.preferred_name)
        first = self.reg_name.split(" / ")[0].strip()
        if self.kind != "person" or not m:
            return first
        name = m.group(1).split(",")[0].strip()
        words = name.split()
        if len(words) < 2 or not all(w[:1].isupper() for w in words):
            return first
        return f"{words[-1]}, {' '.join(words[:-1])}"

    @property
    def short_name(self) -> str:
        """Forenames then surname ("Lenin, Vladimir Ilyich" → "Vladimir Ilyich Lenin")."""
        surname, _, forenames = self.display_name.partition(", ")
        return f"{forenames} {surname}".strip()

    @property
    def birth_name(self) -> str | None:
        """The surname a person was born with, where the catalogue form says "born X" ("born Ulyanov")."""
        m = re.search(r"\bborn\s+([A-Z][\w-]+)\)?\s*$", self.preferred_name)
        return m.group(1) if self.kind == "person" and m else None

    @property
    def surname(self) -> str | None:
        """The surname of a person's catalogue form ("Fotieva, Lidia A." → "Fotieva")."""
        if self.kind != "person" or "," not in self.reg_name:
            return None
        return self.reg_name.split("/")[0].split(",")[0].strip()


class ReferenceError(ValueError):
    """A row of a reference file that cannot be used; ``line`` is its line in the file."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_KINDS = frozenset({"person", "org", "place", "event"})


def parse_authorities(text: str) -> list[Authority]:
    """Parse the TSV text of ``authorities.tsv`` (columns key, type, preferred_name, variants_in_text, birth,
    death, wikidata, gnd, viaf, geonames, evidence, confidence; the first three are required)."""
    rows = csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    missing = {"key", "type", "preferred_name"} - set(rows.fieldnames or ())
    if missing:
        raise ReferenceError(1, f"missing column(s) {', '.join(sorted(missing))} in the header line")
    result = []
    for row in rows:
        line = rows.line_num
        key, kind = (row.get("key") or "").strip(), (row.get("type") or "").strip()
        if not _KEY.match(key):
            raise ReferenceError(line, f"key {key!r} is not lower-case letters, digits and _ (it becomes an xml:id)")
        if kind not in _KINDS:
            raise ReferenceError(line, f"type {kind!r} is not one of person, org, place, event")
        if not (row.get("preferred_name") or "").strip():
            raise ReferenceError(line, f"entry {key!r} has no preferred_name")
        if kind == "org" and "[event]" in row["preferred_name"]:
            kind = "event"  # a congress or plenum: an event of the organisation, not an organisation
        variants = tuple(v.strip() for v in (row.get("variants_in_text") or "").split(";") if v.strip())
        ids = tuple((col, row[col].strip()) for col in _ID_COLUMNS if (row.get(col) or "").strip())
        result.append(
            Authority(
                key=key,
                kind=kind,
                preferred_name=row["preferred_name"].strip(),
                variants=variants,
                birth=(row.get("birth") or "").strip(),
                death=(row.get("death") or "").strip(),
                ids=ids,
                confidence=(row.get("confidence") or "").strip(),
                evidence=(row.get("evidence") or "").strip(),
            )
        )
    return result


@dataclass(frozen=True)
class Erratum:
    """A reviewed typo: ``sic`` as printed, ``corr`` the correction, ``context`` a unique string around it."""

    sic: str
    corr: str
    context: str
    reason: str


def whole_words(words: str) -> str:
    """A regex for ``words`` that neither starts nor ends inside a word ("m" never matches in "unemployed")."""
    before = r"(?<!\w)" if words[:1].isalnum() else ""
    after = r"(?!\w)" if words[-1:].isalnum() else ""
    return before + re.escape(words) + after


def parse_errata(text: str) -> list[Erratum]:
    """Parse ``errata.tsv`` (columns sic, corr, context, reason); ``#`` lines are comments."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    rows = csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE)
    errata = []
    for row in rows:
        erratum = Erratum(row["sic"], row["corr"], row["context"], row.get("reason") or "")
        if not re.search(whole_words(erratum.sic), erratum.context):
            raise ValueError(f"errata: {erratum.sic!r} is not a whole word of its context {erratum.context!r}")
        errata.append(erratum)
    return errata
