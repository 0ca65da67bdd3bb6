"""The encrypted journal's cost: check-in and history, encrypted against plaintext, in one run.

Every row is a whole `lipcare` process, run in turn with its plaintext twin so that a busy machine slows both
alike; a ratio is the median of the per-pair ratios.

- "passphrase" rows unlock as a patient does, from LIPCARE_PASSPHRASE_FILE: scrypt (N=2^15, r=8, p=1) runs once
  per command, on purpose (it is what makes guessing the passphrase slow), and is timed alone below.
- "unlocked" rows run the same command with the data key already in memory (set by a small launcher, which the
  plaintext twin runs too): the cost of SQLCipher, the photos' cipher and the key files, without the KDF.
- The 100,000-entry check-in against an empty encrypted journal shows that it stays flat.
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
LAUNCHER = (
    "import sys\n"
    "from pathlib import Path\n"
    "key = sys.argv.pop(1)\n"
    "if key != '-':\n"
    "    from lipcare import vault\n"
    "    vault._unlocked[Path(sys.argv[1])] = bytes.fromhex(Path(key).read_text())\n"
    "sys.argv.pop(1)\n"
    "from lipcare.cli import main\n"
    "main()\n"
)


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


def data_key(home: Path, passphrase: Path) -> str:
    from lipcare import vault

    os.environ["LIPCARE_PASSPHRASE_FILE"] = str(passphrase)
    try:
        return vault.data_key(home / "journal.sqlite3").hex()
    finally:
        vault._unlocked.clear()
        del os.environ["LIPCARE_PASSPHRASE_FILE"]


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


def main() -> int:
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
        homes = {name: root / name for name in ("plain", "secret", "empty", "big")}
        for name, home in homes.items():
            home.mkdir(mode=0o700)
            fill_journal(home, *((1000, 100) if name == "big" else (1, 0) if name == "empty" else (60, 1)))
            if name != "plain":
                encrypt(lipcare, home, secret_env)
        key = private(root / "key", data_key(homes["secret"], passphrase))
        print(f"python {sys.version.split()[0]}, {args.runs} interleaved runs after {args.warmup} warm-up")
        print(f"{'command':<44} {'ms':>7} {'ratio':>6}")
        for command in (["checkin", "--redness", "1", "--json"], ["history"]):
            name = command[0]
            launcher = [sys.executable, "-c", LAUNCHER]
            samples = measure(
                {
                    f"{name}, plaintext": ([*lipcare, *command], {**env, "LIPCARE_HOME": str(homes["plain"])}),
                    f"{name}, encrypted (passphrase)": (
                        [*lipcare, *command],
                        {**secret_env, "LIPCARE_HOME": str(homes["secret"])},
                    ),
                    f"{name}, plaintext (launcher)": (
                        [*launcher, "-", str(homes["plain"] / "journal.sqlite3"), *command],
                        {**env, "LIPCARE_HOME": str(homes["plain"])},
                    ),
                    f"{name}, encrypted (unlocked)": (
                        [*launcher, str(key), str(homes["secret"] / "journal.sqlite3"), *command],
                        {**env, "LIPCARE_HOME": str(homes["secret"])},
                    ),
                },
                args.runs,
                args.warmup,
                env,
            )
            samples.pop("python -c pass")
            pairs = {
                f"{name}, plaintext": None,
                f"{name}, encrypted (passphrase)": f"{name}, plaintext",
                f"{name}, plaintext (launcher)": None,
                f"{name}, encrypted (unlocked)": f"{name}, plaintext (launcher)",
            }
            for row, twin in pairs.items():
                shown = f"{ratio(samples, row, twin):6.2f}" if twin else "      "
                verdict = "" if not twin else (" ok" if ratio(samples, row, twin) <= BUDGET else f" over {BUDGET}")
                print(f"{row:<44} {statistics.median(samples[row]) * 1000:7.1f} {shown}{verdict}")
        checkin = [*lipcare, "checkin", "--redness", "1", "--json"]
        flat = measure(
            {
                "encrypted checkin, empty journal": (checkin, {**secret_env, "LIPCARE_HOME": str(homes["empty"])}),
                "encrypted checkin, 100,000 check-ins": (checkin, {**secret_env, "LIPCARE_HOME": str(homes["big"])}),
            },
            args.runs,
            args.warmup,
            env,
        )
        for row in ("encrypted checkin, empty journal", "encrypted checkin, 100,000 check-ins"):
            print(f"{row:<44} {statistics.median(flat[row]) * 1000:7.1f}")
        print(
            "encrypted checkin with 100,000 entries / with none: "
            f"{ratio(flat, 'encrypted checkin, 100,000 check-ins', 'encrypted checkin, empty journal'):.3f}"
        )
    wrong, damaged = timing_of_wrong_and_damaged(max(args.runs, 20))
    print(
        f"unwrap, wrong passphrase {wrong * 1000:.1f} ms; damaged wrap {damaged * 1000:.1f} ms "
        f"(difference {abs(wrong - damaged) * 1000:.1f} ms, {abs(wrong - damaged) / wrong:.1%})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
