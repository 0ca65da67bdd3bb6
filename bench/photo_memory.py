"""Peak memory of `lipcare photo add` for the largest pictures it takes, and for those it refuses.

    .venv/bin/python bench/photo_memory.py            # print the figures
    .venv/bin/python bench/photo_memory.py --check    # also exit 1 if one is over budget

PNGs are written directly (a zlib stream of blank rows, so a 9459 x 9459 16-bit picture is a few hundred KB, as in
the review): the review's case just under Pillow's limit (89 MP, 16-bit RGBA, which used 1.5 GB), the largest that
lipcare.photos.MAX_WIDE_PIXELS and MAX_PIXELS accept, and one just over each. Each `photo add` runs in its own
process (after one check-in, so there is a journal to add to); the peak resident memory is that process's
(os.wait4). Budget: MEMORY_BUDGET_MB for any picture, taken or refused.
"""

from __future__ import annotations

import argparse
import os
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import lipcare_command

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from lipcare.photos import MAX_PIXELS, MAX_WIDE_PIXELS

MEMORY_BUDGET_MB = 800


def blank_png(path: Path, side: int, *, depth: int, colour: int) -> None:
    """A side x side PNG of one colour, written without holding its pixels: colour 6 is RGBA, 2 RGB, 0 grey."""
    channels = {0: 1, 2: 3, 6: 4}[colour]
    row = b"\x00" + b"\x00" * (side * channels * depth // 8)
    compressor = zlib.compressobj(9)
    parts = [compressor.compress(row) for _ in range(side)]
    parts.append(compressor.flush())
    data = b"".join(parts)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", side, side, depth, colour, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b""))


def peak(argv: list[str], env: dict[str, str]) -> tuple[int, int]:
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    return os.waitstatus_to_exitcode(status), usage.ru_maxrss // 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 when a figure is over budget")
    args = parser.parse_args()
    lipcare = lipcare_command()
    wide = int(MAX_WIDE_PIXELS**0.5)
    narrow = int(MAX_PIXELS**0.5)
    cases = [
        ("16-bit RGBA, 89 MP (review)", 9459, 16, 6),
        ("16-bit grey, 89 MP (review)", 9459, 16, 0),
        (f"16-bit RGBA, {wide * wide / 1e6:.1f} MP", wide, 16, 6),
        (f"16-bit RGBA, {(wide + 1) ** 2 / 1e6:.1f} MP", wide + 1, 16, 6),
        (f"8-bit RGB, {narrow * narrow / 1e6:.1f} MP", narrow, 8, 2),
        (f"8-bit RGB, {(narrow + 1) ** 2 / 1e6:.1f} MP", narrow + 1, 8, 2),
    ]
    over = False
    print(f"{'picture':<30} {'file':>10} {'result':>8} {'peak memory':>12}")
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "LIPCARE_HOME": str(Path(folder) / "home")}
        subprocess.run(
            [*lipcare, "checkin", "--date", "yesterday", "--redness", "1", "--swelling", "1", "--pain", "1",
             "--no-crusting"],
            env=env, check=True, capture_output=True,
        )  # fmt: skip
        for name, side, depth, colour in cases:
            picture = Path(folder) / f"p{side}-{depth}-{colour}.png"
            blank_png(picture, side, depth=depth, colour=colour)
            code, megabytes = peak([*lipcare, "photo", "add", str(picture)], env)
            late = megabytes > MEMORY_BUDGET_MB
            over = over or late
            result = "kept" if code == 0 else "refused"
            print(f"{name:<30} {picture.stat().st_size:>10,} {result:>8} {megabytes:>9} MB{'  OVER' if late else ''}")
            picture.unlink()
    print(f"budget: at most {MEMORY_BUDGET_MB} MB for any picture")
    return 1 if over and args.check else 0


if __name__ == "__main__":
    raise SystemExit(main())
