"""Checking one NDJSON file in several processes, with one process's output.

The file is cut into byte ranges that start at line starts.  There are more ranges
than processes (at most ``MAX_CHUNK`` bytes each, only a few in flight) so that
memory stays bounded and results are written as soon as the ranges before them are
done.  Workers number lines from 1 within their range; the parent adds the lines and
records of the ranges before, so line numbers, order and counts are those of a
single pass.

Each worker has its own pipe, and the parent waits on every worker's exit sentinel
too: a worker that dies (killed, out of memory) ends the run at once with a clear
error instead of a result that never comes.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import signal
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Callable, Iterable, Iterator, NamedTuple

from .inputs import InputError, describe_read_error
from .reading import Replay, read_lines, skip_line
from .scan import Explain, Finding, Totals, explainer, scan_lines
from .._core.validator import Validator

__all__ = ["MAX_CHUNK", "Chunk", "ChunkResult", "WorkerDied", "Workers", "split", "check_in_pool"]

MAX_CHUNK = 4 * 1024 * 1024
#: Ranges submitted ahead of the one being written, per process.
WINDOW_PER_JOB = 2
#: Ranges per process when the file is small: enough to balance the work.
CHUNKS_PER_JOB = 8
#: How often an idle worker checks that its parent is still alive.
_ORPHAN_CHECK = 1.0

Chunk = tuple[int, int]


class ChunkResult(NamedTuple):
    """What a worker found in one byte range; positions count from the range's start."""

    lines: int  # lines in the range, blank ones included
    records: int  # records in the range (blank lines are not records)
    findings: list[Finding]


class WorkerDied(InputError):
    """A worker process ended without an answer (killed by a signal, out of memory)."""


