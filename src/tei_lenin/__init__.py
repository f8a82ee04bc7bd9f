"""tei-lenin: encode a plain-text compilation of letters and articles as TEI P5, validate and export it."""

__version__ = "0.1.0"

__all__ = ["__version__"]
