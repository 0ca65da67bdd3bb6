"""Lists whose wrapped lines hang under their text: the layout lipcare uses for bullets and footnotes.

`Hanging` lays out the same characters as `rich.table.Table.grid(padding=(0, 1))` with a no-wrap label
column (a test compares the two over random texts and widths), without importing `rich.table`, which
pulls in `fractions` and `decimal` and costs more start-up time than the rest of `lipcare info`. `Stack`,
`PanelBody`, `Box` and `PlainTable` do the same for Rich's Group, a panel's padded content, the Panel around it
and a simple Table (tests/test_hanging.py holds each to what Rich draws).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import pairwise

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, JustifyMethod, OverflowMethod, RenderableType, RenderResult
from rich.measure import Measurement, measure_renderables
from rich.segment import Segment
from rich.style import Style
from rich.text import Text


class Hanging:
    """Rows of a short label (a bullet, a footnote number) and a text; the text wraps beside the label."""

    def __init__(self, rows: Iterable[tuple[Text, RenderableType]], indent: int = 0) -> None:
        self.rows: Sequence[tuple[Text, RenderableType]] = list(rows)
        self.indent = indent
        """Spaces before each line: what `Padding(hanging, (0, 0, 0, indent))` lays out, without its own pass
        over every line."""

    def _widths(self, console: Console, options: ConsoleOptions) -> tuple[int, int]:
        label = max((label_width(label.plain) for label, _ in self.rows), default=0)
        body = max((_widest(console, options, body) for _, body in self.rows), default=0)
        return label, max(0, min(body, options.max_width - label - 1))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment | RenderableType]:
        laid_out = self.lines(console, options)
        if laid_out is None:  # the label alone is wider than the line: Padding crops it
            from rich.padding import Padding

            yield Padding(Hanging(self.rows), (0, 0, 0, self.indent))
            return
        new_line = Segment.line()
        for line in laid_out[0]:
            yield from line
            yield new_line

    def lines(self, console: Console, options: ConsoleOptions) -> tuple[list[list[Segment]], int] | None:
        """The lines this lays out in `options`, and their width (which they do not fill without an indent,
        and pass when a label alone is wider); None when a label does not fit beside an indent."""
        indent, full_width = self.indent, options.max_width
        if indent:
            options = options.update_width(full_width - indent)
            if options.max_width < 1:
                return [], 0
        if not self.rows:
            return [[]], 0  # an empty line, as an empty grid prints
        label_width, body_width = self._widths(console, options)
        margin = full_width - indent - label_width - 1 - body_width
        if indent and margin < 0:
            return None
        left = Segment(" " * indent)
        right = Segment(" " * margin)
        blank = Segment(" " * label_width)
        gap = Segment(" ")
        # A word longer than the line ends in an ellipsis, as in a table column; texts that must not be cut
        # (addresses) set their own overflow.
        body_options = options.update(width=body_width, height=None, overflow="ellipsis", justify="left")
        label_options = options.update(
            width=label_width, height=None, no_wrap=True, overflow="ellipsis", justify="left"
        )
        lines = []
        made: dict[tuple[object, ...], list[list[Segment]]] = {}  # a list's marks are mostly the same bullet
        for label, body in self.rows:
            same = None if label.spans else (label.plain, label.style, label.justify, label.overflow, label.no_wrap)
            label_lines = made.get(same) if same is not None else None
            if label_lines is None:
                label_lines = _render_lines(console, label, label_options)
                if same is not None:
                    made[same] = label_lines
            for index, body_line in enumerate(_render_lines(console, body, body_options)):
                line = [left] if indent else []
                if index < len(label_lines):
                    line += label_lines[index]
                else:
                    line.append(blank)
                line.append(gap)
                line += body_line
                if indent and margin:  # Padding fills its lines to the width
                    line.append(right)
                lines.append(line)
        return lines, full_width if indent else label_width + 1 + body_width

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        if self.indent:  # as Padding measures
            if options.max_width - self.indent < 1:
                return Measurement(options.max_width, options.max_width)
            least, most = Measurement.get(console, options, Hanging(self.rows))
            return Measurement(least + self.indent, most + self.indent).with_maximum(options.max_width)
        if not self.rows:
            return Measurement(0, 0)
        label = max(cell_len(label.plain) for label, _ in self.rows)
        bodies = [Measurement.get(console, options, body) for _, body in self.rows]
        extra = label + 1
        return Measurement(max(m.minimum for m in bodies) + extra, max(m.maximum for m in bodies) + extra).clamp(
            max_width=options.max_width
        )


BULLET = "•"
"""lipcare's list mark: one cell wide in every Unicode version Rich has a table for (tests/test_hanging.py)."""


