"""Issue 18: the scale-out setup end to end, as a region's IT department would try it.

Two `python -m bot run` processes in webhook mode (A with the scheduler, B without) share one
PostgreSQL database, one Redis and one MEDIA_DIR; Telegram (tests.e2e.replicas) posts every
update to a balancer that alternates each person's updates between them. Respondents answer
the questionnaire through both; A is SIGKILLed in the middle of it and started again later;
the weekly digest is posted once; staff upload evidence through B and an expert reviews it
through A. The figures are printed (pytest -s shows them).

Needs TEST_POSTGRES_URL and TEST_REDIS_URL (make test starts both servers); skipped without
them, failed without them under REQUIRE_SERVICES=1.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import re
import secrets
import socket
import time
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, update

from bot.config import DatabaseSettings, DigestSettings, Settings, SurveySettings
from services.demo import populate
from services.team.roles import EXPERT, STAFF, Invitations, Roles
from storage.db import create_engine, create_sessionmaker
from storage.models import (
    Answer,
    Evidence,
    EvidenceFile,
    Post,
    ProcessedUpdate,
    Questionnaire,
    utcnow,
)
from tests.conftest import REDIS_URL, ROOT, _pg_execute, _pg_url, _require
from tests.e2e.conftest import TOKEN, BotProcess
from tests.e2e.environment import healthy, wait_for_log
from tests.e2e.replicas import Balancer, WebhookTelegram, chat_of
from tests.fakebotapi import RecordedCall
from tests.images import make_jpeg_with_gps, offset_north

RESPONDENTS = range(8001, 8017)  # 16 people, 24 updates each
DOUBLE_TAP = RESPONDENTS[::5]  # these tap the same answer twice, the taps on both replicas
QUESTIONS = 19
QUESTION = re.compile(r"Вопрос (\d+) из 19")
CHANNEL = -1001234567890
ADMIN = 777
STAFF_ID, EXPERT_ID = 5101, 5201
CAO = (55.7715, 37.6324)
LEASE = 4  # WEBHOOK_CLAIM_LEASE_SECONDS: short, so the test waits seconds, not minutes
REDIS_DB = 12  # not 0: the other tests flush that one
WAIT = 90  # seconds for any one reply: generous, for a loaded CI machine
RETAPS: Counter[int] = Counter()  # respondent -> taps repeated after no answer came


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def pg_database(pg_template: str) -> Iterator[str]:
    """A database of its own, copied from the migrated template, dropped afterwards."""
    name = f"czn_replicas_{os.getpid()}_{secrets.token_hex(4)}"
    _pg_execute(f"CREATE DATABASE {name} TEMPLATE {pg_template}")
    yield _pg_url(name)
    _pg_execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def redis_url() -> str:
    """A Redis db other than the one the other tests flush; keys cannot collide with another
    run's: they are keyed hashes under this run's own RESPONDENT_SECRET (`forget_keys`)."""
    return re.sub(r"/\d*$", "", _require(REDIS_URL, "Redis")) + f"/{REDIS_DB}"


async def forget_keys(url: str, secret: str) -> None:
    """Delete this run's conversation state from Redis (and nothing of anyone else)."""
    from aiogram.fsm.storage.base import StorageKey
    from redis.asyncio import Redis

    from bot.fsm import HashedKeyBuilder
    from services.privacy import Pseudonyms

    builder = HashedKeyBuilder(Pseudonyms.from_settings(replica_settings("", secret)).text)
    bot_id = int(TOKEN.split(":")[0])
    keys = [
        builder.build(StorageKey(bot_id=bot_id, chat_id=uid, user_id=uid), part)
        for uid in (*RESPONDENTS, STAFF_ID, EXPERT_ID, ADMIN)
        for part in ("state", "data", "lock")
    ]
    client = Redis.from_url(url)
    try:
        await client.delete(*keys)
    finally:
        await client.aclose()


