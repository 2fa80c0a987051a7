"""Reading and parsing the record files a refresh must (re)index: in this process for a few, in worker
processes (one per CPU) when there are thousands: a rebuild at 100k files is mostly YAML parsing and
validation, which then runs beside the SQLite writes of the calling process (docs/performance.md).

Results come back in the order the paths were given, so a rebuild assigns the same row ids whichever way
it parsed; at most a few batches are in flight, so a rebuild's memory does not grow with the repo.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from cop.domain.errors import ParseError
from cop.store.index.rows import EntryRows, RecordRow, entry_rows, record_row
from cop.store.index.tables import FileState

Parser = Callable[[str, bytes], tuple[str, dict[str, Any], str]]
"""Parses (path, bytes) into (record type, index document, entry body) or raises ParseError."""

#: below this many files a pool costs more than it saves (starting a worker is ~0.1-0.2 s)
POOL_MIN = 2000
#: files per task handed to a worker: big enough that pickling is cheap, small enough to spread well
TASK_FILES = 250
#: how many finished tasks of each worker may wait for the caller (8 x 250 files: a build's chunk)
AHEAD = 8
#: the bytes of the length before each batch a worker writes: its reader thread in the caller only
#: reads (Python's lock released), and the caller unpickles; unpickling in the reader threads held the
#: lock against the caller's SQLite inserts, which need it between rows
_FRAME = 8


class Read(NamedTuple):
    """One record file as read: its ledger state (None when it vanished before it could be read) and,
    unless its hash matched the one given (`parsed` False), the parse: the record's rows in the index
    (made here, so a worker makes them: the JSON, tags, links and full-text columns of a build are
    not left to its writer), or the error."""

    path: str
    state: FileState | None
    parsed: bool = False
    kind: str = ""
    rows: EntryRows | RecordRow | None = None
    error: str | None = None


def digest(data: bytes) -> str:
    """The ledger's hash of a file's bytes."""
    return hashlib.blake2b(data, digest_size=8).hexdigest()


def read_one(root: Path, path: str, parse: Parser, known_hash: str | None = None) -> Read:
    """Read, hash and (unless its hash is `known_hash`) parse one record file."""
    try:  # its state, then its bytes, from one open file: a write between leaves the ledger behind the
        # bytes, so the next sweep reads it again (and one path made: a 1,000-file refresh ~15 ms less)
        with open(os.path.join(root, path), "rb") as handle:
            st = os.fstat(handle.fileno())
            data = handle.read()
    except OSError:
        return Read(path, None)
    state = FileState(st.st_mtime_ns, st.st_size, time.time_ns(), digest(data), None)
    if known_hash is not None and state.hash == known_hash:
        return Read(path, state)
    try:
        kind, document, body = parse(path, data)
    except ParseError as error:
        return Read(path, state, True, error=str(error))
    rows = entry_rows(path, document, body) if kind == "entry" else record_row(path, kind, document)
    return Read(path, state, True, kind, rows)


def _read_batch(root: Path, tasks: Sequence[tuple[str, str | None]], parse: Parser) -> list[Read]:
    """A worker's task: `read_one` for each (path, known hash)."""
    return [read_one(root, path, parse, known) for path, known in tasks]


