"""Printable A4 poster with a QR code that opens the bot with a centre already chosen.

All wording is passed in by the caller (it lives in the locale files); this module only lays
it out. Cyrillic is rendered with the DejaVu Sans fonts that ship inside matplotlib. The CLI
writes the PNG; staff get the PNG and an A4 PDF from the bot (`poster_files`).
"""

from __future__ import annotations

import functools
import importlib.util
import io
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, cast

import qrcode
import qrcode.constants
from PIL import Image, ImageDraw, ImageFont

from services.centres.directory_csv import CODE_RE

PAGE_SIZE = (2480, 3508)  # A4 portrait at 300 dpi
DPI = 300
MARGIN = 160  # about 13.5 mm, wider than the edge office printers cannot print on
CONTENT_WIDTH = PAGE_SIZE[0] - 2 * MARGIN
QR_ERROR_CORRECTION: int = qrcode.constants.ERROR_CORRECT_Q  # survives scuffs and glare
QR_BORDER = 4  # quiet zone in modules, as the QR standard requires
QR_MAX_SIDE = 1900
PDF_JPEG_QUALITY = 90  # Pillow embeds an RGB page as JPEG; 90 keeps the QR edges crisp


def _matplotlib_fonts() -> Path:
    """matplotlib's bundled fonts, found without importing matplotlib (~60 MB in the bot)."""
    spec = importlib.util.find_spec("matplotlib")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf"


FONT_DIR = _matplotlib_fonts()
REGULAR_FONT = FONT_DIR / "DejaVuSans.ttf"
BOLD_FONT = FONT_DIR / "DejaVuSans-Bold.ttf"

WHITE = (255, 255, 255)
INK = (20, 20, 20)
ACCENT = (23, 55, 120)
MUTED = (70, 70, 70)

ELLIPSIS = "\u2026"
_USERNAME_RE = re.compile(r"[A-Za-z0-9_]{1,32}")
# Bidi marks and isolates (Fluent can insert them) have no glyph in DejaVu.
_INVISIBLE = dict.fromkeys([0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFEFF])

Color = tuple[int, int, int]
Font = ImageFont.FreeTypeFont


def deep_link(bot_username: str, centre_code: str, site: str = "https://t.me") -> str:
    """The link (t.me, or max.ru on MAX) that starts the bot with the centre preselected."""
    username = bot_username.strip().removeprefix("@")
    if not _USERNAME_RE.fullmatch(username):
        raise ValueError(f"invalid bot username: {bot_username!r}")
    if not CODE_RE.fullmatch(centre_code):
        raise ValueError(f"invalid centre code: {centre_code!r}")
    return f"{site}/{username}?start=c_{centre_code}"


def qr_matrix(link: str) -> list[list[bool]]:
    """The QR modules (True = dark) for ``link``, without the quiet zone."""
    qr = qrcode.QRCode(error_correction=QR_ERROR_CORRECTION, border=0, box_size=1)
    qr.add_data(link)
    qr.make(fit=True)
    return cast(list[list[bool]], qr.get_matrix())


def poster_texts(t: Callable[..., str], link: str) -> dict[str, str]:
    """The poster's wording (locale messages poster-*) for `render_poster`/`poster_files`."""
    return {
        "title": t("poster-title"),
        "subtitle": t("poster-subtitle"),
        "footer": t("poster-footer", link=link),
    }


def render_poster(
    centre_name: str,
    address: str,
    link: str,
    out: Path | BinaryIO,
    *,
    title: str,
    subtitle: str,
    footer: str,
) -> None:
    """Write an A4 portrait PNG (2480x3508 px, 300 dpi) poster for one centre to ``out``."""
    image = poster_image(centre_name, address, link, title=title, subtitle=subtitle, footer=footer)
    image.save(out, format="PNG", dpi=(DPI, DPI))


def poster_files(centre_name: str, address: str, link: str, **texts: str) -> tuple[bytes, bytes]:
    """The poster as PNG (300 dpi) and as a one-page A4 PDF: (png, pdf)."""
    image = poster_image(centre_name, address, link, **texts)
    png, pdf = io.BytesIO(), io.BytesIO()
    image.save(png, format="PNG", dpi=(DPI, DPI))
    options: dict[str, Any] = {"resolution": DPI, "quality": PDF_JPEG_QUALITY}
    image.save(pdf, format="PDF", **options)  # 2480x3508 px at 300 dpi: 210x297 mm
    return png.getvalue(), pdf.getvalue()


