"""The command line's root: the `lipcare` group, its error handling, and where each command lives.

The CLI layer parses, calls domain code, renders and exits; it holds no rules. Each command is defined in
a module of `lipcare.commands`, imported only when that command runs: `lipcare timeline` never loads the
code of `checkin` or `export`, and `lipcare --help` lists every command from COMMANDS without loading any.
Rich, SQLite and the renderers are imported inside the commands that use them, so that every command
starts fast.
"""

import errno
import gc
import os
import sys
from collections.abc import Iterator, MutableMapping, Sequence
from contextlib import suppress
from importlib import import_module
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperCommand, TyperGroup, TyperOption

from lipcare import __version__
from lipcare.errors import FAILURE, USAGE, LipcareError, Message
from lipcare.helptext import HelpContext, teach
from lipcare.locale import current, using
from lipcare.start import GC_THRESHOLDS
from lipcare.text import _, inert, tolerate_any_encoding

if TYPE_CHECKING:
    from lipcare.locale import Locale

COMMANDS = {
    "info": "What the procedure is, its steps, the expected course, aftercare, warning signs and sources.",
    "timeline": "Where you stand today, and your rinse, sun and recovery plan from the treatment date.",
    "checkin": "Record how your lips are today in your private journal, and see what to do.",
    "history": "Your check-ins with a redness trend: what to bring to your follow-up.",
    "report": "A report of your check-ins with a chart and your photos (one HTML file), to bring to your follow-up.",
    "data": "Where your journal is; export or erase it.",
    "settings": "Your clinic's details and protocol file, kept for every command.",
    "export": "Your plan as a calendar file, a printable page or a FHIR record for a clinic.",
    "photo": "Photos of your lips, kept with your check-ins.",
    "appointment": "Your follow-up appointments: add, list and remove them.",
    "medicine": "Your medicines and when to take them: the protocol's, and your own.",
    "protocol": "A clinic's own protocol: write, check and show it.",
    "remind": "Desktop reminders of your plan (rinses, doses, appointments, check-ins), shown at their times.",
    "completion": "Print the script that completes lipcare's commands and options when you press Tab.",
}
"""Every command of `lipcare` with its help, in the order the help lists them. Command NAME is defined in
the module lipcare.commands.NAME, which passes COMMANDS[NAME] to Typer as its help: the list and the
command's own page say the same."""


class LazyCommands(MutableMapping[str, Any]):
    """The root group's commands: every name in COMMANDS, each built (module imported, Click object made)
    the first time it is looked up. Click and Typer read commands only through this mapping: resolving the
    command typed, "did you mean" (the names alone), shell completion (all of them)."""

    def __init__(self, built: dict[str, Any]) -> None:
        self.built = built

    def __getitem__(self, name: str) -> Any:
        if name not in self.built:
            if name not in COMMANDS:
                raise KeyError(name)
            self.built[name] = build_command(name)
        return self.built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self.built[name] = command

    def __delitem__(self, name: str) -> None:
        del self.built[name]

    def __iter__(self) -> Iterator[str]:
        yield from COMMANDS
        yield from (name for name in self.built if name not in COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS.keys() | self.built.keys())


def build_command(name: str) -> Any:
    """The Click command (or group) `name`, from its module, as Typer would have built it with the others."""
    import_module(f"lipcare.commands.{name}")  # its decorators register it on `app`
    pretty = app.pretty_exceptions_short
    for info in app.registered_commands:
        if info.name == name:
            command = typer.main.get_command_from_info(info, pretty_exceptions_short=pretty, rich_markup_mode=None)
            break
    else:
        group = next(group for group in app.registered_groups if group.name == name)
        command = typer.main.get_group_from_info(
            group, pretty_exceptions_short=pretty, suggest_commands=app.suggest_commands, rich_markup_mode=None
        )
    if not PROCESS_ARGS or root_options_read(command, PROCESS_ARGS[0]):
        with_root_options(command)
    if current().translated:
        from lipcare.click_words import translate_help

        translate_help(command)
    teach(command)
    return command


ROOT_OPTIONS = {
    "--lang": ("CODE", "Language: en or ar. Also LIPCARE_LANG, lipcare settings set language CODE, or your locale."),
    "--rtl": (
        "MODE",
        "Right-to-left text: logical (for terminals with bidi support, the default), visual (reshaped and "
        "reordered, for xterm, kitty, Windows Terminal; needs lipcare[rtl]) or auto. Also LIPCARE_RTL.",
    ),
    "--plain": (
        None,
        "Plain text for screen readers and simple terminals: no boxes, lines, symbols or colour. Also "
        "LIPCARE_PLAIN=1, or TERM=dumb.",
    ),
    "--no-pager": (None, "Print directly, even when the output is longer than the screen."),
}
"""The options of the whole run, with their metavar (None: a flag) and help: accepted before the command
(`lipcare --plain timeline`) and on every command (`lipcare timeline --plain`). lipcare.locale.choose reads
them from the command line before any option is parsed, wherever they are; Click only has to accept them."""


