"""Sort the body of one document into its zones: head-note, opener, parts (text and closer), postscripts,
notes, and what is left out (page furniture, a "Notes" heading).

Pure: blocks in, units out; the reader (:mod:`tei_lenin.text.parse`) turns units into inline content.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from tei_lenin.text.dates import find_dates
from tei_lenin.text.rules.blocks import NOTE, note_number
from tei_lenin.text.rules.closer import POSTSCRIPT, SECTION, closer_units, closing_tail
from tei_lenin.text.rules.opener import opener_kind
from tei_lenin.text.rules.people import is_person_like
from tei_lenin.text.segment import RawBlock

HEADNOTE = re.compile(r"^This (?:document|letter|article|text|note|telegram) (?:is|was)\b")
#: A line that states how or when a text was made, without a header label ("Dictated over the telephone April
#: 9, 1922", "Written on May 3, 1921", "Printed from the original"): the opener of the part it heads.
STATEMENT = re.compile(r"^(?:Written|Dictated|Sent|Delivered|Wired|Phoned|First\s+published|Published|"
                       r"Printed\s+from)\b.{0,110}$")
CLOSER_KINDS = frozenset({"salute", "office", "signed", "dateline"})


@dataclass(frozen=True)
class Unit:
    """A line or block with its role: ``kind`` (p, salute, signed, dateline, office, postscript, header, note,
    classification, copyTo, addressee, for, headnote, furniture, notes-heading), its text and first line."""

    kind: str
    text: str
    line: int
    #: The postscript's label, the note's number; ``joined`` for a closing formula cut from a paragraph.
    label: str | None = None
    #: The block a closer line came from (to restore it as text when it turns out not to close anything).
    origin: RawBlock | None = None


@dataclass
class PartUnits:
    #: A section number heading the part ("1", "II").
    head: Unit | None = None
    opener: list[Unit] = field(default_factory=list)
    blocks: list[Unit] = field(default_factory=list)
    closer: list[Unit] = field(default_factory=list)


@dataclass
class PostscriptUnits:
    label: str
    line: int
    blocks: list[Unit] = field(default_factory=list)
    closer: list[Unit] = field(default_factory=list)


@dataclass
class Zones:
    headnote: Unit | None = None
    #: Header lines found after the opener but before any text (they belong to the document's head).
    headers: list[Unit] = field(default_factory=list)
    opener: list[Unit] = field(default_factory=list)
    parts: list[PartUnits] = field(default_factory=lambda: [PartUnits()])
    postscripts: list[PostscriptUnits] = field(default_factory=list)
    notes: list[tuple[Unit, list[Unit]]] = field(default_factory=list)
    left_out: list[Unit] = field(default_factory=list)


def zones(body: list[RawBlock], known_signer: Callable[[str], bool] = lambda text: False) -> Zones:
    """The zones of a document's body (the blocks after its head). ``known_signer`` tells a name of the
    authority file, which may close a text alone ("Lenin")."""
    found = Zones()
    notes_at = next((i for i, b in enumerate(body) if b.kind in {"note", "notes-heading"}), len(body))
    main = list(body[:notes_at])
    start = _opener(main, found)
    units = _units(main[start:], found)
    units = _confirm_closers(units, known_signer)
    _build_parts(units, found)
    _drop_empty_last_part(found)
    _notes(body[notes_at:], found)
    return found


def _opener(main: list[RawBlock], found: Zones) -> int:
    """Take the opener's lines from the start of ``main``; return the index of the first block of text
    (a block whose first lines open the letter is cut, its rest replacing it in ``main``)."""
    index = 0
    if main and HEADNOTE.match(main[0].text):
        found.headnote = Unit("headnote", main[0].text, main[0].line)
        index = 1
    while index < len(main):
        block = main[index]
        if block.kind == "furniture":
            found.left_out += _furniture(block)
            index += 1
            continue
        if block.kind == "header":
            return index
        lines = block.lines
        after = [text for _, text in main[index + 1].lines] if index + 1 < len(main) else []
        taken = 0
        for position, (number, text) in enumerate(lines):
            following = [t for _, t in lines[position + 1:]] + after
            kind = opener_kind(text, following)
            previous = found.opener[-1].kind if position and found.opener else None
            if kind is None and (previous == "copyTo" and _continues_copy(text)
                                 or previous == "addressee" and _continues_address(text)):
                last = found.opener[-1]  # a wrapped copy line; an address's office or place on the next line
                found.opener[-1] = Unit(last.kind, last.text + "\n" + text.strip(), last.line)
            elif kind is None:
                break
            else:
                found.opener.append(Unit(kind, text.strip(), number))
            taken += 1
        if taken == len(lines):
            index += 1
            continue
        if taken:
            rest = lines[taken:]
            main[index] = RawBlock("\n".join(t for _, t in rest), rest[0][0], block.last_line)
        return index
    return index


def _furniture(block: RawBlock) -> list[Unit]:
    """Page navigation, a unit per line (each is reported with its own line)."""
    return [Unit("furniture", text.strip(), number) for number, text in block.lines]


def _continues_address(text: str) -> bool:
    """A line under an address line that gives its office or place ("Gubernia Food Commissar", "Saratov")."""
    text = text.strip()
    return 0 < len(text) <= 80 and text[0].isupper() and not text.endswith((".", ":", ",", ";", "!", "?")) \
        and not text.lower().startswith(("comrade", "dear", "to ", "copy", "copies"))


def _continues_copy(text: str) -> bool:
    """A wrapped line of a copy list: "and Y", "Z and W", "X,"."""
    text = text.strip()
    return bool(text) and (text[0].islower() or text.startswith("&") or is_person_like(
        re.sub(r"^(?:and|&)\s+", "", text).rstrip(".,")) or bool(re.match(r"^(?:Comrades?\s+)?[A-Z][\w.’' -]*"
                                                                         r"(?:,|\s+and\b)", text)))


def _units(blocks: list[RawBlock], found: Zones) -> list[Unit]:
    """Text blocks, in-body header lines, postscript starts and candidate closer lines, in order."""
    units: list[Unit] = []
    for block in blocks:
        if block.kind == "furniture":
            found.left_out += _furniture(block)
        elif block.kind == "header":
            units += [Unit("header", text.strip(), number) for number, text in block.lines]
        elif SECTION.match(block.text.strip()):
            units.append(Unit("subhead", block.text.strip(), block.line))
        elif _is_statement(block):
            units += [Unit("statement", text.strip(), number) for number, text in block.lines]
        elif (m := POSTSCRIPT.match(block.text)) and any(u.kind == "p" for u in units):
            units.append(Unit("postscript", m.group("rest"), block.line, label=m.group("label")))
        elif lines := _closer_lines(block):
            units += lines
        else:
            units.append(Unit("p", block.text, block.line))
    return units


def _is_statement(block: RawBlock) -> bool:
    """Every line states how or when the text was made, one of them with a date or a source."""
    lines = [text.strip() for _, text in block.lines]
    return all(STATEMENT.match(line) for line in lines) and any(
        line.startswith(("Printed", "First")) or next(find_dates(line), None) is not None for line in lines)


def _closer_lines(block: RawBlock) -> list[Unit] | None:
    """The closer units of a block every line of which closes a text, else None."""
    units: list[Unit] = []
    for number, text in block.lines:
        read = closer_units(text)
        if read is None:
            return None
        units += [Unit(u.kind, u.text, number, origin=block) for u in read]
    return units


def _confirm_closers(units: list[Unit], known_signer: Callable[[str], bool]) -> list[Unit]:
    """Keep a run of closer lines where it closes something; otherwise its blocks are text again."""
    out: list[Unit] = []
    index = 0
    while index < len(units):
        if units[index].kind not in CLOSER_KINDS:
            out.append(units[index])
            index += 1
            continue
        end = index
        while end < len(units) and units[end].kind in CLOSER_KINDS:
            end += 1
        run = units[index:end]
        following = units[end].kind if end < len(units) else None
        if _closes(run, following, known_signer):
            _cut_run_on_closing(out, run)
            out += run
        else:
            out += _as_text(run)
        index = end
    if out and out[-1].kind == "p":
        _cut_run_on_closing(out, [])
    return out


def _closes(run: list[Unit], following: str | None, known_signer: Callable[[str], bool]) -> bool:
    kinds = [u.kind for u in run]
    if "dateline" in kinds or "office" in kinds or ("signed" in kinds and "salute" in kinds):
        return True
    if following not in {None, "postscript", "header", "subhead", "statement"}:
        return False  # a lone name or formula followed by more text is text
    if kinds == ["signed"]:
        name = run[0].text
        return known_signer(name) or "(" in name or len(name.split()) > 1
    return True


def _as_text(run: list[Unit]) -> list[Unit]:
    out: list[Unit] = []
    for unit in run:
        block = unit.origin
        if block is not None and not (out and out[-1].line == block.line and out[-1].kind == "p"):
            out.append(Unit("p", block.text, block.line))
    return out


def _cut_run_on_closing(out: list[Unit], run: list[Unit]) -> None:
    """A closing formula at the end of the paragraph before a closer (or at the end of the text) is the
    closer's first line: "… Respectfully yours," → the paragraph and a salute."""
    if not out or out[-1].kind != "p" or (run and run[0].kind == "salute"):
        return
    last = out[-1]
    tail = closing_tail(last.text)
    if tail:
        out[-1] = Unit("p", last.text[: tail.start()], last.line)
        out.append(Unit("salute", tail.group("salute"), last.line, label="joined"))


