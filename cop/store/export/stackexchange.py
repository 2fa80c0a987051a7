"""Reading a Stack Exchange data dump (`Posts.xml`, `Users.xml`: one `<row .../>` per record, every value
an attribute), streamed: rows come out as they are parsed, so a 100 MB file takes bounded memory.

Hostile input: a dump is refused, naming the file and line, when it declares a DOCTYPE or an entity (no
billion laughs, no external entities: expat would expand internal ones), nests elements deeper than a
dump does, or is not well-formed XML. Stdlib expat is used directly (no tree is built at all, so there is
nothing to clear), which is why no XML library is added.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from xml.parsers import expat

from cop.domain.errors import CopError

CHUNK = 1 << 16  # bytes fed to the parser at a time
MAX_DEPTH = 8  # a dump is <posts><row/></posts>: two levels; anything much deeper is not a dump
MAX_ATTRIBUTE = 8 * 1024 * 1024  # one post's body, as characters: a larger one is not a real post


class DumpError(CopError):
    """A dump file that cannot be read safely; nothing was imported from it."""


def read_rows(path: Path, progress: Callable[[int, int], None] | None = None) -> Iterator[dict[str, str]]:
    """Each `<row>`'s attributes, in file order. `progress(done_bytes, total_bytes)` after each chunk."""
    try:
        handle = path.open("rb")
    except OSError as error:
        raise DumpError(f"cannot read {path}: {error.strerror or error}") from None
    rows: list[dict[str, str]] = []
    depth = 0
    parser = expat.ParserCreate()
    parser.buffer_text = True

    def refuse(what: str) -> None:
        raise DumpError(f"{path}:{parser.CurrentLineNumber}: {what}; a Stack Exchange dump has none")

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_DEPTH:
            refuse(f"elements nested deeper than {MAX_DEPTH}")
        if name == "row":
            if any(len(value) > MAX_ATTRIBUTE for value in attributes.values()):
                refuse(f"a value longer than {MAX_ATTRIBUTE} characters")
            rows.append(attributes)

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = lambda *_: refuse("a DOCTYPE declaration")
    parser.EntityDeclHandler = lambda *_: refuse("an ENTITY declaration")
    parser.ExternalEntityRefHandler = lambda *_: refuse("an external entity")  # type: ignore[assignment]
    total = path.stat().st_size
    done = 0
    with handle:
        while True:
            chunk = handle.read(CHUNK)
            try:
                parser.Parse(chunk, not chunk)
            except expat.ExpatError as error:
                raise DumpError(
                    f"{path}:{error.lineno}: not well-formed XML ({expat.errors.messages[error.code]})"
                ) from None
            yield from rows
            rows.clear()
            done += len(chunk)
            if progress:
                progress(done, total)
            if not chunk:
                return


def dump_file(folder: Path, name: str) -> Path | None:
    """`folder/name`, matched without regard to case (`posts.xml` in some exports); None when absent."""
    if not folder.is_dir():
        raise DumpError(f"{folder} is not a folder: give the folder that holds Posts.xml and Users.xml")
    wanted = name.lower()
    for child in folder.iterdir():
        if child.name.lower() == wanted and child.is_file():
            return child
    return None
