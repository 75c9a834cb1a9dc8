"""An expert's decision lands in the audit log and in the evidence register export."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from sqlalchemy import select

from bot.config import Settings
from bot.i18n import Translations
from services.exports import ExportScope, make_export
from services.team.roles import Access
from storage.models_audit import AuditEntry
from tests.evidence.test_review import submit_photo, team  # noqa: F401  (the fixture)
from tests.evidence_support import EXPERT_ID, SM
from tests.harness import Person
from tests.images import make_png

RU = Translations().get("ru")


async def test_decisions_are_audited_and_registered(
    team: tuple[Person, Person],  # noqa: F811  (the fixture imported above)
    sessionmaker: SM,
    settings: Settings,
    tmp_path: Path,
) -> None:
    staff, expert = team
    await submit_photo(staff, 1, make_png())
    await submit_photo(staff, 2, make_png((30, 30)))
    await expert.send("/review")
    await expert.tap("Принять")
    card = expert.last_with_buttons()
    await expert.tap("Отклонить", card)
    await expert.tap("Не видно, что это этот центр", card)
    async with sessionmaker() as session:
        log = list(await session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    assert [(e.kind, e.actor_id, e.object_id) for e in log] == [
        ("evidence_accepted", EXPERT_ID, "1"),
        ("evidence_rejected", EXPERT_ID, "2"),
    ]
    assert log[1].detail["reason"] == "preset:place" and log[1].detail["centre"] == "77-cao"

    path = tmp_path / "register.xlsx"
    scope = ExportScope.of(Access(user_id=EXPERT_ID, expert_regions=frozenset({"77"})))
    async with sessionmaker() as session:
        await make_export(session, settings, "evidence", "xlsx", scope, path, RU, actor_id=1)
    rows = list(openpyxl.load_workbook(path)["Подтверждения"].iter_rows(values_only=True))
    header, body = list(rows[0]), rows[1:]
    states = {r[header.index("Состояние")]: r for r in body}
    assert set(states) == {"принято", "отклонено"}
    rejected = states["отклонено"]
    assert rejected[header.index("Причина отклонения")] == "Не видно, что это этот центр"
    assert states["принято"][header.index("Расстояние, м")] == 120
    assert states["принято"][header.index("Проверка места")] == "место подтверждено"
