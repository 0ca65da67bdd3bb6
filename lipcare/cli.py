"""The command line: parse, call the domain, render, exit.

Rich, SQLite and the renderers are imported inside the commands that use
them, so that every command starts fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from datetime import date, time
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer._click.exceptions import ClickException
from typer._click.exceptions import UsageError as ClickUsageError
from typer.core import TyperGroup

from lipcare import __version__, clock
from lipcare.dates import parse_date, parse_time, shown
from lipcare.errors import FAILURE, LipcareError, UsageError
from lipcare.info import TOPICS

if TYPE_CHECKING:
    from lipcare.protocol import Protocol


class LipcareGroup(TyperGroup):
    """Turns every error into one line on stderr and an exit code: 2 for usage, 1 otherwise."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(
                args=args,
                prog_name=prog_name,
                complete_var=complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )
            code = result if isinstance(result, int) else 0
        except LipcareError as error:
            code = fail(str(error), error.exit_code)
        except ClickUsageError as error:
            hint = f" Try '{error.ctx.command_path} --help'." if error.ctx is not None else ""
            code = fail(error.format_message().rstrip(".") + "." + hint, error.exit_code)
        except ClickException as error:
            code = fail(error.format_message(), error.exit_code)
        except typer.Abort:
            code = fail("stopped; nothing was saved.", FAILURE)
        except Exception as error:  # the last line of defence: no traceback for users
            if os.environ.get("LIPCARE_DEBUG"):
                raise
            code = fail(
                f"lipcare hit a problem it does not know how to handle ({type(error).__name__}). "
                "Please report it; run again with LIPCARE_DEBUG=1 to see the details.",
                FAILURE,
            )
        if standalone_mode:
            sys.exit(code)
        return code


def fail(message: str, code: int) -> int:
    sys.stdout.flush()
    first_line = " ".join(message.split())
    sys.stderr.write(f"Error: {first_line}\n")
    sys.stderr.flush()
    return code


app = typer.Typer(
    cls=LipcareGroup,
    name="lipcare",
    help="Aftercare reminders and a private symptom journal after CO2 laser lip peeling.\n\n"
    "Education and reminders only: lipcare does not diagnose. Your physician's advice comes first.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"lipcare {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Aftercare reminders and a private symptom journal after CO2 laser lip peeling."""


JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout, for scripts.")]


def read_date(value: str, option: str, today: date) -> date:
    try:
        return parse_date(value, today)
    except UsageError as error:
        raise UsageError(f"Invalid value for '{option}': {error}") from None


def read_time(value: str, option: str) -> time:
    try:
        return parse_time(value)
    except UsageError as error:
        raise UsageError(f"Invalid value for '{option}': {error}") from None


def understood(option: str, typed: str, resolved: date) -> list[str]:
    """Echo a relative date back, so the user sees what it was taken to mean."""
    if typed.strip() == resolved.isoformat():
        return []
    return [f"Understood {option} '{typed}' as {resolved:%a} {resolved.day} {resolved:%b %Y} ({resolved.isoformat()})."]


def current_protocol() -> Protocol:
    from lipcare.protocol import load_protocol

    return load_protocol()


@app.command()
def info(
    topic: Annotated[
        str | None,
        typer.Argument(help=f"Show one section only: {', '.join(TOPICS)}.", show_default=False),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """What the procedure is, its steps, the expected course, aftercare, warning signs and sources."""
    if topic is not None and topic not in TOPICS:
        raise UsageError(f"Invalid value for '[TOPIC]': unknown topic {shown(topic)}. Topics: {', '.join(TOPICS)}.")
    topics = [topic] if topic else list(TOPICS)
    protocol = current_protocol()
    if as_json:
        from lipcare.render import jsonout

        typer.echo(jsonout.dumps(jsonout.info(protocol, topics)))
        return
    from lipcare.render import terminal

    terminal.print_info(protocol, topics)


@app.command()
def timeline(
    treatment: Annotated[
        str,
        typer.Option(
            "--date",
            "-d",
            metavar="DATE",
            help="Treatment date: YYYY-MM-DD, today, yesterday, 'N days ago'.",
            show_default=False,
        ),
    ],
    on: Annotated[
        str | None,
        typer.Option(metavar="DATE", help="The day to show the plan for (default: today).", show_default=False),
    ] = None,
    treatment_time: Annotated[
        str | None,
        typer.Option(
            "--time",
            metavar="HH:MM",
            help="Time of the treatment; day-0 rinses before it are left out.",
            show_default=False,
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Where you stand today, and your rinse, sun and recovery plan from the treatment date."""
    from lipcare.timeline import build_timeline

    today = clock.today()
    treated = read_date(treatment, "--date", today)
    asked = read_date(on, "--on", today) if on is not None else today
    at = read_time(treatment_time, "--time") if treatment_time is not None else None
    tl = build_timeline(current_protocol(), treated, asked, at)
    # The next rinse counts from the current time only when the plan is for today.
    now = clock.now() if asked == today else None
    if as_json:
        from lipcare.render import jsonout

        typer.echo(jsonout.dumps(jsonout.timeline(tl, now)))
        return
    from lipcare.render import terminal

    echoes = understood("--date", treatment, treated) + (understood("--on", on, asked) if on else [])
    terminal.print_timeline(tl, now, echoes)


def main() -> None:
    app()
