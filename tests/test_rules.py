"""Each recognizer of src/tei_lenin/text/rules with its own fixture table: what it takes and what it leaves."""

from __future__ import annotations

import pytest

from tei_lenin.text.rules.blocks import block_kind, without_marker
from tei_lenin.text.rules.closer import closer_units, closing_tail, is_signature
from tei_lenin.text.rules.furniture import is_furniture
from tei_lenin.text.rules.genre import Evidence, genre_of
from tei_lenin.text.rules.headers import edition_scopes, header_line
from tei_lenin.text.rules.opener import opener_kind, secrecy_of
from tei_lenin.text.rules.people import names_in, soften
from tei_lenin.text.rules.published import sent_places, sentence_kind, sentences, witness_kind
from tei_lenin.text.rules.titles import read_title

# ---- blocks -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "kind"), [
    ("< backward   forward >", "furniture"),
    ("< backward   forward >\nWorks Index   |   Volume 45 | Collected Works   |   L.I.A. Index", "furniture"),
    ("Notes", "notes-heading"),
    ("[12] The letter has not been found.—Ed.", "note"),
    ("{1} A note in braces.", "note"),
    ("[Stalin] said so.", "text"),
    ("Written: Written on May 3, 1921\nSource: Lenin Collected Works, Volume 45, page 1.", "header"),
    ("V. I.   Lenin", "author"),
    ("V. I.\u00a0\u00a0\u00a0Lenin", "author"),
    ("N. Lenin", "author"),
    ("22/XII.1921", "dateline"),
    ("Moscow, 4. IX. 1922", "dateline"),
    ("To: J. V. STALIN[1]", "title"),
    ("To the Secretary of the C.C.", "title"),
    ("What Is To Be Done?", "title"),
    ("Please send the papers at once.", "text"),
    ("Comrade Stalin:", "text"),
])
def test_block_kinds(text: str, kind: str) -> None:
    assert block_kind(text) == kind


def test_without_marker() -> None:
    assert without_marker("To: J. V. STALIN[1]") == "To: J. V. STALIN"
    assert without_marker("Note to X{2}") == "Note to X"
    assert without_marker("On Cooperation") == "On Cooperation"


@pytest.mark.parametrize(("line", "furniture"), [
    ("< backward   forward >", True), ("Works Index | Volume 45 | Collected Works | L.I.A. Index", True),
    ("| | | | | |", True), ("• README", True), ("Lenin Internet Archive", False),
    ("Comrades Kamenev and Stalin", False), ("a | b", False),
])
def test_furniture(line: str, furniture: bool) -> None:
    assert is_furniture(line) is furniture


# ---- headers ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "key", "value"), [
    ("Written: Written on September 13, 1922", "written", "Written on September 13, 1922"),
    ("Dictated by Telephone: 15 December, 1922", "dictated", "15 December, 1922"),
    ("First Published: Pravda (No. 49), March 4, 1923", "first-published", "Pravda (No. 49), March 4, 1923"),
    ("Source:Lenin's Collected Works, Volume 33", "source", "Lenin's Collected Works, Volume 33"),
    ("Transcription\\Markup: R. Cymbala", "transcription", "R. Cymbala"),
    ("Transcription & HTML Markup: A and B", "transcription", "A and B"),
    ("Transcription/Mark-up: A", "transcription", "A"),
    ("Public Domain: Lenin Internet Archive You may", "rights", "Lenin Internet Archive You may"),
    ("Copyleft: V. I. Lenin Internet Archive", "rights", "V. I. Lenin Internet Archive"),
    ("Other Formats:   TextREADME", "formats", "TextREADME"),
    ("Online Version: Lenin Internet Archive 1997", "online", "Lenin Internet Archive 1997"),
    ("Wired: November 3, 1918", "sent", "November 3, 1918"),
    ("Published:", "published", ""),
])
def test_header_lines(line: str, key: str, value: str) -> None:
    header = header_line(line)
    assert header is not None and (header.key, header.value) == (key, value)


@pytest.mark.parametrize("line", ["Note: this is prose", "Comrade Stalin:", "Written by hand, he said", "Dear A:"])
def test_not_header_lines(line: str) -> None:
    assert header_line(line) is None


