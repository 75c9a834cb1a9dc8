"""The rules without Telegram: checklist sync, media store, file types, expiry reminders."""

from __future__ import annotations

import argparse
import asyncio
import hashlib
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli.evidence import add_sync_parser, cmd_sync_checklist
from bot.config import Settings
from bot.i18n import Translations
from scoring import load_methodology
from scoring.checklist import ChecklistError, load_checklist
from services.evidence.checklist_sync import override_files, sync_checklist
from services.evidence.expiry import expiry_reminders
from services.evidence.media import IncomingFile, MediaStore
from services.evidence.model import ACCEPTED, PENDING, Rules
from services.evidence.workflow import EvidenceService
from services.index.ratings import Window, compute_levels
from services.privacy import Pseudonyms
from services.team.roles import STAFF, Access, Roles
from services.users import Users
from storage.models import Centre, Evidence, ObjectiveIndicator, Requirement, utcnow
from tests.evidence_support import SM

pytestmark = pytest.mark.backends("sqlite", "postgresql")

BASE = """\
indicators:
  D1:
    - id: D1-a
      evidence: document
      text_ru: Первое
      text_en: First
    - id: D1-b
      evidence: document
      text_ru: Второе
      text_en: Second
"""

OVERRIDE = """\
indicators:
  K1:
    - id: K1-queue
      evidence: photo_geo
      text_ru: Электронная очередь в зале ожидания (по-московски)
      text_en: An electronic queue (the Moscow way)
    - id: K1-water
      evidence: photo_geo
      text_ru: Кулер с питьевой водой
      text_en: A water cooler
"""


async def requirements(sm: SM) -> dict[str, Requirement]:
    async with sm() as session:
        return {r.id: r for r in await session.scalars(select(Requirement))}


async def test_sync_is_idempotent_and_follows_the_file(sessionmaker: SM, centres: None) -> None:
    default = load_checklist()
    async with sessionmaker.begin() as session:
        report = await sync_checklist(
            session, indicators=load_methodology("star-2023").indicator_codes
        )
    assert report.inserted == len(default) and report.updated == report.deleted == 0
    async with sessionmaker.begin() as session:
        report = await sync_checklist(session)
    assert (report.inserted, report.updated, report.deleted) == (0, 0, 0)
    stored = await requirements(sessionmaker)
    assert set(stored) == {r.id for r in default.requirements}
    queue = stored["K1-queue"]
    assert queue.region_code is None and queue.evidence_kind == "photo_geo"
    assert queue.text_ru.startswith("В зале ожидания есть электронная очередь")
    positions = [stored[r.id].position for r in default.requirements]
    assert positions == sorted(positions)  # the file's order


async def test_removed_requirement_is_kept_while_evidence_points_at_it(
    sessionmaker: SM, centres: None, tmp_path: Path
) -> None:
    base = tmp_path / "base.yaml"
    base.write_text(BASE, encoding="utf-8")
    async with sessionmaker.begin() as session:
        await sync_checklist(session, base)
        session.add(
            Evidence(
                centre_code="77-cao",
                requirement_id="D1-a",
                status=ACCEPTED,
                submitted_by=1,
                submitted_at=utcnow(),
                captured_at=utcnow(),
            )
        )
    base.write_text(BASE.replace("D1-a", "D1-c").replace("D1-b", "D1-d"), encoding="utf-8")
    async with sessionmaker.begin() as session:
        report = await sync_checklist(session, base)
    assert report.kept == ["D1-a"] and report.deleted == 1 and report.inserted == 2
    assert set(await requirements(sessionmaker)) == {"D1-a", "D1-c", "D1-d"}
    assert "kept (evidence points at them): D1-a" in str(report)


