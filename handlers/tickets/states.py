"""Conversation states of tickets (persisted like every state, bot.fsm)."""

from aiogram.fsm.state import State, StatesGroup


class TicketFlow(StatesGroup):
    writing = State()  # the asker types the question; data keeps the step they came from
    follow_up = State()  # the asker's one reply to an answer
    answering = State()  # staff type the answer (or send a template)
    template = State()  # staff type a template's text (/templates)
