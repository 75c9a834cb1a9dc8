"""/stats as Telegram HTML and the captions of its two pictures (services.stats has the figures).

Bounded: at most MAX_REGIONS region lines and services.stats.FURTHEST centres, names escaped
and shortened, so the message stays far inside Telegram's 4,096 characters even for 85
regions with long names.
"""

from __future__ import annotations

from html import escape

from bot.i18n import Translator
from charts.caption import fmt_date, fmt_percent, shorten
from charts.cards import Bar, funnel_bars
from handlers.digest.my_index import tz_label
from scoring.questionnaire import QuestionnaireSpec
from services.stats import FUNNEL_DAYS, PERIODS, StatsReport
from services.stats.funnel import conversion

MAX_REGIONS = 15
NAME_CHARS = 48


def _name(text: str) -> str:
    return escape(shorten(text, NAME_CHARS), quote=False)


def scope_title(t: Translator, report: StatsReport, region_names: dict[str, str]) -> str:
    if report.scope.regions is None:
        return t("stats-title-country")
    names = ", ".join(_name(region_names.get(c, c)) for c in sorted(report.scope.regions))
    return t("stats-title-regions", names=names)


def stats_text(t: Translator, report: StatsReport, spec: QuestionnaireSpec) -> str:
    names = {r.code: r.name for r in report.regions}
    local = report.now.astimezone(report.starts["today"].tzinfo)
    lines = [
        scope_title(t, report, names),
        t(
            "stats-as-of",
            date=fmt_date(t, local.date()),
            time=f"{local:%H:%M}",
            tz=tz_label(t, local),
        ),
        "",
        t("stats-questionnaires-title"),
    ]
    for period in PERIODS:
        seeker = report.totals[(period, "seeker")]
        employer = report.totals[(period, "employer")]
        lines.append(
            t(
                f"stats-period-{period}",
                days=report.window_days,
                seekers_started=seeker.started,
                seekers_completed=seeker.completed,
                employers_started=employer.started,
                employers_completed=employer.completed,
            )
        )
    if len(report.regions) > 1:
        ranked = sorted(report.regions, key=lambda r: (-r.completed("window"), r.name))
        lines += ["", t("stats-regions-title", days=report.window_days)]
        for n, region in enumerate(ranked[:MAX_REGIONS], start=1):
            lines.append(
                t(
                    "stats-region-line",
                    n=n,
                    name=_name(region.name),
                    completed=region.completed("window"),
                    seekers=region.counts[("window", "seeker")].completed,
                    employers=region.counts[("window", "employer")].completed,
                    week=region.completed("week"),
                )
            )
        if len(ranked) > MAX_REGIONS:
            lines.append(t("stats-regions-more", count=len(ranked) - MAX_REGIONS))

    lines += ["", t("stats-funnel-title", days=FUNNEL_DAYS)]
    steps = report.funnel.steps
    shown = steps["consent_shown"]
    for name, count in conversion(steps):
        share = fmt_percent(t, count / shown) if shown else "—"
        lines.append(t(f"stats-step-{name}", count=count, share=share))
    if report.scope.regions is not None:
        lines.append(t("stats-funnel-regions-note"))
    if report.funnel.counted_since is not None:
        lines.append(t("stats-funnel-since", date=fmt_date(t, report.funnel.counted_since.date())))
    for stop in report.funnel.stops:
        questions = spec.for_audience(stop.audience)
        if stop.position >= len(questions):
            continue
        lines.append(
            t(
                "stats-stop",
                audience=stop.audience,
                n=stop.position + 1,
                total=len(questions),
                question=_name(t(questions[stop.position].text_key)),
                count=stop.count,
                abandoned=stop.abandoned,
            )
        )

    lines += [
        "",
        t(
            "stats-sample-title",
            respondents=report.min_respondents,
            employers=report.min_employers,
            meeting=report.centres_meeting,
            centres=report.centres,
        ),
    ]
    if report.furthest:
        lines.append(t("stats-furthest-title"))
        for c in report.furthest:
            lines.append(
                t(
                    "stats-furthest-line",
                    name=_name(c.name),
                    respondents=c.respondents,
                    min_respondents=report.min_respondents,
                    employers=c.employers,
                    min_employers=report.min_employers,
                )
            )
    lines += ["", t("stats-evidence-waiting", count=report.evidence_waiting)]
    return "\n".join(lines)


def funnel_picture_bars(t: Translator, report: StatsReport) -> list[Bar]:
    steps = conversion(report.funnel.steps)
    labels = [(t(f"stats-chart-step-{name}"), count) for name, count in steps]
    first = steps[0][1]
    texts = [
        f"{count}" + (f" · {fmt_percent(t, count / first)}" if first else "") for _, count in steps
    ]
    return funnel_bars(labels, texts)


def sample_picture_bars(t: Translator, report: StatsReport) -> list[Bar]:
    r, e = report.min_respondents, report.min_employers
    return [
        Bar(
            c.name,
            c.share(r, e),
            t("stats-chart-sample-value", respondents=c.respondents, min_respondents=r,
              employers=c.employers, min_employers=e),
            done=c.share(r, e) >= 1.0,
        )
        for c in report.furthest
    ]  # fmt: skip
