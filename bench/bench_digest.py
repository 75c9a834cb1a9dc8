"""Time rendering a full weekly digest (3 PNGs + caption) on realistic synthetic data.

    python -m bench.bench_digest [--runs 5] [--regions 85] [--out DIR]

Targets (issue 5): under 5 s per digest, peak memory under 300 MB. Prints its figures; not a test.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
import tracemalloc
from datetime import date, datetime, timedelta
from pathlib import Path

from bot.i18n import Translations
from charts import Digest, GroupShares, RatingRow, TrendSeries, build_caption, render_digest
from charts.caption import visible_length

TARGET_SECONDS = 5.0
TARGET_MB = 300.0

# The 85 federal subjects (as counted until 2022) by their usual names.
REGIONS = (
    "Республика Адыгея", "Республика Алтай", "Республика Башкортостан", "Республика Бурятия",
    "Республика Дагестан", "Республика Ингушетия", "Кабардино-Балкарская Республика",
    "Республика Калмыкия", "Карачаево-Черкесская Республика", "Республика Карелия",
    "Республика Коми", "Республика Крым", "Республика Марий Эл", "Республика Мордовия",
    "Республика Саха (Якутия)", "Республика Северная Осетия — Алания", "Республика Татарстан",
    "Республика Тыва", "Удмуртская Республика", "Республика Хакасия", "Чеченская Республика",
    "Чувашская Республика", "Алтайский край", "Забайкальский край", "Камчатский край",
    "Краснодарский край", "Красноярский край", "Пермский край", "Приморский край",
    "Ставропольский край", "Хабаровский край", "Амурская область", "Архангельская область",
    "Астраханская область", "Белгородская область", "Брянская область", "Владимирская область",
    "Волгоградская область", "Вологодская область", "Воронежская область", "Ивановская область",
    "Иркутская область", "Калининградская область", "Калужская область",
    "Кемеровская область — Кузбасс", "Кировская область", "Костромская область",
    "Курганская область", "Курская область", "Ленинградская область", "Липецкая область",
    "Магаданская область", "Московская область", "Мурманская область",
    "Нижегородская область", "Новгородская область", "Новосибирская область", "Омская область",
    "Оренбургская область", "Орловская область", "Пензенская область", "Псковская область",
    "Ростовская область", "Рязанская область", "Самарская область", "Саратовская область",
    "Сахалинская область", "Свердловская область", "Смоленская область", "Тамбовская область",
    "Тверская область", "Томская область", "Тульская область", "Тюменская область",
    "Ульяновская область", "Челябинская область", "Ярославская область", "г. Москва",
    "г. Санкт-Петербург", "г. Севастополь", "Еврейская автономная область",
    "Ненецкий автономный округ", "Ханты-Мансийский автономный округ — Югра",
    "Чукотский автономный округ", "Ямало-Ненецкий автономный округ",
)  # fmt: skip
GROUPS = ("D", "P", "M", "A", "K")


def synthetic_digest(regions: int = 85, weeks: int = 12, seed: int = 2026) -> Digest:
    """A plausible week: most regions official, some preliminary, a few without data,
    12 weeks of history with the odd missing week."""
    rng = random.Random(seed)
    names = [REGIONS[i % len(REGIONS)] for i in range(regions)]
    if regions > len(REGIONS):
        names = [f"{name} ({i // len(REGIONS) + 1})" for i, name in enumerate(names)]
    end = date(2026, 11, 16)  # Monday of 2026-W47
    days = [end - timedelta(weeks=weeks - 1 - i) for i in range(weeks)]

    rows: list[RatingRow] = []
    history: dict[str, list[float | None]] = {}
    for i, name in enumerate(names):
        base = rng.uniform(5.2, 8.6)
        path: list[float | None] = []
        level = base
        for _ in days:
            level = min(10.0, max(0.0, level + rng.gauss(0.03, 0.12)))
            path.append(None if rng.random() < 0.04 else level)
        history[name] = path
        respondents = rng.choice([rng.randint(20, 99), rng.randint(100, 2500)])
        employers = max(0, int(respondents * rng.uniform(0.08, 0.3)))
        no_data = rng.random() < 0.05
        now, before = path[-1], path[-2]
        rows.append(
            RatingRow(
                code=f"{i + 1:02d}",
                name=name,
                index=None if no_data else now,
                official=respondents >= 100 and employers >= 20 and not no_data,
                respondents=0 if no_data else respondents,
                employers=0 if no_data else employers,
                delta=None if no_data or now is None or before is None else now - before,
            )
        )

    rated = sorted((r for r in rows if r.index is not None), key=lambda r: -(r.index or 0))
    country = [
        statistics.fmean(v for v in (history[n][w] for n in names) if v is not None)
        for w in range(weeks)
    ]
    trend = [TrendSeries("Россия", list(zip(days, country, strict=True)))]
    for row in rated[:3] + rated[-3:]:
        trend.append(TrendSeries(row.name, list(zip(days, history[row.name], strict=True))))

    star_prev: dict[str, float | None] = {g: rng.uniform(0.55, 0.85) for g in GROUPS}
    star_now: dict[str, float | None] = {
        g: min(1.0, max(0.0, (v or 0.0) + rng.gauss(0.01, 0.03))) for g, v in star_prev.items()
    }

    respondents = sum(r.respondents for r in rows)
    return Digest(
        week="2026-W47",
        taken_at=datetime(2026, 11, 23, 10, 0),
        methodology="star-2023",
        country_index=country[-1],
        country_delta=country[-1] - country[-2],
        country_official=True,
        country_respondents=respondents,
        country_employers=sum(r.employers for r in rows),
        star_now=GroupShares(star_now),
        star_prev=GroupShares(star_prev),
        regions=rows,
        trend=trend,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--regions", type=int, default=85)
    parser.add_argument("--lang", default="ru")
    parser.add_argument("--out", type=Path, help="also write the PNGs and caption here")
    args = parser.parse_args(argv)

    t = Translations().get(args.lang)
    digest = synthetic_digest(args.regions)

    started = time.perf_counter()
    render_digest(digest, t)  # warm-up: font cache, imports
    print(f"first digest (cold): {time.perf_counter() - started:.2f} s")

    times: list[float] = []
    pngs: list[bytes] = []
    caption = ""
    for _ in range(args.runs):
        started = time.perf_counter()
        pngs = render_digest(digest, t)
        caption = build_caption(digest, t)
        times.append(time.perf_counter() - started)

    # Memory in a separate run: tracemalloc slows Python down several times.
    tracemalloc.start()
    render_digest(digest, t)
    build_caption(digest, t)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # ru_maxrss: the whole process (interpreter, matplotlib, fonts); KiB on Linux, bytes on macOS.
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rss_mb = maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    peak_mb = peak / (1024 * 1024)

    print(f"regions: {args.regions}, runs: {args.runs}, language: {args.lang}")
    print(f"per digest: mean {statistics.fmean(times):.2f} s, max {max(times):.2f} s")
    print(f"tracemalloc peak: {peak_mb:.1f} MB; ru_maxrss: {rss_mb:.1f} MB")
    print("PNG sizes: " + ", ".join(f"{len(p) / 1024:.0f} KB" for p in pngs))
    print(f"caption: {visible_length(caption)} visible characters")
    ok = max(times) < TARGET_SECONDS and rss_mb < TARGET_MB
    print(f"targets (< {TARGET_SECONDS:.0f} s, < {TARGET_MB:.0f} MB): {'met' if ok else 'MISSED'}")

    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        for name, data in zip(("1-star", "2-regions", "3-trend"), pngs, strict=True):
            (args.out / f"{name}.png").write_bytes(data)
        (args.out / "caption.html").write_text(caption, encoding="utf-8")
        print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
