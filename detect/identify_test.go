package detect

import (
	"image"
	"image/color"
	"math"
	"testing"

	"github.com/docverify/docverify/templates"
	"gocv.io/x/gocv"
)

// TestPageEdges checks the page edges that registration falls back on when features pull it
// off the page: found on a plain page of the model's proportions, ordered like the corners
// the features suggest (whichever way the page is turned), and refused for a page of other
// proportions.
func TestPageEdges(t *testing.T) {
	lib, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	spec := &lib.All()[0].Spec
	w, h := 900, int(900*spec.SizeMM[1]/spec.SizeMM[0])
	img := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(40, 40, 40, 0), 1000, 1300, gocv.MatTypeCV8UC3)
	defer img.Close()
	x0, y0 := 200, 150
	gocv.Rectangle(&img, image.Rect(x0, y0, x0+w, y0+h), color.RGBA{230, 230, 230, 0}, -1)
	corners := Quad{{float64(x0), float64(y0)}, {float64(x0 + w), float64(y0)}, {float64(x0 + w), float64(y0 + h)}, {float64(x0), float64(y0 + h)}}

	for turn := 0; turn < 4; turn++ {
		// The features say the page's top-left is corner turn of the drawn rectangle, 25
		// pixels off. Turned a quarter, the page would stand upright: the rectangle lying
		// flat has the wrong proportions for it.
		var near Quad
		for i := range near {
			c := corners[(i+turn)%4]
			near[i] = [2]float64{c[0] + 20, c[1] - 15}
		}
		got, ok := pageEdges(img, spec, near)
		if turn%2 == 1 {
			if ok {
				t.Errorf("turn %d: a page lying flat taken for one standing upright", turn)
			}
			continue
		}
		if !ok {
			t.Fatalf("turn %d: no page found", turn)
		}
		for i := range got {
			if d := dist(got[i], corners[(i+turn)%4]); d > 6 {
				t.Errorf("turn %d: corner %d at %v, want near %v", turn, i, got[i], corners[(i+turn)%4])
			}
		}
		if sameQuad(got, near) {
			t.Errorf("turn %d: %v and %v, 25 px apart, count as the same page", turn, got, near)
		}
	}

	square := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(40, 40, 40, 0), 1000, 1300, gocv.MatTypeCV8UC3)
	defer square.Close()
	gocv.Rectangle(&square, image.Rect(300, 200, 900, 800), color.RGBA{230, 230, 230, 0}, -1)
	if _, ok := pageEdges(square, spec, corners); ok {
		t.Errorf("a square page taken for %s (%v mm)", spec.ID, spec.SizeMM)
	}
}

// TestIdentifyByEdges checks identification from the page's edges when features fail: a
// model's reference, blurred until its ORB features no longer match and turned half round on
// a dark background, is identified as that model (the candidate), the right way up, with no
// feature match; a blank page of the same proportions is not identified, and the edges are
// not tried against the whole library.
func TestIdentifyByEdges(t *testing.T) {
	lib, m, page := firstModel(t)
	spec := lib.All()[0]
	gocv.Resize(page, &page, image.Point{}, 0.5, 0.5, gocv.InterpolationArea)
	gocv.GaussianBlur(page, &page, image.Point{}, 8, 8, gocv.BorderReflect)
	gocv.Rotate(page, &page, gocv.Rotate180Clockwise)
	w, h := page.Cols(), page.Rows()
	frame := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(30, 30, 30, 0), h+200, w+240, gocv.MatTypeCV8UC3)
	defer frame.Close()
	roi := frame.Region(image.Rect(120, 100, 120+w, 100+h))
	page.CopyTo(&roi)
	roi.Close()

	cands := map[string]bool{spec.Spec.ID: true}
	if ids := m.Identify(frame, nil); len(ids) > 0 {
		t.Errorf("without candidates, identified as %s (inliers %d)", ids[0].Spec.ID, ids[0].Inliers)
	}
	ids := m.Identify(frame, cands)
	if len(ids) == 0 {
		t.Fatalf("%s, blurred, not identified", spec.Spec.ID)
	}
	id := ids[0]
	if id.Spec.ID != spec.Spec.ID || id.Inliers != 0 || id.Correlation < edgeMinCorrelation {
		t.Fatalf("identified as %s with %d inliers and correlation %.3f; want %s from its edges", id.Spec.ID, id.Inliers, id.Correlation, spec.Spec.ID)
	}
	// Turned half round: the model's top-left corner is the frame's bottom-right.
	if d := dist(id.Corners[0], [2]float64{float64(120 + w), float64(100 + h)}); d > 8 {
		t.Errorf("top-left corner at %v, %.1f px from the page's", id.Corners[0], d)
	}

	blank := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(30, 30, 30, 0), h+200, w+240, gocv.MatTypeCV8UC3)
	defer blank.Close()
	gocv.Rectangle(&blank, image.Rect(120, 100, 120+w, 100+h), color.RGBA{235, 235, 235, 0}, -1)
	if ids := m.Identify(blank, cands); len(ids) > 0 {
		t.Errorf("a blank page identified as %s (correlation %.3f)", ids[0].Spec.ID, ids[0].Correlation)
	}
}

