"""The help pages' definition lists (options, commands, environment) are laid out exactly as Click lays them out:
lipcare writes a row that fits on its line itself, and gives Click the rest (lipcare.helptext.HelpFormatter)."""

from __future__ import annotations

import typer
from hypothesis import example, given
from hypothesis import strategies as st

from lipcare.helptext import HelpFormatter

ClickFormatter = typer.Context.formatter_class
"""Click's own formatter, which lipcare's extends."""

words = st.text(alphabet=st.sampled_from("ab -.,:"), max_size=12)
texts = st.lists(words, max_size=12).map(" ".join) | st.text(max_size=90)
firsts = st.text(alphabet=st.sampled_from("-abcdefghijklmnopqrstuvwxyz_,= "), max_size=40) | st.text(max_size=40)


def laid_out(formatter_class: type, rows: list[tuple[str, str]], width: int, indent: int, col_max: int) -> str:
    formatter = formatter_class(width=width)
    formatter.current_indent = indent
    formatter.write_dl(rows, col_max=col_max)
    return str(formatter.getvalue())


@given(
    rows=st.lists(st.tuples(firsts, texts), min_size=1, max_size=6),
    width=st.integers(20, 120),
    indent=st.integers(0, 6),
    col_max=st.integers(5, 40),
)
@example(rows=[("--json", "Print JSON.")], width=78, indent=2, col_max=30)  # fits: written by lipcare
@example(rows=[("--x", "ends with a space ")], width=78, indent=2, col_max=30)  # Click strips it
@example(rows=[("--x", " starts with a space")], width=78, indent=2, col_max=30)
@example(rows=[("--x", "a\ttab")], width=78, indent=2, col_max=30)
@example(rows=[("--x", "\b\nkept as it is")], width=78, indent=2, col_max=30)  # Click's no-rewrap mark
@example(rows=[("--x", "ends with a no-break space\u00a0")], width=78, indent=2, col_max=30)
@example(rows=[("--flag", ""), ("--a-very-long-option-name-indeed", "short")], width=78, indent=2, col_max=30)
@example(rows=[("\x1b[1m--bold\x1b[0m", "Styled first column.")], width=78, indent=2, col_max=30)
def test_a_definition_list_is_what_click_lays_out(
    rows: list[tuple[str, str]], width: int, indent: int, col_max: int
) -> None:
    assert laid_out(HelpFormatter, rows, width, indent, col_max) == laid_out(
        ClickFormatter, rows, width, indent, col_max
    )


def test_a_range_note_still_goes() -> None:
    """What lipcare's formatter adds to Click's: the range note is said in words in the option's help."""
    out = laid_out(HelpFormatter, [("--days N", "How many days, from 1 to 30.  [1<=x<=30]")], 78, 2, 30)
    assert out == "  --days N  How many days, from 1 to 30.\n"
