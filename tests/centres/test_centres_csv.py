from __future__ import annotations

import csv
import io
import pickle
import re
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from services.centres.directory_csv import (
    HEADER,
    CentreCsvError,
    CentreRow,
    parse_centres_csv,
    read_centres_csv,
)
from services.centres.labels import BUTTON_MAX, shorten_name

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "centres.csv"

GOOD = '77,г. Москва,77-cao,ЦЗН ЦАО,"г. Москва, ул. Сретенка, д. 27",55.7715,37.6324,Europe/Moscow'
GOOD_2 = (
    "77,г. Москва,77-sao,ЦЗН САО,"
    '"г. Москва, Ленинградский пр-т, д. 64",55.8031,37.5246,Europe/Moscow'
)


def csv_text(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def errors_of(text: str) -> list[tuple[int, str]]:
    with pytest.raises(CentreCsvError) as info:
        parse_centres_csv(text)
    return info.value.errors


def only_error(text: str) -> tuple[int, str]:
    errors = errors_of(text)
    assert len(errors) == 1, errors
    return errors[0]


# --- the sample file -------------------------------------------------------------------


def test_sample_file_is_valid_and_rich_enough() -> None:
    rows = read_centres_csv(SAMPLE)
    assert len(rows) >= 36
    regions = {row.region_code: row.region_name for row in rows}
    assert len(regions) >= 6
    codes = [row.centre_code for row in rows]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"\d\d", code) for code in regions)
    per_region = Counter(row.region_code for row in rows)
    assert per_region["77"] >= 6  # the "three nearest" picker needs a dense city
    assert {"77", "50", "16", "66", "54", "23", "52"} <= set(regions)


def test_sample_file_timezones_match_regions() -> None:
    rows = read_centres_csv(SAMPLE)
    zones = {row.region_code: row.timezone for row in rows}
    assert zones["77"] == "Europe/Moscow"
    assert zones["66"] == "Asia/Yekaterinburg"
    assert zones["54"] == "Asia/Novosibirsk"
    for row in rows:
        ZoneInfo(row.timezone)
        assert 41 <= row.latitude <= 70 and 19 <= row.longitude <= 180, row  # Russia
    with SAMPLE.open(encoding="utf-8", newline="") as file:
        for record in csv.DictReader(file):
            for column in ("latitude", "longitude"):
                assert re.fullmatch(r"\d+\.\d{4,6}", record[column]), record


def test_sample_moscow_centres_are_in_moscow() -> None:
    rows = [row for row in read_centres_csv(SAMPLE) if row.region_code == "77"]
    for row in rows:
        assert row.address.startswith("г. Москва"), row
        assert 55.5 < row.latitude < 56.05 and 37.1 < row.longitude < 37.95, row


# --- valid input -----------------------------------------------------------------------


def test_parses_a_valid_file() -> None:
    rows = parse_centres_csv(csv_text(GOOD, GOOD_2))
    assert rows[0] == CentreRow(
        region_code="77",
        region_name="г. Москва",
        centre_code="77-cao",
        centre_name="ЦЗН ЦАО",
        address="г. Москва, ул. Сретенка, д. 27",
        latitude=55.7715,
        longitude=37.6324,
        timezone="Europe/Moscow",
    )
    assert [row.centre_code for row in rows] == ["77-cao", "77-sao"]


def test_strips_whitespace_around_values() -> None:
    row = (
        " 16 ,  Республика Татарстан , 16-kazan-1 ,  ЦЗН   г. Казани , ул. Пушкина ,"
        " 55.79 , 49.12 , Europe/Moscow "
    )
    [parsed] = parse_centres_csv(csv_text(row))
    assert parsed.region_code == "16"
    assert parsed.region_name == "Республика Татарстан"
    assert parsed.centre_code == "16-kazan-1"
    assert parsed.centre_name == "ЦЗН г. Казани"
    assert parsed.latitude == 55.79
    assert parsed.timezone == "Europe/Moscow"


