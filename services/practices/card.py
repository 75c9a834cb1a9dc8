"""The practice card as Telegram HTML: the same text in the author's preview, the expert's
review, the channel and /practices (plus the measured effect and 👍 where shown)."""

from __future__ import annotations

from html import escape

from bot.i18n import Translator
from scoring import Methodology
from scoring.effect import Effect
from services.practices.rules import client_group, group_tag, indicator_tag
from storage.models import Centre, Region
from storage.models_practices import Practice

__all__ = ["CAPTION_LIMIT", "caption", "card", "channel_parts", "escape", "hashtags"]

CAPTION_LIMIT = 1024  # Telegram's limit for a photo's caption


def _points(t: Translator, value: float | None, *, sign: bool = False) -> str:
    if value is None:
        return "—"
    text = f"{value:+.1f}" if sign else f"{value:.1f}"
    return text.replace(".", ",") if t.language == "ru" else text


def hashtags(m: Methodology, practice: Practice) -> str:
    codes = [c for c in practice.codes() if c in m.indicator_codes]
    tags = [group_tag(m, g) for g in practice.groups.split() if g in m.group_codes]
    tags += [indicator_tag(m, c) for c in codes]
    group = client_group(practice.client_group)
    if group is not None:
        tags.append(f"#{group.tag}")
    return " ".join(dict.fromkeys(tags))


def client_of(t: Translator, practice: Practice) -> str:
    """Who the practice is for: its client-group profile (seed 002), or a group of the list."""
    if practice.profile is not None:
        return practice.profile.name
    return client_name(t, practice.client_group)


def client_name(t: Translator, code: str | None) -> str:
    return t(f"practices-client-{code}") if code else "—"


def indicator_names(t: Translator, practice: Practice) -> str:
    return ", ".join(f"{c} {t(f'indicator-{c}')}" for c in practice.codes())


def header(t: Translator, practice: Practice, centre: Centre, region: Region) -> str:
    return t(
        "practices-card-header",
        title=escape(practice.title or "…"),
        centre=escape(centre.name),
        region=escape(region.name),
    )


def effect_text(t: Translator, effect: Effect | None, window_days: int = 90) -> str:
    if effect is None:
        return ""
    if not effect.enough:
        return t(
            "practices-effect-thin",
            min=effect.min_answers,
            before=effect.centre_before.count,
            after=effect.centre_after.count,
            days=window_days,
        )
    text = t(
        "practices-effect-centre",
        days=window_days,
        before=_points(t, effect.centre_before.score),
        after=_points(t, effect.centre_after.score),
        change=_points(t, effect.centre_change, sign=True),
        n_before=effect.centre_before.count,
        n_after=effect.centre_after.count,
    )
    if effect.comparable:
        text += "\n" + t(
            "practices-effect-others",
            before=_points(t, effect.others_before.score),
            after=_points(t, effect.others_after.score),
            change=_points(t, effect.others_change, sign=True),
            n_before=effect.others_before.count,
            n_after=effect.others_after.count,
        )
        text += "\n" + t("practices-effect-did", did=_points(t, effect.did, sign=True))
    else:
        text += "\n" + t("practices-effect-no-comparison")
    return text


def card(
    t: Translator,
    m: Methodology,
    practice: Practice,
    centre: Centre,
    region: Region,
    *,
    photos: int = 0,
    document: bool = False,
    effect: Effect | None = None,
    votes: int | None = None,
    link: str | None = None,
) -> str:
    started = practice.started_on.strftime("%d.%m.%Y") if practice.started_on else "—"
    parts = [
        header(t, practice, centre, region),
        t(
            "practices-card-meta",
            client=escape(client_of(t, practice)),
            indicators=escape(indicator_names(t, practice) or "—"),
            started=started,
        ),
        t("practices-card-problem", text=escape(practice.problem or "—")),
        t("practices-card-done", text=escape(practice.done or "—")),
        t("practices-card-result", text=escape(practice.result or "—")),
    ]
    files = [t("practices-card-photos", count=photos)] if photos else []
    if document:
        files.append(t("practices-card-document"))
    parts.append("\n".join(files))
    measured = effect_text(t, effect)
    if measured:
        parts.append(measured)
    if votes is not None:
        parts.append(t("practices-card-votes", count=votes))
    if link:
        parts.append(t("practices-card-link", link=escape(link)))
    parts.append(escape(hashtags(m, practice)))
    return "\n\n".join(p for p in parts if p)


def caption(
    t: Translator, m: Methodology, practice: Practice, centre: Centre, region: Region
) -> str:
    """The short caption of an album whose full card follows as a message of its own."""
    text = header(t, practice, centre, region) + "\n\n" + escape(hashtags(m, practice))
    return text[:CAPTION_LIMIT]


def channel_parts(
    t: Translator,
    m: Methodology,
    practice: Practice,
    centre: Centre,
    region: Region,
    *,
    photos: int,
    document: bool,
) -> list[tuple[str, bool]]:
    """The channel post, message by message: (text, whether the photos go with it). Without
    photos one message; with photos the card as the album's caption when it fits 1024
    characters, otherwise the short caption on the album and the full card after it."""
    text = card(t, m, practice, centre, region, photos=0, document=document)
    if not photos:
        return [(text, False)]
    if len(text) <= CAPTION_LIMIT:
        return [(text, True)]
    return [(caption(t, m, practice, centre, region), True), (text, False)]