def root_option(name: str) -> Any:
    """The Click option ROOT_OPTIONS[name], not passed to the command (its value was read at the root)."""
    metavar, text = ROOT_OPTIONS[name]
    return TyperOption(
        param_decls=[name], is_flag=metavar is None, metavar=metavar, expose_value=False, help=text, show_default=False
    )


def with_root_options(command: Any) -> None:
    """Give `command`, and every command of the group `command`, the ROOT_OPTIONS it does not declare itself
    (`lipcare data --plain export` as `lipcare data export --plain`): their values were read at the root
    (lipcare.locale.choose), so the command is not given them."""
    if hasattr(command, "commands"):
        for each in command.commands.values():
            with_root_options(each)
    declared = {name for param in command.params for name in getattr(param, "opts", ())}
    command.params.extend(root_option(name) for name in ROOT_OPTIONS if name not in declared)


def command_at(args: Sequence[str]) -> int | None:
    """Where the command is in `args`, after the root's own options (--version, ROOT_OPTIONS with their values),
    where Click stops reading the root's options; None when something else comes first (the help, a completion
    option, a mistyped option, '--') or no command does."""
    index = 0
    while index < len(args):
        word = args[index]
        if not word.startswith("-"):
            return index
        name, equals, _value = word.partition("=")
        if word == "--version" or ROOT_OPTIONS.get(word, ("",))[0] is None:
            index += 1  # a flag
        elif name in ROOT_OPTIONS:
            index += 1 if equals else 2  # an option and its value
        else:
            return None
    return None


def completion_options_read(args: Sequence[str]) -> bool:
    """Whether Click may read the root's --install-completion and --show-completion when lipcare is run with
    `args`: not when the root's own options are followed by a command (`command_at`). Anything else before the
    command (the help, those two, a mistyped option Click suggests them for), no command at all (the root's help
    lists them), or a shell asking for completions, may. Typer makes the two from a function's signature: 1.2
    million instructions saved on every command that does not need them (bench/startup.py)."""
    return COMPLETE_VAR in os.environ or command_at(args) is None


def root_options_read(command: Any, args: Sequence[str]) -> bool:
    """Whether Click may read ROOT_OPTIONS on `command` when lipcare is run with `args`: when a word after the
    command starts with '-' and is none of its own options (a root option, a mistyped one Click suggests them
    for, the help), on a group, or for a shell asking for completions (0.5 million instructions otherwise)."""
    at = command_at(args)
    if at is None or hasattr(command, "commands") or COMPLETE_VAR in os.environ:
        return True
    declared = {name for param in command.params for name in getattr(param, "opts", ())}
    return any(word.startswith("-") and word.partition("=")[0] not in declared for word in args[at + 1 :])


def only_root_options(args: Sequence[str]) -> bool:
    """Whether `args` is one or more ROOT_OPTIONS, each with its value, and nothing else."""
    index = 0
    while index < len(args):
        name, equals, _value = args[index].partition("=")
        if name not in ROOT_OPTIONS or (equals and ROOT_OPTIONS[name][0] is None):
            return False
        index += 1 if equals or ROOT_OPTIONS[name][0] is None else 2
    return 0 < index == len(args)


