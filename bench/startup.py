"""Start-up benchmark: whole `lipcare` processes against a bare `python -c pass`.

Run with the Python of the environment lipcare is installed in:

    .venv/bin/python bench/startup.py            # print the ratios
    .venv/bin/python bench/startup.py --check    # also exit 1 if one is over budget

Each command runs --runs times (default 20) after --warmup runs; the median
wall time is divided by the median of `python -c pass` measured in the same
run, alternating the two so that a busy machine affects both alike. Output
goes to a pipe, as when a patient pipes the plan into a file; the same Rich
rendering runs as in a terminal, only without colour codes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

BUDGET = 6.0
"""Each command may take at most this many times bare Python start-up."""


def lipcare_command() -> list[str]:
    script = Path(sys.executable).with_name("lipcare")
    return [str(script)] if script.exists() else [sys.executable, "-m", "lipcare"]


def wall_time(argv: Sequence[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    return time.perf_counter() - start


def measure(cases: dict[str, list[str]], runs: int, warmup: int, env: dict[str, str]) -> dict[str, float]:
    bare = [sys.executable, "-c", "pass"]
    for argv in [bare, *cases.values()]:
        for _ in range(warmup):
            wall_time(argv, env)
    samples: dict[str, list[float]] = {name: [] for name in ["python -c pass", *cases]}
    for _ in range(runs):
        samples["python -c pass"].append(wall_time(bare, env))
        for name, argv in cases.items():
            samples[name].append(wall_time(argv, env))
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--check", action="store_true", help="exit 1 when a ratio is over budget")
    args = parser.parse_args()
    if args.runs < 10:
        parser.error("use at least 10 runs")

    lipcare = lipcare_command()
    with tempfile.TemporaryDirectory() as home:
        env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        env.update(LIPCARE_HOME=home, COLUMNS="80")
        cases = {
            "lipcare --help": [*lipcare, "--help"],
            "lipcare info": [*lipcare, "info"],
            "lipcare timeline --date ...": [*lipcare, "timeline", "--date", "2026-11-01", "--on", "2026-11-10"],
            "lipcare timeline --json": [*lipcare, "timeline", "--date", "2026-11-01", "--json"],
        }
        medians = measure(cases, args.runs, args.warmup, env)

    bare = medians.pop("python -c pass")
    print(f"python {sys.version.split()[0]}, {args.runs} runs after {args.warmup} warm-up, median wall time")
    print(f"{'command':<32} {'ms':>7} {'ratio':>6}  budget {BUDGET:g}x")
    print(f"{'python -c pass':<32} {bare * 1000:7.1f} {1:6.2f}")
    over = []
    for name, median in medians.items():
        ratio = median / bare
        verdict = "ok" if ratio <= BUDGET else "OVER"
        if ratio > BUDGET:
            over.append(name)
        print(f"{name:<32} {median * 1000:7.1f} {ratio:6.2f}  {verdict}")
    return 1 if args.check and over else 0


if __name__ == "__main__":
    raise SystemExit(main())