def test_edition_scopes() -> None:
    value = "Lenin Collected Works, Progress Publishers, 1976, Moscow, Volume 45, pages 479b-480a."
    assert [(unit, n, value[s:e]) for s, e, unit, n in edition_scopes(value)] == [
        ("volume", "45", "Volume 45"), ("page", "479b-480a", "pages 479b-480a")]


# ---- titles -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("title", "form", "who"), [
    ("Letter to L. D. TROTSKY", "letter-to", "L. D. TROTSKY"),
    ("Letter to: L. D. TROTSKY[1]", "letter-to", "L. D. TROTSKY"),
    ("Letters to V. M. OSTROGORSKY", "letter-to", "V. M. OSTROGORSKY"),
    ("To:   J. V. STALIN[1]", "to-colon", "J. V. STALIN"),
    ("TELEGRAM TO I. K. SHEVYREV, GUBERNIA FOOD COMMISSAR", "telegram", "I. K. SHEVYREV, GUBERNIA FOOD COMMISSAR"),
    ("TELEPHONE MESSAGE TO THE PETROGRAD SOVIET", "telephone", "THE PETROGRAD SOVIET"),
    ("Note to L. B. Kamenev", "note-to", "L. B. Kamenev"),
    ("To the Secretary of the C.C.", "to", "the Secretary of the C.C."),
    ("Letter to Stalin on March 5, 1923", "letter-to", "Stalin"),
])
def test_title_forms(title: str, form: str, who: str) -> None:
    read = read_title(title)
    assert read is not None and (read.form.name, read.addressees) == (form, who)


@pytest.mark.parametrize("title", ["On Cooperation", "Better Fewer, But Better", "How We Should Reorganise"])
def test_titles_of_articles(title: str) -> None:
    assert read_title(title) is None


# ---- opener -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "kind"), [
    ("Top secret", "classification"), ("Secret. Personal", "classification"), ("Very urgent", "classification"),
    ("In code", "classification"), ("Priority. By direct line", "classification"),
    ("Strictly confidential", "classification"),
    ("Copy to Comrades Kamenev and Zinoviev", "copyTo"), ("Copies to Frumkin and Stomonyakov.", "copyTo"),
    ("9/VIII.1921", "dateline"), ("Moscow, 4. IX. 1922", "dateline"),
    ("For Members of The C.C., R.C.P.(B.)", "for"), ("for all members of the Politbureau", "for"),
    ("Comrade Smith:", "salute"), ("Dear Comrade Smith,", "salute"), ("Dear A. B.:", "salute"),
    ("Comrades,", "salute"), ("Dear Comrades:", "salute"), ("Ivan Petrovich:", "salute"),
    ("Dear Comrade Smith;", "salute"),
    ("Comrade Trotsky", "addressee"), ("Comrades Mdivani, Makharadze and others", "addressee"),
    ("To Comrade Smith", "addressee"), ("Jones, People’s Commissariat of Finance", "addressee"),
    ("To the Business Manager of the C.P.C.", "addressee"),
    ("Please send the papers at once.", None), ("Introduction", None), ("1", None),
])
def test_opener_lines(line: str, kind: str | None) -> None:
    assert opener_kind(line, []) == kind


def test_address_blocks_keep_office_and_place_lines_with_their_name() -> None:
    from tei_lenin.text.segment import blocks_of
    from tei_lenin.text.zones import zones

    found = zones(blocks_of("Very urgent\n\nShevyrev, Gubernia Food Commissar\nSaratov\nJones\n\nComrade Jones:\n\n"
                            "Send the grain.\n"))
    assert [(u.kind, u.text) for u in found.opener] == [
        ("classification", "Very urgent"), ("addressee", "Shevyrev, Gubernia Food Commissar\nSaratov"),
        ("addressee", "Jones"), ("salute", "Comrade Jones:")]


def test_a_name_alone_is_an_address_only_before_a_salutation() -> None:
    assert opener_kind("Smith", ["Comrade Smith:"]) == "addressee"
    assert opener_kind("Smith", ["I write to you"]) is None


