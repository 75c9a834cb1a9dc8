"""The evidence register, the comments and the audit log as sheets (issue 15).

- evidence register: every submitted evidence item (drafts are not submitted) of the caller's
  centres: centre, indicator, requirement, state, submitted, decided, valid until, the reason
  of a rejection, the place check's verdict and distance;
- comments: for a working group only, one sheet per centre of theirs, text and ISO week only
  (services.comments: newest week first, alphabetical within a week);
- audit: the whole log, newest first, for admins.
Times are on the clock of DIGEST_TIMEZONE, like the digest's weeks.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import Translator
from services import audit
from services.comments import centre_comments, comments_window
from services.evidence.model import PRESET_PREFIX
from services.exports.scope import ExportScope
from services.exports.workbook import DATE, DATETIME, INT, TEXT, Cell, Column, Sheet, rows_of
from services.team.people import People
from storage.models import Centre, Evidence, Requirement, utcnow

CHUNK = 2000
STATES = ("pending", "accepted", "rejected", "expired")


def _local(moment: datetime | None, tz: ZoneInfo) -> datetime | None:
    return None if moment is None else moment.astimezone(tz)


def _reason(t: Translator, reason: str | None) -> str | None:
    """A rejection reason as people read it: a preset in the reader's language, else as typed
    (not HTML-escaped: a cell is no message)."""
    if reason and reason.startswith(PRESET_PREFIX):
        return t(f"rv-preset-{reason.removeprefix(PRESET_PREFIX)}")
    return reason


async def evidence_sheet(
    session: AsyncSession, settings: Settings, scope: ExportScope, t: Translator
) -> Sheet:
    tz = ZoneInfo(settings.digest.digest_timezone)
    validity = timedelta(days=settings.scoring.load().evidence_validity_days)
    now = utcnow()
    english = t.language == "en"
    columns = [
        Column("centre", t("exports-col-code"), TEXT, 10),
        Column("centre_name", t("exports-col-name"), TEXT, 36),
        Column("region", t("exports-col-region"), TEXT, 9),
        Column("indicator", t("exports-col-indicator"), TEXT, 10),
        Column("requirement", t("exports-col-requirement"), TEXT, 50),
        Column("state", t("exports-col-state"), TEXT, 14),
        Column("submitted", t("exports-col-submitted"), DATETIME),
        Column("decided", t("exports-col-decided"), DATETIME),
        Column("valid_until", t("exports-col-valid-until"), DATE),
        Column("reason", t("exports-col-reason"), TEXT, 40),
        Column("geo", t("exports-col-geo"), TEXT, 16),
        Column("geo_reason", t("exports-col-geo-reason"), TEXT, 16),
        Column("distance", t("exports-col-distance"), INT, 10),
    ]
    stmt = (
        select(
            Evidence,
            Centre.name,
            Centre.region_code,
            Requirement.text_ru,
            Requirement.text_en,
            Requirement.indicator,
        )
        .join(Centre, Centre.code == Evidence.centre_code)
        .join(Requirement, Requirement.id == Evidence.requirement_id)
        .where(Evidence.status != "draft", scope.centre_filter(Evidence.centre_code))
        .order_by(Evidence.centre_code, Requirement.indicator, Evidence.submitted_at)
        .execution_options(yield_per=CHUNK)
    )

    async def rows() -> AsyncIterator[Sequence[Cell]]:
        async for item, name, region, text_ru, text_en, indicator in await session.stream(stmt):
            until = item.captured_at + validity if item.status == "accepted" else None
            state = item.status
            if until is not None and until < now:
                state = "expired"
            geo = (
                None
                if item.geo_ok is None
                else t("exports-geo-ok" if item.geo_ok else "exports-geo-failed")
            )
            yield [
                item.centre_code,
                name,
                region,
                indicator,
                (text_en if english else text_ru) or text_ru,
                t(f"exports-state-{state}") if state in STATES else state,
                _local(item.submitted_at, tz),
                _local(item.decided_at, tz),
                _local(until, tz),
                _reason(t, item.reason) if item.status == "rejected" else None,
                geo,
                item.geo_reason,
                None if item.distance_m is None else round(item.distance_m),
            ]

    return Sheet(t("exports-sheet-evidence"), columns, rows)


async def comment_sheets(
    session: AsyncSession, settings: Settings, scope: ExportScope, t: Translator
) -> list[Sheet]:
    tz = ZoneInfo(settings.digest.digest_timezone)
    window = comments_window(settings, utcnow())
    columns = [
        Column("week", t("exports-col-week"), TEXT, 10),
        Column("text", t("exports-col-comment"), TEXT, 90),
    ]
    sheets = []
    for code in sorted(scope.centres):
        found = await centre_comments(session, code, window, tz)
        sheets.append(Sheet(code, columns, rows_of([[c.week, c.text] for c in found])))
    return sheets


async def audit_sheet(session: AsyncSession, settings: Settings, t: Translator) -> Sheet:
    tz = ZoneInfo(settings.digest.digest_timezone)
    names = {
        uid: name.plain()
        for uid, name in (await People(session).names(await audit.actors(session))).items()
    }
    columns = [
        Column("at", t("exports-col-at"), DATETIME),
        Column("actor", t("exports-col-actor-id"), INT, 14),
        Column("actor_name", t("exports-col-actor"), TEXT, 28),
        Column("kind", t("exports-col-kind"), TEXT, 26),
        Column("object_type", t("exports-col-object-type"), TEXT, 12),
        Column("object_id", t("exports-col-object-id"), TEXT, 12),
        Column("detail", t("exports-col-detail"), TEXT, 60),
    ]

    async def rows() -> AsyncIterator[Sequence[Cell]]:
        async for entry in audit.stream(session):
            yield [
                _local(entry.at, tz),
                entry.actor_id,
                names.get(entry.actor_id, "")
                if entry.actor_id is not None
                else t("exports-actor-cli"),
                t(f"audit-kind-{entry.kind}") if entry.kind in audit.KINDS else entry.kind,
                entry.object_type,
                entry.object_id,
                json.dumps(entry.detail, ensure_ascii=False, sort_keys=True)
                if entry.detail
                else None,
            ]

    return Sheet(t("exports-sheet-audit"), columns, rows)
