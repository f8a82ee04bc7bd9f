"""Read a compilation file: UTF-8 (with or without a byte-order mark), any line ending."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path


class SourceError(Exception):
    """The source cannot be used at all; carries the file and line to report."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        super().__init__(message)
        self.file = file
        self.line = line
        self.message = message

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: error: {self.message}"


def decode(data: bytes, name: str) -> str:
    """Decode UTF-8 bytes; a BOM is dropped, CRLF and CR become LF; undecodable input names its line."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(name, line, f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise SourceError(name, line, "binary data (NUL byte) in a text compilation")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SourceError(name, 1, "the compilation is empty")
    return text


def read_source(path: Path) -> str:
    """Read and decode a compilation file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(str(path), None, f"cannot read: {exc.strerror or exc}") from None
    return decode(data, str(path))


def iter_lines(path: Path) -> Iterator[str]:
    """The lines of a compilation file, decoded one at a time (memory stays flat for any file size).

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
        for index, raw in enumerate(handle):
            if index == 0 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            raw = raw[:-1] if raw.endswith(b"\n") else raw
            raw = raw[:-1] if raw.endswith(b"\r") else raw
            for piece in raw.split(b"\r"):
                number += 1
                if b"\x00" in piece:
                    raise SourceError(name, number, "binary data (NUL byte) in a text compilation")
                try:
                    line = piece.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise SourceError(name, number, f"not UTF-8 text (byte 0x{piece[exc.start]:02x} in this "
                                                    "line)") from None
                seen_text = seen_text or bool(line.strip())
                yield line
    if not seen_text:
        raise SourceError(name, 1, "the compilation is empty")
