"""Start-up benchmark: each `lipcare` command against the import floor of the libraries it must load.

Typer and Rich are part of the product, so their own import time is not
lipcare's to cut. Each command is timed against a bare `python -c` that only
imports what that command cannot do without, in the same run:

- `lipcare --help` and `timeline --json` against `python -c "import typer"`;
- the commands that print with Rich against `python -c "import typer, rich.console"`;
- `lipcare remind due`, which a timer runs every 5 minutes, against bare `python -c pass`: it loads no Typer.

Each floor ends with `gc.freeze()`, as lipcare does when it exits (see FREEZE), and the typer+rich floor
loads Rich under the garbage collector's thresholds lipcare sets once Typer is loaded (GC_THRESHOLDS).
`--instructions` counts instructions under valgrind instead of timing: the same under any load.

The ratio to bare `python -c pass` is printed beside it, with each command's
peak memory. Also checks that a check-in costs the same with 100,000
check-ins in the journal as with none.

Run with the Python of the environment lipcare is installed in:

    .venv/bin/python bench/startup.py            # print the table
    .venv/bin/python bench/startup.py --check    # also exit 1 when a ratio is more than 25% over its budget

Each case runs --runs times (default 21) after --warmup runs, interleaved with
its floor and with bare Python so that a busy machine slows all of them alike;
the ratio is the median of the per-pair ratios. Output goes to a pipe: the
same Rich rendering runs as in a terminal, only without colour codes.
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
from typing import NamedTuple

JOURNAL_BUDGET = 1.10
"""A check-in with 100,000 check-ins in the journal costs at most this much more than one with none."""

GUARD = 1.25
"""With --check, a ratio more than this factor over its budget fails: a guard against regressions on a noisy
machine, not the budget itself (the table says whether each budget is met)."""

FREEZE = "; import gc; gc.freeze()"
"""lipcare freezes the garbage collector as it exits (lipcare.cli.main), which spares it the last collection
over every object, Typer's and Rich's included. The floors do the same, so that a ratio compares lipcare's own
work and not a saving on the libraries' objects."""
GC_THRESHOLDS = "; gc.set_threshold(100_000, 50, 100)"
"""What lipcare sets once Typer is loaded (lipcare.start.GC_THRESHOLDS): the floor loads Rich after it too."""
TYPER = "import typer" + FREEZE
TYPER_RICH = "import typer" + FREEZE + GC_THRESHOLDS + "; import rich.console" + FREEZE
BARE = "pass"
REMIND_DUE_BUDGET = 1.6
"""`python -m lipcare remind due` with nothing due, against `python -c pass`: runpy (what -m costs), lipcare's package,
lipcare.start, the fast path and its store (os and marshal: no pathlib, json, typing or Typer), one small file read
and a few stats. It measured 1.62x on a machine busy with other work, where `python -c "import typer"` was 6.2x."""


class Case(NamedTuple):
    name: str
    argv: list[str]
    floor: str
    budget: float
    env: dict[str, str]


class Timing(NamedTuple):
    seconds: float
    max_rss_kb: int


def lipcare_command() -> list[str]:
    script = Path(sys.executable).with_name("lipcare")
    return [str(script)] if script.exists() else [sys.executable, "-m", "lipcare"]


