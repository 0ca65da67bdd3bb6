"""An Arabic check-in driven in a real pseudo-terminal gives the same advice as the English one."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

LIPCARE = [sys.executable, "-m", "lipcare"]

# answers typed in order: redness, swelling, pain, (painkillers, when pain is severe,) crusts, warning signs, note,
# photo
CASES = [
    ("2026-11-20", ["1", "1", "2", "y", "", "", ""], "expected"),
    ("2026-11-20", ["1", "1", "2", "n", "10", "", ""], "urgent"),  # 10: fever
    ("2026-11-20", ["0", "0", "1", "n", "2", "", ""], "urgent"),  # 2: eye, seek care now
    ("2026-11-20", ["1", "0", "1", "n", "16", "", ""], "contact"),  # 16: small white bumps on healed skin
    ("2026-09-20", ["2", "0", "0", "n", "", "", ""], "contact"),  # day 65: moderate redness after two months
    ("2026-10-20", ["0", "0", "0", "y", "", "", ""], "contact"),  # day 35: crusts later than expected
    ("2026-11-20", ["1", "1", "8", "n", "n", "", "", ""], "urgent"),  # severe pain, painkillers do not relieve it
]
WRITTEN_ON = date(2026, 11, 24)
ARABIC_TYPING = str.maketrans("0123456789yn", "٠١٢٣٤٥٦٧٨٩نل")


def drive(args: list[str], answers: list[str], home: Path) -> str:
    """Run lipcare in a pseudo-terminal, typing each answer after the output settles."""
    env = {**os.environ, "LIPCARE_HOME": str(home), "COLUMNS": "100", "NO_COLOR": "1", "LANG": "C.UTF-8"}
    env.pop("LIPCARE_LANG", None)
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [*LIPCARE, *args], stdin=terminal, stdout=terminal, stderr=terminal, env=env, close_fds=True
    )
    os.close(terminal)
    output = b""
    pending = list(answers)

    def read_for(seconds: float) -> bool:
        nonlocal output
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ready, _, _ = select.select([controller], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(controller, 65536)
                except OSError:
                    return False
                if not chunk:
                    return False
                output += chunk
                end = max(end, time.monotonic() + 0.3)  # wait for the output to settle
        return True

    while read_for(1.0) and pending:
        os.write(controller, pending.pop(0).encode() + b"\r")
    read_for(5.0)
    process.wait(timeout=60)
    os.close(controller)
    assert process.returncode == 0, output.decode(errors="replace")
    return output.decode("utf-8", errors="replace")


def last_level(home: Path) -> str:
    env = {**os.environ, "LIPCARE_HOME": str(home)}
    rows = json.loads(
        subprocess.run(
            [*LIPCARE, "history", "--json"], capture_output=True, text=True, env=env, check=True, timeout=60
        ).stdout
    )
    level: str = rows["checkins"][-1]["level"]
    return level


@pytest.mark.slow
@pytest.mark.parametrize(("treated", "answers", "level"), CASES)
def test_same_answers_same_advice_in_arabic_and_english(
    tmp_path: Path, treated: str, answers: list[str], level: str
) -> None:
    # The cases were written on 2026-11-24; the real processes check in today, so the treatment date moves
    # with the calendar and each case stays on the day of recovery it was written for.
    treated = (date.today() - (WRITTEN_ON - date.fromisoformat(treated))).isoformat()
    # Then Enter for each dose question (the antiviral, the ointment: those due by the time of the run), skipped.
    answers = [*answers, "", ""]
    english = drive(["checkin", "--date", treated], answers, tmp_path / "en")
    arabic_answers = [answer.translate(ARABIC_TYPING) for answer in answers]
    arabic = drive(["checkin", "--date", treated, "--lang", "ar"], arabic_answers, tmp_path / "ar")
    assert last_level(tmp_path / "en") == last_level(tmp_path / "ar") == level
    assert "How red are your lips?" in english
    assert "ما درجة احمرار شفتيك؟" in arabic and "هل لديك الآن أيٌّ مما يلي؟" in arabic
    titles = {
        "expected": "يتوافق مع المسار المتوقع",
        "contact": "تواصل مع طبيبك",
        "urgent": "اطلب الرعاية الطبية الآن" if answers[4] == "2" else "تواصل مع طبيبك اليوم",
    }
    assert titles[level] in arabic