def label_width(label: str) -> int:
    """The cells `label` takes, as `rich.cells.cell_len` says: a bullet or ASCII (a footnote number) without
    loading Rich's width tables, which cost more than a page of bullets (bench/startup.py)."""
    if label == BULLET or (label.isascii() and label.isprintable()):
        return len(label)
    return cell_len(label)


def _widest(console: Console, options: ConsoleOptions, body: RenderableType) -> int:
    """The width `body` takes unwrapped: for text, its longest line (what Measurement.get works out,
    without also finding its longest word, which a list does not need)."""
    if isinstance(body, Text):
        return max((cell_len(line) for line in body.plain.splitlines()), default=0)
    return Measurement.get(console, options, body).maximum


def _render_lines(console: Console, renderable: RenderableType, options: ConsoleOptions) -> list[list[Segment]]:
    """`console.render_lines(renderable, options, pad=True)`, laid out directly for a plain `Text`.

    For text, Rich wraps it, joins the lines into one text, renders that into segments, passes them up
    through `Console.render` and splits them into lines again; here the wrapped lines are made directly
    with the same characters and styles. Anything else, and text with characters a console escapes
    (control and bidi characters), goes through Rich.
    """
    if options.height is not None or type(renderable) is not Text:
        return console.render_lines(renderable, options, pad=True)
    text: Text = renderable
    laid_out = _text_lines(console, text, options)
    width = options.max_width
    if laid_out is not None:
        return [
            segments if length == width else [*segments, Segment(" " * (width - length))]
            for segments, length in laid_out
        ]
    if not _printable(text.plain) or text.end != "\n" or width < 1:
        return console.render_lines(renderable, options, pad=True)
    tab_size = console.tab_size if text.tab_size is None else text.tab_size
    justify = text.justify or options.justify or "default"
    overflow = text.overflow or options.overflow or "fold"
    no_wrap = text.no_wrap if text.no_wrap is not None else bool(options.no_wrap)
    wrapped = text.wrap(console, width, justify=justify, overflow=overflow, tab_size=tab_size or 8, no_wrap=no_wrap)
    get_style = console.get_style
    adjust = Segment.adjust_line_length
    lines = []
    for line in wrapped:
        if line.spans:
            segments = list(line.render(console))
        else:  # Rich's joined text carries the line's own style as a span
            segments = [Segment(line.plain, get_style(line.style, default=Style.null()) if line.style else None)]
        lines.append(adjust(segments, width, pad=True))
    return lines


class Stack:
    """Renderables one under another, as `rich.console.Group` prints them; plain text among them is laid
    out directly (see `_text_lines`), without Rich's passes over each of its segments."""

    def __init__(self, *renderables: RenderableType) -> None:
        self.renderables = renderables

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return measure_renderables(console, options, self.renderables)  # as Group measures

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment | RenderableType]:
        new_line = Segment.line()
        for renderable in self.renderables:
            kind = type(renderable)
            if kind is Hanging and options.max_width >= 1:
                # The lines a Hanging yields, yielded here: the console renders (and escapes) them once, as part
                # of this stack, rather than once more as the Hanging's own output.
                hung = renderable.lines(console, options)  # type: ignore[union-attr]
                if hung is None:
                    yield renderable
                    continue
                for line in hung[0]:
                    yield from line
                    yield new_line
                continue
            laid_out = _text_lines(console, renderable, options) if kind is Text else None  # type: ignore[arg-type]
            if laid_out is None:
                yield renderable
                continue
            for segments, _ in laid_out:
                yield from segments
                yield new_line


