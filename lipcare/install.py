"""How this lipcare was installed, so that a hint names the command that works there: an optional part to add
(`extra_command`) and how to remove lipcare itself (`uninstall_command`).

pipx keeps each program in a virtual environment of its own, `$PIPX_HOME/venvs/lipcare` (on Linux
~/.local/share/pipx, or ~/.local/pipx where an older pipx made it), with a `pipx_metadata.json` in it; uv keeps
it in `$UV_TOOL_DIR/lipcare` (on Linux ~/.local/share/uv/tools), with a `uv-receipt.toml` that names where it
was installed from. Either file in sys.prefix (or that place) says which; anything else is pip's. The layouts
were checked by installing lipcare with pipx 1.18.4 and uv 0.13.9.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

PIPX = "pipx"
UV = "uv"
PIP = "pip"


def installer(prefix: str | None = None) -> str:
    """PIPX, UV or PIP: what installed the lipcare running from `prefix` (sys.prefix unless given)."""
    root = Path(sys.prefix if prefix is None else prefix)
    if (root / "pipx_metadata.json").is_file() or root.parent in _pipx_venvs():
        return PIPX
    if (root / "uv-receipt.toml").is_file() or root.parent in _uv_tools():
        return UV
    return PIP


def _data_home() -> Path:
    base = Path(os.environ.get("XDG_DATA_HOME", ""))
    return base if base.is_absolute() else Path.home() / ".local" / "share"


def _pipx_venvs() -> list[Path]:
    home = os.environ.get("PIPX_HOME", "").strip()
    if home:
        return [Path(home).expanduser() / "venvs"]
    return [_data_home() / "pipx" / "venvs", Path.home() / ".local" / "pipx" / "venvs"]


def _uv_tools() -> list[Path]:
    tools = os.environ.get("UV_TOOL_DIR", "").strip()
    return [Path(tools).expanduser()] if tools else [_data_home() / "uv" / "tools"]


def extra_command(extra: str, prefix: str | None = None) -> str:
    """The command that adds lipcare's optional part `extra` (rtl, heic, secure, keyring) where it runs."""
    how = installer(prefix)
    if how == PIPX:
        needed = _requirements(extra)
        if needed:  # pipx inject adds them to lipcare's own environment, wherever lipcare came from
            return "pipx inject lipcare " + " ".join(_quoted(each) for each in needed)
        return "pipx install --force " + _quoted(f"lipcare[{extra}]")
    if how == UV:
        source, extras = _uv_source(Path(sys.prefix if prefix is None else prefix))
        wanted = ",".join(dict.fromkeys([*extras, extra]))  # the parts it has keep: the reinstall replaces them
        return "uv tool install --reinstall " + _quoted(_spec(source, wanted))
    return "pip install " + _quoted(f"lipcare[{extra}]")


def uninstall_command(prefix: str | None = None) -> str:
    """The command that removes lipcare itself where it runs."""
    how = installer(prefix)
    if how == PIPX:
        return "pipx uninstall lipcare"
    if how == UV:
        return "uv tool uninstall lipcare"
    return "pip uninstall lipcare"


def _requirements(extra: str) -> list[str]:
    """The packages of lipcare's optional part `extra`, as its metadata pins them (markers left out)."""
    from importlib import metadata

    try:
        requires = metadata.requires("lipcare") or []
    except metadata.PackageNotFoundError:
        return []
    marker = f'extra == "{extra}"'
    return [each.split(";")[0].strip() for each in requires if marker in each.replace("'", '"')]


def _uv_source(root: Path) -> tuple[dict[str, str], list[str]]:
    """Where uv installed lipcare from, and its optional parts, as its receipt says; ({}, []) when unknown."""
    import tomllib

    try:
        with (root / "uv-receipt.toml").open("rb") as file:
            receipt = tomllib.load(file)
        requirements = receipt["tool"]["requirements"]
        ours = next(each for each in requirements if each.get("name") == "lipcare")
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, AttributeError, StopIteration):
        return {}, []
    extras = ours.get("extras", [])
    source = {key: str(ours[key]) for key in ("directory", "path", "git", "url") if isinstance(ours.get(key), str)}
    return source, [str(each) for each in extras] if isinstance(extras, list) else []


def _spec(source: dict[str, str], extras: str) -> str:
    """A requirement uv reads: the folder or file lipcare came from with its parts, or lipcare by name."""
    place = source.get("directory") or source.get("path")
    if place:
        return f"{place}[{extras}]"
    if source.get("git"):
        return f"lipcare[{extras}] @ git+{source['git']}"
    if source.get("url"):
        return f"lipcare[{extras}] @ {source['url']}"
    return f"lipcare[{extras}]"


def _quoted(word: str) -> str:
    """`word` in single quotes for a shell, always (so `>=` and brackets are safe, and every hint looks alike)."""
    return "'" + word.replace("'", "'\\''") + "'"
