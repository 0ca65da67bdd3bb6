"""Which language a run speaks, worked out once at the root before any option is parsed.

In this order, as the commands have always chosen it: --lang (the last one typed, before or after the
command), LIPCARE_LANG, the `language` setting, then the system locale (LC_ALL, LC_MESSAGES, LANG); English by
default. How right-to-left lines reach the terminal comes from --rtl, else LIPCARE_RTL. How the run prints is
read here too, once: --plain (else LIPCARE_PLAIN, or TERM=dumb) and --no-pager, before or after the command.
"""

from collections.abc import Mapping, Sequence

from lipcare.locale import ENGLISH, SOURCE, Locale, languages

RTL_MODES = ("logical", "visual", "auto")
"""How right-to-left lines reach the terminal (lipcare.render.rtl)."""


def typed_option(args: Sequence[str], option: str) -> str | None:
    """The last `option VALUE` (or `option=VALUE`) on the command line, wherever it is, as typed."""
    found = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == option and index + 1 < len(args):
            found = args[index + 1]
        elif arg.startswith(option + "="):
            found = arg.partition("=")[2]
    return found


def typed_flag(args: Sequence[str], option: str) -> bool:
    """Whether the flag `option` is on the command line, wherever it is (before `--`)."""
    for arg in args:
        if arg == "--":
            return False
        if arg == option:
            return True
    return False


PLAIN_OFF = ("", "0", "no", "false", "off")
"""Values of LIPCARE_PLAIN that leave plain output off (any other value turns it on)."""


def wants_plain(args: Sequence[str], environ: Mapping[str, str]) -> bool:
    """Plain output: --plain, else LIPCARE_PLAIN set to anything but 0/no/false/off, else a dumb terminal."""
    if typed_flag(args, "--plain"):
        return True
    if "LIPCARE_PLAIN" in environ:
        return environ["LIPCARE_PLAIN"].strip().lower() not in PLAIN_OFF
    return environ.get("TERM", "") == "dumb"


def with_output(locale: Locale, args: Sequence[str], environ: Mapping[str, str]) -> Locale:
    """`locale` with how the run prints (plain, paged) set from the command line and the environment; the shared
    English locale is copied first, never changed."""
    plain, pager = wants_plain(args, environ), not typed_flag(args, "--no-pager")
    if plain == locale.plain and pager == locale.pager:
        return locale
    if locale is ENGLISH:
        locale = Locale(ENGLISH.language)
    locale.plain, locale.pager = plain, pager
    return locale


def english_for_sure(environ: Mapping[str, str]) -> bool:
    """True when nothing can ask for another language: no LIPCARE_LANG, an English or C locale, and no
    language in the settings (read as text: a stat and, when there are settings, one small read)."""
    if environ.get("LIPCARE_LANG", "").strip():
        return False
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if value:
            if value.split(".")[0].split("@")[0].split("_")[0].lower() not in ("en", "c", "posix"):
                return False
            break
    from lipcare.paths import legacy_settings_file, read_settings_file, settings_file

    try:
        stored = read_settings_file(settings_file())
        old = legacy_settings_file() if stored is None else None
        stored = read_settings_file(old) if old is not None else stored  # not moved yet: the command moves it
        return b'"language"' not in (stored or b"")
    except OSError:
        return True  # no settings; settings that cannot be read are reported by the command that reads them


def choose_language(option: str | None, environ: Mapping[str, str], settings: dict[str, str]) -> tuple[str, str]:
    """The language in force and what chose it: --lang, else LIPCARE_LANG, else the user's settings, else the
    locale (the first set of LC_ALL, LC_MESSAGES, LANG, as POSIX reads them); English by default.

    A language asked for by name and not available is a usage error; a locale lipcare does not speak is English.
    """
    from lipcare.errors import UsageError

    spoken = languages()
    asked = [(option, "--lang"), (environ.get("LIPCARE_LANG"), "LIPCARE_LANG"), (settings.get("language"), "language")]
    for value, chosen_by in asked:
        if value is not None and value.strip():
            code = value.strip().lower().replace("_", "-").split("-")[0]
            if code not in spoken:
                available = ", ".join(f"{key} ({name})" for key, name in spoken.items())
                raise UsageError(
                    "Invalid value for '{option}': unknown language {value}. Languages: {available}.",
                    option=chosen_by,
                    value=repr(value),
                    available=available,
                )
            return code, chosen_by
    return system_language(environ)


