"""The printed plan keeps a phone number whole (issue 24): on one line and in its order, in English and Arabic,
and the Arabic plan lists its (English) sources each in its own direction. Printed in Chromium, read back with
poppler's word boxes, since reading mixed-direction text off a bitmap is unreliable."""

from __future__ import annotations

import re
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import Cli
from test_export import export, need, pages, print_pdf

PHONE = "+20 2 2735 0000"
OUT_OF_HOURS = "+20 100 000 0999"
# A name of this length put the line break inside the out-of-hours number, in Arabic and in English.
CLINIC = "Nile Lip and Skin Clinic, Zamalek branch, second floor"


def printed_lines(pdf: Path) -> list[list[tuple[float, str]]]:
    """Each printed line's words, left to right, with their left edge."""
    need("pdftotext")
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    rows: dict[tuple[int, int], list[tuple[float, str]]] = defaultdict(list)
    for page, chunk in enumerate(boxes.split("<page ")[1:]):
        for x, y, word in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<', chunk):
            rows[(page, round(float(y)))].append((float(x), word))
    return [sorted(words) for words in rows.values()]


def whole(lines: list[list[tuple[float, str]]], number: str) -> int:
    """How many times `number` is printed on one line, its groups left to right."""
    return sum(number in " ".join(word for _, word in line) for line in lines)


@pytest.mark.slow  # a real browser: CI runs it, the everyday loop does not
@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("paper", ["A4", "letter"])
def test_the_printed_plan_never_splits_a_phone_number(cli: Cli, tmp_path: Path, language: str, paper: str) -> None:
    for key, value in (("clinic-name", CLINIC), ("clinic-phone", PHONE), ("clinic-out-of-hours-phone", OUT_OF_HOURS)):
        assert cli("settings", "set", key, value).exit_code == 0
    html = export(cli, tmp_path, "sheet", "--date", "2026-10-31", "--lang", language)
    pdf = tmp_path / f"plan-{language}-{paper}.pdf"
    print_pdf(html, pdf, paper)
    lines = printed_lines(pdf)
    assert whole(lines, PHONE) == 2 and whole(lines, OUT_OF_HOURS) == 2
    source = html.read_text(encoding="utf-8")
    assert source.count(f'nowrap">{OUT_OF_HOURS}<') == 2  # in the clinic line and in the warning box
    if language == "ar":
        assert pages(pdf) <= 2


@pytest.mark.slow
def test_the_arabic_plan_lists_each_source_number_first_and_unbroken(cli: Cli, tmp_path: Path) -> None:
    html = export(cli, tmp_path, "sheet", "--date", "2026-10-31", "--lang", "ar")
    pdf = tmp_path / "plan-ar.pdf"
    print_pdf(html, pdf, "A4")
    lines = printed_lines(pdf)

    # Each source reads left to right from its number ('[١] Laser lip peeling: all you need to know ...'); laid out
    # right to left, the number went to the far end and split the title around it.
    def after(word: str) -> list[str]:
        found = []
        for line in lines:
            words = [text for _, text in line]
            found += [words[index + 1] for index, text in enumerate(words[:-1]) if text == word]
        return found

    assert "Laser" in after("[١]")
    assert "Mayo" in after("[٥]")


def test_a_phone_number_is_kept_whole_in_the_page_itself(cli: Cli, tmp_path: Path) -> None:
    """Without a browser: the markup that keeps it whole (nowrap, and left to right inside Arabic)."""
    assert cli("settings", "set", "clinic-phone", PHONE).exit_code == 0
    arabic = export(cli, tmp_path, "sheet", "--date", "2026-10-31", "--lang", "ar").read_text(encoding="utf-8")
    assert f'<bdi dir="ltr" class="nowrap">{PHONE}</bdi>' in arabic
    assert "\u20662026-10-31\u2069</title>" in arabic  # the browser prints the title in its header
    english = export(cli, tmp_path, "sheet", "--date", "2026-10-31", "--force").read_text(encoding="utf-8")
    assert f'<span class="nowrap">{PHONE}</span>' in english and "<bdi" not in english
