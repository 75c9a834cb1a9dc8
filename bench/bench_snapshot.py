"""Benchmark: a full snapshot run over 1,000,000 answers (issues 3 and 15).

Generates 2,500 centres in 85 regions and ~52,600 completed questionnaires (19 answers each,
≈1,000,000 answers) into a fresh SQLite database migrated by Alembic, then times
`take_snapshot` (every centre, region and the country, with sub-indices, stored) against one
hand-written GROUP BY over the same answers table, in the same run; and the snapshot without
and with the 95 % intervals of METHODOLOGY.md §8 (B = 1,000 resamples for the index and both
sub-indices of all 2,586 levels), alternating, so both see the same machine.

    .venv/bin/python -m bench.bench_snapshot [--answers 1000000] [--repeat 3]

Targets (2-core machine): snapshot under 3 s, and at most 2× the plain GROUP BY (issue 3);
the snapshot with intervals at most 2× the one without (issue 15). Wall and CPU times are
both printed: on a shared machine the CPU time is the steadier of the two.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from scoring import BootstrapParams, load_methodology
from services.index.ratings import take_snapshot
from storage.db import create_engine, create_sessionmaker
from storage.migrate import upgrade

REGIONS, CENTRES = 85, 2500
GROUP_BY = """
SELECT q.centre_code, q.audience, a.indicator, sum(a.value - 1), count(a.value)
FROM answers a JOIN questionnaires q ON q.id = a.questionnaire_id
WHERE q.completed_at IS NOT NULL AND q.completed_at >= :start AND q.completed_at < :end
  AND q.methodology = 'star-2023' AND a.value IS NOT NULL
GROUP BY q.centre_code, q.audience, a.indicator
"""


def generate(path: Path, answers: int, now: datetime) -> int:
    """Fill the database with plain sqlite3 (fast bulk inserts); returns questionnaires."""
    m = load_methodology("star-2023")
    seeker = [i.code for i in m.indicators if "seeker" in i.audiences]
    employer = [i.code for i in m.indicators if "employer" in i.audiences]
    rng = random.Random(2026)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    db.executemany(
        "INSERT INTO regions (code, name) VALUES (?, ?)",
        [(f"R{r:02d}", f"Регион {r}") for r in range(REGIONS)],
    )
    db.executemany(
        "INSERT INTO centres (code, region_code, name, name_folded, address, latitude, longitude,"
        " timezone) VALUES (?, ?, ?, ?, ?, ?, ?, 'Europe/Moscow')",
        [
            (
                f"C{c:04d}",
                f"R{c % REGIONS:02d}",
                f"ЦЗН {c}",
                f"цзн {c}",
                "адрес",
                50 + rng.random() * 10,
                30 + rng.random() * 100,
            )
            for c in range(CENTRES)
        ],
    )
    # Each centre leans a little better or worse, so the rating has a real spread.
    lean = [rng.uniform(-1.0, 1.0) for _ in range(CENTRES)]
    q_rows, a_rows, qid, written = [], [], 0, 0
    fmt = "%Y-%m-%d %H:%M:%S.%f"
    while written < answers:
        qid += 1
        centre = rng.randrange(CENTRES)
        audience = "employer" if rng.random() < 0.22 else "seeker"
        done = now - timedelta(minutes=rng.randrange(60 * 24 * 85))
        q_rows.append(
            (
                qid,
                f"C{centre:04d}",
                audience,
                f"{qid:064x}",
                "star-2023",
                done.strftime(fmt),
                done.strftime(fmt),
            )
        )
        for code in seeker if audience == "seeker" else employer:
            value = (
                None
                if rng.random() < 0.07
                else min(5, max(1, round(3.8 + lean[centre] + rng.gauss(0, 1))))
            )
            a_rows.append((qid, code, code, value, done.strftime(fmt)))
            written += 1
        if len(a_rows) > 200_000:
            _flush(db, q_rows, a_rows)
    _flush(db, q_rows, a_rows)
    db.commit()
    db.execute("ANALYZE")
    db.close()
    return qid


def _flush(db: sqlite3.Connection, q_rows: list[tuple], a_rows: list[tuple]) -> None:  # type: ignore[type-arg]
    db.executemany(
        "INSERT INTO questionnaires (id, centre_code, audience, respondent_key, methodology,"
        " started_at, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        q_rows,
    )
    db.executemany(
        "INSERT INTO answers (questionnaire_id, question_id, indicator, value, answered_at)"
        " VALUES (?, ?, ?, ?, ?)",
        a_rows,
    )
    q_rows.clear()
    a_rows.clear()


Timings = dict[str, list[tuple[float, float]]]  # name -> [(wall, cpu)]


async def measure(url: str, now: datetime, repeat: int) -> tuple[Timings, int]:
    m = load_methodology("star-2023")
    engine = create_engine(url)
    sessionmaker = create_sessionmaker(engine)
    params = {
        "start": (now - timedelta(days=90)).replace(tzinfo=None),
        "end": now.replace(tzinfo=None),
    }
    found: Timings = {"group_by": [], "plain": [], "intervals": []}
    levels = 0
    try:
        for _ in range(repeat):
            async with engine.connect() as conn:
                t0, c0 = time.perf_counter(), time.process_time()
                rows = (await conn.execute(text(GROUP_BY), params)).all()
                found["group_by"].append((time.perf_counter() - t0, time.process_time() - c0))
            for name, bootstrap in (("plain", None), ("intervals", BootstrapParams())):
                async with sessionmaker() as session:
                    t0, c0 = time.perf_counter(), time.process_time()
                    run = await take_snapshot(session, m, now=now, bootstrap=bootstrap)
                    found[name].append((time.perf_counter() - t0, time.process_time() - c0))
                    levels = int(
                        (
                            await session.execute(
                                text("SELECT count(*) FROM snapshots WHERE run_id = :r"),
                                {"r": run.id},
                            )
                        ).scalar_one()
                    )
        assert rows, "the GROUP BY found nothing: the generated data is outside the window"
    finally:
        await engine.dispose()
    return found, levels


def _line(label: str, runs: list[tuple[float, float]]) -> str:
    walls, cpus = [w for w, _ in runs], [c for _, c in runs]
    return (
        f"{label:<22}: best {min(walls):.3f} s, median {statistics.median(walls):.3f} s "
        f"(CPU best {min(cpus):.3f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        url = f"sqlite+aiosqlite:///{path}"
        upgrade(url)
        t0 = time.perf_counter()
        questionnaires = generate(path, args.answers, now)
        print(
            f"generated {args.answers:,} answers in {questionnaires:,} questionnaires, "
            f"{CENTRES:,} centres, {REGIONS} regions in {time.perf_counter() - t0:.1f} s"
        )
        found, levels = asyncio.run(measure(url, now, args.repeat))
    group_by, plain, full = found["group_by"], found["plain"], found["intervals"]
    best_plain = min(w for w, _ in plain)
    print(_line("hand-written GROUP BY", group_by))
    print(_line("snapshot", plain) + f" ({levels:,} levels stored per run)")
    print(_line("snapshot + intervals", full))
    print(
        f"ratio snapshot / GROUP BY: {best_plain / min(w for w, _ in group_by):.2f}x "
        f"(target <= 2x); target < 3 s: {'met' if best_plain < 3 else 'MISSED'}"
    )
    wall_ratio = min(w for w, _ in full) / best_plain
    cpu_ratio = min(c for _, c in full) / min(c for _, c in plain)
    print(
        f"ratio with / without intervals: {wall_ratio:.2f}x wall, {cpu_ratio:.2f}x CPU "
        f"(target <= 2x): {'met' if wall_ratio <= 2 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