def replica_settings(database_url: str, secret: str) -> Settings:
    return Settings(
        database=DatabaseSettings(_env_file=None, database_url=database_url or "sqlite://"),
        survey=SurveySettings(_env_file=None, respondent_secret=secret),
        digest=DigestSettings(_env_file=None),
    )


async def seed(database_url: str, secret: str) -> tuple[str, int]:
    """Four weeks of answers and snapshots (the digest has something to say), the checklist,
    a staff invitation for 77-cao and an expert for Moscow; (the invitation, the last
    questionnaire id before the test's respondents)."""
    settings = replica_settings(database_url, secret)
    engine = create_engine(database_url)
    try:
        sessionmaker = create_sessionmaker(engine)
        async with sessionmaker() as session:
            await populate(
                session, settings, last_run=utcnow() - timedelta(days=2), weeks=4, scale=0.3
            )
        async with sessionmaker.begin() as session:
            token, _ = await Invitations(session).create(STAFF, "77-cao", 1, timedelta(days=1))
            await Roles(session).grant(EXPERT_ID, EXPERT, "77", by=ADMIN)
            # The demo's submissions waiting for review are decided: /review shows ours.
            await session.execute(
                update(Evidence).where(Evidence.status == "pending").values(status="rejected")
            )
            last = await session.scalar(select(func.max(Questionnaire.id)))
    finally:
        await engine.dispose()
    return token, int(last or 0)


def text_of(call: RecordedCall) -> str:
    return str(call.params.get("text", ""))


def message_id(call: RecordedCall) -> int:
    if call.method == "editMessageText":
        return int(call.params["message_id"])
    assert call.response is not None
    return int(call.response["result"]["message_id"])


async def wait_text(api: WebhookTelegram, uid: int, part: str, since: int = 0) -> RecordedCall:
    return await api.wait_for(
        lambda c: (
            c.method in ("sendMessage", "editMessageText")
            and c.chat_id == uid
            and c.ok
            and part in text_of(c)
        ),
        timeout=WAIT,
        since=since,
    )


async def patiently(
    api: WebhookTelegram, uid: int, part: str, since: int, screen: int, label: str = "4"
) -> RecordedCall:
    """Wait for the next screen; tap the one on display again if nothing comes, as a person
    would whose tap was refused: the kill may have cut off the handler that showed this
    screen before it noted the question as current, and only the redelivery of that tap,
    after the lease, does that."""
    deadline = time.monotonic() + WAIT
    while True:
        try:
            return await api.wait_for(
                lambda c: (
                    c.method in ("sendMessage", "editMessageText")
                    and c.chat_id == uid
                    and c.ok
                    and part in text_of(c)
                ),
                timeout=min(3 * LEASE, max(0.1, deadline - time.monotonic())),
                since=since,
            )
        except TimeoutError:
            if time.monotonic() > deadline:
                raise
            RETAPS[uid] += 1
            with contextlib.suppress(LookupError):  # the screen moved on meanwhile
                api.click(uid, screen, label)


def shown_questions(api: WebhookTelegram, uid: int) -> list[int]:
    """The progress line of every question the bot showed the person, in order."""
    shown = []
    for call in api.calls:
        if call.method in ("sendMessage", "editMessageText") and call.chat_id == uid and call.ok:
            match = QUESTION.search(text_of(call))
            if match:
                shown.append(int(match.group(1)))
    return shown


async def respond(api: WebhookTelegram, uid: int, answered: dict[int, int]) -> None:
    """One respondent: QR code, consent, audience, 19 answers, no comment."""
    try:
        await _respond(api, uid, answered)
    except TimeoutError as error:
        mine = [u for u in api.updates if chat_of(u) == uid]
        seen = [
            f"{c.method} ok={c.ok} {text_of(c)[:90]!r} {str(c.params.get('reply_markup'))[:160]}"
            for c in api.calls
            if c.chat_id == uid
        ]
        raise TimeoutError(
            f"respondent {uid} stuck after questions {shown_questions(api, uid)}; "
            f"the bot's last calls: {seen[-2:]}; deliveries of its updates: "
            f"{[(u['update_id'], api.answers.get(u['update_id'])) for u in mine[-4:]]}"
        ) from error


