"""The `lipcare` command's entry point: Ctrl-C while Python is still loading lipcare ends it quietly.

Pressed during the imports of lipcare.cli (Typer, Click), KeyboardInterrupt would print a traceback; nothing
has run yet, so lipcare exits with the code a shell gives a command stopped by Ctrl-C (130), and says nothing.
"""

import sys


def main() -> None:
    try:
        from lipcare.cli import main as run
    except KeyboardInterrupt:
        sys.exit(130)
    run()
