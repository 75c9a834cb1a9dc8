"""The practice base in the demo database (`make demo`): five practices of the synthetic
centres, in every state a working group meets — two accepted long enough ago for a measured
effect, one accepted a few days ago ("not enough answers yet"), one waiting for review, one
sent back with the expert's comment.

The effect is not written anywhere: a card computes it from the demo's answers
(services.practices.effect), as it would from real ones. To give it something real to find,
the two older accepted practices *work* in the synthetic data: from their start date on, each
valid answer of their centre to their indicators is one point higher (at most 5) with
probability `lift`. The region's other centres keep the common trend, so the
difference-in-differences shows the lift, not the region's drift. The centres are chosen by
volume (the busiest of a region), so the 12 weeks leave enough answers on both sides.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from scoring import Methodology
from services.practices.rules import ACCEPTED, PENDING, RETURNED, fold, groups_of
from storage.models import Centre
from storage.models_practices import Practice, PracticeDecision

AUTHOR_BASE = 700_000_100  # made-up Telegram ids of the demo's authors
REVIEWER = 800_000_001
SEED_OFFSET = 12  # the lift draws from a generator of its own: the rest of the demo is unchanged


@dataclass(frozen=True, slots=True)
class DemoPractice:
    title: str
    indicators: tuple[str, ...]
    client_group: str
    problem: str
    done: str
    result: str
    status: str
    region: str  # preferred region (another one when the directory has no such region)
    rank: int  # 0 = the busiest centre of the region, 1 = the next one…
    started_days: int  # start date, days before the last run
    decided_days: int  # submitted and decided (or still pending), days before the last run
    lift: float = 0.0  # share of the centre's answers one point higher after the start
    comment: str | None = None


PRACTICES = (
    DemoPractice(
        "Заявление на пособие — за одну встречу с консультантом", ("M7", "K2"), "seeker",
        "Чтобы подать заявление, клиент приходил два-три раза: то не хватало справки, то "
        "запись к инспектору была только через неделю.",
        "Консультант на входе проверяет документы по короткому чек-листу, заполняет заявление "
        "вместе с клиентом на планшете и сразу передаёт инспектору; справки запрашиваем сами "
        "через межведомственный обмен.",
        "Заявление подают за один визит, среднее время — 25 минут вместо трёх визитов.",
        ACCEPTED, "77", 0, 42, 10, lift=0.45,
    ),
    DemoPractice(
        "Личный менеджер работодателя в мессенджере", ("M5",), "employer",
        "Работодатели не могли дозвониться до центра, заявки на подбор терялись в почте.",
        "За каждым крупным работодателем закреплён менеджер с рабочим мессенджером; заявку "
        "можно прислать сообщением, ответ — в течение рабочего дня.",
        "Заявки приходят в день появления вакансии, работодатели перестали жаловаться на связь.",
        ACCEPTED, "16", 0, 49, 14, lift=0.35,
    ),
    DemoPractice(
        "Персональный консультант для людей с инвалидностью", ("A1",), "disabled",
        "Клиентов с инвалидностью передавали от специалиста к специалисту, каждый раз "
        "приходилось заново рассказывать о себе.",
        "Каждому клиенту с инвалидностью назначаем одного консультанта, который ведёт его от "
        "первого визита до трудоустройства и сам договаривается с работодателем.",
        "Первые клиенты говорят, что стало спокойнее; цифры соберём через три месяца.",
        ACCEPTED, "77", 1, 5, 2,
    ),
    DemoPractice(
        "Уголок для родителей с детьми в зале ожидания", ("K1",), "parents",
        "Родители с маленькими детьми уходили, не дождавшись приёма.",
        "В зале ожидания оборудовали детский уголок, родителей с детьми принимают по "
        "отдельной записи.",
        "Родители дожидаются приёма; в книге отзывов — благодарности.",
        PENDING, "77", 2, 30, 2,
    ),
    DemoPractice(
        "Памятка предпенсионеру на одной странице", ("M7",), "preretire",
        "Предпенсионеры не понимали, какие меры поддержки им положены.",
        "Собрали все меры на одну страницу крупным шрифтом; выдаём на первом приёме.",
        "Памятку берут охотно.",
        RETURNED, "16", 1, 60, 4,
        comment="Добавьте, сколько человек получили памятку и что изменилось для них.",
    ),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Placed:
    """A demo practice at its centre, with its start date and the moment it starts."""

    practice: DemoPractice
    centre: Centre
    started_on: date
    start: datetime  # the centre's local midnight of `started_on` (as the effect measures it)


def place(centres: Sequence[Centre], volume: Counter[str], last_run: datetime) -> list[Placed]:
    """Each practice at the `rank`-th busiest centre (by questionnaires) of its region."""
    by_region: dict[str, list[Centre]] = {}
    for centre in sorted(centres, key=lambda c: (-volume[c.code], c.code)):
        if volume[centre.code]:
            by_region.setdefault(centre.region_code, []).append(centre)
    if not by_region:
        return []
    fallback = max(by_region, key=lambda code: (len(by_region[code]), code))
    placed = []
    for item in PRACTICES:
        region = by_region.get(item.region) or by_region[fallback]
        centre = region[min(item.rank, len(region) - 1)]
        tz = ZoneInfo(centre.timezone)
        started_on = last_run.astimezone(tz).date() - timedelta(days=item.started_days)
        start = datetime.combine(started_on, time(), tz)
        placed.append(Placed(item, centre, started_on, start))
    return placed


def lift(
    placed: Sequence[Placed],
    questionnaires: Sequence[dict[str, object]],
    answers: Sequence[dict[str, object]],
    seed: int,
) -> int:
    """Raise the answers a working practice would raise (see the module's docstring); returns
    how many answers changed."""
    rng = random.Random(seed + SEED_OFFSET)
    where = {int(str(q["id"])): q for q in questionnaires}
    working = [p for p in placed if p.practice.lift > 0]
    changed = 0
    for answer in answers:
        value = answer["value"]
        if not isinstance(value, int) or value >= 5:
            continue
        questionnaire = where[int(str(answer["questionnaire_id"]))]
        completed = questionnaire["completed_at"]
        assert isinstance(completed, datetime)
        for p in working:
            if (
                questionnaire["centre_code"] == p.centre.code
                and answer["indicator"] in p.practice.indicators
                and completed >= p.start
                and rng.random() < p.practice.lift
            ):
                answer["value"] = value + 1
                changed += 1
                break
    return changed


async def seed_practices(
    session: AsyncSession, m: Methodology, placed: Sequence[Placed], last_run: datetime
) -> int:
    """The practices and their decision log; accepted ones are not in the channel yet (a bot
    started on the demo database posts them once, like any accepted practice)."""
    for number, p in enumerate(placed):
        item = p.practice
        author = AUTHOR_BASE + number
        submitted = last_run - timedelta(days=item.decided_days, hours=20)
        decided = None if item.status == PENDING else last_run - timedelta(days=item.decided_days)
        codes = [i.code for i in m.indicators if i.code in item.indicators]
        text = " ".join((item.title, item.problem, item.done, item.result))
        row = Practice(
            centre_code=p.centre.code, region_code=p.centre.region_code, author_id=author,
            status=item.status, title=item.title, indicators=f" {' '.join(codes)} ",
            groups=f" {' '.join(groups_of(m, codes))} ", client_group=item.client_group,
            problem=item.problem, done=item.done, result=item.result, started_on=p.started_on,
            search_text=fold(text), created_at=submitted - timedelta(days=1),
            submitted_at=submitted, decided_at=decided,
            decided_by=REVIEWER if decided else None, comment=item.comment, post_attempts=0,
        )  # fmt: skip
        session.add(row)
        await session.flush()
        session.add(PracticeDecision(
            practice_id=row.id, decided_by=author, decided_at=submitted, decision="submitted",
        ))  # fmt: skip
        if decided is not None:
            session.add(PracticeDecision(
                practice_id=row.id, decided_by=REVIEWER, decided_at=decided,
                decision=item.status, comment=item.comment,
            ))  # fmt: skip
    await session.flush()
    return len(placed)
