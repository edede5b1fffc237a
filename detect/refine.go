package detect

import (
	"image"
	"image/color"
	"math"

	"github.com/docverify/docverify/templates"
	"gocv.io/x/gocv"
)

// Feature matching gives a homography good to a few pixels in the middle of the page and worse
// at its edges. Alignment is refined by maximising the correlation of the image, straightened
// with that homography, with the model's reference over the model's static printing (ECC, an
// image registration that uses every pixel of the background, labels and artwork; personal data
// and holograms are masked out).

// eccRef is a reference image prepared for refinement.
type eccRef struct {
	gray gocv.Mat // reference, grey, at eccScale of page pixels
	mask gocv.Mat // 255 where the printing is static
	flat gocv.Mat // gray flattened (see flatten)
	// The same at half that scale, for a first, coarse search: it takes a third of the time
	// that the fine search would need from the feature-matching homography alone.
	graySmall, maskSmall gocv.Mat
}

const eccScale = 0.25

// eccBorder is the width, in pixels at eccScale, of the page's outer band that registration
// leaves out: 4 pixels, 1.4 mm (the models are drawn at 300 dpi).
const eccBorder = 4

const (
	// A search stops when an iteration raises the correlation by less than eccEps (it
	// converges in three to five on most pages), after eccIterations at most.
	eccIterations = 40
	eccEps        = 1e-4
	eccGood       = 0.7 // a correlation no second search is tried after (genuine documents: 0.8–0.98)
)

func newECCRef(spec *templates.Spec, ref gocv.Mat) eccRef {
	var e eccRef
	e.gray = gocv.NewMat()
	gocv.CvtColor(ref, &e.gray, gocv.ColorBGRToGray)
	gocv.Resize(e.gray, &e.gray, image.Point{}, eccScale, eccScale, gocv.InterpolationArea)
	e.gray.ConvertTo(&e.gray, gocv.MatTypeCV32F)
	e.mask = gocv.NewMatWithSizeFromScalar(gocv.NewScalar(255, 0, 0, 0), e.gray.Rows(), e.gray.Cols(), gocv.MatTypeCV8U)
	for _, r := range spec.Regions {
		_, field := r.Kind.IsField()
		if field || r.Kind == templates.KindPortrait || r.Kind == templates.KindGhostPortrait ||
			r.Kind == templates.KindMRZ || r.Kind == templates.KindOVD {
			b := r.Rect.Px(spec.DPI)
			m := 3 // pixels at eccScale of slack around personal data
			rect := image.Rect(int(float64(b.Min.X)*eccScale)-m, int(float64(b.Min.Y)*eccScale)-m,
				int(float64(b.Max.X)*eccScale)+m, int(float64(b.Max.Y)*eccScale)+m)
			gocv.Rectangle(&e.mask, rect, color.RGBA{}, -1)
		}
	}
	// Nor the page's outer band: where registration starts a few pixels off, the straightened
	// image shows the desk or scanner lid beyond the page's edge there, a strong edge the
	// reference does not have, which pulled the registration towards it (by up to half a
	// pixel at this scale, on a page drawn from its own reference).
	gocv.Rectangle(&e.mask, image.Rect(0, 0, e.mask.Cols(), e.mask.Rows()), color.RGBA{}, 2*eccBorder)
	e.flat = flatten(e.gray)
	e.graySmall, e.maskSmall = gocv.NewMat(), gocv.NewMat()
	gocv.Resize(e.gray, &e.graySmall, image.Point{}, 0.5, 0.5, gocv.InterpolationArea)
	gocv.Resize(e.mask, &e.maskSmall, image.Point{}, 0.5, 0.5, gocv.InterpolationArea)
	// Only pixels whose whole footprint was static stay in the coarse mask.
	gocv.Threshold(e.maskSmall, &e.maskSmall, 254, 255, gocv.ThresholdBinary)
	return e
}

func (e eccRef) close() {
	e.gray.Close()
	e.mask.Close()
	e.flat.Close()
	e.graySmall.Close()
	e.maskSmall.Close()
}

// pyramid is an image in grey and halved as often as registration needs it, made once for
// the registrations of one image.
type pyramid struct {
	levels []gocv.Mat // level k is the image at 1/2^k, pixel centres at X/2^k (cv::pyrDown)
}

func newPyramid(img gocv.Mat) *pyramid {
	g := gocv.NewMat()
	if img.Channels() > 1 {
		gocv.CvtColor(img, &g, gocv.ColorBGRToGray)
	} else {
		img.CopyTo(&g)
	}
	return &pyramid{levels: []gocv.Mat{g}}
}