def test_blank_lines_are_skipped_and_counted() -> None:
    text = "\n" + HEADER + "\n\n" + GOOD + "\n   \n,,,,,,,\n" + GOOD_2.replace("55.8031", "x")
    assert errors_of(text) == [(7, "latitude 'x' is not a number")]
    assert len(parse_centres_csv("\n" + HEADER + "\n\n" + GOOD + "\n\n")) == 1


def test_bom_is_accepted(tmp_path: Path) -> None:
    assert len(parse_centres_csv("\ufeff" + csv_text(GOOD))) == 1
    path = tmp_path / "excel.csv"
    path.write_bytes(csv_text(GOOD, GOOD_2).encode("utf-8-sig"))
    assert [row.centre_code for row in read_centres_csv(path)] == ["77-cao", "77-sao"]


def test_crlf_line_endings() -> None:
    text = csv_text(GOOD, GOOD_2.replace("Europe/Moscow", "Mars/Olympus")).replace("\n", "\r\n")
    line, message = only_error(text)
    assert line == 3
    assert "Mars/Olympus" in message


def test_quoted_newline_keeps_line_numbers() -> None:
    multiline = (
        '50,Московская область,50-podolsk,"ЦЗН\nг. Подольска",'
        '"г. Подольск,\nул. Кирова,\nд. 37",55.4289,37.5453,Europe/Moscow'
    )
    bad = "50,Московская область,50-khimki,ЦЗН г. Химки,г. Химки,abc,37.44,Europe/Moscow"
    errors = errors_of(csv_text(multiline, bad))
    # header 1, the quoted record spans lines 2-5, the bad row is line 6
    assert errors == [(6, "latitude 'abc' is not a number")]
    # an error inside a multi-line record is reported at the line the record starts on
    errors = errors_of(csv_text(GOOD, multiline.replace("Europe/Moscow", "Moscow"), bad))
    assert [line for line, _ in errors] == [3, 7]
    [row] = parse_centres_csv(csv_text(multiline))
    assert row.centre_name == "ЦЗН г. Подольска"
    assert row.address == "г. Подольск, ул. Кирова, д. 37"


# --- header ----------------------------------------------------------------------------


def test_empty_file() -> None:
    line, message = only_error("")
    assert line == 1 and "empty" in message
    assert only_error("\n\n  \n")[1] == message


def test_header_only() -> None:
    line, message = only_error(HEADER + "\n\n")
    assert line == 1
    assert "no centre rows" in message


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            "region_code,region_name,centre_name,centre_code,address,latitude,longitude,timezone",
            "wrong order",
        ),
        ("region_code,region_name,centre_code,centre_name,address,latitude,longitude", "timezone"),
        (HEADER + ",phone", "unexpected columns: 'phone'"),
        (HEADER.replace(",", ";"), "';' as the separator"),
        (HEADER.upper(), "lower case"),
    ],
)
def test_wrong_header(header: str, expected: str) -> None:
    line, message = only_error(header + "\n" + GOOD + "\n")
    assert line == 1
    assert "the header must be exactly " + HEADER in message
    assert expected in message


def test_missing_header() -> None:
    line, message = only_error(GOOD + "\n" + GOOD_2 + "\n")
    assert line == 1
    assert "header is missing" in message


def test_header_after_blank_lines_reports_its_line() -> None:
    line, _ = only_error("\n\nregion_code,name\n" + GOOD)
    assert line == 3


# --- row errors ------------------------------------------------------------------------


def replace_field(row: str, index: int, value: str) -> str:
    fields = next(csv.reader([row]))
    fields[index] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(fields)
    return out.getvalue()


