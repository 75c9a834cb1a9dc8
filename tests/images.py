"""Real test pictures: JPEGs (Pillow) and HEICs (pillow-heif, as iPhones save them) with EXIF
GPS and capture time, PNGs without.

Shared by the geo-check unit tests and the evidence flow tests (a photo "sent as a file").
"""

from __future__ import annotations

import io
import math
from datetime import datetime
from fractions import Fraction

import pillow_heif
from PIL import Image
from PIL.ExifTags import GPS, IFD, Base
from PIL.TiffImagePlugin import IFDRational

from services.evidence.geocheck import EARTH_RADIUS_M


def offset_north(lat: float, lon: float, metres: float) -> tuple[float, float]:
    """The point ``metres`` due north (negative: south) on the sphere geocheck measures on."""
    return lat + math.degrees(metres / EARTH_RADIUS_M), lon


def _dms(value: float) -> tuple[IFDRational, IFDRational, IFDRational]:
    """Unsigned degrees, minutes, seconds as EXIF rationals; seconds to 1/10000 (~3 mm)."""
    value = abs(value)
    degrees = int(value)
    minutes_float = (value - degrees) * 60
    minutes = int(minutes_float)
    seconds = Fraction(round((minutes_float - minutes) * 60 * 10_000), 10_000)
    return (
        IFDRational(degrees, 1),
        IFDRational(minutes, 1),
        IFDRational(seconds.numerator, seconds.denominator),
    )


def make_jpeg_with_gps(
    lat: float | None,
    lon: float | None,
    taken_at: datetime | None,
    offset: str | None = None,
    *,
    gps_time: datetime | None = None,
    size: tuple[int, int] = (32, 24),
    color: tuple[int, int, int] = (200, 120, 40),
) -> bytes:
    """A JPEG whose EXIF holds a GPS position and a capture time, as a phone camera writes it.

    ``lat``/``lon`` in decimal degrees (south and west negative) go to the GPS IFD with N/S and
    E/W references; None leaves GPS out. ``taken_at`` goes to DateTimeOriginal as its wall-clock
    time (any tzinfo is ignored); ``offset`` such as ``"+05:00"`` goes to OffsetTimeOriginal.
    ``gps_time`` (UTC) writes GPSDateStamp/GPSTimeStamp.
    """
    exif = gps_exif(lat, lon, taken_at, offset, gps_time=gps_time)
    return jpeg_with_exif(exif, size=size, color=color)


def make_heic_with_gps(
    lat: float | None,
    lon: float | None,
    taken_at: datetime | None,
    offset: str | None = None,
    *,
    gps_time: datetime | None = None,
    size: tuple[int, int] = (64, 48),
) -> bytes:
    """A real HEIC (HEVC-coded, by libheif) with the same EXIF as ``make_jpeg_with_gps``;
    without any of position and time it carries no EXIF at all."""
    exif: Image.Exif | None = gps_exif(lat, lon, taken_at, offset, gps_time=gps_time)
    if lat is None and taken_at is None and gps_time is None:
        exif = None
    buffer = io.BytesIO()
    heif = pillow_heif.from_pillow(Image.new("RGB", size, (200, 120, 40)))
    heif.save(buffer, format="HEIF", exif=exif.tobytes() if exif is not None else None)
    return buffer.getvalue()


def gps_exif(
    lat: float | None,
    lon: float | None,
    taken_at: datetime | None,
    offset: str | None = None,
    *,
    gps_time: datetime | None = None,
) -> Image.Exif:
    """The EXIF a phone camera writes: see ``make_jpeg_with_gps``."""
    exif = Image.Exif()
    if lat is not None and lon is not None:
        gps = exif.get_ifd(IFD.GPSInfo)
        gps[GPS.GPSVersionID] = b"\x02\x03\x00\x00"
        gps[GPS.GPSLatitudeRef] = "S" if lat < 0 else "N"
        gps[GPS.GPSLatitude] = _dms(lat)
        gps[GPS.GPSLongitudeRef] = "W" if lon < 0 else "E"
        gps[GPS.GPSLongitude] = _dms(lon)
    if gps_time is not None:
        gps = exif.get_ifd(IFD.GPSInfo)
        gps[GPS.GPSDateStamp] = gps_time.strftime("%Y:%m:%d")
        gps[GPS.GPSTimeStamp] = (
            IFDRational(gps_time.hour, 1),
            IFDRational(gps_time.minute, 1),
            IFDRational(gps_time.second, 1),
        )
    if taken_at is not None or offset is not None:
        sub = exif.get_ifd(IFD.Exif)
        if taken_at is not None:
            sub[Base.DateTimeOriginal] = taken_at.strftime("%Y:%m:%d %H:%M:%S")
        if offset is not None:
            sub[Base.OffsetTimeOriginal] = offset
    exif[Base.Make] = "czn-star-bot tests"
    return exif


def jpeg_with_exif(
    exif: Image.Exif,
    *,
    size: tuple[int, int] = (32, 24),
    color: tuple[int, int, int] = (200, 120, 40),
) -> bytes:
    """A JPEG carrying exactly ``exif`` (for hand-built, including malformed, EXIF)."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG", exif=exif.tobytes(), quality=85)
    return buffer.getvalue()


def make_png(size: tuple[int, int] = (32, 24)) -> bytes:
    """A PNG without any EXIF, like a screenshot."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 90, 200)).save(buffer, "PNG")
    return buffer.getvalue()
