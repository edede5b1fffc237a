package detect

import (
	"errors"
	"image"
	"math"
	"sort"

	"gocv.io/x/gocv"
)

// Quad is four corners in image pixels, clockwise from the document's top-left corner.
type Quad [4][2]float64

// ErrNoPage says no document page was found in an image.
var ErrNoPage = errors.New("no document page found in the image")

// FindPage finds the document page in a photo or scan: the largest convex quadrilateral that
// stands out from its background. It works on a copy reduced to at most 1000 pixels a side and
// returns the corners in the input's pixels, ordered clockwise from the top-left corner of the
// image (the page's orientation is decided later, from its content). area is the page's share
// of the image.
func FindPage(img gocv.Mat) (q Quad, area float64, err error) {
	if img.Empty() {
		return q, 0, ErrNoPage
	}
	scale := 1000 / math.Max(float64(img.Cols()), float64(img.Rows()))
	if scale > 1 {
		scale = 1
	}
	// Grey first, then smaller: resizing by a fraction costs per channel.
	grey := gocv.NewMat()
	defer grey.Close()
	src := img
	if img.Channels() > 1 {
		gocv.CvtColor(img, &grey, gocv.ColorBGRToGray)
		src = grey
	}
	small := gocv.NewMat()
	defer small.Close()
	gocv.Resize(src, &small, image.Point{}, scale, scale, gocv.InterpolationArea)
	gocv.GaussianBlur(small, &grey, image.Pt(5, 5), 0, 0, gocv.BorderDefault)
	edges := gocv.NewMat()
	defer edges.Close()
	gocv.Canny(grey, &edges, 20, 60)
	kernel := gocv.GetStructuringElement(gocv.MorphRect, image.Pt(5, 5))
	defer kernel.Close()
	gocv.MorphologyEx(edges, &edges, gocv.MorphClose, kernel)

	contours := gocv.FindContours(edges, gocv.RetrievalExternal, gocv.ChainApproxSimple)
	defer contours.Close()
	total := float64(small.Cols() * small.Rows())
	best, bestArea := [4]image.Point{}, 0.0
	for i := 0; i < contours.Size(); i++ {
		c := contours.At(i)
		a := gocv.ContourArea(c)
		if a < 0.08*total || a <= bestArea {
			continue
		}
		approx := gocv.ApproxPolyDP(c, 0.02*gocv.ArcLength(c, true), true)
		pts := approx.ToPoints()
		approx.Close()
		if len(pts) != 4 {
			// Not a clean quadrilateral: something lies over an edge or against it.
			quad, ok := bumpedQuad(c)
			if !ok || polygonArea(quad[:]) > 1.25*a {
				continue // not box-like
			}
			pts = quad[:]
		}
		if len(pts) == 4 {
			best, bestArea = [4]image.Point{pts[0], pts[1], pts[2], pts[3]}, a
		}
	}
	if bestArea == 0 {
		return q, 0, ErrNoPage
	}
	for i, p := range orderClockwise(best) {
		q[i] = [2]float64{p[0] / scale, p[1] / scale}
	}
	return q, bestArea / total, nil
}

