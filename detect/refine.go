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
	// The same at half that scale, for a first, coarse search: it takes a third of the time
	// that the fine search would need from the feature-matching homography alone.
	graySmall, maskSmall gocv.Mat
}

const eccScale = 0.25

const (
	eccIterations = 40
	eccEps        = 1e-4
	eccGood       = 0.7 // a correlation no second search is tried after (genuine documents: 0.8–0.98)
	// Both searches run in rounds of eccRound iterations and stops when a round gains less
	// than eccRoundGain, keeping the better of the last two warps: on most pages the
	// correlation reaches its plateau within a few iterations and then wanders on it. On 222
	// evaluation documents, against 40 iterations straight: identification 231 → 155 ms
	// per document on one core, mean correlation with the reference up on every capture
	// (scan 0.964 → 0.967, kiosk 0.959 → 0.961, phone 0.888 → 0.901).
	eccRound     = 5
	eccRoundGain = 0.001
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
	e.graySmall.Close()
	e.maskSmall.Close()
}

// refine improves a page → image homography by ECC registration against the reference. It
// returns the refined homography and the correlation reached; when no search converged, the
// homography given and the correlation it registers the page with.
func refine(img gocv.Mat, h [9]float64, spec *templates.Spec, ref eccRef) ([9]float64, float64) {
	page := spec.PagePx()
	w, hh := ref.gray.Cols(), ref.gray.Rows()
	warped := Rectify(img, pageCorners(h, spec), w, hh)
	defer warped.Close()
	gray := gocv.NewMat()
	defer gray.Close()
	if warped.Channels() > 1 {
		gocv.CvtColor(warped, &gray, gocv.ColorBGRToGray)
	} else {
		warped.CopyTo(&gray)
	}
	gray.ConvertTo(&gray, gocv.MatTypeCV32F)
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
	cc := eccInRounds(ref.gray, gray, warp, ref.mask)
	if cc <= 0.3 {
		return [9]float64{}, 0, false
	}
	// warp maps reference coordinates (at eccScale) to the straightened image's; in page
	// pixels: G = S⁻¹·W·S.
	var wm [9]float64
	for i := range wm {
		wm[i] = float64(warp.GetFloatAt(i/3, i%3))
	}
	s := eccScale
	g := mul3(mul3([9]float64{1 / s, 0, 0, 0, 1 / s, 0, 0, 0, 1}, wm), [9]float64{s, 0, 0, 0, s, 0, 0, 0, 1})
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

// eccInRounds registers input to tmpl as findECC does, in rounds of eccRound iterations up to
// eccIterations, until a round gains less than eccRoundGain; a round that fails or loses
// ground is undone. It returns the correlation reached (0 when the first round failed).
func eccInRounds(tmpl, input gocv.Mat, warp *gocv.Mat, mask gocv.Mat) float64 {
	cc := 0.0
	prev := gocv.NewMat()
	defer prev.Close()
	for done := 0; done < eccIterations; done += eccRound {
		warp.CopyTo(&prev)
		c := findECC(tmpl, input, warp, mask, eccRound, eccEps)
		if c < cc || c <= 0 {
			prev.CopyTo(warp)
			break
		}
		gain := c - cc
		cc = c
		if gain < eccRoundGain {
			break
		}
	}
	return cc
}

// coarse runs the search at half the scale and, when it converges to a small correction, sets
// warp (identity on entry) to it, scaled up, as the fine search's start, and says so.
func coarse(gray gocv.Mat, ref eccRef, warp *gocv.Mat) bool {
	small := gocv.NewMat()
	defer small.Close()
	gocv.Resize(gray, &small, image.Pt(ref.graySmall.Cols(), ref.graySmall.Rows()), 0, 0, gocv.InterpolationArea)
	w := gocv.Eye(3, 3, gocv.MatTypeCV32F)
	defer w.Close()
	if eccInRounds(ref.graySmall, small, &w, ref.maskSmall) <= 0.3 {
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