@pytest.mark.parametrize(
    ("index", "value", "expected"),
    [
        (0, "", "region_code is empty"),
        (0, "7 7", "region_code '7 7' is invalid"),
        (2, "77/cao", "centre_code '77/cao' is invalid"),
        (2, "ц-77", "centre_code 'ц-77' is invalid"),
        (2, "x" * 33, "is invalid: use 1-32 characters"),
        (1, "   ", "region_name is empty"),
        (3, "", "centre_name is empty"),
        (4, "", "address is empty"),
        (5, "", "latitude is empty"),
        (5, "abc", "latitude 'abc' is not a number"),
        (5, "nan", "latitude 'nan' is not a number"),
        (6, "inf", "longitude 'inf' is not a number"),
        (
            5,
            "55,75",
            "latitude '55,75' uses a comma as the decimal separator; use a point: '55.75'",
        ),
        (6, "37,61", "use a point: '37.61'"),
        (5, "90.5", "latitude 90.5 is out of range [-90, 90]"),
        (5, "-91", "latitude -91 is out of range [-90, 90]"),
        (6, "180.01", "longitude 180.01 is out of range [-180, 180]"),
        (6, "-200", "longitude -200 is out of range [-180, 180]"),
        (7, "", "timezone is empty"),
        (7, "Moscow", "timezone 'Moscow' is not a valid IANA time zone"),
        (7, "MSK+3", "not a valid IANA time zone"),
        (7, "europe/moscow", "did you mean 'Europe/Moscow'?"),
        (7, "../etc/passwd", "not a valid IANA time zone"),
        (7, "localtime", "not a valid IANA time zone"),
        (3, "Ц" * 301, "centre_name is too long (301 characters, at most 300)"),
    ],
)
def test_field_errors(index: int, value: str, expected: str) -> None:
    bad = replace_field(GOOD_2, index, value)
    line, message = only_error(csv_text(GOOD, bad))
    assert line == 3
    assert expected in message


@pytest.mark.parametrize(
    ("lat", "lon"), [("90", "180"), ("-90", "-180"), ("0", "0"), ("+55.7", ".5")]
)
def test_boundary_coordinates_are_valid(lat: str, lon: str) -> None:
    row = replace_field(replace_field(GOOD, 5, lat), 6, lon)
    [parsed] = parse_centres_csv(csv_text(row))
    assert (parsed.latitude, parsed.longitude) == (float(lat), float(lon))


def test_valid_timezones() -> None:
    rows = [
        replace_field(replace_field(GOOD, 2, f"c{i}"), 7, zone)
        for i, zone in enumerate(
            ["Asia/Yekaterinburg", "Asia/Novosibirsk", "Europe/Kaliningrad", "UTC"]
        )
    ]
    assert len(parse_centres_csv(csv_text(*rows))) == 4


def test_duplicate_centre_code() -> None:
    duplicate = replace_field(GOOD_2, 2, "77-cao")
    assert only_error(csv_text(GOOD, GOOD_2, duplicate)) == (
        4,
        "centre_code '77-cao' is already used on line 2",
    )
    line, message = only_error(csv_text(GOOD, replace_field(GOOD_2, 2, "77-CAO")))
    assert line == 3 and "differs only in letter case" in message and "line 2" in message


def test_region_name_must_be_consistent() -> None:
    other = replace_field(GOOD_2, 1, "Москва")
    assert only_error(csv_text(GOOD, other)) == (
        3,
        "region_code '77' is named 'Москва' here but 'г. Москва' on line 2",
    )
    # the same name in another region is fine, and so is extra whitespace
    spaced = replace_field(GOOD_2, 1, " г.  Москва ")
    assert len(parse_centres_csv(csv_text(GOOD, spaced))) == 2


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("77,г. Москва,77-cao", "expected 8 columns, got 3"),
        (GOOD + ",extra", "expected 8 columns, got 9"),
        (GOOD.replace("55.7715", "55,7715"), "expected 8 columns, got 9 (an unquoted comma"),
        (GOOD.replace(",", ";"), "expected 8 columns, got"),
    ],
)
def test_wrong_column_count(row: str, expected: str) -> None:
    line, message = only_error(csv_text(GOOD_2, row))
    assert line == 3
    assert message.startswith(expected)


def test_malformed_quoting() -> None:
    unterminated = '77,г. Москва,77-x,"ЦЗН,addr,55.7,37.6,Europe/Moscow'
    line, message = only_error(csv_text(GOOD, unterminated))
    assert line == 3 and "never closed" in message
    stray = '77,г. Москва,77-y,"ЦЗН" САО,addr,55.7,37.6,Europe/Moscow'
    errors = errors_of(csv_text(GOOD, stray, GOOD_2.replace("37.5246", "x")))
    assert [line for line, _ in errors] == [3, 4]


