"""History at any size: `lipcare history` with 100,000 check-ins against 100.

    .venv/bin/python bench/history.py            # print the times and ratios
    .venv/bin/python bench/history.py --check    # also exit 1 if one is over budget

Two journals are made with lipcare's own code: 100 check-ins (one a day) and
100,000 (100 a day for 1,000 days). Then two skewed journals of 100,000 where only redness was ever
answered: one scale never answered (100 a day for 1,000 days) and every check-in on two days (50,000 a
day); on each, `checkin --redness 1` may cost at most 1.1 times a fresh journal's (median of paired
runs) and `history` at most 3 times the 100-check-in journal's. Each command runs --runs times (default 5)
after one warm-up; the median wall time of the whole process is reported.
`history` shows the chart and the latest check-ins, so it may cost at most
3 times as much at 100,000 as at 100; `history --json` writes every check-in
and must take under 10 s at 100,000. `report` and `data export` are shown
for information. Output goes to a pipe at 80 and at 120 columns.
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
from startup import fill_journal, lipcare_command

HISTORY_BUDGET = 3.0
JSON_BUDGET_S = 10.0
CHECKIN_BUDGET = 1.1
SKEWED = {
    "one scale never answered": (1000, 100),
    "every check-in on two days": (2, 50_000),
}
"""Journals of 100,000 check-ins where only redness was ever answered: (days, check-ins a day)."""


def median_time(argv: list[str], env: dict[str, str], runs: int) -> float:
    samples = []
    for attempt in range(runs + 1):
        start = time.perf_counter()
        done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        took = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.decode(errors='replace')}")
        if attempt:  # the first run warms the disk cache
            samples.append(took)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--check", action="store_true", help="exit 1 when a figure is over budget")
    args = parser.parse_args()
    lipcare = lipcare_command()
    cases = {
        "history (80 columns)": (["history"], "80"),
        "history (120 columns)": (["history"], "120"),
        "history --json": (["history", "--json"], "80"),
        "report -o -": (["report", "-o", "-"], "80"),
        "data export --format csv": (["data", "export", "--format", "csv"], "80"),
    }
    results: dict[str, dict[int, float]] = {name: {} for name in cases}
    with tempfile.TemporaryDirectory() as small, tempfile.TemporaryDirectory() as large:
        sizes = {100: Path(small) / "home", 100_000: Path(large) / "home"}
        fill_journal(sizes[100], 100, 1)
        fill_journal(sizes[100_000], 1000, 100)
        base = {key: value for key, value in os.environ.items() if not key.startswith("LIPCARE_")}
        for name, (command, columns) in cases.items():
            for size, home in sizes.items():
                env = {**base, "LIPCARE_HOME": str(home), "COLUMNS": columns}
                results[name][size] = median_time([*lipcare, *command], env, args.runs)
        skewed = skewed_cases(lipcare, base, args.runs, sizes[100])
    print(f"python {sys.version.split()[0]}, median of {args.runs} runs after 1 warm-up, whole process")
    print(f"{'command':<28} {'100':>9} {'100,000':>9} {'ratio':>7}  budget")
    over = []
    for name, timing in results.items():
        ratio = timing[100_000] / timing[100]
        if name.startswith("history ("):
            verdict = f"{HISTORY_BUDGET:g}x " + ("ok" if ratio <= HISTORY_BUDGET else "OVER")
            over += [name] if ratio > HISTORY_BUDGET else []
        elif name == "history --json":
            verdict = f"<{JSON_BUDGET_S:g} s " + ("ok" if timing[100_000] < JSON_BUDGET_S else "OVER")
            over += [name] if timing[100_000] >= JSON_BUDGET_S else []
        else:
            verdict = "(for information)"
        print(f"{name:<28} {timing[100]:8.2f}s {timing[100_000]:8.2f}s {ratio:7.2f}  {verdict}")
    print()
    print("skewed journals of 100,000 check-ins (only redness ever answered), against a fresh journal and 100:")
    print(f"{'case':<28} {'command':<10} {'small':>9} {'100,000':>9} {'ratio':>7}  budget")
    for (case, which), (fresh, skewed_time) in skewed.items():
        budget = CHECKIN_BUDGET if which == "checkin" else HISTORY_BUDGET
        skew = skewed_time / fresh
        verdict = f"{budget:g}x " + ("ok" if skew <= budget else "OVER")
        over += [f"{case}: {which}"] if skew > budget else []
        print(f"{case:<28} {which:<10} {fresh:8.2f}s {skewed_time:8.2f}s {skew:7.2f}  {verdict}")
    return 1 if args.check and over else 0


def skewed_cases(
    lipcare: list[str], base: dict[str, str], runs: int, hundred: Path
) -> dict[tuple[str, str], tuple[float, float]]:
    """For each skewed journal: `checkin` (redness only, so the others' previous scores are looked for) against
    a fresh journal, and `history` against 100 check-ins. Check-ins are timed in pairs (fresh, then skewed) and
    the median of the per-pair ratios is what the budget judges, as bench/startup.py does."""
    checkin = [*lipcare, "checkin", "--redness", "1", "--json"]
    found: dict[tuple[str, str], tuple[float, float]] = {}
    for case, (days, per_day) in SKEWED.items():
        with tempfile.TemporaryDirectory() as fresh, tempfile.TemporaryDirectory() as skewed:
            fill_journal(Path(fresh) / "home", 1, 0)
            fill_journal(Path(skewed) / "home", days, per_day, answered=("redness",))
            small_env = {**base, "LIPCARE_HOME": str(Path(fresh) / "home"), "COLUMNS": "80"}
            large_env = {**base, "LIPCARE_HOME": str(Path(skewed) / "home"), "COLUMNS": "80"}
            pairs = [(median_time(checkin, small_env, 1), median_time(checkin, large_env, 1)) for _ in range(runs)]
            ratio = statistics.median(large / small for small, large in pairs)
            small = statistics.median(small for small, _ in pairs)
            found[(case, "checkin")] = (small, small * ratio)
            history_small = median_time([*lipcare, "history"], {**small_env, "LIPCARE_HOME": str(hundred)}, runs)
            found[(case, "history")] = (history_small, median_time([*lipcare, "history"], large_env, runs))
    return found


if __name__ == "__main__":
    raise SystemExit(main())
