"""Under a centre's /my_index card: the visitors' comments (issue 9.6) and the QR poster as
PNG and A4 PDF (issue 9.7), through the production dispatcher."""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from aiogram.methods import SendDocument
from PIL import Image
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.i18n import Translations
from charts import visible_length
from charts.caption import fmt_week
from handlers.digest.callbacks import CommentsCb, PosterCb
from services.comments import Comment, PageHeader, centre_comments, page_text, paginate
from services.digest.content import iso_week
from services.index.ratings import Window
from services.team.roles import ADMIN, EXPERT, STAFF, Roles
from storage.models import Questionnaire, utcnow
from tests.centres.test_poster import find_qr, reference_matrix
from tests.harness import Person, RecordingSession

SM = async_sessionmaker[AsyncSession]
RU = Translations().get("ru")
MOSCOW = ZoneInfo("Europe/Moscow")
LINK = "https://t.me/czn_star_bot?start=c_77-cao"


async def grant(sm: SM, user_id: int, role: str, scope: str | None) -> None:
    async with sm.begin() as session:
        await Roles(session).grant(user_id, role, scope, by=1)


async def answered(
    sm: SM,
    centre: str,
    comment: str | None,
    at: datetime,
    *,
    audience: str = "seeker",
    completed: bool = True,
) -> None:
    async with sm.begin() as session:
        session.add(
            Questionnaire(
                centre_code=centre,
                audience=audience,
                respondent_key=f"secret-key-{at.timestamp()}-{len(comment or '')}",
                methodology="star-2023",
                started_at=at - timedelta(minutes=7),
                completed_at=at if completed else None,
                comment=comment,
            )
        )


def documents(recording: RecordingSession, chat_id: int) -> list[SendDocument]:
    return [c for c in recording.calls if isinstance(c, SendDocument) and c.chat_id == chat_id]


def data_of(call: SendDocument) -> tuple[str, bytes]:
    document = call.document
    return document.filename or "", document.data  # type: ignore[union-attr]


# --- comments ---------------------------------------------------------------------------------


async def test_staff_read_their_centres_comments_and_nothing_about_who_wrote_them(
    user: Person, sessionmaker: SM
) -> None:
    now = utcnow()
    weeks_ago = [now - timedelta(days=d) for d in (1, 15, 40)]
    await answered(sessionmaker, "77-cao", "Очередь <b>два часа</b> & без талонов", weeks_ago[0])
    await answered(
        sessionmaker, "77-cao", "Анна помогла с резюме", weeks_ago[1], audience="employer"
    )
    await answered(sessionmaker, "77-cao", "Было душно", weeks_ago[2])
    # not shown: blank, unfinished, too old, another centre's
    await answered(sessionmaker, "77-cao", "   ", weeks_ago[0])
    await answered(sessionmaker, "77-cao", "не дописал", weeks_ago[0], completed=False)
    await answered(sessionmaker, "77-cao", "старое", now - timedelta(days=120))
    await answered(sessionmaker, "77-sao", "чужой центр", weeks_ago[0])
    await grant(sessionmaker, user.user.id, STAFF, "77-cao")

    await user.send("/my_index")
    card = user.last_with_buttons()
    assert "💬 Комментарии (3)" in [label for label, _ in card.buttons()]
    await user.tap("Комментарии")
    text = user.last().text
    assert user.last() is not card  # a message of its own, the card stays

    assert "Комментарии посетителей</b> · Центр занятости населения г. Москвы — филиал ЦАО" in text
    assert "За 90 дней: 3 комментария · стр. 1 из 1" in text
    assert "— Очередь &lt;b&gt;два часа&lt;/b&gt; &amp; без талонов" in text  # escaped
    assert "<b>два часа</b>" not in text
    for gone in ("не дописал", "старое", "чужой центр"):
        assert gone not in text
    # newest week first, each under its ISO week's label
    labels = [f"<b>{fmt_week(RU, iso_week(at, MOSCOW))}</b>" for at in weeks_ago]
    positions = [text.index(label) for label in labels]
    assert positions == sorted(positions)
    assert text.index("Очередь") < text.index("Анна") < text.index("душно")
    # nothing that narrows down the writer: no time, no day, no audience, no key
    assert not re.search(r"\d{1,2}:\d{2}", text)
    for at in weeks_ago:
        local = at.astimezone(MOSCOW)
        assert f"{local.day} {RU(f'digest-month-{local.month}')}" not in text
    for word in ("работодател", "соискател", "secret-key", "employer", "seeker"):
        assert word not in text.lower()


