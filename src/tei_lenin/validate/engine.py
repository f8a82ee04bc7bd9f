"""The validation service: well-formedness, then RelaxNG, then the rules; schema and rules compiled once.

``Validator`` holds the compiled RelaxNG schema and Schematron rules; :func:`validate_paths` expands files and
folders, validates each file (optionally in forked workers, after compiling) and returns a :class:`Report`.

- Limits: each file gets ``timeout`` seconds (SIGALRM: interrupts Python-level work such as the rules; a
  long libxml2 call is reported when it returns), and :func:`compile_with_limit` bounds schema compilation
  (SIGALRM; a schema compile is first tried in a forked child, ended when its time is up).
- ``cache``: a :class:`ResultCache` keyed by content (file bytes and location, schema, rules, parameters,
  tool version, limits) that also records the other files a result depended on (persons.xml, taxonomy.xml,
  neighbouring letters for doc-available()), so a change to any of them invalidates the entry.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import multiprocessing
import os
import signal
import sqlite3
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from lxml import etree

from tei_lenin import __version__
from tei_lenin.diagnostics import CODES, UNREADABLE, Diagnostic, Severity
from tei_lenin.errors import SchemaError, TimeLimit
from tei_lenin.exits import deferred_signals, start_worker
from tei_lenin.validate import saxon
from tei_lenin.validate.models import PROLOG_SCAN, Model, models_in_bytes, models_in_tree
from tei_lenin.validate.project import ProjectScreen, is_project_rules, project_resolvers
from tei_lenin.validate.relaxng import RelaxNGValidator
from tei_lenin.validate.saxon import SaxonSchematron
from tei_lenin.validate.schematron import Schematron, uri_to_path
from tei_lenin.validate.xmlsafe import MAX_BYTES, ParseResult, parse_bytes, parse_file, read_file

DEFAULT_MAX_PER_FILE = 20
DEFAULT_TIMEOUT = 30.0
DEFAULT_COMPILE_TIMEOUT = 120.0
#: Code of the per-file time limit finding.
TIMEOUT_CODE = "TL-I008"
TEI = "http://www.tei-c.org/ns/1.0"
_PREFETCH = 64
T = TypeVar("T")


_LIMIT = [0.0]  # the seconds of the time limit running now (read by the SIGALRM handler)


def _on_alarm(signum: int, frame: Any) -> None:
    raise TimeLimit(f"took longer than {_LIMIT[0]:g} s")


def _alarms_possible() -> bool:
    """SIGALRM time limits work here: a POSIX timer, and the main thread (signals are delivered there)."""
    return threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`TimeLimit` in the main thread after ``seconds`` (no-op elsewhere or when ``None``/0).

    The SIGALRM handler is installed for the call, unless :func:`alarm_handler` already holds it installed
    for a whole run (two system calls per file fewer)."""
    if not seconds or not _alarms_possible():
        yield
        return
    previous = signal.getsignal(signal.SIGALRM)
    if previous is not _on_alarm:
        signal.signal(signal.SIGALRM, _on_alarm)
    outer, _LIMIT[0] = _LIMIT[0], seconds
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        _LIMIT[0] = outer
        if previous is not _on_alarm:
            signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def alarm_handler() -> Iterator[None]:
    """Keep the time limit's SIGALRM handler installed while validating many files (main thread only)."""
    if not _alarms_possible():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    try:
        yield
    finally:
        signal.signal(signal.SIGALRM, previous)


def compile_with_limit(what: str, build: Callable[[], T], seconds: float | None, *, hard: bool = True) -> T:
    """``build()`` within ``seconds``, else :class:`SchemaError`.

    libxml2 holds the GIL while it compiles a RelaxNG schema, so no signal can stop it in this process. With
    ``hard`` the compile is first tried in a forked child, ended when the time is up: the run then stops
    with a clean error (exit status 2) instead of hanging; when the child finishes in time, the schema is
    compiled here (the pruned grammars of :mod:`~tei_lenin.validate.rng_simplify` take hundredths of a
    second, so the second compile costs little)."""
    if not seconds:
        return build()
    failure = SchemaError(f"{what}: did not compile within {seconds:g} s; use a smaller schema (e.g. the "
                          "project's schema/tei-lenin.rng) or raise --compile-timeout")
    if hard and hasattr(os, "fork"):
        if not _finishes_in_child(build, seconds):
            raise failure
        return build()
    try:
        with time_limit(seconds):
            return build()
    except TimeLimit as err:
        raise failure from err


