package detect

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/docverify/docverify/mrz"
	"github.com/docverify/docverify/ocr"
	"gocv.io/x/gocv"
)

// scriptedOCR answers each ReadLine with the next of its lines, whatever the image.
type scriptedOCR struct {
	lines []ocr.Line
	calls int
}

func (s *scriptedOCR) ReadLine(ctx context.Context, img []byte) (ocr.Line, error) {
	l := s.lines[s.calls%len(s.lines)]
	s.calls++
	return l, nil
}

// ocrLine is a reading of text, every character at confidence 99 but those at the places
// given in unsure, at 60.
func ocrLine(text string, unsure ...int) ocr.Line {
	l := ocr.Line{Text: text}
	for i, c := range text {
		conf := 99.0
		for _, u := range unsure {
			if u == i {
				conf = 60
			}
		}
		l.Chars = append(l.Chars, ocr.Char{Text: string(c), Conf: conf})
		l.Conf += conf
	}
	l.Conf /= float64(len(text))
	return l
}

// with replaces the character at i.
func with(s string, i int, c byte) string { return s[:i] + string(c) + s[i+1:] }

var icaoTD3 = []string{
	"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
	"L898902C36UTO7408122F1204159ZE184226B<<<<<10",
}

// TestReadAgain reads a two-line MRZ whose first reading is not valid again, with the OCR's
// readings of the four new cuts scripted (line by line, cut by cut).
func TestReadAgain(t *testing.T) {
	names, data := icaoTD3[0], icaoTD3[1]
	wrongDigit := with(data, 15, '9') // birth date 740812 read 740912: its check digit fails
	for _, tc := range []struct {
		name  string
		first []ocr.Line    // the reading read again
		cuts  [][2]ocr.Line // each cut's two lines
		want  []string      // the reading kept, nil for the first one
		valid bool
	}{
		{"most cuts read the digit right: the vote mends it",
			[]ocr.Line{ocrLine(names), ocrLine(wrongDigit, 15)},
			[][2]ocr.Line{{ocrLine(names), ocrLine(data)}, {ocrLine(names), ocrLine(data)}, {ocrLine(names), ocrLine(wrongDigit, 15)}, {ocrLine(names), ocrLine(data)}},
			icaoTD3, true},
		{"most cuts misread it: the one cut that reads it right is taken, its check digit holds",
			[]ocr.Line{ocrLine(names), ocrLine(wrongDigit, 15)},
			[][2]ocr.Line{{ocrLine(names), ocrLine(wrongDigit, 15)}, {ocrLine(names), ocrLine(data, 15)}, {ocrLine(names), ocrLine(wrongDigit, 15)}, {ocrLine(names), ocrLine(wrongDigit)}},
			icaoTD3, true},
		{"a cut two characters off the vote is not taken, though its check digits hold",
			[]ocr.Line{ocrLine(names), ocrLine(with(wrongDigit, 2, '0'), 2, 15)},
			[][2]ocr.Line{{ocrLine(names), ocrLine(with(wrongDigit, 2, '0'), 2, 15)}, {ocrLine(names), ocrLine(data, 2, 15)}, {ocrLine(names), ocrLine(with(wrongDigit, 2, '0'), 2, 15)}, {ocrLine(names), ocrLine(with(wrongDigit, 2, '0'), 2, 15)}},
			nil, false},
		{"cuts disagreeing on a letter of the names: the reading does not vouch for them",
			[]ocr.Line{ocrLine(names), ocrLine(wrongDigit, 15)},
			[][2]ocr.Line{{ocrLine(with(names, 15, 'R')), ocrLine(data)}, {ocrLine(names), ocrLine(data)}, {ocrLine(with(names, 15, 'R')), ocrLine(data)}, {ocrLine(names), ocrLine(data)}},
			icaoTD3, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var script []ocr.Line
			for _, c := range tc.cuts {
				script = append(script, c[0], c[1])
			}
			ocr := &scriptedOCR{lines: script}
			r := &MRZReader{OCR: ocr}
			now := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
			src := gocv.NewMatWithSize(200, 600, gocv.MatTypeCV8UC1)
			defer src.Close()
			lines := []Quad{{{20, 50}, {580, 50}, {580, 90}, {20, 90}}, {{20, 100}, {580, 100}, {580, 140}, {20, 140}}}
			first := r.assemble(tc.first, lines, now)
			if first.Document.Valid || first.settled() {
				t.Fatalf("the first reading is valid or sure: %v", first.Raw)
			}
			best := first
			r.readAgain(context.Background(), src, first, now, &best)
			if ocr.calls != 2*len(recrops) {
				t.Errorf("%d lines read again, want %d", ocr.calls, 2*len(recrops))
			}
			got := best.Document.Lines
			if tc.want == nil {
				if best != first {
					t.Errorf("kept %v, want the first reading", got)
				}
			} else if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("kept %v, want %v", got, tc.want)
			}
			if best.Document.Valid != tc.valid {
				t.Errorf("valid %v, want %v (errors %v)", best.Document.Valid, tc.valid, best.Document.Errors)
			}
		})
	}
}

