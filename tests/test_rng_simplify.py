"""User schemas are compiled without ``notAllowed`` and pruned to the input's element names, verdicts unchanged.

Checked against the unrewritten grammar (libxml2) on small grammars written to catch each rewriting rule, on
the corpus and the invalid fixtures with the official ``tei_all.rng``, and (where ``../shared`` is present)
on 200 real schnitzler-briefe letters; and against Jing for the errors reported in a document with several
independent faults.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_jing
from lxml import etree

from tei_lenin.validate.relaxng import RelaxNGValidator
from tei_lenin.validate.rng_simplify import R, prepared_schema, vocabulary, vocabulary_of

ROOT = Path(__file__).resolve().parents[1]
CORPUS_FILES = sorted((ROOT / "corpus").glob("*/*.xml"))
INVALID = sorted((ROOT / "tests" / "invalid").glob("*.xml"))

GRAMMAR = """<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="urn:x"
    datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <start><ref name="doc"/></start>
  <define name="doc"><element name="doc"><optional><attribute name="n"><data type="integer"/></attribute>
    </optional><oneOrMore><choice><ref name="p"/><ref name="list"/><ref name="gone"/></choice></oneOrMore>
    </element></define>
  <define name="p" combine="choice"><element name="p"><zeroOrMore><choice><text/><ref name="hi"/>
    </choice></zeroOrMore></element></define>
  <define name="p" combine="choice"><element name="para"><text/></element></define>
  <define name="hi"><element name="hi"><text/></element></define>
  <define name="list"><element name="list"><oneOrMore><element name="item"><text/></element></oneOrMore>
    <optional><ref name="gone"/></optional></element></define>
  <define name="gone"><notAllowed/></define>
