package capture

import (
	"image"
	"math"
	"math/rand/v2"

	"gocv.io/x/gocv"
)

// Phone frame sizes and lens.
const (
	phoneLong  = 1600 // frame's long side, px
	phoneShort = 1200 // frame's short side, px
	// phoneFocal is the focal length as a fraction of the frame's long side: a main camera
	// of 26 mm equivalent focal length (64° across the long side).
	phoneFocal = 0.8
)

// phonePose is where the document lies before the phone.
type phonePose struct {
	landscape bool    // frame held landscape (1600×1200) or portrait (1200×1600)
	quarter   int     // the document turned by this many quarter turns clockwise
	roll      float64 // further in-plane rotation, radians
	tilt      float64 // angle between the page's normal and the optical axis, radians
	axis      float64 // direction of the tilt axis in the page plane, radians
	coverage  float64 // document size: the larger of its width and height fractions of the frame
	pos       [2]float64
	crop      bool    // the document crosses the frame edge
	cropSide  int     // 0 left, 1 top, 2 right, 3 bottom
	cropBy    float64 // by this fraction of its size
}

func drawPhonePose(r *rand.Rand) phonePose {
	var p phonePose
	p.landscape = r.Float64() < 0.6
	switch u := r.Float64(); {
	case u < 0.7:
		p.quarter = 0
	case u < 0.8:
		p.quarter = 1
	case u < 0.9:
		p.quarter = 2
	default:
		p.quarter = 3
	}
	p.roll = radians(15 * (r.Float64() + r.Float64() - 1)) // triangular on ±15°
	p.tilt = radians(uniform(r, 0, 20))
	p.axis = uniform(r, 0, 2*math.Pi)
	p.coverage = uniform(r, 0.35, 0.85)
	p.pos = [2]float64{r.Float64() + r.Float64() - 1, r.Float64() + r.Float64() - 1} // triangular: mostly near the centre
	p.crop = r.Float64() < 0.02
	p.cropSide = r.IntN(4)
	p.cropBy = uniform(r, 0.01, 0.05)
	return p
}

// geometry returns the camera and the homography from a w×h page to its frame.
func (p phonePose) geometry(w, h int) (camera, mat3) {
	cam := camera{w: phoneLong, h: phoneShort, focal: phoneFocal * phoneLong}
	if !p.landscape {
		cam.w, cam.h = cam.h, cam.w
	}
	fw, fh := float64(cam.w), float64(cam.h)
	outline := pageQuad(w, h)
	// solve places the page so that its bounding box has the wanted size and its centre
	// lies (du, dv) from the frame's centre.
	solve := func(du, dv float64) (view, [4]float64) {
		v := view{roll: float64(p.quarter)*math.Pi/2 + p.roll, tilt: p.tilt, axis: p.axis}
		v.t[2] = cam.focal * float64(max(w, h)) / (p.coverage * fw)
		var b [4]float64
		for i := 0; i < 12; i++ {
			b[0], b[1], b[2], b[3] = outline.mapped(cam.homography(v, w, h)).bounds()
			ex := (b[0]+b[2])/2 - (fw-1)/2 - du
			ey := (b[1]+b[3])/2 - (fh-1)/2 - dv
			v.t[0] -= ex * v.t[2] / cam.focal
			v.t[1] -= ey * v.t[2] / cam.focal
			v.t[2] *= max((b[2]-b[0])/fw, (b[3]-b[1])/fh) / p.coverage
		}
		b[0], b[1], b[2], b[3] = outline.mapped(cam.homography(v, w, h)).bounds()
		return v, b
	}
	v, b := solve(0, 0)
	bw, bh := b[2]-b[0], b[3]-b[1]
	if p.crop {
		var du, dv float64
		switch p.cropSide {
		case 0:
			du = -0.5 - p.cropBy*bw + bw/2 - (fw-1)/2
		case 1:
			dv = -0.5 - p.cropBy*bh + bh/2 - (fh-1)/2
		case 2:
			du = fw - 0.5 + p.cropBy*bw - bw/2 - (fw-1)/2
		default:
			dv = fh - 0.5 + p.cropBy*bh - bh/2 - (fh-1)/2
		}
		v, _ = solve(du, dv)
		return cam, cam.homography(v, w, h)
	}
	// Move it by pos within the room left, less where that would leave the frame.
	rx, ry := max(0, (fw-bw)/2-0.01*fw), max(0, (fh-bh)/2-0.01*fh)
	for k := 1.0; k > 0.01; k *= 0.8 {
		u, _ := solve(p.pos[0]*rx*k, p.pos[1]*ry*k)
		if outline.mapped(cam.homography(u, w, h)).inside(cam.w, cam.h) {
			v = u
			break
		}
	}
	return cam, cam.homography(v, w, h)
}