async def test_within_a_week_the_order_is_not_the_order_of_arrival(
    sessionmaker: SM, centres: None
) -> None:
    # the Wednesday noon of last week: the three comments share one ISO week
    last_week = (utcnow() - timedelta(days=7)).astimezone(MOSCOW)
    wednesday = (last_week - timedelta(days=last_week.weekday() - 2)).replace(hour=12, minute=0)
    for minutes, text in ((0, "Бланки закончились"), (30, "Вежливо"), (60, "Акустика плохая")):
        await answered(sessionmaker, "77-cao", text, wednesday + timedelta(minutes=minutes))
    window = Window.trailing(utcnow(), 90, 90)
    async with sessionmaker() as session:
        found = await centre_comments(session, "77-cao", window, MOSCOW)
    assert [c.text for c in found] == ["Акустика плохая", "Бланки закончились", "Вежливо"]
    assert {c.week for c in found} == {iso_week(wednesday, MOSCOW)}
    text = page_text(RU, PageHeader("ЦЗН", 90, 3), found, 1, 1)
    assert text.count("<b>") == 2  # the title and one label for the week


async def test_many_comments_are_paged_within_telegrams_limit(
    user: Person, sessionmaker: SM
) -> None:
    now = utcnow()
    written = [f"{n:02d} " + ("длинный отзыв & <такой> " * 50)[:990] for n in range(14)]
    for n, comment in enumerate(written):
        await answered(sessionmaker, "77-cao", comment, now - timedelta(days=n * 3 + 1))
    await grant(sessionmaker, user.user.id, STAFF, "77-cao")
    await user.send("/my_index")
    await user.tap("Комментарии")
    first = user.last()
    pages = int(re.search(r"стр\. 1 из (\d+)", first.text)[1])  # type: ignore[index]
    assert pages >= 4
    seen = []
    for page in range(1, pages + 1):
        shown = user.last()
        assert shown is first  # turned in place
        assert f"стр. {page} из {pages}" in shown.text
        assert visible_length(shown.text) <= 4096
        for _, data in shown.buttons():
            assert len(data.encode()) <= 64
        seen += re.findall(r"^— (\d\d) ", shown.text, flags=re.M)
        if page < pages:
            await user.tap("Старее")
    assert "Старее" not in [label for label, _ in first.buttons()][-1]
    assert sorted(seen) == [f"{n:02d}" for n in range(14)]  # each exactly once
    assert seen == [f"{n:02d}" for n in range(14)]  # newest first
    await user.tap("Новее")
    assert f"стр. {pages - 1} из {pages}" in first.text


def test_pages_never_overflow_even_with_emoji_and_entities() -> None:
    comments = [Comment(f"2026-W{40 + n % 5:02d}", ("😀&<" * 333)[: 990 - n]) for n in range(30)]
    comments.sort(key=lambda c: c.week, reverse=True)
    header = PageHeader(centre="<ЦЗН & Ко>" * 20, days=90, total=len(comments))
    pages = paginate(RU, header, comments)
    assert [c for page in pages for c in page] == comments
    for number, page in enumerate(pages, start=1):
        assert page
        assert visible_length(page_text(RU, header, page, number, len(pages))) <= 4096


async def test_comments_are_only_for_the_centres_working_group(
    user: Person, sessionmaker: SM, recording: RecordingSession
) -> None:
    await answered(sessionmaker, "77-cao", "секретный отзыв", utcnow() - timedelta(days=1))
    people = {
        "respondent": user.as_user(5201),
        "staff of another centre": user.as_user(5202),
        "expert of the region": user.as_user(5203),
        "admin": user.as_user(5204),
    }
    await grant(sessionmaker, 5202, STAFF, "77-sao")
    await grant(sessionmaker, 5203, EXPERT, "77")
    await grant(sessionmaker, 5204, ADMIN, None)
    forged = [CommentsCb(c="77-cao").pack(), CommentsCb(c="77-cao", p=2, e=True).pack()]
    for name, person in people.items():
        await person.send("/help")
        for data in forged:
            await person.press(data, person.last())
            assert person.last_alert() == RU("mi-tools-forbidden"), name
        assert not any("секретный" in text for text in person.texts()), name
    # numbers out of bounds do not even unpack: a stale button
    staff = user.as_user(5205)
    await grant(sessionmaker, 5205, STAFF, "77-cao")
    await staff.send("/help")
    await staff.press("mc:77-cao:1000:1", staff.last())
    assert staff.last_alert() == RU("stale-button")
    await staff.press("mc:77-cao:0:0", staff.last())
    assert "секретный отзыв" in staff.last().text


