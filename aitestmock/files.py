"""Real, small media files made on the fly, so every URL the mock returns downloads something valid.

Built with the standard library only: a PNG whose IHDR has the requested size (solid colour rows
compress to almost nothing), MPEG-1 Layer III frames of digital silence, a FLAC stream of constant
(silent) subframes with correct CRCs and MD5, a WAV, and a ZIP of stems. An MP3 named `….<N>s.mp3` lasts N
seconds (a song choice's MP3 is as long as its task JSON says, about 4 KB a second, so a player can follow its
lyrics); every other file is a few seconds long whatever the task reports.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import wave
import zipfile
import zlib
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

AUDIO_SECONDS = 3
STEM_NAMES = ("vocals", "drums", "bass", "other")
MAX_IMAGE_SIDE = 4096
# Names the mock hands out for results that have expired: they answer 404 like a CDN's purged file.
GONE_PREFIX = "gone-"

CONTENT_TYPES = {
    "png": "image/png",
    "mp3": "audio/mpeg",
    "flac": "audio/flac",
    "wav": "audio/wav",
    "zip": "application/zip",
}

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,150}\.(png|mp3|flac|wav|zip)$")
_IMAGE = re.compile(r"^image-(\d{1,4})x(\d{1,4})(?:-([0-9a-f]{6}))?")
_LONG_MP3 = re.compile(r"\.(\d{1,3})s\.mp3$")
MAX_MP3_SECONDS = 600


# --- PNG -------------------------------------------------------------------------------------------


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A solid-colour 8-bit RGB PNG; rows after the first use the Up filter, so they are all zero bytes."""
    first = b"\x00" + bytes(rgb) * width
    others = (b"\x02" + bytes(3 * width)) * (height - 1)
    raw = zlib.compress(first + others, 9)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", raw) + _png_chunk(b"IEND", b"")


# --- MP3 -------------------------------------------------------------------------------------------

# MPEG-1 Layer III, no CRC, 32 kbit/s, 48 kHz, no padding, mono: 144 * 32000 / 48000 = 96 bytes a frame,
# 1152 samples (24 ms) each. An all-zero side info means part2_3_length = 0: the frame decodes to silence.
_MP3_HEADER = bytes((0xFF, 0xFB, 0x14, 0xC0))
_MP3_FRAME = _MP3_HEADER + bytes(96 - len(_MP3_HEADER))
MP3_FRAME_SECONDS = 1152 / 48000


def mp3(seconds: float = AUDIO_SECONDS) -> bytes:
    """Silent MPEG-1 Layer III audio: back-to-back valid frames."""
    return _MP3_FRAME * max(1, round(seconds / MP3_FRAME_SECONDS))


# --- FLAC ------------------------------------------------------------------------------------------

_FLAC_RATE = 48000
_FLAC_BLOCK = 4096


def _crc8(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = ((crc << 1) ^ 0x07) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc


def _crc16(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x8005) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return crc


def _flac_frame(number: int) -> bytes:
    """One fixed-blocksize frame: 4096 samples, 48 kHz, mono, 16 bit, one CONSTANT subframe of 0."""
    if number > 0x7F:
        raise ValueError("frame numbers above 127 need multi-byte UTF-8 coding")
    header = bytes((0xFF, 0xF8, 0b1100_1010, 0b0000_1000, number))
    header += bytes((_crc8(header),))
    body = header + b"\x00" + b"\x00\x00"  # subframe header (CONSTANT, no wasted bits), 16-bit value 0
    return body + struct.pack(">H", _crc16(body))


def flac(seconds: float = AUDIO_SECONDS) -> bytes:
    """Silent FLAC: `fLaC`, a STREAMINFO block (with the real MD5 of the samples) and constant frames."""
    frames = max(1, min(0x7F, round(seconds * _FLAC_RATE / _FLAC_BLOCK)))
    total = frames * _FLAC_BLOCK
    frame_size = len(_flac_frame(0))
    md5 = hashlib.md5(bytes(2 * total)).digest()  # MD5 of the decoded little-endian 16-bit samples
    # sample rate (20 bits) | channels-1 (3) | bits-1 (5) | total samples (36)
    packed = (_FLAC_RATE << 44) | (0 << 41) | (15 << 36) | total
    info = struct.pack(">HH", _FLAC_BLOCK, _FLAC_BLOCK)
    info += frame_size.to_bytes(3, "big") * 2 + packed.to_bytes(8, "big") + md5
    block = bytes((0x80,)) + len(info).to_bytes(3, "big") + info  # last metadata block, type 0 STREAMINFO
    return b"fLaC" + block + b"".join(_flac_frame(i) for i in range(frames))


# --- WAV and ZIP -----------------------------------------------------------------------------------


def wav(seconds: float = AUDIO_SECONDS, rate: int = 22050) -> bytes:
    """Silent 16-bit mono PCM WAV."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(2 * int(seconds * rate)))
    return buffer.getvalue()


def stems_zip() -> bytes:
    """A ZIP of stem files, as Mureka's stem endpoint delivers."""
    buffer = io.BytesIO()
    audio = mp3()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in STEM_NAMES:
            archive.writestr(f"{name}.mp3", audio)
    return buffer.getvalue()


# --- naming and serving ----------------------------------------------------------------------------


def image_name(width: int, height: int, seed: str) -> str:
    """The file name of a generated image; the colour comes from `seed` so different prompts look different."""
    colour = hashlib.sha256(seed.encode()).hexdigest()[:6]
    return f"image-{width}x{height}-{colour}.png"


def render(name: str) -> bytes | None:
    """The bytes for a file name, or None if the mock does not make such a file."""
    match = _NAME.match(name)
    if not match or name.startswith(GONE_PREFIX):
        return None
    kind = match.group(1)
    if kind == "png":
        image = _IMAGE.match(name)
        width, height, colour = (256, 256, None)
        if image:
            width, height, colour = int(image.group(1)), int(image.group(2)), image.group(3)
        if not (1 <= width <= MAX_IMAGE_SIDE and 1 <= height <= MAX_IMAGE_SIDE):
            return None
        colour = colour or hashlib.sha256(name.encode()).hexdigest()[:6]
        rgb = (int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16))
        return png(width, height, rgb)
    long_mp3 = _LONG_MP3.search(name)
    if long_mp3:
        seconds = int(long_mp3.group(1))
        return mp3(seconds) if 0 < seconds <= MAX_MP3_SECONDS else None
    makers: dict[str, Callable[[], bytes]] = {"mp3": mp3, "flac": flac, "wav": wav, "zip": stems_zip}
    return makers[kind]()


class FileStore:
    """Serves `/files/{name}`; caches what it rendered (per app instance, bounded)."""

    MAX_CACHED = 64

    def __init__(self) -> None:
        self._cache: dict[str, bytes] = {}

    def get(self, name: str) -> bytes | None:
        if name in self._cache:
            return self._cache[name]
        data = render(name)
        if data is not None:
            if len(self._cache) >= self.MAX_CACHED:
                self._cache.pop(next(iter(self._cache)))
            self._cache[name] = data
        return data

    async def serve(self, request: Request) -> Response:
        name = request.path_params["name"]
        data = self.get(name)
        if data is None:
            return JSONResponse({"error": f"no such file: {name}"}, status_code=404)
        media_type = CONTENT_TYPES[name.rsplit(".", 1)[1]]
        return Response(data, media_type=media_type, headers={"Cache-Control": "public, max-age=3600"})

    def routes(self) -> list[Route]:
        return [Route("/files/{name}", self.serve, methods=["GET"])]