@pytest.mark.parametrize(("line", "category"), [
    ("Top secret", "sec-top-secret"), ("Strictly secret.", "sec-top-secret"), ("Secret", "sec-secret"),
    ("Secret. Personal", "sec-secret"), ("Confidential", "sec-confidential"), ("Personal", "sec-personal"),
    ("Very urgent", None), ("Secret meetings were held", None),
])
def test_secrecy(line: str, category: str | None) -> None:
    assert secrecy_of(line) == category


# ---- closer -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "units"), [
    ("Respectfully yours,", [("salute", "Respectfully yours,")]),
    ("With communist greetings,", [("salute", "With communist greetings,")]),
    ("Best regards and wishes,", [("salute", "Best regards and wishes,")]),
    ("Yours, Lenin", [("salute", "Yours,"), ("signed", "Lenin")]),
    ("20/XI. Lenin", [("dateline", "20/XI."), ("signed", "Lenin")]),
    ("22.XII.21. Lenin", [("dateline", "22.XII.21."), ("signed", "Lenin")]),
    ("December 21, 1922", [("dateline", "December 21, 1922")]),
    ("Chairman, C.P.C.", [("office", "Chairman, C.P.C.")]),
    ("Chairman of the Council of People’s Commissars", [("office", "Chairman of the Council of People’s Commissars")]),
    ("V. Ulyanov (Lenin)", [("signed", "V. Ulyanov (Lenin)")]),
    ("N. Lenin", [("signed", "N. Lenin")]),
    ("V. U.", [("signed", "V. U.")]),
    ("II", None), ("1", None), ("Please reply at once.", None),
])
def test_closer_lines(line: str, units: list[tuple[str, str]] | None) -> None:
    read = closer_units(line)
    assert (None if read is None else [(u.kind, u.text) for u in read]) == units


def test_signatures_and_run_on_closings() -> None:
    assert is_signature("Lenin") and is_signature("(Lenin)") and not is_signature("the end")
    tail = closing_tail("I am following your case with all my heart. Respectfully yours,")
    assert tail is not None and tail.group("salute") == "Respectfully yours,"
    assert closing_tail("Yours is the task.") is None


# ---- people -----------------------------------------------------------------------------------------------

KNOWN = {"STALIN": ("stalin", "person"), "J. V. STALIN": ("stalin", "person"), "POLITBUREAU": ("politburo", "org"),
         "C.C.": ("cc_rcpb", "org"), "R.C.P.(B.)": ("rcpb", "org"), "CENTRAL COMMITTEE": ("cc_rcpb", "org"),
         "SUPREME ECONOMIC COUNCIL": ("vsnkh", "org"), "COUNCIL OF PEOPLE’S COMMISSARS": ("sovnarkom", "org")}


def lookup(text: str) -> tuple[str, str] | None:
    return KNOWN.get(text.upper().removeprefix("THE "))


@pytest.mark.parametrize(("phrase", "names"), [
    ("J. V. STALIN", [("stalin", "person")]),
    ("I. V. Stalin", [("stalin", "person")]),
    ("N. P. BRYUKHANOV, P. I. POPOV AND M. F. VLADIMIRSKY",
     [("N. P. Bryukhanov", "person"), ("P. I. Popov", "person"), ("M. F. Vladimirsky", "person")]),
    ("the Politbureau", [("politburo", "org")]),
    ("Comrade Smith and all members of the Politbureau", [("Smith", "person"), ("politburo", "org")]),
    ("Jones, People’s Commissariat of Finance", [("Jones", "person")]),
    ("Gladkov, Supreme Economic Council", [("Gladkov", "person")]),
    ("I. K. SHEVYREV, GUBERNIA FOOD COMMISSAR", [("I. K. Shevyrev", "person")]),
    ("the Politbureau of the C.C., R.C.P.(B.)", [("politburo", "org")]),
    ("the Secretary of the C.C.", [("Secretary of the C.C.", "org")]),
    ("THE NARROW COUNCIL OF PEOPLE’S COMMISSARS", [("Narrow Council of People’s Commissars", "org")]),
    ("the R.C.P.(B.) Central Committee", [("cc_rcpb", "org")]),
    ("the Council of Labour and Defence", [("Council of Labour and Defence", "org")]),
    ("Comrades Mdivani, Makharadze and others", [("Mdivani", "person"), ("Makharadze", "person")]),
    ("the Congress", [("Congress", "org")]),
])
def test_names_in_addressee_phrases(phrase: str, names: list[tuple[str, str]]) -> None:
    assert [(n.key or n.text, n.kind) for n in names_in(phrase, lookup)] == names


