"""Centre search (issue 9): names, addresses and region names, Russian inflection, totals."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.centres.directory import CentreDirectory
from services.centres.search import SearchIndex, query_terms
from storage.models import Centre
from tests.harness import Person

SM = async_sessionmaker[AsyncSession]
KAZAN = {"16-kazan-1", "16-kazan-2", "16-kazan-3"}
TATARSTAN = KAZAN | {"16-chelny", "16-nkamsk", "16-almetyevsk"}


async def _codes(sessionmaker: SM, query: str, limit: int = 50) -> list[str]:
    async with sessionmaker() as session:
        found = await CentreDirectory(session).search(query, limit)
    assert found.total == len(found.centres)  # the limit is above every total here
    return [c.code for c in found.centres]


@pytest.mark.backends("sqlite", "postgresql")
async def test_city_in_another_case_finds_the_centres(sessionmaker: SM, centres: None) -> None:
    # Names say «г. Казани», the prompt suggests «Казань»: the stems agree.
    assert set(await _codes(sessionmaker, "Казань")) == KAZAN
    assert set(await _codes(sessionmaker, "казанью")) == KAZAN
    assert set(await _codes(sessionmaker, "Екатеринбург")) == {
        "66-ekb",
        "66-ekb-ordzh",
        "66-ekb-len",
    }
    # Every word must match: the district narrows the city down.
    assert await _codes(sessionmaker, "Казань Приволжский") == ["16-kazan-2"]
    assert await _codes(sessionmaker, "ново-савиновского") == ["16-kazan-3"]


async def test_address_words_are_searched(sessionmaker: SM, centres: None) -> None:
    assert await _codes(sessionmaker, "Фучика") == ["16-kazan-2"]
    assert await _codes(sessionmaker, "сретенке") == ["77-cao"]
    assert set(await _codes(sessionmaker, "ул. Пушкина")) == {"16-kazan-1", "54-iskitim"}


async def test_region_names_are_searched(sessionmaker: SM, centres: None) -> None:
    assert set(await _codes(sessionmaker, "Татарстан")) == TATARSTAN
    assert len(await _codes(sessionmaker, "Свердловской области")) == 6
    # A preposition is not a word to match («в» would match «ул. Ватутина»)...
    assert await _codes(sessionmaker, "Пушкина в Казани") == ["16-kazan-1"]
    # ...unless it is all there is: then it may be the start of a name.
    assert "23-sochi" in await _codes(sessionmaker, "со")


async def test_name_matches_come_first(sessionmaker: SM, centres: None) -> None:
    # Berdsk and Iskitim are in Новосибирская область, the other three are named after the city.
    codes = await _codes(sessionmaker, "Новосибирск")
    assert set(codes[:3]) == {"54-nsk-center", "54-nsk-len", "54-nsk-akadem"}
    assert set(codes[3:]) == {"54-berdsk", "54-iskitim"}


async def test_an_import_elsewhere_is_seen_by_the_next_search(
    sessionmaker: SM, centres: None
) -> None:
    assert await _codes(sessionmaker, "Елабуга") == []  # the index is built and cached
    # As the import command does it, from another process: no in-process cache reset.
    async with sessionmaker.begin() as session:
        session.add(
            Centre(
                code="16-elabuga",
                region_code="16",
                name="ЦЗН г. Елабуги",
                name_folded="цзн г. елабуги",
                address="г. Елабуга, ул. Нариманова, д. 1",
                latitude=55.76,
                longitude=52.05,
                timezone="Europe/Moscow",
            )
        )
    assert await _codes(sessionmaker, "Елабуга") == ["16-elabuga"]


def test_short_words_match_as_typed() -> None:
    # The stemmer cuts «ой» to «о»; a short word is matched as a prefix of a word instead.
    assert query_terms("ой") == ["ой"]
    assert query_terms("Казани, казань!") == ["казан"]
    index = SearchIndex.build(
        [
            ("a", "ЦЗН Ойского района", "с. Ой", "Край"),
            ("b", "ЦЗН Омского района", "г. Омск", "Край"),
        ]
    )
    assert index.search("ой").codes == ["a"]
    assert index.search("ом").codes == ["b"]
    hits = index.search("цзн района", 1)  # the first one, and how many in all
    assert (hits.codes, hits.total) == (["a"], 2)  # equal matches: by name
    assert index.search("Ёлки").codes == []
    assert index.search("  ,.;  ").codes == []


async def test_the_reply_says_the_true_total_and_that_the_list_is_cut(user: Person) -> None:
    await user.send("/start")
    await user.tap("Согласен")
    await user.tap("Найти по названию")
    await user.send("центр")  # 27 of the 48 sample centres say «центр» in their name
    shown = user.last()
    assert "Найдено 27 центров, показаны первые 10 — уточните запрос" in shown.text
    centre_buttons = [label for label, data in shown.buttons() if data.startswith("ct:")]
    assert len(centre_buttons) == 10
    # The buttons show what tells the centres apart; the full names are listed above them.
    listed = [line for line in shown.text.splitlines() if line[:1].isdigit()]
    assert len(listed) == 10
    assert all("центр" in line.casefold() for line in listed)

    await user.send("Казань")  # still searching: a narrower query replaces the list
    shown = user.last()
    assert shown.text.startswith("Нашлось 3 центра:")
    assert shown.text.count("Казани") == 3
    await user.tap("Приволжскому")
    assert "Вы выбрали: <b>ЦЗН г. Казани — отдел по Приволжскому району</b>" in " ".join(
        user.texts()
    )


async def test_no_match_says_so_and_keeps_searching(user: Person) -> None:
    await user.send("/start")
    await user.tap("Согласен")
    await user.tap("Найти по названию")
    await user.send("Kazan")  # the directory is in Russian
    assert "По запросу «Kazan» ничего не нашлось" in user.last().text
    await user.send("Уссурийск")
    assert user.last().text == "Нашёлся 1 центр:\n\n1. Центр занятости населения г. Уссурийска"
    assert len([data for _, data in user.last().buttons() if data.startswith("ct:")]) == 1