def _finishes_in_child(build: Callable[[], object], seconds: float) -> bool:
    """Whether ``build()`` ends (with a result or an error) within ``seconds`` in a forked child."""
    try:
        pid = os.fork()
    except OSError:
        return True  # cannot try it apart: compile here, without a hard limit
    if pid == 0:  # the child: nothing it does may reach the parent's files or exit handlers
        code = 0
        try:
            build()
        except BaseException:  # noqa: BLE001 - the parent compiles again and reports the error itself
            code = 1
        os._exit(code)
    deadline, pause = time.monotonic() + seconds, 0.001
    try:
        while time.monotonic() < deadline:
            if os.waitpid(pid, os.WNOHANG)[0]:
                return True
            time.sleep(pause)
            pause = min(pause * 2, 0.05)
        return False
    finally:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


@dataclass(slots=True)
class FileResult:
    """Findings of one file: those shown, and counts by severity of all of them (shown or not)."""

    file: str
    diagnostics: list[Diagnostic]
    counts: dict[str, int] = field(default_factory=dict)
    io_failure: bool = False
    #: What the file was checked against ("schema/tei-lenin.rng + schema/tei-lenin.sch"; "" if unread).
    checked: str = ""


@dataclass(slots=True)
class Report:
    """The outcome of a run: per-file results in input order, helpers for renderers and the exit status."""

    files: list[FileResult]

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Every shown finding, sorted by (file, line, column, code)."""
        return sorted((d for f in self.files for d in f.diagnostics), key=Diagnostic.sort_key)

    def count(self, severity: Severity) -> int:
        return sum(f.counts.get(severity.value, 0) for f in self.files)

    @property
    def suppressed(self) -> int:
        return sum(sum(f.counts.values()) - sum(1 for d in f.diagnostics if d.code != "TL-I007")
                   for f in self.files)

    @property
    def exit_status(self) -> int:
        """0 = no errors, 1 = errors, 2 = unreadable input (missing, empty, binary, not XML); never a count."""
        if any(f.io_failure for f in self.files):
            return 2
        return 1 if self.count(Severity.ERROR) else 0


KINDS = ("relaxng", "schematron")


@dataclass(slots=True)
class Checks:
    """What one file is checked against: compiled schema and rules, findings about them, and a label."""

    relaxng: RelaxNGValidator | None
    rules: Schematron | None
    findings: list[Diagnostic]
    label: str
    salt: bytes = b""  # the content of the schema and rules a file's models chose (for the result cache)
    embedded: Schematron | None = None  # the rules embedded in the RelaxNG schema (--embedded-rules)


class Validator:
    """Everything compiled once per run: the RelaxNG schema and the Schematron rules.

    ``schema`` and ``rules`` given (either): every file is checked against them (a missing one: none).
    Neither given and ``follow_models``: each file is checked against what its ``<?xml-model?>`` instructions
    name (:mod:`tei_lenin.validate.models`), each schema compiled once; ``use_schema``/``use_rules`` turn a
    kind off; a file that names none gets a warning (TL-I010), a model that cannot be used an error (TL-I011).
    """

    def __init__(self, schema: Path | None = None, rules: Path | None = None, *,
                 persons: Path | None = None, taxonomy: Path | None = None,
                 max_per_file: int = DEFAULT_MAX_PER_FILE, max_bytes: int = MAX_BYTES,
                 force_elementpath: bool = False, screen: bool = True, timeout: float | None = None,
                 compile_timeout: float | None = None, hard_compile_limit: bool = False,
                 follow_models: bool = False, use_schema: bool = True, use_rules: bool = True,
                 fallback: tuple[Path | None, Path | None] | None = None,
                 vocabulary: Iterable[str] | None = None, embedded_rules: bool = False,
                 rules_engine: str = "python") -> None:
        #: The arguments, to build the same validator elsewhere (a Dask worker: :mod:`.distributed`).
        self.settings: dict[str, Any] = {k: v for k, v in locals().items() if k not in ("self", "__class__")}
        #: Brings a missing file into place if it can (a remote corpus's mirror, :mod:`.remote`).
        self.fetch: Callable[[Path], bool] | None = None
        #: Names to report instead of paths (a remote corpus's mirrored files: their URLs).
        self.names: dict[Path, str] = {}
        self.schema_path, self.rules_path = schema, rules
        #: Element names the input uses: RelaxNG grammars are pruned to them (None: compiled whole).
        self.vocabulary = frozenset(vocabulary) if vocabulary is not None else None
        self.follow_models = follow_models and schema is None and rules is None
        self.use = {"relaxng": use_schema, "schematron": use_rules}
        #: What a file that names no model is checked against (the project's schema and rules, for the
        #: project's own corpus), as (schema, rules); None: nothing (TL-I010).
        self.fallback = fallback
        self.compile_timeout, self.hard_compile_limit = compile_timeout, hard_compile_limit
        #: "python" (ours), "saxon" (SchXslt2 on SaxonC, :mod:`~tei_lenin.validate.saxon`) or "auto" (Saxon
        #: where installed, for rules of other projects that read no other document).
        self.rules_engine = rules_engine
        self.force_elementpath, self.screen = force_elementpath, screen
        params = {k: v for k, v in (("persons", persons), ("taxonomy", taxonomy)) if v is not None}
        self.parameters = params
        self._prefetch: OrderedDict[Path, ParseResult] = OrderedDict()
        #: Schemas and rules named by files' models: compiled, or the error that prevents it.
        self._compiled: dict[tuple[str, Path], RelaxNGValidator | Schematron | SchemaError] = {}
        self._digests: dict[Path, bytes] = {}
        self.relaxng = self._compile_relaxng(schema, hard_compile_limit) if schema is not None else None
        self.rules = self._compile_rules(rules) if rules is not None else None
        #: Also run the Schematron embedded in each RelaxNG schema (as ODD processors write it; oXygen runs it).
        self.embedded_rules = embedded_rules and use_rules
        self.embedded = self._compile_rules(schema) if self.embedded_rules and schema is not None else None
        self.max_per_file = max_per_file
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.cache: ResultCache | None = None

    def _compile_relaxng(self, schema: Path, hard: bool) -> RelaxNGValidator:
        return compile_with_limit(f"{schema}", lambda: RelaxNGValidator(schema, self.vocabulary),
                                  self.compile_timeout, hard=hard)

    def display(self, path: Path) -> str:
        """The name a file is reported under."""
        return self.names.get(path) or display_name(path)

    def _fetch(self, path: Path) -> bool:
        return self.fetch is not None and self.fetch(path)

    def _compile_rules(self, rules: Path) -> Schematron | SaxonSchematron:
        compiled = self._compile_rule_set(rules)
        if isinstance(compiled, Schematron):
            compiled.cache.fetch = self._fetch
        return compiled

    def _compile_rule_set(self, rules: Path) -> Schematron | SaxonSchematron:
        project = is_project_rules(rules)
        if self.rules_engine == "saxon" or self.rules_engine == "auto" and not project and saxon.available() \
                and saxon.suitable(rules):
            if not saxon.available():
                raise SchemaError("the saxon rules engine needs saxonche: pip install 'tei-lenin[saxon]'")
            if not saxon.suitable(rules):
                raise SchemaError(f"{rules}: these rules read other documents (doc(), collection() …), which the "
                                  "saxon engine does not track; use --rules-engine python")
            return compile_with_limit(f"{rules}", lambda: SaxonSchematron(rules), self.compile_timeout, hard=False)
        compiled = compile_with_limit(f"{rules}", lambda: Schematron(
            rules, parameters=self.parameters, force_elementpath=self.force_elementpath, screen=self.screen,
            lazy_xpath2=project, loader=self._load), self.compile_timeout, hard=False)
        if not self.force_elementpath and project:
            compiled.resolvers.update(project_resolvers(compiled))
            if self.screen:
                compiled.prescreen = ProjectScreen(compiled)
        return compiled

    def checks_for(self, models: list[Model], folder: Path, shown: str) -> Checks:
        """The checks a file's models ask for (``folder``: where the file is, for relative ``href``)."""
        if not self.follow_models:
            return Checks(self.relaxng, self.rules, [],
                          self._label(self.schema_path, self.rules_path, self.embedded is not None),
                          embedded=self.embedded)
        chosen: dict[str, tuple[Path, RelaxNGValidator | Schematron]] = {}
        found: list[Diagnostic] = []
        if not models and self.fallback is not None:
            models = [Model(p.as_uri(), kind, "the project's") for p, kind in zip(self.fallback, KINDS, strict=True)
                      if p is not None]
        for m in models:
            if m.kind == "other":
                found.append(_model_finding(shown, f'xml-model names "{m.href}" as {m.described}: only RelaxNG '
                                                   "(XML syntax) and ISO Schematron are supported; not checked"))
                continue
            if not self.use[m.kind] or m.kind in chosen:
                continue
            path = m.path(folder)
            if path is None:
                found.append(_model_finding(shown, f'xml-model names the remote schema "{m.href}", which is never '
                                                   "fetched (no network); give a local copy with --schema or "
                                                   "--rules"))
                continue
            compiled = self._compiled_model(m.kind, path)
            if isinstance(compiled, SchemaError):
                found.append(_model_finding(shown, f'xml-model "{m.href}": {compiled}'))
                continue
            chosen[m.kind] = (_resolved(path), compiled)
        relaxng = chosen.get("relaxng")
        rules = chosen.get("schematron")
        embedded = None
        if self.embedded_rules and relaxng is not None:
            compiled = self._compiled_model("embedded", relaxng[0])
            if isinstance(compiled, SchemaError):
                found.append(_model_finding(shown, f"--embedded-rules: {compiled}"))
            else:
                embedded = compiled
        if not models and (self.use["relaxng"] or self.use["schematron"]):
            found.append(Diagnostic("TL-I010", CODES["TL-I010"].severity,
                                    "no schema or rules apply: the file has no <?xml-model?> instruction and none "
                                    "were given (--schema, --rules); only well-formedness was checked", shown))
        salt = hashlib.sha256(b"embedded\0" if embedded is not None else b"")
        for kind, (path, _) in sorted(chosen.items()):
            salt.update(f"{kind}\0".encode())  # the content, not where it is: staged copies share entries
            salt.update(self._digest(path))
        return Checks(relaxng[1] if relaxng else None, rules[1] if rules else None,  # type: ignore[arg-type]
                      found, self._label(relaxng[0] if relaxng else None, rules[0] if rules else None,
                                         embedded is not None),
                      salt.digest(), embedded)  # type: ignore[arg-type]

    @property
    def fork_safe(self) -> bool:
        """Whether the compiled rules may be used in forked workers (SaxonC's may not)."""
        compiled = [self.rules, self.embedded, *self._compiled.values()]
        return all(getattr(c, "fork_safe", True) for c in compiled)

    def _digest(self, path: Path) -> bytes:
        """The content hash of a schema or rules file, once per run."""
        if path not in self._digests:
            try:
                self._digests[path] = hashlib.sha256(path.read_bytes()).digest()
            except OSError:
                self._digests[path] = b"-"
        return self._digests[path]

    def _compiled_model(self, kind: str, path: Path) -> RelaxNGValidator | Schematron | SchemaError:
        """A model's schema (``relaxng``), rules (``schematron``) or rules embedded in a schema
        (``embedded``), compiled once; or why it cannot be."""
        key = (kind, _resolved(path))
        if key not in self._compiled:
            try:
                if not key[1].is_file() and not self._fetch(key[1]):
                    raise SchemaError(f"no such file ({key[1]})")
                self._compiled[key] = (self._compile_relaxng(key[1], self.hard_compile_limit) if kind == "relaxng"
                                       else self._compile_rules(key[1]))
            except SchemaError as err:
                self._compiled[key] = err
        return self._compiled[key]

    def prepare(self, files: Sequence[Path]) -> None:
        """Compile now every schema and rule set the files' models name (before forking workers)."""
        if not self.follow_models:
            return
        for path in files:
            with contextlib.suppress(OSError):
                with open(path, "rb") as handle:
                    head = handle.read(PROLOG_SCAN)
                folder = _resolved(path).parent
                for m in models_in_bytes(head):
                    target = m.path(folder) if m.kind in self.use and self.use[m.kind] else None
                    if target is not None:
                        self._compiled_model(m.kind, target)

    @staticmethod
    def _label(schema: Path | None, rules: Path | None, embedded: bool = False) -> str:
        names = [display_name(p) for p in (schema, rules) if p is not None]
        if embedded and schema is not None:
            names.insert(1, "its embedded rules")
        return " + ".join(names) if names else "well-formedness only"

    def _load(self, path: Path) -> etree._ElementTree | None:
        """The rules' loader (doc(), doc-available()): keeps the parse for a moment, since a letter's next
        letter is usually validated right after it is looked up."""
        parsed = parse_file(path, base_url=path.as_uri() if path.is_absolute() else None)  # no resolve() again
        self._prefetch[path] = parsed
        while len(self._prefetch) > _PREFETCH:
            self._prefetch.popitem(last=False)
        return parsed.tree

    def _parse(self, path: Path, resolved: Path, shown: str, data: bytes | None = None) -> ParseResult:
        if self.max_bytes == MAX_BYTES:
            early = self._prefetch.pop(resolved, None)
            if early is not None:
                return ParseResult(early.tree, [_renamed(d, shown) for d in early.diagnostics], early.io_failure)
        if data is not None:
            return parse_bytes(data, shown, base_url=resolved.as_uri())
        return parse_file(path, shown, self.max_bytes, base_url=resolved.as_uri())

    def check_file(self, path: Path, name: str | None = None, data: bytes | None = None) -> FileResult:
        """All findings of one file (capped for display); a file over the time limit gets a finding. With
        ``data``, those bytes are checked as if they were the file at ``path`` (which need not exist)."""
        shown = name or str(path)
        try:
            with time_limit(self.timeout):
                found, io_failure, label = self.findings_and_checks(path, shown, data)
                result = self._cap(shown, found, io_failure)
                result.checked = label
                return result
        except TimeLimit as err:
            message = (f"validation stopped: it {err} (--timeout {self.timeout:g}); the file was not fully "
                       "checked")
            return self._cap(shown, [Diagnostic(TIMEOUT_CODE, CODES[TIMEOUT_CODE].severity, message, shown)], False)

    def findings(self, path: Path, shown: str) -> tuple[list[Diagnostic], bool]:
        """Every finding of one file (not capped) and whether it could not be read."""
        found, io_failure, _ = self.findings_and_checks(path, shown)
        return found, io_failure

    def findings_and_checks(self, path: Path, shown: str,
                            data: bytes | None = None) -> tuple[list[Diagnostic], bool, str]:
        """Every finding of one file (or of ``data`` as if at ``path``), whether it could not be read, and what
        it was checked against."""
        resolved = _resolved(path)
        uri = resolved.as_uri()
        key = ""
        checks: Checks | None = None
        if self.cache is not None:
            if data is None:
                read = read_file(path, shown, self.max_bytes)
                if isinstance(read, ParseResult):
                    return list(read.diagnostics), read.io_failure, ""
                data = read
            if self.follow_models:
                checks = self.checks_for(models_in_bytes(data), resolved.parent, shown)
            key = self.cache.key(uri, data, checks.salt if checks else b"")
            hit = self.cache.get(key, shown, uri)
            if hit is not None:
                return (*hit, checks.label if checks else self._label(self.schema_path, self.rules_path))
        parsed = self._parse(path, resolved, shown, data)
        found = list(parsed.diagnostics)
        if parsed.tree is None:
            checks = Checks(None, None, [], "")
        elif checks is None:
            checks = self.checks_for(models_in_tree(parsed.tree) if self.follow_models else [], resolved.parent,
                                     shown)
        rules = checks.rules
        if rules is not None and self.max_bytes == MAX_BYTES and not parsed.io_failure:
            rules.cache.note_parsed(uri, parsed.tree is not None)
        touched: set[str] = set()
        if parsed.tree is not None:
            found.extend(checks.findings)
            if checks.relaxng is not None:
                found.extend(checks.relaxng.validate(parsed.tree, shown))
            for rule_set in (rules, checks.embedded):
                if rule_set is None:
                    continue
                rule_set.cache.touched = touched if self.cache is not None else None
                try:
                    found.extend(rule_set.validate(parsed.tree, shown, uri))
                finally:
                    rule_set.cache.touched = None
        if self.cache is not None:
            self.cache.put(key, found, parsed.io_failure, touched - {uri}, uri)
        return found, parsed.io_failure, checks.label

    def _cap(self, name: str, found: list[Diagnostic], io_failure: bool) -> FileResult:
        io_failure = io_failure or any(d.code in UNREADABLE for d in found)
        found.sort(key=Diagnostic.sort_key)
        counts = Counter(d.severity.value for d in found)
        if self.max_per_file and len(found) > self.max_per_file:
            rest = found[self.max_per_file:]
            found = found[:self.max_per_file]
            by = Counter(d.severity.value for d in rest)
            detail = ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in sorted(by.items()))
            found.append(Diagnostic("TL-I007", CODES["TL-I007"].severity,
                                    f"{len(rest)} more findings not shown ({detail}); "
                                    "raise --max-per-file to see them", name))
        return FileResult(name, found, dict(counts), io_failure)


