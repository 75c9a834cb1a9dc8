"""Texts of /roadmap: the overview of a pilot, a step's card, the meetings (Telegram HTML)."""

from __future__ import annotations

from datetime import date
from html import escape

from bot.i18n import Translator
from bot.text_limit import EVERY_MESSENGER
from services.roadmap.pilots import Progress, step_state
from services.roadmap.programme import Programme
from storage.models import Region
from storage.models_roadmap import Pilot, PilotMeeting, PilotStep

ICONS = {"todo": "⬜", "soon": "⏳", "overdue": "🔴", "review": "🕓", "returned": "↩️", "done": "✅"}
STATE_KEYS = {
    "todo": "roadmap-state-todo",
    "soon": "roadmap-state-soon",
    "overdue": "roadmap-state-overdue",
    "review": "roadmap-state-review",
    "returned": "roadmap-state-returned",
    "done": "roadmap-state-done",
}
OWNER_KEYS = {
    "region": "roadmap-owner-region",
    "fck": "roadmap-owner-fck",
    "both": "roadmap-owner-both",
}
TITLE_SHORT = 70
TEXT_MAX = EVERY_MESSENGER


def day(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else "—"


def _short(text: str, limit: int = TITLE_SHORT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def overview(
    t: Translator,
    region: Region,
    pilot: Pilot,
    steps: list[PilotStep],
    programme: Programme,
    today: date,
    soon_days: int,
    done: Progress,
    next_meeting: date,
) -> str:
    lines = [
        t("roadmap-title", region=escape(region.name), start=day(pilot.start_date)),
        t("roadmap-progress", on_time=done.on_time, late=done.late, open=done.open),
        t("roadmap-next-meeting", date=day(next_meeting)),
        "",
    ]
    for step in steps:
        spec = programme.step(step.code)
        title = _short(spec.title(t.language)) if spec else step.code
        state = step_state(step, today, soon_days)
        lines.append(f"{ICONS[state]} <b>{step.code}</b> {escape(title)} — {day(step.deadline)}")
    lines.append("")
    lines.append(t("roadmap-legend"))
    text = "\n".join(lines)
    return text if len(text) <= TEXT_MAX else text[: TEXT_MAX - 1] + "…"


def step_card(
    t: Translator,
    region: Region,
    step: PilotStep,
    programme: Programme,
    today: date,
    soon_days: int,
    submitter: str | None,
) -> str:
    spec = programme.step(step.code)
    state = step_state(step, today, soon_days)
    lines = [
        f"<b>{step.code}</b> {escape(spec.title(t.language)) if spec else ''}",
        t("roadmap-step-region", region=escape(region.name)),
        t(
            "roadmap-step-deadline",
            date=day(step.deadline),
            throughout=("yes" if spec and spec.throughout else "no"),
        ),
    ]
    if spec is not None:
        lines.append(t(OWNER_KEYS[spec.owner]))
        lines.append(t("roadmap-step-result", result=escape(spec.result(t.language))))
    lines.append(t("roadmap-step-state", icon=ICONS[state], state=t(STATE_KEYS[state])))
    if step.submitted_at is not None:
        lines.append(
            t("roadmap-step-sent", date=day(step.submitted_at.date()), who=submitter or "—")
        )
        if step.comment:
            lines.append(t("roadmap-step-comment", comment=escape(step.comment)))
    if step.status == "returned" and step.reason:
        lines.append(t("roadmap-step-reason", reason=escape(step.reason)))
    text = "\n".join(lines)
    return text if len(text) <= TEXT_MAX else text[: TEXT_MAX - 1] + "…"


def meetings(
    t: Translator, region: Region, items: list[PilotMeeting], next_meeting: date, every: int
) -> str:
    lines = [
        t("roadmap-meetings-title", region=escape(region.name), weeks=every // 7),
        t("roadmap-next-meeting", date=day(next_meeting)),
        "",
    ]
    if not items:
        lines.append(t("roadmap-meetings-none"))
    for meeting in items[:30]:
        note = f" — {escape(_short(meeting.comment, 120))}" if meeting.comment else ""
        lines.append(f"• {day(meeting.held_on)}{note}")
    return "\n".join(lines)
