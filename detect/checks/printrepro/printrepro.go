// Package printrepro defines the print_reproduction check: signs that the document was
// reproduced on a printer.
package printrepro

import (
	"math"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/templates"
)

// Check is the print_reproduction check.
var Check = &detect.Check{
	Name: "print_reproduction",
	Doc: `Signs that the document was reproduced on an office printer.

Security printing lays continuous colours and sharp lines; an office printer makes colours from
a regular screen of dots (laser) or a dither (inkjet), loses the finest lines and the
microprint, and shifts the colours. Measured: in the plain background area, the strongest
regular pattern at periods of 3–10 pixels that the reference lacks (a halftone screen at
300 dpi); the microprint's fine detail relative to the MRZ's and to the reference; the
background's colour saturation against the reference's.`,
	Measures: []*detect.Measure{halftone, microprint, saturation},
	Run:      run,
}

var (
	halftone   = &detect.Measure{Key: "print_reproduction.halftone", Doc: "regular pattern at 3–10 pixels in the background that the reference lacks", Threshold: 6, Scale: 2, HigherIsWorse: true, Reason: "halftone"}
	microprint = &detect.Measure{Key: "print_reproduction.microprint_detail", Doc: "microprint's fine detail against the capture-matched reference", Threshold: 0.6, Scale: 0.1, Reason: "fine_detail_lost"}
	saturation = &detect.Measure{Key: "print_reproduction.saturation", Doc: "background's colour saturation relative to the reference's", Threshold: 0.6, Scale: 0.12, Reason: "halftone"}
)

func run(p *detect.Pass) (detect.Finding, error) {
	s := p.Scan
	if f, no := s.Unregistered(); no {
		return f, nil
	}
	page, ref, r, ok := s.Pair("background", templates.Visible)
	if !ok {
		return detect.Skipped("no_region", nil), nil
	}
	_, blurred, _, _ := s.PairBlurred("background")
	if len(blurred.Pix) == 0 {
		blurred = ref
	}
	// The reference as the capture's pixels sampled it: the moiré the genuine printing makes
	// with them is in both.
	if g, ok := s.AsCaptured(s.RefBlurred, r); ok {
		blurred = g
	}
	grades := []detect.Finding{p.Grade(halftone, detect.ExcessPeriodicity(page, blurred, 3, 10))}
	if mp, mr, _, ok := s.PairBlurred("microprint"); ok {
		grades = append(grades, p.Grade(microprint, mp.Detail()/math.Max(mr.Detail(), 1e-6)))
	}
	a, b := detect.Crop(s.Page, r), detect.Crop(s.Ref, r)
	ps, _ := detect.BGROf(a).Saturation()
	rs, _ := detect.BGROf(b).Saturation()
	a.Close()
	b.Close()
	grades = append(grades, p.Grade(saturation, ps/math.Max(rs, 1e-3)))
	f := detect.Worst(nil, grades...)
	f.Region = s.QuadOf(r)
	return f, nil
}