class LipcareGroup(TyperGroup):
    """Turns every error into one line on stderr and an exit code: 2 for usage, 1 otherwise."""

    context_class = HelpContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The root's own options, first in its help, made as each command's are: declared on `root()`, Typer
        # would read them from its signature (inspect, get_type_hints, an Annotated alias each), some 2.4
        # million instructions on every command's start (bench/startup.py, docs/development.md).
        self.params[:0] = [version_option(), *(root_option(name) for name in ROOT_OPTIONS)]
        if not PROCESS_ARGS or completion_options_read(PROCESS_ARGS[0]):  # Typer's, as add_completion adds them
            self.params.extend(typer.main.get_install_completion_arguments())
        self.commands = self.lazy = LazyCommands(dict(self.commands))  # what Typer built: the commands imported
        for command in self.lazy.built.values():  # (in one process that imported them before: tests)
            with_root_options(command)
            teach(command)
        self.listing = False

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if self.listing and cmd_name in COMMANDS and cmd_name not in self.lazy.built:
            # The top-level help reads a command's name and help only: no need to build it for that.
            listed = TyperCommand(cmd_name, help=COMMANDS[cmd_name], short_help=COMMANDS[cmd_name])
            if current().translated:
                from lipcare.click_words import translate_help

                translate_help(listed)
            return listed
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # the names: Typer's own reads every command, which builds them all

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        self.listing = True
        try:
            super().format_commands(ctx, formatter)
        finally:
            self.listing = False

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        # Advice must reach a terminal whatever its encoding: what it lacks is spelled in ASCII.
        tolerate_any_encoding(sys.stdout, sys.stderr)
        NOTES_ON_SUCCESS.clear()
        TYPED[:] = list(sys.argv[1:] if args is None else args)
        for param in self.params:
            if param.name == "install_completion":
                param.callback = install_completion
        with using(root_locale(self, TYPED)):
            # `lipcare --plain` or `lipcare --lang ar` alone: the help, as bare `lipcare` shows it, in that form
            if only_root_options(TYPED):
                args = []
            code = self._run(args, prog_name, complete_var, windows_expand_args, **extra)
        if standalone_mode:
            sys.exit(code)
        return code

    def _run(
        self, args: Sequence[str] | None, prog_name: str | None, complete_var: str | None, expand: bool, **extra: Any
    ) -> int:
        """The command, its errors turned into one line on stderr: the exit code."""
        try:
            if sys.stdout is None:  # started with standard output closed (>&-)
                raise LipcareError("standard output is closed, so lipcare has nowhere to print; nothing was done.")
            result = super().main(
                args=args,
                prog_name=prog_name,
                complete_var=complete_var,
                standalone_mode=False,
                windows_expand_args=expand,
                **extra,
            )
            code = result if isinstance(result, int) else 0
            if code == INTERRUPTED:
                # Typer turns Ctrl-C outside lipcare's own questions (a passphrase prompt) into Exit(130), which
                # a non-standalone run returns as its code: say it as every other Ctrl-C is said. lipcare itself
                # never ends with 130 otherwise.
                code = interrupted(at_prompt=True)
            sys.stdout.flush()  # a full disk or a closed pipe shows here, not silently at exit
            if code == 0 and NOTES_ON_SUCCESS:  # after an error, the error's one line says it all
                sys.stderr.write("".join(note + "\n" for note in NOTES_ON_SUCCESS))
            if code == 0 and for_a_person(TYPED):
                show_missed_reminders()
        except BrokenPipeError:
            code = quiet_broken_pipe()
        except SystemExit as done:
            # Click ends a broken pipe with sys.exit(1) itself: the same quiet exit as every other command.
            context = done.__context__
            if not (isinstance(context, OSError) and context.errno == errno.EPIPE):
                raise
            code = quiet_broken_pipe()
        except LipcareError as error:
            code = fail(error.shown(), error.exit_code)
        except typer.TyperException as error:  # Click's errors: Typer vendors Click and exports their base
            code = click_error(error)
        except typer.Abort as stopped:
            if isinstance(stopped.__context__, KeyboardInterrupt):  # Ctrl-C at a question
                code = interrupted()
            else:  # the end of input at a question: nothing to answer with
                code = fail(Message("stopped; nothing was saved."), FAILURE)
        except KeyboardInterrupt:
            code = interrupted()
        except UnicodeError:  # e.g. a typed answer with bytes that are not UTF-8 (a C locale keeps them)
            code = fail(
                Message(
                    "some text given has bytes that are not UTF-8, so lipcare cannot store or show it; "
                    "nothing was saved. Type it again."
                ),
                FAILURE,
            )
        except OSError as error:
            if error.errno == errno.EPIPE:
                code = quiet_broken_pipe()
            elif error.filename is not None:  # a file the command used (--install-completion's ~/.bashrc)
                code = fail(
                    Message(
                        "could not use {path}: {error}. Anything lipcare had saved is kept.",
                        path=inert(str(error.filename)),
                        error=error.strerror or error,
                    ),
                    FAILURE,
                )
            else:
                # Files, the journal and protocols turn their own OSErrors into messages; what is left is
                # standard output: closed, a full disk (> /dev/full), a device that fails.
                silence_stdout()
                code = fail(
                    Message(
                        "could not write to standard output: {error}. Anything lipcare had saved is kept.",
                        error=error.strerror or error,
                    ),
                    FAILURE,
                )
        except ValueError as error:
            if "null byte" not in str(error) and "null character" not in str(error):
                code = last_resort()
            else:  # os and open() refuse a NUL in a file name, wherever the name was given
                code = fail(Message("a file name cannot contain a NUL character; nothing was read or written."), USAGE)
        except Exception:  # the last line of defence: no traceback, no exception name for users
            code = last_resort()
        return code


