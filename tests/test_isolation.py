"""A new program runs first in a disposable process (engine.views.isolation): its memory
cap and its wall clock hold, and what it reports is what the server would have found."""

from __future__ import annotations

import subprocess
import sys
import time
import types
from pathlib import Path

import pytest

from engine.language import Limits
from engine.views import isolation, session

SMALL = "x = randn(3, seed=0)\nW = randn(2, 3, seed=1)\nL = sum(tanh(W @ x) ** 2)"
#: Limits far above the defaults, so only the child's own caps can stop a program.
GENEROUS = Limits(max_elements=10**9, max_total_elements=10**10, max_pass_elements=10**10)


def test_a_program_that_runs_is_reported_as_run():
    assert isolation.vet(SMALL) == ("ran", None)


@pytest.mark.parametrize(
    "source",
    [
        "x = randn(3, seed=0)\nL = sum(y ** 2)",  # a name
        "a = randn(2, 3, seed=0)\nb = randn(4, seed=1)\nL = sum(a @ b)",  # a shape
        "x = randn(2000, 2000, seed=0)\nL = sum(x)",  # a limit
        "x = = 1",  # Python's syntax
    ],
)
def test_a_program_error_comes_back_as_the_server_would_have_found_it(source):
    verdict, failed = isolation.vet(source)
    expected = session.run(source)
    assert verdict == "error" and isinstance(expected, session.RunFailed)
    assert isinstance(failed, session.RunFailed)
    error, wanted = failed.error, expected.error
    assert (error.kind, str(error), str(error.hint)) == (wanted.kind, str(wanted), str(wanted.hint))
    assert error.render(source) == wanted.render(source)
    assert error.render(source, lang="zh") == wanted.render(source, lang="zh")
    assert failed.warnings == expected.warnings


def test_the_memory_cap_stops_a_program_the_limits_would_let_through():
    # 8 arrays of 4,000 x 4,000 (128 MB each): past a 600 MiB cap, inside GENEROUS.
    source = "\n".join(f"x{i} = randn(4000, 4000, seed={i})" for i in range(8))
    source += "\nL = sum(x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7)"
    verdict, failed = isolation.vet(source, GENEROUS, seconds=60, memory=600 * 2**20)
    # numpy's MemoryError in the child, which the language words as a limit error.
    assert verdict == "error" and failed is not None
    assert (failed.error.kind, str(failed.error)) == (
        "limit",
        "line 1, col 1: the program needs more memory than is available",
    )


def test_the_wall_clock_kills_a_program_inside_one_long_operation():
    # Drawing 64 million numbers is one operation of about a second: the run's own budget
    # (checked between operations) cannot stop it; the child's wall clock does.
    source = "a = randn(8000, 8000, seed=0)\nL = sum(a)"
    started = time.monotonic()
    verdict, error = isolation.vet(source, GENEROUS, seconds=0.05, grace=0.3)
    elapsed = time.monotonic() - started
    assert (verdict, error) == ("time", None)
    assert elapsed < 5  # killed, not waited for (the products alone take far longer)


def test_the_memory_cap_is_read_from_the_environment():
    assert isolation.memory_cap_bytes({}) == isolation.DEFAULT_MEMORY_MB * 2**20
    assert isolation.memory_cap_bytes({isolation.MEMORY_VARIABLE: "256"}) == 256 * 2**20
    for bad in ("0", "-5", "lots", "inf", "nan"):  # an operator's mistake is said, not guessed
        with pytest.raises(ValueError, match=isolation.MEMORY_VARIABLE):
            isolation.memory_cap_bytes({isolation.MEMORY_VARIABLE: bad})


def test_run_is_the_servers_run_for_every_verdict(monkeypatch):
    ran = isolation.run(SMALL)
    assert isinstance(ran, session.RunOk) and ran.n_steps == session.run(SMALL).n_steps
    failed = isolation.run("x = randn(3, seed=0)\nL = sum(y ** 2)")
    assert isinstance(failed, session.RunFailed) and "unknown name `y`" in str(failed.error)
    # A child killed for its time or its memory: a limit error at the program's start.
    for verdict, words in (("time", "took more than 2 seconds"), ("memory", "more memory")):
        monkeypatch.setattr(isolation, "vet", lambda *args, v=verdict: (v, None))
        killed = isolation.run(SMALL, seconds=2.0)
        assert isinstance(killed, session.RunFailed)
        assert killed.error.kind == "limit" and words in str(killed.error), str(killed.error)
        assert (killed.error.line, killed.error.col) == (1, 1)


def test_without_a_child_the_server_runs_the_program_alone(monkeypatch):
    def unavailable(*args, **kwargs):
        raise isolation.WorkerUnavailable("no fork server here")

    monkeypatch.setattr(isolation, "vet", unavailable)
    assert isinstance(isolation.run(SMALL), session.RunOk)
    monkeypatch.setenv(isolation.ENABLED_VARIABLE, "0")
    monkeypatch.setattr(isolation, "vet", lambda *a, **k: pytest.fail("no child when disabled"))
    assert isinstance(isolation.run(SMALL), session.RunOk)


def test_the_childs_limits_are_the_servers_at_the_time_of_the_run(monkeypatch):
    # The fork server started before this variable was set: the child must still obey it.
    isolation.vet(SMALL)  # the fork server is up
    monkeypatch.setenv("CHAINRULE_MAX_ELEMENTS", "5")
    verdict, failed = isolation.vet(SMALL)
    assert verdict == "error" and failed is not None and failed.error.kind == "limit"
    monkeypatch.setenv("CHAINRULE_MAX_ELEMENTS", str(10**8))
    assert isolation.vet("x = randn(2000, 2000, seed=0)\nL = sum(x)")[0] == "ran"


def test_a_child_never_runs_the_apps_main_module(monkeypatch, tmp_path):
    # Under Streamlit, __main__ is the page script while it runs: a child that imported it
    # again (as multiprocessing's children do) would run the page, or fail before the
    # program. The fork server's children are forks: __main__ is never read.
    page = tmp_path / "page.py"
    page.write_text("raise SystemExit('the page ran in the child')\n")
    main = types.ModuleType("__main__")
    main.__file__ = str(page)
    monkeypatch.setitem(sys.modules, "__main__", main)
    assert isolation.vet(SMALL) == ("ran", None)


def test_the_fork_server_ends_with_the_app():
    code = (
        "from engine.views import isolation\n"
        "print(isolation.vet('x = 1.0\\ny = x * 2')[0], isolation.fork_server_pid())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    verdict, pid = done.stdout.split()
    assert verdict == "ran", done.stderr
    deadline = time.monotonic() + 10
    status = Path(f"/proc/{pid}/status")
    while time.monotonic() < deadline:
        try:  # gone, or a zombie waiting for a parent without an init to reap it
            if "\nState:\tZ" in status.read_text():
                return
        except FileNotFoundError:
            return
        time.sleep(0.05)
    pytest.fail(f"the fork server {pid} outlived the app")


def test_the_app_starts_the_fork_server_before_the_first_program():
    isolation.prestart()
    deadline = time.monotonic() + 30
    while isolation.fork_server_pid() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert isolation.fork_server_pid() is not None
