"""Showing a notification on the desktop: freedesktop notifications over D-Bus on Linux and the BSDs, AppleScript on
macOS (`osascript_argv`), a toast through PowerShell on Windows (`powershell_argv`). `show` raises `NotShown` with
why, so that `lipcare remind due` keeps what it could not show (never a reminder lost in silence).

D-Bus is spoken by jeepney (pure Python, no dependency; keyring's Secret Service backend uses it too): its import
costs about as much as starting Python (python -X importtime), which `remind due` pays only when a reminder is due;
it needs no program that may be missing (notify-send, gdbus: a process each time, and only their text for errors)
and gives the service's own error. A timer's process may start
without DBUS_SESSION_BUS_ADDRESS (an older user manager): the user bus at $XDG_RUNTIME_DIR/bus is used then.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

from lipcare.fasttuple import Record

TIMEOUT = 10.0
"""Seconds to wait for the notification service or the system's notifier."""


class Notification(Record):
    summary: str
    body: str
    urgency: int
    """The freedesktop urgency: 0 low, 1 normal (lipcare.reminders: never 2, critical)."""


NO_SERVICE = ("org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NameHasNoOwner")
"""The bus's answers when no notification service is running."""


class NotShown(Exception):
    """The notification could not be shown: `why` is a code of lipcare.render.notification.WHY."""

    def __init__(self, why: str, detail: str = "") -> None:
        super().__init__(why, detail)
        self.why = why
        self.detail = detail


def show(note: Notification) -> None:
    if sys.platform == "darwin":
        run(osascript_argv(note))
    elif sys.platform == "win32":
        run(powershell_argv(note))
    else:
        freedesktop(note)


def session_bus() -> str:
    """The session bus's address; NotShown("no-bus") when there is none."""
    address = os.environ.get("DBUS_SESSION_BUS_ADDRESS", "").strip()
    if address:
        return address
    runtime = os.environ.get("XDG_RUNTIME_DIR", "").strip()
    if runtime and (Path(runtime) / "bus").exists():
        return f"unix:path={Path(runtime) / 'bus'}"
    raise NotShown("no-bus", "DBUS_SESSION_BUS_ADDRESS is not set")


def freedesktop(note: Notification) -> None:
    """org.freedesktop.Notifications.Notify, with the urgency hint; the body escaped when the server reads markup."""
    address = session_bus()
    try:
        from jeepney import DBusAddress, new_method_call  # type: ignore[import-untyped]
        from jeepney.io.blocking import open_dbus_connection  # type: ignore[import-untyped]
        from jeepney.wrappers import DBusErrorResponse, unwrap_msg  # type: ignore[import-untyped]
    except ImportError as error:
        raise NotShown("failed", str(error)) from None
    service = DBusAddress(
        "/org/freedesktop/Notifications",
        bus_name="org.freedesktop.Notifications",
        interface="org.freedesktop.Notifications",
    )
    try:
        connection = open_dbus_connection(bus=address)
    except Exception as error:  # no socket, refused, authentication: there is no usable bus
        raise NotShown("no-bus", str(error) or type(error).__name__) from None
    try:
        with connection:
            (capabilities,) = unwrap_msg(
                connection.send_and_get_reply(new_method_call(service, "GetCapabilities"), timeout=TIMEOUT)
            )
            body = markup(note.body) if "body-markup" in capabilities else note.body
            call = new_method_call(
                service,
                "Notify",
                "susssasa{sv}i",
                ("lipcare", 0, "", note.summary, body, [], {"urgency": ("y", note.urgency)}, -1),
            )
            unwrap_msg(connection.send_and_get_reply(call, timeout=TIMEOUT))
    except DBusErrorResponse as error:
        raise NotShown("no-service" if error.name in NO_SERVICE else "error", str(error)) from None
    except (OSError, TimeoutError, ValueError) as error:
        raise NotShown("error", str(error) or type(error).__name__) from None


def run(argv: list[str]) -> None:
    try:
        done = subprocess.run(argv, capture_output=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise NotShown("failed", str(error)) from None
    if done.returncode != 0:
        raise NotShown("failed", done.stderr.decode("utf-8", "replace").strip()[:200])


def markup(text: str) -> str:
    """`text` for a notification server that reads body markup (a subset of HTML): &, < and > escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def osascript_argv(note: Notification) -> list[str]:
    """macOS: AppleScript's `display notification`, the texts passed as arguments, never inside the script."""
    script = (
        'on run argv\ndisplay notification (item 2 of argv) with title "lipcare" subtitle (item 1 of argv)\nend run'
    )
    return ["osascript", "-e", script, note.summary, note.body]


POWERSHELL_APP = "{1AC14E77-02E7-4E5D-B744-2EB1AE5198B7}\\WindowsPowerShell\\v1.0\\powershell.exe"
"""Windows shows a toast only for a registered application: PowerShell's own, which every Windows has."""


def toast_xml(note: Notification) -> str:
    def escape(text: str) -> str:
        return markup(text).replace('"', "&quot;")

    return (
        '<toast><visual><binding template="ToastGeneric">'
        f"<text>{escape(note.summary)}</text><text>{escape(note.body)}</text>"
        "</binding></visual></toast>"
    )


def powershell_script(note: Notification) -> str:
    """The PowerShell that shows `note` as a Windows toast; texts are in single-quoted strings (' doubled)."""
    xml = toast_xml(note).replace("'", "''")
    return (
        "$ErrorActionPreference = 'Stop'\n"
        "[Windows.UI.Notifications.ToastNotificationManager, Windows.UI.Notifications, ContentType = WindowsRuntime]"
        " | Out-Null\n"
        "[Windows.Data.Xml.Dom.XmlDocument, Windows.Data.Xml.Dom.XmlDocument, ContentType = WindowsRuntime]"
        " | Out-Null\n"
        "$xml = New-Object Windows.Data.Xml.Dom.XmlDocument\n"
        f"$xml.LoadXml('{xml}')\n"
        "$toast = New-Object Windows.UI.Notifications.ToastNotification $xml\n"
        f"[Windows.UI.Notifications.ToastNotificationManager]::CreateToastNotifier('{POWERSHELL_APP}').Show($toast)\n"
    )


def powershell_argv(note: Notification) -> list[str]:
    """Windows: the script passed encoded (UTF-16LE, base64), so no quoting of the command line can change it."""
    encoded = base64.b64encode(powershell_script(note).encode("utf-16-le")).decode("ascii")
    return ["powershell.exe", "-NoProfile", "-NonInteractive", "-WindowStyle", "Hidden", "-EncodedCommand", encoded]
