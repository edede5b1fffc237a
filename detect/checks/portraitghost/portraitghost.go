// Package portraitghost defines the portrait_ghost check: whether the ghost image shows the
// same person as the portrait.
package portraitghost

import (
	"math"

	"github.com/docverify/docverify/detect"
)

// Check is the portrait_ghost check.
var Check = &detect.Check{
	Name: "portrait_ghost",
	Doc: `Whether the ghost image shows the same person as the main portrait.

Genuine documents print a second, faint portrait from the same photo. A forger who replaces the
main portrait rarely manages to replace the ghost image too. Both are reduced to grey at a
common small size, blurred to drop the ghost's line screen, and correlated; and, since the
ghost is faint over the security background, they are also compared relative to the
specimen's: the ghost's ratio to the reference's ghost (which cancels the background) against
the portrait's difference from the reference's portrait, on photos each less its
best-fitting plane (a phone's light falls unevenly, and on a ghost this faint a gradient of
light outweighs the face). The relative comparison counts when the two portraits differ enough
to measure it (faces in general correlate directly). Places that a reflection on the laminate
washes out (near white, well above the specimen's grey; on photos also the glow around it over
the ghost, detect.Scan.Glared) are left out of both comparisons, on photos with their
neighbours; when a reflection covers a fifth of a photo's portraits or more,
they are not compared. Only photos have reflections: on a scan or a reader's capture the same
whiteness is a photo's backdrop, compared as any other part of it.`,
	Measures: []*detect.Measure{correlation},
	Run:      run,
}

var correlation = &detect.Measure{Key: "portrait_ghost.correlation", Doc: "correlation of the ghost image with the portrait, relative to the specimen's (directly when the portraits are alike)",
	Threshold: 0.55, Scale: 0.1, Reason: "ghost_mismatch"}

