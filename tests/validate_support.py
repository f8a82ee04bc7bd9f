"""Shared checks of the validator tests."""

from __future__ import annotations

from pathlib import Path

from tei_lenin.validate.schematron import Schematron
from tei_lenin.validate.xmlsafe import parse_file


def same_findings(one: Schematron, other: Schematron, paths: list[Path]) -> int:
    """Assert both rule engines find the same in every parseable file of ``paths``; how many were compared."""
    compared = 0
    for path in paths:
        tree = parse_file(path).tree
        if tree is None:
            continue
        uri = path.resolve().as_uri()
        assert one.validate(tree, path.name, uri) == other.validate(tree, path.name, uri), path.name
        compared += 1
    return compared
