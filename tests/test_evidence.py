"""Issue 12: every inference carries its certainty and evidence; facts one note states about another document
are encoded on that document; references by role; the edition numbers of the notes resolved."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from mia_support import NS, encode_text

from tei_lenin.reference import Authority
from tei_lenin.text.names import Gazetteer, identification_cert
from tei_lenin.text.rules.crossrefs import letter_claims
from tei_lenin.text.rules.transmission import sentences

#: Three letters; a note of the second tells a fact about the first (the shapes of MIA's Collected Works pages).
CROSS = (Path(__file__).parent / "fixtures" / "evidence" / "cross-document-note.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def cross() -> list[etree._Element]:
    return encode_text(CROSS).trees


def xp(tree: etree._Element, path: str) -> list:
    return tree.xpath(path, namespaces=NS)


# ---- certainty and evidence ------------------------------------------------------------------------------


def test_fact_from_another_documents_note_is_encoded_on_the_letter_it_concerns(cross: list) -> None:
    kamenev, tsyurupa, _ = cross
    mode = xp(kamenev, "//t:catRef[@scheme='tax:mode']")[0]
    assert mode.get("target") == "tax:mode-dictated"
    assert mode.get("source") == "../letters/l1922-11-16.xml#l1922-11-16.n1"
    (scribe,) = xp(kamenev, "//t:creation/t:persName[@role='amanuensis']")
    assert scribe.get("ref") == "psn:fotieva"
    assert scribe.get("cert") == "medium" and scribe.get("resp") == "#l1922-11-14.ed-tl"
    assert scribe.get("source") == mode.get("source")
    assert xp(tsyurupa, "//t:note[@xml:id='l1922-11-16.n1']"), "the source points at an existing note"
    related = xp(kamenev, "//t:correspContext/t:ref[@type='related']/@target")
    assert related == ["../letters/l1922-11-16.xml"]


def test_edition_number_and_relative_references_lead_to_the_documents(cross: list) -> None:
    _, tsyurupa, stalin = cross
    (number,) = xp(tsyurupa, "//t:note//t:ref[t:bibl/t:biblScope[@unit='document'][@n='790']]")
    assert number.get("target") == "../letters/l1922-11-14.xml"
    (nxt,) = xp(tsyurupa, "//t:note//t:ref[.='next document']")
    assert nxt.get("target") == "../letters/l1922-11-18.xml"
    (prev,) = xp(stalin, "//t:note//t:ref[.='previous document']")
    assert prev.get("target") == "../letters/l1922-11-16.xml"


def test_a_relative_reference_past_the_ends_stays_words() -> None:
    (tree,) = encode_text(CROSS.split("Letter to J. V. STALIN")[0].split("Letter to A. D.")[0]
                          + "\n\n[1] See the next document.—Ed.\n").trees
    assert not xp(tree, "//t:note//t:ref[not(@type='noteRef')]")


def test_nothing_is_inferred_when_the_letter_named_is_not_unique() -> None:
    twice = CROSS.replace("Letter to J. V. STALIN", "Letter to L. B. KAMENEV").replace(
        "Written on November 18, 1922", "Written on November 14, 1922")
    trees = encode_text(twice).trees
    assert not xp(trees[0], "//t:creation/t:persName[@role='amanuensis']")


def test_bare_surnames_are_identified_with_certainty_full_names_without(cross: list) -> None:
    kamenev = cross[0]
    (salute,) = xp(kamenev, "//t:salute/t:persName")
    assert (salute.get("ref"), salute.get("cert"), salute.get("resp")) == ("psn:kamenev", "high",
                                                                            "#l1922-11-14.ed-tl")
    (addressee,) = xp(kamenev, "//t:correspAction[@type='received']/t:persName")  # "L. B. KAMENEV"
    assert addressee.get("ref") == "psn:kamenev" and addressee.get("cert") is None


def test_every_cert_in_the_corpus_has_a_resp(cross: list) -> None:
    for tree in cross:
        assert not xp(tree, "//*[@cert][not(@resp)]")


def test_role_reference_only_in_the_authors_own_words(cross: list) -> None:
    tsyurupa = cross[1]
    (wife,) = xp(tsyurupa, "//t:body//t:rs[@type='person']")
    assert (wife.text, wife.get("ref"), wife.get("cert")) == ("My wife", "psn:krupskaya", "high")
    editorial = CROSS.replace("[1] After Lenin", "[1] His wife said so. After Lenin")
    assert not xp(encode_text(editorial).trees[1], "//t:note//t:rs[@type='person']")


def test_role_belongs_to_its_author_only() -> None:
    """In a compilation of Trotsky's letters "my wife" is not Krupskaya: the role is Lenin's."""
    trotsky = CROSS.replace("\nLenin\n", "\nL. Trotsky\n")
    trees = encode_text(trotsky).trees
    assert xp(trees[1], "//t:correspAction[@type='sent']/t:persName/@ref") == ["psn:trotsky"]
    assert not xp(trees[1], "//t:body//t:rs[@type='person']")


def test_identification_cert_rules() -> None:
    stalin = Authority("stalin", "person", "Stalin, Iosif V. (Joseph Stalin)", ("Stalin",), "", "", (), "high")
    guess = Authority("woods", "person", "Woods, Alan (identification from context)", (), "", "", (), "")
    org = Authority("pravda", "org", "Pravda", ("Pravda",), "", "", (), "")
    assert identification_cert("Stalin", stalin) == "high"
    assert identification_cert("Comrade Stalin’s", stalin) == "high"
    assert identification_cert("J. V. Stalin", stalin) is None
    assert identification_cert("Alan Woods", guess) == "medium"
    assert identification_cert("Pravda", org) is None


def test_roles_are_found_only_for_their_author() -> None:
    krupskaya = Authority("krupskaya", "person", "Krupskaja, Nadežda K.", ("my wife [role of lenin]",), "", "",
                          (), "")
    gazetteer = Gazetteer([krupskaya])
    assert [m.key for m in gazetteer.roles("I told my wife.", "lenin")] == ["krupskaya"]
    assert not list(gazetteer.roles("I told my wife.", "trotsky"))
    assert not list(gazetteer.find("I told my wife."))  # never a name on its own


def test_sentences_keep_initials_and_abbreviations_together() -> None:
    text = "J. V. Stalin, whom a C.C. Plenum had made responsible, objected. Then Vol. 45 was cited. Done."
    assert sentences(text) == ["J. V. Stalin, whom a C.C. Plenum had made responsible, objected.",
                               "Then Vol. 45 was cited.", "Done."]


def test_letter_claims() -> None:
    (claim,) = letter_claims("After Lenin had, on December 21, 1922, dictated a letter to Trotsky on trade (see "
                             "this volume, Document 811), Stalin threatened Krupskaya for having taken down the "
                             "said letter.")
    assert (claim.when, claim.addressee, claim.number, claim.dictated) == ("1922-12-21", "Trotsky", "811", True)
    assert claim.down_at > claim.letter_end and claim.down_by is None
    (by,) = letter_claims("The letter to Stalin of March 5, 1923 was taken down by M. A. Volodicheva.")
    assert (by.when, by.dictated, by.down_by) == ("1923-03-05", False, "M. A. Volodicheva")
    assert letter_claims("He wrote a letter to Trotsky.") == []  # no date: nothing to find it by
    assert letter_claims("On May 1, 1920, in 1930 he wrote a long and detailed and careful letter to Trotsky"
                         " about everything.") == []  # the date too far from the letter phrase


# ---- the header a repository accepts ---------------------------------------------------------------------

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def corpus_trees() -> dict[str, etree._Element]:
    return {p.name: etree.parse(str(p)).getroot() for folder in ("letters", "articles", "essays")
            for p in sorted((CORPUS / folder).glob("*.xml"))}


def test_every_document_states_its_editorial_principles_language_and_revision() -> None:
    for name, tree in corpus_trees().items():
        decl = xp(tree, "//t:encodingDesc/t:editorialDecl")
        assert decl and {etree.QName(c).localname for c in decl[0]} >= {"correction", "normalization",
                                                                         "hyphenation", "interpretation"}, name
        assert xp(tree, "string(//t:langUsage/t:language/@ident)") == "en", name
        assert "translation from Russian" in xp(tree, "string(//t:langUsage/t:language)"), name
        (change,) = xp(tree, "//t:revisionDesc/t:change")
        assert change.get("who") == f"#{tree.get('{http://www.w3.org/XML/1998/namespace}id')}.ed-tl", name
        assert not xp(tree, "//*[@cert][not(@resp)]"), name  # TL-S029 on the corpus


def test_titles_are_distinct_in_the_corpus() -> None:
    titles = [xp(tree, "string(//t:titleStmt/t:title[1])") for tree in corpus_trees().values()]
    assert len(titles) == len(set(titles)), titles


def test_same_title_and_date_get_the_incipit(cross: list) -> None:
    twin = CROSS.replace("Letter to A. D. TSYURUPA", "Letter to: L. B. KAMENEV").replace(
        "Written on November 16, 1922", "Written on November 14, 1922")
    trees = encode_text(twin).trees
    first, second = (xp(t, "string(//t:titleStmt/t:title)") for t in trees[:2])
    assert first == "Letter to L. B. Kamenev, 14 November 1922 (“I have looked through the draft …”)"
    assert second.startswith("Letter to L. B. Kamenev, 14 November 1922 (“Your remarks on the draft")
    assert "(" not in xp(cross[0], "string(//t:titleStmt/t:title)")  # a title of its own: no incipit


def test_essay_date_rests_on_the_years_it_mentions() -> None:
    (essay,) = [t for n, t in corpus_trees().items() if n.startswith("e")]
    (date,) = xp(essay, "//t:profileDesc/t:creation/t:date")
    assert date.get("cert") == "low" and date.get("evidence") == "internal"
    assert date.get("notAfter") == "2011-06-19"
    body_years = [int(y) for y in __import__("re").findall(r"\b(1[89]\d\d|20\d\d)\b", " ".join(
        "".join(p.itertext()) for p in xp(essay, "//t:body//t:p[not(ancestor::t:quote)]")))]
    assert date.get("notBefore") == str(max(y for y in body_years if y <= 2011))


def test_original_language_comes_from_the_settings(tmp_path: Path) -> None:
    from tei_lenin.settings import load_settings

    settings = tmp_path / "tei-lenin.toml"
    settings.write_text('[edition]\ntranslated_from = ""\n', encoding="utf-8")
    assert load_settings(settings).translated_from == ""
    settings.write_text('[edition]\ntranslated_from = "de"\n[publication]\npublisher = "X"\n', encoding="utf-8")
    loaded = load_settings(settings)
    assert (loaded.translated_from, loaded.publisher) == ("de", "X")


def test_names_are_tagged_in_the_text_as_in_the_notes() -> None:
    """A name the corpus tags somewhere is tagged everywhere in the text (bylines, heads, body, notes)."""
    import re

    names = "self::t:persName or self::t:orgName or self::t:placeName or self::t:rs"
    trees = corpus_trees()
    tagged = {" ".join("".join(e.itertext()).split()) for tree in trees.values()
              for e in xp(tree, f"//t:text//*[{names}]")}
    pattern = re.compile("|".join(rf"(?<![\w-]){re.escape(n)}(?![\w-])" for n in sorted(tagged, key=len,
                                                                                         reverse=True)
                                  if len(n) > 3))
    untagged = [(name, text.strip()[:60]) for name, tree in trees.items()
                for text in xp(tree, f"//t:text//text()[not(ancestor::*[{names}])]") if pattern.search(text)]
    assert untagged == []


@pytest.mark.parametrize(("sic", "corr"), [("not", "now"), ("heard", "retard"), ("compromise", "comprise"),
                                           ("form", "from"), ("inactive", "an active")])
def test_misreadings_that_reverse_the_sense_are_corrected(sic: str, corr: str) -> None:
    """Issue 12, item 6: the errata correct sense, not only spelling; each correction names the encoder."""
    found = [c for tree in corpus_trees().values() for c in xp(tree, f"//t:choice[t:sic='{sic}']")]
    assert found and all(xp(c, "string(t:corr)") == corr and xp(c, "string(t:corr/@resp)").endswith(".ed-tl")
                         for c in found)


def test_doubtful_readings_are_marked_sic_alone() -> None:
    alone = [s for tree in corpus_trees().values() for s in xp(tree, "//t:sic[not(parent::t:choice)]")]
    assert alone and all(s.get("resp", "").endswith(".ed-tl") for s in alone)


def test_a_letter_named_by_its_date_links_to_it_when_the_compilation_has_exactly_one() -> None:
    text = CROSS.replace("Please put my proposal to the vote",
                         "As in my letter of November 16, 1922, and in Kamenev’s letter of November 14, 1922, "
                         "please put my proposal to the vote").replace(
        "[1] Compare the previous document.—Ed.", "[1] Compare the letter of November 14, 1922.—Ed.")
    stalin = encode_text(text).trees[2]
    links = {xp(r, "string(t:date/@when)"): r.get("target") for r in xp(stalin, "//t:ref[t:date]")}
    assert links == {"1922-11-16": "../letters/l1922-11-16.xml", "1922-11-14": "../letters/l1922-11-14.xml"}
    assert len(xp(stalin, "//t:ref[t:date]")) == 2  # Kamenev wrote no letter of the compilation: no link
    assert xp(stalin, "//t:note//t:ref/t:date/@when") == ["1922-11-14"]


PHONED = """Letter to L. D. TROTSKY

