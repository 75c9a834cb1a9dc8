"""What kind of picture a file's bytes are, by content: HEIC/HEIF, JPEG, PNG, WebP, TIFF.

The content decides, never the file name or MIME type a client claims. HEIF (what iPhones
save) is read with pillow-heif (libheif): the container only, never decoding the picture, so
neither the time nor Pillow's decompression-bomb limit depends on the picture's size.
"""

from __future__ import annotations

import io

from PIL import Image

# Formats other than JPEG and HEIF (both read without a decoder) whose EXIF Pillow reads.
# Restricting the list keeps Pillow's more exotic parsers away from untrusted bytes.
PILLOW_EXIF_FORMATS = ("PNG", "WEBP", "TIFF")


def is_heif(data: bytes) -> bool:
    """An ISO media file with a HEIF brand (HEIC from iPhones, HEIF), whatever its name."""
    if data[4:8] != b"ftyp":
        return False
    import pillow_heif  # here, not at the top: ~50 ms of import the centre directory does not need

    return bool(pillow_heif.is_supported(io.BytesIO(data[:16])))


def heif_exif(data: bytes) -> bytes | None:
    """The Exif item of a HEIF file's primary image; raises if libheif cannot read the file."""
    import pillow_heif

    payload = pillow_heif.open_heif(io.BytesIO(data)).info.get("exif")
    return payload if isinstance(payload, bytes) and payload else None


def is_readable_image(data: bytes) -> bool:
    """Whether the bytes open as a picture of a supported format (its header, not its pixels).

    False for a broken HEIC (libheif cannot read its container) or bytes of no image format;
    such a file is kept as sent, but nothing can be read from it.
    """
    try:
        if data[:2] == b"\xff\xd8":
            return True  # a JPEG: its markers are walked lazily by the EXIF reader
        if is_heif(data):
            heif_exif(data)
            return True
        with Image.open(io.BytesIO(data), formats=PILLOW_EXIF_FORMATS):
            return True
    except Image.DecompressionBombError:
        return True  # the header was read: a huge picture, not a broken one
    except Exception:  # Pillow and libheif raise many kinds on hostile input
        return False
