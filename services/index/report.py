"""Ratings as text for the command line: an aligned table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from scoring import round2, to_display_scale
from services.csv_safe import safe_row
from services.index.ratings import RatingRow

FORMATS = ("table", "csv", "json")


def _fmt(value: float | None, scale: int, signed: bool = False) -> str:
    shown = round2(to_display_scale(value, 100 if scale == 100 else 10))
    if shown is None:
        return "-"
    return f"{shown:+.2f}" if signed else f"{shown:.2f}"


INTERVAL_FIELDS = (
    "index_low", "index_high", "index_seeker_low", "index_seeker_high",
    "index_employer_low", "index_employer_high",
)  # fmt: skip


def interval_fields(r: RatingRow) -> dict[str, float | None]:
    """The 95 % interval bounds of the index and sub-indices (None: not computed/undefined)."""
    found = r.intervals
    if found is None:
        return dict.fromkeys(INTERVAL_FIELDS)
    parts = (found.combined, found.seeker, found.employer)
    bounds = [value for b in parts for value in (b.low, b.high)]
    return dict(zip(INTERVAL_FIELDS, bounds, strict=True))


def _json_row(r: RatingRow) -> dict[str, Any]:
    row = asdict(r)
    del row["intervals"]
    return row | interval_fields(r)


def render(rows: Sequence[RatingRow], fmt: str, scale: int = 10) -> str:
    if fmt == "json":
        return json.dumps([_json_row(r) for r in rows], ensure_ascii=False, indent=2)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(
            ["level", "code", "name", "region", "index", "index_seeker", "index_employer",
             "respondents", "employers", "official", "delta", *INTERVAL_FIELDS]
        )  # fmt: skip
        for r in rows:
            # Names come from outside: a spreadsheet must not run them as formulas.
            writer.writerow(safe_row(
                [r.level, r.code, r.name, r.region_code or "", r.index, r.index_seeker,
                 r.index_employer, r.respondents, r.employers, r.official, r.delta,
                 *interval_fields(r).values()]
            ))  # fmt: skip
        return out.getvalue()
    return _table(rows, scale)


def _span(r: RatingRow, scale: int) -> str:
    """'6.10-6.70': the index's 95 % interval at the display scale, '-' when there is none."""
    bounds = interval_fields(r)
    low, high = bounds["index_low"], bounds["index_high"]
    if low is None or high is None:
        return "-"
    return f"{_fmt(low, scale)}-{_fmt(high, scale)}"


def _table(rows: Sequence[RatingRow], scale: int) -> str:
    header = ("#", "code", "name", "index", "95% CI", "change", "seekers", "employers", "sample")
    scored = [r for r in rows if r.index is not None]
    sections = [
        ("Official", [r for r in scored if r.official]),
        ("Preliminary (sample below the rule)", [r for r in scored if not r.official]),
        ("No index yet", [r for r in rows if r.index is None]),
    ]
    lines: list[str] = []
    for title, part in sections:
        if not part:
            continue
        body = [
            (str(n), r.code, r.name[:48], _fmt(r.index, scale), _span(r, scale),
             _fmt(r.delta, scale, True),
             _fmt(r.index_seeker, scale), _fmt(r.index_employer, scale),
             f"{r.respondents}/{r.employers}")
            for n, r in enumerate(part, start=1)
        ]  # fmt: skip
        widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
        lines.append(f"{title} ({len(part)})")
        for row in [header, *body]:
            lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
        lines.append("")
    return "\n".join(lines) if lines else "No levels.\n"
