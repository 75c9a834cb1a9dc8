"""The geo check of photo evidence: shared locations, EXIF read from real JPEGs, every verdict."""

from __future__ import annotations

import io
import math
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from PIL.ExifTags import GPS, IFD, Base
from PIL.TiffImagePlugin import IFDRational

from services.evidence.exif import ExifInfo, read_exif
from services.evidence.geocheck import (
    EARTH_RADIUS_M,
    REASONS,
    GeoVerdict,
    check_exif,
    check_location,
    haversine_m,
)
from tests.images import jpeg_with_exif, make_jpeg_with_gps, make_png, offset_north

# A centre in Yekaterinburg (UTC+5, no DST).
CENTRE = (56.8380, 60.5975)
CENTRE_TZ = "Asia/Yekaterinburg"
YEKT = timezone(timedelta(hours=5))
NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)  # 14:30 local

# Pillow warns (UserWarning) about the corrupt EXIF these tests feed it on purpose.
corrupt_exif_warnings = pytest.mark.filterwarnings(r"ignore::UserWarning:PIL\..*")


def located(
    metres_north: float = 50.0,
    *,
    photo_at: datetime = NOW,
    location_at: datetime = NOW,
    forwarded: bool = False,
    accuracy: float | None = 20.0,
) -> GeoVerdict:
    lat, lon = offset_north(*CENTRE, metres_north)
    return check_location(
        *CENTRE,
        lat,
        lon,
        photo_at=photo_at,
        location_at=location_at,
        forwarded=forwarded,
        horizontal_accuracy=accuracy,
    )


def exif_verdict(info: ExifInfo | None, *, message_at: datetime = NOW) -> GeoVerdict:
    return check_exif(*CENTRE, info, message_at=message_at, centre_tz=CENTRE_TZ)


# --- haversine -----------------------------------------------------------------------------


def test_haversine_is_zero_for_the_same_point_and_symmetric() -> None:
    assert haversine_m(*CENTRE, *CENTRE) == 0
    moscow, spb = (55.7558, 37.6173), (59.9386, 30.3141)
    assert haversine_m(*moscow, *spb) == pytest.approx(haversine_m(*spb, *moscow))
    assert haversine_m(*moscow, *spb) == pytest.approx(634_000, rel=0.01)


@pytest.mark.parametrize("metres", [1.0, 299.0, 300.0, 301.0, 5000.0])
def test_haversine_measures_a_northward_offset_exactly(metres: float) -> None:
    assert haversine_m(*CENTRE, *offset_north(*CENTRE, metres)) == pytest.approx(metres, abs=1e-6)


def test_haversine_across_the_antimeridian_and_at_the_poles() -> None:
    assert haversine_m(0, 179.999, 0, -179.999) == pytest.approx(222.6, abs=0.5)
    assert haversine_m(90, 0, 90, 120) == pytest.approx(0, abs=1e-6)
    half_circumference = math.pi * EARTH_RADIUS_M
    assert haversine_m(0, 0, 0, 180) == pytest.approx(half_circumference)


# --- check_location ------------------------------------------------------------------------


def test_location_close_to_the_centre_is_ok() -> None:
    verdict = located(50)
    assert (verdict.ok, verdict.reason, verdict.source) == (True, "ok", "location")
    assert verdict.distance_m == pytest.approx(50.0, abs=1e-6)


def test_distance_boundary_299_ok_301_too_far() -> None:
    ok = located(299)
    assert ok.ok and ok.reason == "ok"
    assert ok.distance_m == pytest.approx(299, abs=1e-6)
    far = located(301)
    assert not far.ok and far.reason == "too_far" and far.source == "location"
    assert far.distance_m == pytest.approx(301, abs=1e-6)
    assert located(299.999).ok


def test_configurable_distance() -> None:
    lat, lon = offset_north(*CENTRE, 450)
    assert not located(450).ok
    verdict = check_location(
        *CENTRE,
        lat,
        lon,
        photo_at=NOW,
        location_at=NOW,
        forwarded=False,
        horizontal_accuracy=None,
        max_distance_m=500,
    )
    assert verdict.ok


