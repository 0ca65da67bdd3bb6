"""The protocol documentation covers every key, and its example is a valid protocol."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from lipcare.protocol import check_protocol, default_protocol_path

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "protocol.md").read_text(encoding="utf-8")


def leaf_keys(data: dict[str, Any]) -> set[str]:
    keys = set()
    for key, value in data.items():
        keys.add(key)
        if isinstance(value, dict):
            keys |= leaf_keys(value)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for item in value:
                keys |= leaf_keys(item)
    return keys


def test_every_key_of_the_default_protocol_is_documented() -> None:
    data = tomllib.loads(default_protocol_path().read_text(encoding="utf-8"))
    forms = ("`{}`", ".{}`", "`{}.", "[{}]", "[[{}]]", ".{}]", "[{}.")
    undocumented = sorted(key for key in leaf_keys(data) if not any(form.format(key) in DOC for form in forms))
    assert undocumented == []


def test_the_complete_example_is_valid(tmp_path: Path) -> None:
    example = DOC.split("## A complete clinic file", 1)[1]
    toml = re.search(r"```toml\n(.*?)```", example, re.S)
    assert toml is not None
    path = tmp_path / "example.toml"
    path.write_text(toml.group(1), encoding="utf-8")
    checked = check_protocol(path)
    assert checked.problems == []
    assert checked.protocol is not None and checked.protocol.redness.window_days == 60


README = (ROOT / "README.md").read_text(encoding="utf-8")
SH_BLOCKS = re.findall(r"```sh\n(.*?)\n```", README, re.S)


def test_the_readme_installs_for_a_patient_first() -> None:
    """The first commands a reader meets put `lipcare` on the PATH (pipx or uv), not a developer's venv."""
    assert SH_BLOCKS[:2] == ["pipx install ./lipcare", "uv tool install ./lipcare"]
    assert README.index("## Install") < README.index("## Examples") < README.index("## Uninstall")
    assert "pipx uninstall lipcare" in README and "uv tool uninstall lipcare" in README
    assert "lipcare data erase --everything" in README[README.index("## Uninstall") :]
    for leftover in ("~/.bashrc", ".bash_completions/lipcare.sh", "~/.zfunc/_lipcare", "completions/lipcare.fish"):
        assert leftover in README, leftover
    # Benchmarks and CI notes are for developers, and the README is the package's long description.
    assert "## Speed" not in README and "## Reliability" not in README
    assert "## Speed" in (ROOT / "docs" / "development.md").read_text(encoding="utf-8")


def test_the_readme_first_command_remembers_nothing(cli: Any, lipcare_home: Path) -> None:
    """Its made-up date must not become the patient's treatment date."""
    first = next(line for block in SH_BLOCKS for line in block.splitlines() if line.startswith("lipcare "))
    assert first == "lipcare timeline --date 2026-11-01 --preview"
    result = cli(*first.split()[1:], "--no-pager")
    assert result.exit_code == 0, result.stderr
    assert "Treatment: Sun 1 Nov 2026" in result.stdout
    assert not (lipcare_home / "journal.sqlite3").exists()
    assert cli("history").exit_code != 0  # no treatment date remembered


def test_the_readme_renders_on_a_package_index() -> None:
    """The README is the package's long description: rendered as PyPI renders it (readme_renderer), it keeps
    its sections and code blocks, and says nothing of benchmarks."""
    import warnings

    import readme_renderer.markdown

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Markdown renderers are not available" would render nothing
        html = readme_renderer.markdown.render(README, variant="GFM")
    assert html is not None
    headings = re.findall(r"<h2[^>]*>([^<]*)<", html)
    assert headings[:2] == ["Install", "First steps"] and headings[-2:] == ["Uninstall", "For developers"]
    assert '<pre lang="sh">pipx' in html and "<table>" in html
    assert "benchmark" not in html.lower()


def test_ci_runs_the_readme_test_command() -> None:
    tests = [block for block in SH_BLOCKS if block.startswith("python3 -m venv")]
    assert tests == ["python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/pytest"]
    assert tests[0] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


ARCHITECTURE = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
PACKAGE = ROOT / "lipcare"
MODULES = sorted(path.relative_to(ROOT).as_posix() for path in PACKAGE.rglob("*.py"))
"""Every module of lipcare, as a path: lipcare/render/html.py."""


def test_every_file_the_architecture_names_exists() -> None:
    named = set(re.findall(r"`((?:lipcare|data|tests|bench|docs|\.ci)/[\w./<>*-]+\.(?:py|toml|md))`", ARCHITECTURE))
    concrete = {path for path in named if "<" not in path and "*" not in path}
    assert len(concrete) >= 60, sorted(concrete)
    assert sorted(path for path in concrete if not (ROOT / path).exists()) == []


def test_every_module_is_named_in_the_architecture_with_its_job() -> None:
    assert len(MODULES) >= 50
    assert [module for module in MODULES if f"`{module}`" not in ARCHITECTURE] == []


