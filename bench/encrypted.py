"""The encrypted journal's cost: check-in and history, encrypted against plaintext, in one run.

Every row is a whole `lipcare` process, run in turn with its plaintext twin so that a busy machine slows both
alike; a ratio is the median of the per-pair ratios.

- "unlocked for the session" rows are what a patient gets by default: the first command of a session unlocks
  from the passphrase (here from LIPCARE_PASSPHRASE_FILE) and the data key is kept in the kernel's keyring for
  the setting unlock-minutes (15) after its last use, so the next commands skip scrypt. These rows carry the 1.3x
  budget.
- "asked every time" rows set unlock-minutes to 0: scrypt (N=2^15, r=8, p=1) runs in every command, as it
  does where the kernel offers no keyring (macOS, Windows, a container forbidding keyctl).
- The 100,000-entry check-in against an empty encrypted journal (both unlocked for the session) shows that it
  stays flat.
- Wrong passphrase against damaged wrap: each unwrap timed in this process (CPU time of the thread), interleaved.

    .venv/bin/python bench/encrypted.py            # needs the secure extra: pip install -e '.[secure]'
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

from startup import fill_journal, lipcare_command, measure

BUDGET = 1.3
PASSPHRASE = "a bench passphrase"


def private(path: Path, text: str) -> Path:
    path.write_text(text)
    path.chmod(0o600)
    return path


def encrypt(lipcare: list[str], home: Path, env: dict[str, str]) -> None:
    done = subprocess.run(
        [*lipcare, "data", "encrypt"], env={**env, "LIPCARE_HOME": str(home)}, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"data encrypt failed: {done.stderr}")


def ratio(samples: dict[str, list[float]], mine: str, twin: str) -> float:
    return statistics.median(a / b for a, b in zip(samples[mine], samples[twin], strict=True))


def timing_of_wrong_and_damaged(rounds: int) -> tuple[float, float]:
    from lipcare import vault

    key = os.urandom(32)
    slot = vault.wrap(key, b"right passphrase")
    damaged = {**slot, "mac": "00" * 32}
    times: dict[str, list[float]] = {"wrong": [], "damaged": []}
    cases = {"wrong": (slot, b"wrong passphrase"), "damaged": (damaged, b"right passphrase")}
    for index in range(rounds):  # in turn, each first every other round; CPU time of this thread, so that other
        for name in sorted(cases, reverse=bool(index % 2)):  # processes on a busy machine count less
            start = time.thread_time()
            assert vault.unwrap(*cases[name]) is None
            times[name].append(time.thread_time() - start)
    return statistics.median(times["wrong"]), statistics.median(times["damaged"])


def lipcare_run(lipcare: list[str], home: Path, env: dict[str, str], *args: str) -> None:
    done = subprocess.run([*lipcare, *args], env={**env, "LIPCARE_HOME": str(home)}, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"lipcare {' '.join(args)} failed: {done.stderr}")


def main() -> int:
    from lipcare import vault

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()
    lipcare = lipcare_command()
    env = {key: value for key, value in os.environ.items() if not key.startswith("LIPCARE_")}
    env.update(COLUMNS="80", LINES="24")
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        passphrase = private(root / "passphrase", PASSPHRASE + "\n")
        secret_env = {**env, "LIPCARE_PASSPHRASE_FILE": str(passphrase)}
        homes = {name: root / name for name in ("plain", "session", "asked", "empty", "big")}
        for name, home in homes.items():
            home.mkdir(mode=0o700)
            fill_journal(home, *((1000, 100) if name == "big" else (1, 0) if name == "empty" else (60, 1)))
            if name == "asked":
                lipcare_run(lipcare, home, env, "settings", "set", "unlock-minutes", "0")
            if name != "plain":
                encrypt(lipcare, home, secret_env)
        try:
            kept = vault._keyring() is not None and vault.lock(homes["session"] / "journal.sqlite3")
            if kept:  # locked again: the first warm-up run unlocks it from the passphrase, as a patient's first does
                print(f"python {sys.version.split()[0]}, {args.runs} interleaved runs after {args.warmup} warm-up")
            else:
                print("no kernel keyring here: the 'unlocked for the session' rows ask every time too")
            print(f"{'command':<48} {'ms':>7} {'ratio':>6}")
            for command in (["checkin", "--redness", "1", "--json"], ["history"]):
                name = command[0]
                rows = {
                    f"{name}, plaintext": (homes["plain"], env, None),
                    f"{name}, encrypted (unlocked for the session)": (homes["session"], secret_env, BUDGET),
                    f"{name}, encrypted (asked every time)": (homes["asked"], secret_env, 0.0),
                }
                samples = measure(
                    {
                        row: ([*lipcare, *command], {**row_env, "LIPCARE_HOME": str(home)})
                        for row, (home, row_env, _) in rows.items()
                    },
                    args.runs,
                    args.warmup,
                    env,
                )
                for row, (_, _, budget) in rows.items():
                    shown = f"{ratio(samples, row, f'{name}, plaintext'):6.2f}" if budget is not None else "      "
                    verdict = ""
                    if budget:
                        verdict = " ok" if ratio(samples, row, f"{name}, plaintext") <= budget else f" over {budget}"
                    print(f"{row:<48} {statistics.median(samples[row]) * 1000:7.1f} {shown}{verdict}")
            checkin = [*lipcare, "checkin", "--redness", "1", "--json"]
            flat = measure(
                {
                    "encrypted checkin, empty journal": (checkin, {**secret_env, "LIPCARE_HOME": str(homes["empty"])}),
                    "encrypted checkin, 100,000 check-ins": (
                        checkin,
                        {**secret_env, "LIPCARE_HOME": str(homes["big"])},
                    ),
                },
                args.runs,
                args.warmup,
                env,
            )
            for row in ("encrypted checkin, empty journal", "encrypted checkin, 100,000 check-ins"):
                print(f"{row:<48} {statistics.median(flat[row]) * 1000:7.1f}")
            print(
                "encrypted checkin with 100,000 entries / with none: "
                f"{ratio(flat, 'encrypted checkin, 100,000 check-ins', 'encrypted checkin, empty journal'):.3f}"
            )
        finally:
            for home in homes.values():
                vault.lock(home / "journal.sqlite3")  # nothing this run unlocked stays in the keyring
    wrong, damaged = timing_of_wrong_and_damaged(max(args.runs, 20))
    print(
        f"unwrap, wrong passphrase {wrong * 1000:.1f} ms; damaged wrap {damaged * 1000:.1f} ms "
        f"(difference {abs(wrong - damaged) * 1000:.1f} ms, {abs(wrong - damaged) / wrong:.1%})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
