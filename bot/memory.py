"""Fewer malloc arenas for the long-running bot.

glibc gives threads their own malloc arenas (up to 8 per core), and each keeps its freed
memory for reuse. The bot's threads (one per SQLite connection, the executor the weekly
bootstrap runs in) allocate little, but their arenas grow with the load and stay: measured
peak RSS 244 → 213 MB under the 1,000-respondent load of bench/bench_load.py with two arenas.
"""

from __future__ import annotations

import ctypes
import ctypes.util

M_ARENA_MAX = -8  # glibc's malloc.h
ARENAS = 2


def limit_malloc_arenas(arenas: int = ARENAS) -> bool:
    """True if the C library took the limit (glibc); elsewhere nothing changes."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError):  # not glibc (musl, macOS)
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    return bool(mallopt(M_ARENA_MAX, arenas))
