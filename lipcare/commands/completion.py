"""`lipcare completion SHELL`: the shell completion script on standard output, to load or save it yourself.

`lipcare --install-completion` writes it into the shell's start-up files instead (and says how to remove it:
lipcare.cli.install_completion); this command changes no file.
"""

from enum import StrEnum
from typing import Annotated

import typer

from lipcare.cli import COMMANDS, COMPLETE_VAR, app


class Shell(StrEnum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"
    powershell = "powershell"


@app.command("completion", help=COMMANDS["completion"])
def completion(
    shell: Annotated[Shell, typer.Argument(metavar="SHELL", help="bash, zsh, fish or powershell.", show_default=False)],
) -> None:
    from typer.completion import get_completion_script  # type: ignore[attr-defined]  # not re-exported

    typer.echo(get_completion_script(prog_name="lipcare", complete_var=COMPLETE_VAR, shell=shell.value))