def test_forwarded_location_fails_and_still_reports_the_distance() -> None:
    verdict = located(40, forwarded=True)
    assert (verdict.ok, verdict.reason, verdict.source) == (False, "forwarded", "location")
    assert verdict.distance_m == pytest.approx(40, abs=1e-6)


def test_forwarded_wins_over_every_other_failure() -> None:
    verdict = located(5000, forwarded=True, location_at=NOW + timedelta(hours=1), accuracy=900)
    assert verdict.reason == "forwarded"
    assert verdict.distance_m == pytest.approx(5000, abs=1e-6)


@pytest.mark.parametrize("gap", [timedelta(minutes=11), -timedelta(minutes=11)])
def test_location_eleven_minutes_from_the_photo_is_too_late(gap: timedelta) -> None:
    verdict = located(20, location_at=NOW + gap)
    assert (verdict.ok, verdict.reason) == (False, "too_late")
    assert verdict.distance_m == pytest.approx(20, abs=1e-6)


@pytest.mark.parametrize("gap", [timedelta(minutes=10), -timedelta(minutes=10), timedelta(0)])
def test_location_within_ten_minutes_either_order_is_ok(gap: timedelta) -> None:
    assert located(20, location_at=NOW + gap).ok


def test_gap_is_compared_across_timezones() -> None:
    local_photo = (NOW + timedelta(minutes=3)).astimezone(YEKT)
    assert located(20, photo_at=local_photo).ok


def test_accuracy_150_m_is_inaccurate() -> None:
    verdict = located(20, accuracy=150)
    assert (verdict.ok, verdict.reason) == (False, "inaccurate")
    assert verdict.distance_m == pytest.approx(20, abs=1e-6)


@pytest.mark.parametrize("accuracy", [None, 0.0, 99.9, 100.0])
def test_accuracy_up_to_100_m_or_unknown_is_accepted(accuracy: float | None) -> None:
    assert located(20, accuracy=accuracy).ok


@pytest.mark.parametrize("accuracy", [math.nan, -1.0, math.inf])
def test_nonsense_accuracy_fails_closed(accuracy: float) -> None:
    assert located(20, accuracy=accuracy).reason == "inaccurate"


def test_too_late_is_reported_before_inaccurate_and_too_far() -> None:
    verdict = located(900, location_at=NOW + timedelta(minutes=30), accuracy=500)
    assert verdict.reason == "too_late"
    assert located(900, accuracy=500).reason == "inaccurate"


@pytest.mark.parametrize(
    ("lat", "lon"), [(None, None), (56.8, None), (None, 60.6), (math.nan, 60.6), (91.0, 60.6)]
)
def test_missing_or_invalid_coordinates_are_no_location(
    lat: float | None, lon: float | None
) -> None:
    verdict = check_location(
        *CENTRE,
        lat,
        lon,
        photo_at=NOW,
        location_at=NOW,
        forwarded=False,
        horizontal_accuracy=None,
    )
    assert verdict == GeoVerdict(False, "no_location", None, "none")


def test_location_rejects_configuration_bugs() -> None:
    def at(centre: tuple[float, float], *, max_distance_m: float = 300.0) -> GeoVerdict:
        return check_location(
            *centre,
            *CENTRE,
            photo_at=NOW,
            location_at=NOW,
            forwarded=False,
            horizontal_accuracy=None,
            max_distance_m=max_distance_m,
        )

    with pytest.raises(ValueError, match="centre"):
        at((math.nan, 60.0))
    with pytest.raises(ValueError, match="centre"):
        at((56.0, 181.0))
    with pytest.raises(ValueError, match="aware"):
        check_location(
            *CENTRE,
            *CENTRE,
            photo_at=NOW.replace(tzinfo=None),
            location_at=NOW,
            forwarded=False,
            horizontal_accuracy=None,
        )
    with pytest.raises(ValueError, match="max_distance_m"):
        at(CENTRE, max_distance_m=-1)


def test_location_in_the_southern_and_western_hemispheres() -> None:
    centre = (-34.6037, -58.3816)  # Buenos Aires
    lat, lon = offset_north(*centre, -250)
    verdict = check_location(
        *centre,
        lat,
        lon,
        photo_at=NOW,
        location_at=NOW,
        forwarded=False,
        horizontal_accuracy=10,
    )
    assert verdict.ok and verdict.distance_m == pytest.approx(250, abs=1e-6)


