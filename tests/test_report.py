"""The report a physician reads in one minute (issue 22): the worst reading of each day charted, days without a
check-in breaking the lines, the reasons of each urgent or contact check-in, the patient's name and date of birth
when given, a legend that never overlaps; printed in headless Chromium on A4 and Letter in English and Arabic, and
checked with axe-core for WCAG 2.1 AA."""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path

import pytest
from conftest import Cli
from test_export import ARTIFACTS, ROOT, need, pages, print_pdf

# The trial's bad patch, with day 7 (2026-11-17) skipped and a second, lower check-in on day 4.
CHECKINS = [
    ("2026-11-11", ["--redness", "3", "--swelling", "2", "--pain", "3"]),
    ("2026-11-12", ["--redness", "2", "--swelling", "2", "--pain", "3"]),
    ("2026-11-13", ["--redness", "2", "--swelling", "2", "--pain", "3"]),
    ("2026-11-14", ["--redness", "2", "--swelling", "2", "--pain", "6"]),
    ("2026-11-14", ["--redness", "2", "--swelling", "2", "--pain", "4"]),
    ("2026-11-15", ["--redness", "2", "--swelling", "3", "--pain", "7", "--symptom", "fever"]),
    ("2026-11-16", ["--redness", "1", "--swelling", "1", "--pain", "2"]),
    ("2026-11-18", ["--redness", "1", "--swelling", "1", "--pain", "2"]),
]


@pytest.fixture
def journal(cli: Cli) -> None:
    for number, (on, answers) in enumerate(CHECKINS):
        start = ["--date", "2026-11-10"] if number == 0 else []
        extra = [] if "--symptom" in answers else ["--symptom", "none"]
        assert cli("checkin", *start, "--on", on, *answers, "--crusting", *extra).exit_code == 0


def report(cli: Cli, tmp_path: Path, *args: str, name: str = "report.html") -> str:
    target = tmp_path / name
    result = cli("report", "-o", str(target), "--force", *args)
    assert result.exit_code == 0, result.stderr
    return target.read_text(encoding="utf-8")


def charts(page: str) -> list[str]:
    return re.findall(r"<svg .*?</svg>", page, re.S)


def points(svg: str) -> list[list[tuple[float, float]]]:
    """Each line drawn, as its (x, y) points."""
    return [
        [(float(x), float(y)) for x, y in (pair.split(",") for pair in line.split())]
        for line in re.findall(r'<polyline points="([^"]+)"', svg)
    ]


# The chart's geometry (lipcare/render/html.py `_chart`): 640 x 190, plot from x 34 to 628 and y 16 to 140.
def day_value(x: float, y: float, span: int, top: int) -> tuple[int, int]:
    return round((x - 34) / 594 * span), round((1 - (y - 16) / 124) * top)


def test_the_worst_reading_of_each_day_is_charted(cli: Cli, tmp_path: Path, journal: None) -> None:
    page = report(cli, tmp_path)
    pain = charts(page)[1]
    drawn = [day_value(x, y, 29, 10) for line in points(pain) for x, y in line]
    assert (4, 6) in drawn and (4, 4) not in drawn  # day 4: pain 6 (urgent), then 4; the chart keeps the 6
    assert "its highest reading is drawn; the table lists every one" in page


def test_a_day_without_a_checkin_breaks_every_line(cli: Cli, tmp_path: Path, journal: None) -> None:
    page = report(cli, tmp_path)
    pain = charts(page)[1]
    runs = [[day_value(x, y, 29, 10)[0] for x, y in line] for line in points(pain)]
    assert runs == [[1, 2, 3, 4, 5, 6], [8]]  # day 7 has no check-in
    assert "A break in a line: not recorded that day." in page


def test_each_urgent_or_contact_checkin_lists_its_reasons(cli: Cli, tmp_path: Path, journal: None) -> None:
    page = report(cli, tmp_path)
    rows = json.loads(cli("history", "--json").stdout)["checkins"]
    table = page[page.index("<h2>Every check-in</h2>") :]
    for row in rows:
        if row["level"] in ("urgent", "contact"):
            for reason in row["reasons"]:
                assert f'<li dir="auto">{html.escape(reason)}</li>' in table, reason
    assert table.count('<ul class="why">') == sum(row["level"] != "expected" for row in rows)


def test_a_corrected_checkin_says_so_in_the_report(cli: Cli, tmp_path: Path, journal: None) -> None:
    assert cli("checkin", "--correct", "3", "--pain", "2").exit_code == 0
    assert "corrected on 2026-11-24" in report(cli, tmp_path)


