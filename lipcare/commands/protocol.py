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
    translation: Annotated[
        str | None,
        typer.Option(
            "--translation",
            metavar="LANG",
            help="Write a translation file to review instead: every text of the protocol with its English and "
            "lipcare's translation (default FILE: beside the protocol, PROTOCOL.LANG.toml).",
            show_default=False,
        ),
    ] = None,
    protocol_file: Annotated[
        str | None,
        typer.Option(
            "--protocol",
            metavar="FILE",
            help="With --translation: the clinic's protocol to translate (default: the protocol in force).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write the default protocol, with comments, for a clinic to edit; with --translation, a translation to review."""
    from lipcare.protocol import starter_protocol

    if file is not None and output is not None and file != output:
        raise UsageError("give the file once: either FILE or -o FILE.")
    if translation is not None:
        _init_translation(translation, file if file is not None else output, protocol_file, force)
        return
    if protocol_file is not None:
        raise UsageError("--protocol goes with --translation LANG: the protocol whose translation to write.")
    target = common.output_target(file if file is not None else output, "clinic-protocol.toml", force)
    common.write_file(starter_protocol(), target, _("a starting protocol"))
    if target.name != "-":
        common.echo(
            _("Edit it, then run: {command}").format(command=f"lipcare protocol check {printable(target.name)}")
        )


def _init_translation(language: str, file: str | None, protocol_file: str | None, force: bool) -> None:
    """`protocol init --translation LANG`: the protocol in force (or --protocol FILE), its translation to review."""
    from lipcare.locale import SOURCE, languages
    from lipcare.locale.translation import starter_translation
    from lipcare.protocol import load_protocol
    from lipcare.settings import choose_protocol, load_settings

    spoken = languages()
    code = language.strip().lower()
    if code not in spoken or code == SOURCE:
        raise UsageError(
            "Invalid value for '--translation': {language} is not a language lipcare translates into. Languages: "
            "{available}.",
            language=repr(language),
            available=", ".join(f"{key} ({name})" for key, name in spoken.items() if key != SOURCE),
        )
    path, chosen_by = choose_protocol(protocol_file, os.environ.get("LIPCARE_PROTOCOL", ""), load_settings())
    protocol = load_protocol(path, chosen_by=chosen_by)
    beside = path.with_name(f"{path.stem}.{code}.toml") if path is not None else Path(f"clinic-protocol.{code}.toml")
    target = common.output_target(file if file is not None else str(beside), str(beside), force)
    common.write_file(starter_translation(protocol, code, path), target, _("a translation to review"))
    if target.name == "-":
        return
    written = Path(target.name).expanduser()
    if path is not None and written.resolve() != beside.resolve():
        common.echo(
            _("lipcare reads a translation only as {name} beside {protocol}: rename it when it is reviewed.").format(
                name=printable(beside.name), protocol=printable(path.name)
            )
        )
    check = f"lipcare protocol check {printable(path.name)}" if path is not None else "lipcare protocol check FILE"
    common.echo(_("Review every text, set reviewed_by_clinician = true, then run: {command}").format(command=check))


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
    from lipcare.locale.translation import review_report
    from lipcare.protocol import load_protocol
    from lipcare.render import terminal

    # Which part of each translation a clinician has reviewed (the clinic's own file, lipcare's shipped one),
    # read against the protocol's own English, not the protocol as shown in the language of the run.
    terminal.print_protocol(protocol, defaulted, review_report(load_protocol(path), path))
