"""Command-line interface: thin click commands; each calls one service and returns 0, 1 or 2."""

from __future__ import annotations

import click

from tei_lenin import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tei-lenin")
def main() -> None:
    """Encode a compilation of letters and articles as TEI P5, validate it, export it."""


# Sub-commands register here, one import per command module.