#: Signals that would leave a cache entry's temporary file behind: Ctrl-C, a terminated worker, a time limit.
COMMIT_EVERY = 256  # cache entries per transaction
SHARDS = 16  # cache files: enough to spread the writers of a cluster, few enough to keep open
_HELD_WHILE_WRITING = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGALRM") if hasattr(signal, name))


class ResultCache:
    """Findings by content hash, in :data:`SHARDS` SQLite files under ``directory`` (``shard-XX.sqlite``: any
    number of processes and machines on one file system read and write them at once; an interrupted write is
    rolled back, never half there).

    The key also covers the schema, the rules, explicit persons/taxonomy files, the size limit, which checks
    run and the tool version; an entry further lists the files its rules looked at (doc(), doc-available())
    with their content hashes, and is used only while those are unchanged (or still missing).
    """

    def __init__(self, directory: Path, validator: Validator) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        salt = hashlib.sha256(f"tei-lenin {__version__}\0{validator.max_bytes}\0"
                              f"{validator.embedded_rules}\0".encode())
        for label, file in (("schema", validator.schema_path), ("rules", validator.rules_path),
                            *sorted(validator.parameters.items())):
            salt.update(f"{label}\0".encode())
            salt.update(file.read_bytes() if file is not None else b"-")
            salt.update(b"\0")
        self.salt = salt.digest()
        self._fingerprints: dict[str, str | None] = {}
        self.hits = self.misses = 0
        self._shards: dict[int, sqlite3.Connection] = {}
        self._inherited: list[dict[int, sqlite3.Connection]] = []
        self._pending: list[tuple[str, str]] = []
        self._pid = os.getpid()

    def _shard(self, index: int) -> sqlite3.Connection:
        """The open database of shard ``index`` (connections are per process: never used across fork)."""
        if self._pid != os.getpid():  # a forked child: keep the parent's handles alive but unused
            self._inherited.append(self._shards)
            self._shards, self._pid = {}, os.getpid()
        db = self._shards.get(index)
        if db is None:
            with deferred_signals(*_HELD_WHILE_WRITING):  # the shard is set up whole, or not touched
                db = sqlite3.connect(self.directory / f"shard-{index:02x}.sqlite", timeout=60,
                                     isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, entry TEXT NOT NULL)")
            self._shards[index] = db
        return db

    def key(self, uri: str, data: bytes, checks: bytes = b"") -> str:
        """The entry of a file's bytes, checked against what ``checks`` (a digest) identifies. Keyed by content
        and the file's name, not its folder: the same letter staged elsewhere (another worker, another
        machine) is the same entry; the documents its rules read are compared relative to it (:meth:`get`)."""
        self._fingerprints[uri] = hashlib.sha256(data).hexdigest()
        name = uri.rsplit("/", 1)[-1]
        return hashlib.sha256(self.salt + checks + name.encode() + b"\0" + data).hexdigest()

    def fingerprint(self, uri: str) -> str | None:
        """Content hash of the file at ``uri`` (``None``: missing or unreadable), once per run."""
        if uri not in self._fingerprints:
            path = uri_to_path(uri)
            try:
                self._fingerprints[uri] = hashlib.sha256(path.read_bytes()).hexdigest() if path else None
            except OSError:
                self._fingerprints[uri] = None
        return self._fingerprints[uri]

    def get(self, key: str, file: str, uri: str) -> tuple[list[Diagnostic], bool] | None:
        """The findings stored under ``key`` for the file at ``uri``, if the documents they depended on (found
        relative to ``uri``) are unchanged."""
        try:
            row = self._shard(_shard_of(key)).execute("SELECT entry FROM entries WHERE key = ?", (key,)).fetchone()
            if row is None:
                self.misses += 1
                return None
            entry = json.loads(row[0])
            if any(self.fingerprint(_absolute(dep, uri)) != fp for dep, fp in entry["deps"].items()):
                self.misses += 1
                return None
            found = [Diagnostic(c, Severity(sev), m, file, line, col, hint)
                     for c, sev, m, line, col, hint in entry["found"]]
        except (OSError, ValueError, KeyError, TypeError, sqlite3.Error):
            self.misses += 1
            return None
        self.hits += 1
        return found, bool(entry["io"])

    def put(self, key: str, found: list[Diagnostic], io_failure: bool, deps: set[str], uri: str) -> None:
        """Store the findings of the file at ``uri`` with the content hashes of the documents they read."""
        entry = {"deps": {_relative(dep, uri): self.fingerprint(dep) for dep in sorted(deps)}, "io": io_failure,
                 "found": [[d.code, d.severity.value, d.message, d.line, d.column, d.hint] for d in found]}
        if self._pid != os.getpid():
            self._pending = []
        self._pending.append((key, json.dumps(entry, ensure_ascii=False)))
        if len(self._pending) >= COMMIT_EVERY:
            self.flush()

    def flush(self) -> None:
        """Write what :meth:`put` collected (every :data:`COMMIT_EVERY` entries, and at the end of a batch), one
        short transaction per shard, so that other processes' writers wait only a moment; an interrupted run
        loses the entries not yet written, never leaves one half-written."""
        pending, self._pending = self._pending, []
        by_shard: dict[int, list[tuple[str, str]]] = {}
        for key, entry in pending:
            by_shard.setdefault(_shard_of(key), []).append((key, entry))
        for index, rows in by_shard.items():
            db: sqlite3.Connection | None = None
            try:
                with deferred_signals(*_HELD_WHILE_WRITING):
                    db = self._shard(index)
                    db.execute("BEGIN IMMEDIATE")
                    db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?)", rows)
                    db.execute("COMMIT")
            except sqlite3.Error:  # a cache that cannot be written (read-only, full disk) costs only time
                with contextlib.suppress(sqlite3.Error):
                    if db is not None and db.in_transaction:
                        db.execute("ROLLBACK")


