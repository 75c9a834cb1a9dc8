"""The questionnaire as data: which question measures which indicator, for whom.

Wording is not here: it lives in locales/<lang>/questionnaire.ftl as `q-<question id>`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

QUESTIONNAIRES_DIR = Path(__file__).resolve().parent / "questionnaires"
_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_AUDIENCES = ("seeker", "employer")


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    indicator: str
    audiences: tuple[str, ...]

    @property
    def text_key(self) -> str:
        return f"q-{self.id}"


@dataclass(frozen=True, slots=True)
class QuestionnaireSpec:
    methodology: str
    questions: tuple[Question, ...]

    def for_audience(self, audience: str) -> tuple[Question, ...]:
        if audience not in _AUDIENCES:
            raise ValueError(f"unknown audience {audience!r}")
        return tuple(q for q in self.questions if audience in q.audiences)


def _parse(raw: Any, source: str) -> QuestionnaireSpec:
    if not isinstance(raw, dict) or not isinstance(raw.get("questions"), list):
        raise ValueError(f"{source}: expected a mapping with a 'questions' list")
    seen: set[str] = set()
    questions = []
    for i, item in enumerate(raw["questions"], start=1):
        if not isinstance(item, dict):
            raise ValueError(f"{source}: question #{i} is not a mapping")
        qid, indicator, audiences = item.get("id"), item.get("indicator"), item.get("audiences")
        if not isinstance(qid, str) or not _ID.match(qid):
            raise ValueError(f"{source}: question #{i} has a bad id {qid!r}")
        if qid in seen:
            raise ValueError(f"{source}: duplicate question id {qid!r}")
        seen.add(qid)
        if not isinstance(indicator, str) or not indicator:
            raise ValueError(f"{source}: question {qid!r} has no indicator")
        if (
            not isinstance(audiences, list)
            or not audiences
            or any(a not in _AUDIENCES for a in audiences)
        ):
            raise ValueError(f"{source}: question {qid!r} has bad audiences {audiences!r}")
        questions.append(Question(qid, indicator, tuple(audiences)))
    return QuestionnaireSpec(str(raw.get("methodology", source)), tuple(questions))


@cache
def load_questionnaire(methodology: str) -> QuestionnaireSpec:
    """Load the questionnaire shipped for a methodology version, or one at a file path."""
    path = QUESTIONNAIRES_DIR / f"{methodology}.yaml"
    if not path.exists():
        path = Path(methodology)
    if not path.is_file():
        raise ValueError(f"no questionnaire for methodology {methodology!r}")
    with path.open(encoding="utf-8") as fh:
        return _parse(yaml.safe_load(fh), path.name)
