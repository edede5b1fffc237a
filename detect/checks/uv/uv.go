// Package uv defines the uv check: the document under ultraviolet light.
package uv

import (
	"math"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/templates"
)

// Check is the uv check.
var Check = &detect.Check{
	Name: "uv",
	Doc: `The document under ultraviolet light, when a kiosk gives the UV image.

Security paper has no optical brighteners: it stays dull under UV, and only the fluorescent
inks of the model's UV pattern glow. Office paper glows blue-white. The plain background
area's brightness is compared with the reference's, and the UV pattern region is correlated
with the reference's pattern.`,
	Measures: []*detect.Measure{bright, pattern},
	Run:      run,
}

var (
	bright  = &detect.Measure{Key: "uv.brightening", Doc: "grey levels by which the paper is brighter under UV than the reference's", Threshold: 45, Scale: 15, HigherIsWorse: true, Reason: "uv_bright_paper"}
	pattern = &detect.Measure{Key: "uv.pattern", Doc: "correlation of the UV pattern with the reference's", Threshold: 0.35, Scale: 0.1, Reason: "uv_pattern_missing"}
)

func run(p *detect.Pass) (detect.Finding, error) {
	s := p.Scan
	if f, no := s.Unregistered(); no {
		return f, nil
	}
	if s.PageUV.Empty() {
		return detect.Skipped("no_image", nil), nil
	}
	if s.RefUV.Empty() {
		return detect.Skipped("no_region", map[string]any{"why": "the specimen has no UV reference"}), nil
	}
	bg, bgRef, _, ok1 := s.Pair("background", templates.Ultraviolet)
	pat, patRef, pr, ok2 := s.Pair("uv_pattern", templates.Ultraviolet)
	if !ok1 || !ok2 {
		return detect.Skipped("no_region", nil), nil
	}
	mb, _ := bg.MeanStd()
	mr, _ := bgRef.MeanStd()
	c := detect.NCC(pat.Blur(2), patRef.Blur(2))
	f := detect.Worst(map[string]any{"paper_brightness": round(mb), "reference_paper_brightness": round(mr)},
		p.Grade(bright, mb-mr), p.Grade(pattern, c))
	f.Region = s.QuadOf(pr)
	return f, nil
}

func round(v float64) float64 { return math.Round(v*1e3) / 1e3 }