def _shard_of(key: str) -> int:
    """The cache shard an entry's key falls in."""
    return int(key[:4], 16) % SHARDS


def _relative(dep: str, uri: str) -> str:
    """A dependency's URI as a path relative to the folder of the file at ``uri`` (kept whole if not a file)."""
    dep_path, file_path = uri_to_path(dep), uri_to_path(uri)
    if dep_path is None or file_path is None:
        return dep
    return Path(os.path.relpath(dep_path, file_path.parent)).as_posix()


def _absolute(dep: str, uri: str) -> str:
    """The URI of a dependency stored by :func:`_relative`, for the file now at ``uri``."""
    file_path = uri_to_path(uri)
    if "://" in dep or file_path is None:
        return dep
    return Path(os.path.normpath(file_path.parent / dep)).as_uri()


def _model_finding(file: str, message: str) -> Diagnostic:
    return Diagnostic("TL-I011", CODES["TL-I011"].severity, message, file)


def _renamed(d: Diagnostic, file: str) -> Diagnostic:
    return d if d.file == file else Diagnostic(d.code, d.severity, d.message, file, d.line, d.column, d.hint)


def expand_paths(paths: Iterable[Path], empty: list[Path] | None = None) -> list[Path]:
    """Files as given, folders searched recursively for ``*.xml`` (sorted); missing paths kept (TL-I001).

    Folders without any ``.xml`` file are appended to ``empty`` when given."""
    out: list[Path] = []
    seen: set[Path] = set()
    for p in paths:
        folder = p.is_dir()
        items = _xml_files(p) if folder else [p]
        if folder and not items and empty is not None:
            empty.append(p)
        for q in items:
            if q not in seen:
                seen.add(q)
                out.append(q)
    return out


