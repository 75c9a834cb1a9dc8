"""The practice base in /my_index: staff see their centres' practices (title and state, a
button opening each, paged through bot.pager), experts and admins how many practices wait for
their review, with a button to the queue (handlers.practices.review).

A button names a page or a practice, it grants nothing: the list is rebuilt from the presser's
own roles, and a practice opens only for staff of its centre or its author.
"""

from __future__ import annotations

from html import escape

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.context import Ctx
from bot.i18n import Translator
from bot.pager import add_pager, page_slice
from handlers.digest.callbacks import MyPracticesCb
from handlers.practices.callbacks import QueueCb
from handlers.practices.common import on, reader_card, service
from services.practices import library
from services.practices.channel import POSTED
from services.practices.rules import ACCEPTED, DRAFT, REJECTED, RETURNED
from services.practices.workflow import may_review
from services.team.roles import Access
from storage.models import Centre
from storage.models_practices import Practice

router = Router(name="my_practices")

PAGE_SIZE = 6
LISTED = 100  # the newest practices listed; a line says when there are more


def state_of(practice: Practice) -> str:
    """pending | returned | accepted | posted | rejected (the value of mi-practice-state)."""
    if practice.status == ACCEPTED and practice.post_status == POSTED:
        return "posted"
    return practice.status


def _open_data(practice: Practice, page: int) -> str:
    return MyPracticesCb(action="open", page=page, p=practice.id).pack()


async def list_view(ctx: Ctx, access: Access, page: int) -> tuple[str, InlineKeyboardMarkup | None]:
    """One page of the person's centres' practices, newest first, and its buttons."""
    found = await library.of_centres(ctx.session, access.staff_centres, limit=LISTED + 1)
    more, found = len(found) > LISTED, found[:LISTED]
    t = ctx.t
    if not found:
        return t("mi-practices-none"), None
    several = len(access.staff_centres) > 1
    piece = page_slice(found, page, PAGE_SIZE)
    lines = [t("mi-practices-title", count=len(found), more="yes" if more else "no")]
    b = InlineKeyboardBuilder()
    for number, practice in piece.numbered:
        title = practice.title or "…"
        centre = await ctx.session.get(Centre, practice.centre_code) if several else None
        lines.append(
            t(
                "mi-practices-row",
                number=number,
                title=escape(title),
                state=t("mi-practice-state", state=state_of(practice)),
                centre=f" · {escape(centre.name)}" if centre else "",
            )
        )
        label = f"{number}. {title}"
        b.row(InlineKeyboardButton(text=label[:60], callback_data=_open_data(practice, piece.page)))
    lines.append(t("mi-practices-hint"))
    add_pager(b, t, piece.page, piece.pages, lambda p: MyPracticesCb(action="list", page=p).pack())
    return "\n".join(lines), b.as_markup()


def queue_view(
    t: Translator, access: Access, count: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The number of practices waiting for this reviewer, with the button to the queue."""
    scope = "all" if access.admin or access.expert_everywhere else "regions"
    text = t("mi-practices-queue", count=count, scope=scope)
    if not count:
        return text, None
    button = InlineKeyboardButton(
        text=t("mi-practices-queue-button"), callback_data=QueueCb().pack()
    )
    return text, InlineKeyboardMarkup(inline_keyboard=[[button]])


async def send_practices(ctx: Ctx, access: Access) -> None:
    """/my_index's practice messages: the centres' list for staff, the queue for reviewers."""
    if access.is_staff:
        text, markup = await list_view(ctx, access, 0)
        await ctx.bot.send_message(ctx.chat_id, text, reply_markup=markup)
    if may_review(access):
        count = await service(ctx).queue_count(access)
        text, markup = queue_view(ctx.t, access, count)
        await ctx.bot.send_message(ctx.chat_id, text, reply_markup=markup)


@router.callback_query(MyPracticesCb.filter(F.action == "list"))
async def on_list(
    callback: CallbackQuery, callback_data: MyPracticesCb, ctx: Ctx, access: Access
) -> None:
    if not access.is_staff:
        await callback.answer(ctx.t("mi-only-staff"), show_alert=True)
        return
    await callback.answer()
    text, markup = await list_view(ctx, access, callback_data.page)
    await ctx.show(text, markup, on(callback))


def _may_open(access: Access, practice: Practice | None) -> bool:
    if practice is None or practice.status == DRAFT:
        return False
    return access.works_at(practice.centre_code) or practice.author_id == access.user_id


async def practice_view(ctx: Ctx, access: Access, practice: Practice) -> tuple[str, str]:
    """(the state with the expert's comment, the card): the card as /practices shows it,
    with the measured effect and 👍 once accepted."""
    t = ctx.t
    card = (await reader_card(ctx, practice, measured=practice.status == ACCEPTED)).text
    head = [t("mi-practice-opened", state=t("mi-practice-state", state=state_of(practice)))]
    if practice.status in (RETURNED, REJECTED) and practice.comment:
        head.append(t("mi-practice-comment", comment=escape(practice.comment)))
    if practice.status == RETURNED and practice.author_id == access.user_id:
        head.append(t("mi-practice-edit"))
    return "\n".join(head), card


@router.callback_query(MyPracticesCb.filter(F.action == "open"))
async def on_open(
    callback: CallbackQuery, callback_data: MyPracticesCb, ctx: Ctx, access: Access
) -> None:
    practice = await ctx.session.get(Practice, callback_data.p)
    if not _may_open(access, practice):
        await callback.answer(ctx.t("practices-error-forbidden"), show_alert=True)
        return
    assert practice is not None
    await callback.answer()
    head, card = await practice_view(ctx, access, practice)
    back = MyPracticesCb(action="list", page=callback_data.page).pack()
    markup = InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=ctx.t("practices-btn-back"), callback_data=back)]
        ]
    )
    text = f"{head}\n\n{card}"
    if ctx.settings.messenger.text_limit.fits(text):
        await ctx.show(text, markup, on(callback))
        return
    # A long comment next to a full card: two new messages, the state and comment first.
    await ctx.bot.send_message(ctx.chat_id, head)
    await ctx.bot.send_message(ctx.chat_id, card, reply_markup=markup)
