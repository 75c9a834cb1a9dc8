"""What the EXIF of a photo sent as a file says about where and when it was taken
(METHODOLOGY.md §5, issue 4 "Geo check"): ``read_exif`` gives an ``ExifInfo`` that
``services.evidence.geocheck.check_exif`` verifies against the centre.

Telegram strips EXIF from compressed photos. iPhones save HEIC: HEIF files are read with
pillow-heif (libheif), the container only, never decoding the picture. Pure functions: no
Telegram, no database; hostile input never raises.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from PIL import Image
from PIL.ExifTags import GPS, IFD, Base

from services.evidence.image_files import PILLOW_EXIF_FORMATS, heif_exif, is_heif

__all__ = ["ExifInfo", "read_exif"]


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