def _xml_files(folder: Path) -> list[Path]:
    """``sorted(q for q in folder.rglob("*.xml") if not q.is_dir())``, from the directory entries alone:
    no stat per file, which costs seconds on 50,000 files (symlinked folders are not followed either way)."""
    found: list[tuple[tuple[str, ...], str]] = []
    top = str(folder)
    for dirpath, _dirnames, filenames in os.walk(top):
        below = tuple(Path(dirpath).relative_to(folder).parts)
        found.extend((below + (name,), os.path.join(dirpath, name)) for name in filenames if name.endswith(".xml"))
    found.sort()
    return [Path(full) for _, full in found]


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


#: Below this many files one process is quicker than starting workers.
MIN_FILES_PER_FORK = 24


_WORKER: Validator | None = None


def display_name(path: Path) -> str:
    """The path relative to the working directory when it lies below it, else as given."""
    if not path.is_absolute():
        return str(path)
    try:
        return str(_resolved(path).relative_to(_resolved(Path.cwd())))
    except ValueError:
        return str(path)


_FOLDERS: dict[Path, Path] = {}


def _resolved(path: Path) -> Path:
    """``path.resolve()`` with each folder resolved once per run (a corpus has few folders, many files)."""
    if path.is_symlink() or path.name in ("", ".", ".."):
        return path.resolve()
    parent = path.parent if path.is_absolute() else Path.cwd() / path.parent
    folder = _FOLDERS.get(parent)
    if folder is None:
        if len(_FOLDERS) > 10_000:
            _FOLDERS.clear()
        folder = _FOLDERS[parent] = parent.resolve()
    return folder / path.name


