"""/help lists the commands of the person's roles; an unknown /command says so, with the list."""

from __future__ import annotations

from bot.i18n import Translations
from services.team.roles import ADMIN, EXPERT, STAFF
from tests.desk_support import SM, grant
from tests.harness import Person

RU = Translations().get("ru")


async def test_help_lists_the_commands_of_each_role(user: Person, sessionmaker: SM) -> None:
    await user.send("/help")
    respondent = user.last().text
    assert respondent == RU("help", days=30)  # everyone's help, nothing about roles
    await grant(sessionmaker, user.user.id, STAFF, "77-cao")
    await user.send("/help")
    staff = user.last().text
    assert staff.startswith(respondent) and RU("help-roles-title") in staff
    assert f"/checklist — {RU('cmd-checklist')}" in staff and "/export — " in staff
    assert "/audit" not in staff and "/stats" not in staff
    await grant(sessionmaker, 9001, ADMIN, None)
    admin = user.as_user(9001)
    await admin.send("/help")
    text = admin.last().text
    for command in ("/invite", "/stats", "/export", "/audit", "/review"):
        assert f"{command} — " in text
    await grant(sessionmaker, 2001, EXPERT, "16")
    expert = user.as_user(2001)
    await expert.send("/help")
    assert "/stats — " in expert.last().text and "/audit" not in expert.last().text


async def test_an_unknown_command_is_named_with_the_list(user: Person, sessionmaker: SM) -> None:
    await user.send("/statz")
    reply = user.last().text
    assert reply.startswith(RU("help-unknown-command", command="/statz"))
    assert "/start — " in reply and "/stats" not in reply  # only the person's own commands
    assert reply != RU("unknown-input")
    # In the middle of the questionnaire too: not "answer with the buttons".
    await user.send("/start c_77-cao")
    await user.tap("Согласен")
    await user.tap("Ищу работу")
    assert "Вопрос 1 из 19" in user.last().text
    await user.send("/stat@czn_star_bot now")
    assert user.last().text.startswith(RU("help-unknown-command", command="/stat"))
    assert user.last().text != RU("use-buttons")
    await user.send("просто текст")
    assert user.last().text == RU("use-buttons")  # plain text still gets the hint
    await grant(sessionmaker, 9001, ADMIN, None)
    admin = user.as_user(9001)
    await admin.send("/nonsense")
    assert "/audit — " in admin.last().text