NOTES_ON_SUCCESS: list[str] = []
"""Lines for standard error once the command has succeeded, such as why it ran without its cache."""
TYPED: list[str] = []
"""The command line as typed (after `lipcare`): an error can give it back with what is missing."""


def for_a_person(typed: Sequence[str]) -> bool:
    """Whether the command's output is for a person to act on: not --json, not the reminders' timer (remind due),
    not a shell asking for completions, and not a help page or the version (documentation: missed reminders wait
    for the next command, where they are read, rather than being used up at the foot of a help page)."""
    if {"--json", "-h", "--help", "--version"} & set(typed) or COMPLETE_VAR in os.environ:
        return False
    words = [word for word in typed if not word.startswith("-")]
    return not any(words[index : index + 2] == ["remind", "due"] for index in range(len(words)))


def show_missed_reminders() -> None:
    """The reminders `remind due` could not show, or showed late, one line each on stderr; then they are no longer
    kept. With none, this costs one look in the data folder; it never stops a command."""
    try:
        from lipcare.paths import MISSED_REMINDERS_NAME, data_dir

        folder = data_dir()
        if not os.path.lexists(folder / MISSED_REMINDERS_NAME):
            return
        from lipcare import remind_store

        missed = remind_store.take_missed(str(folder))  # the timer's data_folder(), as tests/test_remind.py holds
        if not missed:
            return
        from lipcare import clock
        from lipcare.render.notification import missed_lines

        today, now = clock.today(), clock.now()
        minute = remind_store.key(today.year, today.month, today.day, now.hour, now.minute)
        sys.stderr.write("".join(inert(line) + "\n" for line in missed_lines(missed, minute)))
    except Exception:  # a damaged file, a closed stderr: the command's own work is done and kept
        return


def root_locale(root: "LipcareGroup", args: Sequence[str]) -> "Locale":
    """The language of the run, chosen once before any option is parsed (lipcare.locale.choose): for what Click
    shows before a command runs (help, errors in the command line) and for every command."""
    from lipcare.locale.choose import resolve

    locale = resolve(args, os.environ, sys.stdout is not None and sys.stdout.isatty())
    if locale.translated:
        from lipcare.click_words import translate_help

        with using(locale):
            translate_help(root)
    return locale


def last_resort() -> int:
    """The generic message for an exception nothing else handled (called inside its except block)."""
    if os.environ.get("LIPCARE_DEBUG"):
        raise  # the exception being handled, with its traceback
    return fail(
        Message(
            "lipcare hit a problem it does not know how to handle. Anything it had saved is kept. "
            "Run it again with LIPCARE_DEBUG=1 to see the details, and give them to whoever gave you lipcare."
        ),
        FAILURE,
    )


def click_error(error: typer.TyperException) -> int:
    """One line for a command line Click could not read (exit 2), or the help when none was given."""
    ctx = getattr(error, "ctx", None)
    message = error.format_message()
    if type(error).__name__ != "NoArgsIsHelpError":
        from lipcare.click_words import click_message

        message = click_message(message)  # in English too: "not a whole number", never "not a valid int"
    if type(error).__name__ == "NoArgsIsHelpError":  # `lipcare` or `lipcare data` alone: the help, as Click gives it
        typer.echo(message, err=True)
        return error.exit_code
    if error.exit_code == USAGE:
        hint = " " + _("Try '{command} --help'.").format(command=ctx.command_path) if ctx is not None else ""
        said = message + ("" if message.endswith((".", "?", "!", "\u061f")) else ".") + hint  # Click's, said already
        return fail(said, error.exit_code)
    return fail(message, error.exit_code)


def fail(message: "Message | str", code: int) -> int:
    """One line on stderr, outside text in it escaped; a broken stderr cannot turn an error into a crash.
    `message` is a Message, said here in the language in force, or a text said already (an error's, Click's)."""
    said = message.shown() if isinstance(message, Message) else message
    first_line = inert(" ".join(said.split()))
    with suppress(OSError, ValueError, AttributeError):
        sys.stdout.flush()
    with suppress(OSError, ValueError, AttributeError):
        sys.stderr.write(f"{_('Error:')} {first_line}\n")
        sys.stderr.flush()
    return code


COMPLETE_VAR = "_LIPCARE_COMPLETE"
"""The variable through which a shell asks lipcare for completions (Typer's name for it)."""

REMOVE_COMPLETION = {
    "bash": "To remove it, delete that file and the line source '{path}' in ~/.bashrc.",
    "zsh": "To remove it, delete that file; the line lipcare added to ~/.zshrc (fpath+=~/.zfunc; autoload -Uz "
    "compinit; compinit) may serve other programs too.",
    "fish": "To remove it, delete that file.",
}