# --- GeoVerdict ----------------------------------------------------------------------------


def test_verdict_refuses_unknown_or_inconsistent_codes() -> None:
    with pytest.raises(ValueError, match="reason"):
        GeoVerdict(False, "because", None, "none")
    with pytest.raises(ValueError, match="source"):
        GeoVerdict(False, "too_far", 1.0, "gps")
    with pytest.raises(ValueError, match="inconsistent"):
        GeoVerdict(True, "too_far", 1.0, "location")


# --- read_exif -----------------------------------------------------------------------------


def test_exif_round_trip_with_offset_gives_an_aware_time() -> None:
    lat, lon = offset_north(*CENTRE, 120)
    taken = datetime(2025, 3, 14, 14, 20, 5)
    info = read_exif(make_jpeg_with_gps(lat, lon, taken, "+05:00"))
    assert info is not None and info.has_position
    assert info.latitude == pytest.approx(lat, abs=1e-7)
    assert info.longitude == pytest.approx(lon, abs=1e-7)
    assert info.taken_at == datetime(2025, 3, 14, 14, 20, 5, tzinfo=YEKT)
    assert info.taken_at is not None and info.taken_at.utcoffset() == timedelta(hours=5)


def test_exif_without_offset_gives_a_naive_local_time() -> None:
    info = read_exif(make_jpeg_with_gps(*CENTRE, datetime(2025, 3, 14, 14, 20)))
    assert info is not None
    assert info.taken_at == datetime(2025, 3, 14, 14, 20)
    assert info.taken_at is not None and info.taken_at.tzinfo is None


def test_exif_gps_stamp_is_utc_and_preferred_to_a_naive_original() -> None:
    data = make_jpeg_with_gps(
        *CENTRE, datetime(2025, 3, 14, 14, 20), gps_time=datetime(2025, 3, 14, 9, 19, 58)
    )
    info = read_exif(data)
    assert info is not None
    assert info.taken_at == datetime(2025, 3, 14, 9, 19, 58, tzinfo=UTC)


def test_exif_original_with_offset_is_preferred_to_the_gps_stamp() -> None:
    data = make_jpeg_with_gps(
        *CENTRE,
        datetime(2025, 3, 14, 14, 20),
        "+05:00",
        gps_time=datetime(2025, 3, 14, 9, 0, 0),
    )
    info = read_exif(data)
    assert info is not None and info.taken_at == datetime(2025, 3, 14, 14, 20, tzinfo=YEKT)


def test_exif_gps_only_or_time_only() -> None:
    gps_only = read_exif(make_jpeg_with_gps(*CENTRE, None))
    assert gps_only is not None and gps_only.has_position and gps_only.taken_at is None
    time_only = read_exif(make_jpeg_with_gps(None, None, datetime(2025, 3, 14, 14, 20)))
    assert time_only == ExifInfo(None, None, datetime(2025, 3, 14, 14, 20))


@pytest.mark.parametrize(
    ("lat", "lon"),
    [(-33.8688, 151.2093), (40.7128, -74.0060), (-34.6037, -58.3816), (64.1466, -21.9426)],
)
def test_exif_southern_and_western_hemispheres(lat: float, lon: float) -> None:
    info = read_exif(make_jpeg_with_gps(lat, lon, datetime(2025, 1, 2, 3, 4, 5)))
    assert info is not None
    assert info.latitude == pytest.approx(lat, abs=1e-7)
    assert info.longitude == pytest.approx(lon, abs=1e-7)


@corrupt_exif_warnings
@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not an image at all",
        b"\xff\xd8\xff",  # a JPEG start and nothing else
        b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00garbage!",  # an APP1 Exif with no TIFF inside
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,
        bytes(range(256)) * 4,
    ],
)
def test_garbage_bytes_give_none(data: bytes) -> None:
    assert read_exif(data) is None


def test_png_without_exif_gives_none() -> None:
    assert read_exif(make_png()) is None


def test_jpeg_without_exif_gives_none() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "JPEG")
    assert read_exif(buffer.getvalue()) is None


