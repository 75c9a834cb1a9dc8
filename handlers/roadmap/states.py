"""Conversation states of /roadmap (persisted like every other state)."""

from aiogram.fsm.state import State, StatesGroup


class RoadmapFlow(StatesGroup):
    start_date = State()  # an expert typing the pilot's start date
    result = State()  # the working group sending a step's result (a document or photo)
    reason = State()  # an expert typing why a step is returned
    meeting_date = State()  # the date of a meeting being recorded
    meeting_file = State()  # its minutes
