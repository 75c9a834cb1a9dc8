"""Load benchmark (issue 6): simulated respondents against the real bot process over HTTP.

The driver and a fake Telegram Bot API run in this process on 127.0.0.1; the bot runs as
`python -m bot run` (SQLite, polling), exactly as `make run` starts it. Each respondent scans a
QR code (/start c_<centre>), consents, picks "job seeker", answers 19 questions and skips the
comment: 23 updates. The same load goes to a bare aiogram bot (bench/bare_bot.py) that
makes the same Bot API calls with no database, and against the floor (bench/floor_bot.py):
the bare bot plus the durable minimum, on the same stack and database.

All three run at once, each on its own fake Bot API; two phases:
  1. closed loop: every respondent at once, each waiting for the reply before the next tap,
     interleaved: all respondents take `--slice` taps on one bot, then on the next, in
     alternating order — sustained updates per second, latency percentiles, errors;
  2. open loop, one bot after the other: updates injected at a fixed rate (default 100/s)
     regardless of replies — latency percentiles at a steady load.
CPU time and peak memory come from /proc/<pid> of the bot process.

    .venv/bin/python -m bench.bench_load [--respondents 1000] [--rate 100] [--seconds 30]

With --replicas (and a PostgreSQL --database-url and a --redis-url): the scale-out setup,
one and then two webhook replicas behind a balancer (bench/bench_replicas.py).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.load_driver import (
    ACTIONS,
    TOKEN,
    LoadAPI,
    Stats,
    act,
    open_loop,
    pct,
    proc_cpu,
    proc_peak_rss_mb,
    report,
    respondent,
)
from tests.fakebotapi import RecordedCall

ROOT = Path(__file__).resolve().parent.parent
# Each bot the bench measures, in order, by the module it runs as.
BOTS = {
    "bot": ["-m", "bot", "run"],
    "floor": ["-m", "bench.floor_bot"],
    "bare": ["-m", "bench.bare_bot"],
}


@dataclass
class Contender:
    """One bot process on its own fake Bot API, and what the closed loop measured of it."""

    name: str
    api: LoadAPI
    process: subprocess.Popen[bytes]
    log: Any
    closed: Stats = field(default_factory=Stats)
    wall: float = 0.0
    cpu: float = 0.0
    # uid -> the respondent's next step and the bot's last reply to them
    progress: dict[int, tuple[int, RecordedCall | None]] = field(default_factory=dict)
    errors0: int = 0
    methods0: Counter[str] = field(default_factory=Counter)


async def start(name: str, env: dict[str, str], centres: list[str]) -> Contender:
    api = LoadAPI()
    await api.start()
    env = dict(env, TELEGRAM_API_URL=api.url)
    log = open(Path(env["WORKDIR"]) / f"{name}.log", "wb")  # noqa: SIM115, ASYNC230
    process = subprocess.Popen(  # noqa: ASYNC220 - started once, before the measurement
        [sys.executable, *BOTS[name]],
        cwd=env["WORKDIR"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    contender = Contender(name, api, process, log)
    # Warm up: one respondent through the whole path (imports, first queries, caches).
    await asyncio.wait_for(respondent(api, 1, centres[0], Stats()), 120)
    contender.errors0, contender.methods0 = api.errors, api.methods.copy()
    return contender


async def advance(c: Contender, uids: range, centres: list[str], steps: int) -> None:
    """Every respondent of `uids` at once, each `steps` more taps (a closed loop: the next tap
    after the reply); the bot's CPU time and the wall time counted."""

    async def one(uid: int) -> None:
        step, last = c.progress.get(uid, (0, None))
        for _ in range(steps):
            if step >= len(ACTIONS):
                break
            last = await act(c.api, uid, step, last, centres[uid % len(centres)], c.closed)
            step = len(ACTIONS) if last is None else step + 1  # a timeout ends the respondent
        c.progress[uid] = (step, last)

    cpu0, started = proc_cpu(c.process.pid), time.perf_counter()
    await asyncio.gather(*(one(uid) for uid in uids))
    c.wall += time.perf_counter() - started
    c.cpu += proc_cpu(c.process.pid) - cpu0


async def finish(c: Contender, args: argparse.Namespace, centres: list[str]) -> dict[str, Any]:
    name, closed = c.name, c.closed
    report(name, "closed loop", closed, c.wall)
    print(f"  {name:<5} closed loop  CPU {c.cpu / max(1, closed.updates) * 1000:.2f} ms/update")
    # The Bot API calls behind those updates: the bare bot makes the same ones.
    calls = c.api.methods - c.methods0
    per_update = ", ".join(
        f"{method} {n / max(1, closed.updates):.2f}" for method, n in calls.most_common()
    )
    print(f"  {name:<5} closed loop  Bot API calls per update: {per_update}")
    opened = await open_loop(c.api, args.rate, args.seconds, 2_000_000, centres)
    report(name, f"open {args.rate:g}/s", opened)
    return {
        "throughput": closed.updates / max(c.wall, 1e-9),
        "cpu_per_update_ms": c.cpu / max(1, closed.updates) * 1000,
        "p99_open": pct(opened.latencies, 0.99),
        "peak_mb": proc_peak_rss_mb(c.process.pid),
        "errors": c.api.errors - c.errors0 + closed.timeouts + opened.timeouts,
    }


