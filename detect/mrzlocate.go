package detect

import (
	"image"
	"math"
	"sort"

	"gocv.io/x/gocv"
)

// The MRZ locator finds the two or three lines of the machine readable zone anywhere in a scan
// or photo, upright or turned a quarter (half turns are told apart by reading): as long, thin,
// equally long, evenly spaced blobs of horizontal gradient (text), which is what an MRZ looks
// like at any scale. Each line's geometry is measured in the image itself, so perspective and
// skew are followed line by line.

// mrzCandidate is a group of parallel text lines that may be an MRZ, in input image pixels.
type mrzCandidate struct {
	lines []Quad  // each line, corners clockwise from its top-left
	score float64 // higher is more MRZ-like
	view  string  // which view found it: page, image, image90
}

// view is an image the locator searches, with the way back to input pixels.
type view struct {
	name    string
	gray    gocv.Mat
	toInput func(x, y float64) (float64, float64)
	page    bool // a straightened page: MRZ lines span most of its width
}

// locateMRZ returns MRZ candidates in img (BGR or grey), best first.
func locateMRZ(img gocv.Mat) []mrzCandidate {
	gray := gocv.NewMat()
	defer gray.Close()
	if img.Channels() > 1 {
		gocv.CvtColor(img, &gray, gocv.ColorBGRToGray)
	} else {
		img.CopyTo(&gray)
	}
	var views []view
	defer func() {
		for _, v := range views {
			v.gray.Close()
		}
	}()

	// The whole image, at most 1400 pixels a side, upright and turned.
	s := math.Min(1, 1400/math.Max(float64(gray.Cols()), float64(gray.Rows())))
	small := gocv.NewMat()
	gocv.Resize(gray, &small, image.Point{}, s, s, gocv.InterpolationArea)
	views = append(views, view{name: "image", gray: small, toInput: func(x, y float64) (float64, float64) { return x / s, y / s }})
	turned := gocv.NewMat()
	gocv.Rotate(small, &turned, gocv.Rotate90Clockwise)
	h := float64(small.Rows())
	// A point (x, y) of the turned image was at (y, h-1-x) in the upright one.
	views = append(views, view{name: "image90", gray: turned, toInput: func(x, y float64) (float64, float64) { return y / s, (h - 1 - x) / s }})

	var out []mrzCandidate
	for _, v := range views {
		for _, c := range findLineGroups(v) {
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].score > out[j].score })
	return out
}

func dist(a, b [2]float64) float64 { return math.Hypot(a[0]-b[0], a[1]-b[1]) }

// quadMapper maps points of a w×h straightened image back into the quadrilateral q.
func quadMapper(q Quad, w, h int) func(x, y float64) (float64, float64) {
	m := homography([4][2]float64{{0, 0}, {float64(w), 0}, {float64(w), float64(h)}, {0, float64(h)}}, q)
	return func(x, y float64) (float64, float64) { return applyH(m, x, y) }
}

// textLine is a long thin blob of text in a view.
type textLine struct {
	cx, cy float64 // centre
	length float64
	thick  float64
	angle  float64 // radians, of the long side
}

func (l textLine) corners() [4][2]float64 {
	ux, uy := math.Cos(l.angle), math.Sin(l.angle)
	vx, vy := -uy, ux
	hl, ht := l.length/2, l.thick/2
	return [4][2]float64{
		{l.cx - ux*hl - vx*ht, l.cy - uy*hl - vy*ht},
		{l.cx + ux*hl - vx*ht, l.cy + uy*hl - vy*ht},
		{l.cx + ux*hl + vx*ht, l.cy + uy*hl + vy*ht},
		{l.cx - ux*hl + vx*ht, l.cy - uy*hl + vy*ht},
	}
}