async def _respond(api: WebhookTelegram, uid: int, answered: dict[int, int]) -> None:
    api.send_message(uid, "/start c_77-cao")
    consent = await wait_text(api, uid, "152-ФЗ")
    api.click(uid, message_id(consent), "✅ Согласен(на)")
    who = await wait_text(api, uid, "Вы обращались", consent.index)
    api.click(uid, message_id(who), "👤 Ищу работу (соискатель)")
    since = who.index
    screen = message_id(who)
    for n in range(1, QUESTIONS + 1):
        label = "👤 Ищу работу (соискатель)" if n == 1 else "4"
        shown = await patiently(api, uid, f"Вопрос {n} из 19", since, screen, label)
        since, screen = shown.index + 1, message_id(shown)
        api.click(uid, screen, "4")
        if n == 5 and uid in DOUBLE_TAP:
            api.click(uid, screen, "4")  # the second tap goes to the other replica
        answered[uid] = n - 1
    done = await patiently(api, uid, "все ответы сохранены", since, screen)
    answered[uid] = QUESTIONS
    api.click(uid, message_id(done), "Пропустить")
    await wait_text(api, uid, "Спасибо!", done.index)


async def kill_in_the_middle(
    balancer: Balancer, replica: BotProcess, answered: dict[int, int], total: int
) -> int:
    """SIGKILL once a third of the answers are in, at a moment the replica is mid-update."""
    while sum(answered.values()) < total // 3:  # noqa: ASYNC110 - polls the respondents
        await asyncio.sleep(0.01)
    deadline = time.monotonic() + 10
    while balancer.in_flight[0] < 2 and time.monotonic() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(0.002)
    cut_off = balancer.in_flight[0]
    replica.kill()
    return cut_off