def test_the_patient_is_named_only_when_asked_and_nothing_is_kept(
    cli: Cli, tmp_path: Path, journal: None, lipcare_home: Path
) -> None:
    anonymous = report(cli, tmp_path)
    assert "Patient" not in anonymous and "Date of birth" not in anonymous
    named = report(cli, tmp_path, "--patient-name", "Ada  Lovelace", "--patient-born", "1980-04-30")
    assert "<td>Patient</td><td>Ada Lovelace</td>" in named
    assert re.search(r"<td>Date of birth</td><td>(<bdi>)?1980-04-30(</bdi>)?</td>", named)
    kept = b"".join(path.read_bytes() for path in lipcare_home.rglob("*") if path.is_file())
    assert b"Lovelace" not in kept and b"1980-04-30" not in kept
    assert cli("settings", "set", "patient-name", "Ada Lovelace").exit_code == 0
    assert cli("settings", "set", "patient-born", "1980-04-30").exit_code == 0
    assert "<td>Patient</td><td>Ada Lovelace</td>" in report(cli, tmp_path)


@pytest.mark.parametrize("born", ["30/04/1980", "1980-02-30", "yesterday"])
def test_a_date_of_birth_that_cannot_be_read_is_refused(cli: Cli, tmp_path: Path, journal: None, born: str) -> None:
    result = cli("report", "-o", str(tmp_path / "r.html"), "--patient-born", born)
    assert result.exit_code == 2 and "'--patient-born'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not (tmp_path / "r.html").exists()


def test_the_legend_has_a_line_of_its_own(cli: Cli, tmp_path: Path, journal: None) -> None:
    for svg in charts(report(cli, tmp_path)):
        texts = [
            (float(x), float(y), text)
            for x, y, text in re.findall(r'<text x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)<', svg)
        ]
        window = [y for _x, y, text in texts if "redness window" in text]
        legend = [(x, y, text) for x, y, text in texts if "line" in text]
        axis = [y for _x, y, text in texts if text == "day after treatment"]
        assert window and legend and axis
        assert max(window) < 16 < 140 < min(axis) < min(y for _x, y, _t in legend)  # above the plot; below the axis
        # entries side by side, each in its own half (9 px text: about 5.5 px a character)
        for number, (x, _y, text) in enumerate(sorted(legend)):
            assert x + len(text) * 5.5 <= 34 + 594 * (number + 1) / 2 + 30, text


# --- in a real browser -----------------------------------------------------------------------------------

AXE = ROOT / "tests" / "axe" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("paper", ["A4", "letter"])
def test_the_report_prints_on_a4_and_letter(cli: Cli, tmp_path: Path, journal: None, paper: str, language: str) -> None:
    page = tmp_path / f"report-{language}.html"
    report(cli, tmp_path, "--lang", language, "--patient-name", "Ada Lovelace", name=page.name)
    pdf = tmp_path / f"report-{language}-{paper}.pdf"
    text = " ".join(print_pdf(page, pdf, paper).split())
    assert 1 <= pages(pdf) <= 3
    assert "Ada Lovelace" in text
    expected = ["Pain is 6/10 on day 4", "URGENT", "day after treatment"] if language == "en" else ["عاجل"]
    for said in expected:
        assert said in text, said


def axe_violations(page: Path) -> list[dict[str, object]]:
    """axe-core's WCAG 2.0/2.1 A and AA rules run on `page` in headless Chromium; the violations it finds."""
    chromium = need("chromium")
    if not AXE.exists():
        pytest.skip("axe-core (cd tests/axe && npm ci) is not installed; .ci/run installs it")
    runner = (
        f"<script>{AXE.read_text(encoding='utf-8')}</script><script>"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        ".then(function (r) { var pre = document.createElement('pre'); pre.id = 'axe-result';"
        " pre.textContent = JSON.stringify({passes: r.passes.length, violations: r.violations.map(function (v)"
        " { return {id: v.id, help: v.help, nodes: v.nodes.map(function (n) { return n.target.join(' '); })}; })});"
        " document.body.appendChild(pre); });</script>"
    )
    checked = page.with_name(page.stem + "-axe.html")
    checked.write_text(page.read_text(encoding="utf-8").replace("</body>", runner + "</body>"), encoding="utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={page.parent / 'axe-profile'}"]
    dom = subprocess.run(
        [chromium, *flags, "--virtual-time-budget=20000", "--dump-dom", checked.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    found = re.search(r'<pre id="axe-result">(.*?)</pre>', dom, re.S)
    assert found, "axe-core did not run"
    result = json.loads(html.unescape(found.group(1)))
    assert result["passes"] > 10  # it checked the page
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"axe-{page.stem}.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    violations: list[dict[str, object]] = result["violations"]
    return violations


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "ar"])
def test_axe_core_finds_no_wcag_21_aa_violation(cli: Cli, tmp_path: Path, journal: None, language: str) -> None:
    assert cli("checkin", "--correct", "3", "--pain", "2").exit_code == 0
    page = tmp_path / f"report-{language}.html"
    report(cli, tmp_path, "--lang", language, "--patient-name", "Ada Lovelace", name=page.name)
    assert axe_violations(page) == []
