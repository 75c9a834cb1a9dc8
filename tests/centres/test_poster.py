from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
import qrcode
import qrcode.constants
from PIL import Image

from services.centres import poster
from services.centres.poster import MARGIN, PAGE_SIZE, deep_link, render_poster

TEXTS = {
    "title": "Оцените работу центра занятости",
    "subtitle": "Наведите камеру телефона на код — откроется бот, центр уже выбран",
}
LINK = "https://t.me/czn_star_bot?start=c_16-kazan-1"

Mask = npt.NDArray[np.bool_]


def render(tmp_path: Path, name: str, address: str, link: str = LINK, **texts: str) -> Path:
    path = tmp_path / "poster.png"
    render_poster(name, address, link, path, **{**TEXTS, "footer": link, **texts})
    return path


def dark_pixels(path: Path) -> Mask:
    with Image.open(path) as image:
        return np.asarray(image.convert("L")) < 128


def reference_matrix(link: str) -> Mask:
    """The QR for ``link`` made independently with the qrcode library, without border."""
    qr = qrcode.QRCode(error_correction=poster.QR_ERROR_CORRECTION, border=0, box_size=1)
    qr.add_data(link)
    qr.make(fit=True)
    return np.array(qr.get_matrix(), dtype=bool)


def runs(row: Mask) -> list[tuple[int, int]]:
    """(start, length) of every run of dark pixels in a row."""
    padded = np.concatenate(([False], row, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return [
        (int(start), int(end - start)) for start, end in zip(edges[::2], edges[1::2], strict=True)
    ]


def find_qr(dark: Mask, size: int) -> tuple[int, int, int]:
    """Locate the QR: (left, top, module size in px) of its top finder patterns.

    The first row holding two equally long runs of 7 modules whose distance matches the
    top-left and top-right finder patterns of a ``size``-module code is the QR's top edge.
    """
    for y in range(dark.shape[0]):
        row_runs = runs(dark[y])
        for start, length in row_runs:
            if length < 7 * 8 or length % 7:
                continue
            box = length // 7
            if (start + (size - 7) * box, length) in row_runs:
                return start, y, box
    raise AssertionError("no QR code found on the poster")


def read_qr(path: Path, link: str) -> Mask:
    """Sample the drawn QR at each module centre; also check its quiet zone is blank."""
    dark = dark_pixels(path)
    expected = reference_matrix(link)
    size = expected.shape[0]
    left, top, box = find_qr(dark, size)
    centres = (np.arange(size) * box + box // 2).astype(int)
    sampled: Mask = dark[np.ix_(top + centres, left + centres)]
    # every pixel of each module has the module's colour (crisp edges, no scaling blur)
    drawn = dark[top : top + size * box, left : left + size * box]
    assert np.array_equal(drawn, np.kron(sampled, np.ones((box, box), dtype=bool)))
    quiet = poster.QR_BORDER * box
    frame = dark[top - quiet : top + size * box + quiet, left - quiet : left + size * box + quiet]
    frame = frame.copy()
    frame[quiet:-quiet, quiet:-quiet] = False
    assert not frame.any(), "the quiet zone around the QR code is not blank"
    return sampled


def assert_margins_blank(path: Path) -> None:
    with Image.open(path) as image:
        pixels = np.asarray(image.convert("L"))
    inner = np.zeros_like(pixels, dtype=bool)
    inner[MARGIN:-MARGIN, MARGIN:-MARGIN] = True
    assert (pixels[~inner] == 255).all(), "something is drawn in the page margins"


def test_deep_link() -> None:
    assert deep_link("czn_star_bot", "77-cao") == "https://t.me/czn_star_bot?start=c_77-cao"
    assert deep_link("@czn_star_bot", "16_kazan") == "https://t.me/czn_star_bot?start=c_16_kazan"
    for code in ("", "77 cao", "ц", "x" * 33, "a/b", "a&start=b"):
        with pytest.raises(ValueError):
            deep_link("czn_star_bot", code)
    with pytest.raises(ValueError):
        deep_link("bad name", "77-cao")


def test_renders_an_a4_png(tmp_path: Path) -> None:
    path = render(tmp_path, "ЦЗН г. Казани", "г. Казань, ул. Пушкина, д. 66")
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == PAGE_SIZE == (2480, 3508)
        assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)
    assert_margins_blank(path)


def test_qr_code_encodes_the_link(tmp_path: Path) -> None:
    assert poster.QR_ERROR_CORRECTION in (
        qrcode.constants.ERROR_CORRECT_M,
        qrcode.constants.ERROR_CORRECT_Q,
    )
    path = render(tmp_path, "ЦЗН г. Казани", "г. Казань, ул. Пушкина, д. 66")
    expected = reference_matrix(LINK)
    assert np.array_equal(read_qr(path, LINK), expected)
    # a different link gives a different code, so the comparison above means something
    other = "https://t.me/czn_star_bot?start=c_16-kazan-2"
    assert not np.array_equal(reference_matrix(other), expected)
    # large enough to scan from a distance: at least 1 mm per module at 300 dpi
    _, _, box = find_qr(dark_pixels(path), expected.shape[0])
    assert box >= 12


def test_writes_to_a_binary_stream() -> None:
    buffer = io.BytesIO()
    render_poster("ЦЗН г. Казани", "г. Казань", LINK, buffer, footer=LINK, **TEXTS)
    buffer.seek(0)
    with Image.open(buffer) as image:
        assert image.size == PAGE_SIZE


def test_long_texts_stay_within_margins(tmp_path: Path) -> None:
    name = "Государственное казённое учреждение «Кадровый центр „Работа России“» " * 30
    address = "Российская Федерация, Московская область, г. Сергиев Посад, " * 20
    long_link = "https://t.me/czn_star_bot?start=c_" + "x" * 32
    path = render(
        tmp_path,
        name,
        address,
        long_link,
        title=TEXTS["title"] * 5,
        subtitle=TEXTS["subtitle"] * 8,
        footer=long_link * 4,
    )
    assert_margins_blank(path)
    assert np.array_equal(read_qr(path, long_link), reference_matrix(long_link))


def test_unbreakable_name_and_empty_texts(tmp_path: Path) -> None:
    path = render(tmp_path, "Ж" * 400, "", title="", subtitle="", footer="")
    assert_margins_blank(path)
    assert np.array_equal(read_qr(path, LINK), reference_matrix(LINK))


def test_text_is_actually_drawn(tmp_path: Path) -> None:
    size = reference_matrix(LINK).shape[0]
    counts = []
    for texts in ({"title": "", "subtitle": "", "footer": ""}, {}):
        name, address = ("", "") if texts else ("ЦЗН г. Казани", "г. Казань, ул. Пушкина, д. 66")
        dark = dark_pixels(render(tmp_path, name, address, **texts))
        _, top, box = find_qr(dark, size)
        bottom = top + (size + poster.QR_BORDER) * box
        counts.append((int(dark[: top - box].sum()), int(dark[bottom:].sum())))
    (empty_above, empty_below), (full_above, full_below) = counts
    assert empty_below == 0
    assert full_above > empty_above + 20_000  # title, name and address above the code
    assert full_below > 20_000  # instruction and link below it


def test_cyrillic_glyphs_exist() -> None:
    font = poster._font(poster.BOLD_FONT, 64)
    missing = np.asarray(font.getmask("\U000e0000"))
    for char in "ЖЩЁжщё«»—":
        assert not np.array_equal(np.asarray(font.getmask(char)), missing), char


def test_invisible_marks_are_dropped() -> None:
    assert poster._clean("\u2068ЦЗН\u2069  г.\tКазани\n\n\u200fадрес ") == [
        "ЦЗН г. Казани",
        "адрес",
    ]


def test_no_user_facing_text_in_code() -> None:
    source = Path(poster.__file__).read_text(encoding="utf-8")
    assert not re.search("[А-Яа-яЁё]", source), "user-facing text belongs in the locale files"
