"""Placeholder: filled in by the digest feature (issue 5): /my_index for staff and experts."""

from aiogram import Router

router = Router(name="my_index")
