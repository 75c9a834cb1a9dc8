"""aiogram's types are built on first use (bot/telegram_types.py), and every one of them can be."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


# True while pydantic has not built a model yet: its validator is still a placeholder.
DEFERRED = (
    "from pydantic._internal._mock_val_ser import MockValSer\n"
    "def deferred(model):\n"
    "    return isinstance(model.__dict__.get('__pydantic_validator__'), MockValSer)\n"
)


def run(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", DEFERRED + code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_bot_imports_aiogram_without_building_its_types() -> None:
    out = run(
        "import sys, bot.factory\n"
        "from aiogram import methods, types\n"
        "models = [getattr(types, n) for n in types.__all__]\n"
        "models = [c for c in models if isinstance(c, type) and hasattr(c, 'model_fields')]\n"
        "built = [c.__name__ for c in models if not deferred(c)]\n"
        "big = [deferred(c) for c in (types.Update, types.Message, methods.SendMessage)]\n"
        "print(len(models), big, built, sep='|')\n"
    )
    count, big, built = out.split("|")
    assert int(count) > 250
    assert big == "[True, True, True]"
    # Only what the bot's own modules build at import (a keyboard button or two) is built.
    assert len(eval(built)) < 10, built


def test_every_type_method_and_response_builds_on_first_use() -> None:
    out = run(
        "import bot\n"
        "from aiogram import methods, types\n"
        "from aiogram.methods.base import Response\n"
        "failed = []\n"
        "models = [getattr(m, n) for m in (types, methods) for n in m.__all__]\n"
        "models = [c for c in models if isinstance(c, type) and hasattr(c, 'model_fields')]\n"
        "models.remove(methods.TelegramMethod)  # the abstract base: no schema of its own\n"
        # pydantic's deferred build reads a caller's frame a few levels up, as in a handler.
        "def first_use(c, depth=6):\n"
        "    if depth:\n"
        "        return first_use(c, depth - 1)\n"
        "    c.__pydantic_validator__.validate_python\n"
        "    if hasattr(c, '__returning__'):\n"
        "        Response[c.__returning__].__pydantic_validator__.validate_python\n"
        "for c in models:\n"
        "    try:\n"
        "        first_use(c)\n"
        "    except Exception as error:\n"
        "        failed.append(f'{c.__name__}: {error}')\n"
        "print(len(models), sum(not deferred(c) for c in models), failed, sep='|')\n"
    )
    count, built, failed = out.split("|")
    assert failed == "[]"
    assert built == count


def test_an_update_reads_and_writes_the_same_as_aiogram_built_eagerly() -> None:
    update = (
        '{"update_id": 7, "callback_query": {"id": "5", "from": {"id": 1, "is_bot": false,'
        ' "first_name": "A"}, "chat_instance": "c", "data": "an:1:2:3", "message":'
        ' {"message_id": 3, "date": 1700000000, "chat": {"id": 1, "type": "private"},'
        ' "text": "hi", "reply_markup": {"inline_keyboard": [[{"text": "1",'
        ' "callback_data": "a"}]]}}}}'
    )
    code = (
        "from aiogram.types import Update\n"
        f"u = Update.model_validate_json({update!r})\n"
        "print(u.model_dump_json(exclude_none=True))\n"
    )
    lean = run("import bot\n" + code)
    eager = run("import aiogram\n" + code)
    assert lean == eager
    assert '"data":"an:1:2:3"' in lean