// level returns the level nearest k that the image has (none is made below 64 pixels a
// side) and its scale, 1/2^level.
func (p *pyramid) level(k int) (gocv.Mat, float64) {
	for len(p.levels) <= k {
		last := p.levels[len(p.levels)-1]
		if last.Cols() < 64 || last.Rows() < 64 {
			break
		}
		d := gocv.NewMat()
		gocv.PyrDown(last, &d, image.Point{}, gocv.BorderReflect101)
		p.levels = append(p.levels, d)
	}
	k = min(k, len(p.levels)-1)
	return p.levels[k], math.Pow(0.5, float64(k))
}

// pageAt returns the level that has the page whose corners q (input pixels) span width
// pixels at one to two times want pixels wide (no finer: sampling the whole image aliases the
// printing), and q on that level.
func (p *pyramid) pageAt(q Quad, width, want float64) (gocv.Mat, Quad) {
	k := 0
	for width/math.Pow(2, float64(k+1)) >= want {
		k++
	}
	img, f := p.level(k)
	for i := range q {
		q[i][0], q[i][1] = q[i][0]*f, q[i][1]*f
	}
	return img, q
}

func (p *pyramid) close() {
	for _, m := range p.levels {
		m.Close()
	}
	p.levels = nil
}

// straighten warps the page that h shows in the image to the reference's grid at eccScale:
// float32 grey, w × hh pixels, each pixel where the reference's is. The reference was made
// from the page by area averaging, so that its pixel j stands for page pixels eccScale⁻¹·j to
// eccScale⁻¹·(j+1) − 1 (centre (j + ½)/eccScale − ½); the warp puts the page's points there. It
// samples the pyramid level that has the page at one to two times that size: sampling the
// whole image, three to five times finer, would alias its fine printing (guilloches into
// moiré), which misled the registration by up to a pixel at this scale.
func straighten(src *pyramid, h [9]float64, spec *templates.Spec, w, hh int) gocv.Mat {
	page := spec.PagePx()
	q := pageCorners(h, spec)
	width := math.Min((dist(q[0], q[1])+dist(q[3], q[2]))/2, (dist(q[0], q[3])+dist(q[1], q[2]))/2*float64(page.X)/float64(page.Y))
	img, q := src.pageAt(q, width, float64(page.X)*eccScale)
	off := (1 - eccScale) / 2 // page point (0, 0) on the reference's grid is at −off
	pw, ph := float64(page.X)*eccScale-off, float64(page.Y)*eccScale-off
	out := warpQuad(img, q, Quad{{-off, -off}, {pw, -off}, {pw, ph}, {-off, ph}}, w, hh)
	out.ConvertTo(&out, gocv.MatTypeCV32F)
	return out
}

// refine improves a page → image homography by ECC registration against the reference. It
// returns the refined homography and the correlation reached; when no search converged, the
// homography given and the correlation it registers the page with.
func refine(src *pyramid, h [9]float64, spec *templates.Spec, ref eccRef) ([9]float64, float64) {
	page := spec.PagePx()
	gray := straighten(src, h, spec, ref.gray.Cols(), ref.gray.Rows())
	defer gray.Close()
	best, cc := register(gray, h, page, ref)
	if cc >= eccGood {
		return best, cc
	}
	// A weak registration may be a lamp's glare on the laminate, which washes the printing
	// out where it falls: register again without it, and keep the better.
	if g, ok := withoutGlare(gray, ref); ok {
		defer g.mask.Close()
		defer g.maskSmall.Close()
		if b2, c2 := register(gray, h, page, g); c2 > cc {
			best, cc = b2, c2
		}
	}
	return best, cc
}

// register runs the searches for refine on gray, the image straightened with h, against ref.
func register(gray gocv.Mat, h [9]float64, page image.Point, ref eccRef) ([9]float64, float64) {
	// From the coarse search's result first; if the fine search fails from there or reaches
	// only a weak correlation (the coarse one can settle on a wrong optimum), also from the
	// features' homography, as without it, and the better of the two wins.
	best, bestCC := h, 0.0
	for _, fromCoarse := range []bool{true, false} {
		warp := gocv.Eye(3, 3, gocv.MatTypeCV32F)
		if fromCoarse && !coarse(gray, ref, &warp) {
			warp.Close()
			continue
		}
		g, cc, ok := fine(gray, ref, &warp, page)
		warp.Close()
		if ok && cc > bestCC {
			best, bestCC = mul3(h, g), cc
		}
		if bestCC >= eccGood {
			break
		}
	}
	if bestCC == 0 {
		// Neither search converged: the homography stays the features' one, and the
		// correlation says how well that one registers the page (a failed search is not a
		// page that does not match).
		bestCC = correlationAt(gray, ref)
	}
	return best, bestCC
}

