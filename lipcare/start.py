"""The `lipcare` command's entry point: Ctrl-C while Python is still loading lipcare ends it quietly.

Pressed during the imports of lipcare.cli (Typer, Click), KeyboardInterrupt would print a traceback; nothing
has run yet, so lipcare exits with the code a shell gives a command stopped by Ctrl-C (130), and says nothing.

`lipcare remind due`, which a scheduler runs every few minutes, is served by lipcare.remind_due without loading Typer.
"""

import sys


def main() -> None:
    if sys.argv[1:3] == ["remind", "due"] and not {"-h", "--help"} & set(sys.argv[3:]):
        # What the reminders' timer runs every few minutes: served without Typer (lipcare.remind_due).
        from lipcare.remind_due import main as due

        sys.exit(due(sys.argv[3:]))
    try:
        from lipcare.cli import main as run
    except KeyboardInterrupt:
        sys.exit(130)
    run()
