"""A clinic's translation file with a one-character typo never stops an Arabic command (issue 24, arabic-clinic
review finding 2): what cannot be read is shown in English, with one notice in Arabic, and `settings set
protocol` refuses the file as `protocol check` does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Cli, readable
from test_arabic_clinic import CLINIC, CLINIC_AR

NOTICE = "تعذّرت قراءة ملف الترجمة nile.ar.toml، لذا تظهر نصوصه بالإنجليزية"


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """nile.toml with its nile.ar.toml missing one closing quote, as a clinic's editor leaves it."""
    protocol = tmp_path / "nile.toml"
    protocol.write_text(CLINIC, encoding="utf-8")
    typo = CLINIC_AR.replace('text = "عيادة النيل للشفاه"', 'text = "عيادة النيل للشفاه')
    assert typo != CLINIC_AR
    (tmp_path / "nile.ar.toml").write_text(typo, encoding="utf-8")
    return protocol


def test_an_arabic_checkin_with_a_broken_clinic_translation_is_saved_with_one_arabic_notice(
    cli: Cli, broken: Path
) -> None:
    result = cli("checkin", "--protocol", str(broken), "--lang", "ar", "--date", "2026-11-20", "--redness", "1")
    assert result.exit_code == 0, result.output
    out = readable(" ".join(result.stdout.split()))
    assert out.count(NOTICE) == 1
    assert "حُفظ تسجيل الحالة رقم ١" in out  # saved
    assert "Illegal character" not in result.output and "خطأ" not in result.output
    assert cli("history", "--json").stdout.count('"id"') >= 1


@pytest.mark.parametrize("command", [("timeline", "--no-pager"), ("info", "warning-signs", "--no-pager")])
def test_other_arabic_commands_carry_on_too(cli: Cli, broken: Path, command: tuple[str, ...]) -> None:
    result = cli(
        *command,
        "--protocol",
        str(broken),
        "--lang",
        "ar",
        *(("--date", "2026-11-20") if command[0] == "timeline" else ()),
    )
    assert result.exit_code == 0, result.output
    out = readable(" ".join(result.stdout.split()))
    assert out.count(NOTICE) == 1
    if command[0] == "info":
        assert "عيادتك: Nile Lip Clinic" in out  # the clinic's own string in English, the rest in Arabic


def test_a_translation_that_parses_falls_back_string_by_string(cli: Cli, tmp_path: Path) -> None:
    protocol = tmp_path / "nile.toml"
    protocol.write_text(CLINIC, encoding="utf-8")
    # One bad string (a placeholder the English has not), the others good.
    bad = CLINIC_AR.replace('text = "عيادة النيل للشفاه"', 'text = "عيادة النيل {oops}"')
    (tmp_path / "nile.ar.toml").write_text(bad, encoding="utf-8")
    result = cli("info", "warning-signs", "--no-pager", "--protocol", str(protocol), "--lang", "ar")
    assert result.exit_code == 0, result.output
    out = readable(" ".join(result.stdout.split()))
    assert "Nile Lip Clinic" in out  # the bad string in English
    assert "إن كنا مغلقين، فاتصل بمقسم المستشفى." in out  # the good one translated
    assert NOTICE not in out


def test_settings_set_protocol_refuses_what_protocol_check_refuses(cli: Cli, broken: Path) -> None:
    check = cli("protocol", "check", str(broken))
    assert check.exit_code == 1
    assert "nile.ar.toml" in check.stdout
    refused = cli("settings", "set", "protocol", str(broken))
    assert refused.exit_code == 1
    [line] = refused.stderr.splitlines()
    assert "was not set" in line and "nile.ar.toml" in line and "lipcare protocol check" in line
    [problem] = [
        row.strip().removeprefix("Problem: ").rstrip(".") for row in check.stdout.splitlines() if "Problem:" in row
    ]
    assert problem in line  # the same problem, in the same words
    assert json.loads(cli("settings", "show", "--json").stdout)["settings"]["protocol"]["value"] is None  # unchanged
    # Fixed, it is accepted.
    broken.with_name("nile.ar.toml").write_text(CLINIC_AR, encoding="utf-8")
    assert cli("protocol", "check", str(broken)).exit_code == 0
    assert cli("settings", "set", "protocol", str(broken)).exit_code == 0


def test_the_refusal_is_said_in_arabic(cli: Cli, broken: Path) -> None:
    refused = cli("settings", "set", "protocol", str(broken), env={"LIPCARE_LANG": "ar"})
    assert refused.exit_code == 1
    assert "لم يُعتمد" in refused.stderr and "اطلب ملفًا مصحَّحًا" in refused.stderr
