"""The geolocation check of photo evidence (METHODOLOGY.md §5, issue 4 "Geo check").

A `photo_geo` requirement is proven by a photo taken at the centre. Two ways to show where it
was taken:

1. a location shared by the submitter next to the photo (``check_location``): not forwarded,
   within 10 minutes of the photo, accuracy no worse than 100 m, within 300 m of the centre;
2. the GPS and capture time in the EXIF of a photo sent as a file (``read_exif`` then
   ``check_exif``); Telegram strips EXIF from compressed photos. iPhones save HEIC: HEIF
   files are read with pillow-heif (libheif), the container only, never decoding the picture.

Pure functions: no Telegram, no database. A verdict carries a machine ``reason`` code (see
``REASONS``) that the bot maps to a localized text, and the distance whenever coordinates were
known, so that a failed check can still be shown to the moderator with its distance; evidence
that fails is kept, never dropped (METHODOLOGY.md §5).

Neither way is proof against a determined forger (EXIF and a client's location can both be
faked); the check catches honest mistakes and casual reuse, and the moderator sees the rest.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PIL import Image
from PIL.ExifTags import GPS, IFD, Base

from services.evidence.image_files import PILLOW_EXIF_FORMATS, heif_exif, is_heif

__all__ = [
    "DEFAULT_MAX_ACCURACY_M",
    "DEFAULT_MAX_CLOCK_SKEW",
    "DEFAULT_MAX_DISTANCE_M",
    "DEFAULT_MAX_EXIF_AGE",
    "DEFAULT_MAX_GAP",
    "EARTH_RADIUS_M",
    "REASONS",
    "SOURCES",
    "ExifInfo",
    "GeoVerdict",
    "check_exif",
    "check_location",
    "haversine_m",
    "read_exif",
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


@dataclass(frozen=True, slots=True)
class ExifInfo:
    """What the EXIF of a photo says about where and when it was taken.

    ``taken_at`` is timezone-aware when the file says the offset (OffsetTimeOriginal) or when
    it comes from the GPS stamp (UTC). A DateTimeOriginal without an offset is the camera's
    local wall-clock time and is returned **naive**; ``check_exif`` interprets it in the
    centre's timezone.
    """

    latitude: float | None
    longitude: float | None
    taken_at: datetime | None

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None


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


def read_exif(image_bytes: bytes) -> ExifInfo | None:
    """GPS position and capture time from a photo's EXIF; never raises.

    Returns None for bytes that are not a supported image (JPEG, HEIC/HEIF, PNG, WebP, TIFF)
    or carry no EXIF at all; otherwise an ExifInfo whose fields are None where the EXIF lacks
    them or holds garbage. Time: DateTimeOriginal with OffsetTimeOriginal (aware); else the GPS
    date and time stamps (UTC, aware); else DateTimeOriginal alone, returned naive (local wall
    time, see ExifInfo). The content decides the format, not the file name or MIME type.
    """
    try:
        exif = _load_exif(image_bytes)
        if exif is None or not exif:
            return None
        gps = _sub_ifd(exif, IFD.GPSInfo)
        sub = _sub_ifd(exif, IFD.Exif)
        top: Mapping[int, Any] = dict(exif)
        latitude, longitude = _gps_position(gps)
        taken_at = _capture_time(sub, top, gps)
    except Exception:  # Pillow raises many kinds on hostile input; "never raises" is the API
        return None
    return ExifInfo(latitude, longitude, taken_at)


# --- helpers -------------------------------------------------------------------------------

_DATETIME = re.compile(r"(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
_OFFSET = re.compile(r"([+-])(\d{2}):(\d{2})")
_DATE = re.compile(r"(\d{4})[:-](\d{2})[:-](\d{2})")


def _load_exif(data: bytes) -> Image.Exif | None:
    if data[:2] == b"\xff\xd8":
        # A JPEG: take the APP1 segment directly instead of Image.open, which refuses images
        # above Pillow's decompression-bomb limit (~179 Mpx: 200 Mpx phone cameras exist) and
        # has no need to look at the picture to read its EXIF.
        segment = _jpeg_exif_segment(data)
        if segment is None:
            return None
        exif = Image.Exif()
        exif.load(segment)
        return exif
    if is_heif(data):
        payload = heif_exif(data)
        if payload is None:
            return None
        exif = Image.Exif()
        exif.load(payload)
        return exif
    with Image.open(io.BytesIO(data), formats=PILLOW_EXIF_FORMATS) as img:
        return img.getexif()


def _jpeg_exif_segment(data: bytes) -> bytes | None:
    """The payload of the first ``APP1 Exif`` segment of a JPEG, if any before the scan."""
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return None  # not a marker where one must be: a broken file
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in (0x01, 0xD8) or 0xD0 <= marker <= 0xD7:  # markers without a length
            pos += 2
            continue
        if marker in (0xD9, 0xDA):  # end of image, start of scan: no metadata after this
            return None
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        if length < 2:
            return None
        payload = data[pos + 4 : pos + 2 + length]
        if marker == 0xE1 and payload.startswith(b"Exif\x00\x00"):
            return payload
        pos += 2 + length
    return None


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


def _sub_ifd(exif: Image.Exif, tag: int) -> Mapping[int, Any]:
    try:
        return dict(exif.get_ifd(tag))
    except Exception:  # a broken pointer to one IFD must not hide the others
        return {}


def _ascii(value: object) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("ascii", errors="replace")
    if not isinstance(value, str):
        return None
    return value.strip("\x00 \t\r\n")


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]  # IFDRational, int, float
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def _numbers(value: object, count: int) -> list[float] | None:
    """Up to ``count`` finite non-negative numbers (a single number counts as one)."""
    parts = value if isinstance(value, tuple | list) else (value,)
    if not 1 <= len(parts) <= count:
        return None
    numbers = [_number(p) for p in parts]
    if any(n is None or n < 0 for n in numbers):
        return None
    return [n for n in numbers if n is not None]


def _coordinate(
    value: object, ref: object, positive: str, negative: str, limit: float
) -> float | None:
    """Decimal degrees from EXIF degrees/minutes/seconds and a N/S or E/W reference."""
    hemisphere = _ascii(ref)
    if hemisphere is None or hemisphere.upper() not in (positive, negative):
        return None  # without the reference the sign is a guess; do not guess
    dms = _numbers(value, 3)
    if dms is None:
        return None
    degrees = math.fsum(part / 60.0**i for i, part in enumerate(dms))
    if degrees > limit:
        return None
    return -degrees if hemisphere.upper() == negative else degrees


def _gps_position(gps: Mapping[int, Any]) -> tuple[float | None, float | None]:
    status = _ascii(gps.get(GPS.GPSStatus))
    if status is not None and status.upper() == "V":  # "measurement void": no fix
        return None, None
    lat = _coordinate(gps.get(GPS.GPSLatitude), gps.get(GPS.GPSLatitudeRef), "N", "S", 90)
    lon = _coordinate(gps.get(GPS.GPSLongitude), gps.get(GPS.GPSLongitudeRef), "E", "W", 180)
    if lat is None or lon is None:
        return None, None  # half a position is no position
    return lat, lon


def _capture_time(
    sub: Mapping[int, Any], top: Mapping[int, Any], gps: Mapping[int, Any]
) -> datetime | None:
    # Some writers put the tags in IFD0 instead of the Exif sub-IFD.
    original = _parse_datetime(sub.get(Base.DateTimeOriginal, top.get(Base.DateTimeOriginal)))
    offset = _parse_offset(sub.get(Base.OffsetTimeOriginal, top.get(Base.OffsetTimeOriginal)))
    if original is not None and offset is not None:
        return original.replace(tzinfo=offset)
    gps_time = _gps_datetime(gps)
    if gps_time is not None:
        return gps_time
    return original


def _parse_datetime(value: object) -> datetime | None:
    text = _ascii(value)
    match = _DATETIME.match(text) if text else None
    if match is None:
        return None
    try:
        year, month, day, hour, minute, second = (int(g) for g in match.groups())
        return datetime(year, month, day, hour, minute, second)  # naive on purpose
    except ValueError:  # "0000:00:00 00:00:00" and other impossible dates
        return None


def _parse_offset(value: object) -> timezone | None:
    text = _ascii(value)
    match = _OFFSET.fullmatch(text) if text else None
    if match is None:
        return None
    sign, hours, minutes = match.groups()
    delta = timedelta(hours=int(hours), minutes=int(minutes))
    if delta > timedelta(hours=14) or int(minutes) >= 60:
        return None
    return timezone(-delta if sign == "-" else delta)


def _gps_datetime(gps: Mapping[int, Any]) -> datetime | None:
    text = _ascii(gps.get(GPS.GPSDateStamp))
    date_match = _DATE.fullmatch(text) if text else None
    hms = _numbers(gps.get(GPS.GPSTimeStamp), 3)
    if date_match is None or hms is None or len(hms) != 3:
        return None
    hours, minutes, seconds = hms
    if hours >= 24 or minutes >= 60 or seconds >= 61:
        return None
    try:
        year, month, mday = (int(g) for g in date_match.groups())
        day = datetime(year, month, mday, tzinfo=UTC)
    except ValueError:
        return None
    return day + timedelta(hours=hours, minutes=minutes, seconds=seconds)
