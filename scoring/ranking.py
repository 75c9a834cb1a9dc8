"""Which places in a ranking are noise: the neighbour rule of METHODOLOGY.md §8.

Two neighbours in a ranking are "на уровне" (indistinguishable) when their 95 % intervals
overlap. A level without an interval (not computed, or undefined) is compared with nobody:
no mark is better than a mark drawn from nothing, and the index is then shown without an
interval anyway.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["Span", "on_par", "on_par_with_neighbours", "tied_at"]

Span = tuple[float | None, float | None]  # (low, high) of an interval; None: no interval


def on_par(a: Span, b: Span) -> bool:
    """Both intervals exist and overlap (touching ends count as overlapping)."""
    (a_low, a_high), (b_low, b_high) = a, b
    if a_low is None or a_high is None or b_low is None or b_high is None:
        return False
    return a_low <= b_high and b_low <= a_high


def on_par_with_neighbours(ranked: Sequence[Span]) -> list[bool]:
    """For each place of a ranking (best first): on par with the place above or below it."""
    links = [on_par(ranked[n], ranked[n + 1]) for n in range(len(ranked) - 1)]
    return [(n > 0 and links[n - 1]) or (n < len(links) and links[n]) for n in range(len(ranked))]


def tied_at(ranked: Sequence[Span], place: int) -> bool:
    """The `place`-th and the next are on par (place 5: the top five's last is not sure)."""
    if place < 1:
        raise ValueError(f"place must be 1 or more, got {place}")
    return len(ranked) > place and on_par(ranked[place - 1], ranked[place])
