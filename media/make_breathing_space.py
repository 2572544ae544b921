"""Makes media/breathing_space.ogg: a short, license-free OGG/Opus example recording (three soft bell tones,
one for each stage of the three-minute breathing space), generated here so that no recording of anyone's is
shipped. Operators replace it with their own guided recording of the same name in CBT_MEDIA_DIR.

    apt-get install libopus0    # the Opus encoder, only needed to run this script
    python3 media/make_breathing_space.py
"""

from __future__ import annotations

import ctypes
import ctypes.util
import math
import struct
from pathlib import Path

RATE = 48_000
FRAME = 960  # 20 ms
SECONDS = 6.0
BELLS = (0.2, 2.2, 4.2)  # seconds: awareness, gathering, expanding
OUT = Path(__file__).resolve().parent / "breathing_space.ogg"


def samples() -> list[int]:
    """A soft bell: 432 Hz with a fifth above, struck and decaying over about two seconds."""
    out = []
    for n in range(int(RATE * SECONDS)):
        t = n / RATE
        value = 0.0
        for start in BELLS:
            age = t - start
            if age >= 0:
                envelope = min(1.0, age / 0.01) * math.exp(-age * 2.2)
                value += envelope * (math.sin(2 * math.pi * 432 * age) + 0.3 * math.sin(2 * math.pi * 648 * age))
        out.append(int(max(-1.0, min(1.0, 0.25 * value)) * 32767))
    return out


def _crc_table() -> list[int]:
    table = []
    for i in range(256):
        crc = i << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) if crc & 0x80000000 else crc << 1
        table.append(crc & 0xFFFFFFFF)
    return table


_CRC = _crc_table()


def ogg_crc(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc = ((crc << 8) ^ _CRC[((crc >> 24) ^ byte) & 0xFF]) & 0xFFFFFFFF
    return crc


def page(packet: bytes, sequence: int, granule: int, flags: int) -> bytes:
    lacing = [255] * (len(packet) // 255) + [len(packet) % 255]
    header = struct.pack("<4sBBqIIIB", b"OggS", 0, flags, granule, 0x5EED, sequence, 0, len(lacing))
    body = header + bytes(lacing) + packet
    return body[:22] + struct.pack("<I", ogg_crc(body)) + body[26:]


def encode(pcm: list[int]) -> list[bytes]:
    lib = ctypes.CDLL(ctypes.util.find_library("opus") or "libopus.so.0")
    lib.opus_encoder_create.restype = ctypes.c_void_p
    error = ctypes.c_int()
    encoder = lib.opus_encoder_create(RATE, 1, 2049, ctypes.byref(error))  # 2049: OPUS_APPLICATION_AUDIO
    if error.value != 0:
        raise RuntimeError(f"opus_encoder_create failed: {error.value}")
    packets = []
    buffer = ctypes.create_string_buffer(4000)
    for start in range(0, len(pcm), FRAME):
        frame = pcm[start:start + FRAME] + [0] * max(0, start + FRAME - len(pcm))
        size = lib.opus_encode(ctypes.c_void_p(encoder), (ctypes.c_int16 * FRAME)(*frame), FRAME, buffer, 4000)
        if size < 0:
            raise RuntimeError(f"opus_encode failed: {size}")
        packets.append(buffer.raw[:size])
    lib.opus_encoder_destroy(ctypes.c_void_p(encoder))
    return packets


def main() -> None:
    pre_skip = 312
    head = struct.pack("<8sBBHIhB", b"OpusHead", 1, 1, pre_skip, RATE, 0, 0)
    vendor = b"cbt-bot media/make_breathing_space.py"
    tags = b"OpusTags" + struct.pack("<I", len(vendor)) + vendor + struct.pack("<I", 1)
    comment = b"TITLE=Three-minute breathing space (example tones)"
    tags += struct.pack("<I", len(comment)) + comment
    pages = [page(head, 0, 0, 0x02), page(tags, 1, 0, 0)]
    packets = encode(samples())
    for number, packet in enumerate(packets, 1):
        last = number == len(packets)
        pages.append(page(packet, number + 1, pre_skip + number * FRAME, 0x04 if last else 0))
    OUT.write_bytes(b"".join(pages))
    print(f"{OUT}: {sum(map(len, pages))} bytes, {len(packets) * FRAME / RATE:.1f} s")


if __name__ == "__main__":
    main()
