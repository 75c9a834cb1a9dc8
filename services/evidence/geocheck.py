"""The geolocation check of photo evidence (METHODOLOGY.md §5, issue 4 "Geo check").

A `photo_geo` requirement is proven by a photo taken at the centre. Two ways to show where it
was taken:

1. a location shared by the submitter next to the photo (``check_location``): not forwarded,
   within 10 minutes of the photo, accuracy no worse than 100 m, within 300 m of the centre;
2. the GPS and capture time in the EXIF of a photo sent as a file
   (``services.evidence.exif.read_exif`` then ``check_exif``); Telegram strips EXIF from
   compressed photos, and iPhones save HEIC, which services.evidence.exif reads too.

Pure functions: no Telegram, no database. A verdict carries a machine ``reason`` code (see
``REASONS``) that the bot maps to a localized text, and the distance whenever coordinates were
known, so that a failed check can still be shown to the moderator with its distance; evidence
that fails is kept, never dropped (METHODOLOGY.md §5).

Neither way is proof against a determined forger (EXIF and a client's location can both be
faked); the check catches honest mistakes and casual reuse, and the moderator sees the rest.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from services.evidence.exif import ExifInfo

__all__ = [
    "DEFAULT_MAX_ACCURACY_M",
    "DEFAULT_MAX_CLOCK_SKEW",
    "DEFAULT_MAX_DISTANCE_M",
    "DEFAULT_MAX_EXIF_AGE",
    "DEFAULT_MAX_GAP",
    "EARTH_RADIUS_M",
    "REASONS",
    "SOURCES",
    "GeoVerdict",
    "check_exif",
    "check_location",
    "haversine_m",
]

# Mean Earth radius (IUGG), the same as services.centres.directory uses for "nearest centre".
EARTH_RADIUS_M = 6_371_008.8

DEFAULT_MAX_DISTANCE_M = 300.0
DEFAULT_MAX_GAP = timedelta(minutes=10)
DEFAULT_MAX_ACCURACY_M = 100.0
# How long before the message an EXIF photo may have been taken. The seeds fix 10 minutes only
# for a shared location, which proves presence *now*; an EXIF photo carries its own position, so
# its time only has to show that the picture is current rather than an old one from the
# archive. Working groups shoot on site and often send the pictures later from the office, and
# a Friday shoot is often sent on Monday: 72 hours covers a weekend and still refuses last
# month's photos. Configurable per call.
DEFAULT_MAX_EXIF_AGE = timedelta(hours=72)
# How far in the future (after the message) an EXIF time may be: camera clocks drift and are
# not network-synchronised; a larger lead means a wrong clock or an edited time.
DEFAULT_MAX_CLOCK_SKEW = timedelta(minutes=10)

REASONS: tuple[str, ...] = (
    "ok",
    "no_location",  # no (valid) coordinates were shared
    "forwarded",  # the location message was forwarded, not sent by the submitter
    "too_late",  # location and photo more than max_gap apart
    "inaccurate",  # horizontal accuracy worse than max_accuracy_m
    "too_far",  # farther than max_distance_m from the centre
    "exif_missing",  # no EXIF, or EXIF without usable GPS coordinates
    "exif_time_missing",  # EXIF GPS present but no capture time to cross-check
    "exif_time_mismatch",  # EXIF time after the message, or more than max_age before it
)
SOURCES: tuple[str, ...] = ("location", "exif", "none")


@dataclass(frozen=True, slots=True)
class GeoVerdict:
    ok: bool
    reason: str  # one of REASONS; the bot maps it to a localized text
    distance_m: float | None  # to the centre, whenever coordinates were known
    source: str  # "location" | "exif" | "none" (where the coordinates came from)

    def __post_init__(self) -> None:
        if self.reason not in REASONS:
            raise ValueError(f"unknown geo verdict reason {self.reason!r}")
        if self.source not in SOURCES:
            raise ValueError(f"unknown geo verdict source {self.source!r}")
        if self.ok != (self.reason == "ok"):
            raise ValueError(f"inconsistent geo verdict: ok={self.ok} reason={self.reason!r}")


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres on a sphere of radius ``EARTH_RADIUS_M``."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(1.0, max(0.0, a))))


def check_location(
    centre_lat: float,
    centre_lon: float,
    lat: float | None,
    lon: float | None,
    *,
    photo_at: datetime,
    location_at: datetime,
    forwarded: bool,
    horizontal_accuracy: float | None,
    max_distance_m: float = DEFAULT_MAX_DISTANCE_M,
    max_gap: timedelta = DEFAULT_MAX_GAP,
    max_accuracy_m: float = DEFAULT_MAX_ACCURACY_M,
) -> GeoVerdict:
    """Verify a location shared with a photo against the centre's coordinates.

    The first failing rule is the reason, in the order: no coordinates, forwarded, more than
    ``max_gap`` between photo and location (either order), accuracy worse than
    ``max_accuracy_m``, farther than ``max_distance_m``. Provenance comes before distance: a
    forwarded location next door proves nothing. Limits are inclusive (exactly 300 m is ok).

    ``photo_at`` and ``location_at`` must both be aware or both naive (the same clock).
    Raises ValueError for unusable centre coordinates or limits (a configuration bug).
    """
    _check_centre(centre_lat, centre_lon)
    _check_limit(max_distance_m, "max_distance_m")
    _check_limit(max_accuracy_m, "max_accuracy_m")
    if max_gap < timedelta(0):
        raise ValueError(f"max_gap must not be negative, got {max_gap}")
    if (photo_at.tzinfo is None) != (location_at.tzinfo is None):
        raise ValueError("photo_at and location_at must both be timezone-aware or both naive")

    if lat is None or lon is None or not _valid_point(lat, lon):
        return GeoVerdict(False, "no_location", None, "none")
    distance = haversine_m(centre_lat, centre_lon, lat, lon)

    def fail(reason: str) -> GeoVerdict:
        return GeoVerdict(False, reason, distance, "location")

    if forwarded:
        return fail("forwarded")
    if abs(photo_at - location_at) > max_gap:
        return fail("too_late")
    if horizontal_accuracy is not None and not (
        # NaN or a negative accuracy is nonsense: fail closed.
        math.isfinite(horizontal_accuracy) and 0 <= horizontal_accuracy <= max_accuracy_m
    ):
        return fail("inaccurate")
    if distance > max_distance_m:
        return fail("too_far")
    return GeoVerdict(True, "ok", distance, "location")


def check_exif(
    centre_lat: float,
    centre_lon: float,
    exif: ExifInfo | None,
    *,
    message_at: datetime,
    centre_tz: str,
    max_distance_m: float = DEFAULT_MAX_DISTANCE_M,
    max_age: timedelta = DEFAULT_MAX_EXIF_AGE,
    max_clock_skew: timedelta = DEFAULT_MAX_CLOCK_SKEW,
) -> GeoVerdict:
    """Verify the EXIF of a photo sent as a file against the centre and the message time.

    The photo must carry GPS coordinates (else ``exif_missing``) and a capture time (else
    ``exif_time_missing``); the capture time must lie in
    ``[message_at - max_age, message_at + max_clock_skew]`` (else ``exif_time_mismatch``); and
    the position must be within ``max_distance_m`` (else ``too_far``). A naive capture time is
    the camera's wall clock and is read in ``centre_tz`` (an IANA name, e.g.
    "Asia/Yekaterinburg"), the timezone where the photo should have been taken.

    ``message_at`` must be timezone-aware (Telegram's message dates are UTC). Raises
    ValueError for an unknown timezone, unusable centre coordinates or limits.
    """
    _check_centre(centre_lat, centre_lon)
    _check_limit(max_distance_m, "max_distance_m")
    if max_age < timedelta(0) or max_clock_skew < timedelta(0):
        raise ValueError("max_age and max_clock_skew must not be negative")
    if message_at.tzinfo is None or message_at.utcoffset() is None:
        raise ValueError("message_at must be timezone-aware")
    tz = _zone(centre_tz)

    if (
        exif is None
        or exif.latitude is None
        or exif.longitude is None
        or not _valid_point(exif.latitude, exif.longitude)
    ):
        return GeoVerdict(False, "exif_missing", None, "none")
    distance = haversine_m(centre_lat, centre_lon, exif.latitude, exif.longitude)

    def fail(reason: str) -> GeoVerdict:
        return GeoVerdict(False, reason, distance, "exif")

    taken_at = exif.taken_at
    if taken_at is None:
        return fail("exif_time_missing")
    if taken_at.tzinfo is None or taken_at.utcoffset() is None:
        # Russia has had no daylight saving time since 2014, so the wall time is unambiguous.
        taken_at = taken_at.replace(tzinfo=tz)
    if not message_at - max_age <= taken_at <= message_at + max_clock_skew:
        return fail("exif_time_mismatch")
    if distance > max_distance_m:
        return fail("too_far")
    return GeoVerdict(True, "ok", distance, "exif")


# --- helpers -------------------------------------------------------------------------------


def _check_centre(lat: float, lon: float) -> None:
    if not _valid_point(lat, lon):
        raise ValueError(f"invalid centre coordinates ({lat!r}, {lon!r})")


def _check_limit(value: float, name: str) -> None:
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a non-negative number, got {value!r}")


def _valid_point(lat: float, lon: float) -> bool:
    return math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise ValueError(f"unknown timezone {name!r}") from exc
