"""Release metadata: the version, the changelog and the tag scheme agree, and nothing promises an address that
lipcare does not have."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from conftest import Cli

from lipcare import __version__

ROOT = Path(__file__).resolve().parent.parent
CHANGELOG = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_the_changelog_has_the_version_with_its_tag_and_an_unreleased_section_above_it() -> None:
    headings = re.findall(r"^## (.+)$", CHANGELOG, re.M)
    assert headings[:3] == ["Versions and tags", "Unreleased", f"{__version__} (2026-12-05, tag v{__version__})"]
    development = (ROOT / "docs" / "development.md").read_text(encoding="utf-8")
    assert "## Releases and tags" in development and "vMAJOR.MINOR.PATCH" in development


def test_no_project_address_is_invented_and_the_crash_message_promises_none(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "urls" not in project  # none is known yet (docs/development.md, Releases and tags)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    import lipcare.commands.data as data

    monkeypatch.setattr(data, "export_contents", broken)
    assert cli("timeline", "--date", "2026-11-20").exit_code == 0
    done = cli("data", "export")
    assert done.exit_code == 1
    assert done.stderr == (
        "Error: lipcare hit a problem it does not know how to handle. Anything it had saved is kept. Run it again "
        "with LIPCARE_DEBUG=1 to see the details, and give them to whoever gave you lipcare.\n"
    )
    assert "report" not in done.stderr and "http" not in done.stderr