class PanelBody:
    """A panel's content with the panel's own padding: what `Panel(Stack(*renderables))` lays out inside its
    border (`Padding(stack, (0, 1))`), made line by line from texts and lists, without Rich's passes over
    every line to split and fill it (give it `Panel(..., padding=0)`)."""

    def __init__(self, *renderables: RenderableType) -> None:
        self.renderables = renderables

    def _rich(self) -> RenderableType:
        from rich.padding import Padding

        return Padding(Stack(*self.renderables), (0, 1))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self._rich())

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment | RenderableType]:
        lines = self.lines(console, options)
        if lines is None:
            yield self._rich()
            return
        new_line = Segment.line()
        for line in lines:
            yield from line
            yield new_line

    def lines(self, console: Console, options: ConsoleOptions) -> list[list[Segment]] | None:
        """The lines, each exactly `options.max_width` cells wide with the padding; None when they are left to
        Rich (a height to keep, no room, or content other than texts and lists)."""
        inner = options.update_width(options.max_width - 2)
        width = inner.max_width
        if (
            options.height is not None
            or width < 1
            or any(type(part) not in (Text, Hanging) for part in self.renderables)
        ):
            return None
        side = Segment(" ")
        out: list[list[Segment]] = []
        for part in self.renderables:
            if type(part) is Hanging:
                laid_out = part.lines(console, inner)
                if laid_out is None or laid_out[1] > width:  # cut to the width by Rich
                    lines = console.render_lines(part, inner, pad=True)
                else:
                    lines, used = laid_out
                    if used < width:
                        fill = Segment(" " * (width - used))
                        lines = [[*line, fill] for line in lines]
            else:
                lines = _render_lines(console, part, inner)
            out.extend([side, *line, side] for line in lines)
        return out


class Box:
    """A box around a `PanelBody` with its title at the top left: what `Panel(body, title=title,
    title_align="left", padding=0, border_style=border_style)` draws, without importing `rich.panel` (and with
    it `rich.box` and `rich.padding`) for the rounded border every screen draws the same way, and without
    Rich's second pass over the body's lines to split, measure and fill them: they are made at the box's inner
    width already (PanelBody.lines). An ASCII or legacy Windows console, and no room, get Rich's own Panel;
    tests/test_hanging.py holds both to the same output."""

    def __init__(self, body: PanelBody, *, title: Text | None = None, border_style: str = "none") -> None:
        self.body = body
        self.title = title
        self.border_style = border_style

    def panel(self) -> RenderableType:
        """The same box as Rich draws it."""
        from rich.panel import Panel

        return Panel(self.body, title=self.title, title_align="left", padding=0, border_style=self.border_style)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.panel())

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        child = options.update(width=width - 2, highlight=False)
        simple = width > 4 and options.height is None and not options.ascii_only and not options.legacy_windows
        lines = self.body.lines(console, child) if simple else None
        if lines is None:
            yield self.panel()
            return
        border = console.get_style(self.border_style)
        new_line = Segment.line()
        if not self.title:  # None or empty, as Panel takes it
            yield Segment(f"╭{'─' * (width - 2)}╮", border)
        else:  # as Panel makes its title (Panel._title) and aligns it to the left
            title = self.title.copy()
            title.end = ""
            title.plain = title.plain.replace("\n", " ")
            title.no_wrap = True
            title.expand_tabs()
            title.pad(1)
            title.stylize_before(border)
            title.truncate(width - 4)
            if title.style:
                title.stylize(console.get_style(title.style))
            excess = width - 4 - cell_len(title.plain)
            if excess:
                title = Text.assemble(title, ("─" * excess, border), no_wrap=True, end="")
            yield Segment("╭─", border)
            yield from console.render(title, child.update_width(width - 4))
            yield Segment("─╮", border)
        yield new_line
        side = Segment("│", border)
        for line in lines:
            yield side
            yield from line
            yield side
            yield new_line
        yield Segment(f"╰{'─' * (width - 2)}╯", border)
        yield new_line


def _printable(text: str) -> bool:
    return text.isprintable() or text.replace("\n", "").isprintable()


def _text_lines(console: Console, text: Text, options: ConsoleOptions) -> list[tuple[list[Segment], int]] | None:
    """The lines `text` takes in `options`, unpadded, as `Text.__rich_console__` makes them; None unless
    it is printable ASCII text that wraps, ends in a line break and has room."""
    if text.end != "\n" or options.max_width < 1 or not _printable(text.plain):
        return None
    no_wrap = bool(text.no_wrap if text.no_wrap is not None else options.no_wrap)
    justify = text.justify or options.justify or "default"
    overflow = text.overflow or options.overflow or "fold"
    return _layout_ascii(console, text, options.max_width, justify, overflow, no_wrap)


