"""The desk on MAX in-process: /stats (text and two pictures), /export (the workbook alone in
its message, the way MAX wants a file) and /audit (pages and filters) for people identified by
their MAX ids, with nothing refused by the fake MAX server."""

from __future__ import annotations

import io
from typing import Any

import openpyxl

from bot.i18n import Translations
from bot.max.ids import user_to_bot
from bot.max.outgoing import MAX_TEXT
from services import audit
from services.team.roles import ADMIN, EXPERT, STAFF
from tests.desk_support import SM, add_questionnaires, grant
from tests.fakemax import MaxCall
from tests.max.support import OnMax

RU = Translations().get("ru")
EXPERT_ID, STAFF_ID, ADMIN_ID = 8401, 8402, 8403


def attachments(call: MaxCall) -> list[dict[str, Any]]:
    return list(call.body.get("attachments") or [])


async def test_stats_export_and_audit_on_max(on_max: OnMax, sessionmaker: SM) -> None:
    await add_questionnaires(sessionmaker, "77-cao", "seeker", 6)
    await add_questionnaires(sessionmaker, "77-cao", "employer", 2)
    await add_questionnaires(sessionmaker, "16-kazan-1", "seeker", 5)
    await grant(sessionmaker, user_to_bot(EXPERT_ID), EXPERT, "16")
    await grant(sessionmaker, user_to_bot(STAFF_ID), STAFF, "77-cao")
    await grant(sessionmaker, user_to_bot(ADMIN_ID), ADMIN, None)

    await on_max.say(EXPERT_ID, "/stats")
    sent = on_max.to(EXPERT_ID)
    assert any("Статистика · Республика Татарстан" in (c.text or "") for c in sent)
    pictures = [c for c in sent if any(a["type"] == "image" for a in attachments(c))]
    assert len(pictures) == 2  # the funnel and the sample progress, uploaded to MAX
    assert all(len(c.text or "") <= MAX_TEXT for c in sent)

    await on_max.say(STAFF_ID, "/export")
    menu = on_max.shown_to(STAFF_ID, "<b>Выгрузки</b>")
    await on_max.tap(STAFF_ID, menu, "Ответы · Excel")
    files = [c for c in on_max.to(STAFF_ID) if any(a["type"] == "file" for a in attachments(c))]
    assert len(files) == 1 and len(attachments(files[0])) == 1  # the file alone, as MAX wants
    token = str(attachments(files[0])[0]["payload"]["token"])
    kind, data = on_max.api.uploaded(token)
    assert kind == "file" and data[:2] == b"PK"
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    # The header and the six job seekers; the two employers are a cell under 5 (left out).
    assert len(rows) == 1 + 6 and all(row[0] == "77-cao" for row in rows[1:])

    await on_max.say(ADMIN_ID, "/audit")
    page = on_max.shown_to(ADMIN_ID, "Журнал действий")
    assert "Выгрузка" in page.text  # the staff member's export was logged
    await on_max.tap(ADMIN_ID, page, "Действие")
    kinds = on_max.shown_to(ADMIN_ID, RU("audit-pick-kind"))
    await on_max.tap(ADMIN_ID, kinds, RU(f"audit-kind-{audit.EXPORT_MADE}"))
    filtered = on_max.shown_to(ADMIN_ID, RU("audit-filter-kind", kind="Выгрузка"))
    assert "1 запись" in filtered.text
    assert all(c.ok for c in on_max.api.calls)  # MAX refused nothing on the way
