package detect

import (
	"math"
	"strings"
	"time"

	"github.com/docverify/docverify/mrz"
	"github.com/docverify/docverify/ocr"
)

// NameGlyphMargin is how much better (in correlation) than any other character a glyph must
// match its cell for a glyph-by-glyph reading to overrule the OCR on a character of the names
// (WithGlyphNames). On the phone photos of seeds 15015–20020 (1,232 documents, those with a
// counterfeit font or a fantasy state left out), where the OCR and the glyphs read the data
// alike and a name's character differently, the glyphs were right at every margin of 0.03 or
// more (15 whole MRZs more read exactly, none less); below it, the OCR was as often right
// (a glyph reader that cannot tell H from M at a margin of 0).
const NameGlyphMargin = 0.03

// WithGlyphNames checks the names of reading o, an OCR's, against g, the same MRZ read glyph by
// glyph where its model prints it (ReadPageGlyphs). No check digit covers the names, so a
// letter the OCR misread there can pass every rule: a phone photo's LUNDBERG read LUNDSERG at
// 0.967, valid. When the two readings read the data alike (every character a check digit or
// the layout's codes fix: the glyph reading then lies where the MRZ is printed), each
// character of the names that g read otherwise with a glyph at NameGlyphMargin or more is taken
// from g. A character so taken counts as sure only where its glyph is (SureConfidence, as in
// ReadPageGlyphs); below that, the names are unsure and the reading not valid (the officer
// reads them from the page). It returns o unchanged, and false, when the readings do not read
// the data alike or g overrules no character.
func (r *MRZReader) WithGlyphNames(o, g *MRZReading, now time.Time) (*MRZReading, bool) {
	if o == nil || g == nil || o.Document == nil || g.Document == nil || o.Glyphs {
		return o, false
	}
	f := o.Document.Format
	if f == mrz.FormatUnknown || g.Document.Format != f || len(o.Document.Lines) != f.Lines() ||
		len(g.Document.Lines) != f.Lines() || len(g.read) != f.Lines() || len(o.read) != f.Lines() {
		return o, false
	}
	names := f.FieldSpans("names")[0]
	li, from := names.Line, names.Start
	ol, gl, w := o.Document.Lines[li], g.Document.Lines[li], f.Width()
	if len(ol) != w || len(gl) != w || len(g.read[li].Chars) != w || ol[:from] != gl[:from] {
		return o, false
	}
	for i, l := range o.Document.Lines {
		if i != li && l != g.Document.Lines[i] {
			return o, false
		}
	}
	// The OCR's confidence in each character of the names' line, where it read the line at the
	// layout's width (else the places are not known: -1).
	raw := o.read[li]
	ocrConf := func(i int) float64 {
		if len(raw.Chars) != w || len(raw.Text) != w {
			return -1
		}
		return raw.Chars[i].Conf
	}
	least := 100 * (0.95 + NameGlyphMargin - GlyphMargin) // ReadPageGlyphs' confidence at that margin
	line := ocr.Line{Text: "", Chars: make([]ocr.Char, w)}
	taken := false
	text := []byte(ol)
	for i := range w {
		oc, gc := ocrConf(i), g.read[li].Chars[i].Conf
		c := oc
		switch {
		case ol[i] == gl[i]:
			c = math.Max(oc, gc)
		case i >= from && gc >= least:
			text[i], taken = gl[i], true
			c = gc
			if gc < 100*SureConfidence {
				c = math.Min(gc, 100*MinNameConfidence-1)
			}
		case oc < 0:
			c = 0 // the OCR's character with no confidence known: unsure
		}
		line.Chars[i] = ocr.Char{Text: string(text[i]), Conf: c}
		line.Conf += c / float64(w)
	}
	if !taken {
		return o, false
	}
	line.Text = string(text)
	read := make([]ocr.Line, len(o.read))
	copy(read, o.read)
	read[li] = line
	out := r.assemble(read, o.lines, now)
	for i, l := range out.Document.Lines {
		if i != li && (i >= len(o.Document.Lines) || l != o.Document.Lines[i]) {
			return o, false // the repair read the data otherwise: keep the OCR's reading
		}
	}
	out.vouch()
	out.Elapsed = o.Elapsed
	return out, true
}

// NamesReadSurely says whether the OCR read every character of the names, the letters and the
// fillers between them up to the last letter, at SureConfidence or more, on a line of the
// layout's width. NameConfidence weighs the letters only: a phone photo's VLADIMIR read
// <<ADIMIR, fillers at 0.94 and 0.91, had its letters at 0.987.
func (r *MRZReading) NamesReadSurely() bool {
	if r == nil || r.Document == nil {
		return false
	}
	f := r.Document.Format
	if f == mrz.FormatUnknown || len(r.read) != f.Lines() {
		return false
	}
	names := f.FieldSpans("names")[0]
	l := r.read[names.Line]
	if len(l.Text) != f.Width() || len(l.Chars) != len(l.Text) {
		return false
	}
	last := strings.LastIndexFunc(l.Text, func(c rune) bool { return c >= 'A' && c <= 'Z' })
	for i := names.Start; i <= last; i++ {
		if l.Chars[i].Conf < 100*SureConfidence {
			return false
		}
	}
	return true
}
