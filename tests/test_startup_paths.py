"""What start-up skips must not change a result: the protocol cache, the XDG folders, building one command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import platformdirs
import pytest

from lipcare import paths, protocol_cache
from lipcare.protocol import load_protocol
from lipcare.protocol_cache import CACHE_NAME, load_protocol_cached

CLINIC = """format = 1
[protocol]
id = "cache-clinic"
name = "Cache clinic"
version = "1"
[redness]
window_days = {window}
"""


def clinic_file(tmp_path: Path, window: int) -> Path:
    path = tmp_path / "clinic.toml"
    path.write_text(CLINIC.format(window=window), encoding="utf-8")
    return path


def test_a_cached_protocol_is_the_protocol_checked_from_its_files(tmp_path: Path) -> None:
    fresh = load_protocol(None, chosen_by="")
    first = load_protocol_cached(None, chosen_by="", cache_dir=tmp_path)
    assert (tmp_path / CACHE_NAME).is_file()
    second = load_protocol_cached(None, chosen_by="", cache_dir=tmp_path)
    assert first == fresh
    assert second == fresh
    assert [type(item) for item in second] == [type(item) for item in fresh]


def test_the_cache_is_used_when_it_is_current(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_protocol_cached(None, chosen_by="", cache_dir=tmp_path)

    def must_not_load(*args: object, **kwargs: object) -> None:
        raise AssertionError("the protocol was checked again although the cache is current")

    monkeypatch.setattr(protocol_cache, "load_protocol", must_not_load)
    assert load_protocol_cached(None, chosen_by="", cache_dir=tmp_path).id == "lipcare-default"


def test_a_changed_clinic_file_is_checked_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    clinic = clinic_file(tmp_path, 40)
    assert load_protocol_cached(clinic, chosen_by="--protocol", cache_dir=cache).redness.window_days == 40
    clinic.write_text(CLINIC.format(window=50) + "\n# a longer file\n", encoding="utf-8")
    assert load_protocol_cached(clinic, chosen_by="--protocol", cache_dir=cache).redness.window_days == 50
    clinic.write_text(CLINIC.format(window=5000), encoding="utf-8")  # invalid now: an error, never the old value
    with pytest.raises(Exception, match="window_days"):
        load_protocol_cached(clinic, chosen_by="--protocol", cache_dir=cache)


def test_another_choice_is_another_protocol(tmp_path: Path) -> None:
    clinic = clinic_file(tmp_path, 40)
    assert load_protocol_cached(clinic, chosen_by="--protocol", cache_dir=tmp_path).id == "cache-clinic"
    assert load_protocol_cached(None, chosen_by="", cache_dir=tmp_path).id == "lipcare-default"
    assert "LIPCARE_PROTOCOL" in load_protocol_cached(clinic, chosen_by="LIPCARE_PROTOCOL", cache_dir=tmp_path).origin


@pytest.mark.parametrize(
    "damage",
    [b"", b"not marshal at all", b"\xe3" * 50],
    ids=["empty", "text", "garbage"],
)
def test_a_damaged_cache_is_a_miss(tmp_path: Path, damage: bytes) -> None:
    load_protocol_cached(None, chosen_by="", cache_dir=tmp_path)
    (tmp_path / CACHE_NAME).write_bytes(damage)
    assert load_protocol_cached(None, chosen_by="", cache_dir=tmp_path) == load_protocol(None)


def test_a_cache_others_can_write_is_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_protocol_cached(None, chosen_by="", cache_dir=tmp_path)
    cache = tmp_path / CACHE_NAME
    cache.chmod(0o666)
    checked: list[bool] = []
    real = load_protocol

    def counting(*args: object, **kwargs: object) -> object:
        checked.append(True)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(protocol_cache, "load_protocol", counting)
    load_protocol_cached(None, chosen_by="", cache_dir=tmp_path)
    assert checked == [True]
    assert oct(cache.stat().st_mode & 0o777) == "0o600"  # rewritten, private again


def test_a_cache_that_cannot_be_written_costs_nothing_but_time(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert load_protocol_cached(None, chosen_by="", cache_dir=blocked / "cache").id == "lipcare-default"


@pytest.mark.parametrize("value", [None, "", "relative/data", "/srv/xdg data"])
def test_the_data_and_cache_folders_are_platformdirs_own(monkeypatch: pytest.MonkeyPatch, value: str | None) -> None:
    monkeypatch.delenv("LIPCARE_HOME", raising=False)
    monkeypatch.setenv("HOME", "/home/patient")
    for variable in ("XDG_DATA_HOME", "XDG_CACHE_HOME"):
        if value is None:
            monkeypatch.delenv(variable, raising=False)
        else:
            monkeypatch.setenv(variable, value)
    assert paths.data_dir() == Path(platformdirs.user_data_dir("lipcare", appauthor=False, ensure_exists=False))
    assert paths.cache_dir() == Path(platformdirs.user_cache_dir("lipcare", appauthor=False, ensure_exists=False))


def test_lipcare_home_holds_the_cache(lipcare_home: Path) -> None:
    assert paths.cache_dir() == lipcare_home / "cache"


def run(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LIPCARE_HOME": str(home), "COLUMNS": "80"}
    script = Path(sys.executable).with_name("lipcare")  # the installed command, as a patient runs it
    command = [str(script)] if script.exists() else [sys.executable, "-m", "lipcare"]
    return subprocess.run([*command, *args], capture_output=True, text=True, env=env, timeout=60)


@pytest.mark.parametrize(
    ("args", "code", "expected"),
    [
        (["--help"], 0, "timeline"),
        (["timelin"], 2, "Did you mean 'timeline'? Try '"),  # 'lipcare --help', or 'python -m lipcare --help'
        (["data", "path"], 0, "journal.sqlite3"),
        (["protocol", "--help"], 0, "check"),
        (["info", "--help"], 0, "info [OPTIONS]"),
    ],
)
def test_building_only_the_invoked_command_changes_no_answer(
    tmp_path: Path, args: list[str], code: int, expected: str
) -> None:
    done = run(args, tmp_path / "home")
    assert done.returncode == code, done.stderr
    assert expected in done.stdout + done.stderr


@pytest.mark.slow  # real processes with and without the cache; the in-process tests above are quick
def test_the_cache_makes_no_difference_to_what_a_patient_reads(tmp_path: Path) -> None:
    home = tmp_path / "home"
    args = ["timeline", "--date", "2026-11-01", "--on", "2026-11-05"]
    run(args, home)  # the first run also says the date is remembered; the runs compared all use it
    (home / "cache" / CACHE_NAME).unlink()
    first = run(args, home)
    assert (home / "cache" / CACHE_NAME).is_file()
    second = run(args, home)
    (home / "cache" / CACHE_NAME).unlink()
    third = run(args, home)
    assert first.returncode == second.returncode == third.returncode == 0
    assert first.stdout == second.stdout == third.stdout


FULL_BUILD = (  # every command module imported first, so Typer builds every command as it would without lipcare's
    "import sys; from importlib import import_module; from lipcare.cli import COMMANDS, app; "
    "[import_module(f'lipcare.commands.{name}') for name in COMMANDS]; "
    "sys.argv[0] = 'lipcare'; app(prog_name='lipcare')"
)


@pytest.mark.parametrize(
    "width",
    ["80", *(pytest.param(width, marks=pytest.mark.slow) for width in ("40", "120"))],  # 40, 120: CI
)
@pytest.mark.parametrize(
    "args",
    [  # two real processes each: three in the everyday loop, every one in CI
        ["--help"],
        ["timelin"],
        ["export", "--help"],
        ["timeline", "--plai"],  # Click suggests the root's options too
        ["--instal"],  # the root's completion options are made where Click may read them: here, to suggest one
        ["timeline", "--date", "2026-11-01", "--on", "2026-11-03", "--preview"],  # the root's options not made
        *(
            pytest.param(args, marks=pytest.mark.slow)
            for args in (
                [],
                ["--version"],
                ["data"],
                ["timeline", "--help"],
                ["-x"],
                ["timeline", "--date=2026-11-01", "--on", "2026-11-03", "--preview", "--plain"],
            )
        ),
    ],
    ids=repr,
)
def test_help_and_errors_are_the_same_as_with_every_command_built(tmp_path: Path, width: str, args: list[str]) -> None:
    """`lipcare` lists commands it did not build (from lipcare.cli.COMMANDS); what a user reads must not differ
    by a byte from the help of every command built."""
    env = {**os.environ, "LIPCARE_HOME": str(tmp_path / "home"), "COLUMNS": width}
    script = Path(sys.executable).with_name("lipcare")
    if not script.exists():
        pytest.skip("the lipcare command is not installed beside this Python")
    lazy = subprocess.run([str(script), *args], capture_output=True, text=True, env=env, timeout=60)
    full = subprocess.run(
        [sys.executable, "-c", FULL_BUILD, *args], capture_output=True, text=True, env=env, timeout=60
    )
    assert (lazy.returncode, lazy.stdout, lazy.stderr) == (full.returncode, full.stdout, full.stderr)
    assert lazy.stdout or lazy.stderr


# --- the translated protocol's cache ----------------------------------------------------------------------


def arabic_cached(path: Path | None, cache: Path, digits: str = "") -> tuple[object, list[str]]:
    """The Arabic protocol through the cache, and the notes it added, as `current_protocol` gets them."""
    from lipcare.locale import load

    locale = load("ar", digits)
    chosen_by = "--protocol" if path is not None else ""
    protocol = protocol_cache.load_translated_cached(path, chosen_by=chosen_by, locale=locale, cache_dir=cache)
    return protocol, list(locale.notes)


def test_a_cached_translation_is_the_translation_made_from_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lipcare.locale import load
    from lipcare.locale import translation as i18n

    first, notes = arabic_cached(None, tmp_path)
    assert (tmp_path / "protocol.ar.cache").is_file()
    locale = load("ar")
    made = i18n.translated_protocol(load_protocol(None), locale, None)
    assert (first, notes) == (made, locale.notes) and len(notes) == 1  # the review note comes back too

    def must_not_translate(*args: object) -> None:
        raise AssertionError("translated again although the cache is current")

    monkeypatch.setattr(i18n, "translated_protocol", must_not_translate)
    assert arabic_cached(None, tmp_path) == (first, notes)
    with pytest.raises(AssertionError, match="translated again"):
        arabic_cached(None, tmp_path, digits="western")  # other digits: another translation


def test_a_clinic_translation_appearing_or_changing_is_read_again(tmp_path: Path) -> None:
    clinic = clinic_file(tmp_path, 40)
    cache = tmp_path / "cache"
    english = "Ask the clinic what it means for you."
    clinic.write_text(clinic.read_text(encoding="utf-8") + f'[clinic]\nif_unknown = "{english}"\n', encoding="utf-8")
    before, _ = arabic_cached(clinic, cache)
    assert before.clinic.if_unknown == english  # type: ignore[attr-defined]
    own = clinic.with_name("clinic.ar.toml")
    entry = '[translation]\nlanguage = "ar"\n[strings."clinic.if_unknown"]\nen = "{en}"\ntext = "{text}"\n'
    own.write_text(entry.format(en=english, text="اسأل العيادة."), encoding="utf-8")
    assert arabic_cached(clinic, cache)[0].clinic.if_unknown == "اسأل العيادة."  # type: ignore[attr-defined]
    own.write_text(entry.format(en=english, text="اسأل عيادتك عمّا يعنيه لك."), encoding="utf-8")
    assert arabic_cached(clinic, cache)[0].clinic.if_unknown == "اسأل عيادتك عمّا يعنيه لك."  # type: ignore[attr-defined]


@pytest.mark.slow  # real processes with and without the cache: CI runs it
def test_the_translated_cache_makes_no_difference_to_what_a_patient_reads(tmp_path: Path) -> None:
    home = tmp_path / "home"
    args = ["timeline", "--lang", "ar", "--date", "2026-11-01", "--on", "2026-11-05"]
    run(args, home)
    cache = home / "cache" / "protocol.ar.cache"
    cache.unlink()
    first = run(args, home)
    assert cache.is_file()
    second = run(args, home)
    assert first.returncode == second.returncode == 0
    assert first.stdout == second.stdout and "لم يراجع طبيب هذه الترجمة العربية بعد" in second.stdout


def test_every_module_that_checks_a_protocol_is_in_the_cache_key(tmp_path: Path) -> None:
    """An edited checkout never serves stale checks: each source file the checking ran is part of the key."""
    code = (
        "import json, sys\nfrom lipcare.protocol import load_protocol\nload_protocol(None)\n"
        "print(json.dumps([m.__file__ for n, m in sys.modules.items() if n.startswith('lipcare.protocol.')]))"
    )  # a fresh process: exactly the modules checking imports
    # Run outside the checkout, so the process imports lipcare from where this one did (an installed sdist
    # or wheel, or the editable checkout), not from the folder it happens to start in.
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True, cwd=tmp_path
    )
    used = {str(Path(path).resolve()) for path in json.loads(done.stdout)}
    assert {Path(path).name for path in used} >= {"types.py", "load.py", "validate.py"}
    key = protocol_cache._key(None, "")
    assert key is not None
    stats = key[-1]
    assert isinstance(stats, tuple)
    keyed = {str(Path(entry[0]).resolve()) for entry in stats}
    assert used <= keyed, sorted(used - keyed)


def test_a_command_served_from_the_cache_does_not_load_the_validator(tmp_path: Path) -> None:
    code = (
        "import sys\nfrom lipcare.cli import app\n"
        "app(['info', 'what'], standalone_mode=False)\n"
        "print('VALIDATED' if 'lipcare.protocol.validate' in sys.modules else 'CACHED')\n"
    )
    env = {**os.environ, "LIPCARE_HOME": str(tmp_path), "LANG": "C.UTF-8"}
    env.pop("LIPCARE_LANG", None)
    env.pop("LIPCARE_PROTOCOL", None)
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
        for _ in range(2)
    ]
    assert [run.returncode for run in runs] == [0, 0], runs[0].stderr[-300:]
    assert [run.stdout.strip().splitlines()[-1] for run in runs] == ["VALIDATED", "CACHED"]


def test_every_public_name_of_the_protocol_package_is_importable_from_it() -> None:
    import lipcare.protocol as package

    assert all(getattr(package, name) is not None for name in package.__all__)
    assert package.load_protocol is package.load.load_protocol
    with pytest.raises(AttributeError):
        package.no_such_name  # noqa: B018


def test_a_lazy_name_is_loaded_once_and_kept_in_its_package() -> None:
    """lipcare.lazy serves both lazy packages: a name is looked up in its module once, then found in the
    package itself; a name neither has is an AttributeError naming the package."""
    import lipcare.protocol as protocol
    import lipcare.render.terminal as terminal
    from lipcare.protocol.fill import weeks
    from lipcare.render.terminal.parts import span_days

    assert protocol.weeks is weeks and vars(protocol)["weeks"] is weeks
    assert terminal.span_days is span_days and vars(terminal)["span_days"] is span_days
    for package in (protocol, terminal):
        with pytest.raises(AttributeError, match=f"module '{package.__name__}' has no attribute 'nothing'"):
            package.nothing  # noqa: B018


@pytest.mark.parametrize(
    ("args", "read"),
    [
        (["timeline", "--date", "2026-11-01"], False),
        (["--plain", "timeline"], False),
        (["--lang", "ar", "--rtl=visual", "--no-pager", "info", "--help"], False),  # the command's help
        (["--version", "history"], False),
        (["--lang", "--plain", "timeline"], False),  # Click reads '--plain' as the language, as written here
        ([], True),  # the root's help lists them
        (["--plain"], True),
        (["--lang", "ar"], True),
        (["--help"], True),
        (["-h", "timeline"], True),
        (["--install-completion"], True),
        (["--show-completion", "bash"], True),
        (["--instal"], True),  # Click suggests --install-completion
        (["--plain=1", "info"], False),  # a flag given a value: Click's error names that flag alone
        (["--", "timeline"], True),
        (["--lang"], True),
        (["--lang=ar", "--rtl", "auto"], True),
    ],
)
def test_the_roots_completion_options_are_made_where_click_may_read_them(args: list[str], read: bool) -> None:
    from lipcare.cli import completion_options_read

    assert completion_options_read(args) is read


def test_a_shell_asking_for_completions_gets_the_roots_completion_options(monkeypatch: pytest.MonkeyPatch) -> None:
    from lipcare.cli import COMPLETE_VAR, completion_options_read

    monkeypatch.setenv(COMPLETE_VAR, "complete_bash")
    assert completion_options_read(["timeline", "--date", "2026-11-01"])


@pytest.mark.parametrize(
    ("args", "read"),
    [
        (["timeline", "--date", "2026-11-01"], False),
        (["timeline", "--date=2026-11-01", "--json"], False),
        (["--plain", "timeline"], False),  # before the command: the root reads it
        (["timeline", "--plain"], True),  # after it: the command reads it
        (["timeline", "--plai"], True),  # mistyped: Click suggests the root's options too
        (["timeline", "-h"], True),  # the command's help lists them
        (["timeline", "--date", "2026-11-01", "--", "--plain"], True),
        (["--instal", "timeline"], True),  # the root's error comes first; made, as everywhere it is unsure
    ],
)
def test_the_roots_options_are_made_on_a_command_where_click_may_read_them(args: list[str], read: bool) -> None:
    import typer

    from lipcare.cli import app, root_options_read
    from lipcare.commands import timeline  # registers the command on the app

    assert timeline.timeline is not None
    command = next(
        typer.main.get_command_from_info(info, pretty_exceptions_short=True, rich_markup_mode=None)
        for info in app.registered_commands
        if info.name == "timeline"
    )
    assert root_options_read(command, args) is read
