"""A small ISO Schematron engine (queryBinding ``xslt2``) that evaluates rules directly on lxml trees.

- The ``.sch`` is parsed once; every XPath is compiled once. An expression that XPath 1.0 can evaluate
  (lxml compiles it and it calls only XPath 1.0 functions or ``key()``) runs through lxml's compiled
  :class:`etree.XPath` (fast); any other (``castable as``, ``if``, ``tokenize()``, ``doc()``…) through
  elementpath (XPath 3.1) on the same lxml tree, so every finding keeps its line number.
  ``force_elementpath=True`` evaluates everything with elementpath (used by the tests to prove both agree).
- Supported: ``sch:ns``, schema-level ``sch:let`` (evaluated once per document; overridable as parameters,
  e.g. ``persons`` → an explicitly given personography), ``xsl:key`` and the XSLT ``key()`` function
  (2- and 3-argument forms; an index is built once per tree and key), patterns with rules, rule-level
  ``sch:let``, ``sch:assert``/``sch:report`` with ``@id`` (the code), ``@role`` (error, warning, info),
  ``sch:value-of`` and ``sch:name`` in messages, and first-matching-rule-wins within a pattern.
- ``doc()``/``doc-available()`` read through a per-run cache using the safe parser: a file such as
  ``persons.xml`` is parsed once per run however many documents point at it.
- Not supported: abstract patterns and rules, ``sch:include``, phases, ``sch:diagnostics``, attribute contexts
  (contexts must select elements), ``current()``: write a ``sch:let`` instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urljoin, urlparse

from lxml import etree

from tei_lenin.diagnostics import Diagnostic, Severity
from tei_lenin.errors import SchemaError, TimeLimit
from tei_lenin.validate.downgrade import as_xpath1
from tei_lenin.validate.embedded import schematron_root
from tei_lenin.validate.sch_expand import expand
from tei_lenin.validate.xpath31 import CODEPOINT_COLLATION, parser_class, xml_regex_whitespace

if TYPE_CHECKING:  # elementpath is imported only when an expression needs XPath 2 (about 150 ms)
    from elementpath import XPathContext
    from elementpath.xpath_nodes import DocumentNode, XPathNode

SCH = "http://purl.oclc.org/dsdl/schematron"
XSL = "http://www.w3.org/1999/XSL/Transform"
XML_NS = "http://www.w3.org/XML/1998/namespace"
BASE_URI_VAR = "tei-lenin.base-uri"  # stands for base-uri(/) in screens (one Python call less per use)
_S = f"{{{SCH}}}"

#: Functions of XPath 1.0 (plus XSLT's ``key``, provided by the engine for both evaluators).
XPATH1_FUNCTIONS = frozenset([
    "last", "position", "count", "id", "local-name", "namespace-uri", "name", "string", "concat",
    "starts-with", "contains", "substring-before", "substring-after", "substring", "string-length",
    "normalize-space", "translate", "boolean", "not", "true", "false", "lang", "number", "sum",
    "floor", "ceiling", "round", "key",
])
#: XPath 2 / XSLT functions the engine also provides to lxml, with the same results as elementpath's.
ENGINE_FUNCTIONS = frozenset(["doc-available", "resolve-uri", "base-uri", "current"])
_NODE_TESTS = frozenset({"node", "text", "comment", "processing-instruction", "and", "or", "div", "mod"})
_CALL = re.compile(r"(?<![\w$@.:-])([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)\s*\(")
_STRINGS = re.compile(r"'[^']*'|\"[^\"]*\"")


def needs_xpath2(expr: str) -> bool:
    """True when ``expr`` is not XPath 1.0 (syntax lxml rejects, or a function XPath 1.0 lacks)."""
    bare = _STRINGS.sub("''", expr)
    for name in _CALL.findall(bare):
        if name not in XPATH1_FUNCTIONS and name not in _NODE_TESTS and name not in ENGINE_FUNCTIONS:
            return True
    try:
        etree.XPath(expr)
    except etree.XPathSyntaxError:
        return True
    return False


def _top_level(pattern: str, char: str) -> list[int]:
    """Positions of ``char`` outside brackets, parentheses and string literals."""
    found, depth, quote = [], 0, ""
    for i, ch in enumerate(pattern):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
        elif ch == char and depth == 0:
            found.append(i)
    return found


def split_union(pattern: str) -> list[str]:
    """Split a match pattern on top-level ``|``."""
    cuts = [-1, *_top_level(pattern, "|"), len(pattern)]
    parts = [pattern[a + 1:b].strip() for a, b in zip(cuts, cuts[1:], strict=False)]
    return [p for p in parts if p]


def context_to_xpath(pattern: str) -> str:
    """An XSLT match pattern as an expression selecting every matching node of a document."""
    out = []
    for part in split_union(pattern):
        if part.startswith("/"):
            out.append(part)
        else:
            out.append("//" + part)
    return " | ".join(out)


_PLAIN_RELATIVE = re.compile(r"[^/?#:\s][^?#:\s]*\Z")
_POSITIONAL = re.compile(r"\b(?:position|last|current)\s*\(")
_SCALAR_FUNCTIONS = frozenset([
    "string", "concat", "substring", "substring-before", "substring-after", "normalize-space", "translate",
    "number", "count", "string-length", "sum", "floor", "ceiling", "round", "boolean", "not", "true", "false",
    "starts-with", "contains", "name", "local-name", "namespace-uri", "lang",
])


def _var_refs(source: str) -> list[tuple[int, int, str, int]]:
    """``(start, end, name, predicate depth)`` of every ``$name`` outside string literals."""
    out = []
    depth, i, quote = 0, 0, ""
    while i < len(source):
        ch = source[i]
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif ch == "$":
            m = _VAR.match(source, i)
            if m:
                out.append((i, m.end(), m.group(1), depth))
                i = m.end()
                continue
        i += 1
    return out


def _closing(source: str, open_at: int, pair: str = "()") -> int:
    """Index of the bracket closing the one at ``open_at`` (``pair`` = opening and closing character; -1 if
    none); brackets inside string literals do not count."""
    opening, closing = pair
    depth, quote = 0, ""
    for i in range(open_at, len(source)):
        ch = source[i]
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == opening:
            depth += 1
        elif ch == closing:
            depth -= 1
            if depth == 0:
                return i
    return -1


def _is_scalar(source: str) -> bool:
    """A literal or one call of a string/number/boolean function spanning the whole expression."""
    text = source.strip()
    if re.fullmatch(r"'[^']*'|\"[^\"]*\"|\d+(?:\.\d*)?", text):
        return True
    m = re.match(r"([A-Za-z][\w.-]*)\s*\(", text)
    return bool(m) and m.group(1) in _SCALAR_FUNCTIONS and _closing(text, m.end() - 1) == len(text) - 1


def _last_step(pattern: str) -> str:
    """The last step of a (single) path pattern: the text after its last top-level ``/``."""
    cuts = _top_level(pattern, "/")
    return pattern[cuts[-1] + 1 if cuts else 0:].strip()


_STEP_WITH_ATTRIBUTE = re.compile(r"//((?:[A-Za-z_][\w.-]*:)?(?:\*|[A-Za-z_][\w.-]*))\[(@(?:[A-Za-z_][\w.-]*:)?"
                                  r"(?:[A-Za-z_][\w.-]*)|@\*\[)")
_STEP_WITH_ANY_ATTRIBUTE = re.compile(r"//((?:[A-Za-z_][\w.-]*:)?(?:\*|[A-Za-z_][\w.-]*))"
                                      r"\[(@[\w.:-]+(?: or @[\w.:-]+)+)\]")
_NUMERIC_PREDICATE = re.compile(r"\s*(?:[\d.$(+-]|(?:count|number|sum|string-length|floor|ceiling|round|last|"
                                r"position)\s*\()")


def _attribute_first(context_xpath: str) -> str:
    """``//tei:*[@a]R`` as ``//@a/parent::tei:*R`` (and ``//X[@*[P]]R`` as ``//@*[P]/parent::X R``): the same
    nodes, but libxml2 tests attributes far faster than it evaluates a predicate on every element. Only for
    a single step whose other predicates are not positional."""
    if len(split_union(context_xpath)) != 1:
        return context_xpath
    anyof = _STEP_WITH_ANY_ATTRIBUTE.match(context_xpath)
    if anyof:  # //X[@a or @b]R: (//@a | //@b)/parent::X R
        predicates = _predicates(context_xpath[anyof.end():])
        if predicates is None or any(_NUMERIC_PREDICATE.match(_STRINGS.sub("''", p)) for p in predicates):
            return context_xpath
        names = [n.strip() for n in anyof.group(2).split(" or ")]
        return f"({' | '.join('//' + n for n in names)})/parent::{anyof.group(1)}{context_xpath[anyof.end():]}"
    m = _STEP_WITH_ATTRIBUTE.match(context_xpath)
    if not m:
        return context_xpath
    step, attr = m.group(1), m.group(2)
    if attr == "@*[":
        close = _closing(context_xpath, m.end() - 1, "[]")
        while close > 0 and context_xpath[close + 1:close + 2] == "[":
            close = _closing(context_xpath, close + 1, "[]")
        if close < 0 or context_xpath[close + 1:close + 2] != "]":
            return context_xpath
        attr, rest = context_xpath[m.start(2):close + 1], context_xpath[close + 2:]
    else:
        if context_xpath[m.end():m.end() + 1] != "]":
            return context_xpath
        rest = context_xpath[m.end() + 1:]
    predicates = _predicates(rest)
    if predicates is None or any(_NUMERIC_PREDICATE.match(_STRINGS.sub("''", p)) for p in predicates):
        return context_xpath
    return f"//{attr}/parent::{step}{rest}"


def _predicates(rest: str) -> list[str] | None:
    """``[a][b]`` as ``["a", "b"]``; ``None`` when ``rest`` is anything else (more steps, operators)."""
    out, i = [], 0
    while i < len(rest):
        if rest[i] != "[":
            return None
        close = _closing(rest, i, "[]")
        if close < 0:
            return None
        out.append(rest[i + 1:close])
        i = close + 1
    return out


def _filter(context_xpath: str, condition: str) -> str:
    """``context_xpath`` restricted to the nodes for which ``condition`` holds."""
    if len(split_union(context_xpath)) == 1:
        return f"{context_xpath}[{condition}]"
    return f"({context_xpath})[{condition}]"


# -- the run-level document cache (doc(), doc-available(), explicit parameters) ------------------------


class DocumentCache:
    """Secondary documents (e.g. ``persons.xml``) parsed once per run, with their elementpath nodes."""

    def __init__(self, loader: Callable[[Path], etree._ElementTree | None]) -> None:
        self._loader = loader
        self._trees: dict[str, etree._ElementTree | None] = {}
        self._available: dict[str, bool] = {}
        #: URIs looked up while this is a set (the engine's result cache records them as dependencies).
        self.touched: set[str] | None = None
        self._nodes: dict[int, DocumentNode] = {}
        self.keys: dict[int, tuple[etree._Element, dict[str, dict[str, list[etree._Element]]]]] = {}
        #: Brings a missing file into place if it can (a remote corpus's mirror: ``RemoteCorpus.fetch``).
        self.fetch: Callable[[Path], bool] | None = None

    def _exists(self, path: Path) -> bool:
        return path.is_file() or (self.fetch is not None and self.fetch(path))

    def tree(self, uri: str) -> etree._ElementTree | None:
        if self.touched is not None:
            self.touched.add(uri)
        if uri not in self._trees:
            path = uri_to_path(uri)
            self._trees[uri] = self._loader(path) if path is not None and self._exists(path) else None
        return self._trees[uri]

    def available(self, uri: str) -> bool:
        """``doc-available(uri)``: parses the file once, keeps only the answer (not the tree: a corpus's
        letters point at each other, and keeping every neighbour would grow without bound)."""
        if self.touched is not None:
            self.touched.add(uri)
        if uri in self._trees:
            return self._trees[uri] is not None
        known = self._available.get(uri)
        if known is None:
            path = uri_to_path(uri)
            known = self._available[uri] = path is not None and self._exists(path) and self._loader(path) is not None
        return known

    def note_parsed(self, uri: str, ok: bool) -> None:
        """Record that the engine itself parsed ``uri`` (a validated file), so doc-available needs no re-parse."""
        if len(self._available) > 200_000:
            self._available.clear()
        self._available[uri] = ok

    def add(self, path: Path, tree: etree._ElementTree | None) -> str:
        uri = path.resolve().as_uri()
        self._trees[uri] = tree
        return uri

    def node(self, tree: etree._ElementTree, namespaces: Mapping[str, str]) -> DocumentNode:
        key = id(tree)
        if key not in self._nodes:
            import elementpath

            self._nodes[key] = elementpath.get_node_tree(tree, namespaces=dict(namespaces))  # type: ignore
        return self._nodes[key]


_XSL = "{http://www.w3.org/1999/XSL/Transform}"
QUERY_BINDINGS = frozenset({"xslt", "xslt1", "xslt2", "xslt3", "xpath", "xpath2", "xpath3", "xpath31"})


def refuse_unsupported(root: etree._Element, path: Path) -> None:
    """:class:`SchemaError` naming what this engine cannot run (never a silent skip): a query binding other than
    XPath/XSLT, and XSLT in the schema other than ``xsl:key`` (``xsl:function``, templates, imports)."""
    binding = (root.get("queryBinding") or "xslt").lower()
    if binding not in QUERY_BINDINGS:
        raise SchemaError(f"{path}: queryBinding {binding!r} is not supported (only XPath/XSLT bindings: "
                          f"{', '.join(sorted(QUERY_BINDINGS))})")
    for el in root.iter(_XSL + "*"):
        local = etree.QName(el).localname
        if local != "key" and (el.getparent() is None or not el.getparent().tag.startswith(_XSL)):
            name = el.get("name") or el.get("match") or el.get("href") or ""
            raise SchemaError(f"{path}:{el.sourceline}: xsl:{local} {name!r} is not supported by the python rules "
                              "engine (xsl:key is); use --rules-engine saxon (pip install 'tei-lenin[saxon]')")


def uri_to_path(uri: str) -> Path | None:
    if uri.startswith("file:///") and not any(c in uri for c in "%?#;"):
        return Path(uri[7:])  # what the general path below gives for a plain local URI
    parsed = urlparse(uri)
    if parsed.scheme == "file":
        return Path(unquote(parsed.path))
    if parsed.scheme == "":
        return Path(uri)
    return None  # never fetch from the network


class _LazyDocuments(dict):
    """``context.documents`` for elementpath: loads a URI on first use through the run cache."""

    def __init__(self, cache: DocumentCache, namespaces: Mapping[str, str]) -> None:
        super().__init__()
        self._cache = cache
        self._ns = namespaces

    def __missing__(self, uri: str) -> DocumentNode:
        tree = self._cache.tree(uri)
        if tree is None:
            raise KeyError(uri)
        node = self._cache.node(tree, self._ns)
        self[uri] = node
        return node


# -- compiled schema ---------------------------------------------------------------------------------


_VAR = re.compile(r"\$([A-Za-z_][\w.-]*)")
#: A namespace prefix in an XPath: "xs:date(", "tei:p" (not an axis "child::", a variable "$a:b" is none).
_PREFIX = re.compile(r"(?<![\w.$:-])([A-Za-z_][\w.-]*):(?=[A-Za-z_*])")
_NONLOCAL = re.compile(r"/|::|\.\.|\b(?:key|base-uri|root|id|idref|doc|doc-available|collection|lang|"
                       r"document-uri|current)\s*\(")


@dataclass(slots=True)
class Expr:
    """One XPath, compiled once for lxml (when XPath 1.0 suffices) and lazily for elementpath.

    ``vars`` are the variables it references (only those are handed over per call); ``local`` means it only
    looks at the context node's own subtree, so elementpath can evaluate it on that fragment alone.
    """

    source: str
    lxml: etree.XPath | None
    ep: Any = None
    vars: frozenset[str] = frozenset()
    local: bool = False

    @property
    def engine(self) -> str:
        return "lxml" if self.lxml is not None else "elementpath"


@dataclass(slots=True)
class Let:
    name: str
    value: Expr


@dataclass(slots=True)
class Check:
    """An ``sch:assert`` (fires when false) or ``sch:report`` (fires when true)."""

    code: str
    severity: Severity
    is_assert: bool
    test: Expr
    message: list[str | Expr | None]  # text, value-of expression, or None for sch:name
    source_message: str
    context: str
    example: str = ""
    pattern: str = ""


@dataclass(slots=True)
class Rule:
    context: Expr
    lets: list[Let]
    checks: list[Check]
    source: str = ""
    #: The context selects other nodes than elements (attributes, text, the document): evaluated by
    #: elementpath on those nodes.
    nodes: bool = False


@dataclass(slots=True)
class Screen:
    """One XPath 1.0 call selecting a superset of the nodes a pattern's rules could fire on.

    An empty result proves the pattern silent for the document, so a valid document costs one call per
    pattern instead of one per context node and assertion. ``tags``: Clark names one of which must occur in
    the document for any context to match (``None``: no such filter).
    """

    xpath: etree.XPath
    source: str
    vars: frozenset[str]
    tags: frozenset[str] | None
    exact: bool = False  # selects only nodes some check fails on (not just every context node)


@dataclass(slots=True)
class Pattern:
    id: str
    rules: list[Rule]
    screen: Screen | None = None
    #: Lets of the pattern itself, outside its rules (evaluated once per document, for its rules).
    lets: list[Let] = field(default_factory=list)


@dataclass(slots=True)
class KeyDef:
    name: str
    match: Expr
    use: Expr
    attr: str | None = None  # Clark name when ``use`` is just ``@name``: read directly, no XPath per node


ROLES = {"error": Severity.ERROR, "fatal": Severity.ERROR, "warning": Severity.WARNING,
          "warn": Severity.WARNING, "nonfatal": Severity.WARNING, "info": Severity.INFO,
          "information": Severity.INFO, "hint": Severity.INFO}


@dataclass
class _DocState:
    """Per-document evaluation state: variables, key indexes, the lazily built elementpath context."""

    tree: etree._ElementTree
    uri: str
    root: etree._Element | None = None
    variables: dict[str, Any] = field(default_factory=dict)
    keys: dict[str, dict[str, list[etree._Element]]] = field(default_factory=dict)
    ep_context: XPathContext | None = None


class Schematron:
    """A parsed, compiled Schematron schema; :meth:`validate` runs it over one lxml tree."""

    def __init__(self, path: Path, *, force_elementpath: bool = False,
                 parameters: Mapping[str, Path] | None = None,
                 loader: Callable[[Path], etree._ElementTree | None] | None = None,
                 resolvers: Mapping[str, Callable[[etree._ElementTree, str], Any]] | None = None,
                 screen: bool = True, lazy_xpath2: bool = False, phase: str | None = None) -> None:
        """``screen=False`` is the straightforward reference path (every context node, every assertion);
        ``lazy_xpath2`` parses XPath 2 expressions (and imports elementpath) only when first evaluated."""
        self.path = path
        self.force_elementpath = force_elementpath
        self.use_screens = screen and not force_elementpath
        self._lazy_xpath2 = lazy_xpath2 and not force_elementpath
        root, _ = schematron_root(path)
        refuse_unsupported(root, path)
        inactive = set(expand(root, path, phase))
        self._diagnostics = {d.get("id", ""): d for d in root.iter(_S + "diagnostic")}
        self.query_binding = root.get("queryBinding", "xslt")
        self.namespaces: dict[str, str] = {ns.get("prefix", ""): ns.get("uri", "")
                                           for ns in root.iter(_S + "ns")}
        self.cache = DocumentCache(loader or _default_loader)
        self.keys: dict[str, KeyDef] = {}
        self._handles: dict[str, etree._ElementTree] = {}
        self._handle_keys: dict[tuple[str, str], dict[str, list[etree._Element]]] = {}
        self._resolved: dict[tuple[str, str], str] = {}
        self._extensions = {(None, "key"): self._lx_key, (None, "doc-available"): self._lx_doc_available,
                            (None, "resolve-uri"): self._lx_resolve_uri, (None, "base-uri"): self._lx_base_uri,
                            (None, "current"): self._lx_current}
        #: The node the rule being evaluated fired on: XSLT's current() in its assertions and lets.
        self._current: etree._Element | None = None
        self.resolvers: dict[str, Callable[[etree._ElementTree, str], Any]] = dict(resolvers or {})
        #: A sound screen run after the schema-level lets: True means no check can fail, so the patterns are
        #: skipped (the project's rules have one in Python: tei_lenin.validate.project).
        self.prescreen: Callable[[etree._ElementTree, str, dict[str, Any]], bool] | None = None
        self._doc_vars: set[str] = set(parameters or {})
        self._ep_parser_: Any = None
        for k in root.findall(f"{{{XSL}}}key"):
            self.keys[k.get("name", "")] = KeyDef(k.get("name", ""),
                                                  self._compile(context_to_xpath(k.get("match", ""))),
                                                  self._compile(k.get("use", ".")),
                                                  None if force_elementpath else self._attribute(k.get("use", "")))
        self.lets = []
        for e in root.findall(_S + "let"):
            self.lets.append(self._let(e))
            if "doc(" in e.get("value", ""):
                self._doc_vars.add(e.get("name", ""))
        self.patterns: list[Pattern] = []
        self.checks: list[Check] = []
        for p in root.iter(_S + "pattern"):
            if p.get("id") in inactive:
                continue
            rules = []
            for r in p.findall(_S + "rule"):
                ctx = r.get("context", "")
                rule = Rule(self._compile(context_to_xpath(ctx)), [self._let(e) for e in r.findall(_S + "let")],
                            [], ctx, nodes=selects_non_elements(ctx))
                for c in r:
                    if c.tag in (_S + "assert", _S + "report"):
                        check = self._check(c, ctx)
                        check.pattern = p.get("id", "")
                        rule.checks.append(check)
                        self.checks.append(check)
                rules.append(rule)
            pattern = Pattern(p.get("id", ""), rules, lets=[self._let(e) for e in p.findall(_S + "let")])
            if self.use_screens:
                pattern.screen = self._screen(pattern)
            self.patterns.append(pattern)
        self.screen_all = self._screen_all()
        self.parameters: dict[str, Any] = {}
        for name, file in (parameters or {}).items():
            tree = self.cache.tree(self.cache.add(file, (loader or _default_loader)(file)))
            self.parameters[name] = tree
        self._state: _DocState | None = None

    # -- compilation ------------------------------------------------------------------------------

    def _compile(self, source: str) -> Expr:
        undeclared = {p for p in _PREFIX.findall(_STRINGS.sub("''", source))
                      if p not in self.namespaces and p != "xml"}
        if undeclared:  # as XSLT (and so SchXslt2) refuses them: Schematron predeclares no prefix but xml
            raise SchemaError(f"{self.path}: the XPath {' '.join(source.split())[:160]!r} uses the prefix "
                              f"{', '.join(sorted(undeclared))!r}, which no sch:ns declares")
        lx = None
        navigates_doc = any(re.search(rf"\${re.escape(v)}\s*[/\[]", source) for v in self._doc_vars)
        xpath1 = source if not needs_xpath2(source) else as_xpath1(source)
        if not self.force_elementpath and not navigates_doc and xpath1 is not None and not needs_xpath2(xpath1):
            lx = etree.XPath(xpath1, namespaces={k: v for k, v in self.namespaces.items() if k},
                             extensions={k: f for k, f in self._extensions.items() if k[1] + "(" in
                                         re.sub(r"\s+\(", "(", xpath1)} or None,
                             smart_strings=False)
        bare = _STRINGS.sub("''", source)
        names = frozenset(_VAR.findall(bare))
        expr = Expr(source, lx, vars=names,
                    local=not _NONLOCAL.search(bare) and not (names & self._doc_vars))
        if lx is None and not self._lazy_xpath2:
            expr.ep = self._parse_ep(source)
        return expr

    @property
    def _ep_parser(self) -> Any:
        """The XPath 3.1 parser (with ``key()``), created on first need: importing elementpath costs ~150 ms."""
        if self._ep_parser_ is None:
            parser = parser_class()(namespaces=self.namespaces, default_collation=CODEPOINT_COLLATION)

            def key(name: Any, value: Any, top: Any = None) -> list[XPathNode]:
                return self._ep_key(name, value, top)

            parser.external_function(key, name="key", sequence_types=("xs:string", "item()*", "node()", "node()*"))

            def current() -> Any:
                return self._ep_node(self._current) if self._current is not None else None

            parser.external_function(current, name="current", sequence_types=("node()?",))
            self._ep_parser_ = parser
        return self._ep_parser_

    def _parse_ep(self, source: str) -> Any:
        import elementpath

        try:
            return self._ep_parser.parse(xml_regex_whitespace(source))
        except elementpath.ElementPathError as err:
            raise SchemaError(f"{self.path}: cannot compile XPath {source!r}: {err}") from err

    def compile_xpath2(self) -> None:
        """Parse every XPath 2 expression now (e.g. before forking workers, or to report syntax errors)."""
        for expr in self._all_exprs():
            if expr.lxml is None and expr.ep is None:
                expr.ep = self._parse_ep(expr.source)

    def _all_exprs(self) -> list[Expr]:
        out = [e for k in self.keys.values() for e in (k.match, k.use)] + [let.value for let in self.lets]
        for pattern in self.patterns:
            out += [let.value for let in pattern.lets]
            for rule in pattern.rules:
                out.append(rule.context)
                out += [let.value for let in rule.lets]
                for check in rule.checks:
                    out.append(check.test)
                    out += [m for m in check.message if isinstance(m, Expr)]
        return out

    # -- screens: one XPath 1.0 call per pattern and document ---------------------------------------

    def _screen(self, pattern: Pattern) -> Screen | None:
        """Build ``pattern``'s screen, or ``None`` when it must always run (XPath 2 context and the like)."""
        if any(rule.nodes for rule in pattern.rules):
            return None
        parts: list[str] = []
        tags: set[str] | None = set()
        exact = True
        for rule in pattern.rules:
            if rule.context.lxml is None or _POSITIONAL.search(_STRINGS.sub("''", rule.context.source)):
                return None
            cond = self._failure_condition(rule)
            exact = exact and cond is not None
            context = _attribute_first(rule.context.source)
            parts.append(_filter(context, cond) if cond else context)
            rule_tags = self._context_tags(rule.source)
            tags = None if tags is None or rule_tags is None else tags | rule_tags
        source = " | ".join(parts)
        if "base-uri(" not in "".join(_STRINGS.findall(source)):  # base-uri(/) is the document's URI: a variable
            source = re.sub(r"\bbase-uri\(\s*/\s*\)", f"${BASE_URI_VAR}", source)
        try:
            xpath = etree.XPath(source, namespaces={k: v for k, v in self.namespaces.items() if k},
                                extensions=self._extensions, smart_strings=False)
        except etree.XPathSyntaxError:
            return None
        names = frozenset(_VAR.findall(_STRINGS.sub("''", source)))
        return Screen(xpath, source, names, frozenset(tags) if tags is not None else None, exact)

    def _screen_all(self) -> Screen | None:
        """The exact screens as one union: a document it finds nothing in skips all their patterns in one call
        (about a fifth quicker than calling them one by one)."""
        screens = [p.screen for p in self.patterns if p.screen is not None and p.screen.exact]
        if len(screens) < 2:
            return None
        source = " | ".join(s.source for s in screens)
        try:
            xpath = etree.XPath(source, namespaces={k: v for k, v in self.namespaces.items() if k},
                                extensions=self._extensions, smart_strings=False)
        except etree.XPathSyntaxError:
            return None
        return Screen(xpath, source, frozenset().union(*(s.vars for s in screens)), None)

    def _failure_condition(self, rule: Rule) -> str | None:
        """``not(T1) or T2 …`` over the rule's assertions (reports) with rule lets inlined, or ``None``
        when some check cannot be screened exactly (then the context alone is the screen)."""
        lets = {let.name: let for let in rule.lets}
        conds = []
        for check in rule.checks:
            test = self._inline(check.test, lets, set())
            if test is None:
                return None
            conds.append(f"not({test})" if check.is_assert else f"boolean({test})")
        return " or ".join(conds) if conds else "false()"

    def _inline(self, expr: Expr, lets: dict[str, Let], seen: set[str]) -> str | None:
        """``expr``'s source with references to rule lets replaced by their (parenthesized) values.

        Only safe when each such reference is evaluated with the rule's context node as context (outside
        every predicate) and the let's value is a scalar function call (strings/numbers/booleans inline
        exactly; node-sets would not, see :meth:`_to_lxml`)."""
        if expr.lxml is None or _POSITIONAL.search(_STRINGS.sub("''", expr.source)):
            return None
        out: list[str] = []
        pos = 0
        source = expr.source
        for start, end, name, depth in _var_refs(source):
            if name not in lets:
                continue
            let = lets[name]
            if depth or name in seen or not _is_scalar(let.value.source):
                return None
            value = self._inline(let.value, lets, seen | {name})
            if value is None:
                return None
            out += [source[pos:start], f"({value})"]
            pos = end
        out.append(source[pos:])
        return "".join(out)

    def _context_tags(self, context: str) -> set[str] | None:
        """Clark names of the last step of each alternative of a match pattern (``None`` for wildcards)."""
        tags: set[str] = set()
        for part in split_union(context):
            last = _last_step(part)
            m = re.match(r"(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)(?![\w.:(-])", last)
            if not m or (m.group(1) and m.group(1) not in self.namespaces):
                return None
            uri = self.namespaces.get(m.group(1), "") if m.group(1) else ""
            tags.add(f"{{{uri}}}{m.group(2)}" if uri else m.group(2))
        return tags

    def _attribute(self, use: str) -> str | None:
        """``{uri}local`` (or ``local``) when ``use`` is a single attribute step like ``@xml:id``."""
        m = re.fullmatch(r"\s*@(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)\s*", use)
        if not m:
            return None
        if m.group(1) is None:
            return m.group(2)
        uri = XML_NS if m.group(1) == "xml" else self.namespaces.get(m.group(1))
        return f"{{{uri}}}{m.group(2)}" if uri else None

    def _let(self, el: etree._Element) -> Let:
        if el.get("value") is None:
            raise SchemaError(f"{self.path}: the let ${el.get('name', '')} has no @value (a value given as its "
                              "content is not supported by the python rules engine; use --rules-engine saxon)")
        return Let(el.get("name", ""), self._compile(el.get("value", "")))

    def _message_parts(self, el: etree._Element) -> list[str | Expr | None]:
        """The words of an assertion or diagnostic: text, compiled ``value-of`` selects, ``name`` paths (None:
        the context node's name)."""
        parts: list[str | Expr | None] = []
        if el.text:
            parts.append(el.text)
        for child in el:
            if child.tag == _S + "value-of":
                parts.append(self._compile(child.get("select", ".")))
            elif child.tag == _S + "name":
                parts.append(self._compile(child.get("path")) if child.get("path") else None)
            elif isinstance(child.tag, str):
                parts.append(child.xpath("string()"))
            if child.tail:
                parts.append(child.tail)
        return parts

    def _check(self, el: etree._Element, context: str) -> Check:
        parts = self._message_parts(el)
        for ident in (el.get("diagnostics") or "").split():  # sch:diagnostics: their words join the message
            diagnostic = self._diagnostics.get(ident)
            if diagnostic is None:
                raise SchemaError(f"{self.path}: assertion {el.get('id') or el.get('test')!r} names the "
                                  f"diagnostic {ident!r}, which is not declared")
            parts.append(" ")
            parts.extend(self._message_parts(diagnostic))
        code = el.get("id") or f"{context}:{el.get('test')}"
        role = (el.get("role") or "error").lower()
        source = " ".join("".join(el.itertext()).split())
        return Check(code, ROLES.get(role, Severity.ERROR), el.tag == _S + "assert",
                     self._compile(el.get("test", "true()")), parts, source, context,
                     el.get("see", ""))

    # -- key() for both evaluators ---------------------------------------------------------------

    def _index(self, tree: etree._ElementTree, name: str) -> dict[str, list[etree._Element]]:
        store = self._key_store(tree)
        if name not in store:
            key = self.keys.get(name)
            if key is None:
                raise SchemaError(f"{self.path}: key({name!r}) is not declared with xsl:key")
            index: dict[str, list[etree._Element]] = {}
            saved = self._state
            self._state = _DocState(tree, "")
            try:
                matched = self._eval(key.match, tree.getroot(), {})
                for node in matched if isinstance(matched, list) else ():
                    if not isinstance(node, etree._Element):
                        continue
                    if key.attr is not None:
                        found = node.get(key.attr)
                        values = [] if found is None else [found]
                    else:
                        values = _strings(self._eval(key.use, node, {}))
                    for value in values:
                        nodes = index.setdefault(value, [])
                        if not nodes or nodes[-1] is not node:
                            nodes.append(node)
            finally:
                self._state = saved
            store[name] = index
        return store[name]

    def _key_store(self, tree: etree._ElementTree) -> dict[str, dict[str, list[etree._Element]]]:
        """Key indexes of the document being validated (dropped after it) or of a cached document (kept)."""
        root = tree.getroot()
        state = self._state
        if state is not None and state.tree.getroot() is root:
            return state.keys
        entry = self.cache.keys.get(id(root))
        if entry is None or entry[0] is not root:
            entry = self.cache.keys[id(root)] = (root, {})
        return entry[1]

    def _lookup(self, tree: etree._ElementTree, name: str, values: list[str]) -> list[etree._Element]:
        index = self._index(tree, name)
        seen: dict[int, etree._Element] = {}
        for v in values:
            for node in index.get(v, ()):
                seen.setdefault(id(node), node)
        nodes = list(seen.values())
        if len(values) > 1:
            order = {id(e): i for i, e in enumerate(tree.iter())}
            nodes.sort(key=lambda e: order[id(e)])
        return nodes

    def _lx_key(self, context: Any, name: Any, value: Any, top: Any = None) -> list[etree._Element]:
        # Fast paths (one string, index built): lxml evaluates only on the validated document (it refuses
        # document-external context nodes), and a third argument is a document handle.
        if isinstance(value, str):
            if top is None:
                state = self._state
                if state is not None and state.root is not None:
                    index = state.keys.get(name)
                    if index is not None:
                        return index.get(value, [])
            elif isinstance(top, str):
                index = self._handle_keys.get((top, name))
                if index is not None:
                    return index.get(value, [])
                if top in self._handles:
                    self._handle_keys[(top, name)] = self._index(self._handles[top], str(name))
        if top is not None:
            tops = top if isinstance(top, list) else [top]
            if not tops:
                return []
            if isinstance(tops[0], str) and tops[0] in self._handles:
                tree = self._handles[tops[0]]
            elif isinstance(tops[0], etree._Element):
                tree = tops[0].getroottree()
            else:
                return []
        else:
            try:
                tree = context.context_node.getroottree()
            except AssertionError:  # lxml cannot hand over an attribute context node
                assert self._state is not None
                tree = self._state.tree
        values = [str(v) for v in value] if isinstance(value, list) else [_xpath1_string(value)]
        return self._lookup(tree, str(name), values)

    def _lx_current(self, context: Any) -> list[etree._Element]:
        return [self._current] if self._current is not None else []

    def _lx_doc_available(self, context: Any, uri: Any) -> bool:
        return self.cache.available(_xpath1_string(uri[0] if isinstance(uri, list) and uri else uri))

    def _lx_resolve_uri(self, context: Any, relative: Any, base: Any = None) -> str:
        rel = _xpath1_string(relative[0] if isinstance(relative, list) and relative else relative)
        if base is None:
            assert self._state is not None
            base = self._state.uri
        return self._resolve(rel, _xpath1_string(base[0] if isinstance(base, list) and base else base))

    def _resolve(self, rel: str, base: str) -> str:
        """``urljoin(base, rel)``, memoized by the base's folder when ``rel`` is a plain relative path (the
        result then depends on nothing else, RFC 3986 §5.2.2), e.g. ``../persons.xml`` once per folder."""
        if not _PLAIN_RELATIVE.match(rel) or "?" in base or "#" in base:
            return urljoin(base, rel)
        folder = base[:base.rfind("/") + 1]
        if "/" not in rel and ";" not in rel and rel not in (".", "..") and folder.startswith("file:///") \
                and "/." not in folder and "//" not in folder[7:]:
            return folder + rel  # a sibling file, e.g. the next letter: what urljoin gives, without its cost
        pair = (rel, folder)
        found = self._resolved.get(pair)
        if found is None:
            if len(self._resolved) > 100_000:
                self._resolved.clear()
            found = self._resolved[pair] = urljoin(folder, rel)
        return found

    def _lx_base_uri(self, context: Any, node: Any = None) -> str:
        assert self._state is not None
        return self._state.uri  # the rules only ask for base-uri(/) of the document being validated

    def _ep_key(self, name: Any, value: Any, top: Any = None) -> list[XPathNode]:
        from elementpath.xpath_nodes import DocumentNode, XPathNode

        state = self._state
        assert state is not None and state.ep_context is not None
        if top is not None:
            top = top[0] if isinstance(top, list) and top else top
            if not isinstance(top, XPathNode):
                return []
            doc_node = top if isinstance(top, DocumentNode) else top.root_node
            tree = doc_node.value if isinstance(doc_node, DocumentNode) else top.value.getroottree()
        else:
            doc_node = state.ep_context.root
            tree = state.tree
        items = value if isinstance(value, list) else [value]
        values = [it.string_value if isinstance(it, XPathNode) else _ep_string(it) for it in items
                  if it is not None]
        found = self._lookup(tree, str(name), values)
        return [doc_node.get_element_node(e) for e in found]  # type: ignore[union-attr]

    # -- evaluation -------------------------------------------------------------------------------

    def _eval(self, expr: Expr, node: Any, variables: dict[str, Any],
              lx_vars: dict[str, Any] | None = None) -> Any:
        """Evaluate ``expr`` on ``node``: an lxml element, or an elementpath node (attribute, text, document)."""
        state = self._state
        assert state is not None
        if not isinstance(node, etree._Element):
            if expr.ep is None:
                expr.ep = self._parse_ep(expr.source)
            ctx = self._ep_ctx(state)
            ctx.item, ctx.position, ctx.size, ctx.axis = node, 1, 1, None
            ctx.variables = {k: self._to_ep(v) for k, v in variables.items() if k in expr.vars}
            return [_from_ep(x) for x in expr.ep.select(ctx)]
        if expr.lxml is not None:
            if lx_vars is None:
                lx_vars = {k: self._to_lxml(v) for k, v in variables.items() if k in expr.vars}
            result = expr.lxml(node, **{k: lx_vars[k] for k in expr.vars if k in lx_vars})
            return NodeList(result) if isinstance(result, list) else result
        if expr.ep is None:
            expr.ep = self._parse_ep(expr.source)
        from elementpath import XPathContext

        if expr.local and not any(_holds_nodes(variables.get(k)) for k in expr.vars):
            # elementpath nodes for this element's subtree only, not the whole document (a variable holding
            # nodes needs the whole document: "$a << $b" compares positions in it)
            ctx = XPathContext(node, namespaces=self.namespaces, fragment=True,
                               variables={k: self._to_ep(v) for k, v in variables.items() if k in expr.vars})
            return [_from_ep(x) for x in expr.ep.select(ctx)]
        ctx = self._ep_ctx(state)
        ctx.item = ctx.get_context_item(node)
        ctx.variables = {k: self._to_ep(v) for k, v in variables.items() if k in expr.vars}
        ctx.position = ctx.size = 1
        ctx.axis = None
        return [_from_ep(x) for x in expr.ep.select(ctx)]

    def _ep_ctx(self, state: _DocState) -> XPathContext:
        if state.ep_context is None:
            from elementpath import XPathContext

            ctx = XPathContext(state.tree, namespaces=self.namespaces, uri=state.uri or None)
            ctx.documents = _LazyDocuments(self.cache, self.namespaces)
            state.ep_context = ctx
        return state.ep_context

    def _handle(self, tree: etree._ElementTree) -> str:
        """lxml copies foreign nodes passed as variables, so a document travels as a handle string."""
        handle = f"urn:tei-lenin:doc:{id(tree)}"
        self._handles[handle] = tree
        return handle

    def _to_lxml(self, value: Any) -> Any:
        """A value for lxml: documents become handles (for key()'s third argument and tests)."""
        if isinstance(value, etree._ElementTree):
            return self._handle(value)
        if isinstance(value, list):
            if not value:
                return value
            if isinstance(value[0], etree._ElementTree):
                return self._handle(value[0])
            if all(isinstance(v, etree._Element) for v in value):
                return value
            return _ep_string(value[0])  # XPath 1.0: a node-set's string value is its first node's
        return value

    def _to_ep(self, value: Any) -> Any:
        if isinstance(value, etree._ElementTree):
            return self.cache.node(value, self.namespaces)
        if isinstance(value, list):
            out = []
            for v in value:
                if isinstance(v, etree._ElementTree):
                    out.append(self.cache.node(v, self.namespaces))
                elif isinstance(v, etree._Element):
                    out.append(self._ep_node(v))
                else:
                    out.append(v)
            return out
        return value

    def _ep_node(self, el: etree._Element) -> Any:
        tree = el.getroottree()
        state = self._state
        assert state is not None
        if state.tree.getroot() is tree.getroot():
            return self._ep_ctx(state).root.get_element_node(el)  # type: ignore[union-attr]
        return self.cache.node(tree, self.namespaces).get_element_node(el)

    def validate(self, tree: etree._ElementTree, file: str, uri: str | None = None) -> list[Diagnostic]:
        """Run every rule over ``tree``; findings carry the context element's line."""
        state = _DocState(tree, uri or (tree.docinfo.URL or ""), tree.getroot())
        self._state = state
        try:
            return self._run(state, file)
        finally:
            self._state = None

    def _run(self, state: _DocState, file: str) -> list[Diagnostic]:
        root = state.tree.getroot()
        variables: dict[str, Any] = {}
        lx_vars: dict[str, Any] = {}
        state.variables = variables  # resolvers may reuse lets computed before theirs
        for let in self.lets:
            if let.name in self.parameters:
                value = self.parameters[let.name]
            elif let.name in self.resolvers:
                value = self.resolvers[let.name](state.tree, state.uri)
            else:
                value = self._eval(let.value, root, variables, lx_vars)
            variables[let.name] = value
            lx_vars[let.name] = self._to_lxml(value)
        if self.prescreen is not None and self.prescreen(state.tree, state.uri, variables):
            return []
        found: list[Diagnostic] = []
        tags: set[Any] | None = None
        quiet = False
        if self.screen_all is not None:  # one call for a valid document
            given = {k: lx_vars[k] for k in self.screen_all.vars if k in lx_vars}
            if BASE_URI_VAR in self.screen_all.vars:
                given[BASE_URI_VAR] = state.uri
            quiet = not self.screen_all.xpath(root, **given)
        for pattern in self.patterns:
            screen = pattern.screen
            if screen is not None:
                if quiet and screen.exact:
                    continue
                if screen.tags is not None:
                    if tags is None:
                        tags = {el.tag for el in root.iter()}
                    if screen.tags.isdisjoint(tags):
                        continue
                given = {k: lx_vars[k] for k in screen.vars if k in lx_vars}
                if BASE_URI_VAR in screen.vars:
                    given[BASE_URI_VAR] = state.uri
                if not screen.xpath(root, **given):
                    continue
            fired: set[int] = set()
            scope, lx_scope = variables, lx_vars
            if pattern.lets:
                try:
                    scope, lx_scope = self._pattern_lets(pattern, root, variables, lx_vars)
                except (TimeLimit, SchemaError):
                    raise
                except Exception as err:  # noqa: BLE001
                    found.append(self._failure(file, None, pattern, Rule(Expr("", None), [], [], "(the pattern)"),
                                               "a let of the pattern", err))
                    continue
            for rule in pattern.rules:
                try:
                    nodes = self._context_nodes(rule, root, scope, lx_scope)
                except (TimeLimit, SchemaError):
                    raise
                except Exception as err:  # noqa: BLE001 (any evaluation error is reported, never a traceback)
                    found.append(self._failure(file, None, pattern, rule, f"its context {rule.source!r}", err))
                    continue
                for node in nodes:
                    if id(node) in fired:
                        continue
                    fired.add(id(node))
                    self._fire(pattern, rule, node, scope, lx_scope, file, found)
        self._current = None
        return found

    def _pattern_lets(self, pattern: Pattern, root: etree._Element, variables: dict[str, Any],
                      lx_vars: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        scope, lx_scope = dict(variables), dict(lx_vars)
        for let in pattern.lets:
            value = self._eval(let.value, root, scope, lx_scope)
            scope[let.name] = value
            lx_scope[let.name] = self._to_lxml(value)
        return scope, lx_scope

    def _context_nodes(self, rule: Rule, root: etree._Element, variables: dict[str, Any],
                       lx_vars: dict[str, Any]) -> list[Any]:
        """The nodes a rule fires on: lxml elements, or elementpath nodes where the context selects
        attributes, text, comments or the document ("@ref", "text()", "/")."""
        if not rule.nodes:
            return [n for n in self._eval(rule.context, root, variables, lx_vars) or ()
                    if isinstance(n, etree._Element)]
        state = self._state
        assert state is not None
        if rule.context.ep is None:
            rule.context.ep = self._parse_ep(rule.context.source)
        ctx = self._ep_ctx(state)
        ctx.item, ctx.position, ctx.size, ctx.axis = ctx.root, 1, 1, None
        ctx.variables = {k: self._to_ep(v) for k, v in variables.items() if k in rule.context.vars}
        return [n for n in rule.context.ep.select(ctx) if n is not None]

    def _fire(self, pattern: Pattern, rule: Rule, node: Any, variables: dict[str, Any],
              lx_vars: dict[str, Any], file: str, found: list[Diagnostic]) -> None:
        """Evaluate a rule's lets and checks on one context node; an evaluation error is a TL-I012 finding."""
        owner = node if isinstance(node, etree._Element) else _owner(node)
        line = owner.sourceline if owner is not None else None
        self._current = owner
        local, lx_local = variables, lx_vars
        try:
            if rule.lets:
                local, lx_local = dict(variables), dict(lx_vars)
                for let in rule.lets:
                    value = self._eval(let.value, node, local, lx_local)
                    local[let.name] = value
                    lx_local[let.name] = self._to_lxml(value)
        except (TimeLimit, SchemaError):
            raise
        except Exception as err:  # noqa: BLE001
            found.append(self._failure(file, line, pattern, rule, f"a let of the rule on {rule.source!r}", err))
            return
        for check in rule.checks:
            try:
                ok = _boolean(self._eval(check.test, node, local, lx_local))
                if ok != check.is_assert:
                    found.append(Diagnostic(check.code, check.severity, self._message(check, node, local), file,
                                            line or None, None))
            except (TimeLimit, SchemaError):
                raise
            except Exception as err:  # noqa: BLE001
                found.append(self._failure(file, line, pattern, rule, f"the test {check.test.source!r}", err))

    @staticmethod
    def _failure(file: str, line: int | None, pattern: Pattern, rule: Rule, what: str,
                 err: Exception) -> Diagnostic:
        where = f"pattern {pattern.id!r}, " if pattern.id else ""
        message = " ".join(str(err).split()) or type(err).__name__
        return Diagnostic("TL-I012", Severity.ERROR, f"Schematron ({where}rule on {rule.source!r}): {what} could "
                          f"not be evaluated: {message}; the file was not fully checked", file, line or None, None)

    def _message(self, check: Check, node: Any, variables: dict[str, Any]) -> str:
        out = []
        for part in check.message:
            if isinstance(part, str):
                out.append(part)
            elif part is None:
                out.append(_node_name(node))
            else:
                out.append(" ".join(_strings(self._eval(part, node, variables))))
        return " ".join("".join(out).split())


# -- value conversions -------------------------------------------------------------------------------


def _default_loader(path: Path) -> etree._ElementTree | None:
    from tei_lenin.validate.xmlsafe import parse_file

    return parse_file(path).tree


def selects_non_elements(pattern: str) -> bool:
    """Whether a rule context may select attributes, text, comments, processing instructions or the document
    ("@ref", "tei:p/text()", "/", "node()")."""
    for alternative in split_union(pattern):
        last = _last_step(alternative.strip())
        if alternative.strip() == "/" or re.match(r"@|attribute::|(?:child::)?(?:text|node|comment|"
                                                   r"processing-instruction|document-node)\s*\(", last):
            return True
    return False


def _owner(node: Any) -> etree._Element | None:
    """The element an elementpath node belongs to (an attribute's or text's parent; None for the document)."""
    value = getattr(node, "value", None)
    if isinstance(value, etree._Element):
        return value
    parent = getattr(node, "parent", None)
    value = getattr(parent, "value", None)
    return value if isinstance(value, etree._Element) else None


def _node_name(node: Any) -> str:
    """sch:name of a context node: an element's or attribute's name (the document and text have none)."""
    if isinstance(node, etree._Element):
        return etree.QName(node).localname
    name = getattr(node, "name", None)
    return str(name).rpartition("}")[2] if name else ""


def _holds_nodes(value: Any) -> bool:
    if isinstance(value, (etree._Element, etree._ElementTree)):
        return True
    return isinstance(value, list) and any(isinstance(v, (etree._Element, etree._ElementTree)) for v in value)


def _xpath1_string(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    return str(value)


def _ep_string(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)




class NodeList(list):
    """A node-set from lxml: its effective boolean value is "not empty", whatever the nodes hold."""


class NodeStr(str):
    """The string value of an attribute or text node from elementpath (still a node for EBV)."""


def _from_ep(item: Any) -> Any:
    from elementpath.xpath_nodes import DocumentNode, XPathNode

    if isinstance(item, DocumentNode):
        return item.value
    if isinstance(item, XPathNode):
        value = item.value
        if isinstance(value, etree._Element):
            return value
        return NodeStr(item.string_value)
    return item


def _strings(result: Any) -> list[str]:
    if isinstance(result, list):
        out = []
        for r in result:
            if isinstance(r, etree._Element):
                out.append(r.xpath("string()"))
            elif isinstance(r, etree._ElementTree):
                out.append(r.getroot().xpath("string()"))
            else:
                out.append(_ep_string(r))
        return out
    return [_ep_string(result)]


def _boolean(result: Any) -> bool:
    """XPath effective boolean value of a result from either evaluator."""
    if isinstance(result, NodeList):
        return bool(result)
    if isinstance(result, list):
        if not result:
            return False
        first = result[0]
        if len(result) == 1 and not isinstance(first, (etree._Element, etree._ElementTree, NodeStr)):
            return _boolean(first)
        return True
    if isinstance(result, bool):
        return result
    if isinstance(result, (int, float)):
        return result == result and result != 0
    if result is None:
        return False
    return bool(str(result))