// findLineGroups finds groups of two or three MRZ-like lines in a view.
func findLineGroups(v view) []mrzCandidate {
	g := v.gray
	W := float64(g.Cols())
	kernel := gocv.GetStructuringElement(gocv.MorphRect, image.Pt(21, 9))
	defer kernel.Close()
	bh := gocv.NewMat()
	defer bh.Close()
	gocv.MorphologyEx(g, &bh, gocv.MorphBlackhat, kernel)
	gx := gocv.NewMat()
	defer gx.Close()
	gocv.Sobel(bh, &gx, gocv.MatTypeCV16S, 1, 0, 3, 1, 0, gocv.BorderDefault)
	gocv.ConvertScaleAbs(gx, &gx, 1, 0)
	join := gocv.GetStructuringElement(gocv.MorphRect, image.Pt(int(math.Max(15, W/45)), 3))
	defer join.Close()
	gocv.MorphologyEx(gx, &gx, gocv.MorphClose, join)
	gocv.Threshold(gx, &gx, 0, 255, gocv.ThresholdBinary|gocv.ThresholdOtsu)
	// Keep only horizontal runs longer than a few characters: this cuts the text lines free
	// from vertical strokes of print, such as a frame around the page.
	runs := gocv.GetStructuringElement(gocv.MorphRect, image.Pt(int(math.Max(25, W/30)), 1))
	defer runs.Close()
	gocv.MorphologyEx(gx, &gx, gocv.MorphOpen, runs)
	clean := gocv.GetStructuringElement(gocv.MorphRect, image.Pt(3, 3))
	defer clean.Close()
	gocv.MorphologyEx(gx, &gx, gocv.MorphOpen, clean)

	if debugLines != nil {
		debugLines(v.name, gx)
	}
	// The outer boundary of every blob, also of blobs inside others' holes (a frame of print
	// around the page encloses the MRZ), never the boundaries of holes.
	hierarchy := gocv.NewMat()
	defer hierarchy.Close()
	contours := gocv.FindContoursWithParams(gx, &hierarchy, gocv.RetrievalCComp, gocv.ChainApproxSimple)
	defer contours.Close()
	minLen := 0.18 * W
	if v.page {
		minLen = 0.6 * W
	}
	var lines []textLine
	for i := 0; i < contours.Size(); i++ {
		if hierarchy.GetVeciAt(0, i)[3] >= 0 {
			continue // a hole
		}
		rr := gocv.MinAreaRect(contours.At(i))
		w, h := float64(rr.Width), float64(rr.Height)
		angle := float64(rr.Angle) * math.Pi / 180
		if h > w {
			w, h = h, w
			angle += math.Pi / 2
		}
		// Normalise the angle to (-90°, 90°].
		for angle > math.Pi/2 {
			angle -= math.Pi
		}
		for angle <= -math.Pi/2 {
			angle += math.Pi
		}
		// An MRZ line is 30 to 44 characters of about 0.9 their pitch in height: its blob is 18
		// to 80 times as long as it is thick. Titles and fields are shorter.
		if w < minLen || h < 3 || w/h < 18 || w/h > 80 || math.Abs(angle) > 25*math.Pi/180 {
			continue
		}
		lines = append(lines, textLine{cx: float64(rr.Center.X), cy: float64(rr.Center.Y), length: w, thick: h, angle: angle})
	}
	// Order by position across the lines.
	sort.Slice(lines, func(i, j int) bool { return lines[i].cy < lines[j].cy })
	var out []mrzCandidate
	for i := range lines {
		group := []textLine{lines[i]}
		for j := i + 1; j < len(lines) && len(group) < 3; j++ {
			a, b := group[len(group)-1], lines[j]
			// Distance between centres across the lines, and offset along them.
			nx, ny := -math.Sin(a.angle), math.Cos(a.angle)
			across := (b.cx-a.cx)*nx + (b.cy-a.cy)*ny
			ux, uy := math.Cos(a.angle), math.Sin(a.angle)
			shift := math.Abs((b.cx-a.cx)*ux + (b.cy-a.cy)*uy)
			t := math.Max(a.thick, b.thick)
			switch {
			case across < 1.1*t:
				continue // overlapping or the same line
			case across > 3.5*t:
				j = len(lines) // too far: no later line can join
				continue
			}
			if math.Abs(angleDiff(a.angle, b.angle)) > 5*math.Pi/180 || b.length < 0.8*a.length || b.length > 1.25*a.length || shift > 0.08*a.length {
				continue
			}
			group = append(group, b)
		}
		if len(group) < 2 {
			continue
		}
		c := mrzCandidate{view: v.name}
		var sumLen float64
		for _, l := range group {
			q := l.corners()
			// Margins: a little along the line, more across it.
			q = expand(q, 0.015*l.length, 0.45*l.thick)
			var iq Quad
			for k, p := range q {
				iq[k][0], iq[k][1] = v.toInput(p[0], p[1])
			}
			c.lines = append(c.lines, iq)
			sumLen += l.length
		}
		c.score = sumLen / W
		if v.page {
			c.score += 1 // a page was found and the lines span it
		}
		if len(group) == 3 || len(group) == 2 {
			c.score += 0.5
		}
		out = append(out, c)
	}
	return out
}