def _work(paths: list[Path]) -> list[FileResult]:
    assert _WORKER is not None
    with alarm_handler():
        results = [_WORKER.check_file(path, _WORKER.display(path)) for path in paths]
    if _WORKER.cache is not None:
        _WORKER.cache.flush()  # a worker ends without running exit handlers
    return results


def validate_paths(paths: Sequence[Path], validator: Validator, jobs: int = 1,
                   progress: Callable[[int, int], None] | None = None) -> Report:
    """Validate files and folders (folders searched as :func:`expand_paths` does); see :func:`validate_files`."""
    return validate_files(expand_paths(paths), validator, jobs, progress)


def validate_files(files: Sequence[Path], validator: Validator, jobs: int = 1,
                   progress: Callable[[int, int], None] | None = None,
                   on_result: Callable[[FileResult], None] | None = None) -> Report:
    """Validate these files; with ``jobs > 1`` fork workers that inherit the compiled validator.

    ``progress(done, total)`` and ``on_result(result)`` are called after each file (in the parent, in input
    order). On Ctrl-C the
    ``KeyboardInterrupt`` reaches the caller after the workers (which ignore SIGINT) are terminated."""
    total = len(files)
    results: list[FileResult] = []
    if jobs > 1 and total >= MIN_FILES_PER_FORK:
        validator.prepare(files)  # the workers inherit what the files' models name, compiled once
        if not validator.fork_safe:
            jobs = 1  # SaxonC does not survive fork(); it is fast enough in one process

    def collect(found: Iterable[FileResult]) -> None:
        for result in found:
            results.append(result)
            if on_result is not None:
                on_result(result)
            if progress is not None:
                progress(len(results), total)

    if jobs > 1 and total >= MIN_FILES_PER_FORK and "fork" in multiprocessing.get_all_start_methods():
        global _WORKER
        _WORKER = validator
        try:
            gc.freeze()  # the workers share the parent's objects; a collection would copy their pages
            with contextlib.ExitStack() as stack:
                with deferred_signals(signal.SIGINT):  # no worker may start before it ignores Ctrl-C
                    pool = stack.enter_context(multiprocessing.get_context("fork").Pool(
                        jobs, initializer=start_worker))
                size = max(1, min(64, total // (jobs * 8)))
                batches = [list(files[i:i + size]) for i in range(0, total, size)]
                collect(result for batch in pool.imap(_work, batches) for result in batch)
        finally:
            _WORKER = None
            gc.unfreeze()
    else:
        with alarm_handler():
            try:
                collect(validator.check_file(f, validator.display(f)) for f in files)
            finally:
                if validator.cache is not None:
                    validator.cache.flush()
    return Report(results)