def install_completion(ctx: Any, param: Any, value: Any) -> Any:
    """--install-completion: Typer's, and then where it wrote and how to remove it again."""
    if not value or ctx.resilient_parsing:
        return value
    from typer.completion import install  # type: ignore[attr-defined]  # Typer's own, not re-exported

    shell, path = install(
        shell=value if isinstance(value, str) else None, prog_name="lipcare", complete_var=COMPLETE_VAR
    )
    said = _("Completion for {shell} is in {path}; it works in a new terminal.").format(
        shell=shell, path=inert(str(path))
    )
    removal = REMOVE_COMPLETION.get(shell, "To remove it, delete the lines lipcare added to {path}.")
    typer.echo(said + " " + _(removal).format(path=inert(str(path))))
    raise typer.Exit()


INTERRUPTED = 130
"""The exit code after Ctrl-C, as shells give it (128 + SIGINT) and Python itself does since 3.8."""


def interrupted(*, at_prompt: bool = False) -> int:
    """Ctrl-C: the person stopped the command, so it is no error. A check-in is saved in one transaction and
    files are written under a temporary name, so a command stopped half-way has saved nothing. `at_prompt`:
    stopped at a prompt that does not echo (a passphrase), so the terminal's cursor is still on its line."""
    with suppress(OSError, ValueError, AttributeError):
        sys.stdout.flush()
    with suppress(OSError, ValueError, AttributeError):
        start = "\n" if at_prompt and sys.stderr.isatty() else ""
        sys.stderr.write(start + _("Stopped; nothing was saved.") + "\n")
        sys.stderr.flush()
    return INTERRUPTED


def silence_stdout() -> None:
    with suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def quiet_broken_pipe() -> int:
    """The reader went away (`lipcare history | head -1`): stop quietly, like other Unix tools, and exit 0 as
    a command whose whole output fitted in the pipe does: the reader chose to stop reading, and which of the
    two happens depends only on the output's size and timing (`info | head` and `history | head` alike)."""
    silence_stdout()
    return 0


app = typer.Typer(
    cls=LipcareGroup,
    name="lipcare",
    context_settings={"help_option_names": ["-h", "--help"]},  # every command inherits it
    help="Aftercare reminders and a private symptom journal after CO2 laser lip peeling.\n\n"
    "Education and reminders only: lipcare does not diagnose. Your physician's advice comes first.",
    no_args_is_help=True,
    add_completion=False,  # LipcareGroup adds Typer's completion options where they may be read
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def show_version(ctx: Any, param: Any, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        sys.stdout.write(f"lipcare {__version__}\n")
        raise typer.Exit()


def version_option() -> Any:
    """--version: says the version and ends the run, before any other option is read (is_eager)."""
    return TyperOption(
        param_decls=["--version"],
        is_flag=True,
        is_eager=True,
        expose_value=False,
        callback=show_version,
        help="Show the version and exit.",
    )


@app.callback()
def root() -> None:
    """Aftercare reminders and a private symptom journal after CO2 laser lip peeling."""
    # Its options (--version and ROOT_OPTIONS) are made by LipcareGroup; ROOT_OPTIONS, before the command or
    # after it, were read before any option was parsed (root_locale).


PROCESS_ARGS: list[Sequence[str]] = []
"""The command line of this process (after `lipcare`) while `main` runs it. Empty when lipcare is run in another
way (tests calling `app`, the command reference, the fuzz list): the root then makes every option it has."""


def main() -> None:
    """The `lipcare` command."""
    # What is loaded so far (Python's own modules, Typer, Click) stays until the process ends. Frozen, it is
    # left out of the collections the command's own work triggers: a full one, when the allocation counts
    # happen to call for it, walked every object and cost as much as 15 ms (`lipcare timeline`, callgrind).
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)  # as lipcare.start sets them, for a run that did not start there
    PROCESS_ARGS[:] = [sys.argv[1:]]
    try:
        app()
    except SystemExit as done:
        if done.code in (0, None):
            # The command succeeded and the process ends: Python's last garbage collection would walk every
            # object only to find what exiting frees anyway, so they are frozen out of it (gc.freeze). Files
            # and the journal are closed by then; atexit handlers still run. After an error, the collection
            # runs as usual, in case something was left open. Not in app(), which tests call many times in
            # one process. bench/startup.py gives its floors the same freeze, so the ratios stay lipcare's own.
            gc.freeze()
        raise
    finally:
        PROCESS_ARGS.clear()
