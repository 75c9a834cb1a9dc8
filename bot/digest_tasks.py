"""Placeholder: filled in by the digest feature (issue 5): `digest` and `demo` commands."""

from __future__ import annotations

import argparse

from bot.config import Settings


def run_digest(settings: Settings, args: argparse.Namespace) -> int:
    raise NotImplementedError("digest is not built yet")


def run_demo(settings: Settings, args: argparse.Namespace) -> int:
    raise NotImplementedError("demo is not built yet")