// firstModel loads the library, describes it for identification and draws its first model's
// reference image (BGR); all are released when the test ends.
func firstModel(t *testing.T) (*templates.Library, *Matcher, gocv.Mat) {
	t.Helper()
	lib, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewMatcher(lib)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	img, err := lib.All()[0].Image(templates.Visible)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := toBGR(img)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ref.Close() })
	return lib, m, ref
}

// referenceOf is the matcher's reference of model id.
func referenceOf(t *testing.T, m *Matcher, id string) *reference {
	t.Helper()
	for _, r := range m.refs {
		if r.spec.ID == id {
			return r
		}
	}
	t.Fatalf("no reference of %s", id)
	return nil
}

// TestRematch checks the second matching of features on a weakly registered page: a model's
// reference photographed in strong perspective, with a homography whose far side is 80
// pixels off (features fitted on the near side only), is brought back to its corners by
// rematch and the refinement after it; a blank page gives no correction.
func TestRematch(t *testing.T) {
	lib, m, page := firstModel(t)
	spec := &lib.All()[0].Spec
	truth := Quad{{300, 150}, {1150, 260}, {1080, 760}, {250, 700}}
	frame := warpQuad(page, Quad(pageQuadOf(spec)), truth, 1400, 950)
	defer frame.Close()
	src := newPyramid(frame)
	defer src.close()
	ref := referenceOf(t, m, spec.ID)
	off := truth
	off[1][0], off[1][1] = off[1][0]+60, off[1][1]-55
	off[2][0], off[2][1] = off[2][0]+70, off[2][1]+40
	start := homography(pageQuadOf(spec), off)
	worst := func(h [9]float64) float64 {
		e, q := 0.0, pageCorners(h, spec)
		for i := range q {
			e = math.Max(e, dist(q[i], truth[i]))
		}
		return e
	}
	h, ok := rematch(src, start, ref)
	if !ok {
		t.Fatal("no correction from the features matched again")
	}
	h, cc := refine(src, h, spec, ref.ecc)
	if e := worst(h); e > 4 || cc < eccGood {
		t.Errorf("after rematch and refinement: corners up to %.1f px off, correlation %.3f; want ≤ 4 px and ≥ %.2f", e, cc, eccGood)
	}

	blank := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(200, 200, 200, 0), 950, 1400, gocv.MatTypeCV8UC3)
	defer blank.Close()
	bp := newPyramid(blank)
	defer bp.close()
	if _, ok := rematch(bp, start, ref); ok {
		t.Error("a blank page corrected by features it does not have")
	}
}

// TestRegistrationUnevenLight checks that a page lit unevenly (a lamp to one side: its
// brightness falls from full to a fifth across the page) is registered, and measured as
// registered (Correlation, of the printing with the light's slow changes removed), although
// the correlation of its brightness with the reference's is below MinRegistration; and that
// the same measure stays low for a registration a few millimetres off.
func TestRegistrationUnevenLight(t *testing.T) {
	lib, m, page := firstModel(t)
	spec := &lib.All()[0].Spec
	truth := Quad{{300, 150}, {1150, 200}, {1120, 760}, {260, 720}}
	frame := warpQuad(page, Quad(pageQuadOf(spec)), truth, 1400, 950)
	defer frame.Close()
	// The light: from full at the frame's right to a fifth at its left, and lower at the top.
	frame.ConvertTo(&frame, gocv.MatTypeCV32FC3)
	light := gocv.NewMatWithSize(frame.Rows(), frame.Cols(), gocv.MatTypeCV32F)
	defer light.Close()
	for y := range frame.Rows() {
		for x := range frame.Cols() {
			light.SetFloatAt(y, x, float32(0.2+0.8*math.Pow(float64(x)/float64(frame.Cols()), 2)*(0.6+0.4*float64(y)/float64(frame.Rows()))))
		}
	}
	light3 := gocv.NewMat()
	defer light3.Close()
	gocv.Merge([]gocv.Mat{light, light, light}, &light3)
	gocv.Multiply(frame, light3, &frame)
	frame.ConvertTo(&frame, gocv.MatTypeCV8UC3)

	ids := m.Identify(frame, nil)
	if len(ids) == 0 || ids[0].Spec.ID != spec.ID {
		t.Fatalf("not identified as %s: %v", spec.ID, ids)
	}
	id := ids[0]
	e := 0.0
	for i := range truth {
		e = math.Max(e, dist(id.Corners[i], truth[i]))
	}
	src := newPyramid(frame)
	defer src.close()
	ref := referenceOf(t, m, spec.ID).ecc
	gray := straighten(src, id.H, spec, ref.gray.Cols(), ref.gray.Rows())
	defer gray.Close()
	raw := correlationAt(gray, ref)
	t.Logf("corners up to %.1f px off; correlation %.3f, of the brightness %.3f", e, id.Correlation, raw)
	if e > 4 || id.Correlation < 0.85 {
		t.Errorf("registered %.1f px off with correlation %.3f; want within 4 px and at least 0.85", e, id.Correlation)
	}
	if raw >= MinRegistration {
		t.Errorf("the brightness correlates at %.3f: the light is not uneven enough to show anything", raw)
	}
	// 3 mm off at the page's far side.
	off := truth
	off[1][0] += 3 * 300 / 25.4 * 850 / float64(spec.PagePx().X)
	off[2][0] += 3 * 300 / 25.4 * 850 / float64(spec.PagePx().X)
	c := registration(src, homography(pageQuadOf(spec), off), spec, ref)
	t.Logf("3 mm off: %.3f", c)
	if c >= MinRegistration {
		t.Errorf("a registration 3 mm off measured %.3f, not below %.2f", c, MinRegistration)
	}
}