def test_all_errors_are_reported_in_line_order() -> None:
    text = csv_text(
        GOOD,
        replace_field(replace_field(GOOD_2, 5, "abc"), 7, "Nowhere/City"),  # line 3: two errors
        "",  # line 4: blank
        "1,2,3",  # line 5
        replace_field(GOOD_2, 2, "77-cao"),  # line 6: duplicate of line 2
        replace_field(replace_field(GOOD_2, 2, "77-zao"), 6, "200"),  # line 7
    )
    with pytest.raises(CentreCsvError) as info:
        parse_centres_csv(text)
    error = info.value
    assert error.errors == [
        (3, "latitude 'abc' is not a number"),
        (
            3,
            "timezone 'Nowhere/City' is not a valid IANA time zone"
            " (e.g. Europe/Moscow, Asia/Yekaterinburg)",
        ),
        (5, "expected 8 columns, got 3"),
        (6, "centre_code '77-cao' is already used on line 2"),
        (7, "longitude 200 is out of range [-180, 180]"),
    ]
    lines = str(error).splitlines()
    assert len(lines) == 5
    assert lines[0] == "line 3: latitude 'abc' is not a number"
    assert lines[4] == "line 7: longitude 200 is out of range [-180, 180]"
    assert isinstance(error, ValueError)
    assert pickle.loads(pickle.dumps(error)).errors == error.errors


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "cp1251.csv"
    path.write_bytes(csv_text(GOOD, GOOD_2).encode("cp1251"))
    with pytest.raises(CentreCsvError) as info:
        read_centres_csv(path)
    [(line, message)] = info.value.errors
    assert line == 2  # the header is ASCII; the first Cyrillic byte is on line 2
    assert "not valid UTF-8" in message


def test_missing_file_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_centres_csv(tmp_path / "nope.csv")


# --- issue 9 item 12: short names on buttons -------------------------------------------------


def test_optional_short_name_column() -> None:
    header = HEADER + ",short_name"
    rows = parse_centres_csv(
        "\n".join([header, GOOD + ",ЦАО — ЦЗН г. Москвы", GOOD_2 + ","]) + "\n"
    )
    assert [r.short_name for r in rows] == ["ЦАО — ЦЗН г. Москвы", None]
    assert parse_centres_csv(csv_text(GOOD))[0].short_name is None  # the old format still reads
    line, message = only_error(header + "\n" + GOOD + "," + "Я" * 61 + "\n")
    assert line == 2 and "short_name is too long (61 characters, at most 60)" in message
    line, message = only_error(header + "\n" + GOOD + "\n")
    assert line == 2 and "expected 9 columns, got 8" in message


def test_sample_names_the_moscow_branches_by_what_differs() -> None:
    rows = {r.centre_code: r for r in read_centres_csv(SAMPLE)}
    assert rows["77-cao"].short_name == "ЦАО — ЦЗН г. Москвы"
    moscow = [r.short_name for r in rows.values() if r.region_code == "77"]
    assert all(moscow) and len(set(moscow)) == len(moscow)


def test_button_label_puts_the_distinguishing_part_first() -> None:
    assert shorten_name("ЦЗН г. Казани") == "ЦЗН г. Казани"
    assert shorten_name("Центр занятости населения г. Москвы — филиал ЦАО") == (
        "ЦЗН г. Москвы — филиал ЦАО"
    )
    assert shorten_name("Кадровый центр «Работа России» г. Москвы (ВАО)") == (
        "ВАО · Кадровый центр «Работа…"
    )
    assert shorten_name("ЦЗН г. Екатеринбурга — отдел по Орджоникидзевскому району").startswith(
        "отдел по Орджоникидзевскому"
    )
    assert all(len(shorten_name("Ж" * n)) <= BUTTON_MAX for n in (10, 30, 31, 300))