async def test_no_comments_yet(user: Person, sessionmaker: SM) -> None:
    await grant(sessionmaker, user.user.id, STAFF, "77-cao")
    await user.send("/my_index")
    await user.tap("Комментарии (0)")
    assert user.last_alert() == RU("mi-comments-none", days=90)


# --- the poster -------------------------------------------------------------------------------


def check_poster(recording: RecordingSession, chat_id: int, link: str = LINK) -> None:
    calls = documents(recording, chat_id)
    files = dict(data_of(call) for call in calls)
    assert sorted(files) == ["qr-poster-77-cao.pdf", "qr-poster-77-cao.png"]
    with Image.open(io.BytesIO(files["qr-poster-77-cao.png"])) as image:
        assert image.format == "PNG" and image.size == (2480, 3508)
        dark = np.asarray(image.convert("L")) < 128
    expected = reference_matrix(link)
    left, top, box = find_qr(dark, expected.shape[0])
    centres = np.arange(expected.shape[0]) * box + box // 2
    assert np.array_equal(dark[np.ix_(top + centres, left + centres)], expected)
    pdf = files["qr-poster-77-cao.pdf"]
    assert pdf.startswith(b"%PDF-")
    (box_,) = re.findall(rb"/MediaBox \[ ?([\d. ]+?) ?\]", pdf)
    x0, y0, width, height = (float(v) for v in box_.split())
    assert (x0, y0) == (0, 0)
    assert width * 25.4 / 72 == pytest.approx(210, abs=0.5)  # A4 in mm
    assert height * 25.4 / 72 == pytest.approx(297, abs=0.5)
    for call in calls:
        assert call.caption and len(call.caption) <= 1024


async def test_staff_get_their_centres_poster_from_my_index(
    user: Person, sessionmaker: SM, recording: RecordingSession
) -> None:
    await grant(sessionmaker, user.user.id, STAFF, "77-cao")
    await user.send("/my_index")
    await user.tap("Плакат с QR-кодом")
    assert user.last_alert() == RU("mi-poster-making")
    ready = user.last().text
    assert "Плакат с QR-кодом</b> · Центр занятости населения г. Москвы — филиал ЦАО" in ready
    assert LINK in ready and "A4" in ready
    check_poster(recording, user.chat.id)


async def test_poster_command(user: Person, sessionmaker: SM, recording: RecordingSession) -> None:
    admin, other = user.as_user(5301), user.as_user(5302)
    await grant(sessionmaker, 5301, ADMIN, None)
    await grant(sessionmaker, 5302, STAFF, "77-sao")
    await grant(sessionmaker, 5302, STAFF, "77-cao")
    # several centres: choose one
    await other.send("/poster")
    assert other.last().text == RU("mi-poster-pick")
    assert len(other.last().buttons()) == 2
    # somebody else's centre, a code that cannot be, and an unknown one
    await other.send("/poster 16-kazan-1")
    assert other.last().text == RU("mi-poster-forbidden")
    await admin.send("/poster <b>")
    assert other.last().text != admin.last().text
    assert admin.last().text == RU("mi-poster-unknown", code="&lt;b&gt;")
    await admin.send("/poster 00-none")
    assert admin.last().text == RU("mi-poster-unknown", code="00-none")
    await admin.send("/poster")
    assert admin.last().text == RU("mi-poster-usage")
    assert not documents(recording, admin.chat.id) and not documents(recording, other.chat.id)
    # an admin may print any centre's poster
    await admin.send("/poster 77-cao")
    check_poster(recording, admin.chat.id)


def test_the_pdf_is_one_a4_page_and_the_png_is_unchanged(tmp_path: Path) -> None:
    from services.centres.poster import poster_files, render_poster

    texts = {"title": "Оцените", "subtitle": "Наведите камеру", "footer": LINK}
    png, pdf = poster_files("ЦЗН", "адрес", LINK, **texts)
    render_poster("ЦЗН", "адрес", LINK, tmp_path / "cli.png", **texts)
    assert png == (tmp_path / "cli.png").read_bytes()  # the CLI and the bot print the same
    assert pdf.count(b"/MediaBox") == 1


def test_callback_data_fits_and_carries_no_authority() -> None:
    code = "x" * 32
    assert len(CommentsCb(c=code, p=999, e=True).pack().encode()) <= 64
    assert len(PosterCb(c=code).pack().encode()) <= 64
    for bad in ("mc:77-cao:-1:0", "mc:77-cao:1000:0", "mc:a&b:0:0", "mp:" + "x" * 33):
        prefix = CommentsCb if bad.startswith("mc") else PosterCb
        with pytest.raises(ValueError):
            prefix.unpack(bad)
