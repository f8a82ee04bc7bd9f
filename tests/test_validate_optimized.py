"""The fast path (screens, prefetch, lazy XPath 2, result cache) gives exactly the findings of the plain path;
limits (per-file timeout, compile timeout), progress, empty folders, lazy imports."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from validate_support import same_findings

from tei_lenin import resources
from tei_lenin.cli import main
from tei_lenin.progress import Progress
from tei_lenin.validate import engine
from tei_lenin.validate.engine import ResultCache, Validator, validate_paths
from tei_lenin.validate.project import project_resolvers
from tei_lenin.validate.schematron import Schematron
from tei_lenin.validate.xmlsafe import parse_file

HERE = Path(__file__).resolve().parent
INVALID = HERE / "invalid"
CORPUS = HERE / "fixtures" / "validate" / "corpus"
PARAMS = {"persons": CORPUS / "persons.xml", "taxonomy": CORPUS / "taxonomy.xml"}
FIXTURES = sorted(p for p in INVALID.iterdir() if p.suffix == ".xml")
VALID = sorted(CORPUS.rglob("*.xml"))


def _corpus_files() -> list[Path]:
    corpus = resources.default_corpus_dir()
    return sorted(corpus.rglob("*.xml")) if corpus.is_dir() else []


def _screened_and_plain(params: dict[str, Path]) -> tuple[Schematron, Schematron]:
    fast = Schematron(resources.schema_sch(), parameters=params, lazy_xpath2=True)
    fast.resolvers.update(project_resolvers(fast))
    plain = Schematron(resources.schema_sch(), parameters=params, screen=False)
    plain.resolvers.update(project_resolvers(plain))
    return fast, plain


@pytest.mark.parametrize("params", [PARAMS, {}], ids=["explicit-files", "from-prefixDef"])
def test_screened_rules_equal_the_plain_path(params: dict[str, Path]) -> None:
    fast, plain = _screened_and_plain(params)
    assert sum(p.screen is not None for p in fast.patterns) >= 20
    assert all(p.screen is None for p in plain.patterns)
    assert same_findings(fast, plain, FIXTURES + VALID + _corpus_files()) > 30


def test_validator_fast_path_equals_reference_validator() -> None:
    """Whole files (parse reuse, screens, lazy XPath 2) against a validator with every optimization off."""
    files = FIXTURES + VALID + _corpus_files()
    fast = Validator(resources.schema_rng(), resources.schema_sch())
    plain = Validator(resources.schema_rng(), resources.schema_sch(), screen=False)
    for path in files:
        assert fast.check_file(path) == plain.check_file(path), path.name


def test_calendar_context_is_exact(tmp_path: Path) -> None:
    """TL-S015's narrowed context fires on exactly the elements of the original context whose dates fail."""
    sch = resources.schema_sch().read_text()
    start = sch.index('<sch:rule context="tei:*[@when or @notBefore')
    end = sch.index('">', start)
    original = ("<sch:rule context=\"tei:*[@*[name() = 'when' or name() = 'notBefore' or name() = 'notAfter' "
                "or name() = 'from' or name() = 'to'][number(substring(., 6, 2)) &gt; 12 or "
                "number(substring(., 9, 2)) &gt; 28]]")
    old = tmp_path / "old.sch"
    old.write_text(sch[:start] + original + sch[end:])
    values = []
    for year in ("1900", "1922", "2000", "2024", "1923", "0000", "0001"):
        for month in ("00", "01", "02", "04", "06", "09", "11", "12", "13", "1x"):
            for day in ("00", "01", "28", "29", "30", "31", "32", "3x"):
                values.append(f"{year}-{month}-{day}")
    values += ["1922-02-30T10:00", "１９２２-02-30", "1922-02-3", "1922-12-31", "x", ""]
    dates = "".join(f'<date when="{v}"/><date notBefore="1922-01-01" notAfter="{v}"/>' for v in values)
    doc = tmp_path / "d.xml"
    doc.write_text(f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><div>{dates}</div></body></text></TEI>')
    tree = parse_file(doc).tree

    def s015(path: Path) -> list[tuple[int | None, str]]:
        return [(d.line, d.message) for d in Schematron(path).validate(tree, "d.xml") if d.code == "TL-S015"]

    found = s015(old)
    assert len(found) > 50
    assert s015(resources.schema_sch()) == found


def test_valid_corpus_needs_no_elementpath() -> None:
    code = ("import sys; from pathlib import Path; from tei_lenin.validate.engine import Validator; "
            "from tei_lenin import resources; v = Validator(resources.schema_rng(), resources.schema_sch()); "
            f"r = [v.check_file(p) for p in sorted(Path({str(CORPUS)!r}).rglob('*.xml'))]; "
            "assert all(not f.diagnostics for f in r), r; print('elementpath' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
    out = subprocess.run([sys.executable, "-c", "import sys, tei_lenin.cli; print('elementpath' in sys.modules, "
                          "'tei_lenin.validate.engine' in sys.modules)"], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False False"


def test_lazy_xpath2_expressions_all_compile() -> None:
    sch = Schematron(resources.schema_sch(), lazy_xpath2=True)
    sch.compile_xpath2()
    assert all(e.lxml is not None or e.ep is not None for e in sch._all_exprs())


def test_jobs_progress_and_order(tmp_path: Path) -> None:
    files = [CORPUS / "persons.xml"] + FIXTURES
    seen: list[tuple[int, int]] = []
    validator = Validator(None, resources.schema_sch(), **PARAMS)
    one = validate_paths(files, validator)
    two = validate_paths(files, validator, jobs=2, progress=lambda d, t: seen.append((d, t)))
    assert [f.file for f in one.files] == [f.file for f in two.files]
    assert [f.diagnostics for f in one.files] == [f.diagnostics for f in two.files]
    assert seen[-1] == (len(files), len(files)) and [d for d, _ in seen] == list(range(1, len(files) + 1))


def test_progress_line() -> None:
    stream = io.StringIO()
    progress = Progress("validated", "files", stream=stream, enabled=True, interval=0)
    progress(1, 4)
    progress(4, 4)
    progress.close()
    text = stream.getvalue()
    assert "validated 1/4 files" in text and "validated 4/4 files" in text and "left" in text


def test_no_progress_in_pipes() -> None:
    result = CliRunner().invoke(main, ["validate", str(CORPUS), "--no-schema"])
    assert result.exit_code == 0 and "validated" not in result.stderr


def test_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("no xml here")
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 2
    assert "no .xml file" in result.stderr and str(tmp_path) in result.stderr


def test_per_file_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    validator = Validator(None, resources.schema_sch(), timeout=0.2, **PARAMS)
    assert validator.rules is not None

    def slow(*args: object, **kwargs: object) -> list:
        time.sleep(5)
        return []

    monkeypatch.setattr(validator.rules, "validate", slow)
    started = time.monotonic()
    result = validator.check_file(VALID[0])
    assert time.monotonic() - started < 4
    (d,) = result.diagnostics
    assert d.code == engine.TIMEOUT_CODE and d.severity.value == "error" and "--timeout" in d.message
    monkeypatch.undo()
    assert validator.check_file(VALID[0]).diagnostics == []  # the next file gets its full time again


def test_per_file_timeout_within_a_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """A run keeps the SIGALRM handler installed (``alarm_handler``); each file still gets its own limit, and
    the handler before the run is back afterwards."""
    import signal

    validator = Validator(None, resources.schema_sch(), timeout=0.2, **PARAMS)
    assert validator.rules is not None
    plain = validator.rules.validate
    calls: list[int] = []

    def first_slow(*args: object, **kwargs: object) -> list:
        calls.append(1)
        if len(calls) == 1:
            time.sleep(5)
        return plain(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(validator.rules, "validate", first_slow)
    before = signal.getsignal(signal.SIGALRM)
    report = validate_paths(VALID[:3], validator)
    assert signal.getsignal(signal.SIGALRM) is before
    assert [d.code for d in report.files[0].diagnostics] == [engine.TIMEOUT_CODE]
    assert [f.diagnostics for f in report.files[1:]] == [[], []]


def test_folder_search_is_rglob(tmp_path: Path) -> None:
    """``expand_paths`` lists a folder as ``sorted(rglob("*.xml"))`` minus folders, without a stat per file."""
    for name in ("b.xml", "a-c.xml", "a/b.xml", "a/z/y.xml", ".hidden.xml", "x.XML", "n.txt", "d.xml/inner.xml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("<x/>")
    (tmp_path / "link.xml").symlink_to(tmp_path / "b.xml")
    (tmp_path / "dirlink").symlink_to(tmp_path / "a", target_is_directory=True)
    (tmp_path / "broken.xml").symlink_to(tmp_path / "missing.xml")
    expected = sorted(q for q in tmp_path.rglob("*.xml") if not q.is_dir())
    assert engine.expand_paths([tmp_path]) == expected
    assert tmp_path / "d.xml" / "inner.xml" in expected and tmp_path / "dirlink" / "b.xml" not in expected


def test_schema_compile_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    original = engine.RelaxNGValidator.__init__

    def slow(self: object, path: Path, vocabulary: object = None) -> None:
        time.sleep(5)
        original(self, path, vocabulary)  # type: ignore[arg-type]

    monkeypatch.setattr(engine.RelaxNGValidator, "__init__", slow)
    started = time.monotonic()
    result = CliRunner().invoke(main, ["validate", str(CORPUS), "--schema", str(resources.schema_rng()),
                                       "--compile-timeout", "0.2"])
    assert time.monotonic() - started < 4
    assert result.exit_code == 2
    assert "did not compile within 0.2 s" in result.stderr


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", *args])
    return result.exit_code, result.stdout


def _copy_corpus(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    shutil.copy(INVALID / "TL-S003-unknown-person.xml", target / "letters" / "TL-S003-unknown-person.xml")
    return target


def test_cache_hits_and_same_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, cache = _copy_corpus(tmp_path), tmp_path / "cache"
    cold = _cli(str(corpus), "--rules", str(resources.schema_sch()), "--cache", str(cache), "--jobs", "1")
    assert cold[0] == 1 and "TL-S003" in cold[1]
    calls: list[str] = []
    original = Schematron.validate
    monkeypatch.setattr(Schematron, "validate", lambda self, tree, file, *a: calls.append(file) or original(
        self, tree, file, *a))
    warm = _cli(str(corpus), "--rules", str(resources.schema_sch()), "--cache", str(cache), "--jobs", "1")
    assert warm == cold and calls == []
    # a changed file, or a changed file it depends on (persons.xml), is checked again
    persons = corpus / "persons.xml"
    persons.write_text(persons.read_text().replace("</listPerson>", "<!-- edited --></listPerson>", 1))
    again = _cli(str(corpus), "--rules", str(resources.schema_sch()), "--cache", str(cache), "--jobs", "1")
    assert again == cold and any(c.endswith("TL-S003-unknown-person.xml") for c in calls)
    assert any(c.endswith("persons.xml") for c in calls)


def test_cache_invalidated_by_rules_and_schema(tmp_path: Path) -> None:
    corpus, cache = _copy_corpus(tmp_path), tmp_path / "cache"
    sch = tmp_path / "rules.sch"
    sch.write_text(resources.schema_sch().read_text())
    rng = tmp_path / "schema.rng"
    rng.write_text(resources.schema_rng().read_text())
    args = [str(corpus), "--rules", str(sch), "--schema", str(rng), "--cache", str(cache), "--jobs", "1"]
    first = _cli(*args)
    assert first[0] == 1 and "TL-S003" in first[1]
    assert _cli(*args) == first
    # the rule set changes: TL-S003 becomes a warning
    sch.write_text(sch.read_text().replace('<sch:assert id="TL-S003" role="error"',
                                           '<sch:assert id="TL-S003" role="warning"'))
    code, out = _cli(*args)
    assert "warning[TL-S003]" in out and code == 0
    # the schema changes: a permissive schema reports nothing (a stale cache would still report)
    rng.write_text('<element xmlns="http://relaxng.org/ns/structure/1.0" name="x"><empty/></element>')
    code, out = _cli(*args)
    assert code == 1 and "error[TL-R" in out


def test_cache_key_covers_content_and_name_not_folder(tmp_path: Path) -> None:
    validator = Validator(None, resources.schema_sch())
    cache = ResultCache(tmp_path / "c", validator)
    a = cache.key("file:///a.xml", b"<a/>")
    assert a != cache.key("file:///b.xml", b"<a/>") and a != cache.key("file:///a.xml", b"<b/>")
    assert a == cache.key("file:///elsewhere/staged/a.xml", b"<a/>")
    other = ResultCache(tmp_path / "c", Validator(resources.schema_rng(), resources.schema_sch()))
    assert other.key("file:///a.xml", b"<a/>") != a


def test_cache_hits_for_the_same_bytes_at_another_path(tmp_path: Path) -> None:
    """A corpus staged in another folder (another worker) reuses the entries; a changed persons.xml there
    invalidates the entries of the letters that read it, found relative to each letter."""
    first, second = tmp_path / "one" / "corpus", tmp_path / "two" / "corpus"
    shutil.copytree(CORPUS, first)
    shutil.copytree(CORPUS, second)

    def run(folder: Path) -> tuple[list[tuple], ResultCache]:
        validator = Validator(resources.schema_rng(), resources.schema_sch())
        validator.cache = ResultCache(tmp_path / "cache", validator)
        report = validate_paths([folder], validator)
        found = sorted((Path(d.file).name, d.line or 0, d.code, d.message) for d in report.diagnostics)
        return found, validator.cache

    found_one, cache_one = run(first)
    assert cache_one.hits == 0 and cache_one.misses > 0
    stored = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert stored and all(name.startswith("shard-") for name in stored)  # a few shards, not a file per letter
    assert len([n for n in stored if n.endswith(".sqlite")]) <= engine.SHARDS
    found_two, cache_two = run(second)
    assert cache_two.misses == 0 and cache_two.hits == cache_one.misses and found_two == found_one
    persons = second / "persons.xml"
    persons.write_text(persons.read_text(encoding="utf-8").replace("</listPerson>", "</listPerson>\n"),
                       encoding="utf-8")
    _, cache_three = run(second)
    assert cache_three.misses > 0
