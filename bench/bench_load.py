"""Load benchmark (issue 6): simulated respondents against the real bot process over HTTP.

The driver and a fake Telegram Bot API run in this process on 127.0.0.1; the bot runs as
`python -m bot run` (SQLite, polling), exactly as `make run` starts it. Each respondent scans a
QR code (/start c_<centre>), consents, picks "job seeker", answers 19 questions and skips the
comment: 23 updates. Then the same load against a bare aiogram bot (bench/bare_bot.py) that
makes the same Bot API calls with no database, and against the floor (bench/floor_bot.py):
the bare bot plus the durable minimum, on the same stack and database.

Phases, per bot:
  1. closed loop: every respondent at once, each waiting for the reply before the next tap —
     sustained updates per second, latency percentiles, errors;
  2. open loop: updates injected at a fixed rate (default 100/s) regardless of replies —
     latency percentiles at a steady load.
CPU time and peak memory come from /proc/<pid> of the bot process.

    .venv/bin/python -m bench.bench_load [--respondents 1000] [--rate 100] [--seconds 30]

With --replicas (and a PostgreSQL --database-url and a --redis-url): the scale-out setup,
one and then two webhook replicas behind a balancer (bench/bench_replicas.py).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.fakebotapi import FakeBotAPI, RecordedCall

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456:LOAD-TEST"
TICKS = os.sysconf("SC_CLK_TCK")
# Each bot the bench measures, in order, by the module it runs as.
BOTS = {
    "bot": ["-m", "bot", "run"],
    "floor": ["-m", "bench.floor_bot"],
    "bare": ["-m", "bench.bare_bot"],
}
ACTIONS = ["start", "✅ Согласен(на)", "👤 Ищу работу (соискатель)", *["4"] * 19, "Пропустить"]


class Recorder(FakeBotAPI):
    """Wakes the waiter of a chat when the bot shows that chat a keyboard; counts the failed
    calls and the calls by method. Mixed in front of a fake Bot API (LoadAPI here, the webhook
    one in bench_replicas), which it passes its arguments to."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.waiters: dict[int, asyncio.Future[RecordedCall]] = {}
        self.errors = 0
        self.methods: Counter[str] = Counter()

    def _record(self, call: RecordedCall) -> None:
        # Keep memory flat over tens of thousands of calls: the driver needs only the last one.
        call.index = 0
        self.methods[call.method] += 1
        if call.response is not None and not call.response.get("ok", False):
            self.errors += 1
        if call.method in ("sendMessage", "editMessageText") and "reply_markup" in call.params:
            waiter = self.waiters.pop(int(call.params["chat_id"]), None)
            if waiter is not None and not waiter.done():
                waiter.set_result(call)

    def expect(self, chat_id: int) -> asyncio.Future[RecordedCall]:
        future: asyncio.Future[RecordedCall] = asyncio.get_running_loop().create_future()
        self.waiters[chat_id] = future
        return future


class LoadAPI(Recorder):
    def __init__(self) -> None:
        super().__init__(token=TOKEN)


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    timeouts: int = 0
    updates: int = 0


def proc_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def proc_peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def act(
    api: Recorder,
    uid: int,
    step: int,
    last: RecordedCall | None,
    centre: str,
    stats: Stats,
    timeout: float = 30.0,
) -> RecordedCall | None:
    """One tap or message; returns the bot's reply carrying the next keyboard."""
    waiter = api.expect(uid)
    started = time.perf_counter()
    if step == 0:
        api.send_message(uid, f"/start c_{centre}")
    else:
        assert last is not None
        message_id = int(last.params.get("message_id") or last.response["result"]["message_id"])
        api.click(uid, message_id, ACTIONS[step])
    stats.updates += 1
    try:
        reply = await asyncio.wait_for(waiter, timeout)
    except TimeoutError:
        stats.timeouts += 1
        return None
    stats.latencies.append(time.perf_counter() - started)
    return reply


async def respondent(api: Recorder, uid: int, centre: str, stats: Stats) -> None:
    last: RecordedCall | None = None
    for step in range(len(ACTIONS)):
        last = await act(api, uid, step, last, centre, stats)
        if last is None:
            return


async def closed_loop(
    api: Recorder, count: int, first_uid: int, centres: list[str]
) -> tuple[Stats, float]:
    stats = Stats()
    started = time.perf_counter()
    await asyncio.gather(
        *(respondent(api, first_uid + i, centres[i % len(centres)], stats) for i in range(count))
    )
    return stats, time.perf_counter() - started


async def open_loop(
    api: Recorder, rate: float, seconds: float, first_uid: int, centres: list[str]
) -> Stats:
    """Inject one update every 1/rate s from whichever respondent is ready, for `seconds`."""
    stats = Stats()
    ready: asyncio.Queue[tuple[int, int, RecordedCall | None]] = asyncio.Queue()
    uid = first_uid
    tasks: set[asyncio.Task[None]] = set()

    async def run(u: int, step: int, last: RecordedCall | None) -> None:
        reply = await act(api, u, step, last, centres[u % len(centres)], stats)
        if reply is not None and step + 1 < len(ACTIONS):
            ready.put_nowait((u, step + 1, reply))

    interval, next_at, deadline = 1.0 / rate, time.perf_counter(), time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        if ready.empty():
            uid += 1  # a new person scans the QR code
            item: tuple[int, int, RecordedCall | None] = (uid, 0, None)
        else:
            item = ready.get_nowait()
        task = asyncio.create_task(run(*item))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
        next_at += interval
        await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
    await asyncio.gather(*tasks)
    return stats


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def report(name: str, phase: str, stats: Stats, wall: float | None = None) -> None:
    rate = f"{stats.updates / wall:7.1f} upd/s" if wall else " " * 13
    print(
        f"  {name:<5} {phase:<12} {rate}  p50 {pct(stats.latencies, 0.50):6.1f} ms  "
        f"p95 {pct(stats.latencies, 0.95):6.1f} ms  p99 {pct(stats.latencies, 0.99):6.1f} ms  "
        f"updates {stats.updates}  timeouts {stats.timeouts}"
    )


