"""Right-to-left text for terminals without bidi support (`--rtl visual`).

Terminals such as GNOME Terminal (VTE), Konsole, mlterm and Apple's Terminal order right-to-left text
themselves, so lipcare prints Arabic in logical order by default. xterm, kitty, Windows Terminal and most
others print characters left to right as they come, which shows Arabic reversed and unjoined. For those,
`--rtl visual` (or LIPCARE_RTL=visual) renders each line with Rich first, then shapes the letters
(arabic-reshaper) and reorders the line (python-bidi, the Unicode bidirectional algorithm with a
right-to-left paragraph), and aligns it to the right edge. `--rtl auto` picks visual unless the terminal
is known to do bidi itself (VTE_VERSION, KONSOLE_VERSION, TERM=mlterm*, TERM_PROGRAM=Apple_Terminal) or
the output is not a terminal.

Both libraries are the optional extra `lipcare[rtl]`, imported only here.
"""

from __future__ import annotations

import io
import shutil
import sys
from collections.abc import Callable
from typing import IO, cast

from rich.cells import cell_len
from rich.console import Console

BORDERS = ("│", "╮", "╯", "┤", "┐", "┘")
BOX_MIRROR = str.maketrans("╭╮╰╯├┤┌┐└┘", "╮╭╯╰┤├┐┌┘└")
NO_MARKS = str.maketrans(dict.fromkeys("\u200e\u200f\u061c"))
EMBEDDINGS = str.maketrans({"\u2066": "\u202a", "\u2068": "\u202a", "\u2067": "\u202b", "\u2069": "\u202c"})
"""lipcare's isolates (a phone number, lipcare.render.terminal.LTR) as the embeddings python-bidi's algorithm
knows (it predates isolates): LRI and FSI as LRE, RLI as RLE, PDI as PDF. The run keeps its order and place, and
the reordered line has no control left in it."""


def shaper() -> Callable[[str], str]:
    """A function from a logical line to its visual form; a clear error when the extra is missing."""
    from lipcare.locale.direction import require_visual_extras

    require_visual_extras()
    import arabic_reshaper  # type: ignore[import-untyped]
    from bidi.algorithm import get_display  # type: ignore[import-untyped]  # python-bidi's own: mirrors brackets

    def visual(text: str) -> str:
        shaped = arabic_reshaper.reshape(text.translate(EMBEDDINGS))
        # Joined letters (lam-alef) take fewer cells: keep a box's right border where it was.
        deficit = cell_len(text) - cell_len(shaped)
        if deficit > 0 and shaped.endswith(BORDERS):
            filler = shaped[-2] if len(shaped) > 1 and shaped[-2] in "─━═" else " "
            shaped = shaped[:-1] + filler * deficit + shaped[-1]
        # The whole line is laid out right to left, so box corners and tees change sides too.
        # The marks have done their work once the line is in visual order: a terminal without bidi may draw them.
        return str(get_display(shaped, base_dir="R")).translate(BOX_MIRROR).translate(NO_MARKS)

    return visual


class VisualWriter(io.TextIOBase):
    """A file for Rich that writes each finished line shaped, reordered and aligned to the right."""

    def __init__(self, out: IO[str], width: int) -> None:
        self.out = out
        self.width = width
        self.visual = shaper()
        self.pending = ""

    def write(self, text: str) -> int:
        self.pending += text
        *lines, self.pending = self.pending.split("\n")
        for logical in lines:
            shown = self.visual(logical.rstrip()) if logical.strip() else ""
            self.out.write(" " * max(0, self.width - cell_len(shown)) + shown)
            self.out.write("\n")
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.write("\n")
        self.out.flush()

    def isatty(self) -> bool:
        return False


def visual_console(kind: type[Console] = Console) -> Console:
    """A `kind` of console (lipcare.render.terminal.InertConsole: escaped, with lipcare's isolates) writing
    visual lines to stdout."""
    width = shutil.get_terminal_size().columns
    return kind(
        file=cast(IO[str], VisualWriter(sys.stdout, width)),
        width=width,
        highlight=False,
        markup=False,
        emoji=False,
        color_system=None,
    )
