"""The load benchmark's driver (bench/bench_load.py, bench/bench_replicas.py): a fake Bot API
that records what the bot shows, and respondents who tap through the questionnaire on it, in
a closed loop (each waits for the reply) or an open loop (taps at a fixed rate)."""

from __future__ import annotations

import asyncio
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.fakebotapi import FakeBotAPI, RecordedCall

TOKEN = "123456:LOAD-TEST"
TICKS = os.sysconf("SC_CLK_TCK")
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
