"""Two installs of lipcare timed in turn: which is faster at the same command, on this machine, now.

bench/startup.py compares each command with a floor, and its wall-clock ratios move with the machine (docs/
development.md). To see what a change did to the time itself, install both versions (a wheel each, in its own
virtual environment) and run them in turn, each on a data folder of its own holding the same treatment (the protocol
cache is keyed by where the protocol is installed), so that a busy machine slows both alike:

    python bench/compare.py NEW/bin/lipcare OLD/bin/lipcare                 # timeline --date D --json
    python bench/compare.py NEW/bin/lipcare OLD/bin/lipcare -- --help

Prints each median in milliseconds and the median's ratio new/old; below 1, the new one is faster.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from datetime import date, timedelta


def once(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("new", help="the lipcare command of the new install")
    parser.add_argument("old", help="the lipcare command of the old install")
    parser.add_argument("args", nargs="*", help="the command line to time (default: timeline --date D --json)")
    parser.add_argument("--runs", type=int, default=60)
    options = parser.parse_args()
    treated = (date.today() - timedelta(days=3)).isoformat()
    args = options.args or ["timeline", "--date", treated, "--json"]
    base = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as new_home, tempfile.TemporaryDirectory() as old_home:
        runs = {
            "new": ([options.new, *args], {**base, "LIPCARE_HOME": new_home, "COLUMNS": "80"}),
            "old": ([options.old, *args], {**base, "LIPCARE_HOME": old_home, "COLUMNS": "80"}),
        }
        for command, env in runs.values():  # the treatment remembered, the cache filled, bytecode written
            subprocess.run([command[0], "timeline", "--date", treated], env=env, capture_output=True, check=True)
            for _ in range(3):
                once(command, env)
        times: dict[str, list[float]] = {"new": [], "old": []}
        for run in range(options.runs):
            for name in ("new", "old") if run % 2 else ("old", "new"):
                times[name].append(once(*runs[name]))
    new, old = statistics.median(times["new"]), statistics.median(times["old"])
    print(f"{' '.join(args)}: new {new * 1000:.1f} ms, old {old * 1000:.1f} ms, new/old {new / old:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