def workers() -> int:
    """How many worker processes a big refresh uses: one per CPU this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def read_all(
    root: Path, tasks: Sequence[tuple[str, str | None]], parse: Parser, processes: int | None = None
) -> Iterator[Read]:
    """`read_one` for every (path, known hash), in order; in worker processes when there are
    `POOL_MIN` files or more and more than one CPU (`processes` overrides the count, 1 for none)."""
    count = workers() if processes is None else processes
    batches = [tasks[start : start + TASK_FILES] for start in range(0, len(tasks), TASK_FILES)]
    name = f"{parse.__module__}:{parse.__qualname__}"
    pooled = count > 1 and len(batches) > 1 and "<" not in name  # a worker imports the parser by name
    if (processes is None and len(tasks) < POOL_MIN) or not pooled:
        for path, known in tasks:
            yield read_one(root, path, parse, known)
        return
    done = 0
    try:
        for batch in _pooled(root, batches, name, min(count, len(batches))):
            yield from batch
            done += 1
    except _WorkerFailed:  # no processes here (a sandbox), or one died: go on alone
        for path, known in tasks[done * TASK_FILES :]:
            yield read_one(root, path, parse, known)


class _WorkerFailed(Exception):
    """A worker process could not start or stopped answering."""


def _pooled(
    root: Path, batches: list[Sequence[tuple[str, str | None]]], parser: str, count: int
) -> Iterator[list[Read]]:
    """The batches' results, in order, from `count` worker processes (`serve` in a new Python): worker
    i takes batches i, i + count, …, all given at its start, and writes its results in order. A thread
    per worker reads them as they come into a queue of `AHEAD` batches, so the workers parse on while
    the caller writes a chunk (on a pipe alone they stopped after one batch, and a build ran as if it
    had one process); when a queue is full its worker waits, so memory stays flat.

    Own processes rather than `multiprocessing`: its spawned children import the caller's main
    module again (a script without a `__main__` guard would run twice), and a forked one would copy
    only the calling thread of a threaded caller (the TUI's core thread) with whatever locks the
    others held. (What a pool needs is imported here: most refreshes read a few files alone.)"""
    import contextlib
    import pickle
    import queue
    import subprocess
    import sys
    import threading

    import cop

    source = str(Path(cop.__file__).resolve().parent.parent)  # the same cop, however this one was found
    start = f"import sys; sys.path.insert(0, {source!r}); from {__name__} import serve; serve()"
    argv = [sys.executable, "-c", start]
    procs: list[subprocess.Popen[bytes]] = []
    queues: list[queue.Queue[bytes | BaseException]] = []
    readers: list[threading.Thread] = []

    def read(
        proc: subprocess.Popen[bytes], mine: list[Any], into: queue.Queue[bytes | BaseException]
    ) -> None:
        assert proc.stdin is not None and proc.stdout is not None
        try:  # its tasks given here: a pipe holds 64 KiB, so the caller would wait for each to start
            pickle.dump((str(root), parser, mine), proc.stdin)
            proc.stdin.close()
            for _ in range(len(mine)):  # each batch's bytes, unpickled by the caller (`_FRAME`)
                size = int.from_bytes(_exactly(proc.stdout, _FRAME), "little")
                into.put(_exactly(proc.stdout, size))
        except (OSError, EOFError, ValueError) as error:
            into.put(error)

    try:
        for number in range(count):
            proc = subprocess.Popen(
                argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
            )
            procs.append(proc)
            queues.append(queue.Queue(AHEAD))
            mine = batches[number::count]
            readers.append(threading.Thread(target=read, args=(proc, mine, queues[-1]), daemon=True))
            readers[-1].start()
        for number in range(len(batches)):
            got = queues[number % count].get()
            if isinstance(got, BaseException):
                raise _WorkerFailed from got
            try:
                yield pickle.loads(got)  # our own child's output
            except pickle.UnpicklingError as error:
                raise _WorkerFailed from error
    except OSError as error:
        raise _WorkerFailed from error
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
        for reader, waiting in zip(readers, queues, strict=True):
            while reader.is_alive():  # a reader may wait to put into a full queue: make room
                with contextlib.suppress(queue.Empty):
                    waiting.get_nowait()
                reader.join(0.01)
        for proc in procs:
            proc.wait()
            for pipe in (proc.stdin, proc.stdout):
                if pipe is not None:
                    with contextlib.suppress(OSError):
                        pipe.close()


def serve() -> None:
    """A worker: read (root, parser name, batches) from stdin, write each batch's results to stdout."""
    import importlib
    import pickle
    import sys

    root, parser, batches = pickle.load(sys.stdin.buffer)  # from the parent process
    module, _, qualname = parser.partition(":")
    parse: Any = importlib.import_module(module)
    for part in qualname.split("."):
        parse = getattr(parse, part)
    out = sys.stdout.buffer
    for batch in batches:
        data = pickle.dumps(_read_batch(Path(root), batch, parse), protocol=pickle.HIGHEST_PROTOCOL)
        out.write(len(data).to_bytes(_FRAME, "little") + data)
        out.flush()


def _exactly(pipe: Any, size: int) -> bytes:
    """`size` bytes from `pipe` (EOFError when it ends first)."""
    data = pipe.read(size)
    if len(data) != size:
        raise EOFError(f"{len(data)} of {size} bytes")
    return bytes(data)
