"""The reference Schematron results: SchXslt2 1.3.4 (``../shared/reference/schxslt2``) on SaxonC-HE (``saxonche``).

Each failed assertion or successful report of the SVRL becomes ``(line, code)``: the line of the element the
rule fired on (an attribute's or a text node's parent element), and the check's ``@id`` or else
``"context:test"``, as :class:`tei_lenin.validate.schematron.Check` names it. Compiled once per schema.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

from tei_lenin.validate.saxon import location_line, svrl_checks  # SVRL plumbing, not under test

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
TRANSPILE = SHARED / "reference" / "schxslt2" / "transpile.xsl"


def available() -> str | None:
    """Why the reference cannot run here, or None."""
    if not TRANSPILE.is_file():
        return f"{TRANSPILE} is absent (../shared is not beside the project)"
    try:
        import saxonche  # noqa: F401
    except ImportError:
        return "saxonche is not installed (pip install saxonche)"
    return None


@cache
def _processor():  # noqa: ANN202 (saxonche has no type hints)
    from saxonche import PySaxonProcessor

    return PySaxonProcessor(license=False)


@cache
def compiled(schema: Path):  # noqa: ANN201
    """The schema compiled to XSLT by SchXslt2, then compiled by Saxon."""
    proc = _processor()
    xslt = proc.new_xslt30_processor()
    transpiler = xslt.compile_stylesheet(stylesheet_file=str(TRANSPILE))
    stylesheet = transpiler.transform_to_string(source_file=str(schema))
    xslt.set_cwd(str(schema.parent))
    return xslt.compile_stylesheet(stylesheet_text=stylesheet, base_uri=schema.resolve().as_uri())


def findings(schema: Path, file: Path) -> list[tuple[int | None, str]]:
    """The reference findings of ``schema`` on ``file``, sorted."""
    svrl = compiled(schema).transform_to_string(source_file=str(file.resolve()))
    report = etree.fromstring(svrl.encode())
    doc = etree.parse(str(file))
    out = [(location_line(doc, item.get("location", "")), code) for item, code in svrl_checks(report)]
    return sorted(out, key=lambda x: (x[0] or 0, x[1]))
