// Package emblem defines the emblem check: the national emblem against the specimen's.
package emblem

import (
	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/templates"
)

// Check is the emblem check.
var Check = &detect.Check{
	Name: "emblem",
	Doc: `The national emblem against the specimen's: present, and the same drawing.

The emblem's region of the straightened page is correlated with the reference's, both slightly
blurred (the comparison is of the drawing, not of the print's grain), over shifts of up to
8 pixels that forgive the alignment.`,
	Measures: []*detect.Measure{correlation},
	Run:      run,
}

var correlation = &detect.Measure{Key: "emblem.correlation", Doc: "correlation of the emblem region with the reference's, blurred", Threshold: 0.5, Scale: 0.1, Reason: "emblem_mismatch", Bound: detect.PrintBound}

func run(p *detect.Pass) (detect.Finding, error) {
	s := p.Scan
	if f, no := s.Unregistered(); no {
		return f, nil
	}
	page, ref, r, ok := s.Pair("emblem", templates.Visible)
	if !ok {
		return detect.Skipped("no_region", nil), nil
	}
	c := detect.NCCShift(page.Blur(2), ref.Blur(2), nil, 8)
	f := p.Grade(correlation, c)
	f.Region = s.QuadOf(r)
	return f, nil
}
