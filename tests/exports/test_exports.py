"""Exports (issue 15): written with xlsxwriter or csv, read back with openpyxl / csv, by role.

Every test seeds questionnaires with known answers (tests/desk_support.py), exports and reads
the file with a different library than the one that wrote it.
"""

from __future__ import annotations

import csv
import re
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from aiogram.methods import SendDocument
from sqlalchemy import select

from bot.config import Settings
from bot.i18n import Translations
from handlers.exports.callbacks import ExportCb
from services.exports import ExportScope, make_export
from services.exports.answers import MIN_CELL
from services.index import intervals
from services.index.ratings import Window, compute_levels, take_snapshot
from services.refusal import Refusal
from services.team.roles import Access
from storage.models import Questionnaire, Snapshot, utcnow
from storage.models_audit import AuditEntry
from tests.desk_support import SM, SPEC, add_questionnaires, grant
from tests.harness import Person, RecordingSession

RU = Translations().get("ru")
ADMIN = Access(user_id=9001, admin=True)
STAFF_CAO = Access(user_id=1001, staff_centres=frozenset({"77-cao"}))
EXPERT_16 = Access(user_id=2001, expert_regions=frozenset({"16"}))
FORMULA = '=HYPERLINK("http://evil.example","click")'
WEEK = re.compile(r"^\d{4}-W\d{2}$")


@pytest.fixture
async def answers(sessionmaker: SM, centres: None) -> None:
    await add_questionnaires(
        sessionmaker, "77-cao", "seeker", 6, value=4, comments=[FORMULA, "Всё хорошо"]
    )
    await add_questionnaires(sessionmaker, "77-cao", "employer", 2, value=5)  # a small cell
    await add_questionnaires(sessionmaker, "77-sao", "seeker", 3, value=2)  # a small cell
    await add_questionnaires(sessionmaker, "16-kazan-1", "seeker", 5, value=None)  # hard to say
    await add_questionnaires(sessionmaker, "77-cao", "seeker", 2, answered=3)  # unfinished


async def export(
    sm: SM, settings: Settings, kind: str, access: Access, path: Path, fmt: str = "xlsx"
) -> Path:
    async with sm() as session:
        await make_export(
            session, settings, kind, fmt, ExportScope.of(access), path, RU, actor_id=access.user_id
        )
    return path


def sheet_rows(path: Path, sheet: str) -> tuple[list[str], list[list[object]]]:
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    values = [list(row) for row in ws.iter_rows(values_only=True)]
    return [str(v) for v in values[0]], [r for r in values[1:] if any(v is not None for v in r)]


async def test_answers_are_anonymised_and_small_cells_left_out(
    sessionmaker: SM, settings: Settings, answers: None, tmp_path: Path
) -> None:
    path = await export(sessionmaker, settings, "answers", ADMIN, tmp_path / "a.xlsx")
    header, rows = sheet_rows(path, "Ответы")
    _, notes = sheet_rows(path, "Пояснения")  # a sheet for people: what was left out
    # 77-cao's 2 employers and 77-sao's 3 seekers: small, and still small merged by region and
    # over the month (different audiences): left out, unfinished ones too.
    assert "Не выгружено 5 анкет из 2 групп «регион × аудитория × месяц»" in str(notes[-1][0])
    assert len(rows) == 6 + 5
    assert MIN_CELL == 5
    assert header[:6] == ["Код", "Название", "Регион", "Аудитория", "Период", "Методика"]
    assert "Комментарий" not in header  # only a working group sees its own comments
    by_centre = {r[0] for r in rows}
    assert by_centre == {"77-cao", "16-kazan-1"}
    seeker_ids = [q.id for q in SPEC.for_audience("seeker")]
    for row in rows:
        assert WEEK.match(str(row[4]))
        values = dict(zip(header[6:], row[6:], strict=True))
        expected = 4 if row[0] == "77-cao" else "затрудняюсь"
        assert all(values[qid] == expected for qid in seeker_ids)
        assert values["P2"] is None  # employers only: not asked of a job seeker
    # No key of any kind and no timestamp anywhere in the file.
    async with sessionmaker() as session:
        keys = set(await session.scalars(select(Questionnaire.respondent_key)))
        ids = {str(i) for i in await session.scalars(select(Questionnaire.id))}
    cells = {str(v) for row in rows for v in row if v is not None}
    assert not cells & keys
    assert not any(re.match(r"^\d{4}-\d{2}-\d{2}", c) for c in cells)
    assert not ({str(r[0]) for r in rows} & ids)


