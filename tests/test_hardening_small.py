"""The smaller findings of the adversarial review (issue 21): -o inside lipcare's folders, invisible bidi marks
and zero-width characters, a failing pager, broken pipes, OSErrors that are not standard output, escaped paths."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Cli
from PIL import Image

from lipcare import text

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
    assert "warning_signs[0].label" in result.stdout
    said = "has a line break" if char == "\u2028" else f"contains the control character \\u{ord(char):04x}"
    assert said in result.stdout and char not in result.stdout


def test_one_table_of_unsafe_characters() -> None:
    for char in "\u061c\u200e\u200f\u202e\u2067\u200b\u2060\ufeff\u2028\u2029\x1b\x85":
        assert char in text.UNSAFE
    assert "\u200c" not in text.UNSAFE and "\u200d" not in text.UNSAFE  # ZWNJ and ZWJ shape Arabic and emoji


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
