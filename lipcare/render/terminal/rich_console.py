"""The terminal itself: a Console that escapes what it must not show, paging, fitting text to the output's
encoding, and the numbered source notes every screen shares."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any, TypeVar, cast

from rich.console import Console, ConsoleOptions, ConsoleRenderable, RenderableType
from rich.protocol import rich_cast
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from lipcare.locale import current
from lipcare.protocol import Protocol
from lipcare.text import JOINER_RUN, JOINER_RUNS, _, encodable, inert, ltr_runs

if TYPE_CHECKING:
    pass  # info does not load the timeline code


URGENCY_STYLES = {"immediate": "bold red", "urgent": "bold red", "contact": "bold yellow"}
SET_PHONE = 'lipcare settings set clinic-phone "NUMBER"'
WARNING_SIGNS_COMMAND = "lipcare info warning-signs"

_CODE_CHARACTERS = frozenset("0123456789;")

LTR_KEY = "lipcare.ltr"
LTR = Style(meta={LTR_KEY: "run"})
"""The style of a left-to-right run inside right-to-left text (a phone number, a code): the console writes each
piece of it between the Unicode isolates LRI and PDI, after escaping (`InertConsole.render`), so the isolates
are lipcare's own and the same characters in outside text stay escaped."""
_DONE = Style(meta={LTR_KEY: "done"})
"""What the run's pieces carry once isolated: a panel around them passes them up as they are."""
LRI, PDI = "\u2066", "\u2069"


def ltr(value: str) -> Text:
    """`value` read left to right as one thing; in a right-to-left language, isolated from the text around it, so
    '+20 2 2735 0000' is never shown '0000 2735 2 20+'. In English, plain text."""
    return Text(value, style=LTR) if current().right_to_left else Text(value)


def said(template: str, **values: str | Text) -> Text:
    """`template.format(**values)` as one Text: each value given as a Text (such as `ltr(...)`) keeps its style."""
    from string import Formatter

    out = Text()
    for literal, field, _spec, _conversion in Formatter().parse(template):
        out.append(literal)
        if field is not None:
            value = values[field]
            out.append(value if isinstance(value, Text) else Text(str(value)))
    return out


def _isolated(segment: Segment) -> Segment:
    """A piece of a left-to-right run (LTR) escaped, then between LRI and PDI: each piece that wrapping left. The
    style says so (_DONE), so a panel around it passes the piece up as it is."""
    text = segment.text
    style = segment.style + _DONE if segment.style is not None else _DONE
    core = text.strip(" ")
    if not core or "\n" in text:
        return Segment(inert(text, keep_lines=True), style, segment.control)
    start = text.index(core)
    return Segment(f"{text[:start]}{LRI}{inert(core)}{PDI}{text[start + len(core) :]}", style, segment.control)


def _ltr(style: Style | None) -> str | None:
    """'run' for a left-to-right run to isolate, 'done' for one isolated already, else None (cheaply)."""
    return style.meta.get(LTR_KEY) if style is not None and style._meta is not None else None


def trimmed(text: str) -> str:
    """`text` without the spaces Rich leaves at the ends of wrapped and padded lines: the spaces and tabs
    before the line break, or before the style codes that end a line (`[ \\t]+` before `(\\x1b\\[[0-9;]*m)*\\n`).

    Done line by line rather than with that pattern, which tries every run of spaces in the output (a
    panel's padding before its border) at every length.
    """
    if " \n" not in text and "\t\n" not in text and "m\n" not in text:
        return text
    lines = text.split("\n")
    for index in range(len(lines) - 1):  # the last piece has no line break after it
        line = lines[index]
        if line.endswith((" ", "\t")):
            lines[index] = line.rstrip(" \t")
        elif line.endswith("m"):
            codes = len(line)  # where the style codes that end the line start
            while line.endswith("m", 0, codes):
                start = line.rfind("\x1b[", 0, codes)
                if start < 0 or not _CODE_CHARACTERS.issuperset(line[start + 2 : codes - 1]):
                    break
                codes = start
            if codes < len(line):
                lines[index] = line[:codes].rstrip(" \t") + line[codes:]
    return "\n".join(lines)


