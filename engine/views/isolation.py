"""A new program runs first in a disposable process: a runaway never reaches the server.

A Python thread cannot be stopped from outside, and a run holds the interpreter
between numpy calls, so a program that runs away inside the server slows every
other session on it, however well its own budgets hold. So the app tries each new
program first in a child process (``vet``), with

- a memory cap: the child's address space (``RLIMIT_AS``) is at most
  ``CHAINRULE_WORKER_MEMORY_MB`` (default 4096 MiB), so numpy fails in the child, not
  the server;
- a wall-clock limit: the run's own time budget plus ``GRACE_SECONDS``, after which
  the child is killed, even inside one long numpy call;
- a lower CPU priority (``nice`` + ``NICENESS``): the server's own work, other
  students' steps and panels, goes first while a child computes.

The children are forks of a small fork server of our own (``python -m
engine.views.isolation SOCKET``, started once, with numpy and the engine loaded and
no threads of its own, so a fork is safe and takes a few milliseconds). It is not
``multiprocessing``'s: that one re-imports the parent's ``__main__`` in every child,
and under Streamlit ``__main__`` is the page script itself. The server ends when the
app does (it watches its standard input).

The child sends back only its verdict, never the recorded pass: the program ran,
or the ``RunFailed`` that stopped it (it pickles), or nothing at all (killed). A
refused program costs the server a fork and a socket; a program that ran then runs
in the server for real, with its budgets as before (a class's programs take
milliseconds, so running them twice costs little: ``bench/hostile.py --latency``
measures both sides).
"""

from __future__ import annotations

import contextlib
import logging
import os
import resource
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping
from multiprocessing.connection import Connection
from pathlib import Path
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
#: Seconds the fork server (and a child) may take to answer at all.
STARTUP_SECONDS = 30.0

Verdict = Literal["ran", "error", "memory", "time"]


def memory_cap_bytes(environ: Mapping[str, str] | None = None) -> int:
    """The memory cap of one child: its variable when set (MiB), else 4096 MiB.

    >>> memory_cap_bytes({}) == 4096 * 2**20, memory_cap_bytes({MEMORY_VARIABLE: "512"})
    (True, 536870912)
    """
    mib = time_budget.positive_number(MEMORY_VARIABLE, DEFAULT_MEMORY_MB, "MiB", environ)
    return int(mib * 2**20)


def enabled(environ: Mapping[str, str] | None = None) -> bool:
    """Whether new programs run in a child first: unless ``CHAINRULE_ISOLATE`` is ``0``.

    >>> enabled({}), enabled({ENABLED_VARIABLE: "0"}), enabled({ENABLED_VARIABLE: "1"})
    (True, False, True)
    """
    environ = os.environ if environ is None else environ
    return environ.get(ENABLED_VARIABLE, "1").strip() != "0"


class WorkerUnavailable(RuntimeError):
    """No child could run the program (no fork server here, or it failed before running
    it): a fault of the machine, not of the program."""


# -- the fork server: its side ----------------------------------------------------------------


def _child(conn: Connection) -> None:
    """A forked child's whole life: say who it is, cap itself, run, say how it went."""
    source, limits, seconds, memory = conn.recv()
    conn.send(os.getpid())
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    os.nice(NICENESS)
    try:
        result = session.run(source, limits, seconds)
    except MemoryError:
        conn.send(("memory", None))
    else:
        conn.send(("error", result) if isinstance(result, session.RunFailed) else ("ran", None))
    conn.close()


def serve(address: str) -> None:
    """The fork server: one forked child per connection, until standard input closes."""
    session.run("x = randn(2, seed=0)\nL = sum(x * x)")  # load what a first run loads
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(address + ".new")
    listener.listen(64)
    os.rename(address + ".new", address)  # the address appears once it is listening
    while True:
        ready, _, _ = select.select([listener, sys.stdin], [], [], 1.0)
        _reap()  # waited for, so the children's CPU time counts in this process's own
        if sys.stdin in ready:  # the app has ended (its end of the pipe closed)
            return
        if listener not in ready:
            continue
        sock, _ = listener.accept()
        if os.fork() == 0:
            listener.close()
            try:
                _child(Connection(sock.detach()))
            finally:
                os._exit(0)
        sock.close()


def _reap() -> None:
    """Wait for every child that has ended."""
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0] > 0:
            pass


# -- the fork server: the app's side ------------------------------------------------------------


_lock = threading.Lock()
_server: subprocess.Popen[bytes] | None = None
_address = ""


def _fork_server() -> str:
    """The fork server's address, starting it (again) when it is not running."""
    global _server, _address
    with _lock:
        if _server is not None and _server.poll() is None:
            return _address
        address = os.path.join(tempfile.mkdtemp(prefix="chainrule-"), "fork.sock")
        package_root = str(Path(__file__).resolve().parents[2])
        path = os.pathsep.join([package_root, os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
        try:
            server = subprocess.Popen(
                [sys.executable, "-m", "engine.views.isolation", address],
                stdin=subprocess.PIPE,
                env={**os.environ, "PYTHONPATH": path},
            )
        except OSError as error:
            raise WorkerUnavailable(f"cannot start the fork server: {error}") from error
        deadline = time.monotonic() + STARTUP_SECONDS
        while not os.path.exists(address):
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise WorkerUnavailable("the fork server did not start")
            time.sleep(0.01)
        _server, _address = server, address
        return address


def prestart() -> None:
    """Start the fork server in the background (the app does when it loads), so that the
    first program a class runs does not wait for the engine to load in it."""
    if enabled():
        threading.Thread(target=_start_quietly, name="chainrule-fork-server", daemon=True).start()


def _start_quietly() -> None:
    try:
        _fork_server()
    except WorkerUnavailable as reason:
        _log_unavailable(str(reason))


def fork_server_pid() -> int | None:
    """The fork server's process id, while it runs."""
    server = _server
    return server.pid if server is not None and server.poll() is None else None


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
    ``session.RunFailed`` the server would have made; ``("memory", None)``: it needed
    more than the child's memory cap (or was killed for its memory); ``("time", None)``:
    it outlasted its time budget by ``grace`` seconds and was killed. Raises
    :class:`WorkerUnavailable` when no child could run it.
    """
    # Read here, not in the child: the fork server keeps the environment it started with.
    limits = Limits.from_env() if limits is None else limits
    seconds = time_budget.seconds("run") if seconds is None else seconds
    memory = memory_cap_bytes() if memory is None else memory
    address = _fork_server()
    try:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.connect(address)
        conn = Connection(sock.detach())
        conn.send((source, limits, seconds, memory))
        if not conn.poll(STARTUP_SECONDS):
            raise WorkerUnavailable("no child answered")
        pid = conn.recv()
    except (OSError, EOFError) as error:
        raise WorkerUnavailable(f"cannot reach the fork server: {error}") from error
    try:
        if not conn.poll(seconds + grace):
            _kill(pid)
            return "time", None
        try:
            verdict, failed = conn.recv()
        except EOFError:  # it died without a word: killed outright for its memory
            return "memory", None
        return verdict, failed
    finally:
        conn.close()


def _kill(pid: int) -> None:
    """Stop a child that outlasted its time (it answers nothing once it is killed)."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


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


if __name__ == "__main__":
    serve(sys.argv[1])
