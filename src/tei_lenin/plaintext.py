"""Read a UTF-8 plain-text file as the encoder does (with or without a byte-order mark, any line ending), so
that every part of the tool numbers its lines alike; errors name the file and the line."""

from __future__ import annotations

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
