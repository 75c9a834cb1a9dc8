"""Conversation states. Persisted (storage.fsm), so a restart resumes every conversation."""

from aiogram.fsm.state import State, StatesGroup


class Respondent(StatesGroup):
    consent = State()
    picking_centre = State()
    searching = State()
    sharing_location = State()
    audience = State()
    answering = State()
    comment = State()