class _Trimmed:
    """A text stream that drops spaces at the ends of lines, so piped output has none."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(trimmed(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class InertConsole(Console):
    """A console that shows control characters (C0, DEL, C1) and bidi controls escaped.

    Notes, settings and protocol texts come from outside; whatever renderable
    carries them (Text, Table, Panel, a prompt), every piece of text passes
    through `render` here, so no call site can forget. Rich's own escape codes
    for styles are added after this, and line breaks are kept for the layout.
    """

    def on_broken_pipe(self) -> None:
        """The reader went away: handled by lipcare.cli as for every command (Rich would exit 1 itself, where a
        command printing without Rich exits 0)."""
        self.quiet = True
        raise BrokenPipeError

    def render(self, renderable: RenderableType, options: ConsoleOptions | None = None) -> Iterable[Segment]:
        # Console.render's own loop, so that a segment is escaped where it is made: what a nested renderable
        # yields comes from this method already escaped, and is passed up without another look.
        render_options = options or self.options
        renderable = rich_cast(renderable)
        if current().plain:
            renderable = unboxed(renderable)
        if render_options.max_width < 1 or not hasattr(renderable, "__rich_console__") or isinstance(renderable, type):
            yield from _escaped(super().render(renderable, options))  # Rich's checks and errors
            return
        if type(renderable) is Text and JOINER_RUN in renderable.plain:
            renderable = joiners_escaped(renderable)
        child_options = render_options.reset_height()
        runs = _runs_isolated()
        for output in cast(ConsoleRenderable, renderable).__rich_console__(self, render_options):
            if type(output) is Segment:
                text, style, control = output
                if control:
                    yield output
                    continue
                # The common case kept cheap (_ltr inline): printable text, or a bare line break, in a style
                # without meta has nothing to escape (in a right-to-left language, its Latin runs are isolated).
                mark = style.meta.get(LTR_KEY) if style is not None and style._meta is not None else None
                if mark is not None:
                    yield _isolated(output) if mark == "run" else output
                elif text.isprintable() or text == "\n":
                    yield output if runs is None else runs(output)
                else:
                    escaped = Segment(inert(text, keep_lines=True), style, control)
                    yield escaped if runs is None else runs(escaped)
            elif isinstance(output, Segment):
                yield from _escaped((output,))
            else:
                yield from self.render(output, child_options)


def joiners_escaped(text: Text) -> Text:
    """`text` with each run of joiners escaped where it is, in the style of its first joiner: Rich cannot lay such a
    run out at narrow widths (lipcare.text.JOINER_RUN), so it is escaped before Rich wraps the text, whichever
    outside text brought it (a note, a setting)."""
    import re

    out = text.blank_copy()
    done = 0
    for run in re.finditer(JOINER_RUNS, text.plain):
        out.append_text(text[done : run.start()])
        joiners = text[run.start() : run.end()]
        escaped = Text(inert(run.group(), marks=True), style=joiners.style)
        for span in joiners.spans:
            if span.start == 0:
                escaped.stylize(span.style)
        out.append_text(escaped)
        done = run.end()
    out.append_text(text[done:])
    return out


def spoken(text: str) -> str:
    """`text` as plain output says it (--plain): the symbols a screen reader would read out as words or
    punctuation ('8 → 6' as '8 to 6', 'lip peeling · protocol' as 'lip peeling: protocol'); else as it is."""
    if not current().plain:
        return text
    return text.replace(" → ", " " + _("to") + " ").replace(" · ", ": ")


def unboxed(renderable: RenderableType) -> RenderableType:
    """What plain output (--plain) prints for `renderable`: a box (lipcare's Box, or a Panel) as its title on a
    line of its own, then its content without a border or padding; anything else as it is."""
    from lipcare.render.hanging import Box, PanelBody, Stack

    content: RenderableType
    if isinstance(renderable, Box):
        content, title = renderable.body, renderable.title
    else:
        panels = sys.modules.get("rich.panel")  # not loaded: no Panel was made
        if panels is None or not isinstance(renderable, panels.Panel):
            return renderable
        content, title = renderable.renderable, renderable.title
    parts = list(content.renderables) if isinstance(content, PanelBody) else [content]
    if title is not None:
        parts.insert(0, Text(title.plain if isinstance(title, Text) else str(title), style="bold"))
    return Stack(*parts)


def _escaped(segments: Iterable[Segment]) -> Iterator[Segment]:
    runs = _runs_isolated()
    for segment in segments:
        mark = None if segment.control else _ltr(segment.style)
        if mark is not None:
            yield _isolated(segment) if mark == "run" else segment
        elif segment.control:
            yield segment
        else:
            text = segment.text if segment.text.isprintable() else inert(segment.text, keep_lines=True)
            escaped = Segment(text, segment.style, segment.control)
            yield escaped if runs is None else runs(escaped)


def _runs_isolated() -> Callable[[Segment], Segment] | None:
    """What isolates the left-to-right runs of a segment, in a right-to-left language written in logical order
    (--rtl visual reorders whole lines itself); None otherwise, at no cost."""
    locale = current()
    return _isolate_runs if locale.right_to_left and not locale.visual else None


def _isolate_runs(segment: Segment) -> Segment:
    """`segment` with its left-to-right runs isolated (lipcare.text.ltr_runs); marked, so that a renderable
    around it passes it up as it is."""
    text = segment.text
    isolated = ltr_runs(text)
    if isolated is text:
        return segment
    style = segment.style + _DONE if segment.style is not None else _DONE
    return Segment(isolated, style, segment.control)


def console(*, stderr: bool = False) -> Console:
    # Rich leaves out styling when stdout is not a terminal. Its own NO_COLOR
    # support drops colours but keeps bold and dim, so with NO_COLOR set we
    # turn every escape code off. Highlighting would recolour numbers: off.
    plain = bool(os.environ.get("NO_COLOR")) or current().plain
    if current().visual and not stderr:
        from lipcare.render.rtl import visual_console

        return visual_console(InertConsole)
    stream: Any = _Trimmed(sys.stderr if stderr else sys.stdout)
    # No markup or emoji codes in plain strings either: a clinic's "[...]" or ":...:" prints as written,
    # and Rich's emoji table (a large module) is never loaded.
    return InertConsole(highlight=False, markup=False, emoji=False, color_system=None if plain else "auto", file=stream)


def start(page: bool = False) -> Console:
    """A console for one command's output; with `page` on a terminal, it is kept for the pager."""
    out = console()
    command = None
    if page and current().pager and sys.stdout.isatty() and not current().visual:
        from lipcare.render import pager  # only a terminal pages

        command = pager.command()
    if command is not None:
        out.begin_capture()
        out._lipcare_pager = command  # type: ignore[attr-defined]
    return out


def finish(out: Console) -> None:
    """Send what `start` kept to the pager, which prints short output directly."""
    command = getattr(out, "_lipcare_pager", None)
    if command is not None:
        from lipcare.render import pager

        pager.show(trimmed(out.end_capture()), command)


@contextmanager
def output(page: bool = False) -> Iterator[Console]:
    out = start(page)
    yield out
    finish(out)


T = TypeVar("T")


def fitted(out: Console, value: T) -> T:
    """`value` (a protocol, a timeline, a check-in) with every text spelled in what `out` can print.

    Done before Rich lays the text out, so a '°' spelled 'deg' on an ASCII
    terminal still fits its box; what is missed is spelled when written.
    """
    encoding = out.encoding
    if encoding.replace("-", "").startswith("utf"):
        return value
    return _fitted(value, encoding)  # type: ignore[no-any-return]


def _fitted(value: Any, encoding: str) -> Any:
    if isinstance(value, str):
        return encodable(value, encoding)
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return type(value)(*(_fitted(item, encoding) for item in value))
    if isinstance(value, tuple | list):
        return type(value)(_fitted(item, encoding) for item in value)
    if isinstance(value, dict):
        return {key: _fitted(item, encoding) for key, item in value.items()}
    return value


class Notes:
    """Sources as footnote numbers: ' [2]' after a line, and one line naming them at the end.

    A source's number is its place in the protocol's [[sources]] (the first is [1]), the same in every
    output and in `lipcare info sources`, so [5] always means the same page."""

    def __init__(self, protocol: Protocol | None = None) -> None:
        self.ids: list[str] = []
        listed = protocol.sources if protocol is not None else {}
        self.places: dict[str, int] = {source: index for index, source in enumerate(listed)}

    def number(self, source: str) -> int:
        if source not in self.places:  # not in the protocol's sources: numbered after them
            self.places[source] = len(self.places)
        if source not in self.ids:
            self.ids.append(source)
            self.ids.sort(key=self.places.__getitem__)
        return self.places[source] + 1

    def mark(self, source: str) -> Text:
        """' [2]'; in plain output nothing (a screen reader would read out every bracket), and the sources line
        names each source cited."""
        number = self.number(source)
        return Text() if current().plain else Text(f" [{number}]", style="dim")

    def cite(self, text: str | Text, source: str) -> Text:
        out = Text(text) if isinstance(text, str) else text
        out.append_text(self.mark(source))
        return out

    def sources_line(self, width: int = 80, *, compact: bool = False) -> Text:
        """'Sources: [1] leaflet, [2] mayo-risks (see lipcare info sources)', never breaking a number from its name.

        `compact` leaves out the pointer to `lipcare info sources` when it would take a line of its own.
        """
        comma = _(", ").rstrip()  # the language's comma: "،" in Arabic
        plain = current().plain
        entries = [f"{'' if plain else f'[{self.places[source] + 1}] '}{source}{comma}" for source in self.ids]
        if entries:
            entries[-1] = entries[-1].removesuffix(comma)
        pointer = _("(see lipcare info sources)")  # each one's address, and what it supports
        lead = _("Sources:")
        lines = [lead]
        for entry in entries:
            if len(lines[-1]) + 1 + len(entry) > width and lines[-1].strip():
                lines.append(" " * len(lead))
            lines[-1] += " " + entry
        if len(lines[-1]) + 1 + len(pointer) <= width:
            lines[-1] += " " + pointer
        elif not compact:
            lines.append(" " * len(lead) + " " + pointer)
        return Text("\n".join(lines), style="dim", no_wrap=True, overflow="ignore")