// phoneLight is the light of a phone shot: exposure, a gradient, vignetting, sometimes a
// soft shadow, a glare spot, the direction of cast shadows.
type phoneLight struct {
	exposure           float64
	gradDir, gradSlope float64
	vignette           float64
	shade              bool
	shadeU, shadeV     float64 // centre, fractions of the frame
	shadeR, shadeDepth float64 // radius (fraction of frame width), darkening
	glare              bool
	glareOnDoc         bool
	glareU, glareV     float64 // centre: fractions across the document or the frame
	glareA, glareRatio float64 // semi-axis (fraction of frame width), minor/major
	glareAngle, glareI float64 // orientation, peak intensity (levels)
	shadowDir          float64 // direction cast shadows fall, radians
	shadowLen          float64 // object shadow offset, half-resolution px
	shadowSigma        float64
	shadowDepth        float64
	docShadow          float64 // the document's shadow offset, half-resolution px
}

func drawPhoneLight(r *rand.Rand) phoneLight {
	var l phoneLight
	l.exposure = uniform(r, 0.88, 1.12)
	l.gradDir = uniform(r, 0, 2*math.Pi)
	l.gradSlope = uniform(r, 0.05, 0.35)
	l.vignette = uniform(r, 0.08, 0.35)
	l.shade = r.Float64() < 0.25
	l.shadeU, l.shadeV = r.Float64(), r.Float64()
	l.shadeR = uniform(r, 0.2, 0.45)
	l.shadeDepth = uniform(r, 0.12, 0.35)
	l.glare = r.Float64() < 0.85
	l.glareOnDoc = r.Float64() < 0.45
	l.glareU, l.glareV = uniform(r, 0.1, 0.9), uniform(r, 0.1, 0.9)
	l.glareA = uniform(r, 0.03, 0.15)
	l.glareRatio = uniform(r, 0.3, 1)
	l.glareAngle = uniform(r, 0, math.Pi)
	l.glareI = uniform(r, 40, 230)
	l.shadowDir = uniform(r, 0, 2*math.Pi)
	l.shadowLen = uniform(r, 2, 7)
	l.shadowSigma = uniform(r, 2, 5)
	l.shadowDepth = uniform(r, 0.2, 0.5)
	l.docShadow = uniform(r, 1, 4)
	return l
}

// gain renders the light gain over a fw×fh frame (CV_16U, ×256). The caller closes it.
func (l phoneLight) gain(fw, fh int) gocv.Mat {
	c, s := math.Cos(l.gradDir), math.Sin(l.gradDir)
	aspect := float64(fh) / float64(fw)
	return gainField(fw, fh, 16, 16, func(u, v float64) float64 {
		g := l.exposure * (1 + l.gradSlope*((u-0.5)*c+(v-0.5)*s))
		g *= 1 - l.vignette*2*((u-0.5)*(u-0.5)+(v-0.5)*(v-0.5))
		if l.shade {
			du, dv := u-l.shadeU, (v-l.shadeV)*aspect
			g *= 1 - l.shadeDepth*math.Exp(-(du*du+dv*dv)/(l.shadeR*l.shadeR))
		}
		return g
	})
}

