package detect

import (
	"image"
	"image/color"
	"math"
	"testing"

	"gocv.io/x/gocv"
)

// TestRefine checks registration against a model's reference: a page drawn from the reference
// at a known place on a dark desk, and a starting homography some pixels off (as feature
// matching leaves it), is registered to within half a pixel at every corner, whether the page
// lies flat or is seen in perspective. (Before docverify's own ECC, the straightening that
// keeps the reference's pixel grid and leaves the image's fine printing unaliased, and the
// page's outer band left out, these pages came out 2–4 pixels off.)
func TestRefine(t *testing.T) {
	_, m, ref := firstModel(t)
	r := m.refs[0]
	spec := r.spec
	page := spec.PagePx()
	w, h := 0.8*float64(page.X), 0.8*float64(page.Y)
	rot := func(x, y float64) [2]float64 { // 0.4° about the frame's origin, moved into the frame
		a := 0.4 * math.Pi / 180
		return [2]float64{150 + x*math.Cos(a) - y*math.Sin(a), 120 + x*math.Sin(a) + y*math.Cos(a)}
	}
	for _, tc := range []struct {
		name  string
		truth Quad
		off   [4][2]float64 // the start's corners from the truth's
	}{
		{"flat", Quad{rot(0, 0), rot(w, 0), rot(w, h), rot(0, h)}, [4][2]float64{{5, -4}, {6, -3}, {4, -5}, {5, -2}}},
		{"flat, further off", Quad{rot(0, 0), rot(w, 0), rot(w, h), rot(0, h)}, [4][2]float64{{-9, 7}, {-8, 9}, {-10, 8}, {-9, 6}}},
		{"perspective", Quad{{150 + 0.04*w, 120}, {150 + 0.96*w, 130}, {150 + w, 120 + h}, {150, 110 + h}}, [4][2]float64{{5, -4}, {6, -3}, {4, -5}, {5, -2}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			frame := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(60, 50, 40, 0), int(h)+260, int(w)+320, gocv.MatTypeCV8UC3)
			defer frame.Close()
			hm := homography(pageQuadOf(spec), tc.truth)
			hmat := gocv.NewMatWithSize(3, 3, gocv.MatTypeCV64F)
			defer hmat.Close()
			for i, v := range hm {
				hmat.SetDoubleAt(i/3, i%3, v)
			}
			gocv.WarpPerspectiveWithParams(ref, &frame, hmat, image.Pt(frame.Cols(), frame.Rows()), gocv.InterpolationLinear, gocv.BorderTransparent, color.RGBA{})
			start := tc.truth
			for i, d := range tc.off {
				start[i][0] += d[0]
				start[i][1] += d[1]
			}
			src := newPyramid(frame)
			defer src.close()
			got, cc := refine(src, homography(pageQuadOf(spec), start), spec, r.ecc)
			corners := pageCorners(got, spec)
			for i := range corners {
				if d := dist(corners[i], tc.truth[i]); d > 0.5 {
					t.Errorf("corner %d at %.1f, %.1f px from the truth (started %.1f px off; correlation %.3f)", i, corners[i], d, dist(start[i], tc.truth[i]), cc)
				}
			}
			if cc < 0.99 {
				t.Errorf("correlation %.3f after registration, want ≥ 0.99", cc)
			}
		})
	}
}

// TestFindECCRefuses checks that the registration refuses what it cannot register, without
// touching the warp: a mask that marks nothing, a flat input, a warp that is not 3×3 float32,
// and a warp that maps the reference wholly outside the input.
func TestFindECCRefuses(t *testing.T) {
	_, m, _ := firstModel(t)
	r := m.refs[0]
	flat := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(128, 0, 0, 0), r.ecc.gray.Rows(), r.ecc.gray.Cols(), gocv.MatTypeCV32F)
	defer flat.Close()
	none := gocv.NewMatWithSize(r.ecc.mask.Rows(), r.ecc.mask.Cols(), gocv.MatTypeCV8U)
	defer none.Close()
	none.SetTo(gocv.NewScalar(0, 0, 0, 0))
	far := gocv.Eye(3, 3, gocv.MatTypeCV32F)
	defer far.Close()
	far.SetFloatAt(0, 2, 1e5)
	wrong := gocv.Eye(2, 3, gocv.MatTypeCV64F)
	defer wrong.Close()
	for _, tc := range []struct {
		name        string
		input, mask gocv.Mat
		warp        gocv.Mat
	}{
		{"mask marks nothing", r.ecc.gray, none, gocv.Mat{}},
		{"flat input", flat, r.ecc.mask, gocv.Mat{}},
		{"warp of another shape", r.ecc.gray, r.ecc.mask, wrong},
		{"reference mapped outside the input", r.ecc.gray, r.ecc.mask, far},
	} {
		warp := tc.warp
		if warp.Ptr() == nil {
			warp = gocv.Eye(3, 3, gocv.MatTypeCV32F)
			defer warp.Close()
		}
		before := warp.Clone()
		if cc := findECC(r.ecc.gray, tc.input, &warp, tc.mask, eccIterations, eccEps); cc != 0 {
			t.Errorf("%s: correlation %.3f, want 0 (refused)", tc.name, cc)
		}
		diff := gocv.NewMat()
		gocv.AbsDiff(before, warp, &diff)
		flatDiff := diff.Reshape(1, 0)
		if gocv.CountNonZero(flatDiff) != 0 {
			t.Errorf("%s: the warp changed", tc.name)
		}
		flatDiff.Close()
		diff.Close()
		before.Close()
	}
}
