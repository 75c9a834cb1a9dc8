"""The bot asks glibc for fewer malloc arenas (bot/memory.py); elsewhere it changes nothing."""

from __future__ import annotations

import ctypes.util
import platform

import pytest

from bot import memory


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc only")
def test_glibc_takes_the_limit() -> None:
    assert memory.limit_malloc_arenas() is True


def test_without_a_c_library_nothing_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ctypes.util, "find_library", lambda _name: None)
    assert memory.limit_malloc_arenas() is False


def test_a_c_library_without_mallopt_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    class NoMallopt:
        def __init__(self, _name: str) -> None:
            pass

    monkeypatch.setattr(memory.ctypes, "CDLL", NoMallopt)
    assert memory.limit_malloc_arenas() is False
