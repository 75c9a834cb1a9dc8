"""The pilot programme as data (services/roadmap/programme.yaml): steps, order, deadlines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import yaml

PROGRAMME_FILE = Path(__file__).resolve().parent / "programme.yaml"
OWNERS = ("region", "fck", "both")
_CODE = re.compile(r"^\d+(\.\d+){1,3}$")


class ProgrammeError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Step:
    code: str
    position: int  # 1-based, the programme's order
    days: int
    throughout: bool
    owner: str
    title_ru: str
    title_en: str
    result_ru: str
    result_en: str

    def title(self, language: str) -> str:
        return self.title_en if language == "en" else self.title_ru

    def result(self, language: str) -> str:
        return self.result_en if language == "en" else self.result_ru

    def deadline(self, start: date) -> date:
        return start + timedelta(days=self.days)

    @property
    def regional(self) -> bool:
        """Done by the pilot region (the federal centre's own steps get no reminders)."""
        return self.owner in ("region", "both")


@dataclass(frozen=True, slots=True)
class Programme:
    name: str
    steps: tuple[Step, ...]
    meetings_every_days: int
    meeting_step: str

    def step(self, code: str) -> Step | None:
        return next((s for s in self.steps if s.code == code), None)

    def at(self, position: int) -> Step | None:
        return self.steps[position - 1] if 1 <= position <= len(self.steps) else None

    @property
    def length_days(self) -> int:
        return max(s.days for s in self.steps)


def parse_programme(raw: object) -> Programme:
    if not isinstance(raw, dict):
        raise ProgrammeError("the programme must be a mapping")
    steps: list[Step] = []
    for n, item in enumerate(raw.get("steps") or [], 1):
        code = str(item.get("code", ""))
        if not _CODE.match(code) or any(s.code == code for s in steps):
            raise ProgrammeError(f"step {n}: bad or repeated code {code!r}")
        owner = item.get("owner")
        if owner not in OWNERS:
            raise ProgrammeError(f"step {code}: owner must be one of {OWNERS}")
        days = item.get("days")
        if not isinstance(days, int) or days < 0:
            raise ProgrammeError(f"step {code}: days must be a whole number >= 0")
        texts = [
            str(item.get(k) or "").strip()
            for k in ("title_ru", "title_en", "result_ru", "result_en")
        ]
        if not all(texts):
            raise ProgrammeError(f"step {code}: title and result in ru and en are required")
        steps.append(Step(code, n, days, bool(item.get("throughout")), owner, *texts))
    every = raw.get("meetings_every_days")
    meeting = str(raw.get("meeting_step", ""))
    if not steps or not isinstance(every, int) or every < 1:
        raise ProgrammeError("the programme needs steps and meetings_every_days")
    if all(s.code != meeting for s in steps):
        raise ProgrammeError(f"meeting_step {meeting!r} is not a step")
    return Programme(str(raw.get("name") or "programme"), tuple(steps), every, meeting)


@cache
def load_programme(path: Path = PROGRAMME_FILE) -> Programme:
    return parse_programme(yaml.safe_load(path.read_text(encoding="utf-8")))