async def stop(c: Contender, args: argparse.Namespace) -> None:
    c.process.terminate()
    try:
        c.process.wait(timeout=30)
    except subprocess.TimeoutExpired:  # still draining a backlog on a loaded machine
        c.process.kill()
        c.process.wait(timeout=30)
    c.log.close()
    await c.api.stop()
    if args.keep_logs:
        print(Path(c.log.name).read_text()[-3000:])  # noqa: ASYNC240 - measured already


def prepare(workdir: Path, env: dict[str, str]) -> list[str]:
    for command in (["migrate"], ["import-centres", str(ROOT / "samples/centres.csv")]):
        subprocess.run(
            [sys.executable, "-m", "bot", *command],
            cwd=workdir,
            env=env,
            check=True,
            capture_output=True,
        )
    with (ROOT / "samples/centres.csv").open(encoding="utf-8") as fh:
        return [row["centre_code"] for row in csv.DictReader(fh)]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--respondents", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--only", choices=tuple(BOTS))
    parser.add_argument(
        "--slice",
        type=int,
        default=4,
        help="taps per respondent before the closed loop moves on to the next bot (default 4)",
    )
    parser.add_argument("--keep-logs", action="store_true", help="print the bot's log tail")
    parser.add_argument("--database-url", help="e.g. a PostgreSQL URL (default: a fresh SQLite)")
    parser.add_argument("--redis-url", default="", help="FSM in Redis (the scale-out setup)")
    parser.add_argument(
        "--replicas",
        action="store_true",
        help="one, then two webhook replicas on --database-url (PostgreSQL) and --redis-url "
        "behind a balancer: updates/s and CPU per update side by side (bench/bench_replicas.py)",
    )
    args = parser.parse_args()
    if args.replicas:
        from bench.bench_replicas import main as replicas

        await replicas(args)
        return
    summarize(await run(args), args)


async def run(args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    """The bots side by side, all running, the closed loop interleaved: every respondent takes
    `--slice` taps on one bot, then on the next, in alternating order, until all are done.
    This VM's speed drifts by up to 2x within minutes: bots measured one after the other
    were compared at different speeds, slices a few seconds long share them."""
    random.seed(1)
    postgres = bool(args.database_url and args.database_url.startswith("postgresql"))
    database = f"czn_bench_load_{os.getpid()}"
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_", "REDIS_"))
        }
        env.update(
            BOT_TOKEN=TOKEN,
            DATABASE_URL=f"sqlite+aiosqlite:///{tmp}/load.db",
            REDIS_URL=args.redis_url,
            SCHEDULER_ENABLED="false",
            PYTHONPATH=str(ROOT),
            WORKDIR=tmp,
            # Its own secret: this run's FSM keys cannot meet another run's in Redis.
            RESPONDENT_SECRET=f"load-{os.getpid()}-{time.time_ns()}",
        )
        if postgres:  # a fresh database on that server, dropped afterwards
            from bench.bench_replicas import admin

            await admin(args.database_url, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
            await admin(args.database_url, f"CREATE DATABASE {database}")
            env["DATABASE_URL"] = f"{args.database_url.rsplit('/', 1)[0]}/{database}"
        centres = prepare(Path(tmp), env)
        backend = "PostgreSQL" if postgres else "SQLite"
        print(
            f"{args.respondents} respondents × {len(ACTIONS)} updates; open loop "
            f"{args.rate:g} updates/s for {args.seconds:g} s; {os.cpu_count()} cores; "
            f"{backend}{' + Redis' if args.redis_url else ''}"
        )
        names = [name for name in BOTS if args.only in (None, name)]
        contenders = [await start(name, env, centres) for name in names]
        results: dict[str, dict[str, Any]] = {}
        try:
            uids = range(10_000, 10_000 + args.respondents)
            for number in range(-(-len(ACTIONS) // args.slice)):
                for c in contenders if number % 2 == 0 else reversed(contenders):
                    await advance(c, uids, centres, args.slice)
            for c in contenders:
                results[c.name] = await finish(c, args, centres)
        finally:
            for c in contenders:
                await stop(c, args)
        if postgres:
            await admin(args.database_url, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    return results


def summarize(results: dict[str, dict[str, Any]], args: argparse.Namespace) -> None:
    print()
    for name, r in results.items():
        print(
            f"  {name:<5} throughput {r['throughput']:.1f} upd/s, "
            f"CPU {r['cpu_per_update_ms']:.2f} ms/update, open-loop p99 {r['p99_open']:.1f} ms, "
            f"peak RSS {r['peak_mb']:.0f} MB, errors {r['errors']}"
        )
    if len(results) == len(BOTS):
        bot, floor, bare = results["bot"], results["floor"], results["bare"]
        print(
            f"  ratio: throughput {bot['throughput'] / bare['throughput']:.2f}× of bare "
            f"(target ≥ 0.5), CPU per update "
            f"{bot['cpu_per_update_ms'] / bare['cpu_per_update_ms']:.2f}× (target ≤ 2)"
        )
        # What durability alone costs on this stack, and what the product adds on top of it.
        for one, other, name in ((floor, bare, "floor vs bare"), (bot, floor, "bot vs floor")):
            print(
                f"  {name}: throughput {one['throughput'] / other['throughput']:.2f}×, "
                f"CPU per update {one['cpu_per_update_ms'] / other['cpu_per_update_ms']:.2f}×"
            )
    if "bot" in results:
        bot = results["bot"]
        print(
            f"  targets: ≥150 upd/s {'met' if bot['throughput'] >= 150 else 'MISSED'}; "
            f"p99 < 100 ms at {args.rate:g}/s {'met' if bot['p99_open'] < 100 else 'MISSED'}"
        )


if __name__ == "__main__":
    asyncio.run(main())