// TestIdentifyAround draws a model's page 600 pixels wide in a corner of a 2400 × 1800 frame of
// noise and looks for it around its MRZ: the model is found and its corners are given in the
// frame's pixels, where the page was drawn. A box that covers most of the frame gives nothing
// (the whole image was searched already).
func TestIdentifyAround(t *testing.T) {
	lib, m, ref := firstModel(t)
	spec := &lib.All()[0].Spec
	w := 600
	h := int(math.Round(float64(w) * float64(ref.Rows()) / float64(ref.Cols())))
	small := gocv.NewMat()
	defer small.Close()
	gocv.Resize(ref, &small, image.Pt(w, h), 0, 0, gocv.InterpolationArea)
	frame := gocv.NewMatWithSize(1800, 2400, gocv.MatTypeCV8UC3)
	defer frame.Close()
	gocv.RandU(&frame, gocv.NewScalar(0, 0, 0, 0), gocv.NewScalar(255, 255, 255, 0))
	x0, y0 := 1650, 1100
	roi := frame.Region(image.Rect(x0, y0, x0+w, y0+h))
	small.CopyTo(&roi)
	roi.Close()

	reg, ok := spec.Region("mrz")
	if !ok {
		t.Fatal("the model has no MRZ region")
	}
	r := reg.Rect.Px(spec.DPI)
	s := float64(w) / float64(spec.PagePx().X)
	at := func(x, y int) [2]float64 { return [2]float64{float64(x0) + s*float64(x), float64(y0) + s*float64(y)} }
	box := Quad{at(r.Min.X, r.Min.Y), at(r.Max.X, r.Min.Y), at(r.Max.X, r.Max.Y), at(r.Min.X, r.Max.Y)}

	ids := m.IdentifyAround(frame, box, nil)
	if len(ids) == 0 {
		t.Fatal("the page was not found around its MRZ")
	}
	if ids[0].Spec.ID != spec.ID {
		t.Fatalf("found %s, want %s", ids[0].Spec.ID, spec.ID)
	}
	want := Quad{{float64(x0), float64(y0)}, {float64(x0 + w), float64(y0)}, {float64(x0 + w), float64(y0 + h)}, {float64(x0), float64(y0 + h)}}
	for i := range want {
		if d := dist(ids[0].Corners[i], want[i]); d > 5 {
			t.Errorf("corner %d at %v, want near %v (%.1f px off)", i, ids[0].Corners[i], want[i], d)
		}
	}
	px, py := float64(spec.PagePx().X), float64(spec.PagePx().Y)
	for i, c := range [][2]float64{{0, 0}, {px, 0}, {px, py}, {0, py}} {
		x, y := ids[0].Map(c[0], c[1])
		if d := dist([2]float64{x, y}, want[i]); d > 5 {
			t.Errorf("the homography maps page corner %d to %.0f,%.0f, want near %v", i, x, y, want[i])
		}
	}
	whole := Quad{{0, 0}, {2400, 0}, {2400, 200}, {0, 200}}
	if ids := m.IdentifyAround(frame, whole, nil); ids != nil {
		t.Errorf("a box as long as the frame: %d identifications, want none", len(ids))
	}
}
