// Package portraitghost defines the portrait_ghost check: whether the ghost image shows the
// same person as the portrait.
package portraitghost

import (
	"math"
	"slices"

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
the portrait's difference from the reference's portrait. On photos both are compared at twice
the size (32×40), each less its smooth part (a Gaussian blur of two cells): a phone's light
falls unevenly and a reflection's glow reaches past the places it whitens, and on a ghost this
faint either outweighs the face, while the features (hairline, eyes, mouth, the outline against
the backdrop) remain. The relative comparison counts when the two portraits differ enough
to measure it (faces in general correlate directly). The correlation says how much of the
ghost's difference from the specimen's the portrait's explains, not how much is left: a
substituted face that resembles the holder's in outline correlates well and still leaves the
holder's own features in the ghost. So the rest is measured too: the ghost's ratio less the
straight line that best predicts it from the portrait's difference, as a root mean square over
the comparison cells but their tenth that it fits worst (a background feature registered a
pixel off leaves a few cells far out; another face, many). It is judged on scans and readers'
captures, where it is the sharper of the two; on photos (in the evidence only) a phone's noise
leaves as much unexplained in genuine documents as another face does in many forgeries (judged
on photos too, with the photos' own threshold, it caught 3 more of 61 substituted photos on five
evaluation sets and rejected 2 more genuine ones). Places that a reflection on the laminate
washes out (near white, well above the specimen's grey; on photos also the glow around it over
the ghost, detect.Scan.Glared) are left out of both comparisons, on photos with their
neighbours; when a reflection covers half of a photo's portraits or more,
they are not compared. Only photos have reflections: on a scan or a reader's capture the same
whiteness is a photo's backdrop, compared as any other part of it.`,
	Measures: []*detect.Measure{correlation, residual},
	Run:      run,
}

var correlation = &detect.Measure{Key: "portrait_ghost.correlation", Doc: "correlation of the ghost image with the portrait, relative to the specimen's (directly when the portraits are alike)",
	Threshold: 0.55, Scale: 0.1, Reason: "ghost_mismatch"}

var residual = &detect.Measure{Key: "portrait_ghost.residual", Doc: "what the portrait's difference from the specimen's leaves unexplained of the ghost's (root mean square of the log ratio's residual, the worst-fitting tenth of the cells left out)",
	Threshold: 0.03, Scale: 0.01, HigherIsWorse: true, Reason: "ghost_mismatch"}

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
	// Only a photo has a lamp's reflection: on a scan or a reader's capture, what looks like
	// one is the photo's own near-white backdrop (a substituted photo's, often), which must
	// not switch the comparison off.
	photo := detect.CaptureOf(s.ID).Class == detect.CapturePhoto
	// At 16×20 the ghost's line screen averages out; the face's shape (hair, face, shoulders)
	// remains. A photo is compared at twice that (32×40) on what is left of each image less its
	// smooth part (below): its features, which a reflection's broad glow does not reach.
	w, h := 16, 20
	small := func(g detect.Grey) detect.Grey { return g.Resize(w, h).Blur(1) }
	if photo {
		w, h = 32, 40
		small = func(g detect.Grey) detect.Grey { return g.Resize(w, h).Smoothed(1, nil) }
	}
	// A lamp's reflection on the laminate washes out part of a photo: the places where either
	// portrait is near white and well above the specimen's are left out of both comparisons.
	gp, gg := detect.Glare(pp, rp).Resize(w, h), detect.Glare(pg, rg).Resize(w, h)
	// On a photo, also the broad glow around a reflection, which lightens the faint ghost
	// towards the paper's white short of white itself (detect.Scan.Glared; the page lighter
	// than the specimen predicts). Not on the portrait, whose holder is not the specimen's.
	if m, any := s.Glared(gr); any {
		gg = maxGrey(gg, boolGrey(m, gr.Dx(), gr.Dy()).Resize(w, h))
	}
	pp, rp, pg, rg = small(pp), small(rp), small(pg), small(rg)
	glared := func(i int) bool { return gp.Pix[i] > 0.25 || gg.Pix[i] > 0.25 }
	glare := 0
	for i := range w * h {
		if glared(i) {
			glare++
		}
	}
	glareShare := round(float64(glare) / float64(w*h))
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
		if float64(left) < minShare*float64(w*h) {
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
	// A phone's light falls unevenly across the page, and a reflection's glow reaches past
	// the places left out: on a ghost this faint, either outweighs the face. On photos each
	// comparison image is taken less its smooth part (its Gaussian blur of detailSigma cells
	// over the cells kept), which leaves the face's features: hairline, eyes, mouth, the
	// outline against the backdrop. (A scanner's light is even, and there the smooth part is
	// part of the faces' difference.) Whether the portraits differ enough to compare them
	// relatively is still judged on the portrait's difference less its best-fitting plane.
	var sy float64
	if photo {
		_, sy = y.Detrended(mask).MeanStd()
		x, y = highPass(x, mask), highPass(y, mask)
	} else {
		_, sy = y.MeanStd()
	}
	relative := ncc(x, y)
	rest := Residual(x, y, mask)
	_, sp := pp.MeanStd()
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
	grades := []detect.Finding{p.Grade(correlation, v)}
	if photo {
		ev["residual"] = round(rest)
	} else {
		grades = append(grades, p.Grade(residual, rest))
	}
	f := detect.Worst(ev, grades...)
	f.Region = s.QuadOf(pr.Union(gr))
	return f, nil
}

