// Package screenrecapture defines the screen_recapture check: signs that the image is a photo
// of a screen.
package screenrecapture

import (
	"math"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/templates"
)

// Check is the screen_recapture check.
var Check = &detect.Check{
	Name: "screen_recapture",
	Doc: `Signs that the image is a photo of the document shown on a screen.

A screen's pixel grid (1.3–4 pixels at a scan's resolution) and the moiré it makes with the
camera leave strong, regular peaks in the spectrum of areas that are plain on paper. The plain
background area and the portrait's backdrop are measured; the strongest peak at those periods,
against its neighbourhood, is the measure.`,
	Run: run,
}

const (
	maxPeriodicity = 16
	scale          = 4
)

func run(p *detect.Pass) (detect.Finding, error) {
	s := p.Scan
	if s.Spec() == nil {
		return detect.Skipped("not_identified", nil), nil
	}
	best := 0.0
	var where string
	for _, name := range []string{"background", "portrait"} {
		page, _, _, ok := s.Pair(name, templates.Visible)
		if !ok {
			continue
		}
		if v := detect.Periodicity(page, 2, 4.5); v > best {
			best, where = v, name
		}
	}
	if where == "" {
		return detect.Skipped("no_region", nil), nil
	}
	f := detect.Graded(best, maxPeriodicity, scale, true, "ok", "moire", map[string]any{"periodicity": math.Round(best*1000) / 1000, "region": where})
	f.Region = s.RegionQuad(where)
	return f, nil
}