def test_png_with_exif_is_read() -> None:
    exif = Image.Exif()
    gps = exif.get_ifd(IFD.GPSInfo)
    gps[GPS.GPSLatitudeRef], gps[GPS.GPSLatitude] = "N", (IFDRational(56), IFDRational(50), 0)
    gps[GPS.GPSLongitudeRef], gps[GPS.GPSLongitude] = "E", (IFDRational(60), IFDRational(36), 0)
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "PNG", exif=exif.tobytes())
    info = read_exif(buffer.getvalue())
    assert info is not None
    assert (info.latitude, info.longitude) == pytest.approx((56 + 50 / 60, 60.6))


@corrupt_exif_warnings
def test_truncated_jpeg_does_not_raise() -> None:
    data = make_jpeg_with_gps(*CENTRE, datetime(2025, 3, 14, 14, 20), "+05:00")
    for cut in range(0, len(data), 7):
        info = read_exif(data[:cut])
        assert info is None or isinstance(info, ExifInfo)


def _malformed(gps_tags: dict[int, object], sub_tags: dict[int, object] | None = None) -> bytes:
    exif = Image.Exif()
    gps = exif.get_ifd(IFD.GPSInfo)
    gps.update(gps_tags)
    if sub_tags:
        exif.get_ifd(IFD.Exif).update(sub_tags)
    return jpeg_with_exif(exif)


GOOD_LAT = (IFDRational(56), IFDRational(50), IFDRational(168, 10))
GOOD_LON = (IFDRational(60), IFDRational(35), IFDRational(51, 1))


@pytest.mark.parametrize(
    "gps_tags",
    [
        # zero denominators
        {1: "N", 2: (IFDRational(56, 0), IFDRational(0), IFDRational(0)), 3: "E", 4: GOOD_LON},
        # no hemisphere reference: the sign would be a guess
        {2: GOOD_LAT, 4: GOOD_LON},
        # a nonsense reference
        {1: "Q", 2: GOOD_LAT, 3: "E", 4: GOOD_LON},
        # latitude above 90 degrees
        {1: "N", 2: (IFDRational(95), IFDRational(0), IFDRational(0)), 3: "E", 4: GOOD_LON},
        # four numbers instead of degrees, minutes, seconds
        {1: "N", 2: (*GOOD_LAT, IFDRational(1)), 3: "E", 4: GOOD_LON},
        # half a position
        {1: "N", 2: GOOD_LAT},
        # the receiver says the measurement is void
        {1: "N", 2: GOOD_LAT, 3: "E", 4: GOOD_LON, GPS.GPSStatus: "V"},
    ],
)
def test_malformed_gps_gives_no_position(gps_tags: dict[int, object]) -> None:
    info = read_exif(_malformed(gps_tags, {Base.DateTimeOriginal: "2025:03:14 14:20:00"}))
    assert info is not None
    assert (info.latitude, info.longitude) == (None, None)
    assert info.taken_at == datetime(2025, 3, 14, 14, 20)  # what is valid is still read


def test_well_formed_hand_built_gps_with_lowercase_ref() -> None:
    info = read_exif(_malformed({1: "n", 2: GOOD_LAT, 3: "e", 4: GOOD_LON, GPS.GPSStatus: "A"}))
    assert info is not None
    assert info.latitude == pytest.approx(56 + 50 / 60 + 16.8 / 3600)
    assert info.longitude == pytest.approx(60 + 35 / 60 + 51 / 3600)


@pytest.mark.parametrize(
    "sub_tags",
    [
        {Base.DateTimeOriginal: "0000:00:00 00:00:00"},
        {Base.DateTimeOriginal: "    :  :     :  :  "},
        {Base.DateTimeOriginal: "2025:13:40 25:61:00"},
        {Base.DateTimeOriginal: "yesterday"},
    ],
)
def test_malformed_capture_time_gives_no_time(sub_tags: dict[int, object]) -> None:
    info = read_exif(_malformed({1: "N", 2: GOOD_LAT, 3: "E", 4: GOOD_LON}, sub_tags))
    assert info is not None and info.has_position and info.taken_at is None


