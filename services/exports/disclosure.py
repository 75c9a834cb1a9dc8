"""Which questionnaires the answers export may show, and under which centre and period.

The rule (README "The desk", and the workbook's notes sheet), applied to one region at a time,
each audience apart; MIN_CELL = 5:

1. A centre × audience × ISO week cell of at least MIN_CELL questionnaires is shown as it is.
2. The smaller cells of a region × audience × week are merged into one "other centres of the
   region" cell (no centre named); if it holds at least MIN_CELL, it is shown with the week.
3. What is still short is merged over the month: the region's "other centres" cell of that
   audience and calendar month (of the completion date); if it holds at least MIN_CELL, it is
   shown with the month instead of the week.
4. Only what is short even then is left out.

So every cell a reader can tell apart (centre or "other centres" of a region, audience,
period) holds at least MIN_CELL questionnaires, and the sets behind different cells never
overlap: a questionnaire is shown once or not at all, so no difference of two cells isolates
anyone. Pure: no database, no aiogram.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["MIN_CELL", "Disclosure", "Item", "Placed", "place"]

MIN_CELL = 5


@dataclass(frozen=True, slots=True)
class Item:
    """One completed questionnaire of a region, as far as the rule needs it."""

    centre: str
    audience: str
    week: str  # "2026-W47"
    month: str  # "2026-11", of the completion date


@dataclass(frozen=True, slots=True)
class Placed:
    """Where a questionnaire is shown: its centre (None: the region's other centres), and
    the period (its week, or its month when merged over the month)."""

    centre: str | None
    period: str


@dataclass
class Disclosure:
    """What the rule did, summed over the regions (the notes sheet and the audit log)."""

    as_is: int = 0  # questionnaires shown with their centre and week
    merged_week: int = 0  # shown as the region's other centres, with the week
    merged_month: int = 0  # shown as the region's other centres, with the month
    questionnaires: int = 0  # left out
    cells: int = 0  # region × audience × month cells left out (each under MIN_CELL)
    small_cells: int = 0  # centre × audience × week cells under MIN_CELL (merged or left out)

    @property
    def shown(self) -> int:
        return self.as_is + self.merged_week + self.merged_month

    def add(self, other: Disclosure) -> None:
        self.as_is += other.as_is
        self.merged_week += other.merged_week
        self.merged_month += other.merged_month
        self.questionnaires += other.questionnaires
        self.cells += other.cells
        self.small_cells += other.small_cells


def place(items: Sequence[Item], minimum: int = MIN_CELL) -> tuple[list[Placed | None], Disclosure]:
    """Each item's place (None: left out) and the counts, for the items of ONE region."""
    found = Disclosure()
    out: list[Placed | None] = [None] * len(items)
    centre_cells = Counter((i.centre, i.audience, i.week) for i in items)
    small: dict[tuple[str, str], list[int]] = defaultdict(list)  # (audience, week) -> items
    for n, item in enumerate(items):
        if centre_cells[item.centre, item.audience, item.week] >= minimum:
            out[n] = Placed(item.centre, item.week)
            found.as_is += 1
        else:
            small[item.audience, item.week].append(n)
    found.small_cells = sum(1 for n in centre_cells.values() if n < minimum)
    short: dict[tuple[str, str], list[int]] = defaultdict(list)  # (audience, month) -> items
    for (_, week), members in small.items():
        if len(members) >= minimum:
            for n in members:
                out[n] = Placed(None, week)
            found.merged_week += len(members)
        else:
            for n in members:
                short[items[n].audience, items[n].month].append(n)
    for (_, month), members in short.items():
        if len(members) >= minimum:
            for n in members:
                out[n] = Placed(None, month)
            found.merged_month += len(members)
        else:
            found.questionnaires += len(members)
            found.cells += 1
    return out, found
