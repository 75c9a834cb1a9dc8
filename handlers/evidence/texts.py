"""Texts of the evidence feature built from several messages (locales/*/evidence.ftl).

Every value that came from a person or a file (names, comments, reasons, requirement texts from
a region's file) is HTML-escaped here: messages go out with parse_mode HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from bot.i18n import Translator
from bot.text_limit import EVERY_MESSENGER
from services.evidence.geocheck import GeoVerdict
from services.evidence.model import (
    PHOTO_GEO,
    CentreChecklist,
    IndicatorStatus,
    Rules,
    reason_text,
    requirement_text,
)
from services.evidence.review import ReviewCard
from services.evidence.review_names import CardNames
from services.evidence.workflow import EvidenceService
from services.team.people import shown_name
from storage.models import Centre, Evidence, EvidenceFile, Requirement

MAX_MESSAGE = EVERY_MESSENGER  # as sent, markup included: fits Telegram and MAX
SHORT_REQUIREMENT = 140
SHORT_TITLE = 80  # a requirement named in a duplicate warning


def local_date(moment: datetime, timezone: str) -> str:
    return moment.astimezone(ZoneInfo(timezone)).strftime("%d.%m.%Y")


def local_datetime(moment: datetime, timezone: str) -> str:
    return moment.astimezone(ZoneInfo(timezone)).strftime("%d.%m.%Y %H:%M")


def indicator_name(t: Translator, code: str) -> str:
    key = f"indicator-{code}"
    return t(key) if t.has(key) else code


def geo_reason(t: Translator, verdict: GeoVerdict, rules: Rules) -> str:
    return t(
        f"ev-geo-reason-{verdict.reason}",
        distance=round(verdict.distance_m or 0),
        max=round(rules.max_distance_m),
        gap=int(rules.max_gap.total_seconds() // 60),
        accuracy=round(rules.max_accuracy_m),
    )


# --- the checklist --------------------------------------------------------------------------

MARKS = {
    "none": "⚪",
    "draft": "✏️",
    "pending": "⏳",
    "accepted": "✅",
    "expiring": "⚠️",
    "rejected": "❌",
    "expired": "⌛",
}


def overview(t: Translator, checklist: CentreChecklist) -> str:
    lines = []
    for ind in checklist.indicators:
        mark = "✅" if ind.x == ind.n else ("🟡" if ind.x else "⚪")
        lines.append(
            t(
                "ev-overview-line",
                mark=mark,
                code=ind.code,
                name=indicator_name(t, ind.code),
                x=ind.x,
                n=ind.n,
                counted="yes" if ind.counted else "no",
            )
        )
    text = t(
        "ev-overview",
        centre=escape(checklist.centre.name),
        x=checklist.x,
        n=checklist.n,
        lines="\n".join(lines),
    )
    if checklist.drafts:
        text += "\n\n" + t("ev-overview-drafts")
    return text


def indicator(t: Translator, centre: Centre, status: IndicatorStatus) -> str:
    def build(limit: int | None) -> str:
        items = []
        for item in status.items:
            text = requirement_text(item.requirement, t.language)
            if limit is not None:
                text = _shorten(text, limit)
            until = local_date(item.valid_until, centre.timezone) if item.valid_until else ""
            state = t(
                f"ev-state-{item.state}",
                date=until,
                reason=reason_text(t, item.reason),
            )
            items.append(
                t("ev-item", n=item.number, mark=MARKS[item.state], text=escape(text), state=state)
            )
        return t(
            "ev-indicator",
            code=status.code,
            name=indicator_name(t, status.code),
            x=status.x,
            n=status.n,
            counted="yes" if status.counted else "no",
            items="\n\n".join(items),
        )

    text = build(None)
    # A region's own list may be long: shorten the requirement texts rather than fail to send.
    return text if len(text) <= MAX_MESSAGE else build(SHORT_REQUIREMENT)


def how_to(t: Translator, requirement: Requirement, rules: Rules) -> str:
    return t(
        f"ev-how-{requirement.evidence_kind}",
        gap=int(rules.max_gap.total_seconds() // 60),
        distance=round(rules.max_distance_m),
    )


def draft_card(
    t: Translator,
    service: EvidenceService,
    draft: Evidence,
    centre: Centre,
    requirement: Requirement,
    number: int,
    files: Sequence[EvidenceFile],
) -> str:
    geo = ""
    if requirement.evidence_kind == PHOTO_GEO:
        geo = "\n" + t("ev-geo-line", status=geo_status(t, service, draft, centre, files))
    text = _shorten(requirement_text(requirement, t.language), 1500)
    return t(
        "ev-draft-card",
        centre=escape(centre.name),
        code=requirement.indicator,
        n=number,
        requirement=escape(text),
        files=len(files),
        comment="yes" if draft.comment else "no",
        geo=geo,
    )


def geo_status(
    t: Translator,
    service: EvidenceService,
    draft: Evidence,
    centre: Centre,
    files: Sequence[EvidenceFile],
) -> str:
    rules = service.rules
    if not files:
        if draft.location_at is None:
            return t("ev-geo-waiting")
        verdict = service.location_verdict(draft, centre)
        if verdict.ok:
            return t("ev-geo-location-only", distance=round(verdict.distance_m or 0))
        return t("ev-geo-fail", reason=geo_reason(t, verdict, rules))
    verdict = service.geo_verdict(draft, centre, files)
    if verdict.ok:
        return t("ev-geo-ok", distance=round(verdict.distance_m or 0))
    return t("ev-geo-fail", reason=geo_reason(t, verdict, rules))


# --- review ---------------------------------------------------------------------------------


def review_card(
    t: Translator,
    card: ReviewCard,
    region_name: str,
    rules: Rules,
    names: CardNames | None = None,
) -> str:
    evidence, centre, requirement = card.evidence, card.centre, card.requirement
    names = names or CardNames()
    if evidence.geo_reason is None:
        geo = t("rv-geo-none")
    elif evidence.geo_ok:
        geo = t(
            "rv-geo-ok",
            distance=round(evidence.distance_m or 0),
            source=card.geo_source or "none",
        )
    else:
        verdict = GeoVerdict(False, evidence.geo_reason, evidence.distance_m, "none")
        geo = t("rv-geo-fail", reason=geo_reason(t, verdict, rules))
    duplicates = []
    for d in card.duplicates:
        other = names.requirements.get(d.requirement_id)
        title = requirement_text(other, t.language) if other else d.requirement_id
        duplicates.append(
            t(
                "rv-dup-line",
                id=str(d.evidence_id),
                centre=escape(names.centres.get(d.centre_code, d.centre_code)),
                code=other.indicator if other else "",
                requirement=escape(_shorten(title, SHORT_TITLE)),
                status=t(f"rv-status-{d.status}"),
            )
        )
    text = t(
        "rv-card",
        id=str(evidence.id),
        queue=card.queue,
        centre=escape(centre.name),
        region=escape(region_name),
        code=requirement.indicator,
        indicator=indicator_name(t, requirement.indicator),
        requirement=escape(_shorten(requirement_text(requirement, t.language), 1500)),
        kind=t(f"ev-kind-{requirement.evidence_kind}"),
        files=len(card.files),
        date=local_datetime(evidence.submitted_at, centre.timezone),
        user_id=str(evidence.submitted_by),
        user=shown_name(t, names.submitter, evidence.submitted_by),
        comment=escape(evidence.comment) if evidence.comment else t("rv-no-comment"),
        geo=geo,
    )
    if duplicates:
        text += "\n\n" + "\n".join(duplicates[:10])
    return text


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