// glareLevel is the grey level (0–255) from which a pixel of the straightened image is taken
// for glare, a lamp's reflection on the laminate: printing there is washed out, and the
// registration does not compare it. Paper is printed on white and captured below it.
const glareLevel = 240

// withoutGlare returns ref with the straightened image's glare left out of its masks, and
// true, when there is glare on 1% to 30% of the static printing (more is a page overexposed
// as a whole, not a reflection); the caller closes the two new masks.
func withoutGlare(gray gocv.Mat, ref eccRef) (eccRef, bool) {
	bright := gocv.NewMat()
	defer bright.Close()
	gocv.Threshold(gray, &bright, glareLevel, 255, gocv.ThresholdBinaryInv)
	bright.ConvertTo(&bright, gocv.MatTypeCV8U)
	out := ref
	out.mask = gocv.NewMat()
	gocv.BitwiseAnd(ref.mask, bright, &out.mask)
	if n, all := gocv.CountNonZero(out.mask), gocv.CountNonZero(ref.mask); all == 0 || float64(all-n) < 0.01*float64(all) || float64(all-n) > 0.3*float64(all) {
		out.mask.Close()
		return ref, false
	}
	out.maskSmall = gocv.NewMat()
	gocv.Resize(out.mask, &out.maskSmall, image.Pt(ref.maskSmall.Cols(), ref.maskSmall.Rows()), 0, 0, gocv.InterpolationArea)
	gocv.Threshold(out.maskSmall, &out.maskSmall, 254, 255, gocv.ThresholdBinary)
	return out, true
}

// flatSigma is the scale, in pixels at eccScale (8 pixels, 2.7 mm), from which changes of
// brightness across the page are taken for the light's, not the printing's.
const flatSigma = 8

// flatten returns img (float32 grey) less its Gaussian blur of flatSigma: the printing without
// the slow changes of the light across the page (a lamp to one side, vignetting, a shadow).
func flatten(img gocv.Mat) gocv.Mat {
	blur, out := gocv.NewMat(), gocv.NewMat()
	defer blur.Close()
	gocv.GaussianBlur(img, &blur, image.Point{}, flatSigma, flatSigma, gocv.BorderReflect)
	gocv.Subtract(img, blur, &out)
	return out
}

// registration is how well h registers the page with the reference: the correlation of the
// page straightened with h with the reference over the static printing, both flattened. ECC
// finds the registration, but its correlation is that of the brightness, which a phone's
// uneven light lowers as much as a registration a few millimetres off: genuine photos in dim,
// uneven light registered exactly measured 0.47–0.57 by ECC and 0.94–0.96 flattened, while
// registrations that had failed measured 0.3–0.48 and 0.05–0.43 (generated phone photos). A
// blurred photo loses the fine printing that flattening keeps, and measures less flattened
// than by ECC (a genuine one 0.60 against 0.77): a page's registration is the higher of the two.
func registration(src *pyramid, h [9]float64, spec *templates.Spec, ref eccRef) float64 {
	gray := straighten(src, h, spec, ref.gray.Cols(), ref.gray.Rows())
	defer gray.Close()
	flat := flatten(gray)
	defer flat.Close()
	return correlationAt(flat, eccRef{gray: ref.flat, mask: ref.mask})
}

// correlationAt is the correlation ECC would start from: the zero-mean normalised
// cross-correlation of the straightened image with the reference over the static printing,
// both smoothed as ECC smooths them; 0 when it is not positive.
func correlationAt(gray gocv.Mat, ref eccRef) float64 {
	a, b := gocv.NewMat(), gocv.NewMat()
	defer a.Close()
	defer b.Close()
	gocv.GaussianBlur(gray, &a, image.Pt(5, 5), 0, 0, gocv.BorderDefault)
	gocv.GaussianBlur(ref.gray, &b, image.Pt(5, 5), 0, 0, gocv.BorderDefault)
	av, err1 := a.DataPtrFloat32()
	bv, err2 := b.DataPtrFloat32()
	mv := ref.mask.ToBytes()
	if err1 != nil || err2 != nil || len(av) != len(bv) || len(av) != len(mv) {
		return 0
	}
	var n, sa, sb float64
	for i, m := range mv {
		if m != 0 {
			n++
			sa += float64(av[i])
			sb += float64(bv[i])
		}
	}
	if n == 0 {
		return 0
	}
	ma, mb := sa/n, sb/n
	var sab, saa, sbb float64
	for i, m := range mv {
		if m != 0 {
			da, db := float64(av[i])-ma, float64(bv[i])-mb
			sab += da * db
			saa += da * da
			sbb += db * db
		}
	}
	if saa == 0 || sbb == 0 {
		return 0
	}
	return math.Max(0, sab/math.Sqrt(saa*sbb))
}

