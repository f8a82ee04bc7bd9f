"""Hypothesis strategies for compilations in the Marxists Internet Archive's shapes (made-up text).

Each generated page combines the conventions of tests/fixtures/mia/README.md at random: author heading or
not, title forms or none, header lines in one block or apart, in any order, opener lines, paragraphs with note
markers (sometimes two notes numbered alike), closers of every listed shape, postscripts, notes per page or
running, a "Notes" heading, page furniture, front matter.
"""

from __future__ import annotations

from hypothesis import strategies as st

WORDS = ("the", "commission", "report", "grain", "wagons", "must", "be", "sent", "at", "once", "and", "we",
         "shall", "discuss", "it", "on", "Thursday", "please", "reply", "by", "wire", "comrades", "figures",
         "are", "not", "clear", "to", "me", "send", "them", "again", "with", "details", "of", "coal", "fuel")
NAMES = ("Smith", "Jones", "Ivanov", "Petrov", "Stalin", "Trotsky", "Kamenev", "Rykov", "Zavyalov")
INITIALS = ("A. B.", "I. I.", "M. K.", "V. M.", "G. Y.")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")

words = st.lists(st.sampled_from(WORDS), min_size=3, max_size=25).map(" ".join)
name = st.sampled_from(NAMES)
full_name = st.tuples(st.sampled_from(INITIALS), name).map(" ".join)


@st.composite
def dates(draw: st.DrawFn) -> str:
    year = draw(st.integers(1917, 1923))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 28))
    form = draw(st.integers(0, 5))
    if form == 0:
        return f"{MONTHS[month - 1]} {day}, {year}"
    if form == 1:
        return f"{day} {MONTHS[month - 1]}, {year}"
    if form == 2:
        return f"{day}/{ROMAN[month - 1]}.{year}"
    if form == 3:
        return f"between {MONTHS[month - 1]} {day} and {day + 2}, {year}"
    if form == 4:
        return f"{MONTHS[month - 1]} {year}"
    return f"{MONTHS[month - 1]} {day} ({MONTHS[month % 12]} {day}), {year}"


@st.composite
def paragraph(draw: st.DrawFn, markers: list[str]) -> str:
    text = draw(words).capitalize()
    if draw(st.booleans()):
        text += f" on {draw(dates())}"
    if draw(st.integers(0, 3)) == 0:
        text += f" [{draw(name)}]"
    text += draw(st.sampled_from([".", "?", "!", ":"]))
    if draw(st.integers(0, 2)) == 0:
        marker = draw(st.sampled_from(["1", "2", "3", "12", "A"]))
        markers.append(marker)
        text += f"[{marker}]"
    return text


HEADER_LABELS = ("Written", "Dictated", "Published", "Source", "Translated", "Transcription\\Markup",
                 "Public Domain", "Other Formats", "First Published", "Copyleft", "Online Version")


@st.composite
def header_block(draw: st.DrawFn) -> list[str]:
    labels = draw(st.lists(st.sampled_from(HEADER_LABELS), min_size=1, max_size=6, unique=True))
    lines = []
    for label in labels:
        value = {
            "Written": f"Written on {draw(dates())}",
            "Dictated": draw(st.sampled_from(["Dictated by phone on ", "Dictated on "])) + draw(dates()),
            "Published": draw(st.sampled_from([
                "First published in 1959 in Lenin Miscellany XXXVI. Printed from the original.",
                "Printed from a typewritten copy.", "Sent from Zurich to Christiania. Printed from the original.",
                "First published in 1930"])),
            "Source": f"Lenin Collected Works, Progress Publishers, 1976, Moscow, Volume "
                      f"{draw(st.integers(24, 45))}, page {draw(st.integers(1, 700))}b.",
            "First Published": f"Pravda (No. {draw(st.integers(1, 300))}), {draw(dates())}",
        }.get(label, draw(words))
        lines.append(f"{label}: {value}")
    return lines


@st.composite
def page(draw: st.DrawFn, running: list[int]) -> str:
    """One document as a web page copied into the compilation."""
    markers: list[str] = []
    out: list[str] = []
    if draw(st.booleans()):
        out.append(draw(st.sampled_from(["V. I.   Lenin", "V. I. Lenin", "Vladimir Ilyich Lenin",
                                         "V. I.\u00a0\u00a0\u00a0Lenin"])))
    title = draw(st.sampled_from([
        None, "Letter to {}", "To:   {}", "TELEGRAM TO {}", "Telephone Message to {}", "Note to {}",
        "To the Politbureau", "On the {}", "Letters to {}"]))
    if title:
        out.append(title.format(draw(full_name).upper() if "TO" in title else draw(full_name)))
    header = draw(header_block())
    out += ["\n".join(header)] if draw(st.booleans()) else header
    for line in draw(st.lists(st.sampled_from([
            "Top secret", "Secret. Personal", "Copy to Comrades {} and {}", "Comrades {} and {}",
            "{}, People’s Commissariat of Finance", "Comrade {}:", "Dear Comrade {},", "Comrades,",
            "{}/{}.1921"]), max_size=3)):
        out.append(line.format(draw(name), draw(name)) if "/" not in line
                   else line.format(draw(st.integers(1, 28)), draw(st.sampled_from(ROMAN))))
    for _ in range(draw(st.integers(1, 5))):
        out.append(draw(paragraph(markers)))
        if draw(st.integers(0, 6)) == 0:
            out.append(draw(st.sampled_from(["1", "II", "Dictated over the telephone March 3, 1922"])))
    closer = draw(st.sampled_from([
        [], ["Lenin"], ["Yours,\nLenin"], ["With communist greetings,", "Lenin"],
        ["V. Ulyanov (Lenin)\nChairman, C.P.C."], ["20/XI. Lenin"], ["N. Lenin", "December 21, 1922"],
        ["Respectfully yours,"], ["V. U."]]))
    out += closer
    for label in draw(st.lists(st.sampled_from(["P.S.", "P.P.S.", "P. S."]), max_size=2)):
        out.append(f"{label} {draw(paragraph(markers))}")
    numbers = list(dict.fromkeys(markers)) + draw(st.lists(st.sampled_from(["1", "2", "7"]), max_size=2))
    if numbers and draw(st.booleans()):
        out.append("Notes")
    for n in numbers:
        if n.isdigit() and running and draw(st.booleans()):
            running[0] += 1
        note = f"[{n}] {draw(words).capitalize()}."
        if draw(st.booleans()):
            note += "—Ed."
        out.append(note)
        if draw(st.integers(0, 3)) == 0:
            out.append(draw(words).capitalize() + ".")
    if draw(st.booleans()):
        out += ["< backward   forward >", "Works Index   |   Volume 45 | Collected Works   |   L.I.A. Index"]
    gaps = draw(st.lists(st.sampled_from(["\n\n", "\n\n\n", "\n\n\n\n"]), min_size=len(out), max_size=len(out)))
    return "".join(block + gap for block, gap in zip(out, gaps, strict=True))


@st.composite
def compilations(draw: st.DrawFn) -> str:
    """A compilation: maybe front matter, then one to four pages."""
    text = ""
    if draw(st.integers(0, 3)) == 0:
        text += "Letters of 1921 : a reader\n\nSunday 19 June 2011, by Jane Editor\n\nAn introduction\n\n"
        text += draw(words).capitalize() + ".\n\n"
    running = [0] if draw(st.booleans()) else []
    for _ in range(draw(st.integers(1, 4))):
        text += draw(page(running))
    return text
