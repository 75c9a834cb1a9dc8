"""Conversation states of the evidence feature; persisted like every other state."""

from aiogram.fsm.state import State, StatesGroup


class StaffFlow(StatesGroup):
    # Assembling a draft: files, an album, a location, a comment. The draft itself is a row
    # (status 'draft'); the state only says which one incoming messages belong to.
    collecting = State()


class ReviewFlow(StatesGroup):
    reason = State()  # an expert typing a rejection reason
