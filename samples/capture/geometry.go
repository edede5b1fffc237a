package capture

import (
	"image"
	"math"

	"gocv.io/x/gocv"
)

// mat3 is a row-major 3×3 matrix acting on homogeneous pixel coordinates (x, y, 1), with pixel
// centres at integer coordinates (OpenCV's convention).
type mat3 [9]float64

func identity() mat3 { return mat3{1, 0, 0, 0, 1, 0, 0, 0, 1} }

func translation(tx, ty float64) mat3 { return mat3{1, 0, tx, 0, 1, ty, 0, 0, 1} }

func scaling(sx, sy float64) mat3 { return mat3{sx, 0, 0, 0, sy, 0, 0, 0, 1} }

// rotation turns by theta radians; in image coordinates (y down) a positive angle turns
// clockwise on screen.
func rotation(theta float64) mat3 {
	s, c := math.Sincos(theta)
	return mat3{c, -s, 0, s, c, 0, 0, 0, 1}
}

// mul returns a·b: b is applied first.
func (a mat3) mul(b mat3) mat3 {
	var m mat3
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			m[3*i+j] = a[3*i]*b[j] + a[3*i+1]*b[3+j] + a[3*i+2]*b[6+j]
		}
	}
	return m
}

// normalized scales m so that its last element is 1.
func (a mat3) normalized() mat3 {
	if a[8] == 0 {
		return a
	}
	var m mat3
	for i := range a {
		m[i] = a[i] / a[8]
	}
	return m
}

func (a mat3) apply(x, y float64) (float64, float64) {
	w := a[6]*x + a[7]*y + a[8]
	return (a[0]*x + a[1]*y + a[2]) / w, (a[3]*x + a[4]*y + a[5]) / w
}

// toMat returns m as a 3×3 CV_64F Mat; the caller closes it.
func (a mat3) toMat() gocv.Mat {
	m := gocv.NewMatWithSize(3, 3, gocv.MatTypeCV64F)
	for i, v := range a {
		m.SetDoubleAt(i/3, i%3, v)
	}
	return m
}

// localScale is the largest singular value of the Jacobian of a at (x, y): how many shot
// pixels one page pixel spans there, in the direction where it spans most.
func (a mat3) localScale(x, y float64) float64 {
	w := a[6]*x + a[7]*y + a[8]
	u, v := a.apply(x, y)
	j00, j01 := (a[0]-u*a[6])/w, (a[1]-u*a[7])/w
	j10, j11 := (a[3]-v*a[6])/w, (a[4]-v*a[7])/w
	s := j00*j00 + j01*j01 + j10*j10 + j11*j11
	d := j00*j11 - j01*j10
	return math.Sqrt((s + math.Sqrt(max(0, s*s-4*d*d))) / 2)
}

// quad is a quadrilateral, corners in order top-left, top-right, bottom-right, bottom-left
// of the page.
type quad [4][2]float64

// pageQuad is the outline of a w×h page: the outer edges of its corner pixels.
func pageQuad(w, h int) quad {
	x1, y1 := float64(w)-0.5, float64(h)-0.5
	return quad{{-0.5, -0.5}, {x1, -0.5}, {x1, y1}, {-0.5, y1}}
}

func (q quad) mapped(m mat3) quad {
	var o quad
	for i, p := range q {
		o[i][0], o[i][1] = m.apply(p[0], p[1])
	}
	return o
}

func (q quad) bounds() (x0, y0, x1, y1 float64) {
	x0, y0, x1, y1 = q[0][0], q[0][1], q[0][0], q[0][1]
	for _, p := range q[1:] {
		x0, x1 = min(x0, p[0]), max(x1, p[0])
		y0, y1 = min(y0, p[1]), max(y1, p[1])
	}
	return
}

// scaled maps q from a grid to one k times as fine (k < 1 for a coarser grid).
func (q quad) scaled(kx, ky float64) quad {
	var o quad
	for i, p := range q {
		o[i] = [2]float64{(p[0]+0.5)*kx - 0.5, (p[1]+0.5)*ky - 0.5}
	}
	return o
}

// at is the point at fractions (u, v) across the quad (bilinear in the corners).
func (q quad) at(u, v float64) (float64, float64) {
	tx := q[0][0]*(1-u) + q[1][0]*u
	ty := q[0][1]*(1-u) + q[1][1]*u
	bx := q[3][0]*(1-u) + q[2][0]*u
	by := q[3][1]*(1-u) + q[2][1]*u
	return tx*(1-v) + bx*v, ty*(1-v) + by*v
}

// points returns q in OpenCV's fixed-point drawing coordinates with the given shift, offset
// by (dx, dy).
func (q quad) points(shift int, dx, dy float64) []image.Point {
	k := float64(int(1) << shift)
	pts := make([]image.Point, 4)
	for i, p := range q {
		pts[i] = image.Pt(int(math.Round((p[0]+dx)*k)), int(math.Round((p[1]+dy)*k)))
	}
	return pts
}

// inside reports whether q lies within a w×h frame.
func (q quad) inside(w, h int) bool {
	x0, y0, x1, y1 := q.bounds()
	return x0 >= -0.5 && y0 >= -0.5 && x1 <= float64(w)-0.5 && y1 <= float64(h)-0.5
}

// similarity maps a w×h page (scale k, rotation theta about its centre) so that its centre
// lands at (cx, cy).
func similarity(w, h int, k, theta, cx, cy float64) mat3 {
	pc := translation(-(float64(w)-1)/2, -(float64(h)-1)/2)
	return translation(cx, cy).mul(rotation(theta)).mul(scaling(k, k)).mul(pc)
}

// camera is a pinhole phone camera with its principal point at the frame centre.
type camera struct {
	w, h  int     // frame size, px
	focal float64 // focal length, px
}

// view places a page in 3-D before the camera: the page turned in its own plane by roll,
// then tilted by tilt about an axis in the page plane at angle axis, its centre at t.
type view struct {
	roll, tilt, axis float64
	t                [3]float64
}

// rotation3 returns the 3-D rotation of v as a row-major matrix.
func (v view) rotation3() [9]float64 {
	s, c := math.Sincos(v.roll)
	rz := [9]float64{c, -s, 0, s, c, 0, 0, 0, 1}
	// Rodrigues about a = (cos axis, sin axis, 0).
	ax, ay := math.Cos(v.axis), math.Sin(v.axis)
	st, ct := math.Sincos(v.tilt)
	rt := [9]float64{
		ct + ax*ax*(1-ct), ax * ay * (1 - ct), ay * st,
		ax * ay * (1 - ct), ct + ay*ay*(1-ct), -ax * st,
		-ay * st, ax * st, ct,
	}
	var r [9]float64
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			r[3*i+j] = rt[3*i]*rz[j] + rt[3*i+1]*rz[3+j] + rt[3*i+2]*rz[6+j]
		}
	}
	return r
}

// homography maps page pixels of a w×h page (one page pixel is one unit in the page plane)
// to frame pixels: K·[r1 r2 t]·A, A moving the page centre to the origin.
func (c camera) homography(v view, w, h int) mat3 {
	r := v.rotation3()
	u0, v0 := (float64(c.w)-1)/2, (float64(c.h)-1)/2
	k := mat3{c.focal, 0, u0, 0, c.focal, v0, 0, 0, 1}
	m := mat3{r[0], r[1], v.t[0], r[3], r[4], v.t[1], r[6], r[7], v.t[2]}
	a := translation(-(float64(w)-1)/2, -(float64(h)-1)/2)
	return k.mul(m).mul(a).normalized()
}
