"""Placeholder: filled in by the evidence feature (issue 4)."""

from aiogram import Router

router = Router(name="staff")
