"""Benchmark: the anonymised answers export of 100,000 questionnaires must stream (issue 15).

Generates questionnaires (19 answers each for job seekers, 18 for employers, in 250 centres
of 85 regions, over 12 weeks) into a fresh SQLite database with bench_snapshot's generator,
then runs the answers export as xlsx and as csv, each in a fresh process, at a tenth of the
size and at full size, and prints the time, the file size and the process's peak RSS.
Bounded memory means the peak hardly moves between the two sizes. It also prints what the
disclosure rule (services.exports.disclosure) kept: shown with centre and week, merged into
the region's other centres by week and by month, and left out; `--centres 2500` is the real
spread (2,500 centres), where nearly every centre x audience x week cell is under 5.

    .venv/bin/python -m bench.bench_export [--questionnaires 100000] [--centres 2500]
        [--formats xlsx,csv] [--sizes tenth,full]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import bench_snapshot
from bench.bench_snapshot import generate
from storage.migrate import upgrade

ANSWERS_PER_QUESTIONNAIRE = 18.8  # 22 % employers (18 answers), the rest job seekers (19)


def child(database: Path, fmt: str, out: Path) -> None:
    """Runs in a fresh process: one export, then its figures as JSON on stdout."""
    from bot.config import DatabaseSettings, Settings, SurveySettings, TelegramSettings
    from bot.i18n import Translations
    from services.exports import ExportScope, make_export
    from storage.db import create_engine, create_sessionmaker

    settings = Settings(
        telegram=TelegramSettings(_env_file=None, bot_token="42:BENCH"),
        database=DatabaseSettings(_env_file=None, database_url=f"sqlite+aiosqlite:///{database}"),
        survey=SurveySettings(_env_file=None, respondent_secret="bench-secret"),
    )
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    async def run() -> tuple[int, dict[str, int]]:
        engine = create_engine(settings.database.database_url)
        try:
            async with create_sessionmaker(engine)() as session:
                t = Translations().get("ru")
                result = await make_export(
                    session, settings, "answers", fmt, ExportScope.operator(), out, t, actor_id=None
                )
                d = result.left_out
                kept = {"as_is": d.as_is, "week": d.merged_week, "month": d.merged_month}
                return result.rows, kept | {"left_out": d.questionnaires}
        finally:
            await engine.dispose()

    t0 = time.perf_counter()
    rows, disclosure = asyncio.run(run())
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    figures: dict[str, object] = {"rows": rows, "seconds": seconds} | disclosure
    figures |= {"peak_kb": peak, "before_kb": before, "bytes": out.stat().st_size}
    print(json.dumps(figures))


def measure(database: Path, fmt: str, out: Path) -> dict[str, float]:  # JSON numbers
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_export", "--child", str(database), fmt, str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questionnaires", type=int, default=100_000)
    parser.add_argument("--centres", type=int, default=250)
    parser.add_argument("--formats", default="xlsx,csv")
    parser.add_argument("--sizes", default="tenth,full")
    parser.add_argument("--child", nargs=3, metavar=("DB", "FORMAT", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), args.child[1], Path(args.child[2]))
        return
    # 250 centres by default: the streaming figures need rows to write. At 2,500 almost every
    # centre x audience x week cell of 100,000 questionnaires over 12 weeks is under 5, and
    # the disclosure rule merges them (the figures below say how much).
    bench_snapshot.CENTRES = args.centres
    sizes = {"tenth": args.questionnaires // 10, "full": args.questionnaires}
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as tmp:
        for size in (sizes[name] for name in args.sizes.split(",")):
            path = Path(tmp) / f"bench-{size}.db"
            upgrade(f"sqlite+aiosqlite:///{path}")
            t0 = time.perf_counter()
            made = generate(path, int(size * ANSWERS_PER_QUESTIONNAIRE), now)
            print(f"generated {made:,} questionnaires in {time.perf_counter() - t0:.1f} s")
            for fmt in args.formats.split(","):
                got = measure(path, fmt, Path(tmp) / f"answers-{size}.{fmt}")
                print(
                    f"  answers.{fmt}: {got['rows']:,} rows in"
                    f" {got['seconds']:.1f} s, {got['bytes'] / 2**20:.1f} MB;"
                    f" peak RSS {got['peak_kb'] / 1024:.0f} MB"
                    f" (after imports {got['before_kb'] / 1024:.0f} MB)"
                )
            total = got["as_is"] + got["week"] + got["month"] + got["left_out"]
            share = {k: got[k] / total if total else 0.0 for k in ("as_is", "week", "month")}
            print(
                f"  kept {got['rows'] / total:.1%} of {total:,.0f} questionnaires: with centre"
                f" and week {share['as_is']:.1%}, merged by week {share['week']:.1%}, by month"
                f" {share['month']:.1%}; left out {got['left_out'] / total:.1%}"
            )


if __name__ == "__main__":
    main()