async def test_region_override_replaces_an_indicator_for_its_centres(
    sessionmaker: SM, centres: None, tmp_path: Path
) -> None:
    folder = tmp_path / "overrides"
    folder.mkdir()
    (folder / "77.yaml").write_text(OVERRIDE, encoding="utf-8")
    overrides = override_files(folder)
    assert overrides == {"77": folder / "77.yaml"}
    async with sessionmaker.begin() as session:
        await sync_checklist(session, overrides=overrides)
        session.add(ObjectiveIndicator(region_code="77", indicator="K1"))
        session.add(ObjectiveIndicator(region_code="16", indicator="K1"))
    stored = await requirements(sessionmaker)
    assert stored["77:K1-queue"].region_code == "77"
    assert stored["77:K1-queue"].text_ru.endswith("(по-московски)")
    assert "K1-queue" in stored  # the default list is untouched

    async with sessionmaker() as session:
        service = EvidenceService(session)
        moscow = await session.get(Centre, "77-cao")
        kazan = await session.get(Centre, "16-kazan-1")
        assert moscow is not None and kazan is not None
        ours = [r.id for r in await service.effective_requirements("77") if r.indicator == "K1"]
        theirs = [r.id for r in await service.effective_requirements("16") if r.indicator == "K1"]
        assert ours == ["77:K1-queue", "77:K1-water"]
        assert theirs == ["K1-queue", "K1-kids-corner", "K1-visual-style", "K1-environment"]
        checklist = await service.checklist(moscow, 1, utcnow())
        k1 = checklist.indicator("K1")
        assert k1 is not None and (k1.x, k1.n, k1.counted) == (0, 2, True)
        m = load_methodology("star-2023")
        levels = await compute_levels(session, m, Window.trailing(utcnow(), 90, 180))
    by_code = {lv.code: lv for lv in levels if lv.level == "centre"}
    # The scoring service agrees on N: 0 of 2 in Moscow, 0 of 4 in Kazan (both defined).
    assert by_code["77-cao"].results.combined.indicators["K1"].objective == 0.0
    assert by_code["16-kazan-1"].results.combined.indicators["K1"].objective == 0.0

    # Without overrides the region rows stay; with an empty set they go.
    async with sessionmaker.begin() as session:
        await sync_checklist(session)
    assert "77:K1-water" in await requirements(sessionmaker)
    async with sessionmaker.begin() as session:
        report = await sync_checklist(session, overrides={})
    assert report.deleted == 2 and "77:K1-water" not in await requirements(sessionmaker)


async def test_unusable_override_changes_nothing(
    sessionmaker: SM, centres: None, tmp_path: Path
) -> None:
    bad = tmp_path / "99.yaml"
    bad.write_text(OVERRIDE, encoding="utf-8")
    with pytest.raises(ChecklistError, match="unknown region '99'"):
        async with sessionmaker.begin() as session:
            await sync_checklist(session, overrides={"99": bad})
    broken = tmp_path / "77.yaml"
    broken.write_text(OVERRIDE.replace("photo_geo", "video", 1), encoding="utf-8")
    with pytest.raises(ChecklistError, match="unknown evidence kind"):
        async with sessionmaker.begin() as session:
            await sync_checklist(session, overrides={"77": broken})
    assert await requirements(sessionmaker) == {}


async def test_media_store_is_content_addressed(tmp_path: Path) -> None:
    store = MediaStore(tmp_path / "media")
    data = b"\x89PNG evidence"
    digest = hashlib.sha256(data).hexdigest()
    results = await asyncio.gather(*(store.put(data) for _ in range(5)))
    assert set(results) == {(digest, f"{digest[:2]}/{digest}")}
    assert store.path(results[0][1]).read_bytes() == data
    assert [p.name for p in (tmp_path / "media").rglob("*") if p.is_file()] == [digest]


def test_file_types() -> None:
    def doc(name: str | None, mime: str | None, size: int = 1) -> IncomingFile:
        return IncomingFile("document", "f", "u", size, mime, name)

    assert doc("IMG_1.HEIC", "image/heic").is_image
    assert doc("act.pdf", "application/pdf").is_allowed
    assert doc("table.xlsx", None).is_allowed
    assert doc(None, "application/pdf").is_allowed  # no name: the MIME type decides
    assert not doc("setup.exe", "application/octet-stream").is_allowed
    assert not doc("notes.txt.exe", "text/plain").is_allowed
    assert not doc("logo.svg", "image/svg+xml").is_allowed
    assert not doc("clip.mp4", "video/mp4").is_allowed
    assert doc("big.jpg", "image/jpeg", 20 * 1024 * 1024 + 1).too_big
    assert not doc("ok.jpg", "image/jpeg", 20 * 1024 * 1024).too_big
    assert IncomingFile("photo", "f", "u", None).is_image


