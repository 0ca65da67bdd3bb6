"""Shell completion: the scripts lipcare prints for bash and zsh, and the answers they get back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def lipcare(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("lipcare")
    if not script.exists():
        pytest.skip("the lipcare command is not installed beside this Python")
    environment = {**os.environ, "LIPCARE_HOME": str(tmp_path / "home"), "HOME": str(tmp_path), **env}
    return subprocess.run([str(script), *args], capture_output=True, text=True, env=environment, timeout=60)


@pytest.mark.parametrize(
    ("shell", "expected"),
    [("bash", "complete -o default -F _lipcare_completion lipcare"), ("zsh", "#compdef lipcare")],
)
def test_the_completion_script_for_each_shell(tmp_path: Path, shell: str, expected: str) -> None:
    done = lipcare(tmp_path, "--show-completion", shell, _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    assert done.returncode == 0, done.stderr
    assert expected in done.stdout
    assert "_LIPCARE_COMPLETE" in done.stdout


def test_bash_completes_command_names(tmp_path: Path) -> None:
    done = lipcare(tmp_path, _LIPCARE_COMPLETE="complete_bash", COMP_WORDS="lipcare ti", COMP_CWORD="1")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["timeline"]


def test_bash_completes_sub_commands_and_options(tmp_path: Path) -> None:
    done = lipcare(tmp_path, _LIPCARE_COMPLETE="complete_bash", COMP_WORDS="lipcare data ", COMP_CWORD="2")
    assert {"path", "export", "erase"} <= set(done.stdout.split())
    done = lipcare(tmp_path, _LIPCARE_COMPLETE="complete_bash", COMP_WORDS="lipcare timeline --j", COMP_CWORD="2")
    assert done.stdout.split() == ["--json"]


def test_zsh_completes_with_the_help_of_each_command(tmp_path: Path) -> None:
    done = lipcare(tmp_path, _LIPCARE_COMPLETE="complete_zsh", _TYPER_COMPLETE_ARGS="lipcare export ")
    assert done.returncode == 0, done.stderr
    assert '"ics":"A calendar file' in done.stdout
    assert '"sheet":"A printable' in done.stdout


def test_installing_completion_writes_only_the_shell_s_own_files(tmp_path: Path) -> None:
    done = lipcare(tmp_path, "--install-completion", "bash", _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / ".bash_completions" / "lipcare.sh").is_file()
    assert "lipcare.sh" in (tmp_path / ".bashrc").read_text(encoding="utf-8")
    assert not (tmp_path / "home").exists()  # no journal, no settings


def test_bash_completes_info_topics_and_everyday_words(tmp_path: Path) -> None:
    done = lipcare(tmp_path, _LIPCARE_COMPLETE="complete_bash", COMP_WORDS="lipcare info su", COMP_CWORD="2")
    words = done.stdout.split()
    assert "sun" in words and "sunscreen" in words
    assert all(word.startswith("su") for word in words)


def test_bash_completes_setting_names(tmp_path: Path) -> None:
    done = lipcare(tmp_path, _LIPCARE_COMPLETE="complete_bash", COMP_WORDS="lipcare settings set cl", COMP_CWORD="3")
    assert done.stdout.split() == ["clinic-name", "clinic-phone", "clinic-out-of-hours-phone"]


@pytest.mark.parametrize(  # a real process each: bash in the everyday loop, every shell in CI
    "shell", ["bash", *(pytest.param(shell, marks=pytest.mark.slow) for shell in ("zsh", "fish"))]
)
def test_lipcare_completion_prints_the_script_of_the_shell_asked_for(tmp_path: Path, shell: str) -> None:
    """Whatever shell runs it (`--show-completion zsh` from bash gives bash's script: Typer detects the shell)."""
    printed = lipcare(tmp_path, "completion", shell)
    assert printed.returncode == 0, printed.stderr
    typers = lipcare(tmp_path, "--show-completion", shell, _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    assert printed.stdout == typers.stdout and "_LIPCARE_COMPLETE=complete_" + shell in printed.stdout
    assert not (tmp_path / ".bashrc").exists() and not (tmp_path / "home").exists()  # nothing written


@pytest.mark.slow  # a real bash: CI runs it, the everyday loop does not
def test_the_printed_bash_script_completes_in_a_real_bash(tmp_path: Path) -> None:
    script = lipcare(tmp_path, "completion", "bash").stdout
    (tmp_path / "lipcare.bash").write_text(script, encoding="utf-8")
    bin_dir = str(Path(sys.executable).parent)
    done = subprocess.run(
        [
            "bash",
            "--norc",
            "-c",
            "source lipcare.bash; COMP_WORDS=(lipcare tim); COMP_CWORD=1; "
            "_lipcare_completion lipcare; echo ${COMPREPLY[@]}",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "LIPCARE_HOME": str(tmp_path / "home")},
        timeout=60,
    )
    assert done.stdout.split() == ["timeline"], done.stderr


def test_install_completion_says_where_it_wrote_and_how_to_remove_it(tmp_path: Path) -> None:
    done = lipcare(tmp_path, "--install-completion", "bash", _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    assert done.returncode == 0, done.stderr
    written = tmp_path / ".bash_completions" / "lipcare.sh"
    assert written.exists() and f"source '{written}'" in (tmp_path / ".bashrc").read_text(encoding="utf-8")
    assert f"Completion for bash is in {written}" in done.stdout
    assert f"To remove it, delete that file and the line source '{written}' in ~/.bashrc." in done.stdout
