"""Conversation states. Persisted (bot.fsm), so a restart resumes every conversation."""

from aiogram.fsm.state import State, StatesGroup


class Respondent(StatesGroup):
    consent = State()
    picking_centre = State()
    searching = State()
    sharing_location = State()
    audience = State()
    answering = State()
    comment = State()


class NewsFlow(StatesGroup):
    # Staff writing news for a centre's subscribers (handlers/news.py): data names the centre,
    # and in `preview` the text and the preview message that may be sent.
    text = State()
    preview = State()