async def measure(
    name: str, command: list[str], env: dict[str, str], args: argparse.Namespace, centres: list[str]
) -> dict[str, Any]:
    api = LoadAPI()
    await api.start()
    env = dict(env, TELEGRAM_API_URL=api.url)
    log = open(Path(env["WORKDIR"]) / f"{name}.log", "wb")  # noqa: SIM115, ASYNC230
    process = subprocess.Popen(  # noqa: ASYNC220 - started once, before the measurement
        command, cwd=env["WORKDIR"], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        # Warm up: one respondent through the whole path (imports, first queries, caches).
        warm = Stats()
        await asyncio.wait_for(respondent(api, 1, centres[0], warm), 120)
        cpu0, errors0, methods0 = proc_cpu(process.pid), api.errors, api.methods.copy()
        closed, wall = await closed_loop(api, args.respondents, 10_000, centres)
        cpu = proc_cpu(process.pid) - cpu0
        report(name, "closed loop", closed, wall)
        print(f"  {name:<5} closed loop  CPU {cpu / max(1, closed.updates) * 1000:.2f} ms/update")
        # The Bot API calls behind those updates: the bare bot makes the same ones.
        calls = api.methods - methods0
        per_update = ", ".join(
            f"{method} {n / max(1, closed.updates):.2f}" for method, n in calls.most_common()
        )
        print(f"  {name:<5} closed loop  Bot API calls per update: {per_update}")
        opened = await open_loop(api, args.rate, args.seconds, 2_000_000, centres)
        report(name, f"open {args.rate:g}/s", opened)
        return {
            "throughput": closed.updates / wall,
            "cpu_per_update_ms": cpu / max(1, closed.updates) * 1000,
            "p99_open": pct(opened.latencies, 0.99),
            "peak_mb": proc_peak_rss_mb(process.pid),
            "errors": api.errors - errors0 + closed.timeouts + opened.timeouts,
        }
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # still draining a backlog on a loaded machine
            process.kill()
            process.wait(timeout=30)
        log.close()
        await api.stop()
        if args.keep_logs:
            print((Path(env["WORKDIR"]) / f"{name}.log").read_text()[-3000:])


def prepare(workdir: Path, env: dict[str, str]) -> list[str]:
    for command in (["migrate"], ["import-centres", str(ROOT / "samples/centres.csv")]):
        subprocess.run(
            [sys.executable, "-m", "bot", *command],
            cwd=workdir,
            env=env,
            check=True,
            capture_output=True,
        )
    import csv

    with (ROOT / "samples/centres.csv").open(encoding="utf-8") as fh:
        return [row["centre_code"] for row in csv.DictReader(fh)]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--respondents", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--only", choices=tuple(BOTS))
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="repeat the three bots, each round on a fresh database, in alternating order; "
        "prints the median of each ratio (this VM's speed drifts by up to 2× within minutes)",
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
    rounds: list[dict[str, dict[str, Any]]] = []
    for number in range(args.rounds):
        if args.rounds > 1:
            print(f"round {number + 1} of {args.rounds}")
        # Every other round in the reverse order: a machine that speeds up or slows down
        # during the run does not favour the bot that always goes first.
        order = list(BOTS) if number % 2 == 0 else list(reversed(BOTS))
        results = await run_round(args, order)
        summarize(results, args)
        rounds.append(results)
    if len(rounds) > 1 and all(len(r) == len(BOTS) for r in rounds):
        print(f"\nmedian of {len(rounds)} rounds (each ratio within its own round):")
        for one, other, name in RATIOS:
            for key, label in (("throughput", "throughput"), ("cpu_per_update_ms", "CPU/update")):
                values = sorted(r[one][key] / r[other][key] for r in rounds)
                print(
                    f"  {name:<13} {label:<10} {statistics.median(values):.2f}× "
                    f"(rounds: {', '.join(f'{v:.2f}' for v in values)})"
                )


# The ratios printed: the bot against the bare bot (issue 16's targets), and the two halves.
RATIOS = (
    ("bot", "bare", "bot vs bare"),
    ("floor", "bare", "floor vs bare"),
    ("bot", "floor", "bot vs floor"),
)


async def run_round(args: argparse.Namespace, order: list[str]) -> dict[str, dict[str, Any]]:
    """Each bot of `order` against a fresh database: one person rates a centre only once."""
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
        results: dict[str, dict[str, Any]] = {}
        for name in order:
            if args.only in (None, name):
                command = [sys.executable, *BOTS[name]]
                results[name] = await measure(name, command, env, args, centres)
        if postgres:
            await admin(args.database_url, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    return {name: results[name] for name in BOTS if name in results}


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
