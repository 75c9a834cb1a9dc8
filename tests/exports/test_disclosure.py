"""The answers export's disclosure rule (services.exports.disclosure): small cells are merged
into the region's other centres by week, then by month, and only then left out; no cell a
reader can tell apart holds fewer than MIN_CELL questionnaires."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import openpyxl

from bot.config import Settings
from services.exports import ExportScope, make_export
from services.exports.disclosure import MIN_CELL, Item, Placed, place
from tests.desk_support import SM, add_questionnaires
from tests.exports.test_exports import RU

W46 = datetime(2026, 11, 10, 12, tzinfo=UTC)  # Tuesday of ISO week 46
W47 = datetime(2026, 11, 17, 12, tzinfo=UTC)  # week 47, the same month
OTHER = RU("exports-merged-centres")


def items(centre: str, audience: str, week: str, count: int, month: str = "2026-11") -> list[Item]:
    return [Item(centre, audience, week, month)] * count


def test_a_full_cell_stays_small_ones_merge_by_week_then_month_then_drop() -> None:
    region = (
        items("A", "seeker", "W46", 6)  # as is
        + items("A", "employer", "W46", 2)
        + items("B", "employer", "W46", 3)  # with A's 2: the region's other centres, W46
        + items("B", "seeker", "W46", 3)
        + items("C", "seeker", "W47", 2)  # 3 + 2 over the month
        + items("C", "employer", "W47", 4)  # 4 even over the month: left out
    )
    places, counts = place(region)
    assert places[:6] == [Placed("A", "W46")] * 6
    assert places[6:11] == [Placed(None, "W46")] * 5
    assert places[11:16] == [Placed(None, "2026-11")] * 5
    assert places[16:] == [None] * 4
    assert (counts.as_is, counts.merged_week, counts.merged_month) == (6, 5, 5)
    assert (counts.questionnaires, counts.cells, counts.small_cells) == (4, 1, 5)
    assert counts.shown + counts.questionnaires == len(region)


def test_no_shown_cell_is_ever_under_the_minimum() -> None:
    rng = random.Random(15)
    for _ in range(300):
        region = [
            Item(
                f"C{rng.randrange(6)}",
                rng.choice(("seeker", "employer")),
                f"W{rng.randrange(44, 50)}",
                f"M{rng.randrange(2)}",
            )
            for _ in range(rng.randrange(0, 60))
        ]
        places, counts = place(region)
        shown = Counter(
            (p.centre, item.audience, p.period)
            for p, item in zip(places, region, strict=True)
            if p is not None
        )
        assert all(n >= MIN_CELL for n in shown.values()), shown
        assert counts.shown == sum(shown.values())
        assert counts.shown + counts.questionnaires == len(region)
        for p, item in zip(places, region, strict=True):  # a place never lies
            if p is not None:
                assert p.centre in (None, item.centre)
                assert p.period in (item.week, item.month)


async def test_the_export_merges_before_it_leaves_out(
    sessionmaker: SM, settings: Settings, centres: None, tmp_path: Path
) -> None:
    add = add_questionnaires
    await add(sessionmaker, "77-cao", "seeker", 6, completed_at=W46, key_prefix="a")
    await add(sessionmaker, "77-cao", "employer", 2, value=5, completed_at=W46, key_prefix="b")
    await add(sessionmaker, "77-sao", "employer", 3, value=5, completed_at=W46, key_prefix="c")
    await add(sessionmaker, "77-sao", "seeker", 3, value=2, completed_at=W46, key_prefix="d")
    await add(sessionmaker, "77-sao", "seeker", 2, value=2, completed_at=W47, key_prefix="e")
    await add(sessionmaker, "16-kazan-1", "seeker", 4, completed_at=W46, key_prefix="f")
    path = tmp_path / "answers.xlsx"
    async with sessionmaker() as session:
        result = await make_export(
            session, settings, "answers", "xlsx", ExportScope.operator(), path, RU, actor_id=None
        )
    book = openpyxl.load_workbook(path)
    table = list(book["Ответы"].iter_rows(values_only=True))
    header, rows = list(table[0]), [r for r in table[1:] if any(v is not None for v in r)]
    assert len(rows) == 6 + 5 + 5 == result.rows
    groups = Counter((r[0], r[2], r[3], r[4]) for r in rows)  # code, region, audience, period
    assert groups == {
        ("77-cao", "77", "соискатель", "2026-W46"): 6,
        (None, "77", "работодатель", "2026-W46"): 5,  # 77-cao's 2 and 77-sao's 3
        (None, "77", "соискатель", "2026-11"): 5,  # 77-sao's 3 + 2 over the month
    }
    assert all(n >= MIN_CELL for n in groups.values())
    assert not any(r[2] == "16" for r in rows)  # Kazan's 4 seekers: short even by month
    merged = [r for r in rows if r[1] == OTHER]
    assert all(r[0] is None for r in merged)  # no centre code on a merged row
    by_value = Counter(r[header.index("D1")] for r in merged if r[4] == "2026-11")
    assert by_value == {2: 5}  # 77-sao's seekers of both weeks, with their answers
    notes = [str(r[0]) for r in book["Пояснения"].iter_rows(values_only=True) if r[0]]
    text = "\n".join(notes)
    assert "С центром и неделей: 6 анкет." in text
    assert f"В «{OTHER}» за неделю: 5 анкет." in text
    assert f"В «{OTHER}» за месяц: 5 анкет." in text
    assert "Не выгружено 4 анкеты из 1 группы «регион × аудитория × месяц»" in text
    assert (result.left_out.questionnaires, result.left_out.cells) == (4, 1)
