// Package portraitintegrity defines the portrait_integrity check: the portrait's edges and its
// position and size against the specimen.
package portraitintegrity

import (
	"image"
	"math"

	"github.com/docverify/docverify/detect"
)

// Check is the portrait_integrity check.
var Check = &detect.Check{
	Name: "portrait_integrity",
	Doc: `The portrait's edges and its position and size against the specimen.

A printed portrait ends in four sharp, straight edges exactly where the model puts them. A
substituted photo shows itself at its edges: softened or feathered into the page, or laid a
little off. For each side, the mean gradient across the expected edge is profiled over ±3 mm:
the peak's position is where the edge really is, and the peak's height against the gradient
inside the photo is how sharp it is.`,
	Run: run,
}

const (
	maxShiftMM   = 0.7
	shiftScale   = 0.25
	minSharpness = 2.2
	sharpScale   = 0.5
	searchMM     = 3.0
)

func run(p *detect.Pass) (detect.Finding, error) {
	s := p.Scan
	spec := s.Spec()
	if spec == nil {
		return detect.Skipped("not_identified", nil), nil
	}
	r, ok := s.RegionRect("portrait")
	if !ok {
		return detect.Skipped("no_region", nil), nil
	}
	pxmm := spec.DPI / 25.4
	reach := int(searchMM * pxmm)
	win := r.Inset(-reach).Intersect(image.Rect(0, 0, s.Page.Cols(), s.Page.Rows()))
	crop := detect.Crop(s.Page, win)
	g := detect.GreyOf(crop)
	crop.Close()
	// Gradient magnitudes along x and y.
	gx, gy := gradients(g)
	at := func(x, y int) (int, int) { return x - win.Min.X, y - win.Min.Y }
	// Profiles across each side: for offsets d, the mean gradient along the side's middle 70%.
	type side struct {
		name  string
		shift float64 // mm, outwards positive
		sharp float64
	}
	var sides []side
	profile := func(name string, vertical bool, pos, from, to, outward int) {
		best, bestD := -1.0, 0
		var vals []float64
		for d := -reach; d <= reach; d++ {
			var sum float64
			n := 0
			for t := from; t < to; t++ {
				var x, y int
				if vertical {
					x, y = at(pos+d*outward, t)
				} else {
					x, y = at(t, pos+d*outward)
				}
				if x < 1 || y < 1 || x >= g.W-1 || y >= g.H-1 {
					continue
				}
				if vertical {
					sum += gx[y*g.W+x]
				} else {
					sum += gy[y*g.W+x]
				}
				n++
			}
			if n == 0 {
				continue
			}
			v := sum / float64(n)
			vals = append(vals, v)
			if v > best {
				best, bestD = v, d
			}
		}
		if len(vals) == 0 {
			return
		}
		sides = append(sides, side{name, float64(bestD) / pxmm, best / (median(vals) + 1)})
	}
	ih := int(0.15 * float64(r.Dy()))
	iw := int(0.15 * float64(r.Dx()))
	profile("left", true, r.Min.X, r.Min.Y+ih, r.Max.Y-ih, -1)
	profile("right", true, r.Max.X-1, r.Min.Y+ih, r.Max.Y-ih, 1)
	profile("top", false, r.Min.Y, r.Min.X+iw, r.Max.X-iw, -1)
	if len(sides) < 3 {
		return detect.Skipped("no_region", nil), nil
	}
	var maxShift, minSharp = 0.0, math.Inf(1)
	ev := map[string]any{}
	for _, sd := range sides {
		maxShift = math.Max(maxShift, math.Abs(sd.shift))
		minSharp = math.Min(minSharp, sd.sharp)
		ev[sd.name+"_shift_mm"] = math.Round(sd.shift*100) / 100
		ev[sd.name+"_sharpness"] = math.Round(sd.sharp*100) / 100
	}
	shiftF := detect.Graded(maxShift, maxShiftMM, shiftScale, true, "ok", "portrait_edges", nil)
	sharpF := detect.Graded(minSharp, minSharpness, sharpScale, false, "ok", "portrait_edges", nil)
	f := shiftF
	if sharpF.Score > shiftF.Score {
		f = sharpF
	}
	ev["shift_mm"], ev["shift_threshold_mm"] = math.Round(maxShift*100)/100, maxShiftMM
	ev["sharpness"], ev["sharpness_threshold"] = math.Round(minSharp*100)/100, minSharpness
	f.Evidence = ev
	f.Region = s.QuadOf(r)
	return f, nil
}

func gradients(g detect.Grey) (gx, gy []float64) {
	gx = make([]float64, len(g.Pix))
	gy = make([]float64, len(g.Pix))
	for y := 1; y < g.H-1; y++ {
		for x := 1; x < g.W-1; x++ {
			i := y*g.W + x
			gx[i] = math.Abs(g.Pix[i+1] - g.Pix[i-1])
			gy[i] = math.Abs(g.Pix[i+g.W] - g.Pix[i-g.W])
		}
	}
	return gx, gy
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s[len(s)/2]
}
