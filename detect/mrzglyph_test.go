package detect

import (
	"image"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/docverify/docverify/mrz"
	"github.com/docverify/docverify/ocr"
	"github.com/docverify/docverify/templates"
	"gocv.io/x/gocv"
)

// glyphPage is specimen id's reference page with its MRZ printed over by a synthetic holder's
// (OCR-B where the model prints it); it returns the page (close it), the spec and the lines.
func glyphPage(t *testing.T, id string) (gocv.Mat, *templates.Spec, []string) {
	t.Helper()
	return glyphPageAs(t, id, nil)
}

// glyphPageAs is glyphPage with the lines changed by print before they are printed (nil: as
// generated); it returns the lines printed.
func glyphPageAs(t *testing.T, id string, print func([]string) []string) (gocv.Mat, *templates.Spec, []string) {
	t.Helper()
	page, spec := specimenPage(t, id)
	fields := mrz.Fields{DocumentCode: spec.DocumentCode, IssuingState: "UTO", Nationality: "D",
		Surname: "OKONKWO BERG", GivenNames: "ZOFIA HELENA", DocumentNumber: "C4X7Q2058",
		BirthDate: mrz.Date{Year: 1983, Month: 7, Day: 29}, Sex: "F", ExpiryDate: mrz.Date{Year: 2031, Month: 3, Day: 14}}
	lines, err := mrz.Generate(spec.MRZFormat, fields)
	if err != nil {
		t.Fatal(err)
	}
	if print != nil {
		lines = print(lines)
	}
	region, ok := spec.Region("mrz")
	if !ok {
		t.Fatal("no mrz region")
	}
	drawn, err := RenderMRZ(spec, region, lines)
	if err != nil {
		t.Fatal(err)
	}
	defer drawn.Close()
	bgr := gocv.NewMat()
	defer bgr.Close()
	gocv.CvtColor(drawn, &bgr, gocv.ColorGrayToBGR)
	dst := page.Region(region.Rect.Px(spec.DPI))
	bgr.CopyTo(&dst)
	dst.Close()
	return page, spec, lines
}

// degrade applies one of the ways a capture blurs and moves a page.
func degrade(t *testing.T, page gocv.Mat, spec *templates.Spec, how string) {
	t.Helper()
	px := spec.DPI / 25.4
	switch how {
	case "sharp":
	case "blurred":
		gocv.GaussianBlur(page, &page, image.Point{}, 0.25*px, 0.25*px, gocv.BorderReplicate)
	case "shaken":
		// A phone's shake: a blur of 0.5 mm (sigma) along 60°, 0.05 mm across.
		k := blurKernel{major: 0.5 * px, minor: 0.05 * px, angle: math.Pi / 3}
		b := k.apply(page)
		b.CopyTo(&page)
		b.Close()
	case "coarse":
		// Photographed at 4 pixels per millimetre, straightened back to the model's scale.
		small := gocv.NewMat()
		defer small.Close()
		gocv.Resize(page, &small, image.Pt(int(float64(page.Cols())*4/px), int(float64(page.Rows())*4/px)), 0, 0, gocv.InterpolationArea)
		gocv.Resize(small, &page, image.Pt(page.Cols(), page.Rows()), 0, 0, gocv.InterpolationLinear)
	case "moved":
		// Registered 0.8 mm off downwards and 0.6 mm to the right.
		a := gocv.NewMatWithSize(2, 3, gocv.MatTypeCV64F)
		defer a.Close()
		for i, v := range []float64{1, 0, 0.6 * px, 0, 1, 0.8 * px} {
			a.SetDoubleAt(i/3, i%3, v)
		}
		out := gocv.NewMat()
		defer out.Close()
		gocv.WarpAffine(page, &out, a, image.Pt(page.Cols(), page.Rows()))
		out.CopyTo(&page)
	default:
		t.Fatalf("unknown degradation %q", how)
	}
}

