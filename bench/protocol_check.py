"""Checking a protocol file of 1 MB (the most lipcare reads): linear in its size, whatever is wrong with it.

    .venv/bin/python bench/protocol_check.py            # print the times
    .venv/bin/python bench/protocol_check.py --check    # also exit 1 if one is over budget

Three files just under MAX_FILE_BYTES are written: 116,000 unknown keys (the review's
case, which ran past 60 s when each problem scanned the file for its line); 933 [[info]] sections of 20 items
whose sources are unknown (4,006 problems, each found in a long file); and a valid protocol padded with 1 MB of
comments. For each, `lipcare protocol check FILE` and then `lipcare info --protocol FILE` twice (the second
run is served from the cache, which keeps an invalid protocol's verdict too) are timed, the median of --runs
(default 3) runs of the whole process. Budget: CHECK_BUDGET_S for a check, CACHED_BUDGET_S for a cached run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import lipcare_command

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from lipcare.protocol.types import MAX_FILE_BYTES, default_protocol_path

CHECK_BUDGET_S = 3.0
CACHED_BUDGET_S = 0.5


def unknown_keys(path: Path) -> None:
    lines = ["format = 1\n"]
    size, count = len(lines[0]), 0
    while size + len(f"k{count}=1\n") <= MAX_FILE_BYTES:
        lines.append(f"k{count}=1\n")
        size += len(lines[-1])
        count += 1
    path.write_text("".join(lines), encoding="utf-8")


def unknown_sources(path: Path) -> None:
    parts = ["format = 1\n"]
    size = len(parts[0])
    section = 0
    while True:
        items = "".join(f'[[info.items]]\ntext = "Item {i}."\nsource = "nowhere-{i}"\n' for i in range(20))
        block = f'[[info]]\nkey = "s{section}"\ntitle = "Section {section}"\n{items}'
        if size + len(block.encode()) > MAX_FILE_BYTES:
            break
        parts.append(block)
        size += len(block.encode())
        section += 1
    path.write_text("".join(parts), encoding="utf-8")


def padded_valid(path: Path) -> None:
    text = default_protocol_path().read_text(encoding="utf-8")
    padding = "# " + "x" * 97 + "\n"
    count = (MAX_FILE_BYTES - len(text.encode()) - 10) // len(padding)
    path.write_text(padding * count + text, encoding="utf-8")


def median_time(argv: list[str], env: dict[str, str], runs: int, *, fresh_cache: Path | None = None) -> float:
    samples = []
    for _ in range(runs):
        if fresh_cache is not None:
            for file in fresh_cache.glob("protocol*.cache"):
                file.unlink()
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--check", action="store_true", help="exit 1 when a figure is over budget")
    args = parser.parse_args()
    lipcare = lipcare_command()
    over = False
    print(f"{'file (under 1 MB)':<34} {'bytes':>9} {'check':>8} {'info, first':>12} {'info, cached':>13}")
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "home"
        env = {**os.environ, "LIPCARE_HOME": str(home), "LANG": "C.UTF-8"}
        for name, make in (
            ("116,000 unknown keys", unknown_keys),
            ("933 [[info]], 4,006 problems", unknown_sources),
            ("valid, 1 MB of comments", padded_valid),
        ):
            path = Path(folder) / f"{make.__name__}.toml"
            make(path)
            check = median_time([*lipcare, "protocol", "check", str(path)], env, args.runs)
            info = [*lipcare, "info", "what", "--protocol", str(path)]
            first = median_time(info, env, args.runs, fresh_cache=home / "cache")
            median_time(info, env, 1)  # writes the cache
            cached = median_time(info, env, args.runs)
            late = check > CHECK_BUDGET_S or first > CHECK_BUDGET_S or cached > CACHED_BUDGET_S
            over = over or late
            size = path.stat().st_size
            print(f"{name:<34} {size:>9,} {check:>7.2f}s {first:>11.2f}s {cached:>12.2f}s{'  OVER' if late else ''}")
    print(f"budget: a check (and a first run) at most {CHECK_BUDGET_S} s, a cached run at most {CACHED_BUDGET_S} s")
    return 1 if over and args.check else 0


if __name__ == "__main__":
    raise SystemExit(main())