def split(path: str, size: int, jobs: int) -> list[Chunk]:
    """Byte ranges covering the first ``size`` bytes of ``path``, each starting at a line start."""
    target = max(1, min(MAX_CHUNK, size // (jobs * CHUNKS_PER_JOB)))
    bounds = [0]
    with open(path, "rb") as stream:
        position = target
        while position < size:
            stream.seek(position - 1)
            skip_line(stream)  # to the end of the line holding byte position-1, in bounded memory
            position = stream.tell()
            if position >= size:
                break
            bounds.append(position)
            position += target
    bounds.append(max(size, bounds[-1]))
    return list(zip(bounds, bounds[1:]))


def _check_range(validator: Validator, explain: Explain, path: str, start: int, end: int) -> ChunkResult:
    totals = Totals()
    with open(path, "rb", buffering=0) as raw:
        raw.seek(start)
        stream = io.BufferedReader(Replay(b"", raw, end - start), 256 * 1024)
        findings = list(scan_lines(validator, read_lines(stream), explain, totals))
    return ChunkResult(totals.lines, totals.records, findings)


def _answer(validator: Validator, explain: Explain, task: tuple[str, int, int]) -> tuple[str, Any]:
    try:
        return "ok", _check_range(validator, explain, *task)
    except MemoryError:
        return "error", f"out of memory while checking {task[0]} (in a --jobs worker)"
    except (OSError, EOFError) as exc:
        return "error", describe_read_error(task[0], exc)


def _serve(conn: Connection, validator: Validator, all_problems: bool, parent: int,
           inherited: list[int]) -> None:
    """A worker's loop: a range in, its ChunkResult out, until told to stop or orphaned."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler: just end
    _sigterm_mask(signal.SIG_UNBLOCK)  # blocked by the parent until now (Workers.__init__)
    for fd in inherited:
        # The parent's ends of the pipes, copied by fork: closed, so that the parent's
        # death breaks our pipe and a pending send fails instead of blocking for ever.
        os.close(fd)
    explain = explainer(validator, all_problems)
    try:
        while True:
            while not conn.poll(_ORPHAN_CHECK):
                if os.getppid() != parent:
                    return  # the parent was killed: nobody will read our answers
            task = conn.recv()
            if task is None:
                return
            conn.send(_answer(validator, explain, task))
    except (EOFError, OSError):
        return  # the parent went away mid-answer: end quietly


#: Seconds a terminated worker is given to end before it is killed.
_STOP_WAIT = 5.0


def _sigterm_mask(how: int, signals: Iterable[int] | None = None) -> set[int]:
    """``signal.pthread_sigmask(how, ...)`` for SIGTERM (or ``signals``); nothing where it is missing."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks, and no fork either
        return set()
    return set(signal.pthread_sigmask(how, {signal.SIGTERM} if signals is None else signals))


class Workers:
    """``jobs`` worker processes, each fed byte ranges through its own pipe."""

    def __init__(self, jobs: int, validator: Validator, all_problems: bool) -> None:
        context = multiprocessing.get_context()
        self.jobs = jobs
        self._conns: list[Connection] = []
        self._procs: list[BaseProcess] = []
        forked = context.get_start_method() == "fork"
        for _ in range(jobs):
            mine, theirs = context.Pipe()
            inherited = [c.fileno() for c in (*self._conns, mine)] if forked else []
            proc = context.Process(target=_serve, daemon=True, name="dataset-schema-worker",
                                   args=(theirs, validator, all_problems, os.getpid(), inherited))
            # SIGTERM stays blocked across the start: a terminate() that reaches the new
            # process before _serve has set its own handler waits in the kernel instead
            # of running the parent's handler there (a traceback), or being dropped by the
            # interpreter's reset of pending signals after fork (a worker that never ends).
            previous = _sigterm_mask(signal.SIG_BLOCK)
            try:
                proc.start()
            finally:
                _sigterm_mask(signal.SIG_SETMASK, previous)
            theirs.close()
            self._conns.append(mine)
            self._procs.append(proc)

    def send(self, worker: int, task: tuple[str, int, int]) -> None:
        try:
            self._conns[worker].send(task)
        except OSError:
            raise self._died(worker) from None

    def receive(self, worker: int) -> ChunkResult:
        """The next answer of ``worker``; WorkerDied as soon as any worker is dead."""
        conn = self._conns[worker]
        ready = wait([conn, *(proc.sentinel for proc in self._procs)])
        if conn not in ready:
            dead = next(i for i, proc in enumerate(self._procs) if proc.sentinel in ready)
            raise self._died(dead)
        try:
            status, value = conn.recv()
        except (EOFError, OSError):
            raise self._died(worker) from None
        if status != "ok":
            raise InputError(value)
        result: ChunkResult = value
        return result

    def _died(self, worker: int) -> WorkerDied:
        proc = self._procs[worker]
        proc.join(1)
        code = proc.exitcode
        how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit status {code}"
        return WorkerDied(f"a --jobs worker process died ({how}); "
                          "its part of the input was not checked")

    def close(self) -> None:
        """Stop every worker now (they hold no state worth a clean exit)."""
        for proc in self._procs:
            proc.terminate()
        for proc in self._procs:
            proc.join(_STOP_WAIT)
            if proc.exitcode is None:  # should not happen (see __init__); never wait for ever
                proc.kill()
                proc.join()
        for conn in self._conns:
            conn.close()


def check_in_pool(workers: Workers, path: str, chunks: list[Chunk], totals: Totals,
                  on_chunk: Callable[[int, int], None] | None = None) -> Iterator[Finding]:
    """Findings of the whole file, renumbered, in file order.

    Range ``i`` goes to worker ``i % jobs``, so each worker answers in the order the
    ranges are written.  At most ``WINDOW_PER_JOB`` ranges per worker are submitted
    ahead of the one being written, so a slow reader of our output holds the workers
    back instead of letting results pile up.  ``on_chunk(bytes_done, records_done)``
    follows each range.
    """
    jobs = workers.jobs
    ahead = WINDOW_PER_JOB * jobs
    for index, (start, end) in enumerate(chunks[:ahead]):
        workers.send(index % jobs, (path, start, end))
    lines = records = 0
    for index, (_, end) in enumerate(chunks):
        chunk_lines, chunk_records, findings = workers.receive(index % jobs)
        if index + ahead < len(chunks):
            start, stop = chunks[index + ahead]
            workers.send(index % jobs, (path, start, stop))
        for lineno, so_far, problems in findings:
            assert lineno is not None
            yield Finding(lineno + lines, so_far + records, problems)
        lines += chunk_lines
        records += chunk_records
        totals.lines, totals.records = lines, records
        if on_chunk is not None:
            on_chunk(end, records)
