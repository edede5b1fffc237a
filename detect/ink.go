package detect

import (
	"encoding/binary"
	"image"
	"image/color"
	"math"

	"gocv.io/x/gocv"
)

// offHue is how much a pixel's colour off the ink's direction counts against it in InkOf: a
// stroke of another colour as bright as the ink leaves nothing (a yellow, green or blue fibre
// under UV against a magenta pattern), one of a neighbouring hue (red against magenta) a little.
const offHue = 1.5

// InkOf is how strongly each pixel shows the given ink against the image's background: the
// pixel's departure from the background colour (the per-channel median, the background being
// most of a pattern region) along the direction from that background to the ink, less offHue
// times its departure across it, and never below 0. A grey comparison of a UV pattern counts
// the security fibres of every other colour that cross it on a genuine document as pattern
// that differs; this map keeps the pattern's own colour only.
func (c BGR) InkOf(ink color.RGBA) Grey {
	g := Grey{W: c.W, H: c.H}
	n := c.W * c.H
	if n == 0 || len(c.Pix) < 3*n {
		return Grey{}
	}
	var bg [3]float64
	for k := range 3 {
		var hist [256]int
		for i := range n {
			hist[c.Pix[3*i+k]]++
		}
		for v, below := 0, 0; v < 256; v++ {
			if below += hist[v]; 2*below > n {
				bg[k] = float64(v)
				break
			}
		}
	}
	dir := [3]float64{float64(ink.B) - bg[0], float64(ink.G) - bg[1], float64(ink.R) - bg[2]}
	norm := math.Sqrt(dir[0]*dir[0] + dir[1]*dir[1] + dir[2]*dir[2])
	if norm < 1 {
		return Grey{} // the ink is the background's colour: nothing to tell apart
	}
	for k := range dir {
		dir[k] /= norm
	}
	g.Pix = make([]float64, n)
	for i := range n {
		var d [3]float64
		along, all := 0.0, 0.0
		for k := range 3 {
			d[k] = float64(c.Pix[3*i+k]) - bg[k]
			along += d[k] * dir[k]
			all += d[k] * d[k]
		}
		across := math.Sqrt(math.Max(0, all-along*along))
		g.Pix[i] = math.Max(0, along-offHue*across)
	}
	return g
}

// NCCNear is the best normalised cross-correlation of a and b (same size) over shifts of up to
// reach pixels each way: b less a margin of reach is looked for in a (Locate; a few
// milliseconds where NCCShift's direct sums take a hundred on a UV pattern). It forgives the
// last pixels of an alignment, as a second light's image can be off the visible one's by a few.
func NCCNear(a, b Grey, reach int) float64 {
	if a.W != b.W || a.H != b.H || a.W <= 2*reach+2 || a.H <= 2*reach+2 {
		return 0
	}
	_, _, best := Locate(a, b.Sub(image.Rect(reach, reach, b.W-reach, b.H-reach)))
	return best
}

// Locate finds the template t in the larger image a by OpenCV's template matching: the
// position of t's top left corner in a where they correlate best, and that correlation
// (normalised, −1…1). A flat image or template, or one larger than a, is found nowhere (0).
func Locate(a, t Grey) (x, y int, corr float64) {
	if t.W == 0 || t.H == 0 || t.W > a.W || t.H > a.H {
		return 0, 0, 0
	}
	if _, sa := a.MeanStd(); sa < 1e-6 {
		return 0, 0, 0
	}
	if _, st := t.MeanStd(); st < 1e-6 {
		return 0, 0, 0 // OpenCV calls a flat template a perfect match
	}
	ma, mt := a.mat32(), t.mat32()
	defer ma.Close()
	defer mt.Close()
	res, none := gocv.NewMat(), gocv.NewMat()
	defer res.Close()
	defer none.Close()
	gocv.MatchTemplate(ma, mt, &res, gocv.TmCcoeffNormed, none)
	_, best, _, at := gocv.MinMaxLoc(res)
	if math.IsNaN(float64(best)) || math.IsInf(float64(best), 0) {
		return 0, 0, 0
	}
	return at.X, at.Y, float64(best)
}

// Sub is a copy of the part of g inside r (clipped to g).
func (g Grey) Sub(r image.Rectangle) Grey {
	r = r.Intersect(image.Rect(0, 0, g.W, g.H))
	out := Grey{W: r.Dx(), H: r.Dy(), Pix: make([]float64, 0, r.Dx()*r.Dy())}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		out.Pix = append(out.Pix, g.Pix[y*g.W+r.Min.X:y*g.W+r.Max.X]...)
	}
	return out
}

// mat32 is the image as a one-channel float32 Mat (close it).
func (g Grey) mat32() gocv.Mat {
	b := make([]byte, 4*len(g.Pix))
	for i, v := range g.Pix {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(float32(v)))
	}
	m, err := gocv.NewMatFromBytes(g.H, g.W, gocv.MatTypeCV32F, b)
	if err != nil {
		return gocv.NewMat()
	}
	return m
}
