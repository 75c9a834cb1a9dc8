"""Parse and validate the centre directory CSV (no database access here).

The file is UTF-8 (a BOM, as Excel writes it, is accepted), comma-separated, with the header

    region_code,region_name,centre_code,centre_name,address,latitude,longitude,timezone

optionally followed by a `short_name` column: what a centre's button shows, the part that
tells it from its neighbours first (e.g. "ЦАО — ЦЗН г. Москвы"); empty or absent, the bot
shortens the name itself (services.centres.labels). Files without the column stay valid.

Every problem in the file is collected and reported at once, each with its physical line
number (the header is line 1), so an operator can fix the whole file in one pass.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

COLUMNS: tuple[str, ...] = (
    "region_code",
    "region_name",
    "centre_code",
    "centre_name",
    "address",
    "latitude",
    "longitude",
    "timezone",
)
HEADER = ",".join(COLUMNS)
OPTIONAL_COLUMNS: tuple[str, ...] = ("short_name",)

CODE_MAX_LENGTH = 32
CODE_RE = re.compile(rf"[A-Za-z0-9_-]{{1,{CODE_MAX_LENGTH}}}")
# Column sizes of the regions/centres tables (storage.models); PostgreSQL enforces them.
MAX_LENGTHS: dict[str, int] = {
    "region_name": 200,
    "centre_name": 300,
    "address": 500,
    "timezone": 64,
    "short_name": 60,
}

_NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_COMMA_NUMBER_RE = re.compile(r"[+-]?\d*,\d+")


@dataclass(frozen=True, slots=True)
class CentreRow:
    region_code: str
    region_name: str
    centre_code: str
    centre_name: str
    address: str
    latitude: float
    longitude: float
    timezone: str
    short_name: str | None = None


class CentreCsvError(ValueError):
    """All problems found in a centre CSV: ``errors`` holds (line number, message) pairs."""

    def __init__(self, errors: list[tuple[int, str]]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(f"line {line}: {message}" for line, message in self.errors))

    def __reduce__(self) -> tuple[type[CentreCsvError], tuple[list[tuple[int, str]]]]:
        return (type(self), (self.errors,))


def read_centres_csv(path: Path) -> list[CentreRow]:
    """Read and validate a centre CSV file.

    Raises CentreCsvError for invalid content (including a file that is not UTF-8);
    OSError (e.g. FileNotFoundError) propagates unchanged.
    """
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start : exc.start + 1].hex()
        raise CentreCsvError(
            [
                (
                    line,
                    f"the file is not valid UTF-8 (byte 0x{bad} at offset {exc.start}); "
                    "save it as UTF-8, e.g. in Excel choose 'CSV UTF-8 (Comma delimited)'",
                )
            ]
        ) from None
    return parse_centres_csv(text)


def parse_centres_csv(text: str) -> list[CentreRow]:
    """Parse and validate CSV text; raise CentreCsvError listing every problem found."""
    text = text.removeprefix("\ufeff")
    errors: list[tuple[int, str]] = []
    return validate_records(_records(text, errors), errors)


def validate_records(
    records: Iterable[tuple[int, list[str]]], errors: list[tuple[int, str]]
) -> list[CentreRow]:
    """Validate (line number, fields) records of any source (CSV, an .xlsx sheet): the same
    rules and messages; raise CentreCsvError listing every problem found."""
    rows: list[CentreRow] = []
    centre_lines: dict[str, tuple[int, str]] = {}  # folded code -> (line, code as written)
    region_names: dict[str, tuple[int, str]] = {}  # region code -> (line, name)

    header_seen = False
    columns = COLUMNS
    data_rows = 0
    for line, fields in records:
        if all(not field.strip() for field in fields):
            continue  # blank line (or an Excel row of empty cells)
        if not header_seen:
            header_problem = _check_header(fields)
            if header_problem is not None:
                errors.append((line, header_problem))
                raise CentreCsvError(errors)
            header_seen = True
            columns = tuple(field.strip() for field in fields)
            continue
        data_rows += 1
        row = _parse_row(line, fields, columns, errors, centre_lines, region_names)
        if row is not None:
            rows.append(row)

    if not header_seen:
        if not errors:
            errors.append((1, f"the file is empty; the first line must be the header {HEADER}"))
    elif data_rows == 0 and not errors:
        errors.append((1, "the file has a header but no centre rows"))
    if errors:
        raise CentreCsvError(sorted(errors, key=lambda error: error[0]))
    return rows


def _records(text: str, errors: list[tuple[int, str]]) -> list[tuple[int, list[str]]]:
    """Split into CSV records, each with the physical line number it starts on."""
    # newline="" keeps line breaks inside quoted fields intact, as the csv module requires.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    while True:
        start = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append((start, f"malformed CSV: {_csv_error_message(exc)}"))
            continue
        records.append((start, fields))
    return records


def _csv_error_message(exc: csv.Error) -> str:
    message = str(exc)
    if "unexpected end of data" in message:
        return "a quoted field is never closed (missing closing '\"')"
    if "expected after" in message:
        return f'{message} (a \'"\' inside a quoted field must be doubled: "")'
    return message


def _check_header(fields: list[str]) -> str | None:
    got = [field.strip() for field in fields]
    if tuple(got) in (COLUMNS, COLUMNS + OPTIONAL_COLUMNS):
        return None
    shown = ",".join(fields)
    expected = f"the header must be exactly {HEADER}"
    if len(fields) == 1 and fields[0].count(";") >= len(COLUMNS) - 1:
        return (
            f"{expected}, got {shown!r}: the file seems to use ';' as the separator; "
            "save it with ',' as the separator (in Excel: 'CSV UTF-8 (Comma delimited)')"
        )
    lowered = [field.lower() for field in got]
    if not set(lowered) & set(COLUMNS):
        return f"the header is missing: the first line must be {HEADER}, got {shown!r}"
    details = []
    missing = [column for column in COLUMNS if column not in lowered]
    unexpected = [field for field in got if field.lower() not in COLUMNS + OPTIONAL_COLUMNS]
    repeated = sorted({field for field in lowered if field in COLUMNS and lowered.count(field) > 1})
    if missing:
        details.append("missing columns: " + ", ".join(missing))
    if unexpected:
        details.append("unexpected columns: " + ", ".join(repr(field) for field in unexpected))
    if repeated:
        details.append("repeated columns: " + ", ".join(repeated))
    if not details:
        if got != lowered:
            details.append("column names must be lower case")
        else:
            details.append("the columns are in the wrong order")
    return f"{expected}, got {shown!r} ({'; '.join(details)})"


def _parse_row(
    line: int,
    fields: list[str],
    columns: tuple[str, ...],
    errors: list[tuple[int, str]],
    centre_lines: dict[str, tuple[int, str]],
    region_names: dict[str, tuple[int, str]],
) -> CentreRow | None:
    if len(fields) != len(columns):
        hint = ""
        if len(fields) > len(columns):
            hint = (
                " (an unquoted comma splits a field: quote addresses with commas and use "
                "a point as the decimal separator in coordinates)"
            )
        elif len(fields) == 1 and ";" in fields[0]:
            hint = " (the row seems to use ';' as the separator; use ',')"
        errors.append((line, f"expected {len(columns)} columns, got {len(fields)}{hint}"))
        return None

    values = dict(zip(columns, fields, strict=True))
    problems: list[str] = []

    region_code = _code(values["region_code"], "region_code", problems)
    centre_code = _code(values["centre_code"], "centre_code", problems)
    region_name = _text(values["region_name"], "region_name", problems)
    centre_name = _text(values["centre_name"], "centre_name", problems)
    address = _text(values["address"], "address", problems)
    latitude = _coordinate(values["latitude"], "latitude", 90.0, problems)
    longitude = _coordinate(values["longitude"], "longitude", 180.0, problems)
    timezone = _timezone(values["timezone"], problems)
    short_name = None
    if " ".join(values.get("short_name", "").split()):
        short_name = _text(values["short_name"], "short_name", problems)

    if centre_code is not None:
        folded = centre_code.casefold()
        if folded in centre_lines:
            first_line, first_code = centre_lines[folded]
            if first_code == centre_code:
                problems.append(f"centre_code {centre_code!r} is already used on line {first_line}")
            else:
                problems.append(
                    f"centre_code {centre_code!r} differs only in letter case from "
                    f"{first_code!r} on line {first_line}"
                )
        else:
            centre_lines[folded] = (line, centre_code)

    if region_code is not None and region_name is not None:
        if region_code in region_names:
            first_line, first_name = region_names[region_code]
            if first_name != region_name:
                problems.append(
                    f"region_code {region_code!r} is named {region_name!r} here but "
                    f"{first_name!r} on line {first_line}"
                )
        else:
            region_names[region_code] = (line, region_name)

    errors.extend((line, problem) for problem in problems)
    if (
        problems
        or region_code is None
        or centre_code is None
        or region_name is None
        or centre_name is None
        or address is None
        or latitude is None
        or longitude is None
        or timezone is None
    ):
        return None
    return CentreRow(
        region_code=region_code,
        region_name=region_name,
        centre_code=centre_code,
        centre_name=centre_name,
        address=address,
        latitude=latitude,
        longitude=longitude,
        timezone=timezone,
        short_name=short_name,
    )


def _code(raw: str, column: str, problems: list[str]) -> str | None:
    value = raw.strip()
    if not value:
        problems.append(f"{column} is empty")
        return None
    if not CODE_RE.fullmatch(value):
        problems.append(
            f"{column} {value!r} is invalid: use 1-{CODE_MAX_LENGTH} characters "
            "A-Z, a-z, 0-9, '_' or '-'"
        )
        return None
    return value


def _text(raw: str, column: str, problems: list[str]) -> str | None:
    # Collapse runs of whitespace, including line breaks inside quoted fields.
    value = " ".join(raw.split())
    if not value:
        problems.append(f"{column} is empty")
        return None
    limit = MAX_LENGTHS.get(column)
    if limit is not None and len(value) > limit:
        problems.append(f"{column} is too long ({len(value)} characters, at most {limit})")
        return None
    return value


def _coordinate(raw: str, column: str, limit: float, problems: list[str]) -> float | None:
    value = raw.strip()
    if not value:
        problems.append(f"{column} is empty")
        return None
    if not _NUMBER_RE.fullmatch(value):
        if _COMMA_NUMBER_RE.fullmatch(value):
            problems.append(
                f"{column} {value!r} uses a comma as the decimal separator; "
                f"use a point: {value.replace(',', '.')!r}"
            )
        else:
            problems.append(f"{column} {value!r} is not a number")
        return None
    number = float(value)
    if not -limit <= number <= limit:
        problems.append(f"{column} {value} is out of range [-{limit:g}, {limit:g}]")
        return None
    return number


def _timezone(raw: str, problems: list[str]) -> str | None:
    value = raw.strip()
    if not value:
        problems.append("timezone is empty (use an IANA time zone, e.g. Europe/Moscow)")
        return None
    if _is_timezone(value):
        return value
    hint = "e.g. Europe/Moscow, Asia/Yekaterinburg"
    same_but_case = [zone for zone in _known_timezones() if zone.casefold() == value.casefold()]
    if same_but_case:
        hint = f"did you mean {same_but_case[0]!r}?"
    problems.append(f"timezone {value!r} is not a valid IANA time zone ({hint})")
    return None


@functools.cache
def _known_timezones() -> frozenset[str]:
    # "localtime" is a system file and "Factory" a placeholder, not places.
    return frozenset(available_timezones()) - {"localtime", "Factory"}


def _is_timezone(value: str) -> bool:
    known = _known_timezones()
    if known:
        return value in known
    # No zone list available (unusual platform): fall back to trying to load it.
    if len(value) > MAX_LENGTHS["timezone"] or value in {"localtime", "Factory"}:
        return False
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True