async def test_staff_get_their_centre_with_comments_as_text(
    sessionmaker: SM, settings: Settings, answers: None, tmp_path: Path
) -> None:
    path = await export(sessionmaker, settings, "answers", STAFF_CAO, tmp_path / "s.xlsx")
    book = openpyxl.load_workbook(path)
    ws = book["Ответы"]
    header = [c.value for c in ws[1]]
    assert header[-1] == "Комментарий"
    comment_cells = [row[-1] for row in ws.iter_rows(min_row=2) if row[-1].value]
    assert {c.value for c in comment_cells} == {FORMULA, "Всё хорошо"}
    assert all(c.data_type == "s" for c in comment_cells)  # text, never a formula
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[0]]
    assert {r[0] for r in rows} == {"77-cao"}
    assert len(rows) == 6  # their employers' cell (2) is under MIN_CELL even for them

    csv_path = await export(sessionmaker, settings, "answers", STAFF_CAO, tmp_path / "s.csv", "csv")
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel detects the encoding
    with csv_path.open(encoding="utf-8-sig", newline="") as f:
        lines = list(csv.reader(f))
    assert lines[0][-1] == "Комментарий" and len(lines) == 1 + 6
    assert "'" + FORMULA in [line[-1] for line in lines]  # services.csv_safe


async def test_experts_get_their_regions_only(
    sessionmaker: SM, settings: Settings, answers: None, tmp_path: Path
) -> None:
    path = await export(sessionmaker, settings, "answers", EXPERT_16, tmp_path / "e.xlsx")
    _, rows = sheet_rows(path, "Ответы")
    assert {r[0] for r in rows} == {"16-kazan-1"} and len(rows) == 5


