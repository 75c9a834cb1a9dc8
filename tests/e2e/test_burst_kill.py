"""SIGKILL in the middle of a burst: every acknowledged answer survives, none is doubled."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from pathlib import Path

from tests.e2e.conftest import BotProcess
from tests.fakebotapi import FakeBotAPI, RecordedCall

USERS = range(7001, 7021)
QUESTION = re.compile(r"Вопрос (\d+) из 19")


def shown_question(call: RecordedCall) -> int | None:
    match = QUESTION.search(str(call.params.get("text", "")))
    return int(match.group(1)) if match and call.ok else None


def message_id(call: RecordedCall) -> int:
    if call.method == "editMessageText":
        return int(call.params["message_id"])
    assert call.response is not None
    return int(call.response["result"]["message_id"])


async def keep_answering(api: FakeBotAPI, uid: int, acknowledged: dict[int, int]) -> None:
    """Answer whatever question is on screen until the bot stops responding."""
    since = 0
    while True:
        try:
            call = await api.wait_for(
                lambda c, since=since: (
                    c.index >= since and c.chat_id == uid and shown_question(c) is not None
                ),
                timeout=8,
            )
        except TimeoutError:
            return
        n = shown_question(call)
        assert n is not None
        # Question n on screen means answers 1..n-1 were stored and acknowledged.
        acknowledged[uid] = max(acknowledged.get(uid, 0), n - 1)
        since = call.index + 1
        if n == 19:
            return
        api.click(uid, message_id(call), "4")


def stored(db: Path) -> dict[int, list[str]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "select q.id, a.question_id from answers a join questionnaires q"
            " on q.id = a.questionnaire_id order by q.id"
        ).fetchall()
    per: dict[int, list[str]] = {}
    for qid, question in rows:
        per.setdefault(qid, []).append(question)
    return per


async def test_sigkill_during_burst(
    fake_api: FakeBotAPI, bot_process: BotProcess, tmp_path: Path
) -> None:
    api = fake_api
    bot_process.start()
    acknowledged: dict[int, int] = {}
    try:
        for uid in USERS:
            api.send_message(uid, "/start c_77-cao")
        for uid in USERS:
            consent = await api.wait_for(
                lambda c, uid=uid: c.chat_id == uid and "152-ФЗ" in str(c.params.get("text")),
                timeout=60,
            )
            api.click(uid, message_id(consent), "✅ Согласен(на)")
        for uid in USERS:
            who = await api.wait_for(
                lambda c, uid=uid: (
                    c.chat_id == uid and "Вы обращались" in str(c.params.get("text"))
                ),
                timeout=60,
            )
            api.click(uid, message_id(who), "👤 Ищу работу (соискатель)")
        burst = asyncio.gather(*(keep_answering(api, uid, acknowledged) for uid in USERS))
        await asyncio.sleep(2.5)  # the burst is in full swing
        bot_process.kill()
        await burst
        before_restart = stored(tmp_path / "bot.db")
        for qid, questions in before_restart.items():
            assert len(questions) == len(set(questions)), qid
        total_acknowledged = sum(acknowledged.values())
        assert 0 < total_acknowledged < 19 * len(USERS)  # killed mid-way, as intended
        assert sum(len(q) for q in before_restart.values()) >= total_acknowledged

        bot_process.start()
        since = len(api.calls)
        for uid in USERS:
            api.send_message(uid, "/start")
        await asyncio.gather(*(finish(api, uid, since) for uid in USERS))
    except Exception as error:
        raise AssertionError(f"{error}\n--- bot log ---\n{bot_process.output()[-4000:]}") from error
    after = stored(tmp_path / "bot.db")
    assert len(after) == len(USERS)  # one questionnaire each, resumed, not restarted
    for questions in after.values():
        assert len(questions) == 19 == len(set(questions))


async def finish(api: FakeBotAPI, uid: int, since: int) -> None:
    start = since
    while True:
        try:
            call = await wait_shown(api, uid, since)
        except TimeoutError as error:
            seen = [
                f"{c.method} {str(c.params.get('text', ''))[:60]!r}"
                for c in api.calls[start:]
                if c.chat_id == uid
            ]
            raise TimeoutError(f"user {uid} stuck; bot sent after restart: {seen}") from error
        if shown_question(call) is None:
            return
        since = call.index + 1
        api.click(uid, message_id(call), "4")


async def wait_shown(api: FakeBotAPI, uid: int, since: int) -> RecordedCall:
    return await api.wait_for(
        lambda c, since=since: (
            c.index >= since
            and c.chat_id == uid
            and c.ok
            and (
                shown_question(c) is not None or "все ответы сохранены" in str(c.params.get("text"))
            )
        ),
        timeout=60,
    )
