"""/stats (issue 15): the figures by scope, the funnel's anonymous counters, the pictures."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from aiogram.methods import SendMessage, SendPhoto
from PIL import Image
from sqlalchemy import inspect, select

from bot.config import Settings
from bot.i18n import Translations
from handlers.stats.texts import stats_text
from services.stats import (
    FURTHEST,
    CentreSample,
    Counts,
    RegionFigures,
    StatsReport,
    StatsScope,
    build_report,
    period_starts,
)
from services.stats.funnel import Funnel, Stop
from services.team.roles import ADMIN, EXPERT
from storage.models_stats import FunnelCount
from tests.desk_support import SM, SPEC, add_questionnaires, grant
from tests.harness import Person, RecordingSession

RU = Translations().get("ru")


@pytest.fixture
async def data(sessionmaker: SM, centres: None) -> None:
    await add_questionnaires(sessionmaker, "77-cao", "seeker", 6)
    await add_questionnaires(sessionmaker, "77-cao", "employer", 2)
    await add_questionnaires(sessionmaker, "16-kazan-1", "seeker", 5)
    # Unfinished: three stopped at question 3 (two answers), one at question 1 (none).
    await add_questionnaires(sessionmaker, "77-cao", "seeker", 3, answered=2, key_prefix="u")
    await add_questionnaires(sessionmaker, "77-sao", "seeker", 1, answered=0, key_prefix="v")


async def test_consent_steps_are_counted_without_any_key(
    user: Person, sessionmaker: SM, settings: Settings
) -> None:
    await user.send("/start c_77-cao")
    assert user.last().text == RU("consent-text")
    await user.send("/start c_77-cao")  # shown twice: two screens
    await user.tap("Согласен")
    await user.tap("Согласен", user.messages()[-3])  # a late second tap: not a second person
    async with sessionmaker() as session:
        rows = list(await session.scalars(select(FunnelCount)))
    counted = {(r.centre_code, r.stage): r.count for r in rows}
    assert counted == {("77-cao", "consent_shown"): 2, ("77-cao", "consent_given"): 1}
    columns = {c.key for c in inspect(FunnelCount).columns}
    assert columns == {"day", "centre_code", "stage", "count"}  # nothing about the person

    async with sessionmaker() as session:
        report = await build_report(session, settings, StatsScope(None))
    assert report.funnel.steps["consent_shown"] == 2
    assert report.funnel.steps["consent_given"] == 1


async def test_country_figures(sessionmaker: SM, settings: Settings, data: None) -> None:
    async with sessionmaker() as session:
        report = await build_report(session, settings, StatsScope(None))
    window = report.totals
    assert window[("window", "seeker")].completed == 11
    assert window[("window", "employer")].completed == 2
    assert window[("window", "seeker")].started == 11 + 4
    steps = report.funnel.steps
    assert (steps["started"], steps["first_answer"], steps["completed"]) == (17, 16, 13)
    (stop,) = report.funnel.stops
    assert (stop.audience, stop.position, stop.count, stop.abandoned) == ("seeker", 2, 3, 4)
    assert report.centres == 48 and report.centres_meeting == 0
    assert len(report.furthest) == FURTHEST
    assert report.furthest[0].respondents == 0  # the furthest first
    by_code = {r.code: r for r in report.regions}
    assert by_code["77"].completed("window") == 8 and by_code["16"].completed("window") == 5
    text = stats_text(RU, report, SPEC)
    assert "Статистика · Россия" in text
    assert "вопросе 3 из 19" in text and "3 из 4 незавершённых" in text


async def test_experts_see_their_regions(sessionmaker: SM, settings: Settings, data: None) -> None:
    async with sessionmaker() as session:
        report = await build_report(session, settings, StatsScope(frozenset({"16"})))
    assert [r.code for r in report.regions] == ["16"]
    assert report.totals[("window", "seeker")].completed == 5
    assert report.totals[("window", "employer")].completed == 0
    assert report.funnel.steps["completed"] == 5
    assert all(c.region_code == "16" for c in report.furthest)


async def test_stats_command_by_role(
    user: Person, sessionmaker: SM, recording: RecordingSession, data: None
) -> None:
    await user.send("/stats")
    assert user.last().text == RU("stats-not-allowed")
    await grant(sessionmaker, 2001, EXPERT, "16")
    await grant(sessionmaker, 9001, ADMIN, None)
    for uid, title in ((2001, "Статистика · Республика Татарстан"), (9001, "Статистика · Россия")):
        person = user.as_user(uid)
        await person.send("/stats")
        texts = [c.text for c in recording.calls if isinstance(c, SendMessage) and c.chat_id == uid]
        assert any(title in t for t in texts), texts
        pictures = [c for c in recording.calls if isinstance(c, SendPhoto) and c.chat_id == uid]
        assert len(pictures) == 2  # the funnel and the sample progress
        for picture in pictures:
            with Image.open(io.BytesIO(picture.photo.data)) as image:  # type: ignore[union-attr]
                assert image.format == "PNG" and image.size[0] == 1200
                assert image.size[1] <= 1400  # one phone screen


def test_the_text_stays_inside_telegrams_limit() -> None:
    now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    long = "Центр занятости населения " * 8
    regions = [RegionFigures(f"{n:02d}", f"{long} {n}") for n in range(85)]
    for region in regions:
        region.counts[("window", "seeker")] = Counts(900, 800)
    furthest = [CentreSample(f"c{n}", long, "01", 3, 1) for n in range(FURTHEST)]
    report = StatsReport(
        scope=StatsScope(None), now=now,
        starts=period_starts(now, __import__("zoneinfo").ZoneInfo("Europe/Moscow"), 90),
        totals={k: Counts(10**6, 10**6) for k in regions[0].counts}, regions=regions,
        min_respondents=100, min_employers=20, centres=2500, centres_meeting=1200,
        furthest=furthest, evidence_waiting=12345,
        funnel=Funnel(stops=[Stop("seeker", 18, 100, 200), Stop("employer", 0, 5, 9)]),
        funnel_since=now - timedelta(days=7), window_days=90,
    )  # fmt: skip
    text = stats_text(RU, report, SPEC)
    assert len(text) < 4096
    assert "…и ещё 70 регионов" in text