async def test_rating_has_a_sheet_per_level_with_numbers(
    sessionmaker: SM, settings: Settings, answers: None, tmp_path: Path
) -> None:
    path = await export(sessionmaker, settings, "rating", ADMIN, tmp_path / "r.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Страна", "Регионы", "Центры"]
    ws = book["Центры"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith("A1:")
    header = [c.value for c in ws[1]]
    assert header[:5] == ["Уровень", "Код", "Название", "Регион", "Индекс"]
    assert "Дружелюбие и партнёрство" in header  # the five groups by name
    rows = {row[1].value: row for row in ws.iter_rows(min_row=2)}
    m = settings.scoring.load()
    async with sessionmaker() as session:
        window = Window.trailing(utcnow(), 90, m.evidence_validity_days)
        levels = {lv.code: lv for lv in await compute_levels(session, m, window)}
    cao = rows["77-cao"]
    index_cell = cao[header.index("Индекс")]
    assert index_cell.data_type == "n" and index_cell.number_format == "0.00"
    assert index_cell.value == pytest.approx(levels["77-cao"].index)
    assert cao[header.index("Анкет")].value == 8
    assert cao[header.index("Из них работодателей")].value == 2
    assert cao[header.index("Статус")].value == "предварительный"
    country = book["Страна"]
    assert country["E2"].value == pytest.approx(levels["RU"].index)
    assert book["Центры"].column_dimensions["C"].width > 30  # names fit

    staff = await export(sessionmaker, settings, "rating", STAFF_CAO, tmp_path / "rs.xlsx")
    staff_book = openpyxl.load_workbook(staff)
    assert staff_book.sheetnames == ["Центры"]
    assert [r[1] for r in staff_book["Центры"].iter_rows(min_row=2, values_only=True)] == ["77-cao"]


async def test_access_by_kind(
    sessionmaker: SM, settings: Settings, answers: None, tmp_path: Path
) -> None:
    for access, kind in ((EXPERT_16, "comments"), (STAFF_CAO, "audit"), (EXPERT_16, "audit")):
        with pytest.raises(Refusal) as caught:
            await export(sessionmaker, settings, kind, access, tmp_path / "x.xlsx")
        assert caught.value.reason == "forbidden"
    nobody = Access(user_id=5)
    with pytest.raises(Refusal):
        await export(sessionmaker, settings, "rating", nobody, tmp_path / "y.xlsx")
    path = await export(sessionmaker, settings, "comments", STAFF_CAO, tmp_path / "c.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["77-cao"]
    rows = list(book["77-cao"].iter_rows(values_only=True))
    assert rows[0] == ("Неделя", "Комментарий")
    assert sorted(r[1] for r in rows[1:]) == sorted([FORMULA, "Всё хорошо"])
    assert all(WEEK.match(str(r[0])) for r in rows[1:])


async def test_every_export_is_in_the_audit_log(
    sessionmaker: SM, settings: Settings, answers: None, tmp_path: Path
) -> None:
    await export(sessionmaker, settings, "answers", EXPERT_16, tmp_path / "e.csv", "csv")
    async with sessionmaker() as session:
        entry = await session.scalar(select(AuditEntry).where(AuditEntry.kind == "export_made"))
    assert entry is not None and entry.actor_id == EXPERT_16.user_id
    assert entry.object_id == "answers"
    assert entry.detail["format"] == "csv" and entry.detail["rows"] == 5
    assert entry.detail["regions"] == ["16"]


async def test_export_in_the_chat(
    user: Person, sessionmaker: SM, recording: RecordingSession, answers: None
) -> None:
    await user.send("/export")
    assert user.last().text == RU("exports-not-allowed")
    await grant(sessionmaker, user.user.id, "staff", "77-cao")
    await user.send("/export")
    labels = [label for label, _ in user.last().buttons()]
    assert any("Ответы" in label for label in labels)
    assert not any("Журнал" in label for label in labels)  # admins only
    await user.tap("Ответы · Excel")
    sent = [c for c in recording.calls if isinstance(c, SendDocument)]
    assert len(sent) == 1
    document = sent[0].document
    assert document.filename.endswith(".xlsx")  # type: ignore[union-attr]
    assert document.data[:2] == b"PK"  # type: ignore[union-attr]  (a zip: OOXML)
    assert "6 строк" in (sent[0].caption or "")
    # A forged button for a kind this person may not export: refused, nothing built.
    await user.press(ExportCb(k="audit", f="xlsx").pack())
    assert user.last_alert() == RU("exports-error-forbidden")
    assert len([c for c in recording.calls if isinstance(c, SendDocument)]) == 1


async def test_evidence_register(
    sessionmaker: SM, settings: Settings, centres: None, tmp_path: Path
) -> None:
    from services.evidence.checklist_sync import sync_checklist
    from storage.models import Evidence, Requirement

    now = utcnow()
    async with sessionmaker() as session:
        await sync_checklist(session, indicators=settings.scoring.load().indicator_codes)
        requirement = await session.scalar(select(Requirement).limit(1))
        assert requirement is not None
        common = {"requirement_id": requirement.id, "submitted_by": 1001, "captured_at": now}
        session.add_all(
            [
                Evidence(centre_code="77-cao", status="accepted", submitted_at=now,
                         decided_at=now, decided_by=2001, geo_ok=True, geo_reason="ok",
                         distance_m=120.4, **common),
                Evidence(centre_code="77-cao", status="rejected", submitted_at=now,
                         decided_at=now, decided_by=2001, reason="Не то фото", **common),
                Evidence(centre_code="77-cao", status="draft", submitted_at=now, **common),
                Evidence(centre_code="16-kazan-1", status="pending", submitted_at=now, **common),
            ]
        )  # fmt: skip
        await session.commit()
    path = await export(sessionmaker, settings, "evidence", STAFF_CAO, tmp_path / "ev.xlsx")
    header, rows = sheet_rows(path, "Подтверждения")
    got = {r[header.index("Состояние")]: dict(zip(header, r, strict=True)) for r in rows}
    assert set(got) == {"принято", "отклонено"}  # not the draft, not another region's
    accepted = got["принято"]
    assert accepted["Расстояние, м"] == 120 and accepted["Проверка места"] == "место подтверждено"
    until = accepted["Действует до"]
    assert until.date() == (now + timedelta(days=180)).astimezone(ZoneInfo("Europe/Moscow")).date()
    assert got["отклонено"]["Причина отклонения"] == "Не то фото"
    assert accepted["Причина отклонения"] is None


async def test_rating_has_the_interval_and_the_change_since_the_last_snapshot(
    sessionmaker: SM, settings: Settings, answers: None, tmp_path: Path
) -> None:
    m = settings.scoring.load()
    async with sessionmaker() as session:
        run = await take_snapshot(session, m, bootstrap=None)
        before = await session.scalar(
            select(Snapshot.index).where(
                Snapshot.run_id == run.id, Snapshot.level == "centre", Snapshot.code == "77-cao"
            )
        )
    assert before is not None
    await add_questionnaires(sessionmaker, "77-cao", "seeker", 4, value=1, key_prefix="late")
    path = await export(sessionmaker, settings, "rating", ADMIN, tmp_path / "r.xlsx")
    ws = openpyxl.load_workbook(path)["Центры"]
    header = [c.value for c in ws[1]]
    cao = {row[1].value: row for row in ws.iter_rows(min_row=2)}["77-cao"]
    async with sessionmaker() as session:
        window = Window.trailing(utcnow(), 90, m.evidence_validity_days)
        found = await compute_levels(session, m, window, bootstrap=settings.scoring.bootstrap())
    level = next(lv for lv in found if lv.code == "77-cao")
    assert level.intervals is not None and level.index is not None
    expected = {
        "Индекс: от (95 % интервал)": level.intervals.combined.low,
        "Индекс: до (95 % интервал)": level.intervals.combined.high,
        "Индекс соискателей: от (95 % интервал)": level.intervals.seeker.low,
        "Индекс соискателей: до (95 % интервал)": level.intervals.seeker.high,
        "Индекс работодателей: от (95 % интервал)": level.intervals.employer.low,
        "Индекс работодателей: до (95 % интервал)": level.intervals.employer.high,
    }
    for column, value in expected.items():
        cell = cao[header.index(column)]
        assert value is not None, column
        assert cell.data_type == "n" and cell.number_format == "0.00", column
        assert cell.value == pytest.approx(value), column
    low, high = expected["Индекс: от (95 % интервал)"], expected["Индекс: до (95 % интервал)"]
    assert low < level.index < high  # the answers of 1 and of 4 make a real spread
    delta = cao[header.index("Изменение с прошлого среза")]
    assert delta.data_type == "n"
    assert delta.value == pytest.approx(level.index - before)
    assert delta.value < 0  # four answers of 1 pulled the centre down


async def test_a_staff_rating_bootstraps_only_the_rows_it_shows(
    sessionmaker: SM,
    settings: Settings,
    answers: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The export of one centre's staff must not wait for the intervals of every level.
    bootstrapped: list[list[tuple[str, str]]] = []
    real = intervals.for_levels

    def counting(*args: Any) -> Any:
        bootstrapped.append(list(args[2]))
        return real(*args)

    monkeypatch.setattr(intervals, "for_levels", counting)
    path = await export(sessionmaker, settings, "rating", STAFF_CAO, tmp_path / "rs.xlsx")
    assert bootstrapped == [[("centre", "77-cao")]]
    ws = openpyxl.load_workbook(path)["Центры"]
    header = [c.value for c in ws[1]]
    (cao,) = ws.iter_rows(min_row=2, values_only=True)
    m = settings.scoring.load()
    async with sessionmaker() as session:
        window = Window.trailing(utcnow(), 90, m.evidence_validity_days)
        every = await compute_levels(session, m, window, bootstrap=settings.scoring.bootstrap())
    full = next(lv for lv in every if lv.code == "77-cao").intervals
    assert full is not None and full.combined.low is not None and full.combined.high is not None
    # The same figures as when every level is computed: each level has its own seed.
    assert cao[header.index("Индекс: от (95 % интервал)")] == pytest.approx(full.combined.low)
    assert cao[header.index("Индекс: до (95 % интервал)")] == pytest.approx(full.combined.high)