def _narrow(text: str) -> bool:
    """Whether every character of `text` takes one cell, as Rich measures: then its length is its width."""
    if "\u200d" in text or "\ufe0f" in text:  # joiners and variation selectors change the width of a sequence
        return False
    return all(char == BULLET or cell_len(char) == 1 for char in {char for char in text if not char.isascii()})


def _breaks(text: str, width: int, fold: bool) -> list[int] | None:
    """Where Rich breaks a line of printable text whose every character takes one cell: the offsets
    `rich._wrap.divide_line` gives, or None for a word too long for the line that Rich would fold.

    Rich measures word by word (a word is its spaces before the first word, its letters and the spaces
    after it) and breaks before a word that would end beyond the width, unless it starts the line. In
    printable text the only space is " ", so the word that ends beyond the width is found from the
    character at the width, without measuring the words before it.
    """
    breaks: list[int] = []
    size = len(text)
    line = 0  # where the current line starts: 0, or the start of a word
    while line + width < size:
        limit = line + width  # the first character beyond the line
        if text[limit] == " ":  # the word beyond starts at the next letter
            start = limit
            while start < size and text[start] == " ":
                start += 1
            if start == size:
                return breaks
            if text[line:limit].strip(" "):
                breaks.append(start)
                line = start
                continue
            start = line  # only spaces before: they belong to the line's first word
        else:  # the word that holds the character at the width starts after the last space before it
            start = text.rfind(" ", line, limit) + 1
            if start <= line or not text[line:start].strip(" "):
                start = line
        if start > line:
            breaks.append(start)
            line = start
            continue
        # The line's first word is wider than the line: Rich folds it, or lets it overflow (cut when laid
        # out) and starts the next line with the next word.
        if fold:
            return None
        next_word = _next_word(text, line)
        if next_word is None:
            return breaks
        breaks.append(next_word)
        line = next_word
    return breaks


def _next_word(text: str, line: int) -> int | None:
    """The start of the word after the one that starts at `line` (its spaces, letters and spaces)."""
    size = len(text)
    position = line
    while position < size and text[position] == " ":
        position += 1
    while position < size and text[position] != " ":
        position += 1
    while position < size and text[position] == " ":
        position += 1
    return position if position < size else None


