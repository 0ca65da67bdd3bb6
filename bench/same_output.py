"""Capture what lipcare prints over many command lines, widths and colour modes, to compare two versions.

A start-up change must not change a byte of output. Run it before the change with --save, after it
with --compare:

    .venv/bin/python bench/same_output.py --save /tmp/before
    # ... change the code ...
    .venv/bin/python bench/same_output.py --compare /tmp/before

Each run uses a fresh LIPCARE_HOME with the same check-ins and a fixed clock (LIPCARE_TODAY is not a
thing: the dates are given explicitly, so the outputs do not depend on the day it runs).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HELP_PAGES = (
    "info",
    "timeline",
    "history",
    "report",
    "data",
    "data export",
    "data erase",
    "data path",
    "settings",
    "settings set",
    "settings unset",
    "export",
    "export ics",
    "export sheet",
    "export fhir",
    "photo",
    "photo add",
    "photo list",
    "photo remove",
    "protocol",
    "protocol init",
    "protocol check",
    "protocol show",
)
COMMANDS: list[list[str]] = [
    ["--help"],
    ["info"],
    ["info", "warning-signs"],
    ["info", "sources"],
    ["info", "course"],
    ["info", "aftercare"],
    ["timeline", "--date", "2026-11-01", "--on", "2026-11-03"],
    ["timeline", "--date", "2026-11-01", "--on", "2026-12-10"],
    ["timeline", "--date", "2026-11-01", "--on", "2026-10-25"],
    ["timeline", "--date", "2026-11-01", "--on", "2026-11-03", "--json"],
    ["history"],
    ["history", "--json"],
    ["protocol", "show"],
    ["checkin", "--help"],
    ["settings", "show"],
    # Every help page, the errors Click reports, and the messages of the commands that speak to the user.
    *([*page.split(), "--help"] for page in HELP_PAGES),
    ["checkin", "--redness", "x"],
    ["checkin", "--redness"],
    ["checkin", "--bogus"],
    ["chekin"],
    ["nosuch"],
    ["data"],
    ["settings", "set", "colour", "x"],
    ["settings", "set", "clinic-name", "Lip Clinic"],
    ["settings", "show"],
    ["settings", "unset", "clinic-name"],
    ["data", "erase"],
    ["data", "export", "-f", "zip"],
    ["photo", "list"],
    ["photo", "remove", "abc"],
    ["protocol", "check", "/nonexistent.toml"],
    ["protocol", "check", str(Path(__file__).resolve().parent.parent / "data" / "protocol.toml")],
    ["photo", "add", "/nonexistent.jpg"],
    ["protocol", "init", "-o", "-"],
    # Arabic: the help Click shows (translated when each command is built), its errors, and the pages.
    ["--lang", "ar", "--help"],
    ["--lang", "ar", "data", "--help"],
    ["--lang", "ar", "photo", "list", "--help"],
    ["--lang", "ar", "chekin"],
    ["--lang", "ar", "checkin", "--redness", "x"],
    ["info", "--lang", "ar", "aftercare"],
    ["timeline", "--lang", "ar", "--date", "2026-11-01", "--on", "2026-11-03"],
    ["timeline", "--lang", "ar", "--date", "2026-11-01", "--on", "2026-11-03", "--json"],
    ["history", "--lang", "ar"],
    ["checkin", "--help", "--lang", "ar"],
]
SETUP: list[list[str]] = [
    ["checkin", "--date", "2026-11-01", "--on", "2026-11-02", "--redness", "2", "--swelling", "2", "--pain", "3"],
    ["checkin", "--on", "2026-11-05", "--redness", "1", "--note", "a little dry"],
    ["checkin", "--on", "2026-11-10", "--redness", "2", "--pain", "8", "--symptom", "fever"],
]
WIDTHS = ("40", "80", "120")
STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d")
MODES = {"plain": {}, "no-color": {"NO_COLOR": "1"}, "colour": {"FORCE_COLOR": "1", "TERM": "xterm-256color"}}


def lipcare() -> list[str]:
    script = Path(sys.executable).with_name("lipcare")
    return [str(script)] if script.exists() else [sys.executable, "-m", "lipcare"]


def capture(home: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(LIPCARE_HOME=str(home), LIPCARE_PAGER="cat")
    for args in SETUP:
        subprocess.run([*lipcare(), *args], env={**env, "COLUMNS": "80"}, capture_output=True, check=True)
    outputs = {}
    for args in COMMANDS:
        for width in WIDTHS:
            for mode, extra in MODES.items():
                done = subprocess.run(
                    [*lipcare(), *args], env={**env, "COLUMNS": width, **extra}, capture_output=True, text=True
                )
                name = f"{'_'.join(args).replace('/', '-')}.{width}.{mode}"
                text = f"exit {done.returncode}\n--- stdout\n{done.stdout}--- stderr\n{done.stderr}"
                # What differs by run, not by code: the temporary folder and the time a check-in was saved.
                outputs[name] = STAMP.sub("<saved at>", text.replace(str(home), "$LIPCARE_HOME"))
    return outputs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--save", type=Path, metavar="DIR")
    action.add_argument("--compare", type=Path, metavar="DIR")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        outputs = capture(Path(home))
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        for name, text in outputs.items():
            (args.save / name).write_text(text, encoding="utf-8")
        print(f"saved {len(outputs)} outputs in {args.save}")
        return 0

    def same(name: str, text: str) -> bool:
        saved: Path = args.compare / name
        return saved.is_file() and saved.read_text(encoding="utf-8") == text

    differ = [name for name, text in outputs.items() if not same(name, text)]
    print(f"{len(outputs) - len(differ)} of {len(outputs)} outputs byte-identical")
    for name in differ:
        print(f"  differs: {name}")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