Dictated: Dictated by phone on March 5, 1923

Dear Comrade Trotsky:

It is my earnest request that you should undertake the defence of the case.[1]

Lenin


[1] This letter was read to Trotsky the same day on the phone by Maria Volodicheva.—Ed.
"""


def test_a_note_that_the_phone_carried_the_letter_explains_the_headers_by_phone() -> None:
    (tree,) = encode_text(PHONED).trees
    mode = xp(tree, "//t:catRef[@scheme='tax:mode']")[0]
    assert (mode.get("target"), mode.get("cert")) == ("tax:mode-dictated", "medium")
    assert mode.get("source").split() == ["#l1923-03-05.creation", "#l1923-03-05.n1"]
    assert xp(tree, "string(//t:catRef[@scheme='tax:transmission']/@target)") == "tax:trans-telephone"
    assert xp(tree, "//*[@xml:id='l1923-03-05.creation']") and xp(tree, "//*[@xml:id='l1923-03-05.n1']")
    (alone,) = encode_text(PHONED.split("\n\n\n[1]")[0].replace("[1]", "") + "\n").trees
    mode = xp(alone, "//t:catRef[@scheme='tax:mode']")[0]  # no note: the header's words stand
    assert (mode.get("target"), mode.get("cert")) == ("tax:mode-dictated-phone", None)


def test_places_carry_the_historical_entity_the_authority_file_gives() -> None:
    from tei_lenin.tei.vocab import personography

    georgia = Authority("georgia", "place", "Georgia (1922: Georgian SSR, part of the Transcaucasian SFSR)",
                        ("Georgia",), "", "", (), "")
    berlin = Authority("berlin", "place", "Berlin", ("Berlin",), "", "", (), "")
    tree = personography([georgia, berlin])
    assert [(p.get("when"), p.text) for p in xp(tree, "//t:place[@xml:id='georgia']/t:placeName[@type]")] == [
        ("1922", "Georgian SSR")]
    assert not xp(tree, "//t:place[@xml:id='berlin']/t:placeName[@type]")
