"""Long output through a pager, the way git does it.

Only on a terminal: the command's output is sent to LIPCARE_PAGER, else PAGER,
else `less`, with LESS=FRX unless the user set LESS, so that output shorter
than the screen is printed directly (-F), colours pass through (-R) and
nothing is cleared on exit (-X). The pager starts at the top of the output:
where the patient stands today. An empty value or `cat` means no pager.
"""

from __future__ import annotations

import os
import sys

from lipcare.text import ERRORS

DEFAULT = "less"


def command() -> str | None:
    """The pager to use, or None for none."""
    for name in ("LIPCARE_PAGER", "PAGER"):
        if name in os.environ:
            chosen = os.environ[name].strip()
            return None if chosen in ("", "cat") else chosen
    import shutil

    return DEFAULT if shutil.which(DEFAULT) else None  # no less (Windows, a minimal system): print directly


def show(text: str, pager: str) -> None:
    """Page `text`; print it directly when the pager cannot be started."""
    import subprocess

    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    sys.stdout.flush()
    try:
        process = subprocess.Popen(pager, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError:
        sys.stdout.write(text)
        return
    assert process.stdin is not None
    try:
        process.stdin.write(text.encode(encoding, ERRORS))
        process.stdin.close()
    except BrokenPipeError:
        pass  # the reader quit the pager before the end
    while True:
        try:
            code = process.wait()
            break
        except KeyboardInterrupt:
            continue  # Ctrl-C belongs to the pager, as with git
    # sh or cmd could not find the pager (127, 9009), could not run it (126), or it failed (PAGER=false): the
    # output must still be seen, so it is printed directly. A pager stopped by a signal (a negative code) was
    # stopped by the user, who has seen what they wanted.
    if code > 0:
        sys.stdout.write(text)