async def test_expiry_reminders_once_per_evidence(sessionmaker: SM, centres: None) -> None:
    pseudonyms = Pseudonyms("test-secret")
    now = utcnow()
    async with sessionmaker() as session:
        await Users(session, pseudonyms).set_language(1002, "en")
    async with sessionmaker.begin() as session:
        await sync_checklist(session)
        roles = Roles(session)
        await roles.grant(1001, STAFF, "77-cao", by=1)
        await roles.grant(1002, STAFF, "77-cao", by=1)
        await roles.grant(1003, STAFF, "77-sao", by=1)

        def accepted(centre: str, requirement: str, days_ago: int) -> Evidence:
            return Evidence(
                centre_code=centre,
                requirement_id=requirement,
                status=ACCEPTED,
                submitted_by=1001,
                submitted_at=now,
                captured_at=now - timedelta(days=days_ago),
            )

        session.add_all(
            [
                accepted("77-cao", "K1-queue", 170),  # expires in 10 days: remind
                accepted("77-cao", "K1-kids-corner", 100),  # 80 days left: not yet
                accepted("77-cao", "D1-service-rules", 200),  # already expired: too late
                accepted("77-sao", "K1-queue", 175),  # renewed below: no reminder
                Evidence(
                    centre_code="77-sao",
                    requirement_id="K1-queue",
                    status=PENDING,
                    submitted_by=1003,
                    submitted_at=now,
                    captured_at=now,
                ),
            ]
        )
    async with sessionmaker.begin() as session:
        reminders = await expiry_reminders(session, now, pseudonyms=pseudonyms)
    assert [(r.user_id, r.language, r.requirement_id) for r in reminders] == [
        (1001, None, "K1-queue"),
        (1002, "en", "K1-queue"),
    ]
    first = reminders[0]
    assert abs(first.expires_at - (now + timedelta(days=10))) < timedelta(seconds=1)
    translations = Translations()
    ru = translations.get(first.language)(first.key, **first.args())
    assert "Скоро истекает подтверждение" in ru and "электронная очередь" in ru
    en = translations.get("en")(reminders[1].key, **reminders[1].args())
    assert "expires soon" in en and "electronic queue" in en
    async with sessionmaker.begin() as session:
        assert await expiry_reminders(session, now + timedelta(hours=1)) == []
        marked = list(
            await session.scalars(select(Evidence).where(Evidence.expiry_reminded_at.is_not(None)))
        )
    assert {(e.centre_code, e.requirement_id) for e in marked} == {
        ("77-cao", "K1-queue"),
        ("77-sao", "K1-queue"),
    }


async def test_expiring_evidence_is_shown_and_can_be_renewed(
    sessionmaker: SM, centres: None
) -> None:
    now = utcnow()
    async with sessionmaker.begin() as session:
        await sync_checklist(session)
        session.add(
            Evidence(
                centre_code="77-cao",
                requirement_id="K1-queue",
                status=ACCEPTED,
                submitted_by=1001,
                submitted_at=now,
                decided_at=now,
                captured_at=now - timedelta(days=170),
            )
        )
    access = Access(1001, staff_centres=frozenset({"77-cao"}))
    async with sessionmaker.begin() as session:
        service = EvidenceService(session, Rules())
        centre = await session.get(Centre, "77-cao")
        requirement = await session.get(Requirement, "K1-queue")
        assert centre is not None and requirement is not None
        k1 = (await service.checklist(centre, 1001, now)).indicator("K1")
        assert k1 is not None and k1.items[0].state == "expiring" and k1.x == 1
        draft, resumed = await service.start_draft(access, centre, requirement, now)
        assert draft.status == "draft" and not resumed
        later = now + timedelta(days=11)  # past the 180 days
        k1 = (await service.checklist(centre, 2, later)).indicator("K1")
        assert k1 is not None and k1.items[0].state == "expired" and k1.x == 0


def test_sync_checklist_command(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parser = argparse.ArgumentParser()
    add_sync_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["sync-checklist"])
    assert cmd_sync_checklist(settings, args) == 0
    assert f"requirements: {len(load_checklist())} new" in capsys.readouterr().out
    assert cmd_sync_checklist(settings, args) == 0
    assert "0 new, 0 updated, 0 deleted" in capsys.readouterr().out

    folder = tmp_path / "regions"
    folder.mkdir()
    (folder / "99.yaml").write_text(OVERRIDE, encoding="utf-8")
    args = parser.parse_args(["sync-checklist", "--overrides", str(folder)])
    assert cmd_sync_checklist(settings, args) == 1
    error = capsys.readouterr().err
    assert "nothing changed" in error and "unknown region '99'" in error
