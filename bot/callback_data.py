"""Bounds for the ints of every feature's callback data (handlers/*/callbacks.py).

Callback data comes from the client and can be forged (`an:100000000000000000000:0:5`). Data
outside the bounds does not unpack, so the filter does not match and the button is simply
stale (handlers/fallback.py), never an OverflowError in the database driver.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

# Ids of rows (INTEGER, 32 bits on PostgreSQL) and small counters (pages, positions).
RowId = Annotated[int, Field(ge=0, le=2**31 - 1)]
Small = Annotated[int, Field(ge=0, le=10_000)]
Score = Annotated[int, Field(ge=0, le=5)]  # 1..5, or 0 for "hard to say"
