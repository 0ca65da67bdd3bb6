"""Start-up benchmark: whole `lipcare` processes against a bare `python -c pass`.

Also checks that a check-in costs the same with 100,000 check-ins in the
journal as with none, and times `history` over a year of daily check-ins.

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
from datetime import date, timedelta
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


def fill_journal(home: Path, days: int, per_day: int) -> None:
    """A journal under `home` with `days` x `per_day` check-ins, made with lipcare's own code."""
    from lipcare.assess import Answers, assess
    from lipcare.journal import Journal, NewCheckin
    from lipcare.paths import JOURNAL_NAME
    from lipcare.protocol import load_protocol

    protocol = load_protocol()
    today = date.today()
    journal = Journal.open(home / JOURNAL_NAME)
    assert journal is not None
    with journal:
        treatment = journal.remember_treatment(today - timedelta(days=max(days - 1, 0)), None)
        with journal.transaction() as db:
            for index in range(days * per_day):
                day = index // per_day
                answers = Answers(redness=day % 4, swelling=1, pain=2, note="bench")
                advice = assess(protocol, day, answers, None)
                entry = NewCheckin(
                    treatment.treatment_date + timedelta(days=day), day, answers.redness, 1, 2, False, (), "bench",
                    advice.level, advice.action, tuple(r.text for r in advice.reasons), protocol.label,
                )  # fmt: skip
                journal.add_checkin(db, treatment, entry)


def journal_cases(lipcare: list[str], runs: int, warmup: int, env: dict[str, str]) -> list[str]:
    """Check-in cost with an empty and a 100,000-entry journal; history over 365 days."""
    report = []
    with tempfile.TemporaryDirectory() as empty, tempfile.TemporaryDirectory() as big, \
            tempfile.TemporaryDirectory() as year:  # fmt: skip
        fill_journal(Path(empty), 1, 0)
        fill_journal(Path(big), 1000, 100)
        fill_journal(Path(year), 365, 1)
        checkin = [*lipcare, "checkin", "--redness", "1", "--json"]
        medians = {}
        for name, home in (("checkin, empty journal", empty), ("checkin, 100,000 check-ins", big)):
            medians[name] = measure({name: checkin}, runs, warmup, {**env, "LIPCARE_HOME": home})
        history = measure({"history (365 check-ins)": [*lipcare, "history"]}, runs, warmup,
                          {**env, "LIPCARE_HOME": year})  # fmt: skip
    for name, result in [*medians.items(), ("history (365 check-ins)", history)]:
        bare = result["python -c pass"]
        report.append(f"{name:<32} {result[name] * 1000:7.1f} {result[name] / bare:6.2f}")
    small = medians["checkin, empty journal"]["checkin, empty journal"]
    large = medians["checkin, 100,000 check-ins"]["checkin, 100,000 check-ins"]
    verdict = "ok" if large <= small * 1.10 else "OVER"
    report.append(f"checkin with 100,000 entries / with none: {large / small:.3f} (budget 1.10) {verdict}")
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--check", action="store_true", help="exit 1 when a ratio is over budget")
    parser.add_argument("--skip-journal", action="store_true", help="leave out the journal-size cases")
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
        # The floor every command stands on, for comparison: not lipcare's code, so not budgeted.
        floors = measure(
            {"python -c 'import typer'": [sys.executable, "-c", "import typer"],
             "python -c 'import typer, rich.console'": [sys.executable, "-c", "import typer, rich.console"]},
            args.runs, args.warmup, env,
        )  # fmt: skip

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
    if not args.skip_journal:
        print("journal size (each row against its own python -c pass):")
        report = journal_cases(lipcare, args.runs, args.warmup, env)
        print("\n".join(report))
        if report[-1].endswith("OVER"):
            over.append("checkin with 100,000 entries")
    print("for comparison, the libraries alone (each against its own python -c pass):")
    floor_bare = floors.pop("python -c pass")
    for name, median in floors.items():
        print(f"{name:<40} {median * 1000:7.1f} {median / floor_bare:6.2f}")
    return 1 if args.check and over else 0


if __name__ == "__main__":
    raise SystemExit(main())