def _build_parts(units: list[Unit], found: Zones) -> None:
    """Parts (each text with its closer), then postscripts (each with the text and closer after it)."""
    part = found.parts[0]
    for unit in units:
        postscript = found.postscripts[-1] if found.postscripts else None
        if unit.kind == "postscript":
            found.postscripts.append(PostscriptUnits(unit.label or "P.S.", unit.line,
                                                     [Unit("p", unit.text, unit.line)] if unit.text else []))
        elif postscript is not None:
            (postscript.closer if unit.kind in CLOSER_KINDS else postscript.blocks).append(unit)
        elif unit.kind == "header" and len(found.parts) == 1 and not (part.blocks or part.closer or part.head):
            found.headers.append(unit)  # header lines after the opener, before any text: the document's
        elif unit.kind in {"header", "statement", "subhead"}:
            if part.blocks or part.closer or unit.kind == "subhead" and (part.head or part.opener):
                part = PartUnits()
                found.parts.append(part)
            if unit.kind == "subhead":
                part.head = unit
            else:
                part.opener.append(unit)
        elif unit.kind in CLOSER_KINDS:
            if unit.kind == "dateline" and not part.blocks and not part.closer and len(found.parts) > 1:
                part.opener.append(unit)  # the dateline of a new part, before its text
            elif not part.blocks and len(found.parts) > 1 and not part.opener:
                found.parts[-2].closer.append(unit)  # no text of its own: it closes the part before
            elif not part.blocks and not part.closer and len(found.parts) == 1:
                part.blocks.append(Unit("p", unit.text, unit.line))  # a closer with no text to close is text
            else:
                part.closer.append(unit)
        else:
            if part.closer:
                part = PartUnits()
                found.parts.append(part)
            kind = opener_kind(unit.text, []) if not part.blocks and (len(found.parts) > 1 or part.head) else None
            if kind in {"salute", "addressee"} and "\n" not in unit.text:
                part.opener.append(Unit(kind, unit.text.strip(), unit.line))
            else:
                part.blocks.append(unit)


def _drop_empty_last_part(found: Zones) -> None:
    """A section number with nothing after it heads no part: it is the text's last paragraph."""
    last = found.parts[-1]
    if len(found.parts) > 1 and last.head and not (last.opener or last.blocks or last.closer):
        found.parts.pop()
        found.parts[-1].blocks.append(Unit("p", last.head.text, last.head.line))


def _notes(blocks: list[RawBlock], found: Zones) -> None:
    """Notes ("[n] …"), each with the paragraphs after it; a "Notes" heading and furniture are left out."""
    for block in blocks:
        m = NOTE.match(block.text) if block.kind == "note" else None
        if m:
            found.notes.append((Unit("note", m.group("rest"), block.line, label=note_number(m)), []))
        elif block.kind == "furniture":
            found.left_out += _furniture(block)
        elif block.kind == "notes-heading":
            found.left_out.append(Unit(block.kind, block.text, block.line))
        elif found.notes:
            found.notes[-1][1].append(Unit("p", block.text, block.line))
        else:  # text after a "Notes" heading but before any note: still the text's
            found.parts[-1].blocks.append(Unit("p", block.text, block.line))
