package mrzprint

import (
	"math"
	"testing"
	"time"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/detect/detecttest"
	"github.com/docverify/docverify/mrz"
	"github.com/docverify/docverify/templates"
	"gocv.io/x/gocv"
)

// TestPitchDrift draws each model's MRZ at ICAO's pitch and at a counterfeiter's (2.42 and
// 2.66 mm) on a blank page and measures each line's drift against the MRZ drawn at 2.54 mm. A
// fixed search around each quarter measured a third of the error (2.42 mm read as 2.50).
func TestPitchDrift(t *testing.T) {
	lib, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	fields := mrz.Fields{DocumentCode: "P", IssuingState: "UTO", Surname: "ERIKSSON", GivenNames: "ANNA MARIA",
		DocumentNumber: "L898902C3", Nationality: "UTO", BirthDate: mrz.Date{Year: 1974, Month: 8, Day: 12}, Sex: "F",
		ExpiryDate: mrz.Date{Year: 2032, Month: 4, Day: 15}}
	// No reference: nothing is washed out by a reflection.
	scan := &detect.Scan{Page: gocv.NewMat(), RefBlurred: gocv.NewMat()}
	defer scan.Page.Close()
	defer scan.RefBlurred.Close()
	for _, sp := range lib.All() {
		spec := &sp.Spec
		region, ok := spec.Region("mrz")
		if !ok {
			continue
		}
		f := fields
		f.DocumentCode = spec.DocumentCode
		lines, err := mrz.Generate(spec.MRZFormat, f)
		if err != nil {
			t.Fatalf("%s: %v", spec.ID, err)
		}
		tmpl, err := detect.RenderMRZ(spec, region, lines)
		if err != nil {
			t.Fatal(err)
		}
		for _, pitchMM := range []float64{2.54, 2.42, 2.66} {
			printed, err := detect.RenderMRZAt(spec, region, lines, pitchMM)
			if err != nil {
				t.Fatal(err)
			}
			box := region.Rect.Px(spec.DPI)
			page := spec.PagePx()
			grey := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(255, 0, 0, 0), page.Y, page.X, gocv.MatTypeCV8U)
			at := grey.Region(box)
			printed.CopyTo(&at)
			at.Close()
			res, noMask := gocv.NewMat(), gocv.NewMat()
			d := drift{glare: scan.ReflectionOver(box), grey: grey, tmpl: tmpl, lay: templates.MRZLayoutOf(region, spec.DPI, len(lines), 0),
				box: box, origin: box.Min, bandH: box.Dy() / len(lines), res: res, noMask: noMask}
			for li, line := range lines {
				b, ok := d.line(li, line)
				if !ok {
					t.Errorf("%s at %.2f mm, line %d: not measured", spec.ID, pitchMM, li+1)
					continue
				}
				if got := 2.54 * (1 + b); math.Abs(got-pitchMM) > 0.02 {
					t.Errorf("%s at %.2f mm, line %d: measured %.3f mm", spec.ID, pitchMM, li+1, got)
				}
			}
			res.Close()
			noMask.Close()
			grey.Close()
			printed.Close()
		}
		tmpl.Close()
	}
}

// TestLocalStretch stretches the identity card's page along its width, as a phone photo's
// registration can near the MRZ (about the page's middle), and finds the stretch in the
// captions above the MRZ.
func TestLocalStretch(t *testing.T) {
	for _, want := range []float64{0, 0.03, -0.03} {
		s := detecttest.WarpedPage(t, "uto-idcard-2021", [6]float64{1 + want, 0, -620 * want, 0, 1, 0})
		region, _ := s.Spec().Region("mrz")
		got, ok := s.LocalStretch(region.Rect.Px(s.Spec().DPI))
		if !ok {
			t.Errorf("stretch %.2f: not measured", want)
		} else if math.Abs(got-want) > 0.008 { // two captions 35 mm apart, each placed to a pixel or two

			t.Errorf("stretch %.2f: measured %.4f", want, got)
		}
		s.Close()
	}
}

