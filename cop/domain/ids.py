"""Record identifiers: random entry/mentorship ids, slugs and handles, and their validation."""

from __future__ import annotations

import re
import secrets
import unicodedata

from cop.domain.errors import ValidationError

ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base32, lowercase
ID_LENGTH = 8
_ID_RE = re.compile(rf"^[{ID_ALPHABET}]{{{ID_LENGTH}}}$")
_PREFIX_RE = re.compile(rf"^[{ID_ALPHABET}]{{1,{ID_LENGTH}}}$")
_SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


def new_id() -> str:
    """A fresh random id: 32^8 values, so offline clones never collide in practice."""
    return "".join(secrets.choice(ID_ALPHABET) for _ in range(ID_LENGTH))


def is_id(value: str) -> bool:
    return bool(_ID_RE.match(value))


def is_id_prefix(value: str) -> bool:
    return bool(_PREFIX_RE.match(value))


def check_id(value: object, field: str = "id") -> str:
    if not isinstance(value, str) or not is_id(value):
        raise ValidationError(
            field,
            f"'{value}' is not a cop id ({ID_LENGTH} characters from {ID_ALPHABET})",
        )
    return value


def is_slug(value: str) -> bool:
    return bool(_SLUG_RE.match(value)) and ".." not in value


def check_slug(value: object, field: str) -> str:
    """Slugs and handles: safe as a file name, so never `..`, `/` or a leading dot."""
    if not isinstance(value, str) or not is_slug(value):
        raise ValidationError(
            field,
            f"'{value}' is not valid: use lowercase letters, digits, '-', '_' or '.', "
            "starting with a letter or digit (at most 64 characters)",
        )
    return value


def slugify(text: str, max_length: int = 50) -> str:
    """A file-name-safe slug of a title (ASCII, lowercase, words joined by '-')."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or "entry"
