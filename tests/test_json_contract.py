"""The JSON contract (docs/json.md): every `--json` output is one object whose "schema" names its kind and
version, it validates against that kind's JSON Schema in docs/schemas/, and what is not set is null, never ""."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]  # no stubs; a test tool
import pytest
import typer
from conftest import Cli
from PIL import Image

from lipcare.cli import app
from lipcare.render.jsonout import SCHEMAS

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "docs" / "schemas"

KIND_OF = {
    "info": "info",
    "timeline": "timeline",
    "checkin": "checkin",  # and "amendment" with --correct or --remove
    "history": "history",
    "photo add": "photo",
    "photo list": "photos",
    "appointment list": "appointments",
    "protocol show": "protocol",  # and "rules" with --rules
    "settings show": "settings",
    "medicine add": "medicine",
    "medicine list": "medicines",
    "data export": "export",  # JSON is its default format: it has no --json
    "remind status": "remind",
    "data erase": "erase",
}


def schema_of(kind: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMA_DIR / f"lipcare.{kind}.schema.json").read_text(encoding="utf-8"))
    return loaded


def empty_strings(value: Any, where: str = "$") -> list[str]:
    if value == "":
        return [where]
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in empty_strings(item, f"{where}.{key}")]
    if isinstance(value, list):
        return [found for item in value for found in empty_strings(item, f"{where}[]")]
    return []


_MADE: dict[str, str] = {}
"""The outputs as JSON text, made once per test process: the three tests below read the same 40 commands' output."""


@pytest.fixture
def outputs(cli: Cli, tmp_path: Path) -> dict[str, list[dict[str, Any]]]:
    """Real outputs of every kind, from a journal with a skipped answer, a warning sign, a note, a photo, a
    correction and a removal, in English and Arabic, and from an empty folder (a fresh copy for each test)."""
    if "outputs" not in _MADE:
        _MADE["outputs"] = json.dumps(_made_outputs(cli, tmp_path))
    made: dict[str, list[dict[str, Any]]] = json.loads(_MADE["outputs"])
    return made


def _made_outputs(cli: Cli, tmp_path: Path) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}

    def run(*args: str) -> None:
        result = cli(*args)
        assert result.exit_code == 0, (args, result.stderr)
        data = json.loads(result.stdout)
        found.setdefault(data["schema"].split("/")[0].removeprefix("lipcare."), []).append(data)

    picture = tmp_path / "lips.png"
    Image.new("RGB", (40, 30), (200, 80, 80)).save(picture)
    run("settings", "show", "--json")
    for args in (("info", "--json"), ("info", "pain", "--json"), ("info", "--json", "--lang", "ar")):
        run(*args)
    run("timeline", "--date", "2026-11-20", "--on", "2026-11-19", "--time", "10:00", "--json")
    run("timeline", "--date", "2026-11-20", "--json")
    run("timeline", "--on", "2027-03-01", "--json", "--lang", "ar")
    run("photo", "list", "--json")
    run("appointment", "list", "--json")  # none yet
    run("checkin", "--on", "2026-11-21", "--redness", "2", "--json")
    run("checkin", "--on", "2026-11-22", "--redness", "2", "--pain", "6", "--painkillers-no-help", "--symptom", "fever",
        "--note", "hot", "--crusting", "--json")  # fmt: skip
    run("checkin", "--redness", "1", "--swelling", "0", "--pain", "1", "--no-crusting", "--symptom", "none",
        "--contacted", "--json")  # fmt: skip
    run("photo", "add", str(picture), "--json")
    run("checkin", "--correct", "1", "--pain", "3", "--json")
    run("checkin", "--remove", "2", "--yes", "--json")
    for args in (("history", "--json"), ("history", "--all", "--json"), ("history", "--json", "--lang", "ar")):
        run(*args)
    run("photo", "list", "--all", "--json")
    run("medicine", "list", "--json")
    run("medicine", "add", "Paracetamol", "--times", "08:00,20:00", "--to", "day 5", "--dose", "1 tablet", "--json")
    run("medicine", "add", "antiviral", "--times", "09:00,21:00", "--json")
    run("--lang", "ar", "medicine", "list", "--json")
    run("protocol", "show", "--json")
    run("protocol", "show", "--rules", "--json")
    cli("settings", "set", "clinic-phone", "+44 20 7946 0000")
    run("settings", "show", "--json")
    cli("appointment", "add", "2026-12-10", "10:30", "--note", "check", "--where", "Clinic")
    cli("appointment", "add", "2026-11-01", "--past")
    run("appointment", "list", "--json")
    run("timeline", "--json")  # with the appointments
    run("data", "export")
    run("remind", "status", "--json")  # not installed
    assert cli("remind", "install").exit_code == 0
    run("remind", "status", "--json")
    run("data", "erase", "--yes", "--json")
    run("data", "erase", "--everything", "--yes", "--json")  # nothing left: an empty list
    return found


def test_every_output_is_an_object_that_its_kinds_schema_validates(outputs: dict[str, list[dict[str, Any]]]) -> None:
    assert sorted(outputs) == sorted(SCHEMAS)  # every kind was produced
    for kind, found in outputs.items():
        schema = schema_of(kind)
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        for data in found:
            assert data["schema"] == f"lipcare.{kind}/{SCHEMAS[kind]}" == schema["$id"]
            assert next(iter(data)) == "schema"  # first, so a reader sees it at once
            errors = [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(data)]
            assert errors == [], (kind, errors)


def test_a_changed_shape_fails_its_schema(outputs: dict[str, list[dict[str, Any]]]) -> None:
    """The schemas are not vacuous: a missing key, a wrong type, another kind's name are each caught."""
    history = outputs["history"][0]
    validator = jsonschema.Draft202012Validator(schema_of("history"))
    row = history["checkins"][0]
    assert not validator.is_valid({**history, "checkins": [{k: v for k, v in row.items() if k != "level"}]})
    assert not validator.is_valid({**history, "checkins": [{**row, "day": "three"}]})
    assert not validator.is_valid({**history, "schema": "lipcare.history/2"})
    assert not validator.is_valid(history["checkins"])  # the bare array history printed before


def test_unset_is_null_never_an_empty_string(outputs: dict[str, list[dict[str, Any]]]) -> None:
    for kind, found in outputs.items():
        for data in found:
            assert empty_strings(data) == [], kind
    settings = outputs["settings"][0]["settings"]
    assert settings["patient-name"] == {"value": None, "from": None, "by": None}


def test_every_json_option_has_a_kind_a_schema_and_a_section_in_the_docs() -> None:
    root: Any = typer.main.get_command(app)
    with_json = []

    def walk(command: Any, path: tuple[str, ...]) -> None:
        if any("--json" in getattr(param, "opts", ()) for param in command.params):
            with_json.append(" ".join(path))
        for name in getattr(command, "commands", {}):
            walk(command.commands[name], (*path, name))

    walk(root, ())
    assert sorted(with_json) == sorted(name for name in KIND_OF if name != "data export")
    docs = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    for kind in SCHEMAS:
        assert (SCHEMA_DIR / f"lipcare.{kind}.schema.json").exists(), kind
        assert f"`lipcare.{kind}/{SCHEMAS[kind]}`" in docs, kind
    assert sorted(path.name for path in SCHEMA_DIR.iterdir()) == sorted(
        f"lipcare.{kind}.schema.json" for kind in SCHEMAS
    )
