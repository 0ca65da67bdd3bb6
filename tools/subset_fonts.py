"""Build data/fonts/lipcare-arabic-*.woff2: one font with Arabic and Latin glyphs for the printable pages.

The Arabic plan and report embed it, so they print the same on any computer without network. It is
Noto Sans Arabic (Arabic letters, joined forms, Arabic-Indic digits), Noto Sans (Latin) and the ballot box
of Noto Sans Symbols 2 (the sheet's tick boxes), each subset to what lipcare's pages can contain and merged
into one font renamed "lipcare Arabic Sans" (the Noto fonts are under the SIL Open Font License 1.1:
data/fonts/OFL.txt). Run it after changing the character ranges; the output is committed:

    apt-get install fonts-noto-core
    pip install fonttools brotli
    python tools/subset_fonts.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.merge import Merger
from fontTools.ttLib import TTFont

NOTO = Path("/usr/share/fonts/truetype/noto")
OUT = Path(__file__).resolve().parent.parent / "data" / "fonts"
FAMILY = "lipcare Arabic Sans"

ARABIC = [*range(0x0600, 0x0700), *range(0x0750, 0x0780), 0x200C, 0x200D, 0x200E, 0x200F, *range(0x2066, 0x206A)]
LATIN = [*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2010, 0x2028), 0x2030, 0x2039, 0x203A, 0x20AC, 0x2122,
         0x2212, 0x00B0]  # fmt: skip
SYMBOLS = [0x2610, 0x2611, 0x2612]


def subset_font(source: Path, codepoints: list[int], target: Path) -> None:
    options = subset.Options()
    options.layout_features = ["*"]  # joining (init, medi, fina), ligatures (lam-alef), marks
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = True
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    font.save(str(target))


def build(weight: str) -> Path:
    with tempfile.TemporaryDirectory() as work:
        parts = []
        symbols = NOTO / "NotoSansSymbols2-Regular.ttf"
        for name, codepoints in ((f"NotoSansArabic-{weight}.ttf", ARABIC), (f"NotoSans-{weight}.ttf", LATIN),
                                 (symbols.name, SYMBOLS)):  # fmt: skip
            part = Path(work) / name
            subset_font(NOTO / name, codepoints, part)
            parts.append(str(part))
        merged = Merger().merge(parts)
    names = merged["name"]
    for record in list(names.names):
        if record.nameID in (1, 4, 16):
            names.setName(FAMILY if record.nameID != 4 else f"{FAMILY} {weight}", record.nameID, record.platformID,
                          record.platEncID, record.langID)  # fmt: skip
        elif record.nameID == 6:
            names.setName(f"lipcareArabicSans-{weight}", 6, record.platformID, record.platEncID, record.langID)
    merged.flavor = "woff2"
    target = OUT / f"lipcare-arabic-{weight.lower()}.woff2"
    OUT.mkdir(parents=True, exist_ok=True)
    merged.save(str(target))
    return target


def main() -> None:
    for weight in ("Regular", "Bold"):
        target = build(weight)
        check = TTFont(str(target))
        cmap = check.getBestCmap()
        missing = [hex(c) for c in (0x0627, 0x0644, 0x41, 0x61, 0x2610, 0x0660) if c not in cmap]
        print(f"{target.name}: {target.stat().st_size} bytes, {len(cmap)} characters, missing {missing or 'none'}")
        if missing:
            sys.exit(1)


if __name__ == "__main__":
    main()