def run_once(argv: Sequence[str], env: dict[str, str]) -> Timing:
    """Wall time and peak resident memory of one process (os.wait4 gives that child's own rusage)."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited with {process.returncode}")
    return Timing(elapsed, usage.ru_maxrss)


def wall_time(argv: Sequence[str], env: dict[str, str]) -> float:
    return run_once(argv, env).seconds


def measure(
    cases: dict[str, tuple[list[str], dict[str, str]]], runs: int, warmup: int, env: dict[str, str]
) -> dict[str, list[float]]:
    """Wall times of each (command, environment) and of `python -c pass` (run with `env`), interleaved."""
    bare = [sys.executable, "-c", "pass"]
    for argv, case_env in [(bare, env), *cases.values()]:
        for _ in range(warmup):
            wall_time(argv, case_env)
    samples: dict[str, list[float]] = {name: [] for name in ["python -c pass", *cases]}
    for _ in range(runs):
        samples["python -c pass"].append(wall_time(bare, env))
        for name, (argv, case_env) in cases.items():
            samples[name].append(wall_time(argv, case_env))
    return samples


def instructions(argv: Sequence[str], env: dict[str, str]) -> float:
    """Millions of instructions one run executes, under `valgrind --tool=callgrind`: the same on a busy machine
    as on an idle one, so a change's cost shows without noise (valgrind makes the run some 50 times slower)."""
    run = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
        env={**env, "PYTHONHASHSEED": "0"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=True,
    )
    refs = [line for line in run.stderr.splitlines() if "Collected :" in line or "refs:" in line]
    return int(refs[-1].split(":")[-1].replace(",", "")) / 1e6


def instruction_table(cases: list[Case]) -> list[str]:
    """Each case's instructions against its floor's: the ratio the wall-clock table estimates, without noise."""
    floors: dict[str, float] = {}
    lines = [f"{'command':<36} {'M instr':>8} {'floor':>18} {'ratio':>6} {'budget':>6}"]
    for case in cases:
        run_once(case.argv, case.env)  # caches filled, as in the timed runs' warm-up
        if case.floor not in floors:
            floors[case.floor] = instructions([sys.executable, "-c", case.floor], case.env)
        mine = instructions(case.argv, case.env)
        ratio = mine / floors[case.floor]
        floor = {TYPER_RICH: "typer+rich", TYPER: "typer", BARE: "pass"}[case.floor]
        verdict = "ok" if ratio <= case.budget else "OVER"
        lines.append(
            f"{case.name:<36} {mine:8.1f} {floor:>11} {floors[case.floor]:6.1f} {ratio:6.2f} "
            f"{case.budget:5.2f}x  {verdict}"
        )
    return lines


class Row(NamedTuple):
    case: Case
    ms: float
    floor_ms: float
    ratio: float
    bare_ratio: float
    max_rss_mb: float


def measure_case(case: Case, runs: int, warmup: int) -> Row:
    """Interleaved runs of the command, its floor and bare Python; the median of the per-run ratios."""
    bare = [sys.executable, "-c", "pass"]
    floor = [sys.executable, "-c", case.floor]
    for argv in (bare, floor, case.argv):
        for _ in range(warmup):
            run_once(argv, case.env)
    mine, floors, bares, rss = [], [], [], []
    for _ in range(runs):
        bares.append(run_once(bare, case.env).seconds)
        floors.append(run_once(floor, case.env).seconds)
        timing = run_once(case.argv, case.env)
        mine.append(timing.seconds)
        rss.append(timing.max_rss_kb)
    ratio = statistics.median(m / f for m, f in zip(mine, floors, strict=True))
    bare_ratio = statistics.median(m / b for m, b in zip(mine, bares, strict=True))
    return Row(
        case, statistics.median(mine) * 1000, statistics.median(floors) * 1000, ratio, bare_ratio, max(rss) / 1024
    )


def fill_journal(
    home: Path, days: int, per_day: int, answered: tuple[str, ...] = ("redness", "swelling", "pain")
) -> None:
    """A journal under `home` with `days` x `per_day` check-ins, made with lipcare's own code; the scales not
    in `answered` are stored as asked and not answered."""
    from lipcare.assess import Answers, assess
    from lipcare.journal import Journal, NewCheckin
    from lipcare.paths import JOURNAL_NAME
    from lipcare.protocol import load_protocol

    protocol = load_protocol()
    today = date.today()
    journal = Journal.open(home / JOURNAL_NAME)
    with journal:
        treatment = journal.remember_treatment(today - timedelta(days=max(days - 1, 0)), None)
        with journal.transaction():
            for index in range(days * per_day):
                day = index // per_day
                given: dict[str, int | None] = {"redness": day % 4, "swelling": 1, "pain": 2}
                scores = {key: value if key in answered else None for key, value in given.items()}
                answers = Answers(scores, False, (), "bench")
                advice = assess(protocol, day, answers, None)
                entry = NewCheckin(
                    treatment.treatment_date + timedelta(days=day),
                    day,
                    scores,
                    False,
                    (),
                    "bench",
                    advice.level,
                    advice.action,
                    tuple(r.text for r in advice.reasons),
                    protocol.label,
                )
                journal.add_checkin(treatment, entry)


