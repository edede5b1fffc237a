package detect

import (
	"strings"
	"testing"
	"time"

	"github.com/docverify/docverify/ocr"
)

// TestWithGlyphNames checks that a glyph reading overrules the OCR on a letter of the names
// only where its glyph matched by NameGlyphMargin or more and the two read the data alike, and
// that a letter so taken counts as sure only where its glyph is.
func TestWithGlyphNames(t *testing.T) {
	now := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	r := &MRZReader{}
	// line builds an OCR line of text, every character at conf, but those at the places given.
	line := func(text string, conf float64, at map[int]float64) ocr.Line {
		l := ocr.Line{Text: text, Chars: make([]ocr.Char, len(text))}
		for i := range text {
			c := conf
			if v, ok := at[i]; ok {
				c = v
			}
			l.Chars[i] = ocr.Char{Text: text[i : i+1], Conf: c}
		}
		return l
	}
	names, data := icaoTD3[0], icaoTD3[1]
	misread := with(names, 10, 'B') // ERIKSSON read ERIKSBON: every rule holds
	glyphConf := func(margin float64) float64 { return 100 * (0.95 + margin - GlyphMargin) }
	for _, tc := range []struct {
		name      string
		ocr       []ocr.Line
		glyphs    []ocr.Line
		taken     bool
		wantLines []string
		valid     bool
	}{
		{"a sure misreading, the glyph clear but not sure: taken, the names unsure",
			[]ocr.Line{line(misread, 99, map[int]float64{10: 96}), line(data, 99, nil)},
			[]ocr.Line{line(names, 99, map[int]float64{10: glyphConf(0.06)}), line(data, 99, nil)},
			true, icaoTD3, false},
		{"the glyph sure: taken, valid",
			[]ocr.Line{line(misread, 99, map[int]float64{10: 96}), line(data, 99, nil)},
			[]ocr.Line{line(names, 99, map[int]float64{10: glyphConf(0.09)}), line(data, 99, nil)},
			true, icaoTD3, true},
		{"the glyph just below the margin: the OCR's reading kept",
			[]ocr.Line{line(misread, 99, map[int]float64{10: 96}), line(data, 99, nil)},
			[]ocr.Line{line(names, 99, map[int]float64{10: glyphConf(NameGlyphMargin - 0.005)}), line(data, 99, nil)},
			false, []string{misread, data}, true},
		{"the data read otherwise: the glyphs lie elsewhere, nothing taken",
			[]ocr.Line{line(misread, 99, nil), line(data, 99, nil)},
			[]ocr.Line{line(names, 99, nil), line(with(data, 20, 'M'), 99, nil)},
			false, []string{misread, data}, true},
		{"the issuing state read otherwise: nothing taken",
			[]ocr.Line{line(misread, 99, nil), line(data, 99, nil)},
			[]ocr.Line{line(with(names, 3, 'D'), 99, nil), line(data, 99, nil)},
			false, []string{misread, data}, true},
		{"the OCR's names' line read a character wide: the places unknown, the glyph taken",
			[]ocr.Line{line(misread[:12]+"I"+misread[12:], 99, nil), line(data, 99, nil)},
			[]ocr.Line{line(names, 99, map[int]float64{10: glyphConf(0.04)}), line(data, 99, nil)},
			true, icaoTD3, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := r.Assemble(tc.ocr, now)
			g := r.Assemble(tc.glyphs, now)
			out, taken := r.WithGlyphNames(o, g, now)
			if taken != tc.taken {
				t.Fatalf("taken %v, want %v", taken, tc.taken)
			}
			if !taken && out != o {
				t.Error("nothing taken, yet the reading changed")
			}
			for i, l := range out.Document.Lines {
				if l != tc.wantLines[i] {
					t.Errorf("line %d %q, want %q", i, l, tc.wantLines[i])
				}
			}
			if out.Document.Valid != tc.valid {
				t.Errorf("valid %v, want %v (errors %v)", out.Document.Valid, tc.valid, out.Document.Errors)
			}
		})
	}
	// A reading the glyphs made is not checked against itself.
	o := r.Assemble([]ocr.Line{line(misread, 99, nil), line(data, 99, nil)}, now)
	o.Glyphs = true
	g := r.Assemble([]ocr.Line{line(names, 99, nil), line(data, 99, nil)}, now)
	if _, taken := r.WithGlyphNames(o, g, now); taken {
		t.Error("a glyph reading's names were overruled")
	}
}

// TestNamesReadSurely checks which characters count for the names being read surely: their
// letters and the fillers between them, not the fillers after the last letter.
func TestNamesReadSurely(t *testing.T) {
	now := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	r := &MRZReader{}
	names, data := icaoTD3[0], icaoTD3[1]
	last := strings.LastIndexAny(names, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
	line := func(text string, at map[int]float64) ocr.Line {
		l := ocr.Line{Text: text, Chars: make([]ocr.Char, len(text))}
		for i := range text {
			c := 99.0
			if v, ok := at[i]; ok {
				c = v
			}
			l.Chars[i] = ocr.Char{Text: text[i : i+1], Conf: c}
		}
		return l
	}
	for _, tc := range []struct {
		name  string
		names ocr.Line
		want  bool
	}{
		{"every character sure", line(names, nil), true},
		{"a letter unsure", line(names, map[int]float64{7: 97}), false},
		{"a filler between the names unsure", line(names, map[int]float64{13: 91}), false},
		{"a filler after the last letter unsure", line(names, map[int]float64{last + 3: 60}), true},
		{"the document code unsure (not a name)", line(names, map[int]float64{0: 90}), true},
		{"the line read a character wide", line(names+"<", nil), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := r.Assemble([]ocr.Line{tc.names, line(data, nil)}, now).NamesReadSurely()
			if got != tc.want {
				t.Errorf("NamesReadSurely %v, want %v", got, tc.want)
			}
		})
	}
}