def test_the_architecture_stays_short() -> None:
    # Every module is named with its job (about 60 of them), so it is longer than the two pages it once was.
    assert len(ARCHITECTURE.split()) < 1600


def _dotted(module: str) -> str:
    return module.removesuffix(".py").removesuffix("/__init__").replace("/", ".")


def test_every_module_is_under_the_layer_contracts() -> None:
    """A new module is placed in a layer of [tool.importlinter], and every module the contracts name exists."""
    contracts = {
        contract["id"]: contract
        for contract in tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"][
            "contracts"
        ]
    }
    command_line = ["lipcare.__main__", "lipcare.start", "lipcare.cli", "lipcare.click_words", "lipcare.commands"]
    command_line += ["lipcare.helptext", "lipcare.helppages", "lipcare.remind_due"]
    below = contracts["typer-in-cli"]["source_modules"]
    domain = contracts["domain-no-render"]["source_modules"]

    def within(module: str, names: list[str]) -> bool:
        return any(module == name or module.startswith(name + ".") for name in names)

    modules = [_dotted(module) for module in MODULES if module != "lipcare/__init__.py"]  # the version alone
    assert [m for m in modules if not within(m, [*command_line, *below])] == []
    assert [m for m in modules if within(m, below) and not within(m, ["lipcare.render", *domain])] == []
    named = {name for contract in contracts.values() for name in contract["source_modules"]}
    assert sorted(name for name in named if name not in modules) == []


@pytest.mark.slow  # runs lint-imports, as CI's lint step does
def test_the_layer_contracts_hold() -> None:
    import shutil
    import subprocess
    import sys

    lint = Path(sys.executable).with_name("lint-imports")
    command = str(lint) if lint.exists() else shutil.which("lint-imports")
    assert command, "lint-imports (import-linter, in the test extra) is not installed"
    done = subprocess.run(
        [command, "--no-cache", "--no-logo"], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_only_the_clock_module_reads_the_clock() -> None:
    """Everything takes today and now from lipcare.clock, which the tests fix (docs/architecture.md)."""
    import ast

    readers = {("datetime", "now"), ("datetime", "today"), ("datetime", "utcnow"), ("date", "today")}
    readers |= {("time", "time"), ("time", "localtime"), ("time", "gmtime"), ("time", "ctime")}
    found = []
    for module in MODULES:
        for node in ast.walk(ast.parse((ROOT / module).read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and (node.func.value.id, node.func.attr) in readers
            ):
                found.append(f"{module}:{node.lineno} {node.func.value.id}.{node.func.attr}")
    # clean_leftovers: a leftover file's age, against the time the file system stamps it with (not a date).
    allowed = {"lipcare/clock.py", "lipcare/journal.py:time.time"}
    assert [
        read
        for read in found
        if read.split(":")[0] not in allowed and f"{read.split(':')[0]}:{read.split()[-1]}" not in allowed
    ] == []


def test_the_rule_table_is_the_protocols() -> None:
    import os

    from lipcare.assess import rule_table
    from lipcare.protocol import load_protocol
    from lipcare.render.markdown import rules_table

    path = ROOT / "docs" / "protocol.md"
    before, rest = DOC.split("<!-- rules: begin -->\n", 1)
    shown, after = rest.split("<!-- rules: end -->", 1)
    table = rules_table(rule_table(load_protocol()))
    if os.environ.get("LIPCARE_UPDATE_GOLDEN"):
        path.write_text(f"{before}<!-- rules: begin -->\n{table}<!-- rules: end -->{after}", encoding="utf-8")
        return
    assert shown == table, "run LIPCARE_UPDATE_GOLDEN=1 pytest tests/test_docs.py and review the change"
    assert "`pain.rising`" in table and "`sign.fever`" in table


@pytest.mark.parametrize("name", ["cli.md", "lipcare.1"])
def test_the_command_reference_is_the_programs_help(name: str) -> None:
    """docs/cli.md and the man page are made from the help pages themselves, so they cannot drift from them."""
    import os

    from lipcare import __version__
    from lipcare.helptext import man_page, markdown

    made = markdown() if name == "cli.md" else man_page(__version__)
    path = ROOT / "docs" / name
    if os.environ.get("LIPCARE_UPDATE_GOLDEN"):
        path.write_text(made, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == made, "run LIPCARE_UPDATE_GOLDEN=1 pytest tests/test_docs.py"
    for command in ("lipcare data erase", "lipcare export fhir", "lipcare completion", "lipcare settings set"):
        assert command in made
    assert made.count("Examples:") >= 30 and "LIPCARE_HOME" in made


def test_the_man_page_is_valid_roff(tmp_path: Path) -> None:
    import shutil
    import subprocess

    if shutil.which("groff") is None:
        pytest.skip("groff is not installed")
    done = subprocess.run(
        ["groff", "-man", "-Tutf8", "-ww", str(ROOT / "docs" / "lipcare.1")], capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr
    shown = re.sub(r".\x08", "", done.stdout)
    assert "lipcare  -  aftercare reminders" in shown and "lipcare timeline --date 2026-11-01 --preview" in shown
