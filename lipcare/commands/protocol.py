"""`lipcare protocol init|check|show`: a clinic's own protocol."""

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from lipcare.cli import COMMANDS, app
from lipcare.commands import common
from lipcare.errors import FAILURE, UsageError
from lipcare.text import _, inert, plural, printable

protocol_app = typer.Typer(help=COMMANDS["protocol"], no_args_is_help=True, add_completion=False)
app.add_typer(protocol_app, name="protocol")


@protocol_app.command("init")
def protocol_init(
    file: Annotated[
        str | None,
        typer.Argument(
            metavar="[FILE]",
            help="Where to write (default clinic-protocol.toml); the same as -o FILE.",
            show_default=False,
        ),
    ] = None,
    output: common.OutputOption = None,
    force: common.ForceOption = False,
) -> None:
    """Write the default protocol, with comments, as a starting point for a clinic's own."""
    from lipcare.protocol import starter_protocol

    if file is not None and output is not None and file != output:
        raise UsageError("give the file once: either FILE or -o FILE.")
    target = common.output_target(file if file is not None else output, "clinic-protocol.toml", force)
    common.write_file(starter_protocol(), target, _("a starting protocol"))
    if target.name != "-":
        common.echo(
            _("Edit it, then run: {command}").format(command=f"lipcare protocol check {printable(target.name)}")
        )


@protocol_app.command("check")
def protocol_check(
    file: Annotated[str, typer.Argument(metavar="FILE", help="The protocol file to check.", show_default=False)],
) -> None:
    """Check a protocol file and list every problem in it. Exit 0 when it is valid, 1 when not."""
    from lipcare.protocol import check_protocol

    checked = check_protocol(Path(file).expanduser())
    if checked.protocol is None:
        for problem in checked.problems:
            common.echo(inert(problem.shown()))
        if checked.more:
            common.echo(_("... and {count} not listed here.").format(count=plural(checked.more, "problem")))
        sys.stderr.write(
            _("{problems} found in {file}.").format(
                problems=plural(len(checked.problems) + checked.more, "problem"), file=printable(file)
            )
            + "\n"
        )
        raise typer.Exit(FAILURE)
    protocol = checked.protocol
    common.echo(
        inert(
            _("{file}: valid lipcare protocol '{name}' version {version}.").format(
                file=printable(file), name=protocol.name, version=protocol.version
            )
        )
    )
    if checked.defaulted:
        common.echo(_("Taken from the default protocol: {parts}.").format(parts=_(", ").join(checked.defaulted)))
    for warning in checked.warnings:
        common.echo(inert(_("Warning: {warning}").format(warning=warning.shown())))
    from lipcare.locale.translation import translation_report

    lines, problems = translation_report(protocol, Path(file).expanduser())
    for report_line in lines:
        common.echo(inert(report_line))
    if problems:
        # Each string with a problem is shown in English instead, but the file is not what its author meant.
        sys.stderr.write(
            _("{problems} found in the translations of {file}; those strings are shown in English.").format(
                problems=plural(problems, "problem"), file=printable(file)
            )
            + "\n"
        )
        raise typer.Exit(FAILURE)


@protocol_app.command("show")
def protocol_show(
    protocol_file: common.ProtocolOption = None,
    as_json: common.JsonFlag = False,
    rules: Annotated[
        bool,
        typer.Option(
            "--rules",
            help="List every rule of the check-in instead: what it reads, when, from which day to which, its "
            "level and its source.",
        ),
    ] = False,
) -> None:
    """Show the protocol in force: its name, where it comes from and its main values."""
    from lipcare.protocol import check_protocol
    from lipcare.settings import choose_protocol, load_settings

    protocol = common.current_protocol(protocol_file)
    if rules:
        from lipcare.assess import rule_table

        rows = rule_table(protocol)
        if as_json:
            from lipcare.render import jsonout

            common.echo_json("rules", jsonout.rules(rows, protocol))
            return
        from lipcare.render import terminal

        terminal.print_rules(rows, protocol)
        return
    path, _ = choose_protocol(protocol_file, os.environ.get("LIPCARE_PROTOCOL", ""), load_settings())
    defaulted = check_protocol(path).defaulted if path else []
    if as_json:
        from lipcare.render import jsonout

        common.echo_json("protocol", jsonout.protocol_summary(protocol, defaulted))
        return
    from lipcare.render import terminal

    terminal.print_protocol(protocol, defaulted)
