"""`cop.yaml` read through a copy of its parsed mapping in `.cop/config.json`, keyed by the file's bytes.

Every command opens the repo and so reads `cop.yaml`; parsing it imported PyYAML, about a tenth of a
read command's start-up above a bare Typer app's (docs/performance.md). The copy is used only when the
file's digest is the one it was made from, so what a command sees is what parsing would give; it holds
only strings and whole numbers (anything else is parsed each time), and is read as untrusted input
(`.cop/` sits in a shared folder): anything odd means "parse the file".
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from cop.domain.errors import CopError
from cop.store.records import files, layout

FILE_NAME = "config.json"


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _plain(data: Any) -> bool:
    """Whether `data` is a mapping JSON keeps exactly (string keys; string or whole-number values)."""
    return isinstance(data, dict) and all(type(k) is str and type(v) in (str, int) for k, v in data.items())


def load(root: Path, text: str) -> Any:
    """`cop.yaml`'s `text` parsed (errors name the file), from the copy when it was made from `text`."""
    digest = _digest(text)
    try:
        cached = json.loads((files.cache_dir(root) / FILE_NAME).read_bytes())
        if isinstance(cached, dict) and cached.get("digest") == digest and _plain(cached.get("data")):
            return cached["data"]
    except (OSError, ValueError, RecursionError, CopError):
        pass  # no copy, a damaged one, or a `.cop` cop will not use: parse the file
    from cop.store.records import yamlio  # PyYAML only when the file is really parsed

    data = yamlio.load(text, layout.CONFIG_FILE)
    if _plain(data):
        try:
            cache = files.cache_dir(root)
            if cache.is_dir():  # never the one to create `.cop/` (the index does)
                copy = json.dumps({"digest": digest, "data": data}, ensure_ascii=False, sort_keys=True)
                files.atomic_write(cache / FILE_NAME, copy, root=root)
        except (OSError, CopError):
            pass  # a read-only or odd cache: the next command parses again
    return data
