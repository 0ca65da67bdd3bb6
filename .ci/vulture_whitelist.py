"""Names that vulture (the dead-code check in .ci/run's lint step) sees defined and never used, but are used.

vulture reads names, not imports: `_.name` below marks every definition called `name` as used. Typer's commands
(functions under `@app.command(...)`, `@data_app.command(...)`) are left out with --ignore-decorators there, not
listed here. Each name says who uses it; remove a line when its definition goes.
"""

from typing import Any

_: Any = None

# Called by Click, Typer or Rich, never by lipcare itself.
_.list_commands  # cli.LipcareGroup: Click calls it to list the commands in --help, in COMMANDS's order
_.context_class  # click_words: the Context class Click builds for a command (its words in the language in force)
_.on_broken_pipe  # render/terminal/rich_console.py: Rich's Console calls it when the reader of a pipe has gone
_.quiet  # render/terminal/rich_console.py: Rich's Console reads it (nothing more is printed once the pipe has gone)
_.caption  # render/terminal/rich_console.py: Rich's Table attributes, set on a table Rich draws
_.caption_justify
_.create_system  # render/data_export.py: zipfile.ZipInfo fields, read when the zip is written
_.external_attr
_.lang  # cli.root: Typer declares --lang and --no-pager before the command with these parameters; their values
_.no_pager  # were read before any option was parsed (locale/choose.py), wherever they were typed
_.__getattr__  # lazy.py, for protocol/ and render/terminal/: PEP 562, Python calls it for a name not imported yet

# Read through the enum, never by name: `lipcare settings set KEY` lists and parses them (commands/settings.py).
_.clinic_name
_.clinic_phone
_.clinic_out_of_hours_phone
_.unlock_minutes

# Kept for the tests and the docs, which check lipcare through them.
_.supported  # protocol/sources.py: tests/test_content.py checks every source's support text with it
_.rules_table  # render/markdown.py: tests/test_docs.py checks the rule table of docs/protocol.md with it
_.translation_paths_table  # render/markdown.py: tests/test_clinic_files.py checks docs/protocol.md's path table
_.path_kinds  # locale/translation.py: the same test reads the kinds of translation path with it
_.with_scale  # protocol/types.py: tests change one scale of a protocol with it (test_chart, test_fhir)

# Read through the enum: `lipcare completion SHELL` parses them (commands/completion.py).
_.bash
_.zsh
_.fish
_.powershell

# Make docs/cli.md and the man page docs/lipcare.1; tests/test_docs.py calls them (LIPCARE_UPDATE_GOLDEN=1 writes).
_.markdown  # helptext.py
_.man_page  # helptext.py

# Issue 26: the medicines' schedule, called by `lipcare remind` (its reminders of doses) and by the tests.
_.doses_between  # medicines.py: every dose due in a range of dates
_.last_date  # medicines.py: the last day a dose is due, when reminders stop
