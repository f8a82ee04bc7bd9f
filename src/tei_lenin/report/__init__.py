"""Renderers: pure functions ``Report -> str`` (text, json, jsonl, junit, github)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from xml.sax.saxutils import escape, quoteattr

from tei_lenin.diagnostics import Diagnostic, Severity
from tei_lenin.validate.engine import FileResult, Report

JSON_VERSION = 1


def location(d: Diagnostic) -> str:
    """``file:line:col`` with unknown parts left out (never a 0 column)."""
    parts = [d.file]
    if d.line:
        parts.append(str(d.line))
        if d.column:
            parts.append(str(d.column))
    return ":".join(parts)


def summary(report: Report) -> str:
    """One line: files, errors, warnings, hidden findings."""
    n = len(report.files)
    e, w = report.count(Severity.ERROR), report.count(Severity.WARNING)
    bad = sum(1 for f in report.files if f.counts.get("error"))
    text = f"{n} file{'s' if n != 1 else ''} checked: "
    text += f"{e} error{'s' if e != 1 else ''} in {bad} file{'s' if bad != 1 else ''}" if e else "no errors"
    text += f", {w} warning{'s' if w != 1 else ''}"
    if report.suppressed:
        text += f" ({report.suppressed} findings not shown)"
    return text


def checked_against(report: Report) -> dict[str, int]:
    """What the files were checked against, with how many files each (files that could not be read: none)."""
    return dict(Counter(f.checked for f in report.files if f.checked))


def render_text(report: Report, quiet: bool = False) -> str:
    """``file:line:col: error|warning[CODE]: message``, sorted, then what the files were checked against and a
    summary (not with ``quiet``)."""
    lines = [f"{location(d)}: {d.severity.value}[{d.code}]: {d.message}" for d in report.diagnostics
             if not quiet or d.severity is Severity.ERROR]
    if not quiet:
        lines += [f"checked against {label}: {n} file{'s' if n != 1 else ''}"
                  for label, n in checked_against(report).items()]
        lines.append(summary(report))
    return "\n".join(lines) + ("\n" if lines else "")


def render_json(report: Report, quiet: bool = False) -> str:
    """The documented JSON structure (``version`` 1); see docs/diagnostics.md."""
    data = {
        "version": JSON_VERSION,
        "summary": {
            "files": len(report.files),
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "suppressed": report.suppressed,
            "exit_status": report.exit_status,
            "checked_against": checked_against(report),
        },
        "diagnostics": [
            {"file": d.file, "line": d.line, "column": d.column, "severity": d.severity.value,
             "code": d.code, "message": d.message}
            for d in report.diagnostics if not quiet or d.severity is Severity.ERROR
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def jsonl_file(result: FileResult, quiet: bool = False) -> str:
    """One file's line of ``--format jsonl``: what it was checked against, its counts, its findings."""
    return json.dumps({
        "file": result.file, "checked_against": result.checked or None,
        "errors": result.counts.get("error", 0), "warnings": result.counts.get("warning", 0),
        "diagnostics": [{"line": d.line, "column": d.column, "severity": d.severity.value, "code": d.code,
                         "message": d.message}
                        for d in result.diagnostics if not quiet or d.severity is Severity.ERROR],
    }, ensure_ascii=False) + "\n"


def jsonl_summary(report: Report) -> str:
    """The last line of ``--format jsonl``."""
    return json.dumps({"summary": {
        "version": JSON_VERSION, "files": len(report.files), "errors": report.count(Severity.ERROR),
        "warnings": report.count(Severity.WARNING), "suppressed": report.suppressed,
        "exit_status": report.exit_status, "checked_against": checked_against(report)}}, ensure_ascii=False) + "\n"


def render_jsonl(report: Report, quiet: bool = False) -> str:
    """JSON Lines: one object per file (in input order), then ``{"summary": …}``; the reports of batches
    concatenate (``cat a.jsonl b.jsonl``) and stream (the command writes each line as its file is done)."""
    return "".join(jsonl_file(f, quiet) for f in report.files) + jsonl_summary(report)


def render_junit(report: Report, quiet: bool = False) -> str:
    """JUnit XML: one testcase per file, one failure per file with errors (all its findings listed)."""
    cases = []
    failures = 0
    for f in sorted(report.files, key=lambda r: r.file):
        ds = sorted(f.diagnostics, key=Diagnostic.sort_key)
        errors = [d for d in ds if d.severity is Severity.ERROR]
        body = "\n".join(f"{location(d)}: {d.severity.value}[{d.code}]: {d.message}" for d in ds)
        inner = ""
        if errors:
            failures += 1
            first = errors[0]
            inner = (f"<failure message={quoteattr(f'[{first.code}] {first.message}')} "
                     f"type={quoteattr(first.code)}>{escape(body)}</failure>")
        elif body and not quiet:
            inner = f"<system-out>{escape(body)}</system-out>"
        cases.append(f'  <testcase classname="tei-lenin.validate" name={quoteattr(f.file)}>{inner}</testcase>')
    head = (f'<testsuite name="tei-lenin validate" tests="{len(report.files)}" failures="{failures}" '
            f'errors="0">')
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + "\n".join([head, *cases, "</testsuite>"]) + "\n"


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report, quiet: bool = False) -> str:
    """GitHub workflow commands: ``::error file=F,line=L,col=C,title=CODE::message``."""
    kinds = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = []
    for d in report.diagnostics:
        if quiet and d.severity is not Severity.ERROR:
            continue
        props = [f"file={_gh_prop(d.file)}"]
        if d.line:
            props.append(f"line={d.line}")
            if d.column:
                props.append(f"col={d.column}")
        props.append(f"title={_gh_prop(d.code)}")
        lines.append(f"::{kinds[d.severity]} {','.join(props)}::{_gh_data(d.message)}")
    if not quiet:
        lines.append(summary(report))
    return "\n".join(lines) + ("\n" if lines else "")


RENDERERS: dict[str, Callable[..., str]] = {
    "text": render_text, "json": render_json, "jsonl": render_jsonl, "junit": render_junit,
    "github": render_github,
}