// glareField renders the glare spot over a fw×fh frame (CV_8U, added levels), centred on
// the document outline doc or in the frame. The caller closes it.
func (l phoneLight) glareField(fw, fh int, doc quad) gocv.Mat {
	const k = 4
	sw, sh := fw/k, fh/k
	m := gocv.NewMatWithSize(sh, sw, gocv.MatTypeCV8U)
	defer m.Close()
	d, _ := m.DataPtrUint8()
	cx, cy := l.glareU*float64(fw), l.glareV*float64(fh)
	if l.glareOnDoc {
		cx, cy = doc.at(l.glareU, l.glareV)
	}
	cx, cy = (cx+0.5)/k-0.5, (cy+0.5)/k-0.5
	a := l.glareA * float64(fw) / k
	b := a * l.glareRatio
	cs, sn := math.Cos(l.glareAngle), math.Sin(l.glareAngle)
	for y := 0; y < sh; y++ {
		for x := 0; x < sw; x++ {
			dx, dy := float64(x)-cx, float64(y)-cy
			p, q := (dx*cs+dy*sn)/a, (-dx*sn+dy*cs)/b
			r2 := p*p + q*q
			if r2 > 9 {
				continue
			}
			d[y*sw+x] = clamp8(int(l.glareI * (0.55*math.Exp(-2*r2) + 0.45*math.Exp(-10*r2))))
		}
	}
	out := gocv.NewMat()
	gocv.Resize(m, &out, image.Pt(fw, fh), 0, 0, gocv.InterpolationLinear)
	return out
}

// takePhone models a hand-held phone photo of the document on a cluttered desk.
func takePhone(r *rand.Rand, p Page) (Shot, error) {
	w, h := p.Visible.Rect.Dx(), p.Visible.Rect.Dy()
	pose := drawPhonePose(r)
	lt := drawPhoneLight(r)
	var b blur
	if r.Float64() < 0.35 {
		b = blur{sigma: uniform(r, 0.4, 0.8), length: uniform(r, 2.5, 8), angle: uniform(r, 0, math.Pi)}
	} else {
		b = blur{sigma: uniform(r, 0.6, 2)}
	}
	temp, tint := uniform(r, -0.12, 0.12), uniform(r, -0.04, 0.04)
	d := develop{
		tone: tone{
			contrast:   uniform(r, 0.85, 1.1),
			brightness: uniform(r, -12, 10),
			gamma:      uniform(r, 0.85, 1.15),
			wb:         [3]float64{1 - temp, 1 + tint, 1 + temp},
		},
		sigma: uniform(r, 1.5, 5.5),
		seed:  r.Uint64(),
	}
	quality := 75 + r.IntN(18)
	desk := rand.New(rand.NewPCG(r.Uint64(), r.Uint64()))

	cam, hm := pose.geometry(w, h)
	doc := pageQuad(w, h).mapped(hm)
	page, err := pageMat(p.Visible, false)
	if err != nil {
		return Shot{}, err
	}
	defer page.Close()
	// Shrink the page first by a whole factor when the shot shrinks it at least twice:
	// faster to warp, and free of aliasing (OpenCV's area resampling is fast for whole
	// factors; the warp does the rest).
	src, hsrc := page, hm
	s0 := 0.0
	for _, c := range pageQuad(w, h) {
		s0 = max(s0, hm.localScale(c[0], c[1]))
	}
	if n := int(1 / s0); n >= 2 {
		small := gocv.NewMat()
		defer small.Close()
		gocv.Resize(page, &small, image.Pt(w/n, h/n), 0, 0, gocv.InterpolationArea)
		src = small
		// A small pixel x covers page pixels [n·x, n·x+n): its centre is n·x + (n-1)/2.
		k := float64(n)
		hsrc = hm.mul(translation((k-1)/2, (k-1)/2)).mul(scaling(k, k))
	}

	bg := desktop(desk, cam.w, cam.h, doc, lt, b)
	defer bg.Close()
	gain := lt.gain(cam.w, cam.h)
	defer gain.Close()
	l := light{gain: &gain}
	if lt.glare {
		glare := lt.glareField(cam.w, cam.h, doc)
		defer glare.Close()
		l.glare = &glare
	}
	if err := layer(&bg, src, hsrc, b, l, d); err != nil {
		return Shot{}, err
	}
	vis, err := encodeJPEG(bg, quality)
	if err != nil {
		return Shot{}, err
	}
	return Shot{Visible: vis, Width: cam.w, Height: cam.h, H: hm.normalized(), Quality: quality}, nil
}