def _layout_ascii(
    console: Console, text: Text, width: int, justify: JustifyMethod, overflow: OverflowMethod, no_wrap: bool
) -> list[tuple[list[Segment], int]] | None:
    """The lines Rich makes of printable `text` whose every character takes one cell (ASCII, and most
    Latin, Greek and Cyrillic), each as its segments and its length in cells, without Rich's copies of
    the text for each step; None when Rich must do it.

    Rich's steps, for each line of the text: unless `no_wrap`, break it between words (`divide_line`) and
    cut spaces beyond the width from each piece (`rstrip_end`); cut a piece that is still too wide (an
    ellipsis for "ellipsis") and, with justify "left", pad a shorter one with spaces (`truncate`). The
    characters keep their
    styles (the text's own, then its spans in order); padding has the text's own style; Rich starts a
    new segment at every span's start and end.
    """
    plain = text.plain
    if overflow == "ignore" and no_wrap and justify != "left" and all(len(line) <= width for line in plain.split("\n")):
        # Lines that fit are left as they are either way (a sources line, made to fit). Not with "left": Rich pads
        # a line it may not cut outside the text's style, where a cut one is padded in it.
        overflow = "crop"
    if justify not in ("default", "left") or overflow not in ("fold", "ellipsis", "crop"):
        return None
    if "\t" in plain or width < 1 or not (plain.isascii() or _narrow(plain)):
        return None
    size = len(plain)
    spans = text.spans
    if any(not 0 <= span.start < span.end <= size for span in spans):
        return None  # an empty or stray span: Rich keeps it in some steps and not in others
    get_style = console.get_style
    null = Style.null()
    own = get_style(text.style, default=null) if text.style else None
    styles = [get_style(span.style, default=null) for span in spans]
    combined: dict[tuple[int, ...], Style | None] = {}
    fold = overflow == "fold"
    lines: list[tuple[list[Segment], int]] = []
    first = 0
    for paragraph in plain.split("\n"):
        if no_wrap:  # Rich 13 cuts the spaces beyond the width here too: left to Rich
            breaks: list[int] | None = [] if len(paragraph) <= width or not paragraph[-1].isspace() else None
        else:
            breaks = _breaks(paragraph, width, fold)
        if breaks is None:
            return None
        edges = [0, *breaks, len(paragraph)]
        for left, right in pairwise(edges):
            start, end = first + left, first + right
            length = end - start
            if length > width:  # rstrip_end
                piece = plain[start:end]
                end -= min(length - len(piece.rstrip()), length - width)
                length = end - start
            ellipsis = False
            if length > width:  # truncate
                ellipsis = overflow == "ellipsis"
                end = start + width - 1 if ellipsis else start + width
            pad = width - length if justify == "left" and length < width else 0
            stop = end + 1 if ellipsis else end  # the ellipsis takes the styles of the character it replaces
            line = plain[start:end] + ("…" if ellipsis else "") + " " * pad
            if not spans:  # the text's own style over the whole line (Style.combine of one style is that style)
                lines.append(([Segment(line, own)], len(line)))
                continue
            cuts = {0, len(line)}
            covering = []
            for index, span in enumerate(spans):
                if span.start < stop and span.end > start:
                    covering.append(index)
                    cuts.add(max(span.start, start) - start)
                    cuts.add(min(span.end, stop) - start)
            segments = []
            for cut, next_cut in pairwise(sorted(cuts)):
                at = start + cut
                if at >= stop or not covering:
                    key: tuple[int, ...] = ()
                elif len(covering) == 1:  # most lines: the text and its footnote number
                    only = covering[0]
                    key = (only,) if spans[only].start <= at < spans[only].end else ()
                else:
                    key = tuple(i for i in covering if spans[i].start <= at < spans[i].end)
                if key not in combined:
                    chosen = [styles[index] for index in key]
                    if own is not None:
                        chosen.insert(0, own)
                    combined[key] = Style.combine(chosen) if chosen else None
                segments.append(Segment(line[cut:next_cut], combined[key]))
            lines.append((segments, len(line)))
        first += len(paragraph) + 1
    return lines


class PlainTable:
    """A table of short cells with a header, laid out as `Table(box=None, show_edge=False, pad_edge=False,
    padding=(0, 1))` lays it out when every cell fits on the line (a test compares the two). When the
    table is wider than the line, `rich.table` itself is loaded to wrap the cells."""

    def __init__(self, headers: Sequence[str], right: Sequence[bool]) -> None:
        self.headers = list(headers)
        self.right = list(right)
        self.rows: list[tuple[list[str], str]] = []

    def add_row(self, *cells: str, style: str = "") -> None:
        self.rows.append((list(cells), style))

    def _widths(self) -> list[int]:
        return [
            max(cell_len(row[index]) for row in [self.headers, *(cells for cells, _ in self.rows)])
            for index in range(len(self.headers))
        ]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment | RenderableType]:
        widths = self._widths()
        cells = [cell for row in [self.headers, *(cells for cells, _ in self.rows)] for cell in row]
        simple = all(cell == cell.strip() and cell.isprintable() for cell in cells)
        if not simple or not widths or min(widths) == 0 or sum(widths) + 2 * (len(widths) - 1) > options.max_width:
            yield self._table()
            return
        cell_style = console.get_style("table.cell")
        lines = [(self.headers, cell_style + console.get_style("table.header"))]
        lines += [(cells, cell_style + console.get_style(style) if style else cell_style) for cells, style in self.rows]
        last = len(widths) - 1
        for cells, style in lines:
            for index, (cell, width) in enumerate(zip(cells, widths, strict=True)):
                space = " " * (width - cell_len(cell))
                yield Segment(space + cell if self.right[index] else cell + space, style)
                if index < last:
                    yield Segment(" ", style)
                    yield Segment(" ", style)
            yield Segment.line()

    def _table(self) -> RenderableType:
        from rich.table import Table

        table = Table(show_edge=False, box=None, pad_edge=False, padding=(0, 1))
        for header, right in zip(self.headers, self.right, strict=True):
            table.add_column(header, justify="right" if right else "left")
        for cells, style in self.rows:
            table.add_row(*cells, style=style)
        return table
