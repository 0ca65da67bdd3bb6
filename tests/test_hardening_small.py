"""The smaller findings of the adversarial review (issue 21): -o inside lipcare's folders, invisible bidi marks
and zero-width characters, a failing pager, broken pipes, OSErrors that are not standard output, escaped paths."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import Cli
from hypothesis import example, given
from hypothesis import strategies as st
from PIL import Image
from rich.console import Console
from rich.text import Text

from lipcare import text
from lipcare.protocol import load_protocol
from lipcare.render.terminal.rich_console import InertConsole, joiners_escaped

CHECKIN = ("checkin", "--date", "2026-11-20", "--redness", "1", "--swelling", "1", "--pain", "1", "--no-crusting")


def test_o_never_writes_inside_lipcares_folders_even_with_force(cli: Cli, lipcare_home: Path, tmp_path: Path) -> None:
    # Found by review (L3): export ics -o PHOTO --force replaced a kept photo.
    picture = tmp_path / "lips.jpg"
    Image.new("RGB", (64, 48), (120, 90, 80)).save(picture)
    assert cli(*CHECKIN, "--photo", str(picture)).exit_code == 0
    (kept,) = (lipcare_home / "photos").glob("*.jpg")
    before = kept.read_bytes()
    cache = lipcare_home / "cache" / "protocol.cache"
    for target in (kept, cache, lipcare_home / "new.html", lipcare_home / "photos" / "new.jpg"):
        for command in (("export", "ics"), ("report",), ("export", "sheet")):
            result = cli(*command, "-o", str(target), "--force")
            assert result.exit_code == 1, (command, target, result.stdout)
            assert "is where lipcare keeps your data" in result.stderr and len(result.stderr.splitlines()) == 1
    assert kept.read_bytes() == before
    assert not (lipcare_home / "new.html").exists() and not (lipcare_home / "photos" / "new.jpg").exists()
    assert cli("export", "ics", "-o", str(tmp_path / "plan.ics")).exit_code == 0


@pytest.mark.parametrize("char", ["\u200e", "\u200f", "\u061c", "\u200b", "\u2060", "\ufeff", "\u2028"])
def test_bidi_marks_and_zero_width_characters_are_refused_in_a_protocol(cli: Cli, tmp_path: Path, char: str) -> None:
    # Found by review (L5): "Fever of 38<RLM>.<RLM>5" passed protocol check and showed as "385." in Arabic.
    clinic = tmp_path / "rlm.toml"
    assert cli("protocol", "init", "-o", str(clinic)).exit_code == 0
    written = clinic.read_text(encoding="utf-8")
    label = 'label = "Fever of 38 °C (100.4 °F) or higher"'
    assert label in written
    clinic.write_text(written.replace(label, f'label = "Fever of 38{char}.{char}5 °C or higher"', 1), encoding="utf-8")
    result = cli("protocol", "check", str(clinic))
    assert result.exit_code == 1
    fever = [sign.key for sign in load_protocol().warning_signs].index("fever")
    assert f"warning_signs[{fever}].label" in result.stdout
    said = "has a line break" if char == "\u2028" else f"contains the control character \\u{ord(char):04x}"
    assert said in result.stdout and char not in result.stdout


def test_one_table_of_unsafe_characters() -> None:
    for char in "\u061c\u200e\u200f\u202e\u2067\u200b\u2060\ufeff\u2028\u2029\x1b\x85":
        assert char in text.UNSAFE
    assert "\u200c" not in text.UNSAFE and "\u200d" not in text.UNSAFE  # ZWNJ and ZWJ shape Arabic and emoji


# --- joiners that join nothing: rich 15 cannot lay out a line that starts with two ----------------------------


def test_a_run_of_joiners_is_escaped_and_a_single_joiner_kept() -> None:
    assert text.inert("a \u200d\u200d日", marks=True) == "a \\u200d\\u200d日"
    assert text.inert("👨\u200d👩 لا\u200dم", marks=True) == "👨\u200d👩 لا\u200dم"  # emoji and Arabic keep theirs
    assert text.inert("x\u200d\u200d\u200dy\nz", keep_lines=True) == "x\\u200d\\u200d\\u200dy\nz"
    assert text.first_unsafe("👨\u200d👩") is None
    assert text.first_unsafe("a\u200d\u200db") == text.JOINER_RUN
    assert text.first_unsafe("a\x01 \u200d\u200d") == "\x01"  # the first one found


JOINERS = st.lists(
    st.sampled_from(["a", " ", "日", "👨", "ب", "\u200d", "\u200d\u200d", "\u200c", "\ufe0f"]), max_size=10
)


@given(raw=JOINERS.map("".join) | st.text(max_size=12), width=st.integers(1, 10))
@example(raw="a \u200d\u200d日日", width=3)  # IndexError in rich.cells._split_text
@example(raw="\u200d\u200d日", width=1)  # ZeroDivisionError there
def test_rich_lays_out_outside_text_once_it_is_escaped_at_any_width(raw: str, width: int) -> None:
    Console(width=width, file=io.StringIO()).render_lines(Text(text.inert(raw, marks=True)))


def test_a_note_of_joiners_that_join_nothing_is_shown_at_every_width(cli: Cli) -> None:
    # Found in this round: `history` with such a note ended in the last-resort message at widths 3 and 5.
    assert cli(*CHECKIN, "--note", "a \u200d\u200d日日 👨\u200d👩").exit_code == 0
    for width in range(1, 9):
        result = cli("history", "--no-pager", env={"COLUMNS": str(width)})
        assert result.exit_code == 0, (width, result.stderr)
    shown = cli("history", "--no-pager").stdout
    assert "a \\u200d\\u200d日日 👨\u200d👩" in shown


@given(raw=JOINERS.map("".join) | st.text(max_size=12), width=st.integers(1, 10))
@example(raw="x \u200d\u200d日日", width=5)  # a setting: not escaped before it reaches the terminal
@example(raw="\u200d\u200d日", width=1)
def test_lipcares_console_lays_out_any_text_at_any_width(raw: str, width: int) -> None:
    """The terminal's safety net (InertConsole.render) escapes a run of joiners before Rich wraps the text, whatever
    outside text brought it: a setting reaches the screen as typed."""
    out = io.StringIO()
    console = InertConsole(width=width, file=out, color_system=None, highlight=False, markup=False, emoji=False)
    console.print(Text(raw, style="bold"), Text.assemble("a ", (raw, "red"), " b"))
    assert text.JOINER_RUN not in out.getvalue()


def test_a_run_of_joiners_keeps_the_style_of_its_text() -> None:
    styled = Text.assemble(("Call ", "bold"), ("x\u200d\u200d\u200dy", "red"), " now")
    escaped = joiners_escaped(styled)
    assert escaped.plain == "Call x\\u200d\\u200d\\u200dy now"
    assert [(escaped.plain[span.start : span.end], span.style) for span in escaped.spans] == [
        ("Call ", "bold"),
        ("x", "red"),
        ("\\u200d\\u200d\\u200d", "red"),
        ("y", "red"),
    ]


def test_a_clinic_name_of_joiners_that_join_nothing_is_shown_at_every_width(cli: Cli) -> None:
    # Found in this round, after the note: a setting reached `timeline` and `info warning-signs` as typed.
    assert cli("settings", "set", "clinic-name", "x \u200d\u200d日日").exit_code == 0
    assert cli("timeline", "--date", "2026-11-20").exit_code == 0
    for width in range(1, 9):
        for command in (("timeline",), ("info", "warning-signs"), ("protocol", "show")):
            result = cli(*command, "--no-pager", env={"COLUMNS": str(width)})
            assert result.exit_code == 0, (width, command, result.stderr)
    assert "Your clinic: x \\u200d\\u200d日日" in cli("timeline", "--no-pager").stdout


def test_a_run_of_joiners_is_refused_in_a_protocol(cli: Cli, tmp_path: Path) -> None:
    clinic = tmp_path / "joiners.toml"
    assert cli("protocol", "init", "-o", str(clinic)).exit_code == 0
    written = clinic.read_text(encoding="utf-8")
    label = 'label = "Fever of 38 °C (100.4 °F) or higher"'
    clinic.write_text(written.replace(label, 'label = "Fever\u200d\u200d of 38 °C or higher"', 1), encoding="utf-8")
    result = cli("protocol", "check", str(clinic))
    assert result.exit_code == 1
    assert "contains the control character \\u200d\\u200d," in result.stdout


def test_bidi_marks_in_a_note_are_escaped_wherever_it_is_shown(cli: Cli) -> None:
    assert cli(*CHECKIN, "--note", "call 555\u200f-\u200f0100 \u200bnow\u2028later").exit_code == 0
    for command in (("history", "--no-pager"), ("report", "-o", "-"), ("data", "export", "--format", "csv")):
        result = cli(*command)
        assert result.exit_code == 0, result.stderr
        shown = result.stdout
        assert not any(char in shown for char in "\u200f\u200b\u2028"), command
        assert "\\u200f" in shown, command
    exported = cli("data", "export", "--format", "json").stdout
    assert not any(char in exported for char in "\u200f\u200b\u2028") and "\\u200f" in exported


@pytest.mark.parametrize("pager", ["false", "exit 126", "sh -c 'exit 3'"])
def test_a_failing_pager_falls_back_to_printing_directly(tmp_path: Path, pager: str) -> None:
    # Found by review (C3): PAGER=false lost the output and exited 0.
    from test_output import run_in_terminal

    shown = run_in_terminal(["info", "steps"], tmp_path, LIPCARE_PAGER=pager)
    assert "The steps" in shown


def test_a_broken_pipe_exits_the_same_way_for_every_command(tmp_path: Path) -> None:
    # Found by review: `history | head` exited 1 where `info | head` exited 0 (which depended only on whether the
    # output fitted in the pipe).
    import sys

    from test_security import shell

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from startup import fill_journal

    home = tmp_path / "home"
    fill_journal(home, 400, 5)  # output much larger than a pipe's buffer
    for args in ("history --all --no-pager", "history --json", "data export --format csv", "report -o -", "info"):
        done = shell(home, f"$LIPCARE {args} | head -c 1 >/dev/null; exit ${{PIPESTATUS[0]}}")
        assert (done.returncode, done.stderr) == (0, ""), args


def test_an_oserror_of_another_file_is_not_called_standard_output(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Found by review (C1): a read-only ~/.bashrc for --install-completion was reported as "could not write to
    # standard output".
    from lipcare.commands import info

    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(tmp_path / ".bashrc"))

    monkeypatch.setattr(info, "info", refused, raising=False)
    monkeypatch.setattr("lipcare.render.terminal.print_info", refused, raising=False)
    result = cli("info", "what")
    assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1
    assert "standard output" not in result.stderr
    assert f"could not use {tmp_path / '.bashrc'}: Permission denied." in result.stderr


def test_the_data_folder_is_printed_escaped(cli: Cli, tmp_path: Path) -> None:
    # Found by review (C2): LIPCARE_HOME with escape codes reached the terminal raw in data path and settings show.
    home = tmp_path / "h\x1b]0;TITLE\x07\x1b[2J"
    env = {"LIPCARE_HOME": str(home)}
    for command in (("data", "path"), ("settings", "show")):
        result = cli(*command, env=env)
        assert result.exit_code == 0, result.stderr
        assert "\x1b" not in result.stdout + result.stderr and "\x07" not in result.stdout + result.stderr
        assert "h\\x1b]0;TITLE\\x07\\x1b[2J" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("side", "depth", "colour", "limit"),
    [
        pytest.param(9459, 16, 6, 25, id="review-rgba16", marks=pytest.mark.slow),
        pytest.param(9459, 16, 0, 25, id="review-grey16", marks=pytest.mark.slow),
        pytest.param(5001, 16, 6, 25, id="rgba16-over-25MP", marks=pytest.mark.slow),  # rgb-over-50MP is quick
        pytest.param(7072, 8, 2, 50, id="rgb-over-50MP"),
    ],
)
def test_a_photo_over_lipcares_pixel_limit_is_refused_before_it_is_decoded(
    cli: Cli, tmp_path: Path, side: int, depth: int, colour: int, limit: int
) -> None:
    # Found by review (L7): a 696 KB PNG under Pillow's limit used 1.5 GB in photo add (bench/photo_memory.py).
    import resource
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from photo_memory import blank_png

    picture = tmp_path / "big.png"
    blank_png(picture, side, depth=depth, colour=colour)
    assert cli(*CHECKIN).exit_code == 0
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = cli("photo", "add", str(picture))
    assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1
    assert f"it has more pixels than lipcare will open (over {limit} megapixels)" in result.stderr
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 100  # refused from the header, nothing decoded


def test_the_photo_limits() -> None:
    from lipcare import photos

    assert photos.MAX_PIXELS == 50_000_000 and photos.MAX_WIDE_PIXELS == 25_000_000
    assert photos.MAX_PIXELS >= 8000 * 6000  # a 48-megapixel phone photo


@pytest.mark.parametrize(
    ("label", "said"),
    [
        ("mi\\u200d\\u200dld", "contains the control character \\u200d\\u200d,"),
        ("mod\\u001berate", "contains the control character \\x1b,"),
        ("two\\nlines", "has a line break"),
        ("\\u202eevere", "contains the control character \\u202e,"),
    ],
)
def test_a_scales_labels_are_checked_as_the_texts_they_are(cli: Cli, tmp_path: Path, label: str, said: str) -> None:
    # Found by review (this round): a control character, a line break or a bidi override passed in `labels`.
    clinic = tmp_path / "labels.toml"
    assert cli("protocol", "init", "-o", str(clinic)).exit_code == 0
    written = clinic.read_text(encoding="utf-8")
    labels = 'labels = ["none", "mild", "moderate", "severe"]'
    assert labels in written
    clinic.write_text(
        written.replace(labels, f'labels = ["none", "{label}", "moderate", "severe"]', 1), encoding="utf-8"
    )
    result = cli("protocol", "check", str(clinic))
    assert result.exit_code == 1
    assert "checkin.redness.labels[1]: " + said in result.stdout
