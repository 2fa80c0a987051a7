"""Records: the base every record type builds on (`Record`: metadata-driven fields, `from_data` validating
and naming the field that is wrong, `to_data` in a fixed key order with defaults and empty values left
out and unknown fields kept), `with_changes`, the merge's `Superseded` and the repo's `RepoInfo`.

The record types themselves are in `cop.domain.entries` (Entry) and `cop.domain.people` (Community,
Member, Mentorship); `cop.domain.models` names them all. No I/O here: `cop.store` reads and writes the files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import reprlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from cop.domain import dates, ids
from cop.domain.errors import ValidationError
from cop.domain.tags import normalise_tag

R = TypeVar("R", bound="Record")
_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 60


def _f(kind: str, default: Any = "", **options: Any) -> Any:
    """A dataclass field with the metadata the converters use (`kind` says how to check it)."""
    meta = {"kind": kind, **options}
    if isinstance(default, list | dict):
        factory = list if isinstance(default, list) else dict
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


def _text(value: Any, name: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None or isinstance(value, list | dict):
        raise ValidationError(name, f"expected text, got {type(value).__name__} ({_shown(value)})")
    if isinstance(value, dt.datetime):
        return dates.to_timestamp(value, name)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


#: Characters that break a line (YAML and Python both count these): a one-line field holds none.
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
#: The largest whole number a field may hold: SQLite and JSON readers keep it exactly.
MAX_INT = 2**53


def _shown(value: Any, limit: int = 60) -> str:
    """A value as a message shows it: a bounded repr (a file can hold megabytes, or deep nesting)."""
    text = _REPR.repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _line(value: Any, name: str) -> str:
    """A one-line field (a name, title, url, email...): text without line breaks."""
    text = _text(value, name)
    if _LINE_BREAKS & set(text):
        raise ValidationError(name, "must be one line (it holds a line break)")
    return text


def _title(value: Any, name: str) -> str:
    """A title (an entry's, an event's, a project's, a path's): one line with something on it."""
    text = _line(value, name)
    if not text.strip():
        raise ValidationError(name, "must be one non-empty line")
    return text


def _tag(value: Any, name: str) -> str:
    tag = normalise_tag(_text(value, name))
    if not tag or any(c in tag for c in "\n\r\t,"):
        raise ValidationError(name, f"{_shown(value)} is not a tag (one word, no commas)")
    return tag


def _convert(value: Any, meta: Mapping[str, Any], name: str) -> Any:
    kind = meta["kind"]
    if kind == "str":
        return _line(value, name)
    if kind == "title":
        return _title(value, name)
    if kind == "text":
        return _text(value, name)
    if kind == "choice":
        text = _text(value, name)
        if text not in meta["choices"]:
            raise ValidationError(name, f"'{text}' is not one of: {', '.join(meta['choices'])}")
        return text
    if kind == "slug":
        return ids.check_slug(_text(value, name), name)
    if kind == "id":
        return ids.check_id(_text(value, name), name)
    if kind == "timestamp":
        return dates.to_timestamp(value, name)
    if kind == "date":
        return dates.to_date(value, name)
    if kind == "bool":
        if not isinstance(value, bool):
            raise ValidationError(name, f"expected true or false, got {_shown(value)}")
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ValidationError(name, f"expected a whole number, got {_shown(value)}")
        try:
            number = int(value)
        except ValueError:
            raise ValidationError(name, f"expected a whole number, got {_shown(value)}") from None
        if number < meta.get("min", 0):
            raise ValidationError(name, f"must not be negative, got {number}")
        limit = meta.get("max", MAX_INT)
        if number > limit:
            raise ValidationError(name, f"must be at most {limit}, got {_short_number(number)}")
        return number
    if kind in ("list", "tags", "slugs"):
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            raise ValidationError(name, f"expected a list, got {_shown(value)}")
        converters: dict[str, Callable[[Any, str], str]] = {
            "list": _line,
            "tags": _tag,
            "slugs": ids.check_slug,
        }
        convert = converters[kind]
        out: list[str] = []
        for item in items:
            converted = convert(item, name)
            if converted not in out:
                out.append(converted)
        return out
    if kind == "map":
        if not isinstance(value, dict):
            raise ValidationError(name, f"expected a mapping, got {_shown(value)}")
        return {_line(k, name): _line(v, f"{name}.{k}") for k, v in value.items()}
    if kind == "records":
        if not isinstance(value, list):
            raise ValidationError(name, f"expected a list, got {_shown(value)}")
        item_type: type[Record] = meta["of"]
        return [item_type.from_data(item, f"{name}[{i + 1}]") for i, item in enumerate(value)]
    if kind == "record":
        return meta["of"].from_data(value, name)
    if kind == "any":
        return value
    raise AssertionError(f"unknown field kind {kind}")  # pragma: no cover


def _short_number(number: int) -> str:
    """A number for a message: a 10,000-digit one is described, not printed."""
    if number >= 10**4000:  # str() of a longer one raises
        return "a number of more than 4000 digits"
    digits = len(str(number))
    return str(number) if digits <= 15 else f"a {digits}-digit number"


def _is_empty(value: Any, default: Any) -> bool:
    if value is None or value == "" or value == [] or value == {}:
        return True
    return bool(value == default)


def _plain(value: Any) -> Any:
    if type(value) in _SCALARS:  # most values (`to_index` runs for every file of a rebuild)
        return value
    if isinstance(value, Record):
        return value.to_data()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


_SCALARS = frozenset({str, int, bool, float, type(None)})

#: each record class's YAML fields, in order and by name (`Record._fields`)
_FIELDS: dict[type, tuple[dataclasses.Field[Any], ...]] = {}
_BY_NAME: dict[type, dict[str, dataclasses.Field[Any]]] = {}


@dataclass
class Record:
    """Base for every record and nested item: generic, metadata-driven conversion."""

    extra: dict[str, Any] = field(default_factory=dict, kw_only=True, compare=True)
    #: the repo-relative file the record was read from ("" for a record not yet saved)
    path: str = field(default="", kw_only=True, compare=False, repr=False)

    #: fields that hold the identity of a top-level record (slug, handle or id)
    key_field: ClassVar[str] = ""
    #: fields that are not written as YAML keys (an entry's body lives after the front matter)
    _not_in_yaml: ClassVar[frozenset[str]] = frozenset({"extra"})

    @classmethod
    def _fields(cls) -> tuple[dataclasses.Field[Any], ...]:
        """The fields written as YAML keys, in order (looked up once per class: `from_data` and
        `to_index` run for every file of a 100k-file rebuild)."""
        found = _FIELDS.get(cls)
        if found is None:
            found = _FIELDS[cls] = tuple(
                f for f in dataclasses.fields(cls) if f.name not in cls._not_in_yaml and "kind" in f.metadata
            )
        return found

    @classmethod
    def _fields_by_name(cls) -> dict[str, dataclasses.Field[Any]]:
        found = _BY_NAME.get(cls)
        if found is None:
            found = _BY_NAME[cls] = {f.name: f for f in cls._fields()}
        return found

    @classmethod
    def from_data(cls: type[R], data: Any, where: str = "") -> R:
        """Build and validate a record from parsed YAML; unknown keys go to `extra`."""
        prefix = f"{where}." if where else ""
        if not isinstance(data, dict):
            raise ValidationError(where or cls.__name__.lower(), "expected a mapping of fields")
        known: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        by_name = cls._fields_by_name()
        for key, value in data.items():
            name = str(key)
            spec = by_name.get(name)
            if spec is None:
                extra[name] = value
                continue
            if value is None or value == "":
                continue
            known[name] = _convert(value, spec.metadata, prefix + name)
        for name, spec in by_name.items():
            if spec.metadata.get("required") and name not in known:
                raise ValidationError(prefix + name, "is required")
        record = cls(**known, extra=extra)
        record.check()
        return record

    def check(self) -> None:
        """Cross-field rules; subclasses add theirs."""

    def to_data(self) -> dict[str, Any]:
        """Plain data in the documented key order, defaults and empty values left out."""
        out: dict[str, Any] = {}
        for spec in self._fields():
            value = getattr(self, spec.name)
            default = spec.default if spec.default is not dataclasses.MISSING else None
            if _is_empty(value, default) and not spec.metadata.get("keep"):
                continue
            out[spec.name] = _plain(value)
        for key in sorted(self.extra):
            if key not in out:
                out[key] = self.extra[key]
        return out

    def to_index(self) -> dict[str, Any]:
        """Every field with its value (defaults included, so queries need no special cases)."""
        return {spec.name: _plain(getattr(self, spec.name)) for spec in self._fields()}

    @classmethod
    def from_index(cls: type[R], doc: Any, path: str = "") -> R:
        """Rebuild a record from an index document; it was validated when indexed."""
        values: dict[str, Any] = {}
        for spec in cls._fields():
            if spec.name not in doc:
                continue
            value = doc[spec.name]
            kind = spec.metadata["kind"]
            if kind == "records":
                value = [spec.metadata["of"].from_data(item) for item in value]
            elif kind == "record":
                value = spec.metadata["of"].from_data(value) if value else None
            elif isinstance(value, list):
                value = list(value)
            elif isinstance(value, dict):
                value = dict(value)
            values[spec.name] = value
        return cls(**values, path=path)

    def validate(self) -> None:
        """Re-run every field check on the current values (after an in-place change)."""
        type(self).from_data(self.to_data())

    @property
    def key(self) -> str:
        return str(getattr(self, self.key_field))


@dataclass
class Superseded(Record):
    """A value that lost a both-sides edit in a merge, kept so nobody's text is lost."""

    field: str = _f("str", required=True)
    value: Any = _f("any", None)
    updated: str = _f("str")


def with_changes(record: R, changes: dict[str, Any]) -> R:
    """A validated copy of `record` with `changes` applied at the data level (None = unchanged)."""
    data = record.to_data()
    for key, value in changes.items():
        if value is not None:
            data[key] = value
    updated = type(record).from_data(data)
    updated.path = record.path
    for name in type(record)._not_in_yaml - {"extra"}:  # an entry's body: not in its data, kept as it was
        setattr(updated, name, getattr(record, name))
    return updated


@dataclass(frozen=True)
class RepoInfo:
    """What `cop.yaml` says about the repo."""

    name: str
    description: str = ""
    format: int = 1
    extra: tuple[tuple[str, Any], ...] = ()
