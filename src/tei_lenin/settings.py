"""A project's publication settings: what the text cannot say (where the edition is published, by whom,
under which licence). Read from ``tei-lenin.toml`` (``--settings FILE``, else the current folder's, else the
checkout's), else the defaults, whose base URL is a placeholder that ``export cmif`` refuses.

```toml
[publication]
base_url = "https://lenin.example.net/letters/"   # each document's URL is base_url + its id
publisher = "Lenin Letters Project"
licence = "https://creativecommons.org/licenses/by/4.0/"
licence_statement = "The TEI encoding is available under CC BY 4.0."

[edition]                       # the conventions of the compilation (defaults: MIA's Lenin texts)
notes_by = "Editors of Lenin’s Collected Works"
translated_from = "ru"          # the language the copy text is translated from ("" if it is the original)
```
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

from tei_lenin import resources

FILE_NAME = "tei-lenin.toml"
#: The placeholder base URL of a project without settings: fine for trying the tool, not for publishing.
PLACEHOLDER = "https://example.org/"


class SettingsError(Exception):
    """A settings file that cannot be used; ``str()`` names the file (and line where TOML gives it)."""


@dataclass(frozen=True)
class Settings:
    """Choices of a run that are not facts of the text."""

    base_url: str = resources.BASE_URL
    publisher: str = "tei-lenin"
    licence: str = "https://creativecommons.org/licenses/by/4.0/"
    licence_statement: str = ("The TEI encoding is available under CC BY 4.0; the copy text remains with its "
                              "rights holders.")
    #: Who wrote the "[n] …—Ed." notes, who made the bracketed insertions and head-notes, and the edition the
    #: notes cite as "this volume": the conventions of the Marxists Internet Archive's Lenin texts.
    notes_by: str = "Editors of Lenin’s Collected Works"
    insertions_by: str = "Marxists Internet Archive"
    notes_edition: str = "Collected Works"
    #: The language (ISO 639) the copy text translates; "" where it is the original.
    translated_from: str = "ru"

    @property
    def placeholder(self) -> bool:
        """Whether the base URL is still the placeholder (no settings were given)."""
        return self.base_url.startswith(PLACEHOLDER)


_KEYS = {f.name for f in fields(Settings)}
_TABLES = ("publication", "edition")


def find_settings() -> Path | None:
    """``tei-lenin.toml`` in the current folder, else in the checkout the command runs in."""
    for folder in (Path.cwd(), resources.checkout()):
        if folder is not None and (folder / FILE_NAME).is_file():
            return folder / FILE_NAME
    return None


def load_settings(path: Path | None = None, **overrides: str | None) -> Settings:
    """The settings of ``path`` (or :func:`find_settings`), then the non-None ``overrides`` (command options)."""
    path = path or find_settings()
    settings = Settings()
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise SettingsError(f"{path}: error: cannot read the settings: {exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"{path}: error: not TOML: {exc}") from None
        tables = [data.get(name, {}) for name in _TABLES]
        if not all(isinstance(t, dict) for t in tables):
            raise SettingsError(f"{path}: error: {' and '.join(f'[{n}]' for n in _TABLES)} must be tables")
        values = {k: v for t in tables for k, v in t.items()}
        unknown = sorted(set(data) - set(_TABLES)) + sorted(set(values) - _KEYS)
        if unknown:
            raise SettingsError(f"{path}: error: unknown settings {', '.join(unknown)}; "
                                f"[publication] and [edition] take {', '.join(sorted(_KEYS))}")
        wrong = [k for k, v in values.items() if not isinstance(v, str)]
        if wrong:
            raise SettingsError(f"{path}: error: {', '.join(wrong)} must be text (in quotes)")
        settings = replace(settings, **values)
    settings = replace(settings, **{k: v for k, v in overrides.items() if v is not None})
    if not settings.base_url.endswith("/"):
        settings = replace(settings, base_url=settings.base_url + "/")
    return settings
