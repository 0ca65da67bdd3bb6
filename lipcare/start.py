"""The `lipcare` command's entry point: Ctrl-C while Python is still loading lipcare ends it quietly.

Pressed during the imports of lipcare.cli (Typer, Click), KeyboardInterrupt would print a traceback; nothing
has run yet, so lipcare exits with the code a shell gives a command stopped by Ctrl-C (130), and says nothing.

`lipcare remind due`, which a scheduler runs every few minutes, is served by lipcare.remind_due without loading Typer.
"""

import sys

GC_THRESHOLDS = (100_000, 50, 100)
"""The garbage collector's thresholds once Typer is loaded, while lipcare loads and runs a command. Python's
defaults, made for long-running programs, walk the young objects every 700 allocations, and after a freeze soon
walk every object made since (the oldest generation counts only those), at points that vary from run to run by
several milliseconds; a command runs for a fraction of a second and makes few reference cycles. A cycle still
left at a hundred thousand allocations is collected. bench/startup.py's floors load Rich under the same."""


def main() -> None:
    if sys.argv[1:3] == ["remind", "due"] and not {"-h", "--help"} & set(sys.argv[3:]):
        # What the reminders' timer runs every few minutes: served without Typer (lipcare.remind_due).
        from lipcare.remind_due import main as due

        sys.exit(due(sys.argv[3:]))
    try:
        import gc

        import typer  # noqa: F401 - loaded first, as by every command: what comes after is lipcare's own

        # Typer's objects stay until the process ends: frozen out of the collections lipcare's own work triggers,
        # which a run this short needs only rarely (GC_THRESHOLDS).
        gc.freeze()
        gc.set_threshold(*GC_THRESHOLDS)
        from lipcare.cli import main as run
    except KeyboardInterrupt:
        sys.exit(130)
    run()
