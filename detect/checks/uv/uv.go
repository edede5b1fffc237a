// Package uv defines the uv check: the document under ultraviolet light.
package uv

import (
	"image"
	"math"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/templates"
	"gocv.io/x/gocv"
)

// Check is the uv check.
var Check = &detect.Check{
	Name: "uv",
	Doc: `The document under ultraviolet light, when a kiosk gives the UV image.

Security paper has no optical brighteners: it stays dull under UV, and only the fluorescent
inks of the model's UV pattern glow. Office paper glows blue-white. The plain background
area's brightness is compared with the reference's, and the UV pattern region is correlated
with the reference's pattern, at the best shift within half a millimetre, in the pattern's own
colour when the spec gives it: the security fibres of other colours scattered over a genuine
document, each document differently, do not count as pattern that differs, and a pattern
printed in another ink does not pass for it.`,
	Measures: []*detect.Measure{bright, pattern},
	Run:      run,
}

var (
	bright  = &detect.Measure{Key: "uv.brightening", Doc: "grey levels by which the paper is brighter under UV than the reference's", Threshold: 45, Scale: 15, HigherIsWorse: true, Reason: "uv_bright_paper"}
	pattern = &detect.Measure{Key: "uv.pattern", Doc: "correlation of the UV pattern with the reference's, in its ink, at the best shift within 0.5 mm", Threshold: 0.7, Scale: 0.3, Reason: "uv_pattern_missing", Bound: patternBound}
)

// patternBound is the strictest threshold calibration may give uv.pattern. Registered to a
// tenth of a pixel, the calibration set's genuine kiosk captures correlate 0.989 and above; a
// UV image a few pixels further off than the generator puts it keeps a sub-pixel offset the
// shift search does not take out (5 px more: 0.980), where a missing pattern or one in another
// ink correlates below 0.45.
const patternBound = 0.95

// alignSlackMM is how far the UV image may lie off the visible one it is aligned by: the
// pattern is compared at the best shift within it. Genuine kiosk captures' UV images lie up to
// a few pixels off at 300 dpi; the pattern's fine lines then correlated as low as 0.49 in place
// (0.93 and above within this slack), where a missing pattern correlates below 0.07 anywhere.
const alignSlackMM = 0.5

// patternBlurMM is the blur both patterns are compared under: the fine lines' print, not their
// exact edges.
const patternBlurMM = 0.17

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
	pr, ok2 := s.RegionRect("uv_pattern")
	if !ok1 || !ok2 {
		return detect.Skipped("no_region", nil), nil
	}
	// The ink maps are made at half the page's resolution (the pattern's lines are 0.2 mm and
	// more), the grey images at full: the blur and the slack in pixels follow.
	pat, patRef, ok := inkPair(s, pr)
	compared, px := "ink", 0.5*s.Spec().DPI/25.4
	if !ok {
		pat, patRef, _, _ = s.Pair("uv_pattern", templates.Ultraviolet)
		compared, px = "grey", s.Spec().DPI/25.4
	}
	mb, _ := bg.MeanStd()
	mr, _ := bgRef.MeanStd()
	blur := max(1, int(math.Round(patternBlurMM*px)))
	c := detect.NCCNear(pat.Blur(blur), patRef.Blur(blur), int(math.Round(alignSlackMM*px)))
	f := detect.Worst(map[string]any{"paper_brightness": round(mb), "reference_paper_brightness": round(mr), "pattern_compared": compared},
		p.Grade(bright, mb-mr), p.Grade(pattern, c))
	f.Region = s.QuadOf(pr)
	return f, nil
}

// inkPair is the UV pattern region of the page and of the reference, at half resolution, as
// maps of the pattern's own colour (the spec's "uv" colour of the region), and false when the
// spec gives no colour or an image is not in colour: then the grey images are compared.
func inkPair(s *detect.Scan, r image.Rectangle) (page, ref detect.Grey, ok bool) {
	reg, found := s.Spec().Region("uv_pattern")
	if !found || reg.UV == "" {
		return page, ref, false
	}
	ink := templates.ParseColor(reg.UV)
	half := func(m gocv.Mat) detect.BGR {
		c := detect.Crop(m, r)
		defer c.Close()
		h := gocv.NewMat()
		defer h.Close()
		gocv.Resize(c, &h, image.Pt(r.Dx()/2, r.Dy()/2), 0, 0, gocv.InterpolationArea)
		return detect.BGROf(h)
	}
	page, ref = half(s.PageUV).InkOf(ink), half(s.RefUV).InkOf(ink)
	return page, ref, len(page.Pix) > 0 && len(ref.Pix) > 0
}

func round(v float64) float64 { return math.Round(v*1e3) / 1e3 }