// TestReadPageGlyphs reads each model's MRZ glyph by glyph in its page frame, sharp, blurred,
// shaken along a slant (the blur given is the focus blur only: the reader must find the shake),
// coarse as a distant phone's and registered off: every character as printed, the reading
// valid (blurred or shaken, its data holding) and marked as the glyphs' own unless an OCR reading read the
// same lines, its box where the model prints the MRZ, in the input image's pixels.
func TestReadPageGlyphs(t *testing.T) {
	r := &MRZReader{Now: func() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) }}
	for _, id := range specimenIDs {
		for _, how := range []string{"sharp", "blurred", "shaken", "coarse", "moved"} {
			t.Run(id+"/"+how, func(t *testing.T) {
				page, spec, want := glyphPage(t, id)
				defer page.Close()
				degrade(t, page, spec, how)
				sigma := map[string]float64{"blurred": 0.25, "shaken": 0.05, "coarse": 0.1}[how] * spec.DPI / 25.4
				toImage := func(x, y float64) (float64, float64) { return x + 1000, y + 2000 }
				got := r.ReadPageGlyphs(page, spec, image.Point{}, sigma, nil, toImage)
				if got == nil {
					t.Fatal("nothing read")
				}
				if !slices.Equal(got.Raw, want) {
					t.Fatalf("read %q, want %q", got.Raw, want)
				}
				// Blurred or shaken, letters of the names match less than SureConfidence's margin
				// better than the next: read right, the data holding, the names not vouched for
				// (no OCR reading here to read them alike).
				unsure := how == "blurred" || how == "shaken"
				if unsure && !got.DataHolds() || !unsure && !got.Document.Valid {
					t.Errorf("not valid: %v", got.Document.Errors)
				}
				if !got.Glyphs {
					t.Error("not marked as read glyph by glyph")
				}
				// An OCR reading that read the same lines: the print was the OCR's to read.
				alike := r.ReadPageGlyphs(page, spec, image.Point{}, sigma, []*MRZReading{{Document: mrz.Parse(want)}}, toImage)
				if alike.Glyphs {
					t.Error("marked as read glyph by glyph where an OCR reading read the same lines")
				}
				region, _ := spec.Region("mrz")
				mr := region.Rect.Px(spec.DPI).Inset(-int(2 * spec.DPI / 25.4)).Add(image.Pt(1000, 2000))
				for _, p := range got.Box {
					if !image.Pt(int(p[0]), int(p[1])).In(mr) {
						t.Errorf("box corner %v is not within 2 mm of the MRZ region moved by (1000, 2000), %v", p, mr)
					}
				}
			})
		}
	}
}

// TestReadPageGlyphsUnsure washes out part of the names: the data still reads and holds, but
// the reading is not valid (the names were not read surely) and says so.
func TestReadPageGlyphsUnsure(t *testing.T) {
	r := &MRZReader{Now: func() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) }}
	page, spec, want := glyphPage(t, "uto-passport-2024")
	defer page.Close()
	region, _ := spec.Region("mrz")
	lay := templates.MRZLayoutOf(region, spec.DPI, 2, 0)
	x0, b := lay.Origin(0, 14)
	x1, _ := lay.Origin(0, 20)
	glare := page.Region(image.Rect(int(x0), int(b-1.2*lay.CapHeight), int(x1), int(b+0.2*lay.CapHeight)))
	glare.SetTo(gocv.NewScalar(255, 255, 255, 0))
	glare.Close()
	got := r.ReadPageGlyphs(page, spec, image.Point{}, 0, nil, func(x, y float64) (float64, float64) { return x, y })
	if got == nil {
		t.Fatal("nothing read")
	}
	if got.Document.Valid {
		t.Fatalf("read %q valid, with part of the names washed out", got.Raw)
	}
	if !got.DataHolds() {
		t.Errorf("the data does not hold: %v", got.Document.Errors)
	}
	if got.Raw[1] != want[1] {
		t.Errorf("data line read %q, want %q", got.Raw[1], want[1])
	}
	unsure := false
	for _, e := range got.Document.Errors {
		unsure = unsure || e.Code == mrz.CodeUncertain
	}
	if !unsure {
		t.Errorf("no error says the reading is unsure: %v", got.Document.Errors)
	}
}

// TestVouchers: another reading vouches for the characters it read alike, aligned across a
// dropped character, with its own confidence when that reaches MinNameConfidence; an unsure
// reading, or a line read much shorter or longer, vouches for nothing.
func TestVouchers(t *testing.T) {
	line := func(text string, conf float64) ocr.Line {
		l := ocr.Line{Text: text}
		for i := range text {
			l.Chars = append(l.Chars, ocr.Char{Text: text[i : i+1], Conf: conf})
		}
		return l
	}
	glyphs := "P<UTOKRISHNAN<<KAVYA"
	for _, tc := range []struct {
		name  string
		other ocr.Line
		want  []float64 // at positions 0, 5, 6, 15
	}{
		{"read alike", line("P<UTOKRISHNAN<<KAVYA", 99), []float64{99, 99, 99, 99}},
		{"a character dropped", line("P<UTOKISHNAN<<KAVYA", 96), []float64{96, 96, 0, 96}},
		{"read alike, unsurely", line("P<UTOKRISHNAN<<KAVYA", 90), []float64{0, 0, 0, 0}},
		{"another letter", line("P<UTORRISHNAN<<KAVYA", 97), []float64{97, 0, 97, 97}},
		{"far shorter", line("P<UTOKRISHNA", 99), []float64{0, 0, 0, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := vouchers(glyphs, 0, []*MRZReading{nil, {read: []ocr.Line{tc.other}}})
			for k, i := range []int{0, 5, 6, 15} {
				if v[i] != tc.want[k] {
					t.Errorf("position %d (%c): %v, want %v", i, glyphs[i], v[i], tc.want[k])
				}
			}
		})
	}
}

