"""The scale-out setup under load (issue 18): one and then two webhook replicas on PostgreSQL
and Redis, behind the balancer of tests/e2e/replicas.py, with Telegram's webhook delivery
faked the same way. Each run gets a fresh database; the replicas run without the scheduler.

Closed loop, as in bench_load: every respondent at once, each waiting for the reply before
the next tap. Prints updates/s and the CPU per update (all replicas together) side by side.

    .venv/bin/python -m bench.bench_load --replicas \\
        --database-url postgresql+asyncpg://postgres@127.0.0.1:55432/postgres \\
        --redis-url redis://127.0.0.1:56379/7 [--respondents 200]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path

import asyncpg

from bench.bench_load import ROOT
from bench.load_driver import TOKEN, Recorder, Stats, closed_loop, proc_cpu, respondent
from tests.e2e.environment import healthy
from tests.e2e.replicas import Balancer, WebhookTelegram


class ReplicaLoadAPI(Recorder, WebhookTelegram):
    """Webhook delivery plus bench_load's waiters and counts (and its flat memory)."""

    def __init__(self) -> None:
        super().__init__(TOKEN)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def admin(url: str, statement: str) -> None:
    connection = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


async def measure(count: int, args: argparse.Namespace, workdir: Path) -> dict[str, float]:
    base = args.database_url.rsplit("/", 1)[0]
    name = f"czn_bench_{os.getpid()}_{count}"
    await admin(args.database_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    await admin(args.database_url, f"CREATE DATABASE {name}")
    api = ReplicaLoadAPI()
    await api.start()
    ports = [free_port() for _ in range(count)]
    balancer = Balancer([f"http://127.0.0.1:{port}" for port in ports])
    await balancer.start()
    api.target, api.secret = balancer.url, secrets.token_urlsafe(24)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_"))}
    env.update(
        BOT_TOKEN=TOKEN,
        TELEGRAM_API_URL=api.url,
        DATABASE_URL=f"{base}/{name}",
        REDIS_URL=args.redis_url,
        # Its own secret: the FSM keys of this run cannot meet another run's in Redis.
        RESPONDENT_SECRET="bench-" + secrets.token_hex(16),
        PYTHONPATH=str(ROOT),
        SCHEDULER_ENABLED="false",
        WEBHOOK_BASE_URL="https://bot.example.invalid",
        WEBHOOK_SECRET=api.secret,
    )
    for command in (["migrate"], ["import-centres", str(ROOT / "samples/centres.csv")]):
        subprocess.run(  # noqa: ASYNC221 - set-up, before anything is measured
            [sys.executable, "-m", "bot", *command], cwd=workdir, env=env, check=True,
            capture_output=True,
        )  # fmt: skip
    processes = []
    try:
        for n, port in enumerate(ports):
            log = (workdir / f"replica-{count}-{n}.log").open("wb")
            processes.append(
                subprocess.Popen(  # noqa: ASYNC220 - started once, before the measurement
                    [sys.executable, "-m", "bot", "run"],
                    cwd=workdir,
                    env=dict(env, WEBHOOK_PORT=str(port), WEBHOOK_REGISTER=str(n == 0).lower()),
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        await asyncio.gather(*(healthy(port) for port in ports))
        centres = ["77-cao"]
        # Warm up every replica (each respondent's updates alternate between them).
        await asyncio.wait_for(
            asyncio.gather(*(respondent(api, 1 + i, centres[0], Stats()) for i in range(count))),
            180,
        )
        cpu0 = sum(proc_cpu(p.pid) for p in processes)
        stats, wall = await closed_loop(api, args.respondents, 10_000, centres)
        cpu = sum(proc_cpu(p.pid) for p in processes) - cpu0
        handled = balancer.handled_by()
        return {
            "throughput": stats.updates / wall,
            "cpu_per_update_ms": cpu / max(1, stats.updates) * 1000,
            "timeouts": stats.timeouts,
            "errors": api.errors,
            "spread": min(handled.values()) / max(1, max(handled.values())),
        }
    except BaseException:
        for log_file in sorted(workdir.glob(f"replica-{count}-*.log")):  # noqa: ASYNC240
            print(f"--- {log_file.name} ---\n{log_file.read_text(errors='replace')[-2000:]}")
        raise
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        await balancer.stop()
        await api.stop()
        await admin(args.database_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


async def main(args: argparse.Namespace) -> None:
    if not args.database_url or not args.database_url.startswith("postgresql"):
        raise SystemExit("--replicas needs --database-url postgresql+asyncpg://… (and --redis-url)")
    if not args.redis_url:
        raise SystemExit("--replicas needs --redis-url redis://…/<db>")
    import tempfile

    print(
        f"{args.respondents} respondents × 23 updates, closed loop, webhook replicas on "
        f"PostgreSQL + Redis; {os.cpu_count()} cores"
    )
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for count in (1, 2):
            results[count] = await measure(count, args, Path(tmp))
            r = results[count]
            print(
                f"  {count} replica{'s' if count > 1 else ' '}: {r['throughput']:6.1f} updates/s, "
                f"CPU {r['cpu_per_update_ms']:5.2f} ms/update, timeouts {r['timeouts']}, "
                f"API errors {r['errors']}"
            )
    one, two = results[1], results[2]
    print(
        f"  two vs one: throughput {two['throughput'] / one['throughput']:.2f}×, CPU per update "
        f"{two['cpu_per_update_ms'] / one['cpu_per_update_ms']:.2f}×; updates split between "
        f"the two replicas {two['spread']:.2f} (1.00 = evenly)"
    )