// Residual is what of x the straight line that best predicts it from y leaves, over the cells
// mask keeps (nil keeps all) but the tenth that the line fits worst: the line is fitted (least
// squares), the worst-fitting tenth of the cells left out, the line fitted again on the rest,
// and the root mean square of their residuals returned.
func Residual(x, y detect.Grey, mask []bool) float64 {
	keep := make([]bool, len(x.Pix))
	for i := range keep {
		keep[i] = mask == nil || mask[i]
	}
	a, b, ok := fitLine(x, y, keep)
	if !ok {
		return 0
	}
	res := func(i int) float64 { return math.Abs(x.Pix[i] - a - b*y.Pix[i]) }
	var rs []float64
	for i, k := range keep {
		if k {
			rs = append(rs, res(i))
		}
	}
	slices.Sort(rs)
	cut := rs[len(rs)-1-len(rs)/10]
	n := 0
	for i, k := range keep {
		if k && res(i) > cut {
			keep[i] = false
		} else if k {
			n++
		}
	}
	if a, b, ok = fitLine(x, y, keep); !ok {
		return 0
	}
	var q float64
	for i, k := range keep {
		if k {
			q += math.Pow(x.Pix[i]-a-b*y.Pix[i], 2)
		}
	}
	return math.Sqrt(q / float64(n))
}

// fitLine fits x ≈ a + b·y by least squares over the cells keep marks; false when none is.
func fitLine(x, y detect.Grey, keep []bool) (a, b float64, ok bool) {
	var n, sx, sy float64
	for i, k := range keep {
		if k {
			n++
			sx += x.Pix[i]
			sy += y.Pix[i]
		}
	}
	if n == 0 {
		return 0, 0, false
	}
	mx, my := sx/n, sy/n
	var sxy, syy float64
	for i, k := range keep {
		if k {
			sxy += (x.Pix[i] - mx) * (y.Pix[i] - my)
			syy += (y.Pix[i] - my) * (y.Pix[i] - my)
		}
	}
	if syy > 0 {
		b = sxy / syy
	}
	return mx - b*my, b, true
}

// maxGlare is the share of the comparison cells under a reflection from which a photo's
// portraits are not compared. Compared on their features (highPass), genuine phone photos with a
// reflection over a fifth to a half of the cells measured 0.55 to 0.98 on five sample sets (the
// calibration set's and four evaluation sets'), within the spread of those without one; the
// plane-detrended comparison this replaced measured anywhere from 0.1 to 0.7 there, and skipped
// them from a fifth.
const maxGlare = 0.5

// minShare is the least share of the comparison cells left beside a reflection for the
// comparison to be made (50 of 16×20).
const minShare = 50.0 / 320

// detailSigma is the Gaussian, in comparison cells of 32×40, whose blur a photo's comparison
// images are taken less (highPass). On the phone photos of five sample sets (482 genuine, 94
// with a substituted portrait, compared beside a reflection of up to a fifth), the lowest
// genuine correlation was 0.375 at 2 cells, where 41 substituted portraits measured less;
// less their best-fitting plane at 16×20, as before, it was −0.376, and 3 did.
const detailSigma = 2

// highPass is g less its smooth part: its Gaussian blur of detailSigma cells over the cells
// mask keeps.
func highPass(g detect.Grey, mask []bool) detect.Grey {
	smooth := g.Smoothed(detailSigma, mask)
	out := detect.Grey{W: g.W, H: g.H, Pix: make([]float64, len(g.Pix))}
	for i, v := range g.Pix {
		out.Pix[i] = v - smooth.Pix[i]
	}
	return out
}

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
