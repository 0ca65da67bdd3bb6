"""Spaces at the ends of lines are dropped from terminal output, before any style codes that end a line."""

from __future__ import annotations

import re

from conftest import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from lipcare.render.terminal import trimmed

# What trimmed() must do, as the one pattern it used to be.
PATTERN = re.compile(r"[ \t]+((?:\x1b\[[0-9;]*m)*)(?=\n)")
PIECES = st.sampled_from(
    ["a", "│", " ", "  ", "\t", "\n", "\x1b[1m", "\x1b[0m", "\x1b[1;31m", "\x1b[m", "\x1b[1;", "m", "["]
)


@settings(max_examples=examples(1000), deadline=None)
@given(pieces=st.lists(PIECES, max_size=40))
def test_trimmed_drops_what_the_pattern_dropped(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert trimmed(text) == PATTERN.sub(r"\1", text)


def test_a_panel_line_keeps_its_border_and_loses_the_spaces_after_it() -> None:
    assert trimmed("│ text     │   \n\x1b[2m ends  \x1b[0m\nlast  ") == "│ text     │\n\x1b[2m ends\x1b[0m\nlast  "
