"""End to end over HTTP: a questionnaire survives SIGKILL of the bot process."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.e2e.conftest import BotProcess
from tests.fakebotapi import FakeBotAPI, RecordedCall

USER = 5001
TOTAL = 19


def _text(call: RecordedCall) -> str:
    return str(call.params.get("text", ""))


async def wait_text(
    api: FakeBotAPI, part: str, since: int = 0, timeout: float = 90
) -> RecordedCall:
    return await api.wait_for(
        lambda c: (
            c.method in ("sendMessage", "editMessageText")
            and c.chat_id == USER
            and part in _text(c)
            and c.ok
        ),
        timeout=timeout,
        since=since,
    )


def message_id(call: RecordedCall) -> int:
    if call.method == "editMessageText":
        return int(call.params["message_id"])
    assert call.response is not None
    return int(call.response["result"]["message_id"])


async def answer_until(api: FakeBotAPI, first: int, last: int, since: int) -> int:
    """Answer questions first..last (1-based) with "4"; returns the index to wait from."""
    for n in range(first, last + 1):
        call = await wait_text(api, f"Вопрос {n} из {TOTAL}", since)
        since = call.index + 1
        api.click(USER, message_id(call), "4")
    return since


def stored(db: Path) -> tuple[int, int, list[tuple[str, int]]]:
    with sqlite3.connect(db) as conn:
        questionnaires = conn.execute("select count(*) from questionnaires").fetchone()[0]
        done = conn.execute(
            "select count(*) from questionnaires where completed_at is not null"
        ).fetchone()[0]
        answers = conn.execute("select question_id, value from answers").fetchall()
    return questionnaires, done, answers


async def test_questionnaire_survives_sigkill(
    fake_api: FakeBotAPI, bot_process: BotProcess, tmp_path: Path
) -> None:
    api = fake_api
    bot_process.start()
    try:
        api.send_message(USER, "/start c_77-cao")
        consent = await wait_text(api, "152-ФЗ")
        api.click(USER, message_id(consent), "✅ Согласен(на)")
        audience = await wait_text(api, "Вы обращались", since=consent.index)
        api.click(USER, message_id(audience), "👤 Ищу работу (соискатель)")
        since = await answer_until(api, 1, 8, audience.index)
        # The 8th answer is acknowledged once question 9 is on screen.
        ninth = await wait_text(api, f"Вопрос 9 из {TOTAL}", since)
        bot_process.kill()
        assert len(stored(tmp_path / "bot.db")[2]) == 8

        bot_process.start()
        api.send_message(USER, "/start")
        resumed = await wait_text(api, f"Вопрос 9 из {TOTAL}", since=ninth.index + 1)
        since = await answer_until(api, 9, TOTAL, resumed.index)
        done = await wait_text(api, "все ответы сохранены", since)
        api.click(USER, message_id(done), "Пропустить")
        await wait_text(api, "Спасибо!", since=done.index)
    except Exception as error:
        raise AssertionError(f"{error}\n--- bot log ---\n{bot_process.output()[-4000:]}") from error

    questionnaires, completed, answers = stored(tmp_path / "bot.db")
    assert questionnaires == 1 and completed == 1
    assert len(answers) == TOTAL == len({qid for qid, _ in answers})  # none lost, none twice
    assert {value for _, value in answers} == {4}
    assert api.commands  # the command menu was set at start-up
