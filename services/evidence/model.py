"""What evidence is made of: its states and kinds, the limits, the rules read from the
settings, and the shapes the checklist and a draft are shown in (services.evidence.workflow)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import escape

from bot.config import Settings
from services.evidence.media import Spool
from storage.models import Centre, Evidence, EvidenceFile, Requirement

DRAFT, PENDING, ACCEPTED, REJECTED = "draft", "pending", "accepted", "rejected"
DECISIONS = (ACCEPTED, REJECTED)
PHOTO_GEO, SCREENSHOT, DOCUMENT = "photo_geo", "screenshot", "document"
# What /checklist shows per requirement, best first.
STATES = ("accepted", "expiring", "pending", "draft", "rejected", "expired", "none")

MAX_FILES = 10  # an album holds at most 10 items; one submission needs no more
MAX_COMMENT = 1000
MAX_REASON = 500
# Preset reasons for a rejection; stored as "preset:<code>" and shown in the reader's language.
REJECT_PRESETS = ("mismatch", "place", "unreadable", "outdated", "duplicate")
PRESET_PREFIX = "preset:"
# An EXIF capture time may run this far ahead of the message (camera clocks drift).
EXIF_CLOCK_SKEW = timedelta(minutes=10)

# Downloads a Telegram file (by file_id) into the spool, chunk by chunk (services.evidence.media).
Fetch = Callable[[str, Spool], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Rules:
    validity_days: int = 180
    reminder_days: int = 14
    max_distance_m: float = 300.0
    max_gap: timedelta = timedelta(minutes=10)
    max_accuracy_m: float = 100.0

    @classmethod
    def from_settings(cls, settings: Settings) -> Rules:
        evidence = settings.evidence
        return cls(
            validity_days=settings.scoring.load().evidence_validity_days,
            reminder_days=evidence.expiry_reminder_days,
            max_distance_m=evidence.geo_max_distance_m,
            max_gap=timedelta(minutes=evidence.geo_max_gap_minutes),
            max_accuracy_m=evidence.geo_max_accuracy_m,
        )

    @property
    def validity(self) -> timedelta:
        return timedelta(days=self.validity_days)


# --- what a centre's checklist looks like ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class RequirementStatus:
    requirement: Requirement
    number: int  # 1-based within its indicator
    state: str  # one of STATES
    reason: str | None = None  # of the latest rejection
    valid_until: datetime | None = None  # of the accepted evidence that counts
    draft_id: int | None = None  # the viewer's own draft, if any

    @property
    def fulfilled(self) -> bool:
        return self.state in ("accepted", "expiring")


@dataclass(frozen=True, slots=True)
class IndicatorStatus:
    code: str
    counted: bool  # the region has this indicator's objective part on (scoring counts it)
    items: tuple[RequirementStatus, ...]

    @property
    def x(self) -> int:
        return sum(1 for item in self.items if item.fulfilled)

    @property
    def n(self) -> int:
        return len(self.items)


@dataclass(frozen=True, slots=True)
class CentreChecklist:
    centre: Centre
    indicators: tuple[IndicatorStatus, ...]
    drafts: tuple[Evidence, ...]  # the viewer's drafts here, newest first

    @property
    def x(self) -> int:
        return sum(i.x for i in self.indicators)

    @property
    def n(self) -> int:
        return sum(i.n for i in self.indicators)

    def indicator(self, code: str) -> IndicatorStatus | None:
        return next((i for i in self.indicators if i.code == code), None)


@dataclass(frozen=True, slots=True)
class AddedFile:
    file: EvidenceFile
    count: int  # files in the draft now
    first_of_group: bool  # the first stored item of its album (or not in an album)
    repeated: bool = False  # the very same Telegram file was already in this draft
    unreadable: bool = False  # named an image but does not open as one (kept all the same)


@dataclass(frozen=True, slots=True)
class Duplicate:
    """The same picture (bytes or Telegram file) in another submission."""

    evidence_id: int
    centre_code: str
    requirement_id: str
    status: str


def reason_text(t: Callable[..., str], reason: str | None) -> str:
    """A stored rejection reason for display: presets translated, free text escaped."""
    if not reason:
        return ""
    if reason.startswith(PRESET_PREFIX):
        return t(f"rv-preset-{reason.removeprefix(PRESET_PREFIX)}")
    return escape(reason)


def requirement_text(requirement: Requirement, language: str | None) -> str:
    return requirement.text_en if language == "en" else requirement.text_ru


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)
