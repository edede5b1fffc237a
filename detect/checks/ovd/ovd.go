// Package ovd defines the ovd check: whether the hologram (optically variable device) is there
// and iridescent.
package ovd

import (
	"math"

	"github.com/docverify/docverify/detect"
)

// Check is the ovd check.
var Check = &detect.Check{
	Name: "ovd",
	Doc: `Whether the hologram (OVD) is present and iridescent.

A diffractive foil shows saturated colours that change across the patch and with the angle of
view; a printed imitation is flat and pale, and a missing foil shows the paper. The colours of
the OVD region of the straightened page (mean saturation, spread of hues) are compared with the
reference's. Hues themselves are not compared: they change with the light.`,
	Measures: []*detect.Measure{colour},
	Run:      run,
}

var colour = &detect.Measure{Key: "ovd.colour_ratio", Doc: "the OVD's saturation and hue spread relative to the reference's (the smaller)", Threshold: 0.5, Scale: 0.12, Reason: "ovd_missing"}

func run(p *detect.Pass) (detect.Finding, error) {
	s := p.Scan
	if f, no := s.Unregistered(); no {
		return f, nil
	}
	r, ok := s.RegionRect("ovd")
	if !ok || s.Ref.Empty() {
		return detect.Skipped("no_region", nil), nil
	}
	a, b := detect.Crop(s.Page, r), detect.Crop(s.Ref, r)
	page, ref := detect.BGROf(a), detect.BGROf(b)
	a.Close()
	b.Close()
	ps, ph := page.Saturation()
	rs, rh := ref.Saturation()
	satRatio := ps / math.Max(rs, 1e-3)
	hueRatio := ph / math.Max(rh, 1e-3)
	v := math.Min(satRatio, math.Min(hueRatio, 1.5))
	f := detect.Worst(map[string]any{
		"saturation": round(ps), "reference_saturation": round(rs), "hue_spread": round(ph), "reference_hue_spread": round(rh),
	}, p.Grade(colour, v))
	f.Region = s.QuadOf(r)
	return f, nil
}

func round(v float64) float64 { return math.Round(v*1e4) / 1e4 }