// TestReadPageGlyphsUnsureData blurs the document number beyond reading surely: whatever its
// characters are read as, and whether or not its check digit then holds, the reading neither is
// valid nor has its data holding.
func TestReadPageGlyphsUnsureData(t *testing.T) {
	r := &MRZReader{Now: func() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) }}
	page, spec, _ := glyphPage(t, "uto-passport-2024")
	defer page.Close()
	region, _ := spec.Region("mrz")
	lay := templates.MRZLayoutOf(region, spec.DPI, 2, 0)
	x0, b := lay.Origin(1, 0)
	x1, _ := lay.Origin(1, 9)
	number := page.Region(image.Rect(int(x0-0.2*lay.Pitch), int(b-1.3*lay.CapHeight), int(x1), int(b+0.3*lay.CapHeight)))
	gocv.GaussianBlur(number, &number, image.Point{}, 0.35*spec.DPI/25.4, 0.35*spec.DPI/25.4, gocv.BorderReplicate)
	number.Close()
	got := r.ReadPageGlyphs(page, spec, image.Point{}, 0, nil, func(x, y float64) (float64, float64) { return x, y })
	if got == nil {
		t.Fatal("nothing read")
	}
	t.Logf("read %q, checks %v", got.Raw, got.Document.Checks)
	if got.Document.Valid || got.DataHolds() {
		t.Errorf("valid %v, data holding %v with the document number blurred (errors %v)", got.Document.Valid, got.DataHolds(), got.Document.Errors)
	}
}

// TestSecondOpinion: an OCR reading sure of every character but failing a check digit is
// corrected by the glyph reader only where the page prints what makes the check hold, and
// only in one character.
func TestSecondOpinion(t *testing.T) {
	r := &MRZReader{Now: func() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) }}
	last := func(l []string) (int, int) { return len(l) - 1, len(l[len(l)-1]) - 1 } // the composite check digit
	other := func(c byte) byte {
		if c == '8' {
			return '6'
		}
		return '8'
	}
	for _, tc := range []struct {
		name  string
		print func([]string) []string // the lines as printed (nil: as generated)
		read  func([]string) []string // the OCR's sure reading of the printed lines
		want  bool
	}{
		{"composite misread", nil, func(l []string) []string {
			li, i := last(l)
			l[li] = with(l[li], i, other(l[li][i]))
			return l
		}, true},
		{"wrong check digit printed", func(l []string) []string {
			li, i := last(l)
			l[li] = with(l[li], i, other(l[li][i]))
			return l
		}, nil, false},
		{"two characters misread", nil, func(l []string) []string {
			li, i := last(l)
			l[li] = with(l[li], i, other(l[li][i]))
			l[0] = with(l[0], 2, 'X') // and the issuing state: no check digit covers it
			return l
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page, spec, printed := glyphPageAs(t, "uto-passport-2024", tc.print)
			defer page.Close()
			seen := slices.Clone(printed)
			if tc.read != nil {
				seen = tc.read(seen)
			}
			read := make([]ocr.Line, len(seen))
			for i, l := range seen {
				read[i] = ocrLine(l)
			}
			first := r.Assemble(read, r.Now())
			if first.Document.Valid || !first.Settled() {
				t.Fatalf("the OCR's reading %q: valid %v, settled %v; want a sure reading failing a check digit", seen, first.Document.Valid, first.Settled())
			}
			glyphs := r.ReadPageGlyphs(page, spec, image.Point{}, 0, []*MRZReading{first}, func(x, y float64) (float64, float64) { return x, y })
			if got := first.SecondOpinion(glyphs); got != tc.want {
				t.Errorf("SecondOpinion = %v, want %v (glyphs read %q, valid %v)", got, tc.want, glyphs.Raw, glyphs.Document.Valid)
			}
			if tc.want && !slices.Equal(glyphs.Raw, printed) {
				t.Errorf("glyphs read %q, printed %q", glyphs.Raw, printed)
			}
		})
	}
}
