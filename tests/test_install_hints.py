"""A missing optional part, and leaving, name the command that works where lipcare was installed: pipx (a
`pipx_metadata.json` in its own environment, under $PIPX_HOME/venvs), uv (a `uv-receipt.toml`, under
$UV_TOOL_DIR) or pip. The layouts are those pipx 1.18.4 and uv 0.13.9 made when they installed lipcare."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import Cli

from lipcare import install

SECURE = "'cryptography==50.0.2' 'pyrage==1.4.0' 'sqlcipher3-wheels==0.5.7'"  # as the metadata lists them


def pipx_venv(base: Path) -> Path:
    venv = base / ".local" / "share" / "pipx" / "venvs" / "lipcare"
    venv.mkdir(parents=True)
    (venv / "pipx_metadata.json").write_text('{"main_package": {"package": "lipcare"}}')
    return venv


def uv_tool(base: Path, receipt: str) -> Path:
    tool = base / ".local" / "share" / "uv" / "tools" / "lipcare"
    tool.mkdir(parents=True)
    (tool / "uv-receipt.toml").write_text(receipt)
    return tool


def test_pipx_injects_the_pinned_packages_of_the_extra(tmp_path: Path) -> None:
    venv = pipx_venv(tmp_path)
    assert install.installer(str(venv)) == install.PIPX
    assert install.extra_command("secure", str(venv)) == "pipx inject lipcare " + SECURE
    assert install.extra_command("keyring", str(venv)) == "pipx inject lipcare 'keyring==25.7.0'"
    assert install.uninstall_command(str(venv)) == "pipx uninstall lipcare"


def test_pipx_is_known_by_its_place_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIPX_HOME", str(tmp_path / "pipx"))
    venv = tmp_path / "pipx" / "venvs" / "lipcare"
    venv.mkdir(parents=True)
    assert install.installer(str(venv)) == install.PIPX
    older = Path.home() / ".local" / "pipx" / "venvs" / "lipcare"  # where an older pipx put it
    monkeypatch.delenv("PIPX_HOME")
    assert install.installer(str(older)) == install.PIPX


def test_uv_reinstalls_from_where_it_came_with_the_parts_it_had(tmp_path: Path) -> None:
    tool = uv_tool(
        tmp_path,
        '[tool]\nrequirements = [{ name = "lipcare", extras = ["keyring"], directory = "/home/sam/lipcare" }]\n',
    )
    assert install.installer(str(tool)) == install.UV
    assert (
        install.extra_command("secure", str(tool)) == "uv tool install --reinstall '/home/sam/lipcare[keyring,secure]'"
    )
    assert install.uninstall_command(str(tool)) == "uv tool uninstall lipcare"


def test_uv_from_an_index_or_an_unreadable_receipt_names_lipcare(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tool = uv_tool(tmp_path, '[tool]\nrequirements = [{ name = "lipcare" }]\n')
    assert install.extra_command("heic", str(tool)) == "uv tool install --reinstall 'lipcare[heic]'"
    (tool / "uv-receipt.toml").write_text("not [toml")
    assert install.extra_command("rtl", str(tool)) == "uv tool install --reinstall 'lipcare[rtl]'"
    monkeypatch.setenv("UV_TOOL_DIR", str(tmp_path / "tools"))
    assert install.installer(str(tmp_path / "tools" / "lipcare")) == install.UV  # no receipt: known by its place


def test_pip_elsewhere(tmp_path: Path) -> None:
    assert install.installer(str(tmp_path)) == install.PIP
    assert install.extra_command("secure", str(tmp_path)) == "pip install 'lipcare[secure]'"
    assert install.uninstall_command(str(tmp_path)) == "pip uninstall lipcare"


def test_a_pipx_patient_is_told_to_inject_the_missing_part(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "prefix", str(pipx_venv(tmp_path)))
    monkeypatch.setitem(sys.modules, "arabic_reshaper", None)
    result = cli("info", "what", "--lang", "ar", "--rtl", "visual")
    assert result.exit_code == 1
    assert "pipx inject lipcare 'arabic-reshaper<4,>=3.0' 'python-bidi<0.7,>=0.6'" in result.stderr
    assert "pip install" not in result.stderr


def test_erasing_everything_names_the_uninstall_command_of_the_installer(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tool = uv_tool(tmp_path, '[tool]\nrequirements = [{ name = "lipcare", directory = "/src/lipcare" }]\n')
    monkeypatch.setattr(sys, "prefix", str(tool))
    done = cli("data", "erase", "--everything", "--yes")
    assert done.exit_code == 0, done.stderr
    assert done.stdout.endswith("To remove lipcare itself too: uv tool uninstall lipcare\n")