def journal_cases(lipcare: list[str], runs: int, warmup: int, env: dict[str, str]) -> tuple[list[str], float]:
    """Check-in cost with an empty and a 100,000-entry journal; history over 365 days.

    Returns the report's lines and the ratio of the large journal's check-in to the empty one's."""
    report = []
    with (
        tempfile.TemporaryDirectory() as empty,
        tempfile.TemporaryDirectory() as big,
        tempfile.TemporaryDirectory() as year,
    ):
        fill_journal(Path(empty), 1, 0)
        fill_journal(Path(big), 1000, 100)
        fill_journal(Path(year), 365, 1)
        checkin = [*lipcare, "checkin", "--redness", "1", "--json"]
        # The two check-ins run in turn, so that a busy machine slows both alike; the verdict is the median
        # of the per-pair ratios, as for the start-up table.
        samples = measure(
            {
                "checkin, empty journal": (checkin, {**env, "LIPCARE_HOME": empty}),
                "checkin, 100,000 check-ins": (checkin, {**env, "LIPCARE_HOME": big}),
            },
            runs,
            warmup,
            env,
        )
        history = measure(
            {"history (365 check-ins)": ([*lipcare, "history"], {**env, "LIPCARE_HOME": year})}, runs, warmup, env
        )
    for result in (samples, history):
        bare = statistics.median(result.pop("python -c pass"))
        for name, values in result.items():
            median = statistics.median(values)
            report.append(f"{name:<32} {median * 1000:7.1f} {median / bare:6.2f}")
    pairs = zip(samples["checkin, 100,000 check-ins"], samples["checkin, empty journal"], strict=True)
    ratio = statistics.median(large / small for large, small in pairs)
    verdict = "ok" if ratio <= JOURNAL_BUDGET else "OVER"
    report.append(f"checkin with 100,000 entries / with none: {ratio:.3f} (budget {JOURNAL_BUDGET:.2f}) {verdict}")
    return report, ratio


def reminders_home(home: Path, env: dict[str, str]) -> tuple[dict[str, str], str]:
    """A data folder with a journal and the reminders' schedule, as `remind install` leaves it (without touching
    the machine's scheduler), its environment, and a --now at which nothing is due."""
    home.mkdir(mode=0o700)
    home.chmod(0o700)
    fill_journal(home, 1, 0)
    remind_env = {**env, "LIPCARE_HOME": str(home)}
    store = "from lipcare.commands.remind import store_schedule; print(store_schedule()['made'])"
    made = subprocess.run(
        [sys.executable, "-c", store], env=remind_env, capture_output=True, text=True, check=True
    ).stdout.strip()
    now = f"{made[0:4]}-{made[4:6]}-{made[6:8]}T{made[8:10]}:{made[10:12]}"
    return remind_env, now


