"""The Arabic printable plan and calendar: printed in Chromium, read back with poppler, imported into calcurse."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import Cli
from test_export import ARTIFACTS, export, need, pages, print_pdf, read_calendar

BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def arabic_export(cli: Cli, tmp_path: Path, kind: str, *args: str) -> Path:
    target = export(cli, tmp_path, kind, "--lang", "ar", "--date", "2026-11-20", *args)
    return target.rename(target.with_name(f"plan-ar.{target.suffix.lstrip('.')}"))


def test_arabic_sheet_is_right_to_left_with_isolated_numbers_and_an_embedded_font(cli: Cli, tmp_path: Path) -> None:
    html = arabic_export(cli, tmp_path, "sheet").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in html
    assert "<bdi>الجمعة ٢٠ نوفمبر ٢٠٢٦</bdi>" in html and '<bdi dir="ltr" class="nowrap">٠٨:٠٠</bdi>' in html
    assert html.count("url(data:font/woff2;base64,") == 2  # regular and bold, nothing from the network
    assert "http" not in html.split("<body>")[0]
    assert "<script" not in html and "<link" not in html
    assert "علامات التحذير" in html and "لم يراجع طبيب هذه الترجمة العربية بعد" in html
    english = export(cli, tmp_path, "sheet", "--date", "2026-11-20").read_text(encoding="utf-8")
    assert '<html lang="en">' in english and "@font-face" not in english and "<bdi>" not in english


@pytest.mark.slow  # a real browser, calendar or processes: CI runs it, the everyday loop does not
@pytest.mark.parametrize("paper", ["A4", "letter"])
def test_arabic_sheet_prints_with_only_the_embedded_font_and_reads_back_in_logical_order(
    cli: Cli, tmp_path: Path, paper: str
) -> None:
    html = arabic_export(cli, tmp_path, "sheet")
    pdf = tmp_path / f"plan-ar-{paper}.pdf"
    text = BIDI_MARKS.sub("", print_pdf(html, pdf, paper))
    assert pages(pdf) <= 2
    fonts = subprocess.run([need("pdffonts"), str(pdf)], capture_output=True, text=True, check=True).stdout
    names = [line.split()[0] for line in fonts.splitlines()[2:] if line.strip()]
    assert names and all(name.split("+")[-1].startswith("lipcareArabicSans-") for name in names), fonts
    assert all(" yes yes " in line for line in fonts.splitlines()[2:] if line.strip())  # embedded, subset
    # Logical order: each phrase comes back as it is read, first letter first. (Phrases without the
    # lam-alef ligature: poppler extracts a ligature's two letters in the reverse order. Spaces are left
    # out of the comparison: poppler moves the space at a switch between letters and digits.)
    text = re.sub(r"\s+", "", text)
    for phrase in (
        "خطة العناية بعد التقشير بالليزر للشفتين",
        "التحذير",
        "الشطف بالماء البارد",
        "تواصل مع طبيبك اليوم",
        "الجمعة ٢٠ نوفمبر ٢٠٢٦",
        "ما الذي تتوقعه",
    ):
        assert re.sub(r"\s+", "", phrase) in text, phrase
    assert "SPF30" in text and "٠٨:٠٠" in text
    assert (ARTIFACTS / f"plan-ar-{paper}.png").stat().st_size > 0


def test_arabic_calendar_has_arabic_text_with_its_language_and_folds_on_whole_characters(
    cli: Cli, tmp_path: Path
) -> None:
    ics = arabic_export(cli, tmp_path, "ics")
    raw = ics.read_bytes()
    lines = raw.split(b"\r\n")
    assert len(lines) > 100
    for line in lines:
        line.decode("utf-8")  # every physical line is valid UTF-8 on its own
        assert len(line) <= 75
    assert any(line.startswith("SUMMARY;LANGUAGE=ar:الشطف بالماء البارد (اليوم ٠)".encode()) for line in lines)
    assert raw.count(b"DESCRIPTION;LANGUAGE=ar:") >= 30
    calendar = read_calendar(ics)
    events = calendar.walk("VEVENT")
    summaries = {str(event["SUMMARY"]) for event in events}
    assert "آخر يوم في مدة الاحمرار المتوقعة (اليوم ٢٨)" in summaries
    assert "تسجيل حالة الشفتين" in summaries
    assert all(event["SUMMARY"].params.get("LANGUAGE") == "ar" for event in events)
    english = export(cli, tmp_path, "ics", "--date", "2026-11-20").read_text(encoding="utf-8")
    assert "LANGUAGE=" not in english and "Cold-water rinse (day 0)" in english


@pytest.mark.slow  # a real browser, calendar or processes: CI runs it, the everyday loop does not
def test_arabic_calendar_imports_into_calcurse(cli: Cli, tmp_path: Path) -> None:
    calcurse = need("calcurse")
    ics = arabic_export(cli, tmp_path, "ics")
    data = tmp_path / "calcurse"
    data.mkdir()
    imported = subprocess.run([calcurse, "-D", str(data), "-i", str(ics)], capture_output=True, text=True, check=False)
    assert imported.returncode == 0, imported.stderr
    assert "0 skipped" in imported.stdout
    listed = subprocess.run(
        [
            calcurse,
            "-D",
            str(data),
            "-Q",
            "--from",
            "11/25/2026",
            "--days",
            "1",
            "--format-apt",
            "%(start:%H:%M) %m\\n",
            "--format-recur-apt",
            "%(start:%H:%M) %m\\n",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "08:00 الشطف بالماء البارد (اليوم ٥)" in listed
    assert "19:00 تسجيل حالة الشفتين" in listed


@pytest.mark.slow  # a real browser, calendar or processes: CI runs it, the everyday loop does not
def test_arabic_report_prints_with_only_the_embedded_font(cli: Cli, tmp_path: Path) -> None:
    assert (
        cli(
            "checkin",
            "--date",
            "2026-11-10",
            "--on",
            "2026-11-12",
            "--redness",
            "2",
            "--swelling",
            "2",
            "--pain",
            "4",
            "--crusting",
        ).exit_code
        == 0
    )
    assert cli("checkin", "--on", "2026-11-20", "--redness", "1", "--pain", "2", "-s", "white-bumps").exit_code == 0
    html = tmp_path / "report-ar.html"
    result = cli("report", "--lang", "ar", "-o", str(html))
    assert result.exit_code == 0, result.stderr
    page = html.read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in page and 'direction="ltr"' in page  # the chart's time axis stays LTR
    assert '<span class="level">يستدعي التواصل</span>' in page and '<span class="level">متوقع</span>' in page
    assert "لم يُسجَّل" in page  # the warning signs the first check-in did not record
    pdf = tmp_path / "report-ar-A4.pdf"
    text = re.sub(r"\s+", "", BIDI_MARKS.sub("", print_pdf(html, pdf, "A4")))
    fonts = subprocess.run([need("pdffonts"), str(pdf)], capture_output=True, text=True, check=True).stdout
    names = [line.split()[0] for line in fonts.splitlines()[2:] if line.strip()]
    assert names and all(name.split("+")[-1].startswith("lipcareArabicSans-") for name in names), fonts
    for phrase in ("التقشير بالليزر للشفتين", "المسار", "نتوءات بيضاء صغيرة صلبة", "اليوم بعد"):
        assert re.sub(r"\s+", "", phrase) in text, phrase
    assert (ARTIFACTS / "report-ar-A4.png").stat().st_size > 0
