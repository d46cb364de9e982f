"""A new program runs first in a disposable process: a runaway never reaches the server.

A Python thread cannot be stopped from outside, and a run holds the interpreter
between numpy calls, so a program that runs away inside the server slows every
other session on it, however well its own budgets hold. So the app tries each new
program first in a child process (``vet``), forked from a fork server that has the
engine loaded, with

- a memory cap: the child's address space (``RLIMIT_AS``) is at most
  ``CHAINRULE_WORKER_MEMORY_MB`` (default 4096 MiB), so numpy fails in the child, not
  the server;
- a wall-clock limit: the run's own time budget plus ``GRACE_SECONDS``, after which
  the child is killed, even inside one long numpy call;
- a lower CPU priority (``nice`` + ``NICENESS``): the server's own work, other
  students' steps and panels, goes first while a child computes.

The child sends back only its verdict, never the recorded pass: the program ran,
or the error that stopped it (a ``ProgramError`` pickles), or nothing at all
(killed). A refused program costs the server a fork and a pipe; a program that ran
then runs in the server for real, with its budgets as before (a class's programs
take milliseconds, so running them twice costs little: ``bench/hostile.py
--latency`` measures both sides).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import resource
from collections.abc import Mapping
from multiprocessing.connection import Connection
from typing import Literal

from engine.language import (
    RUN_TIME_HINT,
    Limits,
    ProgramError,
    out_of_memory,
    out_of_time_message,
)
from engine.views import budget as time_budget
from engine.views import session

#: Seconds a child may run past its run's own time budget before it is killed (the
#: budget is checked between operations; one numpy call can outlast it).
GRACE_SECONDS = 2.0
#: How much lower a child's CPU priority is than the server's.
NICENESS = 10
#: The operator's switch: ``0`` runs every program in the server alone (no child first).
ENABLED_VARIABLE = "CHAINRULE_ISOLATE"
#: The operator's variable for the memory cap of one child, in MiB.
MEMORY_VARIABLE = "CHAINRULE_WORKER_MEMORY_MB"
DEFAULT_MEMORY_MB = 4096

Verdict = Literal["ran", "error", "memory", "time"]

_context = multiprocessing.get_context("forkserver")
# The fork server imports the engine once (and numpy.random, which numpy loads on first
# use); every child is a fork of it, running within a few milliseconds.
_context.set_forkserver_preload(["engine.views.isolation", "numpy.random"])


def memory_cap_bytes(environ: Mapping[str, str] | None = None) -> int:
    """The memory cap of one child: its variable when set to a positive number of MiB.

    >>> memory_cap_bytes({}) == 4096 * 2**20, memory_cap_bytes({MEMORY_VARIABLE: "512"})
    (True, 536870912)
    """
    environ = os.environ if environ is None else environ
    raw = environ.get(MEMORY_VARIABLE, "").strip()
    try:
        mib = float(raw) if raw else DEFAULT_MEMORY_MB
    except ValueError:
        mib = DEFAULT_MEMORY_MB
    if not mib > 0 or mib == float("inf"):
        mib = DEFAULT_MEMORY_MB
    return int(mib * 2**20)


def _child(
    conn: Connection, source: str, limits: Limits | None, seconds: float, memory: int
) -> None:
    """The child's whole life: cap itself, run, say how it went."""
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    os.nice(NICENESS)
    try:
        result = session.run(source, limits, seconds)
    except MemoryError:
        conn.send(("memory", None))
    else:
        conn.send(("error", result) if isinstance(result, session.RunFailed) else ("ran", None))
    conn.close()


def enabled(environ: Mapping[str, str] | None = None) -> bool:
    """Whether new programs run in a child first: unless ``CHAINRULE_ISOLATE`` is ``0``.

    >>> enabled({}), enabled({ENABLED_VARIABLE: "0"}), enabled({ENABLED_VARIABLE: "1"})
    (True, False, True)
    """
    environ = os.environ if environ is None else environ
    return environ.get(ENABLED_VARIABLE, "1").strip() != "0"


class WorkerUnavailable(RuntimeError):
    """The child could not run at all (no fork server here, or it failed before running
    the program): a fault of the machine, not of the program."""


def vet(
    source: str,
    limits: Limits | None = None,
    seconds: float | None = None,
    *,
    memory: int | None = None,
    grace: float = GRACE_SECONDS,
) -> tuple[Verdict, session.RunFailed | None]:
    """Run ``source`` in a child process and return its verdict.

    ``("ran", None)``: it finished within its budgets; ``("error", failed)``: it
    stopped with a program error (a limit, a shape, a name...), ``failed`` being the
    ``session.RunFailed`` the server would have made; ``("memory", None)``:
    it needed more than the child's memory cap (or was killed for its memory);
    ``("time", None)``: it outlasted its time budget by ``grace`` seconds and was
    killed. Raises :class:`WorkerUnavailable` when no child could run it.
    """
    # Read here, not in the child: the fork server keeps the environment it started with.
    limits = Limits.from_env() if limits is None else limits
    seconds = time_budget.seconds("run") if seconds is None else seconds
    memory = memory_cap_bytes() if memory is None else memory
    try:
        receiver, sender = _context.Pipe(duplex=False)
        child = _context.Process(
            target=_child, args=(sender, source, limits, seconds, memory), daemon=True
        )
        child.start()
    except (OSError, ValueError) as error:
        raise WorkerUnavailable(str(error)) from error
    sender.close()
    try:
        if not receiver.poll(seconds + grace):
            return "time", None
        try:
            verdict, failed = receiver.recv()
        except EOFError:
            child.join(1.0)
            if child.exitcode is not None and child.exitcode < 0:
                return "memory", None  # killed by a signal: the kernel, for its memory
            raise WorkerUnavailable(f"the child exited with {child.exitcode}") from None
        return verdict, failed
    finally:
        child.kill()
        child.join()
        receiver.close()


def run(source: str, limits: Limits | None = None, seconds: float | None = None) -> session.Run:
    """``session.run`` for a server: the program runs first in a child (:func:`vet`); only
    a program that ran there runs here. A program the child refused is the child's
    error; one it had to kill is a limit error (time or memory) at the program's start.
    Where no child can run (no fork server on this system), the program runs here, as
    ``session.run`` alone would, and the log says so once.
    """
    seconds = time_budget.seconds("run") if seconds is None else seconds
    if not enabled():
        return session.run(source, limits, seconds)
    try:
        verdict, failed = vet(source, limits, seconds)
    except WorkerUnavailable as reason:
        _log_unavailable(str(reason))
        return session.run(source, limits, seconds)
    if verdict == "ran":
        return session.run(source, limits, seconds)
    if failed is not None:
        return failed
    if verdict == "time":
        error = ProgramError("limit", out_of_time_message(seconds), hint=RUN_TIME_HINT)
    else:
        error = out_of_memory()
    return session.RunFailed(source, error)


_logged: set[str] = set()


def _log_unavailable(reason: str) -> None:
    if reason not in _logged:
        _logged.add(reason)
        logging.getLogger(__name__).warning(
            "programs run in the server without a child first: %s", reason
        )
