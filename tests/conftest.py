"""Shared fixtures: every test runs with its own LIPCARE_HOME and a fixed clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, time
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from lipcare import clock
from lipcare.cli import app

TODAY = date(2026, 11, 24)
NOW = time(10, 30)


@pytest.fixture(autouse=True)
def lipcare_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point LIPCARE_HOME at a fresh directory so no test touches a real home."""
    home = tmp_path / "lipcare-home"
    monkeypatch.setenv("LIPCARE_HOME", str(home))
    for name in ("LIPCARE_PROTOCOL", "LIPCARE_DEBUG", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    yield home


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    monkeypatch.setattr(clock, "now", lambda: NOW)


class Cli:
    """Runs the app the way a user would, with stdout and stderr kept apart."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | bytes | None = None, env: dict[str, str] | None = None) -> Result:
        # Wide by default so that tests can look for whole sentences; the
        # width tests set COLUMNS themselves.
        return self.runner.invoke(app, list(args), input=input, env={"COLUMNS": "200", **(env or {})})


@pytest.fixture
def cli() -> Cli:
    return Cli()


# --- what the reliability tests tried and found -------------------------------------

FINDINGS: list[str] = []


@pytest.fixture
def finding() -> Callable[[str], None]:
    """Record one line of what a reliability test tried and found; printed at the end of the run."""
    return FINDINGS.append


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not FINDINGS:
        return
    terminalreporter.section("reliability: what was tried and what was found")
    for line in FINDINGS:
        terminalreporter.write_line(line)
    artifacts = Path(__file__).resolve().parent.parent / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "reliability.txt").write_text("\n".join(FINDINGS) + "\n", encoding="utf-8")