def system_language(environ: Mapping[str, str]) -> tuple[str, str]:
    """The system locale's language when lipcare speaks it, else English, and the variable that set it."""
    spoken = languages()
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if value:
            code = value.split(".")[0].split("@")[0].split("_")[0].lower()
            return (code if code in spoken else SOURCE), variable
    return SOURCE, ""


def resolve(args: Sequence[str], environ: Mapping[str, str], is_terminal: bool) -> Locale:
    """The locale of the run for the command line `args`, with how it prints (`with_output`)."""
    return with_output(resolve_language(args, environ, is_terminal), args, environ)


def resolve_language(args: Sequence[str], environ: Mapping[str, str], is_terminal: bool) -> Locale:
    """The language of the run for the command line `args`. A language that cannot be used leaves English,
    with the reason kept in `locale.problem` for the command to say (lipcare.commands.common.check_locale)."""
    from lipcare.errors import LipcareError

    typed = typed_option(args, "--lang")
    if typed is None and english_for_sure(environ):
        return typed_rtl_checked(ENGLISH, args)
    from lipcare.locale import load
    from lipcare.settings import load_settings

    try:
        settings = load_settings()
    except LipcareError:  # damaged settings: the command says so, in the language typed or in the environment
        settings = {}
    try:
        code, _by = choose_language(typed, environ, settings)
        locale = load(code, settings.get("digits", ""))
    except LipcareError as error:
        # No language is chosen yet: the error is said in the system locale's language when lipcare speaks it
        # (an Arabic system that typed --lang arabic is told in Arabic), else in English.
        said_in = Locale(ENGLISH.language)
        try:
            code, _by = system_language(environ)
            if code != SOURCE:
                said_in = load(code, settings.get("digits", ""))
        except LipcareError:
            pass
        said_in.problem = error
        return said_in
    if locale.right_to_left:
        rtl = typed_option(args, "--rtl")
        mode = (rtl if rtl is not None else environ.get("LIPCARE_RTL", "")).strip().lower() or "logical"
        try:
            choose_rtl(locale, mode, "--rtl" if rtl is not None else "LIPCARE_RTL", environ, is_terminal)
        except LipcareError as error:
            locale.problem = error
        return locale
    return typed_rtl_checked(locale, args)


def typed_rtl_checked(locale: Locale, args: Sequence[str]) -> Locale:
    """`locale`, or a copy that carries the error when `--rtl` was typed with a value it does not take: it changes
    nothing in a language written left to right, but a mistyped option is said in every language."""
    from lipcare.errors import UsageError

    typed = typed_option(args, "--rtl")
    if typed is None or typed.strip().lower() in RTL_MODES:
        return locale
    checked = Locale(ENGLISH.language) if locale is ENGLISH else locale
    checked.problem = UsageError(
        "Invalid value for '{option}': {mode} is not one of {modes}.",
        option="--rtl",
        mode=repr(typed.strip().lower()),
        modes=", ".join(RTL_MODES),
    )
    return checked


def choose_rtl(locale: Locale, mode: str, chosen_by: str, environ: Mapping[str, str], is_terminal: bool) -> None:
    """Set how right-to-left lines reach the terminal: logical (the default), visual or auto."""
    from lipcare.errors import UsageError

    if mode not in RTL_MODES:
        raise UsageError(
            "Invalid value for '{option}': {mode} is not one of {modes}.",
            option=chosen_by,
            mode=repr(mode),
            modes=", ".join(RTL_MODES),
        )
    if mode == "logical" or not locale.right_to_left:
        return
    from lipcare.locale.direction import require_visual_extras, wants_visual  # a right-to-left language only

    locale.visual = wants_visual(mode, environ, is_terminal)
    if locale.visual:
        require_visual_extras()  # a missing optional extra is reported now, before anything is printed