// fine runs the search at eccScale from warp and returns the correction in page pixels, the
// correlation reached, and whether the search succeeded.
func fine(gray gocv.Mat, ref eccRef, warp *gocv.Mat, page image.Point) ([9]float64, float64, bool) {
	cc := findECC(ref.gray, gray, warp, ref.mask, eccIterations, eccEps)
	if cc <= 0.3 {
		return [9]float64{}, 0, false
	}
	// warp maps reference coordinates to the straightened image's, both on the grid where
	// page point p is at A·p = eccScale·p − off (see straighten); in page pixels:
	// G = A⁻¹·W·A.
	var wm [9]float64
	for i := range wm {
		wm[i] = float64(warp.GetFloatAt(i/3, i%3))
	}
	s, off := eccScale, (1-eccScale)/2
	g := mul3(mul3([9]float64{1 / s, 0, off / s, 0, 1 / s, off / s, 0, 0, 1}, wm), [9]float64{s, 0, -off, 0, s, -off, 0, 0, 1})
	// A correction moves the page's corners by a little; anything more is a failed search.
	diag := math.Hypot(float64(page.X), float64(page.Y))
	for _, c := range rectCorners(page) {
		x, y := applyH(g, c[0], c[1])
		if math.Hypot(x-c[0], y-c[1]) > 0.05*diag {
			return [9]float64{}, 0, false
		}
	}
	return g, cc, true
}

// coarse runs the search at half the scale and, when it converges to a small correction, sets
// warp (identity on entry) to it, scaled up, as the fine search's start, and says so.
func coarse(gray gocv.Mat, ref eccRef, warp *gocv.Mat) bool {
	small := gocv.NewMat()
	defer small.Close()
	gocv.Resize(gray, &small, image.Pt(ref.graySmall.Cols(), ref.graySmall.Rows()), 0, 0, gocv.InterpolationArea)
	w := gocv.Eye(3, 3, gocv.MatTypeCV32F)
	defer w.Close()
	if findECC(ref.graySmall, small, &w, ref.maskSmall, eccIterations, eccEps) <= 0.3 {
		return false
	}
	// W = S·Ws·S⁻¹ with S = diag(2, 2, 1).
	f := func(i, j int) float32 { return w.GetFloatAt(i, j) }
	vals := [3][3]float32{
		{f(0, 0), f(0, 1), 2 * f(0, 2)},
		{f(1, 0), f(1, 1), 2 * f(1, 2)},
		{f(2, 0) / 2, f(2, 1) / 2, f(2, 2)},
	}
	// A coarse result that moves the corners by more than a tenth of the image is a failed
	// search: start the fine one from the features' homography instead.
	cols, rows := float64(gray.Cols()), float64(gray.Rows())
	for _, c := range [4][2]float64{{0, 0}, {cols, 0}, {cols, rows}, {0, rows}} {
		x := float64(vals[0][0])*c[0] + float64(vals[0][1])*c[1] + float64(vals[0][2])
		y := float64(vals[1][0])*c[0] + float64(vals[1][1])*c[1] + float64(vals[1][2])
		z := float64(vals[2][0])*c[0] + float64(vals[2][1])*c[1] + float64(vals[2][2])
		if z <= 0 || math.Hypot(x/z-c[0], y/z-c[1]) > 0.1*math.Hypot(cols, rows) {
			return false
		}
	}
	for i := range 3 {
		for j := range 3 {
			warp.SetFloatAt(i, j, vals[i][j])
		}
	}
	return true
}

func mul3(a, b [9]float64) [9]float64 {
	var c [9]float64
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			for k := 0; k < 3; k++ {
				c[i*3+j] += a[i*3+k] * b[k*3+j]
			}
		}
	}
	return c
}