</grammar>"""

DOCS = [
    '<doc xmlns="urn:x"><p>a<hi>b</hi></p></doc>',
    '<doc xmlns="urn:x" n="3"><para>x</para><list><item>i</item></list></doc>',
    '<doc xmlns="urn:x" n="three"><p/></doc>',
    '<doc xmlns="urn:x"><list/></doc>',
    '<doc xmlns="urn:x"><hi>b</hi></doc>',
    '<doc><p/></doc>',
    '<doc xmlns="urn:x"/>',
    '<doc xmlns="urn:x"><p><para/></p></doc>',
]


def _verdicts(schema: etree.RelaxNG, docs: list[etree._ElementTree]) -> list[bool]:
    return [schema.validate(d) for d in docs]


def test_small_grammar_same_verdicts_pruned_or_not(tmp_path: Path) -> None:
    path = tmp_path / "g.rng"
    path.write_text(GRAMMAR, encoding="utf-8")
    docs = [etree.ElementTree(etree.fromstring(d)) for d in DOCS]
    original = _verdicts(etree.RelaxNG(etree.parse(str(path))), docs)
    simplified = prepared_schema(path)
    assert simplified is not None and not list(simplified.iter(R + "notAllowed"))
    assert _verdicts(etree.RelaxNG(simplified), docs) == original
    for doc, data in zip(docs, DOCS, strict=True):
        pruned = prepared_schema(path, vocabulary(data.encode()))
        expected = original[docs.index(doc)]
        if pruned is None:  # the start can match nothing with these names: the document cannot be valid
            assert not expected
            continue
        assert etree.RelaxNG(pruned).validate(doc) == expected, data
    assert original == [True, True, False, False, False, False, False, False]


def test_pruned_grammar_keeps_only_what_is_used(tmp_path: Path) -> None:
    path = tmp_path / "g.rng"
    path.write_text(GRAMMAR, encoding="utf-8")
    pruned = prepared_schema(path, {"doc", "p"})
    assert pruned is not None
    names = {e.get("name") for e in pruned.iter(R + "element")}
    assert names == {"doc", "p"}
    # the inherited ns and datatype library survive the rewriting
    assert all(e.get("ns") == "urn:x" for e in pruned.iter(R + "element"))
    assert all(d.get("datatypeLibrary") for d in pruned.iter(R + "data"))


def test_grammars_it_cannot_rewrite_are_compiled_as_written(tmp_path: Path) -> None:
    (tmp_path / "inc.rng").write_text(GRAMMAR, encoding="utf-8")
    path = tmp_path / "outer.rng"
    path.write_text('<grammar xmlns="http://relaxng.org/ns/structure/1.0"><include href="inc.rng"/></grammar>',
                    encoding="utf-8")
    assert prepared_schema(path) is None
    validator = RelaxNGValidator(path, {"doc"})
    assert validator.vocabulary is None
    assert validator.validate(etree.ElementTree(etree.fromstring(DOCS[0])), "a.xml") == []


def test_vocabulary_is_a_superset_of_the_element_names() -> None:
    data = b'<?xml version="1.0"?><a:TEI xmlns:a="u"><b-c/><!-- <note> --><d.e x="<f"/></a:TEI>'
    assert {"TEI", "b-c", "d.e", "note"} <= vocabulary(data)


def test_a_document_outside_the_vocabulary_widens_it(tmp_path: Path) -> None:
    path = tmp_path / "g.rng"
    path.write_text(GRAMMAR, encoding="utf-8")
    validator = RelaxNGValidator(path, {"doc", "p"})
    assert validator.validate(etree.ElementTree(etree.fromstring(DOCS[1])), "b.xml") == []
    assert {"para", "list", "item"} <= set(validator.vocabulary or ())
    assert validator.validate(etree.ElementTree(etree.fromstring(DOCS[4])), "c.xml")


def test_tei_all_pruned_to_the_corpus_gives_the_same_verdicts(tei_all_rng: Path) -> None:
    files = CORPUS_FILES + INVALID
    trees = []
    for f in files:
        try:
            trees.append(etree.parse(str(f)))
        except (OSError, etree.XMLSyntaxError):  # dangling symlinks, broken files: not for this test
            continue
    full = etree.RelaxNG(etree.parse(str(tei_all_rng)))
    pruned = prepared_schema(tei_all_rng, vocabulary_of(files))
    assert pruned is not None
    assert sum(1 for _ in pruned.iter(R + "element")) < 300  # of tei_all's 590
    assert _verdicts(etree.RelaxNG(pruned), trees) == _verdicts(full, trees)


def test_schnitzler_letters_same_verdicts_and_jing_lines(tei_all_rng: Path, shared_dir: Path,
                                                         jing_jar: Path) -> None:
    letters = sorted((shared_dir / "realworld" / "schnitzler-briefe" / "letters").glob("*.xml"))
    if not letters:
        pytest.skip("../shared/realworld/schnitzler-briefe/letters absent")
    validator = RelaxNGValidator(tei_all_rng, vocabulary_of(letters))
    full = etree.RelaxNG(etree.parse(str(tei_all_rng)))
    jing = run_jing(jing_jar, tei_all_rng, letters)
    first_equal = found = total = 0
    for path in letters:
        tree = etree.parse(str(path))
        ours = validator.validate(tree, str(path))
        assert (not ours) == full.validate(tree), path.name
        theirs = {line for line, _, _ in jing[str(path.resolve())]}
        lines = {d.line for d in ours}
        assert bool(theirs) == bool(lines), path.name
        if theirs:
            first_equal += min(lines) == min(theirs)
            found += len(theirs & lines)
            total += len(theirs)
    assert first_equal == sum(1 for p in letters if jing[str(p.resolve())])  # the first error on Jing's line
    assert found >= 0.95 * total  # and (nearly) every independent error Jing reports


def test_every_independent_error_where_jing_puts_it(tmp_path: Path, jing_jar: Path) -> None:
    schema = tmp_path / "g.rng"
    schema.write_text(GRAMMAR, encoding="utf-8")
    doc = tmp_path / "d.xml"
    doc.write_text('<doc xmlns="urn:x" xmlns:o="urn:o" o:extra="1">\n<p>a<hi>b</hi></p>\n<list>\n<item/>\n<bad/>\n'
                   '<item/>\n<bad/>\n</list>\n<p><para/></p>\n<para>x</para>\n</doc>\n', encoding="utf-8")
    validator = RelaxNGValidator(schema, vocabulary(doc.read_bytes()))
    ours = validator.validate(etree.parse(str(doc)), "d.xml")
    jing = {line for line, _, _ in run_jing(jing_jar, schema, [doc])[str(doc.resolve())]}
    assert {d.line for d in ours} == jing == {1, 5, 7, 9}
    attribute = next(d for d in ours if d.line == 1)
    assert '"o:extra"' in attribute.message
