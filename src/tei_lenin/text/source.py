"""Read a compilation file: UTF-8 (with or without a byte-order mark), any line ending."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from tei_lenin.plaintext import SourceError, decode, read_source

__all__ = ["SourceError", "decode", "iter_lines", "read_source"]


CHUNK = 1 << 20  # bytes that iter_lines reads at a time


def iter_lines(path: Path) -> Iterator[str]:
    """The lines of a compilation file, read a chunk of whole lines at a time (memory stays flat).

    Same rules as :func:`decode`: a BOM is dropped, CRLF and CR end lines, undecodable bytes and NUL bytes
    raise :class:`SourceError` with their line; a file with no text raises "empty".
    """
    name = str(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise SourceError(name, None, f"cannot read: {exc.strerror or exc}") from None
    number = 0
    seen_text = False
    with handle:
        for data in _line_chunks(handle):
            lines = _decoded(data)
            if lines is None:  # a NUL byte or bad UTF-8 somewhere: find the line one line at a time
                lines = _checked(data, name, number)
            number += len(lines)
            seen_text = seen_text or any(line.strip() for line in lines)
            yield from lines
    if not seen_text:
        raise SourceError(name, 1, "the compilation is empty")


def _line_chunks(handle: BinaryIO) -> Iterator[bytes]:
    """The file in chunks of whole lines (the last may lack its newline), the byte-order mark dropped."""
    pending = b""
    first = True
    while True:
        data = handle.read(CHUNK)
        if data:
            data = pending + data
            cut = data.rfind(b"\n") + 1
            data, pending = data[:cut], data[cut:]
            if not data:
                continue
        else:
            data, pending = pending, b""
            if not data:
                return
        if first and data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        first = False
        yield data


def _raw_lines(data: bytes) -> list[bytes]:
    """Whole lines without their newline."""
    lines = data.split(b"\n")
    if data.endswith(b"\n"):
        lines.pop()
    return lines


def _decoded(data: bytes) -> list[str] | None:
    """The lines of a chunk (a CR, or a CR before LF, ends a line too); None if it holds NUL or bad UTF-8."""
    if b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    if "\r" not in text:
        return lines
    out: list[str] = []
    for line in lines:
        out.extend((line[:-1] if line.endswith("\r") else line).split("\r"))
    return out


def _checked(data: bytes, name: str, number: int) -> list[str]:
    """The lines of a chunk decoded one by one, raising at the first NUL byte or undecodable line."""
    out: list[str] = []
    for raw in _raw_lines(data):
        for piece in (raw[:-1] if raw.endswith(b"\r") else raw).split(b"\r"):
            number += 1
            if b"\x00" in piece:
                raise SourceError(name, number, "binary data (NUL byte) in a text compilation")
            try:
                out.append(piece.decode("utf-8"))
            except UnicodeDecodeError as exc:
                raise SourceError(name, number, f"not UTF-8 text (byte 0x{piece[exc.start]:02x} in this "
                                                "line)") from None
    return out