// debugLines, when set (by tests), sees the binary line image of each view.
var debugLines func(view string, m gocv.Mat)

func angleDiff(a, b float64) float64 {
	d := a - b
	for d > math.Pi/2 {
		d -= math.Pi
	}
	for d < -math.Pi/2 {
		d += math.Pi
	}
	return d
}

// expand grows a rotated rectangle (corners clockwise from top-left) by along on each end and
// across on each side.
func expand(q [4][2]float64, along, across float64) [4][2]float64 {
	ux, uy := q[1][0]-q[0][0], q[1][1]-q[0][1]
	n := math.Hypot(ux, uy)
	ux, uy = ux/n, uy/n
	vx, vy := -uy, ux
	sgn := [4][2]float64{{-1, -1}, {1, -1}, {1, 1}, {-1, 1}}
	var out [4][2]float64
	for i, p := range q {
		out[i][0] = p[0] + sgn[i][0]*along*ux + sgn[i][1]*across*vx
		out[i][1] = p[1] + sgn[i][0]*along*uy + sgn[i][1]*across*vy
	}
	return out
}

// homography computes the 3×3 matrix mapping four points src onto dst.
func homography(src, dst [4][2]float64) [9]float64 {
	// Solve the 8×8 linear system for h0…h7 (h8 = 1) by Gaussian elimination.
	var a [8][9]float64
	for i := 0; i < 4; i++ {
		x, y, u, v := src[i][0], src[i][1], dst[i][0], dst[i][1]
		a[2*i] = [9]float64{x, y, 1, 0, 0, 0, -u * x, -u * y, u}
		a[2*i+1] = [9]float64{0, 0, 0, x, y, 1, -v * x, -v * y, v}
	}
	for c := 0; c < 8; c++ {
		p := c
		for r := c + 1; r < 8; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		a[c], a[p] = a[p], a[c]
		if a[c][c] == 0 {
			return [9]float64{1, 0, 0, 0, 1, 0, 0, 0, 1}
		}
		for r := 0; r < 8; r++ {
			if r == c {
				continue
			}
			f := a[r][c] / a[c][c]
			for k := c; k < 9; k++ {
				a[r][k] -= f * a[c][k]
			}
		}
	}
	var h [9]float64
	for i := 0; i < 8; i++ {
		h[i] = a[i][8] / a[i][i]
	}
	h[8] = 1
	return h
}

func applyH(h [9]float64, x, y float64) (float64, float64) {
	w := h[6]*x + h[7]*y + h[8]
	return (h[0]*x + h[1]*y + h[2]) / w, (h[3]*x + h[4]*y + h[5]) / w
}
