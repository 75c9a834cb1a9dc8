"""Benchmark: centre search over a 2,500-centre directory (issue 9).

Builds 2,500 centres in 85 regions with Russian-looking names and addresses into a fresh
SQLite database migrated by Alembic, then times building the stem index and answering
queries, both on the index alone and through `CentreDirectory.search` (fingerprint query,
cached index, loading the centres shown).

    .venv/bin/python -m bench.bench_search [--centres 2500] [--repeat 50]

Prints its figures; not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from services.centres import directory as centres_module
from services.centres.directory import CentreDirectory
from services.centres.search import fold
from storage.db import create_engine, create_sessionmaker
from storage.migrate import upgrade

REGIONS = 85
SYLLABLES = (
    "ка",
    "за",
    "но",
    "во",
    "ро",
    "си",
    "бир",
    "ск",
    "ур",
    "аль",
    "меть",
    "ев",
    "ни",
    "жне",
)
QUERIES = (
    "Казань", "казани", "центр", "ЦЗН", "ул. Ленина", "Новосибирской области", "каз",
    "Кадровый центр Работа России", "пр-т Мира", "отдел по Ленинскому району", "зззз", "ой",
)  # fmt: skip


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def generate(path: Path, count: int) -> None:
    rng = random.Random(2026)
    regions = [(f"R{r:02d}", f"{_word(rng)}ская область") for r in range(REGIONS - 1)]
    regions.append(("16", "Республика Татарстан"))
    rows = []
    for c in range(count):
        region = rng.choice(regions)[0]
        city = "Казань" if c % 500 == 0 else _word(rng)
        kind = rng.choice(
            (
                "ЦЗН г. {}а",
                "Центр занятости населения г. {}а",
                "Кадровый центр «Работа России» г. {}а",
            )
        )
        name = kind.format(city.removesuffix("ь"))
        if rng.random() < 0.3:
            name += f" — отдел по {_word(rng)}скому району"
        street = rng.choice(("ул. Ленина", "пр-т Мира", f"ул. {_word(rng)}а", "ул. Пушкина"))
        address = f"г. {city}, {street}, д. {rng.randint(1, 200)}"
        rows.append((f"C{c:04d}", region, name, fold(name), address, 55.0, 49.0))
    db = sqlite3.connect(path)
    db.executemany("INSERT INTO regions (code, name) VALUES (?, ?)", regions)
    db.executemany(
        "INSERT INTO centres (code, region_code, name, name_folded, address, latitude, longitude,"
        " timezone) VALUES (?, ?, ?, ?, ?, ?, ?, 'Europe/Moscow')",
        rows,
    )
    db.commit()
    db.close()


def ms(seconds: list[float]) -> str:
    return f"median {statistics.median(seconds) * 1000:.2f} ms, max {max(seconds) * 1000:.2f} ms"


async def run(url: str, repeat: int) -> None:
    engine = create_engine(url)
    sessionmaker = create_sessionmaker(engine)
    async with sessionmaker() as session:
        cold = time.perf_counter()
        await CentreDirectory(session).search("Казань", 10)
        print(
            f"first search (loads the directory, builds the index): "
            f"{(time.perf_counter() - cold) * 1000:.1f} ms"
        )
        index = next(iter(centres_module._INDEXES.values()))[2]
        print(f"index: {len(index)} centres")
        for query in QUERIES:
            pure, full = [], []
            for _ in range(repeat):
                start = time.perf_counter()
                hits = index.search(query, 10)
                pure.append(time.perf_counter() - start)
                start = time.perf_counter()
                await CentreDirectory(session).search(query, 10)
                full.append(time.perf_counter() - start)
            print(f"{query!r:34} {hits.total:5} found | index {ms(pure)} | search {ms(full)}")
    await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--centres", type=int, default=2500)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "search.db"
        url = f"sqlite+aiosqlite:///{path}"
        upgrade(url)
        generate(path, args.centres)
        asyncio.run(run(url, args.repeat))


if __name__ == "__main__":
    main()