func run(p *detect.Pass) (detect.Finding, error) {
	s := p.Scan
	if f, no := s.Unregistered(); no {
		return f, nil
	}
	// Each photo where the print around it places it: a phone photo's registration can be a
	// millimetre off there, half a comparison cell.
	pp, rp, pr, ok1 := s.PairPlaced("portrait")
	pg, rg, gr, ok2 := s.PairPlaced("ghost_portrait")
	if !ok1 || !ok2 {
		return detect.Skipped("no_region", nil), nil
	}
	// At 16×20 the ghost's line screen averages out; the face's shape (hair, face, shoulders)
	// remains.
	const w, h = 16, 20
	// A lamp's reflection on the laminate washes out part of a photo: the places where either
	// portrait is near white and well above the specimen's are left out of both comparisons.
	gp, gg := detect.Glare(pp, rp).Resize(w, h), detect.Glare(pg, rg).Resize(w, h)
	// On a photo, also the broad glow around a reflection, which lightens the faint ghost
	// towards the paper's white short of white itself (detect.Scan.Glared; the page lighter
	// than the specimen predicts). Not on the portrait, whose holder is not the specimen's.
	if m, any := s.Glared(gr); any {
		gg = maxGrey(gg, boolGrey(m, gr.Dx(), gr.Dy()).Resize(w, h))
	}
	small := func(g detect.Grey) detect.Grey { return g.Resize(w, h).Blur(1) }
	pp, rp, pg, rg = small(pp), small(rp), small(pg), small(rg)
	glared := func(i int) bool { return gp.Pix[i] > 0.25 || gg.Pix[i] > 0.25 }
	glare := 0
	for i := range w * h {
		if glared(i) {
			glare++
		}
	}
	glareShare := round(float64(glare) / float64(w*h))
	// Only a photo has a lamp's reflection: on a scan or a reader's capture, what looks like
	// one is the photo's own near-white backdrop (a substituted photo's, often), which must
	// not switch the comparison off.
	photo := detect.CaptureOf(s.ID).Class == detect.CapturePhoto
	halo := 0
	if photo {
		halo = 1
	}
	if photo && glareShare >= maxGlare {
		// Washed out: what is left of a face under a reflection this large does not say
		// whether the two are one person.
		return detect.Skipped("glare", map[string]any{"glare_share": glareShare}), nil
	}
	// On a photo the cells next to a reflection are left out too: its halo whitens them short
	// of the level that marks it.
	var mask []bool
	if glare > 0 {
		mask = make([]bool, w*h)
		left := 0
		for i := range mask {
			mask[i] = true
			x, y := i%w, i/w
			for yy := max(0, y-halo); yy <= min(h-1, y+halo); yy++ {
				for xx := max(0, x-halo); xx <= min(w-1, x+halo); xx++ {
					if glared(yy*w + xx) {
						mask[i] = false
					}
				}
			}
			if mask[i] {
				left++
			}
		}
		if left < minCells {
			return detect.Skipped("glare", map[string]any{"glare_share": glareShare}), nil
		}
	}
	ncc := func(a, b detect.Grey) float64 {
		if mask == nil {
			return detect.NCC(a, b)
		}
		return detect.NCCShift(a, b, mask, 0)
	}
	// Directly: the ghost against the portrait.
	direct := ncc(pp, pg)
	// Against the specimen: the ghost is printed over the security background, which also lies
	// under the reference's ghost; their ratio cancels it and leaves how the holder's ghost
	// differs from the specimen holder's, to be set against how the two portraits differ.
	x := detect.Grey{W: w, H: h, Pix: make([]float64, w*h)}
	y := detect.Grey{W: w, H: h, Pix: make([]float64, w*h)}
	for i := range x.Pix {
		x.Pix[i] = math.Log((pg.Pix[i] + 1) / (rg.Pix[i] + 1))
		y.Pix[i] = (pp.Pix[i] - rp.Pix[i]) / 255
	}
	// A phone's light falls unevenly across the page: on a ghost this faint, a gradient of
	// light outweighs the face. On photos each comparison image is taken less its best-fitting
	// plane (a scanner's light is even, and there the plane is part of the faces' difference).
	if photo {
		x, y = x.Detrended(mask), y.Detrended(mask)
	}
	relative := ncc(x, y)
	_, sp := pp.MeanStd()
	_, sy := y.MeanStd()
	ev := map[string]any{"direct": round(direct), "relative": round(relative)}
	if mask != nil {
		ev["glare_share"] = glareShare
	}
	if sp < 8 && sy < 0.03 {
		// A pale portrait like the specimen's: nothing to compare.
		return detect.Skipped("no_region", ev), nil
	}
	// Relative to the specimen when the portraits differ enough to say; directly otherwise
	// (faces in general correlate directly, so the relative comparison is the sharper one).
	v := relative
	if sy < 0.03 {
		v = direct
	}
	f := detect.Worst(ev, p.Grade(correlation, v))
	f.Region = s.QuadOf(pr.Union(gr))
	return f, nil
}

// maxGlare is the share of the comparison cells under a reflection from which the photos are
// not compared. Genuine phone photos with a reflection over a fifth or more of the portrait
// measured anywhere from 0.1 to 0.7 (the same face); no substituted photo of the calibration
// set had one over 0.14.
const maxGlare = 0.2

// minCells is the fewest comparison cells (of 16×20) left beside the reflection for the
// comparison to be made (detect.NCCShift's own floor).
const minCells = 50

func round(v float64) float64 { return math.Round(v*1e4) / 1e4 }

// boolGrey is a mask as a grey image: 1 where true.
func boolGrey(m []bool, w, h int) detect.Grey {
	g := detect.Grey{W: w, H: h, Pix: make([]float64, len(m))}
	for i, v := range m {
		if v {
			g.Pix[i] = 1
		}
	}
	return g
}

// maxGrey is the pixelwise larger of two images of one size.
func maxGrey(a, b detect.Grey) detect.Grey {
	out := detect.Grey{W: a.W, H: a.H, Pix: make([]float64, len(a.Pix))}
	for i := range a.Pix {
		out.Pix[i] = math.Max(a.Pix[i], b.Pix[i])
	}
	return out
}