def test_soften() -> None:
    assert soften("A. M. ANIKST") == "A. M. Anikst"
    assert soften("THE NARROW COUNCIL OF PEOPLE’S COMMISSARS") == "The Narrow Council of People’s Commissars"
    assert soften("V. D. BONCH-BRUYEVICH") == "V. D. Bonch-Bruyevich"
    assert soften("Trotsky") == "Trotsky"


# ---- published --------------------------------------------------------------------------------------------


def test_published_sentences() -> None:
    value = ("Sent from Zurich to Christiania. First published in 1959 in Lenin Miscellany XXXVI. Printed from the "
             "text in L. A. Fotieva’s hand.")
    parts = sentences(value)
    assert [sentence_kind(s) for s in parts] == ["sent", "first-published", "text-base"]
    assert sent_places(parts[0]) == ("Zurich", "Christiania")
    assert witness_kind(parts[2]) == "hand"
    assert sentences("First published in 1965 in Collected Works, Fifth (Russian) Ed., Vol. 54. Printed from "
                     "the original.")[1] == "Printed from the original."


@pytest.mark.parametrize(("sentence", "kind"), [
    ("Printed from the original.", "original"), ("Printed from a typewritten copy.", "typescript"),
    ("Printed from the text of the telegraph form.", "telegraph"), ("Printed from the secretary’s notes.", "notes"),
    ("Published according to the Pravda text", "print"), ("Printed from a copy made by N. K. Krupskaya.", "hand"),
])
def test_witness_kinds(sentence: str, kind: str) -> None:
    assert witness_kind(sentence) == kind


# ---- genre ------------------------------------------------------------------------------------------------


def evidence(**changes: object) -> Evidence:
    base = Evidence(None, True, frozenset(), frozenset(), "", "", 3)
    return base._replace(**changes)


@pytest.mark.parametrize(("changes", "genre"), [
    ({"title_form": "telegram"}, "letter"),
    ({"opener": frozenset({"salute"})}, "letter"),
    ({"has_title": False, "headers": "Published: Printed from the original."}, "letter"),
    ({"headers": "First Published: Pravda (No. 49), March 4, 1923"}, "article"),
    ({}, "article"),
    ({"title_form": "to"}, "letter"),
    # "To the Workers of Petrograd", printed in Pravda: an appeal, read as an article (a tie goes to the title)
    ({"title_form": "to", "headers": "Published: First published in Pravda No. 3"}, "article"),
    ({"notes": "This letter was dictated", "has_title": True}, "letter"),
    ({"paragraphs": 40, "closer": frozenset({"signed"})}, "article"),
])
def test_genre(changes: dict[str, object], genre: str) -> None:
    assert genre_of(evidence(**changes))[0] == genre


def test_a_signature_before_the_next_letters_title_closes_the_letter() -> None:
    """"Lenin" between a letter's text and "Letter to: X" + header lines is the signature, not a title."""
    from tei_lenin.text.segment import blocks_of, iter_documents

    text = ("Letter to L. B. KAMENEV\n\nWritten: Written on November 14, 1922\n\nComrade Kamenev:\n\n"
            "The draft is muddled.\n\nLenin\n\nLetter to: A. D. TSYURUPA\n\nWritten: Written on November 16, "
            "1922\n\nComrade Tsyurupa:\n\nYour remarks are right.\n\nLenin\n")
    known = {"Lenin"}.__contains__
    docs = [d for d in iter_documents(blocks_of(text), known) if not hasattr(d, "kind")]
    assert [d.title.text for d in docs] == ["Letter to L. B. KAMENEV", "Letter to: A. D. TSYURUPA"]
    assert docs[0].body[-1].text == "Lenin"
