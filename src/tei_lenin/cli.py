"""Command-line interface: thin click commands; each calls one service and exits 0, 1 or 2 (130 on Ctrl-C).

``validate`` and ``export`` load lazily (:class:`LazyGroup`): ``tei-lenin encode`` does not import the
validator (elementpath alone costs ~150 ms) nor the exporter, and ``tei-lenin validate`` not the encoder's
text stages (~90 ms).
"""

from __future__ import annotations

import importlib
import signal
import sys
from collections import Counter
from pathlib import Path

import click

from tei_lenin import __version__, resources
from tei_lenin.exits import EXIT_STATUS, INTERRUPTED
from tei_lenin.progress import Progress, is_terminal


class LazyGroup(click.Group):
    """A group whose sub-commands are imported on first use; ``--help`` lists them from static summaries."""

    def __init__(self, *args: object, lazy: dict[str, tuple[str, str]] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        #: name -> ("module:attribute" of the click command, its one-line summary)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self.lazy))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in self.lazy:
            module, _, attr = self.lazy[name][0].partition(":")
            self.add_command(getattr(importlib.import_module(module), attr), name)
        return super().get_command(ctx, name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(n) for n in names)
        rows = []
        for name in names:
            if name in self.commands:
                rows.append((name, self.commands[name].get_short_help_str(limit)))
            else:
                rows.append((name, click.Command(name, help=self.lazy[name][1]).get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> object:
        """Run the command; Ctrl-C (in any command) ends the run with one line and exit status 130."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C while exiting prints nothing either
            over_echo = "\r\x1b[K" if is_terminal(sys.stderr) else ""  # the terminal's "^C" on this line
            click.echo(f"{over_echo}tei-lenin: interrupted", err=True)
            ctx.exit(INTERRUPTED)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_STATUS, lazy={
    "validate": ("tei_lenin.validate.command:validate",
                 "Check TEI files: well-formedness, then RelaxNG, then the project rules."),
    "export": ("tei_lenin.export.command:export",
               "Export an encoded corpus (the TEI files, never the plain text) for repositories and readers."),
})
@click.version_option(__version__, prog_name="tei-lenin")
def main() -> None:
    """Encode a compilation of letters and articles as TEI P5, validate it, export it."""


# Sub-commands register here, or (loaded on first use) in the lazy table above.


@main.command(epilog=EXIT_STATUS)
@click.argument("source", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Corpus folder to write (default: the project's corpus/).")
@click.option("--settings", "settings_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Publication settings (base URL, publisher, licence) in TOML; default: ./tei-lenin.toml, else "
                   "the checkout's, else placeholders that `export cmif` refuses.")
@click.option("--base-url", default=None,
              help="Base URL of the published documents (correspDesc/@ref, idno); overrides the settings file.")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only (no warnings, summary or progress).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes that parse and encode documents (the output is identical).")
@click.option("--authorities", "extra_authorities", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Your own authority file (the TSV format of corpus/reference/authorities.tsv), added to the "
                   "bundled one; an entry with a bundled key replaces it. Repeatable.")
@click.option("--format", "report_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: warnings on stderr (the first 20, then a count); json: the whole report on stdout.")
@click.option("--force", is_flag=True,
              help="Replace or remove files in the way that tei-lenin did not write or that were edited since "
                   "(without it, such files stop the run and nothing is written).")
def encode(source: Path | None, out_dir: Path | None, settings_file: Path | None, base_url: str | None, quiet: bool,
           jobs: int,
           extra_authorities: tuple[Path, ...], report_format: str, force: bool) -> None:
    """Encode a compilation as TEI: one file per letter, article and essay.

    Warnings name the source line of each real doubt (a date that cannot be, a marker without its note);
    notices say where lines went that are not kept as text (page navigation, a "Notes" heading).

    \b
    Example:
      tei-lenin encode                       # the bundled compilation into corpus/
      tei-lenin encode my-letters.txt -o out/ --authorities my-people.tsv
      tei-lenin encode my-letters.txt -o out/ --format json > report.json
    """
    from tei_lenin.outputs import OutputConflict
    from tei_lenin.pipeline import encode_corpus  # here, so that `tei-lenin validate` starts without the encoder
    from tei_lenin.settings import SettingsError, load_settings
    from tei_lenin.text.source import SourceError

    bundled = source is None
    source = source or resources.bundled_source()
    out_dir = out_dir or resources.default_corpus_dir()
    progress = Progress("encoded", "documents", enabled=False if quiet or report_format == "json" else None)
    try:
        settings = load_settings(settings_file, base_url=base_url)
        result = encode_corpus(source, out_dir, settings=settings, jobs=jobs, progress=progress,
                               extra_authorities=extra_authorities, force=force)
    except SettingsError as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)
    except SourceError as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)
    except OutputConflict as exc:
        click.echo(f"tei-lenin encode: error: {exc}", err=True)
        sys.exit(2)
    except OSError as exc:
        where = exc.filename or out_dir
        click.echo(f"{where}: error: cannot write the corpus: {exc.strerror or exc}", err=True)
        sys.exit(2)
    finally:
        progress.close()
    if report_format == "json":
        click.echo(encode_report(source, out_dir, result))
        return
    if quiet:
        return
    warnings = sorted((w for w in result.warnings if w.severity == "warning"), key=lambda w: w.line)
    notices = [w for w in result.warnings if w.severity == "notice"]
    for warning in warnings[:SHOWN_WARNINGS]:
        click.echo(f"{source}:{warning.line}: warning: {warning.message}", err=True)
    if len(warnings) > SHOWN_WARNINGS:
        click.echo(f"{source}: … and {len(warnings) - SHOWN_WARNINGS} more warnings (all of them with --format json)",
                   err=True)
    kinds = Counter(result.compilation.kinds.values())
    summary = ", ".join(f"{n} {k}{'s' if n != 1 else ''}" for k, n in sorted(kinds.items()))
    noticed = f", {len(notices)} notices (lines left out of the TEI: see --format json)" if notices else ""
    if bundled:
        click.echo(f"read {source} ({resources.where(source)})")
    click.echo(f"encoded {len(result.compilation.kinds)} documents ({summary}) into {out_dir}; "
               f"{len(warnings)} warnings{noticed}")
    click.echo(f"files: {result.changes.summary()}")


#: Warnings printed on the terminal; the rest are counted (``--format json`` has them all).
SHOWN_WARNINGS = 20


def encode_report(source: Path, out_dir: Path, result: object) -> str:
    """The JSON report of an encode run: documents written, warnings and notices with their source lines."""
    import json

    from tei_lenin.pipeline import EncodeResult

    assert isinstance(result, EncodeResult)
    report = {
        "source": str(source),
        "output": str(out_dir),
        "files": {key: getattr(result.changes, key) for key in ("added", "changed", "removed", "unchanged", "forced")},
        "documents": [{"id": d.ident, "kind": d.kind, "file": d.path, "lines": [d.first_line, d.last_line]}
                      for d in result.documents],
        "warnings": [{"line": w.line, "severity": w.severity, "message": w.message}
                     for w in sorted(result.warnings, key=lambda w: (w.line, w.severity))],
        "summary": {"documents": len(result.documents),
                    "warnings": sum(w.severity == "warning" for w in result.warnings),
                    "notices": sum(w.severity == "notice" for w in result.warnings)},
    }
    return json.dumps(report, ensure_ascii=False, indent=1)


@main.command(epilog=EXIT_STATUS)
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--diplomatic", is_flag=True, help="Keep the copy text's errors (sic) instead of corrections.")
def text(file: Path, diplomatic: bool) -> None:
    """Print the reading text of an encoded document.

    \b
    Example:
      tei-lenin text corpus/letters/l1922-12-21.xml
    """
    from tei_lenin.tei.reading import is_document, reading_text
    from tei_lenin.validate.xmlsafe import parse_file

    parsed = parse_file(file)
    if parsed.tree is None:
        for diagnostic in parsed.diagnostics:
            where = f"{file}:{diagnostic.line}" if diagnostic.line else f"{file}"
            click.echo(f"{where}: error: {diagnostic.message}", err=True)
        sys.exit(2)
    if not is_document(parsed.tree.getroot()):
        click.echo(f"{file}: error: not an encoded document (no TEI/text/body/div); give a letter, article or "
                   "essay of the corpus", err=True)
        sys.exit(2)
    click.echo(reading_text(parsed.tree.getroot(), diplomatic=diplomatic), nl=False)