// bumpedQuad is the quadrilateral of a page's contour that something lies against or over
// (a key ring on its edge, a finger, a coin): the contour's convex hull simplified until four
// corners remain (the simplification drops a bump smaller than a twentieth of the perimeter),
// then each side fitted to the contour's points along it, robustly (the bump's points lie off
// the line and weigh little). The rotated rectangle around the contour, taken before, put a
// key ring's top into a visa's top edge: its corners 60 pixels off, its registration failed.
func bumpedQuad(c gocv.PointVector) ([4]image.Point, bool) {
	hull := gocv.NewMat()
	defer hull.Close()
	gocv.ConvexHull(c, &hull, false, true)
	hv := gocv.NewPointVectorFromMat(hull)
	defer hv.Close()
	peri := gocv.ArcLength(hv, true)
	var corners []image.Point
	for eps := 0.02; eps <= 0.1 && len(corners) != 4; eps += 0.01 {
		approx := gocv.ApproxPolyDP(hv, eps*peri, true)
		corners = approx.ToPoints()
		approx.Close()
	}
	if len(corners) != 4 {
		return [4]image.Point{}, false
	}
	// Each side: the contour's points within a fiftieth of the perimeter of it, along its
	// middle four fifths, fitted with a line robust to the bump's.
	pts := c.ToPoints()
	type line struct{ vx, vy, x0, y0 float64 }
	var sides [4]line
	for i := range 4 {
		a, b := corners[i], corners[(i+1)%4]
		dx, dy := float64(b.X-a.X), float64(b.Y-a.Y)
		l := math.Hypot(dx, dy)
		if l == 0 {
			return [4]image.Point{}, false
		}
		ux, uy := dx/l, dy/l
		sides[i] = line{ux, uy, float64(a.X), float64(a.Y)}
		var near []image.Point
		for _, p := range pts {
			px, py := float64(p.X-a.X), float64(p.Y-a.Y)
			along, across := px*ux+py*uy, px*uy-py*ux
			if along > 0.1*l && along < 0.9*l && math.Abs(across) < peri/50 {
				near = append(near, p)
			}
		}
		if len(near) < 5 {
			continue
		}
		pv := gocv.NewPointVectorFromPoints(near)
		fit := gocv.NewMat()
		gocv.FitLine(pv, &fit, gocv.DistHuber, 0, 0.01, 0.01)
		if fit.Rows() == 4 {
			sides[i] = line{float64(fit.GetFloatAt(0, 0)), float64(fit.GetFloatAt(1, 0)), float64(fit.GetFloatAt(2, 0)), float64(fit.GetFloatAt(3, 0))}
		}
		fit.Close()
		pv.Close()
	}
	var out [4]image.Point
	for i := range 4 {
		// Corner i is where side i-1 meets side i.
		p, q := sides[(i+3)%4], sides[i]
		den := p.vx*q.vy - p.vy*q.vx
		if math.Abs(den) < 1e-6 {
			return [4]image.Point{}, false
		}
		t := ((q.x0-p.x0)*q.vy - (q.y0-p.y0)*q.vx) / den
		x, y := p.x0+t*p.vx, p.y0+t*p.vy
		if math.Hypot(x-float64(corners[i].X), y-float64(corners[i].Y)) > peri/10 {
			return [4]image.Point{}, false // the fit went astray
		}
		out[i] = image.Pt(int(math.Round(x)), int(math.Round(y)))
	}
	return out, true
}

// polygonArea is the area of a simple polygon (the shoelace formula).
func polygonArea(p []image.Point) float64 {
	var s float64
	for i := range p {
		a, b := p[i], p[(i+1)%len(p)]
		s += float64(a.X*b.Y - b.X*a.Y)
	}
	return math.Abs(s) / 2
}

// orderClockwise orders four points clockwise starting from the one nearest the top-left.
func orderClockwise(pts [4]image.Point) [4][2]float64 {
	var cx, cy float64
	for _, p := range pts {
		cx += float64(p.X) / 4
		cy += float64(p.Y) / 4
	}
	out := make([][2]float64, 4)
	for i, p := range pts {
		out[i] = [2]float64{float64(p.X), float64(p.Y)}
	}
	sort.Slice(out, func(i, j int) bool {
		return math.Atan2(out[i][1]-cy, out[i][0]-cx) < math.Atan2(out[j][1]-cy, out[j][0]-cx)
	})
	// Angles run clockwise in image coordinates (y down); start at the smallest x+y.
	start := 0
	for i := range out {
		if out[i][0]+out[i][1] < out[start][0]+out[start][1] {
			start = i
		}
	}
	var r [4][2]float64
	for i := range r {
		r[i] = out[(start+i)%4]
	}
	return r
}

// Rectify warps the quadrilateral q of img to an upright w×h image.
func Rectify(img gocv.Mat, q Quad, w, h int) gocv.Mat {
	return warpQuad(img, q, Quad{{0, 0}, {float64(w), 0}, {float64(w), float64(h)}, {0, float64(h)}}, w, h)
}

// warpQuad warps img so that the quadrilateral from lands on to, in a w×h image.
func warpQuad(img gocv.Mat, from, to Quad, w, h int) gocv.Mat {
	points := func(q Quad) gocv.Point2fVector {
		ps := make([]gocv.Point2f, len(q))
		for i, c := range q {
			ps[i] = gocv.Point2f{X: float32(c[0]), Y: float32(c[1])}
		}
		return gocv.NewPoint2fVectorFromPoints(ps)
	}
	src, dst := points(from), points(to)
	defer src.Close()
	defer dst.Close()
	m := gocv.GetPerspectiveTransform2f(src, dst)
	defer m.Close()
	out := gocv.NewMat()
	gocv.WarpPerspective(img, &out, m, image.Pt(w, h))
	return out
}