@pytest.mark.parametrize("offset", ["+5", "UTC", "+25:00", "+05:75"])
def test_malformed_offset_is_ignored_and_the_time_stays_naive(offset: str) -> None:
    info = read_exif(make_jpeg_with_gps(*CENTRE, datetime(2025, 3, 14, 14, 20), offset))
    assert info is not None and info.taken_at == datetime(2025, 3, 14, 14, 20)


def test_malformed_gps_stamp_is_ignored() -> None:
    bad_stamp: dict[int, object] = {GPS.GPSDateStamp: "2025:02:30", GPS.GPSTimeStamp: (1, 2, 3)}
    info = read_exif(_malformed({1: "N", 2: GOOD_LAT, 3: "E", 4: GOOD_LON, **bad_stamp}))
    assert info is not None and info.taken_at is None


def test_huge_jpeg_exif_is_read_without_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    # Pillow refuses to open images above its decompression-bomb limit; 200 Mpx phone
    # cameras exceed it. Lower the limit instead of building a 200 Mpx picture.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 10)
    data = make_jpeg_with_gps(*CENTRE, datetime(2025, 3, 14, 14, 20), "+05:00")
    with pytest.raises(Image.DecompressionBombError):
        Image.open(io.BytesIO(data))
    info = read_exif(data)
    assert info is not None and info.has_position


@corrupt_exif_warnings
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_read_exif_never_raises_on_random_bytes(data: bytes) -> None:
    read_exif(data)
    read_exif(b"\xff\xd8" + data)
    read_exif(b"\xff\xd8\xff\xe1" + len(data).to_bytes(2, "big") + b"Exif\x00\x00" + data)


_VALID = make_jpeg_with_gps(*CENTRE, datetime(2025, 3, 14, 14, 20), "+05:00")


@corrupt_exif_warnings
@settings(max_examples=200)
@given(st.lists(st.tuples(st.integers(0, len(_VALID) - 1), st.integers(0, 255)), max_size=8))
def test_read_exif_never_raises_on_corrupted_jpegs(edits: list[tuple[int, int]]) -> None:
    data = bytearray(_VALID)
    for pos, value in edits:
        data[pos] = value
    info = read_exif(bytes(data))
    assert info is None or isinstance(info, ExifInfo)


# --- check_exif ----------------------------------------------------------------------------


def _exif_at(metres_north: float, taken_at: datetime | None) -> ExifInfo:
    lat, lon = offset_north(*CENTRE, metres_north)
    return ExifInfo(lat, lon, taken_at)


def test_exif_photo_from_a_real_jpeg_is_ok() -> None:
    lat, lon = offset_north(*CENTRE, 80)
    data = make_jpeg_with_gps(lat, lon, datetime(2025, 3, 14, 14, 10), "+05:00")
    verdict = exif_verdict(read_exif(data))
    assert (verdict.ok, verdict.reason, verdict.source) == (True, "ok", "exif")
    assert verdict.distance_m == pytest.approx(80, abs=0.01)


def test_exif_distance_boundary_299_ok_301_too_far() -> None:
    taken = datetime(2025, 3, 14, 14, 0)
    for metres, expected in ((299, "ok"), (301, "too_far")):
        lat, lon = offset_north(*CENTRE, metres)
        verdict = exif_verdict(read_exif(make_jpeg_with_gps(lat, lon, taken)))
        assert verdict.reason == expected
        assert verdict.distance_m == pytest.approx(metres, abs=0.01)


def test_exif_missing() -> None:
    assert exif_verdict(None) == GeoVerdict(False, "exif_missing", None, "none")
    assert exif_verdict(read_exif(make_png())) == GeoVerdict(False, "exif_missing", None, "none")
    no_gps = read_exif(make_jpeg_with_gps(None, None, datetime(2025, 3, 14, 14, 0)))
    assert exif_verdict(no_gps) == GeoVerdict(False, "exif_missing", None, "none")


def test_exif_without_time_cannot_be_cross_checked() -> None:
    verdict = exif_verdict(read_exif(make_jpeg_with_gps(*offset_north(*CENTRE, 30), None)))
    assert (verdict.ok, verdict.reason, verdict.source) == (False, "exif_time_missing", "exif")
    assert verdict.distance_m == pytest.approx(30, abs=0.01)