async def test_two_replicas_on_postgres_and_redis(pg_database: str, tmp_path: Path) -> None:
    started = time.monotonic()
    redis = redis_url()
    secret = "e2e-replicas-" + secrets.token_hex(16)
    invitation, before = await seed(pg_database, secret)
    media = tmp_path / "media"  # one folder both replicas write to: the compose file's volume
    hook_secret = secrets.token_urlsafe(24)
    ports = free_port(), free_port()
    api = WebhookTelegram(TOKEN, retry_pause=0.5)
    await api.start()
    balancer = Balancer([f"http://127.0.0.1:{port}" for port in ports])
    await balancer.start()
    api.target, api.secret = balancer.url, hook_secret
    common = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_"))}
    common.update(
        BOT_TOKEN=TOKEN,
        TELEGRAM_API_URL=api.url,
        DATABASE_URL=pg_database,
        REDIS_URL=redis,
        RESPONDENT_SECRET=secret,
        PYTHONPATH=str(ROOT),
        MEDIA_DIR=str(media),
        WEBHOOK_BASE_URL="https://bot.example.invalid",
        WEBHOOK_SECRET=hook_secret,
        WEBHOOK_CLAIM_LEASE_SECONDS=str(LEASE),
        CHANNEL_ID=str(CHANNEL),
        ADMIN_IDS=json.dumps([ADMIN]),
        # Every midnight in Moscow: the last posting time passed within the grace period,
        # so the scheduler replica posts at start-up (the catch-up), and only it.
        DIGEST_CRON="0 0 * * *",
        DIGEST_GRACE_HOURS="72",
        DIGEST_MIN_QUESTIONNAIRES="1",
    )
    replicas = []
    for name, port, scheduler in (("a", ports[0], "true"), ("b", ports[1], "false")):
        workdir = tmp_path / name
        workdir.mkdir()
        env = dict(common, WEBHOOK_PORT=str(port), SCHEDULER_ENABLED=scheduler)
        env["WEBHOOK_REGISTER"] = scheduler  # one replica registers the webhook
        replicas.append(BotProcess(env, workdir))
    a, b = replicas
    try:
        for replica in replicas:
            replica.start()
        await asyncio.gather(*(healthy(port) for port in ports))
        # The catch-up posts the digest at start-up; it is done before A is killed, so the
        # kill below tests the questionnaire and the restart's "already posted" (a kill in the
        # middle of the post leaves it honestly "unknown": tests/digest/test_digest_once.py).
        await wait_for_log(a, "catch-up: digest for")
        setup = time.monotonic() - started

        # --- the questionnaire through both replicas, A killed in the middle ---------------
        answered: dict[int, int] = {}
        total = QUESTIONS * len(RESPONDENTS)
        survey_started = time.monotonic()
        people = asyncio.gather(*(respond(api, uid, answered) for uid in RESPONDENTS))
        cut_off = await kill_in_the_middle(balancer, a, answered, total)
        killed_at = sum(answered.values())
        await asyncio.sleep(LEASE + 2)  # the survivor alone, past the lease
        a.start()  # the scheduler replica again: its catch-up finds the week posted
        await healthy(ports[0])
        await people
        await api.delivered(timeout=30)
        survey_time = time.monotonic() - survey_started

        # --- evidence uploaded through B, reviewed through A -----------------------------
        balancer.pins.update({STAFF_ID: 1, EXPERT_ID: 0})
        submitted, picture = await upload_evidence(api, invitation)
        await review_evidence(api, submitted)
        await api.delivered(timeout=30)
        await wait_for_log(a, "catch-up: digest for")
    except Exception as error:
        logs = "\n".join(f"--- {r.workdir.name} ---\n{r.output()[-3000:]}" for r in replicas)
        raise AssertionError(f"{error}\n{logs}") from error
    finally:
        for replica in replicas:
            replica.stop()
        await balancer.stop()
        await api.stop()
        await forget_keys(redis, secret)

    engine = create_engine(pg_database)
    try:
        async with create_sessionmaker(engine)() as session:
            rows = (
                await session.execute(
                    select(Questionnaire.id, Questionnaire.completed_at, Answer.question_id)
                    .join(Answer, Answer.questionnaire_id == Questionnaire.id)
                    .where(Questionnaire.id > before)
                )
            ).all()
            claims = dict(
                (
                    await session.execute(
                        select(ProcessedUpdate.update_id, ProcessedUpdate.finished).where(
                            ProcessedUpdate.update_id.in_(list(api.answers))
                        )
                    )
                ).all()
            )
            posts = (await session.execute(select(Post.status, Post.attempts))).all()
            ours = hashlib.sha256(picture).hexdigest()
            files = (
                await session.execute(
                    select(EvidenceFile.stored_path, EvidenceFile.evidence_id).where(
                        EvidenceFile.sha256 == ours
                    )
                )
            ).all()
            evidence = (
                (
                    await session.execute(
                        select(Evidence.status).where(Evidence.id.in_([e for _, e in files]))
                    )
                )
                .scalars()
                .all()
            )
    finally:
        await engine.dispose()

    # Every answer stored once, every questionnaire complete.
    per: dict[int, list[str]] = {}
    for qid, completed_at, question in rows:
        assert completed_at is not None, qid
        per.setdefault(qid, []).append(question)
    assert len(per) == len(RESPONDENTS)
    assert all(len(q) == QUESTIONS == len(set(q)) for q in per.values())
    # The progress line counted up by one for each person: nothing skipped, nothing twice.
    for uid in RESPONDENTS:
        assert shown_questions(api, uid) == list(range(1, QUESTIONS + 1)), uid
    # Nothing lost: every update Telegram sent was acknowledged, and handled to the end.
    figures = api.figures()
    lost = [u for u in api.answers if not claims.get(u)]
    assert figures["acknowledged"] == figures["updates"] and not lost
    assert figures["redelivered"] >= 1 and cut_off >= 1
    # The weekly digest: once, by the scheduler replica, through its restart.
    album = [c for c in api.calls_of("sendMediaGroup") if c.chat_id == CHANNEL]
    assert len(album) == 1 and album[0].ok
    assert posts == [("posted", 1)]
    assert "catch-up: digest for" in a.output() and "already" in a.output()
    assert "digest for" not in b.output()
    # Evidence: the copy in the shared MEDIA_DIR, accepted through the other replica.
    digest = hashlib.sha256(picture).hexdigest()
    assert [path for path, _ in files] == [f"{digest[:2]}/{digest}"]
    assert (media / files[0][0]).read_bytes() == picture
    assert evidence == ["accepted"]

    handled = balancer.handled_by()
    print(
        f"\ntwo replicas: setup {setup:.1f} s; {len(RESPONDENTS)} respondents in "
        f"{survey_time:.1f} s; A killed after {killed_at} of {total} answers "
        f"with {cut_off} update(s) in flight, restarted after {LEASE + 2} s\n"
        f"  updates sent {figures['updates']}, redelivered {figures['redelivered']}, "
        f"handled {len(claims)} (A {handled[0]}, B {handled[1]}), lost {len(lost)}\n"
        f"  answers to the balancer: "
        + ", ".join(f"{k} {v}" for k, v in sorted(figures.items()) if k.startswith(("HTTP", "no")))
        + f"\n  digest albums posted {len(album)}; evidence {evidence[0]} via the other replica"
    )


