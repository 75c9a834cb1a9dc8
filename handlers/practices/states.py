"""Conversation states of the practice base; persisted like every other state (bot.fsm)."""

from aiogram.fsm.state import State, StatesGroup


class PracticeFlow(StatesGroup):
    centre = State()  # an expert typing part of a centre's name
    field = State()  # filling a draft's field; data: pr (the draft), f (the field), edit
    search = State()  # typing words to search for
    ask = State()  # a reader typing a question to the author; data: ask (the practice)
    answer = State()  # the author typing the answer; data: q (the question)
    comment = State()  # an expert typing why a practice goes back; data: rv, d (decision)