// TestStretchNotFromEdges moves the page a little further than the captions are looked for
// (1.5 mm, 17 pixels at 300 dpi): each one's best match lies at the edge of its search, says
// nothing of where it is, and the stretch is not measured (before, the captions pinned there
// measured one).
func TestStretchNotFromEdges(t *testing.T) {
	for _, dx := range []float64{18, -18} {
		s := detecttest.MovedPage(t, "uto-idcard-2021", dx, 0)
		region, _ := s.Spec().Region("mrz")
		if got, ok := s.LocalStretch(region.Rect.Px(s.Spec().DPI)); ok {
			t.Errorf("page %+.0f px off: stretch measured (%.4f) from captions found at the edge of the search", dx, got)
		}
		s.Close()
	}
}

// TestFontJudgedOnSoundReadings prints an MRZ in OCR-B on the passport model's reference and
// runs the check with three readings of it: as printed (every check digit holds: the font is
// judged, and passes), misread in six places with its check digits failing (the font is not
// judged: drawn as misread it matched no font, and a genuine phone photo failed so), and the
// same misreading read surely (an MRZ printed with wrong digits is judged).
func TestFontJudgedOnSoundReadings(t *testing.T) {
	scan := detecttest.MovedPage(t, "uto-passport-2019", 0, 0)
	defer scan.Close()
	scan.ID.Correlation = 1
	spec := scan.Spec()
	region, _ := spec.Region("mrz")
	lines, err := mrz.Generate(spec.MRZFormat, mrz.Fields{DocumentCode: "P", IssuingState: "UTO", Surname: "ERIKSSON",
		GivenNames: "ANNA MARIA", DocumentNumber: "UT8989023", Nationality: "UTO", BirthDate: mrz.Date{Year: 1974, Month: 8, Day: 12},
		Sex: "F", ExpiryDate: mrz.Date{Year: 2032, Month: 4, Day: 15}})
	if err != nil {
		t.Fatal(err)
	}
	// The page: the reference with its MRZ region blank and this MRZ printed there.
	printed, err := detect.RenderMRZ(spec, region, lines)
	if err != nil {
		t.Fatal(err)
	}
	defer printed.Close()
	box := region.Rect.Px(spec.DPI)
	colour := gocv.NewMat()
	defer colour.Close()
	gocv.CvtColor(printed, &colour, gocv.ColorGrayToBGR)
	at := scan.Page.Region(box)
	colour.CopyTo(&at)
	at.Close()
	scan.RefBlurred.Close()
	scan.RefBlurred = scan.Page.Clone()

	// Characters the layout allows where they stand (a letter in a date would be a misreading
	// however surely read: not sure).
	misread := []string{lines[0], lines[1][:13] + "8" + lines[1][14:19] + "3M" + lines[1][21:27] + "2" + lines[1][28:]}
	misread[0] = misread[0][:6] + "H" + misread[0][7:]
	for _, tc := range []struct {
		name   string
		lines  []string
		sure   bool
		judged bool
	}{
		{"as printed", lines, false, true},
		{"misread, check digits failing", misread, false, false},
		{"misread, read surely", misread, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			conf := 0.9
			if tc.sure {
				conf = 1
			}
			scan.MRZ = &detect.MRZReading{Raw: tc.lines, Document: mrz.RepairWith(tc.lines, mrz.Hints{}, time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)),
				Confidence: conf, NameConfidence: conf, DataConfidence: conf}
			if !tc.sure && tc.judged != scan.MRZ.Document.Valid {
				t.Fatalf("the reading's validity is %v: the case shows nothing", scan.MRZ.Document.Valid)
			}
			f, err := Check.Run(&detect.Pass{Check: Check, Scan: scan, ResultOf: map[*detect.Check]detect.Finding{}})
			if err != nil {
				t.Fatal(err)
			}
			ms, _ := f.Evidence["measures"].(map[string]float64)
			v, judged := ms[font.Key]
			t.Logf("status %s reason %s font %.3f (judged %v) evidence %v", f.Status, f.Reason, v, judged, f.Evidence["font"])
			if judged != tc.judged {
				t.Errorf("font judged %v, want %v", judged, tc.judged)
			}
			if tc.name == "as printed" && (f.Status != detect.StatusPass || v < 0.9) {
				t.Errorf("the MRZ as printed: %s, font %.3f; want a pass above 0.9", f.Status, v)
			}
		})
	}
}