async def upload_evidence(api: WebhookTelegram, invitation: str) -> tuple[RecordedCall, bytes]:
    """Staff, through replica B: join by invitation, send a photo for K1, submit it."""
    uid = STAFF_ID
    taken = datetime.now(ZoneInfo("Europe/Moscow")).replace(tzinfo=None)
    picture = make_jpeg_with_gps(*offset_north(*CAO, 60), taken, offset="+03:00")
    api.send_message(uid, f"/start i_{invitation}")
    await wait_text(api, uid, "вы в рабочей группе центра")
    api.send_message(uid, "/checklist")
    overview = await wait_text(api, uid, "Чек-лист: подтверждено")  # the demo's evidence counts
    click_starting(api, uid, overview, "K1 · ")
    k1 = await wait_text(api, uid, "K1 · Комфорт в центре", overview.index)
    click_starting(api, uid, k1, "📎", last=True)  # one the demo data left unproven
    await wait_text(api, uid, "Как подтвердить", k1.index)
    api.send_photo(uid, picture, as_document=True, file_name="IMG_0002.JPG")
    added = await wait_text(api, uid, "Файл добавлен", k1.index)
    click_starting(api, uid, added, "📤")
    submitted = await wait_text(api, uid, "Отправлено на проверку", added.index)
    return submitted, picture


async def review_evidence(api: WebhookTelegram, submitted: RecordedCall) -> None:
    """The expert, through replica A: /review shows the file, Accept; the staff member hears."""
    uid = EXPERT_ID
    since = submitted.index
    api.send_message(uid, "/review")
    shown = await api.wait_for(
        lambda c: c.method == "sendDocument" and c.chat_id == uid and c.ok,
        since=since,
        timeout=WAIT,
    )
    card = await wait_text(api, uid, "№", shown.index)
    click_starting(api, uid, card, "✅")
    await wait_text(api, uid, "принято", card.index)
    await wait_text(api, STAFF_ID, "Эксперт принял подтверждение", card.index)


def click_starting(
    api: WebhookTelegram, uid: int, call: RecordedCall, prefix: str, *, last: bool = False
) -> None:
    mid = message_id(call)
    [current] = [m for m in api.messages(uid) if m["message_id"] == mid]
    labels = [text for text, _ in api.buttons(current) if text.startswith(prefix)]
    assert labels and (last or len(labels) == 1), labels
    api.click(uid, mid, labels[-1])