def startup_cases(lipcare: list[str], env: dict[str, str], home: Path, user_home: Path) -> list[Case]:
    """The budgeted commands. `user_home` is a HOME without LIPCARE_HOME, as real users run lipcare."""
    remind_env, now = reminders_home(home / "reminders", env)
    due = [sys.executable, "-m", "lipcare", "remind", "due", "--now", now]
    fill_journal(home, 4, 1)  # `history` over a few check-ins; also remembers the treatment for `timeline`
    without = {key: value for key, value in env.items() if key != "LIPCARE_HOME"}
    without.update(HOME=str(user_home), XDG_DATA_HOME=str(user_home / ".local" / "share"))
    treated = (date.today() - timedelta(days=3)).isoformat()  # the date fill_journal gave, so nothing switches
    timeline = [*lipcare, "timeline", "--date", treated]
    return [
        Case("lipcare --help", [*lipcare, "--help"], TYPER, 1.12, env),
        Case("lipcare timeline --date D --json", [*timeline, "--json"], TYPER, 1.30, env),
        Case("lipcare info", [*lipcare, "info"], TYPER_RICH, 1.25, env),
        Case("lipcare timeline --date D", timeline, TYPER_RICH, 1.25, env),
        Case("lipcare info (no LIPCARE_HOME)", [*lipcare, "info"], TYPER_RICH, 1.25, without),
        Case("lipcare timeline (no LIPCARE_HOME)", timeline, TYPER_RICH, 1.25, without),
        Case("lipcare history (4 check-ins)", [*lipcare, "history"], TYPER_RICH, 1.30, env),
        # As the timer runs it: the units run `python -m lipcare remind due` (lipcare.render.scheduler).
        Case("python -m lipcare remind due (none)", due, BARE, REMIND_DUE_BUDGET, remind_env),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--check", action="store_true", help=f"exit 1 when a ratio is over {GUARD}x its budget")
    parser.add_argument("--skip-journal", action="store_true", help="leave out the journal-size cases")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count instructions with valgrind (callgrind) instead of timing: one run each, the same under any load",
    )
    args = parser.parse_args()
    if args.runs < 20:
        parser.error("use at least 20 runs")

    lipcare = lipcare_command()
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env.update(COLUMNS="80", LINES="24")
    env.pop("NO_COLOR", None)
    with tempfile.TemporaryDirectory() as home, tempfile.TemporaryDirectory() as user_home:
        env["LIPCARE_HOME"] = home
        # The HOME of the no-LIPCARE_HOME cases gets its own journal too, so both read the same data.
        cases = startup_cases(lipcare, env, Path(home), Path(user_home))
        data_home = Path(user_home) / ".local" / "share" / "lipcare"
        data_home.mkdir(parents=True, mode=0o700)
        data_home.chmod(0o700)
        fill_journal(data_home, 4, 1)
        if args.instructions:
            print("\n".join(instruction_table(cases)))
            return 0
        rows = [measure_case(case, args.runs, args.warmup) for case in cases]

    print(
        f"python {sys.version.split()[0]}, {args.runs} interleaved runs after {args.warmup} warm-up; "
        "ratio = median of per-run ratios"
    )
    print(f"floors: typer = python -c '{TYPER}'; typer+rich = python -c '{TYPER_RICH}'")
    print(f"{'command':<36} {'ms':>6} {'floor':>18} {'ratio':>6} {'budget':>6}  {'vs bare':>7} {'peak RSS':>9}")
    over = []
    for row in rows:
        floor = {TYPER_RICH: "typer+rich", TYPER: "typer", BARE: "pass"}[row.case.floor]
        verdict = "ok" if row.ratio <= row.case.budget else "OVER"
        if row.ratio > row.case.budget * GUARD:
            over.append(row.case.name)
        print(
            f"{row.case.name:<36} {row.ms:6.1f} {floor:>11} {row.floor_ms:5.1f}ms {row.ratio:6.2f} "
            f"{row.case.budget:5.2f}x {row.bare_ratio:6.2f}x {row.max_rss_mb:6.1f} MB  {verdict}"
        )
    if not args.skip_journal:
        print("journal size (ms, and as a multiple of python -c pass run in turn with it):")
        report, ratio = journal_cases(lipcare, args.runs, args.warmup, env)
        print("\n".join(report))
        if ratio > 1 + (JOURNAL_BUDGET - 1) * GUARD:  # the budget is an allowance of 10% more: 25% over it
            over.append("checkin with 100,000 entries")
    if over:
        print(f"more than {GUARD}x over budget: {', '.join(over)}")
    return 1 if args.check and over else 0


if __name__ == "__main__":
    raise SystemExit(main())