// TestVoteLine checks the vote: readings of the length most have, the character with the most
// confidence at each place, its confidence shared out over the readings taken.
func TestVoteLine(t *testing.T) {
	for _, tc := range []struct {
		name  string
		reads []ocr.Line
		want  string
		confs map[int]float64 // expected confidence at some places
	}{
		{"one reading", []ocr.Line{ocrLine("AB<1")}, "AB<1", map[int]float64{0: 99}},
		{"two against one", []ocr.Line{ocrLine("AB<1"), ocrLine("A8<1", 1), ocrLine("AB<1")}, "AB<1", map[int]float64{1: 66, 2: 99}},
		{"a sure reading outweighs two unsure ones", []ocr.Line{ocrLine("A8<1", 1), ocrLine("AB<1"), ocrLine("A8<1", 1)}, "A8<1", map[int]float64{1: 40}},
		{"other lengths do not vote", []ocr.Line{ocrLine("AB<1"), ocrLine("AB<<1"), ocrLine("XB<1"), ocrLine("AB<1")}, "AB<1", map[int]float64{0: 66}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := voteLine(tc.reads)
			if got.Text != tc.want || len(got.Chars) != len(tc.want) {
				t.Fatalf("voted %q (%d characters), want %q", got.Text, len(got.Chars), tc.want)
			}
			for i, c := range tc.confs {
				if math.Abs(got.Chars[i].Conf-c) > 0.5 {
					t.Errorf("confidence at %d %.1f, want %.1f", i, got.Chars[i].Conf, c)
				}
			}
		})
	}
}

// TestRecrop checks the new cuts' geometry on a tilted line: grown about its middle, moved
// along its own height.
func TestRecrop(t *testing.T) {
	// A line 100 long, 20 high, turned so that "down" is (0.6, 0.8).
	q := Quad{{0, 0}, {80, -60}, {92, -44}, {12, 16}}
	for _, tc := range []struct {
		grow, down   float64
		height, move float64 // the new height; how far its middle moved down the line's height
	}{
		{0, 0, 20, 0}, {0.15, 0, 23, 0}, {-0.1, 0, 18, 0}, {0, 0.06, 20, 1.2}, {0, -0.06, 20, -1.2},
	} {
		g := recrop(q, tc.grow, tc.down)
		h := math.Hypot(g[3][0]-g[0][0], g[3][1]-g[0][1])
		mid := func(q Quad) [2]float64 {
			return [2]float64{(q[0][0] + q[1][0] + q[2][0] + q[3][0]) / 4, (q[0][1] + q[1][1] + q[2][1] + q[3][1]) / 4}
		}
		a, b := mid(q), mid(g)
		move := (b[0]-a[0])*0.6 + (b[1]-a[1])*0.8
		across := (b[0]-a[0])*0.8 - (b[1]-a[1])*0.6
		if math.Abs(h-tc.height) > 1e-9 || math.Abs(move-tc.move) > 1e-9 || math.Abs(across) > 1e-9 {
			t.Errorf("grow %v down %v: height %.3f, moved %.3f down and %.3f along; want %.3f, %.3f, 0", tc.grow, tc.down, h, move, across, tc.height, tc.move)
		}
		if w := math.Hypot(g[1][0]-g[0][0], g[1][1]-g[0][1]); math.Abs(w-100) > 1e-9 {
			t.Errorf("grow %v down %v: width %.3f, want 100", tc.grow, tc.down, w)
		}
	}
}

// TestSettled checks when a reading ends the search: valid, or of a known layout at its width
// with every character sure (Sure, which a valid reading need not be).
func TestSettled(t *testing.T) {
	wrongCheck := []string{icaoTD3[0], with(icaoTD3[1], 9, '7')}
	for _, tc := range []struct {
		name  string
		raw   []string
		conf  float64
		valid bool
		want  bool
		sure  bool
	}{
		{"valid", icaoTD3, 0.5, true, true, false},
		{"valid and sure", icaoTD3, 0.99, true, true, true},
		{"a wrong check digit read surely", wrongCheck, SureConfidence, false, true, true},
		{"a wrong check digit read unsurely", wrongCheck, SureConfidence - 0.01, false, false, false},
		{"a letter read surely in a date", []string{icaoTD3[0], with(icaoTD3[1], 14, 'O')}, 0.99, false, false, false},
		{"a line short of its width", []string{icaoTD3[0], icaoTD3[1][:43]}, 0.99, false, false, false},
		{"no layout", []string{"ABC"}, 0.99, false, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := mrz.RepairAt(tc.raw, time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC))
			if d.Valid != tc.valid {
				t.Fatalf("the document's valid is %v, want %v (%v)", d.Valid, tc.valid, d.Errors)
			}
			r := &MRZReading{Document: d, Raw: tc.raw, DataConfidence: tc.conf, NameConfidence: tc.conf}
			if got := r.settled(); got != tc.want {
				t.Errorf("settled %v, want %v", got, tc.want)
			}
			if got := r.Sure(); got != tc.sure {
				t.Errorf("sure %v, want %v", got, tc.sure)
			}
		})
	}
	if (*MRZReading)(nil).settled() || (*MRZReading)(nil).Sure() {
		t.Error("no reading settled the search or was sure")
	}
}