@pytest.mark.parametrize(
    "taken_at",
    [
        NOW + timedelta(minutes=11),  # after the message: a wrong clock or an edited time
        NOW + timedelta(days=1),
        NOW - timedelta(hours=72, minutes=1),  # older than the window
        NOW - timedelta(days=200),
    ],
)
def test_exif_time_mismatch(taken_at: datetime) -> None:
    verdict = exif_verdict(_exif_at(10, taken_at))
    assert (verdict.ok, verdict.reason) == (False, "exif_time_mismatch")
    assert verdict.distance_m == pytest.approx(10, abs=1e-6)


@pytest.mark.parametrize(
    "taken_at",
    [NOW, NOW + timedelta(minutes=10), NOW - timedelta(hours=72), NOW - timedelta(hours=20)],
)
def test_exif_time_window_edges_are_ok(taken_at: datetime) -> None:
    assert exif_verdict(_exif_at(10, taken_at)).ok


def test_exif_window_is_configurable() -> None:
    info = _exif_at(10, NOW - timedelta(hours=30))
    assert check_exif(*CENTRE, info, message_at=NOW, centre_tz=CENTRE_TZ).ok
    short = check_exif(
        *CENTRE, info, message_at=NOW, centre_tz=CENTRE_TZ, max_age=timedelta(hours=24)
    )
    assert short.reason == "exif_time_mismatch"


def test_naive_exif_time_is_read_in_the_centre_timezone() -> None:
    # 14:25 on the camera's clock in Yekaterinburg is 09:25 UTC, five minutes before NOW.
    info = _exif_at(10, datetime(2025, 3, 14, 14, 25))
    assert exif_verdict(info).ok
    # Read in Kamchatka (UTC+12) the same wall time would be 02:25 UTC: still in the window.
    # Read in Kaliningrad (UTC+2) it would be 12:25 UTC, three hours after the message.
    far_west = check_exif(
        *CENTRE, info, message_at=NOW, centre_tz="Europe/Kaliningrad", max_distance_m=300
    )
    assert far_west.reason == "exif_time_mismatch"


def test_time_mismatch_is_reported_before_too_far() -> None:
    verdict = exif_verdict(_exif_at(5000, NOW + timedelta(hours=5)))
    assert verdict.reason == "exif_time_mismatch"
    assert verdict.distance_m == pytest.approx(5000, abs=1e-6)
    assert exif_verdict(_exif_at(5000, NOW)).reason == "too_far"


def test_exif_rejects_configuration_bugs() -> None:
    info = _exif_at(10, NOW)
    with pytest.raises(ValueError, match="timezone"):
        check_exif(*CENTRE, info, message_at=NOW, centre_tz="Mars/Olympus_Mons")
    with pytest.raises(ValueError, match="aware"):
        check_exif(*CENTRE, info, message_at=NOW.replace(tzinfo=None), centre_tz=CENTRE_TZ)
    with pytest.raises(ValueError, match="centre"):
        check_exif(200.0, 0.0, info, message_at=NOW, centre_tz=CENTRE_TZ)


def test_exif_in_the_southern_and_western_hemispheres() -> None:
    centre = (-22.9068, -43.1729)  # Rio de Janeiro, UTC-3
    lat, lon = offset_north(*centre, 150)
    data = make_jpeg_with_gps(lat, lon, datetime(2025, 3, 14, 6, 25))
    verdict = check_exif(*centre, read_exif(data), message_at=NOW, centre_tz="America/Sao_Paulo")
    assert verdict.ok and verdict.distance_m == pytest.approx(150, abs=0.01)


def test_every_reason_code_is_reachable() -> None:
    seen = {
        located(10).reason,
        located(400).reason,
        located(10, forwarded=True).reason,
        located(10, location_at=NOW + timedelta(minutes=11)).reason,
        located(10, accuracy=150).reason,
        check_location(
            *CENTRE,
            None,
            None,
            photo_at=NOW,
            location_at=NOW,
            forwarded=False,
            horizontal_accuracy=None,
        ).reason,
        exif_verdict(None).reason,
        exif_verdict(_exif_at(10, None)).reason,
        exif_verdict(_exif_at(10, NOW + timedelta(hours=1))).reason,
    }
    assert seen == set(REASONS)
