"""``tei-lenin validate``: options -> one service call -> a renderer -> exit status 0, 1 or 2 (130: Ctrl-C)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

import click

from tei_lenin import resources
from tei_lenin.errors import SchemaError
from tei_lenin.exits import EXIT_STATUS, USAGE
from tei_lenin.progress import Progress
from tei_lenin.validate.engine import (
    DEFAULT_COMPILE_TIMEOUT,
    DEFAULT_MAX_PER_FILE,
    DEFAULT_TIMEOUT,
    FileResult,
    Report,
    ResultCache,
    Validator,
    default_jobs,
    expand_paths,
    validate_files,
)
from tei_lenin.validate.remote import RemoteCorpus, is_remote, root_of
from tei_lenin.validate.rng_simplify import vocabulary_of
from tei_lenin.validate.schematron import uri_to_path
from tei_lenin.validate.xmlsafe import MAX_BYTES


@click.command("validate", epilog=EXIT_STATUS)
@click.argument("paths", nargs=-1)
@click.option("--schema", "schema", type=click.Path(path_type=Path),
              help="RelaxNG schema (.rng) for every file, instead of what the files' xml-model name.")
@click.option("--rules", "rules", type=click.Path(path_type=Path),
              help="ISO Schematron (.sch) for every file, instead of what the files' xml-model name.")
@click.option("--no-rules", is_flag=True, help="Skip the Schematron rules (well-formedness and RelaxNG only).")
@click.option("--no-schema", is_flag=True, help="Skip RelaxNG (well-formedness and rules only).")
@click.option("--persons", type=click.Path(dir_okay=False, path_type=Path),
              help="Personography for psn:/org:/plc: pointers (default: from each file's prefixDef).")
@click.option("--taxonomy", type=click.Path(dir_okay=False, path_type=Path),
              help="Taxonomy file for tax: pointers (default: from each file's prefixDef).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl", "junit", "github"]), default="text",
              show_default=True, help="Output format (jsonl: one JSON object per file as it is done, then a summary "
                                      "line; reports of batches concatenate).")
@click.option("--max-per-file", type=click.IntRange(min=0), default=DEFAULT_MAX_PER_FILE, show_default=True,
              help="Show at most N findings per file, then a count (0: no limit).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=MAX_BYTES, show_default=True,
              help="Refuse files larger than this.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes, forked after the schema is compiled  [default: the machine's cores; "
                   "one process for fewer than 24 files].")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Keep results in DIR by content hash (file, schema, rules, persons/taxonomy, version); "
                   "unchanged files are not checked again.")
@click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT, show_default=True,
              help="Seconds allowed per file (0: no limit); a file over it gets a TL-I008 finding.")
@click.option("--compile-timeout", type=click.FloatRange(min=0), default=DEFAULT_COMPILE_TIMEOUT,
              show_default=True, help="Seconds allowed to compile the schema and the rules (0: no limit).")
@click.option("--embedded-rules", is_flag=True,
              help="Also run the Schematron rules embedded in each file's RelaxNG schema, as ODD processors "
                   "write them (tei_all.rng holds TEI's own constraints; Jing ignores them, oXygen runs them).")
@click.option("--rules-engine", type=click.Choice(["auto", "python", "saxon"]), default="auto", show_default=True,
              help="Schematron engine: python (ours), saxon (SchXslt2 on SaxonC-HE: pip install 'tei-lenin[saxon]'; "
                   "one process), auto (saxon where installed, for other projects' rules that read no other "
                   "document; the project's rules always run on ours).")
@click.option("--from-list", "from_list", type=click.File("r", encoding="utf-8"),
              help="Also check the files named in this list, one path or file:// URL a line (blank lines and "
                   "lines starting with # are skipped; - reads standard input).")
@click.option("--dask", "dask_address", metavar="ADDRESS",
              help="Validate on a Dask cluster: the scheduler's tcp://host:port, or local[:N] for N worker "
                   "processes here (pip install 'tei-lenin[dask]'). Workers must see the same paths.")
@click.option("--corpus-root", metavar="URL",
              help="For URL inputs (s3://, gs://, memory:// … through fsspec): the corpus folder that rules' "
                   "look-ups (persons.xml, neighbouring letters) may read from; default: the deepest folder "
                   "holding every input.")
@click.option("-q", "--quiet", is_flag=True, help="Errors only: no warnings, no summary line, no progress.")
def validate(paths: tuple[str, ...], schema: Path | None, rules: Path | None, no_rules: bool,
             no_schema: bool, persons: Path | None, taxonomy: Path | None, fmt: str, max_per_file: int,
             max_bytes: int, jobs: int | None, cache_dir: Path | None, timeout: float, compile_timeout: float,
             embedded_rules: bool, rules_engine: str, from_list: TextIO | None, dask_address: str | None,
             corpus_root: str | None, quiet: bool) -> None:
    """Check TEI files: well-formedness, then RelaxNG, then Schematron rules.

    Each file is checked against the RelaxNG schema and Schematron rules its <?xml-model?> instructions name
    (as oXygen and the TEI do; the corpus tei-lenin writes names the project's schema and rules; in the
    default corpus a file that names none gets the project's schema and rules). --schema
    and --rules replace them for every file: --schema alone means that schema and no rules. The report says
    what each file was checked against.

    PATHS are files or folders (searched recursively for *.xml), or fsspec URLs of them (s3://, gs://,
    memory://; read through a temporary mirror, look-ups fetched on demand); default: the folder corpus/ in the
    current folder (in a checkout: the project's corpus). A file that is missing, empty, binary or not XML is
    unreadable input (exit status 2).

    \b
    Examples:
      tei-lenin validate                                   # ./corpus, as its files' xml-model say
      tei-lenin validate corpus/letters --format github    # annotations in a GitHub workflow
      tei-lenin validate my.xml --schema tei_all.rng       # tei_all only, no rules
      tei-lenin validate my.xml --schema tei_all.rng --rules my-project.sch
      tei-lenin validate my.xml --schema tei_all.rng --embedded-rules   # + TEI's own constraints
    """
    for option, value in (("--schema", schema), ("--rules", rules), ("--persons", persons),
                          ("--taxonomy", taxonomy)):
        if value is not None and not value.is_file():
            raise click.BadParameter(f"{value}: no such file", param_hint=option)
    given = [*paths, *(_listed(from_list) if from_list is not None else [])]
    urls = [t for t in given if is_remote(t)]
    local = [uri_to_path(t) or Path(t) if t.startswith("file://") else Path(t) for t in given if not is_remote(t)]
    default = resources.default_corpus_dir()
    if not given and not default.is_dir():
        click.echo("tei-lenin validate: error: no corpus here (no ./corpus folder); give the files or folders to "
                   "check", err=True)
        sys.exit(USAGE)
    with contextlib.ExitStack() as stack:
        remote = _remote(urls, corpus_root, dask_address, stack) if urls else None
        _run(given, local or ([] if urls else [default]), remote, dict(
            schema=schema, rules=rules, no_rules=no_rules, no_schema=no_schema, persons=persons, taxonomy=taxonomy,
            fmt=fmt, max_per_file=max_per_file, max_bytes=max_bytes, jobs=jobs, cache_dir=cache_dir,
            timeout=timeout, compile_timeout=compile_timeout, embedded_rules=embedded_rules,
            rules_engine=rules_engine, dask_address=dask_address, quiet=quiet))


def _remote(urls: list[str], root: str | None, dask_address: str | None,
            stack: contextlib.ExitStack) -> tuple[RemoteCorpus, list[Path]]:
    """The mirror of a remote corpus and the mirrored input files; errors are usage errors (exit 2)."""
    if dask_address:
        click.echo("error: --dask with URL inputs: Dask workers read paths; mount the storage (s3fs, gcsfuse) "
                   "and give paths", err=True)
        sys.exit(USAGE)
    try:
        corpus = RemoteCorpus(root or root_of(urls))
    except RuntimeError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(USAGE)
    stack.callback(corpus.close)
    try:
        files = corpus.files(urls)
    except (OSError, ValueError) as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(USAGE)
    return corpus, files


def _run(given: list[str], targets: list[Path], remote: tuple[RemoteCorpus, list[Path]] | None,
         options: dict[str, Any]) -> None:
    """Validate, render, exit with the report's status."""
    from tei_lenin.report import RENDERERS, jsonl_file, jsonl_summary

    schema, rules, no_schema, no_rules = options["schema"], options["rules"], options["no_schema"], options["no_rules"]
    quiet, fmt, cache_dir = options["quiet"], options["fmt"], options["cache_dir"]
    empty: list[Path] = []
    files = expand_paths(targets, empty) if targets else []
    if remote is not None:
        files += remote[1]
    for folder in empty:
        click.echo(f"error: {folder}: no .xml file in this folder (or below); give TEI files or a folder "
                   "holding them", err=True)
    if empty:
        sys.exit(2)
    try:
        validator = Validator(None if no_schema else schema, None if no_rules else rules,
                              persons=options["persons"], taxonomy=options["taxonomy"],
                              max_per_file=options["max_per_file"], max_bytes=options["max_bytes"],
                              timeout=options["timeout"] or None,
                              compile_timeout=options["compile_timeout"] or None, hard_compile_limit=True,
                              follow_models=schema is None and rules is None, use_schema=not no_schema,
                              use_rules=not no_rules,
                              fallback=None if given else (resources.schema_rng(), resources.schema_sch()),
                              vocabulary=None if no_schema else vocabulary_of(files),
                              embedded_rules=options["embedded_rules"], rules_engine=options["rules_engine"])
        if remote is not None:
            validator.fetch = remote[0].fetch
            validator.names = {path: remote[0].url(path) for path in remote[1]}
        if cache_dir is not None:
            validator.cache = ResultCache(cache_dir, validator)
    except SchemaError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(2)
    except OSError as err:
        click.echo(f"error: --cache {cache_dir}: {err.strerror or err}", err=True)
        sys.exit(2)
    progress = Progress("validated", "files", enabled=False if quiet else None)
    try:
        stream = (lambda result: click.echo(jsonl_file(result, quiet), nl=False)) if fmt == "jsonl" else None
        if options["dask_address"]:
            report = _on_dask(options["dask_address"], files, validator, progress, stream)
        else:
            report = validate_files(files, validator, jobs=options["jobs"] or default_jobs(), progress=progress,
                                    on_result=stream)
    finally:
        progress.close()
    click.echo(jsonl_summary(report) if fmt == "jsonl" else RENDERERS[fmt](report, quiet=quiet), nl=False)
    sys.exit(report.exit_status)


def _listed(handle: TextIO) -> list[str]:
    """The entries of a --from-list file: paths and URLs (blank lines and # comments skipped)."""
    return [line.strip() for line in handle if line.strip() and not line.strip().startswith("#")]


def _on_dask(address: str, files: list[Path], validator: Validator, progress: Progress,
             stream: Callable[[FileResult], None] | None) -> Report:
    """The run on a Dask cluster; a cluster that cannot be reached is a usage error (exit 2)."""
    from tei_lenin.validate import distributed

    try:
        client = distributed.connect(address)
    except (RuntimeError, OSError, ValueError) as err:
        click.echo(f"error: --dask {address}: {err}", err=True)
        sys.exit(USAGE)
    try:
        return Report(list(distributed.run(files, validator, client, progress, stream)))
    finally:
        client.close()
