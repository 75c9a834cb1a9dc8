"""Placeholder: filled in by the digest feature (issue 5): the in-process scheduler."""

from __future__ import annotations

from typing import Any


async def start_scheduler(**deps: Any) -> Any:
    """Start the jobs; returns an object with `shutdown()` (None: nothing to stop)."""
    return None
