"""`Hanging` must lay out exactly what the Table.grid it replaces did, in colour and without."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence

from conftest import examples
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from lipcare.render.hanging import Hanging

WORDS = st.text(alphabet=st.sampled_from("abcdefghij°é ·\u2013'"), min_size=1, max_size=14)
ASCII_WORDS = st.text(alphabet=st.sampled_from("abcdefghij ,.'"), min_size=1, max_size=14)  # Hanging's quick path
TEXTS = st.one_of(st.lists(WORDS, min_size=1, max_size=30), st.lists(ASCII_WORDS, min_size=1, max_size=30)).map(
    " ".join
)
STYLES = st.sampled_from(["", "bold", "dim", "bold red", "italic"])
ITEM = st.tuples(TEXTS, STYLES, st.sampled_from(["•", "[1]", "[12]", "*"]))


def grid(rows: list[tuple[Text, RenderableType]]) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column()
    for label, body in rows:
        table.add_row(label, body)
    return table


def render(renderable: RenderableType, width: int, colour: bool, encoding: str = "utf-8") -> str:
    """What a console of `width` columns prints, through a stream of `encoding` (Rich draws ASCII boxes on one that
    is not UTF)."""
    out = io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors="replace")
    console = Console(
        file=out,
        width=width,
        color_system="truecolor" if colour else None,
        force_terminal=colour,
        highlight=False,
        markup=False,
        emoji=False,
        legacy_windows=False,
    )
    console.print(renderable)
    out.flush()
    return out.buffer.getvalue().decode(encoding, errors="replace")


def rows_of(items: list[tuple[str, str, str]], same_label: bool) -> list[tuple[Text, RenderableType]]:
    # Bodies as lipcare makes them: the text in one style, its footnote number in another.
    return [
        (
            Text("•" if same_label else label, style="bold" if label != "•" else ""),
            Text.assemble((text, style), (" [2]", "dim")),
        )
        for text, style, label in items
    ]


@settings(max_examples=examples(300), deadline=None)
@given(
    items=st.lists(ITEM, min_size=1, max_size=6),
    width=st.integers(min_value=12, max_value=140),
    colour=st.booleans(),
    same_label=st.booleans(),
    wrapper=st.sampled_from(["none", "panel", "padding", "group", "indent", "indent-panel"]),
    indent=st.integers(min_value=1, max_value=12),
)
def test_hanging_lays_out_what_table_grid_did(
    items: list[tuple[str, str, str]], width: int, colour: bool, same_label: bool, wrapper: str, indent: int
) -> None:
    rows = rows_of(items, same_label)
    if wrapper.startswith("indent"):  # Hanging's own indent against the Padding it replaces
        mine: RenderableType = Hanging(rows, indent=indent)
        theirs: RenderableType = Padding(Hanging(rows), (0, 0, 0, indent))
        if wrapper == "indent-panel":
            mine, theirs = Panel(Group(Text("Why:"), mine)), Panel(Group(Text("Why:"), theirs))
        assert render(mine, width, colour) == render(theirs, width, colour)
        return

    def wrap(inner: RenderableType) -> RenderableType:
        if wrapper == "panel":
            return Panel(Group(Text("Why:"), inner), title="Contact your physician today")
        if wrapper == "padding":
            return Padding(inner, (0, 0, 0, 2))
        if wrapper == "group":
            return Group(Text("heading"), inner, Text("after"))
        return inner

    assert render(wrap(Hanging(rows)), width, colour) == render(wrap(grid(rows)), width, colour)


def test_an_empty_list_prints_nothing() -> None:
    assert render(Hanging([]), 40, False) == render(Table.grid(), 40, False)


CELLS = st.text(alphabet=st.sampled_from("0123456789:abc XYZ-·é"), max_size=12)


@settings(max_examples=examples(300), deadline=None)
@given(
    columns=st.lists(st.tuples(CELLS, st.booleans()), min_size=1, max_size=5),
    rows=st.lists(st.tuples(st.lists(CELLS, min_size=5, max_size=5), STYLES), max_size=10),
    width=st.integers(min_value=10, max_value=120),
    colour=st.booleans(),
)
def test_plain_table_lays_out_what_table_did(
    columns: list[tuple[str, bool]], rows: list[tuple[list[str], str]], width: int, colour: bool
) -> None:
    from lipcare.render.hanging import PlainTable

    plain = PlainTable([header for header, _ in columns], [right for _, right in columns])
    table = Table(show_edge=False, box=None, pad_edge=False, padding=(0, 1))
    for header, right in columns:
        table.add_column(header, justify="right" if right else "left")
    for cells, style in rows:
        plain.add_row(*cells[: len(columns)], style=style)
        table.add_row(*cells[: len(columns)], style=style)
    assert render(plain, width, colour) == render(table, width, colour)


PIECE = st.tuples(
    st.one_of(
        st.text(alphabet=st.sampled_from("abcdefg ,.'\n"), max_size=20),
        st.text(alphabet=st.sampled_from("abcd ,\n°é·\u2013…•日\u200d"), max_size=20),  # one cell, two, none
    ),
    STYLES,
)


@settings(max_examples=examples(500), deadline=None)
@example(pieces=[], own="bold", width=1, justify="left", overflow="ignore", no_wrap=True, colour=True)
@example(pieces=[("ab", "")], own="bold", width=5, justify=None, overflow="ignore", no_wrap=True, colour=True)
@given(
    pieces=st.lists(PIECE, max_size=8),
    own=STYLES,
    width=st.integers(min_value=1, max_value=60),
    justify=st.sampled_from([None, "left", "default"]),
    overflow=st.sampled_from([None, "ellipsis", "crop", "fold", "ignore"]),
    no_wrap=st.sampled_from([None, True, False]),
    colour=st.booleans(),
)
def test_text_lines_are_what_rich_lays_out(
    pieces: list[tuple[str, str]],
    own: str,
    width: int,
    justify: str | None,
    overflow: str | None,
    no_wrap: bool | None,
    colour: bool,
) -> None:
    """Hanging's own layout of plain text (any spans, line breaks, long words) gives Rich's lines."""
    from lipcare.render.hanging import _render_lines

    text = Text.assemble(*pieces, style=own)
    out = io.StringIO()
    console = Console(file=out, width=80, color_system="truecolor" if colour else None, force_terminal=colour)
    options = console.options.update(width=width, justify=justify, overflow=overflow, no_wrap=no_wrap)  # type: ignore[arg-type]

    def shown(lines: list[list[Segment]]) -> str:
        console.begin_capture()
        console.print(Group(*(Segments(line) for line in lines)))
        return console.end_capture()

    assert shown(_render_lines(console, text, options)) == shown(console.render_lines(text, options, pad=True))


class Segments:
    """One line of segments, printed as they are."""

    def __init__(self, segments: Sequence[Segment]) -> None:
        self.segments = segments

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        yield from self.segments


@settings(max_examples=examples(300), deadline=None)
@given(
    texts=st.lists(st.tuples(st.lists(PIECE, max_size=5), STYLES, st.booleans()), max_size=6),
    width=st.integers(min_value=1, max_value=90),
    colour=st.booleans(),
)
def test_stack_prints_what_group_did(
    texts: list[tuple[list[tuple[str, str]], str, bool]], width: int, colour: bool
) -> None:
    from lipcare.render.hanging import Stack

    parts: list[RenderableType] = [
        Text.assemble(*pieces, style=own, no_wrap=True, overflow="ignore")
        if whole
        else Text.assemble(*pieces, style=own)
        for pieces, own, whole in texts
    ]
    parts.append(Hanging([(Text("•"), Text("a list after the texts"))]))
    assert render(Stack(*parts), width, colour) == render(Group(*parts), width, colour)


@settings(max_examples=examples(300), deadline=None)
@given(
    texts=st.lists(st.tuples(st.lists(PIECE, max_size=5), STYLES, st.booleans()), max_size=6),
    width=st.integers(min_value=1, max_value=90),
    colour=st.booleans(),
)
def test_a_page_prints_what_printing_each_part_did(
    texts: list[tuple[list[tuple[str, str]], str, bool]], width: int, colour: bool
) -> None:
    from lipcare.render.hanging import Stack
    from lipcare.render.terminal import Page

    parts: list[RenderableType | None] = [
        Text.assemble(*pieces, style=own, no_wrap=True, overflow="ignore")
        if whole
        else Text.assemble(*pieces, style=own)
        for pieces, own, whole in texts
    ]
    parts[1:1] = [None, Panel(Stack(Text("in a panel"), Hanging([(Text("•"), Text("a list"))])))]
    page = Page()
    for part in parts:
        page.add(part)
    printed = "".join(render(part, width, colour) if part is not None else "\n" for part in parts)
    assert render(Stack(*page.parts), width, colour) == printed


@settings(max_examples=examples(1000), deadline=None)
@given(text=st.text(alphabet=st.sampled_from("ab ·"), max_size=60), width=st.integers(1, 30), fold=st.booleans())
def test_line_breaks_are_where_rich_breaks(text: str, width: int, fold: bool) -> None:
    from rich._wrap import divide_line

    from lipcare.render.hanging import _breaks

    breaks = _breaks(text, width, fold)
    if breaks is not None:  # None: a word Rich folds, left to Rich
        assert breaks == divide_line(text, width, fold=fold)
    else:
        assert fold


@settings(max_examples=examples(300), deadline=None)
@given(
    items=st.lists(ITEM, max_size=4),
    texts=st.lists(st.lists(PIECE, max_size=4), max_size=3),
    indent=st.integers(min_value=0, max_value=6),
    width=st.integers(min_value=4, max_value=90),
    colour=st.booleans(),
)
def test_a_panel_body_is_what_the_panel_laid_out(
    items: list[tuple[str, str, str]], texts: list[list[tuple[str, str]]], indent: int, width: int, colour: bool
) -> None:
    from lipcare.render.hanging import PanelBody, Stack

    parts: list[RenderableType] = [Text.assemble(*pieces) for pieces in texts]
    parts.insert(len(parts) // 2, Hanging(rows_of(items, False), indent=indent))
    mine = Panel(PanelBody(*parts), title=Text("Warning signs"), title_align="left", padding=0)
    theirs = Panel(Stack(*parts), title=Text("Warning signs"), title_align="left")
    assert render(mine, width, colour) == render(theirs, width, colour)


@settings(max_examples=examples(300), deadline=None)
@given(
    items=st.lists(ITEM, max_size=4),
    texts=st.lists(st.lists(PIECE, max_size=4), max_size=3),
    title=st.one_of(st.none(), TEXTS, st.just(""), st.just("a\tb\nc")),
    border=st.sampled_from(["none", "red", "dim", "bold red"]),
    width=st.integers(min_value=1, max_value=90),
    colour=st.booleans(),
    encoding=st.sampled_from(["utf-8", "ascii"]),
)
def test_a_box_draws_what_the_panel_drew(
    items: list[tuple[str, str, str]],
    texts: list[list[tuple[str, str]]],
    title: str | None,
    border: str,
    width: int,
    colour: bool,
    encoding: str,
) -> None:
    """lipcare's Box draws its rounded border itself, without importing rich.panel: the same characters and
    styles as Panel(Stack(...), title_align="left", border_style=...), or Rich's own Panel where it cannot
    (an ASCII console, no room)."""
    from lipcare.render.hanging import Box, PanelBody, Stack

    parts: list[RenderableType] = [Text.assemble(*pieces) for pieces in texts]
    parts.insert(len(parts) // 2, Hanging(rows_of(items, False)))
    heading = None if title is None else Text(title, style="bold")
    mine = Box(PanelBody(*parts), title=heading, border_style=border)
    theirs = Panel(Stack(*parts), title=heading, title_align="left", border_style=border)

    assert render(mine, width, colour, encoding) == render(theirs, width, colour, encoding)


def test_the_bullet_is_one_cell_in_every_unicode_version_rich_knows() -> None:
    """Hanging measures its bullet without loading Rich's width tables: that holds only while every table says
    one cell, which this checks against each table Rich ships (an upgrade that changes it fails here)."""
    from rich._unicode_data._versions import VERSIONS
    from rich.cells import get_character_cell_size

    from lipcare.render.hanging import BULLET

    assert VERSIONS
    assert {get_character_cell_size(BULLET, version) for version in VERSIONS} == {1}


@given(label=st.text(max_size=6) | st.sampled_from(["•", "[12]", "-", "•\t", "\x1b[1]"]))
def test_a_label_is_measured_as_rich_measures_it(label: str) -> None:
    from rich.cells import cell_len

    from lipcare.render.hanging import label_width

    assert label_width(label) == cell_len(label)
