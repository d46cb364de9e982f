"""The measuring conditions: allocator thresholds, machine facts, memory readings.

Everything here is about making a 2-core shared machine give numbers that can
be compared, and saying in the output what was done to it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import platform
from pathlib import Path

# glibc's mallopt parameter numbers (malloc.h).
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3

# Why fixed thresholds: by default glibc hands freed memory above 128 KiB back
# to the OS (trim) and serves big blocks with fresh mmaps whose threshold moves
# as the program runs. A small step then pays page faults on every call, or
# only on some calls depending on what another contender freed before it. With
# fixed thresholds every contender gets memory from a heap that stays mapped.
# 32 MiB is glibc's documented ceiling for the mmap threshold on 64-bit; the
# largest array in the suite (1024 x 1024 float64) is 8 MiB.
TRIM_THRESHOLD = 1 << 30
MMAP_THRESHOLD = 32 << 20


def fix_allocator() -> str:
    """Fix glibc's trim and mmap thresholds for this process; say what was done."""
    path = ctypes.util.find_library("c")
    if path is None:
        return "allocator: libc not found, thresholds left at their defaults"
    libc = ctypes.CDLL(path)
    try:
        version = libc.gnu_get_libc_version
    except AttributeError:
        return "allocator: not glibc, thresholds left at their defaults"
    version.restype = ctypes.c_char_p
    trim_ok = libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1
    mmap_ok = libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
    glibc = f"glibc {version().decode()}"
    if not (trim_ok and mmap_ok):
        return f"allocator: {glibc} refused mallopt (trim {trim_ok}, mmap {mmap_ok})"
    return (
        f"allocator: {glibc}, mallopt M_TRIM_THRESHOLD={TRIM_THRESHOLD >> 20} MiB,"
        f" M_MMAP_THRESHOLD={MMAP_THRESHOLD >> 20} MiB (fixed for every contender)"
    )


def proc_status_kib(*fields: str) -> dict[str, int]:
    """Read fields such as VmRSS and VmHWM (in KiB) from /proc/self/status."""
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in fields:
            values[key] = int(rest.split()[0])
    return values


def reset_peak_rss() -> bool:
    """Reset VmHWM to the current RSS (Linux: write 5 to clear_refs); False if refused."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def blas_summary() -> str:
    """numpy's BLAS in one line, from ``np.show_config(mode="dicts")``."""
    import numpy as np

    try:
        config = np.show_config(mode="dicts")
        blas = config["Build Dependencies"]["blas"]
        detail = blas.get("openblas configuration", "")
        return f"{blas['name']} {blas.get('version', '')} ({detail})".strip()
    except Exception as exc:  # the layout of show_config varies between numpy versions
        return f"unknown ({type(exc).__name__})"


def blas_env() -> str:
    names = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_CORETYPE", "MKL_NUM_THREADS")
    found = [f"{name}={os.environ[name]}" for name in names if name in os.environ]
    return ", ".join(found) if found else "no thread or core-type variables set"


_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds() -> tuple[float, float, float]:
    """(machine busy, machine steal, this process) CPU seconds so far.

    Busy excludes idle, iowait and steal; steal (time the hypervisor gave to
    other guests) is returned apart. Over an interval, busy minus this
    process's own time is what *other* processes used while we were timing.
    """
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    own = os.times()
    return (
        (user + nice + system + irq + softirq) / _TICKS,
        steal / _TICKS,
        own.user + own.system,
    )
