// Package screenrecapture defines the screen_recapture check: signs that the image is a photo
// of a screen.
package screenrecapture

import (
	"math"

	"github.com/docverify/docverify/detect"
)

// Check is the screen_recapture check.
var Check = &detect.Check{
	Name: "screen_recapture",
	Doc: `Signs that the image is a photo of the document shown on a screen.

A screen's pixel grid (1.3–4 pixels at a scan's resolution) and the moiré it makes with the
camera leave strong, regular peaks in the spectrum. In the plain background area, the strongest
regular pattern at those periods that the reference lacks is measured; the periods are the
capture's pixels, as many page pixels each as the page was enlarged from a phone photo.`,
	Measures: []*detect.Measure{grid},
	Run:      run,
}

var grid = &detect.Measure{Key: "screen_recapture.grid", Doc: "regular pattern at 2–4.5 of the capture's pixels that the reference lacks", Threshold: 6, Scale: 2, HigherIsWorse: true, Reason: "moire"}

func run(p *detect.Pass) (detect.Finding, error) {
	s := p.Scan
	if f, no := s.Unregistered(); no {
		return f, nil
	}
	// A photo's page is drawn at the specimen's resolution from fewer pixels: a grid of a few
	// of the photo's pixels is as many times wider on the page.
	scale := 1.0
	if c := detect.CaptureOf(s.ID); c.PxPerMM > 0 {
		scale = math.Max(1, s.Spec().DPI/25.4/c.PxPerMM)
	}
	best, where := 0.0, ""
	for _, name := range []string{"background"} {
		page, ref, _, ok := s.PairBlurred(name)
		if !ok {
			continue
		}
		if v := detect.ExcessPeriodicity(page, ref, 2*scale, 4.5*scale); v > best || where == "" {
			best, where = v, name
		}
	}
	if where == "" {
		return detect.Skipped("no_region", nil), nil
	}
	f := detect.Worst(map[string]any{"region": where, "period_scale": math.Round(scale*100) / 100}, p.Grade(grid, best))
	f.Region = s.RegionQuad(where)
	return f, nil
}
