"""The protocol documentation covers every key, and its example is a valid protocol."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

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


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(python3 -m venv .*?)\n```", readme)
    assert len(commands) == 2, commands  # set-up: one to install and run, one to install and test
    install_and_run, install_and_test = commands
    assert "lipcare timeline --date" in install_and_run
    assert install_and_test in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


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
    command_line = ["lipcare.__main__", "lipcare.cli", "lipcare.clicktext", "lipcare.commands"]
    below = contracts["typer-in-cli"]["source_modules"]
    domain = contracts["domain-no-render"]["source_modules"]

    def within(module: str, names: list[str]) -> bool:
        return any(module == name or module.startswith(name + ".") for name in names)

    modules = [_dotted(module) for module in MODULES if module != "lipcare/__init__.py"]  # the version alone
    assert [m for m in modules if not within(m, [*command_line, *below])] == []
    assert [m for m in modules if within(m, below) and not within(m, ["lipcare.render", *domain])] == []
    named = {name for contract in contracts.values() for name in contract["source_modules"]}
    assert sorted(name for name in named if name not in modules) == []


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
