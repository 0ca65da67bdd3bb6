"""The files that make the platform's scheduler run `lipcare remind due` every few minutes: a systemd user timer and
its service (Linux), a launchd agent (macOS), a Task Scheduler task (Windows).

Every one of them runs the same lipcare that installed it (`Run.argv`: this Python with `-m lipcare`) with the same
data folder and language (`Run.environment`), every `INTERVAL_MINUTES`, and catches up once after a suspend or a
shutdown (systemd's Persistent=, launchd's calendar interval, Task Scheduler's StartWhenAvailable): `remind due`
then shows what fell due meanwhile, saying it is late. The plan lives in the data folder, not in these files, so a
change of plan (a new medicine, another treatment date) needs no new files.
"""

from __future__ import annotations

import plistlib
import subprocess
from xml.sax.saxutils import escape

from lipcare.scheduler import INTERVAL_MINUTES, LABEL, UNIT, Run


def systemd_quote(word: str, *, dollar: bool = True) -> str:
    """One word of a systemd unit's command line or Environment=, quoted: a specifier's % doubled, and (in a command
    line) $ doubled, so that a path is taken as written."""
    quoted = word.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%")
    if dollar:
        quoted = quoted.replace("$", "$$")
    return f'"{quoted}"'


def systemd_service(run: Run) -> str:
    lines = [
        "# Written by lipcare remind install; lipcare remind remove deletes it.",
        "[Unit]",
        "Description=lipcare aftercare reminders (lipcare remind due)",
        "Documentation=man:lipcare(1)",
        "",
        "[Service]",
        "Type=oneshot",
    ]
    lines += [f"Environment={systemd_quote(f'{name}={value}', dollar=False)}" for name, value in run.environment]
    lines.append("ExecStart=" + " ".join(systemd_quote(word) for word in run.argv))
    return "\n".join(lines) + "\n"


def systemd_timer() -> str:
    return (
        "# Written by lipcare remind install; lipcare remind remove deletes it.\n"
        "[Unit]\n"
        f"Description=lipcare aftercare reminders, checked every {INTERVAL_MINUTES} minutes\n"
        "Documentation=man:lipcare(1)\n"
        "\n"
        "[Timer]\n"
        f"OnCalendar=*:0/{INTERVAL_MINUTES}\n"
        "# After a suspend or a shutdown, run once at once: lipcare remind due shows what fell due meanwhile, late.\n"
        "Persistent=true\n"
        "AccuracySec=30s\n"
        f"Unit={UNIT}.service\n"
        "\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )


def launchd_plist(run: Run) -> bytes:
    agent = {
        "Label": LABEL,
        "ProgramArguments": list(run.argv),
        "EnvironmentVariables": dict(run.environment),
        # Calendar intervals are coalesced into one run on wake when the Mac slept through them.
        "StartCalendarInterval": [{"Minute": minute} for minute in range(0, 60, INTERVAL_MINUTES)],
        "ProcessType": "Background",
    }
    return plistlib.dumps(agent, sort_keys=False)


def task_xml(run: Run, start: str) -> str:
    """The task, starting at `start` (YYYY-MM-DDTHH:MM:SS, local) and repeating every INTERVAL_MINUTES for ever.
    Task Scheduler has no environment of its own: the values are given to `remind due` as options."""
    program, *arguments = run.argv
    options = {"LIPCARE_HOME": "--home", "LIPCARE_LANG": "--lang", "LIPCARE_PROTOCOL": "--protocol"}
    for name, value in run.environment:
        arguments += [options[name], value]
    return (
        '<?xml version="1.0" encoding="UTF-16"?>\n'
        '<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">\n'
        "  <RegistrationInfo>\n"
        "    <Description>lipcare aftercare reminders (lipcare remind due); lipcare remind remove deletes it."
        "</Description>\n"
        "  </RegistrationInfo>\n"
        "  <Triggers>\n"
        "    <TimeTrigger>\n"
        f"      <StartBoundary>{escape(start)}</StartBoundary>\n"
        f"      <Repetition><Interval>PT{INTERVAL_MINUTES}M</Interval><StopAtDurationEnd>false</StopAtDurationEnd>"
        "</Repetition>\n"
        "      <Enabled>true</Enabled>\n"
        "    </TimeTrigger>\n"
        "  </Triggers>\n"
        "  <Principals>\n"
        '    <Principal id="Author">\n'
        "      <LogonType>InteractiveToken</LogonType>\n"
        "      <RunLevel>LeastPrivilege</RunLevel>\n"
        "    </Principal>\n"
        "  </Principals>\n"
        "  <Settings>\n"
        "    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>\n"
        "    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>\n"
        "    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>\n"
        "    <StartWhenAvailable>true</StartWhenAvailable>\n"
        "    <ExecutionTimeLimit>PT5M</ExecutionTimeLimit>\n"
        "    <Enabled>true</Enabled>\n"
        "  </Settings>\n"
        '  <Actions Context="Author">\n'
        "    <Exec>\n"
        f"      <Command>{escape(program)}</Command>\n"
        f"      <Arguments>{escape(subprocess.list2cmdline(arguments))}</Arguments>\n"
        "    </Exec>\n"
        "  </Actions>\n"
        "</Task>\n"
    )
