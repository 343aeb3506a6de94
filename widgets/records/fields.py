"""Reading typed fields out of TOML, with errors that name the file, the field and what is allowed."""

from __future__ import annotations

import datetime
import tomllib
from pathlib import Path
from typing import Any, Mapping

from widgets import scoring
from widgets.scoring import ProfileError

MAX_TEXT = 5000  # characters in one text field
MAX_NAME = 200  # characters in a name


MAX_ID = 80  # characters in a respondent id



class DataError(ValueError):
    """A data or scenario file that cannot be used, with where and why."""

    def __init__(self, source: str, field_name: str, message: str) -> None:
        super().__init__(f"{source}: {field_name}: {message}")
        self.source = source
        self.field = field_name
        self.message = message
        self.rejected: tuple[tuple[str, DataError], ...] = ()  # "no file could be read": each file's reason


class Fields:
    """Reads typed fields out of one TOML table and reports precise errors."""

    def __init__(self, source: str, table: Mapping[str, Any], prefix: str = "") -> None:
        self.source = source
        self.table = table
        self.prefix = prefix
        self.used: set[str] = set()

    def fail(self, key: str, message: str) -> DataError:
        return DataError(self.source, f"{self.prefix}{key}", message)

    def get(self, key: str, required: bool) -> Any:
        self.used.add(key)
        if key not in self.table:
            if required:
                raise self.fail(key, "missing")
            return None
        return self.table[key]

    def text(self, key: str, required: bool = False, limit: int = MAX_TEXT) -> str:
        value = self.get(key, required)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self.fail(key, f"must be text, got {type(value).__name__}")
        if required and not value.strip():
            raise self.fail(key, "must not be empty")
        if len(value) > limit:
            raise self.fail(key, f"at most {limit} characters, got {len(value)}")
        return value

    def texts(self, key: str, required: bool = False, allowed: tuple[str, ...] = ()) -> tuple[str, ...]:
        value = self.get(key, required)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, "must be a list of text")
        for item in value:
            if allowed and item not in allowed:
                raise self.fail(key, f"{item!r} is not one of {', '.join(allowed)}")
        return tuple(value)

    def integer(self, key: str, required: bool = False, low: int = 1800, high: int = 2200) -> int | None:
        value = self.get(key, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, f"must be a whole number, got {value!r}")
        if not low <= value <= high:
            raise self.fail(key, f"must be from {low} to {high}, got {value}")
        return value

    def level(self, key: str) -> float:
        return self.check_level(key, self.get(key, True))

    def check_level(self, key: str, value: object) -> float:
        try:
            return scoring.check_level(key, value)
        except ProfileError as error:
            raise self.fail(key, str(error).split(": ", 1)[1]) from None

    def choice(self, key: str, allowed: tuple[str, ...], default: str | None = None) -> str:
        value = self.get(key, default is None)
        if value is None:
            return default  # type: ignore[return-value]
        if value not in allowed:
            raise self.fail(key, f"must be one of {', '.join(allowed)}, got {value!r}")
        return str(value)

    def table_of(self, key: str, required: bool = False) -> Mapping[str, Any]:
        value = self.get(key, required)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(key, "must be a table")
        return value

    def tables(self, key: str) -> list[Mapping[str, Any]]:
        value = self.get(key, False)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise self.fail(key, "must be a list of tables ([[...]])")
        return value

    def no_unknown_keys(self) -> None:
        unknown = sorted(set(self.table) - self.used)
        if unknown:
            allowed = ", ".join(sorted(self.used))
            raise self.fail(unknown[0], f"unknown key; allowed: {allowed}")


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file, turning every failure into a DataError naming the file."""
    source = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(source, "file", "no such file") from None
    except OSError as error:
        raise DataError(source, "file", f"cannot be read ({error.strerror})") from None
    return parse_toml_text(raw, source)


def parse_toml_text(raw: bytes | str, source: str) -> dict[str, Any]:
    """Parse TOML bytes or text; a DataError names the source when it is not UTF-8 TOML."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        raise DataError(source, "file", "is not UTF-8 text") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DataError(source, "syntax", f"not valid TOML ({error})") from None
    except RecursionError:  # arrays or tables nested thousands deep: no answers file is like that
        raise DataError(source, "syntax", "not valid TOML (nested too deeply)") from None


def as_table(value: Any, source: str, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise DataError(source, where, "must be a table")
    return value


def flag_of(fields: Fields, key: str) -> bool:
    value = fields.get(key, False)
    if value is not None and not isinstance(value, bool):
        raise fields.fail(key, "must be true or false")
    return bool(value)


def date_of(fields: Fields, key: str) -> datetime.date | None:
    value = fields.get(key, False)
    if value is None:
        return None
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise fields.fail(key, f"must be a date like 2026-12-01, got {value!r}")
    return value


def identifier_of(fields: Fields, key: str) -> str:
    """A respondent id: letters, digits and dashes only (it is compared, never shown)."""
    text = fields.text(key, False, MAX_ID)
    if text and not all(c.isascii() and (c.isalnum() or c in "-_") for c in text):
        raise fields.fail(key, "may hold only letters, digits and dashes")
    return text


