#!/usr/bin/env python3
"""Convert a CFF-flavoured OpenType font to TrueType outlines (quadratic curves).

What it does: golang.org/x/image's font package draws some glyphs of Debian's OCRB.otf blank
(an unsupported CFF operator, seen on `8` and `<`); TrueType outlines avoid it. The OCR-B font
(fonts-ocr-b, by Matthew Skala and Norbert Schwarz) is in the public domain / permissively
licensed, so the converted file is committed as templates/fonts/OCRB.ttf.

How to run: python3 tools/otf2ttf.py /usr/share/fonts/opentype/ocr-b/OCRB.otf templates/fonts/OCRB.ttf
(needs Debian's python3-fonttools; `make fonts` does it). Based on fontTools' otf2ttf snippet.
"""
import sys

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

MAX_ERR = 1.0  # font units: curve approximation error
REVERSE = True  # TrueType contours run the other way round


def convert(src, dst):
    font = TTFont(src)
    if "CFF " not in font:
        sys.exit(f"{src}: not a CFF-flavoured OpenType font")
    glyph_order = font.getGlyphOrder()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = {}
    glyph_set = font.getGlyphSet()
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=REVERSE))
        glyf[name] = pen.glyph()
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    maxp.maxTwilightPoints = 0
    maxp.maxStorage = 0
    maxp.maxFunctionDefs = 0
    maxp.maxInstructionDefs = 0
    maxp.maxStackElements = 0
    maxp.maxSizeOfInstructions = 0
    maxp.maxComponentElements = max(
        len(g.components if hasattr(g, "components") else []) for g in glyf.glyphs.values()
    )
    font["head"].glyphDataFormat = 0
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    font["post"].formatType = 2.0
    font["post"].extraNames = []
    font["post"].mapping = {}
    font.sfntVersion = "\000\001\000\000"
    font.save(dst)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    convert(sys.argv[1], sys.argv[2])
