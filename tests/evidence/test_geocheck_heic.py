"""HEIC/HEIF photos sent as files (issue 10): iPhones save them, and their GPS must count."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.evidence.exif import read_exif
from services.evidence.geocheck import check_exif
from services.evidence.image_files import is_heif, is_readable_image
from services.evidence.media import IncomingFile
from tests.images import make_heic_with_gps, make_jpeg_with_gps, make_png, offset_north

CENTRE = (56.8380, 60.5975)  # Yekaterinburg, UTC+5
CENTRE_TZ = "Asia/Yekaterinburg"
NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)  # 14:30 local
HEIC = make_heic_with_gps(*CENTRE, datetime(2025, 3, 14, 14, 20), offset="+05:00")


def verdict(data: bytes) -> tuple[bool, str, str]:
    v = check_exif(*CENTRE, read_exif(data), message_at=NOW, centre_tz=CENTRE_TZ)
    return v.ok, v.reason, v.source


def test_gps_and_time_are_read_from_a_real_heic() -> None:
    lat, lon = offset_north(*CENTRE, 120)
    heic = make_heic_with_gps(lat, lon, datetime(2025, 3, 14, 14, 20), offset="+05:00")
    assert heic[4:12] == b"ftypheic" and is_heif(heic)
    info = read_exif(heic)
    assert info is not None
    assert info.latitude == pytest.approx(lat, abs=1e-6)
    assert info.longitude == pytest.approx(lon, abs=1e-6)
    assert info.taken_at == datetime(2025, 3, 14, 14, 20, tzinfo=timezone(timedelta(hours=5)))
    v = check_exif(*CENTRE, info, message_at=NOW, centre_tz=CENTRE_TZ)
    assert (v.ok, v.source) == (True, "exif")
    assert v.distance_m == pytest.approx(120, abs=0.5)


def test_heic_gps_time_stamp_and_far_away() -> None:
    lat, lon = offset_north(*CENTRE, 2000)
    heic = make_heic_with_gps(lat, lon, None, gps_time=datetime(2025, 3, 14, 9, 0))
    info = read_exif(heic)
    assert info is not None and info.taken_at == datetime(2025, 3, 14, 9, 0, tzinfo=UTC)
    assert verdict(heic) == (False, "too_far", "exif")


@pytest.mark.parametrize(
    ("lat", "taken_at"),
    [(None, None), (None, datetime(2025, 3, 14, 14, 20))],
    ids=["no-exif", "time-but-no-gps"],
)
def test_heic_without_gps_gets_the_jpeg_verdict(lat: float | None, taken_at: datetime) -> None:
    heic = make_heic_with_gps(lat, lat, taken_at)
    jpeg = make_jpeg_with_gps(lat, lat, taken_at)
    assert verdict(heic) == verdict(jpeg) == (False, "exif_missing", "none")
    assert is_readable_image(heic)


def _corrupt() -> list[bytes]:
    heic = HEIC
    return [heic[:24], heic[:200], heic[:24] + b"\x00" * 400, heic[:16] + bytes(len(heic) - 16)]


@pytest.mark.parametrize("data", _corrupt(), ids=["header", "cut", "zeros", "zeroed-boxes"])
def test_corrupt_heic_is_unreadable_and_does_not_raise(data: bytes) -> None:
    assert is_heif(data)  # the brand still says HEIC...
    assert read_exif(data) is None  # ...but libheif cannot read the container
    assert not is_readable_image(data)
    assert verdict(data) == (False, "exif_missing", "none")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), min_size=1, max_size=8))
def test_read_exif_never_raises_on_corrupted_heics(edits: list[tuple[int, int]]) -> None:
    data = bytearray(HEIC)
    for position, value in edits:
        data[position % len(data)] = value
    read_exif(bytes(data))
    is_readable_image(bytes(data))


def test_readable_images_and_not() -> None:
    assert is_readable_image(make_jpeg_with_gps(None, None, None))
    assert is_readable_image(make_png())
    assert not is_readable_image(b"MZ\x90\x00 not a picture")
    assert not is_heif(make_png()) and not is_heif(b"")


@pytest.mark.parametrize(
    ("mime", "name"),
    [
        ("image/heic", "IMG_0042.HEIC"),
        ("image/heif", "IMG_0042.heif"),
        ("image/heic", None),  # no name: the MIME type decides
        ("image/heif", None),
        ("application/octet-stream", "IMG_0042.HEIC"),  # the name decides
    ],
)
def test_heic_documents_pass_the_upload_filter(mime: str, name: str | None) -> None:
    incoming = IncomingFile("document", "f", "u", 1000, mime, name)
    assert incoming.is_image and incoming.is_allowed
