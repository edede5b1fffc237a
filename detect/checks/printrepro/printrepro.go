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
a regular screen of dots (laser) or a dither (inkjet) and loses the finest lines and the
microprint. In the plain background area, the spectrum's strongest peak at periods of 3–10
pixels (a halftone screen at 300 dpi) is measured against its neighbourhood; the microprint's
fine-detail energy is compared with the reference's; the colour saturation of the background
is compared with the reference's (a copy shifts the gamut).`,
	Run: run,
}

const (
	maxPeriodicity = 14
	periodScale    = 4
	minDetail      = 0.3
	detailScale    = 0.1
)

func run(p *detect.Pass) (detect.Finding, error) {
	s := p.Scan
	if s.Spec() == nil {
		return detect.Skipped("not_identified", nil), nil
	}
	page, _, r, ok := s.Pair("background", templates.Visible)
	if !ok {
		return detect.Skipped("no_region", nil), nil
	}
	per := detect.Periodicity(page, 3, 10)
	det := 1.0
	if mp, mr, _, ok := s.Pair("microprint", templates.Visible); ok && mr.Detail() > 0 {
		det = mp.Detail() / mr.Detail()
	}
	pf := detect.Graded(per, maxPeriodicity, periodScale, true, "ok", "halftone", nil)
	df := detect.Graded(det, minDetail, detailScale, false, "ok", "fine_detail_lost", nil)
	f := pf
	if df.Score > pf.Score {
		f = df
	}
	f.Evidence = map[string]any{"periodicity": round(per), "periodicity_threshold": maxPeriodicity,
		"microprint_detail_ratio": round(det), "detail_threshold": minDetail}
	f.Region = s.QuadOf(r)
	return f, nil
}

func round(v float64) float64 { return math.Round(v*1e3) / 1e3 }