def poster_image(
    centre_name: str,
    address: str,
    link: str,
    *,
    title: str,
    subtitle: str,
    footer: str,
) -> Image.Image:
    """The A4 portrait page (2480x3508 px, RGB) for one centre."""
    image = Image.new("RGB", PAGE_SIZE, WHITE)
    draw = ImageDraw.Draw(image)
    width, height = PAGE_SIZE

    # Top: title, a rule, the centre's name and address.
    y = MARGIN
    title_block = _fit(title, BOLD_FONT, ACCENT, max_height=300, sizes=(120, 64))
    y = title_block.draw(draw, y) + 40
    draw.rectangle((MARGIN, y, width - MARGIN - 1, y + 7), fill=ACCENT)
    y += 8 + 50
    name_block = _fit(centre_name, BOLD_FONT, INK, max_height=420, sizes=(104, 44))
    y = name_block.draw(draw, y) + 24
    address_block = _fit(address, REGULAR_FONT, MUTED, max_height=230, sizes=(64, 34))
    top = address_block.draw(draw, y) + 60

    # Bottom: the link as text.
    footer_block = _fit(footer, REGULAR_FONT, MUTED, max_height=150, sizes=(52, 28))
    footer_top = height - MARGIN - footer_block.height
    footer_block.draw(draw, footer_top)

    # Middle: the QR code with the instruction under it, centred in the space left.
    subtitle_block = _fit(subtitle, REGULAR_FONT, INK, max_height=270, sizes=(72, 40))
    gap = 40 if subtitle_block.lines else 0
    bottom = footer_top - 60
    modules = qr_matrix(link)
    count = len(modules) + 2 * QR_BORDER
    side_limit = min(CONTENT_WIDTH, QR_MAX_SIDE, bottom - top - gap - subtitle_block.height)
    box = side_limit // count
    if box < 1:
        raise ValueError("the link is too long to fit a QR code on the poster")
    side = box * count
    qr_top = top + (bottom - top - side - gap - subtitle_block.height) // 2
    image.paste(_qr_image(modules, box), ((width - side) // 2, qr_top))
    subtitle_block.draw(draw, qr_top + side + gap)
    return image


def _qr_image(modules: list[list[bool]], box: int) -> Image.Image:
    """Black-on-white QR with its quiet zone, ``box`` pixels per module."""
    size = len(modules)
    count = size + 2 * QR_BORDER
    code = Image.new("L", (size, size))
    code.putdata([0 if dark else 255 for row in modules for dark in row])
    framed = Image.new("L", (count, count), 255)
    framed.paste(code, (QR_BORDER, QR_BORDER))
    return framed.resize((count * box, count * box), Image.Resampling.NEAREST).convert("RGB")


@dataclass(frozen=True, slots=True)
class _Block:
    """Wrapped, centred lines of one font, drawn top-down."""

    font: Font
    lines: list[str]
    line_height: int
    color: Color

    @property
    def height(self) -> int:
        return self.line_height * len(self.lines)

    def draw(self, draw: ImageDraw.ImageDraw, top: int) -> int:
        """Draw centred between the margins from ``top``; return the y below the block."""
        centre_x = PAGE_SIZE[0] // 2
        for index, line in enumerate(self.lines):
            draw.text(
                (centre_x, top + index * self.line_height),
                line,
                font=self.font,
                fill=self.color,
                anchor="ma",
            )
        return top + self.height


def _fit(
    text: str,
    font_path: Path,
    color: Color,
    *,
    max_height: int,
    sizes: tuple[int, int],
    max_width: int = CONTENT_WIDTH,
    line_spacing: float = 1.15,
) -> _Block:
    """The largest font size (down to sizes[1]) at which ``text`` fits the box.

    Text that does not fit even at the smallest size is cut at the last line that fits
    and ends with an ellipsis, so nothing ever leaves the box.
    """
    paragraphs = _clean(text)
    largest, smallest = sizes
    size = largest
    while True:
        font = _font(font_path, size)
        ascent, descent = font.getmetrics()
        line_height = max(1, round((ascent + descent) * line_spacing))
        max_lines = max(1, max_height // line_height)
        # Cheap lower bound first: skip sizes at which the text cannot possibly fit.
        needed = sum(math.ceil(font.getlength(paragraph) / max_width) for paragraph in paragraphs)
        if needed <= max_lines or size <= smallest:
            lines = _wrap_all(paragraphs, font, max_width, max_lines + 1)
            if len(lines) <= max_lines:
                return _Block(font, lines, line_height, color)
        if size <= smallest:
            break
        size = max(smallest, size - 4)
    lines = lines[:max_lines]
    last = lines[-1]
    while last and _width(font, last + ELLIPSIS) > max_width:
        last = last[:-1].rstrip()
    lines[-1] = last + ELLIPSIS
    return _Block(font, lines, line_height, color)


def _clean(text: str) -> list[str]:
    """Paragraphs with whitespace collapsed and invisible or control characters removed."""
    text = text.translate(_INVISIBLE)
    paragraphs = []
    for paragraph in text.splitlines():
        visible = "".join(" " if unicodedata.category(char) == "Cc" else char for char in paragraph)
        words = visible.split()
        if words:
            paragraphs.append(" ".join(words))
    return paragraphs


def _wrap_all(paragraphs: list[str], font: Font, max_width: int, max_lines: int) -> list[str]:
    """Wrap every paragraph, stopping once ``max_lines`` lines are reached."""
    lines: list[str] = []
    for paragraph in paragraphs:
        lines.extend(_wrap(paragraph, font, max_width, max_lines - len(lines)))
        if len(lines) >= max_lines:
            return lines[:max_lines]
    return lines


def _wrap(paragraph: str, font: Font, max_width: int, max_lines: int) -> list[str]:
    """Greedy word wrap; a word wider than the line is broken between characters."""
    lines: list[str] = []
    current = ""
    for word in paragraph.split(" "):
        if len(lines) >= max_lines:
            return lines
        candidate = f"{current} {word}" if current else word
        if _width(font, candidate) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        for char in word:
            if current and _width(font, current + char) > max_width:
                lines.append(current)
                if len(lines) >= max_lines:
                    return lines
                current = ""
            current += char
    if current:
        lines.append(current)
    return lines


def _width(font: Font, text: str) -> float:
    left, _, right, _ = font.getbbox(text)
    return max(font.getlength(text), right - min(left, 0))


@functools.lru_cache(maxsize=128)
def _font(path: Path, size: int) -> Font:
    return ImageFont.truetype(str(path), size)
