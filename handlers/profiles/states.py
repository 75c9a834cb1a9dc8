"""Conversation state of /profiles. The draft lives in the FSM data, which the SQL storage
(or Redis) persists: a profile half-written survives a restart of the bot."""

from aiogram.fsm.state import State, StatesGroup


class ProfileFlow(StatesGroup):
    writing = State()  # step 0: the group's name; step n: the template's n-th field
