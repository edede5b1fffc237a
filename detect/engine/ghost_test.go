package engine

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/samples"
	"github.com/docverify/docverify/samples/capture"
	"github.com/docverify/docverify/samples/people"
	"github.com/docverify/docverify/templates"
)

// TestGhostUnderLight runs portrait_ghost on the demo set's genuine phone photo as given, with
// the light falling unevenly across its ghost image (brighter by a third from one side to the
// other, as a phone's lamp does), whose correlation must stay within 0.1 of the photo's as
// given; with a reflection washing out a third of the portrait, which must leave the same
// person (compared on what it leaves, within 0.15 of the photo as given) or not be compared;
// and with one washing out most of it, which must not be compared. A photo's residual is
// reported, not judged.
func TestGhostUnderLight(t *testing.T) {
	e := testEngine(t)
	d := newDemoEdit(t, "genuine phone photo", func(s samples.Sample) bool { return s.Label == "genuine" && s.Capture == "phone" })
	lit := d.edit(func(x, y int, c color.RGBA) color.RGBA {
		if !image.Pt(x, y).In(d.ghost) {
			return c
		}
		return scaleRGB(c, 0.8+0.3*float64(x-d.ghost.Min.X)/float64(d.ghost.Dx()))
	})
	asGiven := d.ghostOf(e, d.in.Image)
	v0, ok := measureOf(asGiven, "portrait_ghost.correlation")
	if !ok {
		t.Fatalf("as given: %s %s, no correlation measured", asGiven.Status, asGiven.Reason)
	}
	if _, judged := measureOf(asGiven, "portrait_ghost.residual"); judged || asGiven.Evidence["residual"] == nil {
		t.Errorf("a photo's residual: judged %v, in the evidence %v; want it in the evidence only", judged, asGiven.Evidence["residual"])
	}
	under := d.ghostOf(e, lit)
	v1, ok := measureOf(under, "portrait_ghost.correlation")
	t.Logf("correlation as given %.3f, lit unevenly %.3f", v0, v1)
	if !ok || v1 < v0-0.1 {
		t.Errorf("lit unevenly: correlation %.3f (%s), want within 0.1 of %.3f as given", v1, under.Status, v0)
	}
	third := d.ghostOf(e, d.edit(d.whiteOval))
	v2, measured := measureOf(third, "portrait_ghost.correlation")
	t.Logf("a reflection over a third of the portrait: %s %s, correlation %.3f (glare share %v)", third.Status, third.Reason, v2, third.Evidence["glare_share"])
	if !(third.Status == detect.StatusNotDone && third.Reason == "glare") && (!measured || third.Status != detect.StatusPass || v2 < v0-0.15) {
		t.Errorf("reflection over a third of the portrait: %s %s, correlation %.3f (measured %v), want it passed within 0.15 of %.3f, or not_done glare", third.Status, third.Reason, v2, measured, v0)
	}
	if f := d.ghostOf(e, d.edit(d.whiteOvalOf(0.5, 0.45))); f.Status != detect.StatusNotDone || f.Reason != "glare" {
		t.Errorf("reflection over most of the portrait: %s %s (evidence %v), want not_done glare", f.Status, f.Reason, f.Evidence)
	}
}

// TestGhostWhiteOnScan puts the same white oval over the portrait of the demo set's genuine
// scan: a scanner's light makes no reflection, so it is a photo's white backdrop (a forger's
// common choice) and the photos are still compared.
func TestGhostWhiteOnScan(t *testing.T) {
	e := testEngine(t)
	d := newDemoEdit(t, "genuine scan", func(s samples.Sample) bool { return s.Label == "genuine" && s.Capture == "scan" })
	f := d.ghostOf(e, d.edit(d.whiteOval))
	if _, ok := measureOf(f, "portrait_ghost.correlation"); !ok || f.Status == detect.StatusNotDone {
		t.Errorf("white over a scan's portrait: %s %s (evidence %v), want it compared", f.Status, f.Reason, f.Evidence)
	}
}

// TestGhostSubstitutedOnScan pastes other people's portraits over the portrait of the demo
// set's genuine scan, its ghost image left as it is (a forger's photo substitution): what the
// new portrait's difference from the specimen's leaves unexplained of the ghost must lie above
// the residual's threshold for each of them, and below it for the scan as given.
func TestGhostSubstitutedOnScan(t *testing.T) {
	e := testEngine(t)
	d := newDemoEdit(t, "genuine scan", func(s samples.Sample) bool { return s.Label == "genuine" && s.Capture == "scan" })
	const key = "portrait_ghost.residual"
	given := d.ghostOf(e, d.in.Image)
	v, ok := measureOf(given, key)
	th, _ := given.Evidence["thresholds"].(map[string]float64)
	if !ok || th[key] <= 0 {
		t.Fatalf("as given: %s %s, no %s measured (evidence %v)", given.Status, given.Reason, key, given.Evidence)
	}
	t.Logf("as given: residual %.4f (threshold %.4f)", v, th[key])
	if v >= th[key] {
		t.Errorf("as given: residual %.4f, want below its threshold %.4f", v, th[key])
	}
	box := d.portrait
	for _, seed := range []uint64{11, 12, 13, 14} {
		face := people.Portrait(seed, box.Dx(), box.Dy())
		f := d.ghostOf(e, d.edit(func(x, y int, c color.RGBA) color.RGBA {
			if !image.Pt(x, y).In(box) {
				return c
			}
			return face.RGBAAt(x-box.Min.X, y-box.Min.Y)
		}))
		v, ok := measureOf(f, key)
		t.Logf("portrait of seed %d: residual %.4f, correlation %v, %s", seed, v, f.Evidence["relative"], f.Status)
		if !ok || v <= th[key] || f.Status != detect.StatusFail {
			t.Errorf("portrait of seed %d: %s, residual %.4f (measured %v), want it failed above %.4f", seed, f.Status, v, ok, th[key])
		}
	}
}

// demoEdit is a demo sample to draw on: its decoded image and its photos' boxes in it.
type demoEdit struct {
	t               *testing.T
	in              Input
	src             image.Image
	ghost, portrait image.Rectangle
}

func newDemoEdit(t *testing.T, what string, keep func(samples.Sample) bool) demoEdit {
	s := demoSample(t, what, keep)
	in := demoSampleInput(t, s)
	src, _, err := image.Decode(bytes.NewReader(in.Image))
	if err != nil {
		t.Fatal(err)
	}
	bounds := func(q samples.Quad) image.Rectangle {
		r := image.Rectangle{Min: image.Pt(math.MaxInt32, math.MaxInt32), Max: image.Pt(math.MinInt32, math.MinInt32)}
		for _, p := range q {
			r.Min.X, r.Min.Y = min(r.Min.X, int(p[0])), min(r.Min.Y, int(p[1]))
			r.Max.X, r.Max.Y = max(r.Max.X, int(p[0])), max(r.Max.Y, int(p[1]))
		}
		return r
	}
	return demoEdit{t: t, in: in, src: src, ghost: bounds(s.Regions["ghost_portrait"]), portrait: bounds(s.Regions["portrait"])}
}

// edit returns the image with each pixel passed through f, as PNG.
func (d demoEdit) edit(f func(x, y int, c color.RGBA) color.RGBA) []byte {
	r := d.src.Bounds()
	dst := image.NewRGBA(r)
	draw.Draw(dst, r, d.src, r.Min, draw.Src)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			dst.SetRGBA(x, y, f(x, y, dst.RGBAAt(x, y)))
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, dst); err != nil {
		d.t.Fatal(err)
	}
	return b.Bytes()
}

// whiteOval paints a near-white oval over the portrait's upper half: a lamp's reflection on a
// photo, a white backdrop on a scan.
func (d demoEdit) whiteOval(x, y int, c color.RGBA) color.RGBA {
	return d.whiteOvalOf(0.4, 0.3)(x, y, c)
}

// whiteOvalOf paints a near-white oval centred a third of the way down the portrait, its radii
// rx and ry of the portrait's width and height.
func (d demoEdit) whiteOvalOf(rx, ry float64) func(x, y int, c color.RGBA) color.RGBA {
	p := d.portrait
	cx, cy := float64(p.Min.X+p.Max.X)/2, float64(p.Min.Y)+0.35*float64(p.Dy())
	return func(x, y int, c color.RGBA) color.RGBA {
		dx, dy := (float64(x)-cx)/(rx*float64(p.Dx())), (float64(y)-cy)/(ry*float64(p.Dy()))
		if dx*dx+dy*dy <= 1 {
			return color.RGBA{252, 252, 250, 255}
		}
		return c
	}
}

// ghostOf checks the image (the sample's IR and UV kept) and returns portrait_ghost's finding.
func (d demoEdit) ghostOf(e *Engine, img []byte) detect.Finding {
	in := d.in
	in.Image = img
	return findingOf(d.t, e, in, "portrait_ghost")
}

// findingOf checks the input and returns the named check's finding.
func findingOf(t testing.TB, e *Engine, in Input, name string) detect.Finding {
	t.Helper()
	rep, err := e.Check(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Checks {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("no %s finding", name)
	return detect.Finding{}
}

func scaleRGB(c color.RGBA, k float64) color.RGBA {
	f := func(v uint8) uint8 { return uint8(math.Min(255, float64(v)*k)) }
	return color.RGBA{f(c.R), f(c.G), f(c.B), 255}
}

// measureOf is a measure a finding's evidence records.
func measureOf(f detect.Finding, key string) (float64, bool) {
	ms, _ := f.Evidence["measures"].(map[string]float64)
	v, ok := ms[key]
	return v, ok
}

// TestGhostUnderGlow lays a lamp's broad glow over the ghost image of the demo set's genuine
// phone photo (taken a little darker, as a phone exposes a bright page), lightening the ghost
// and the page around it towards white without reaching it: the ghost must not then be judged
// another person's (it is compared on what the glow leaves, passed within 0.2 of the photo
// without the glow, or not at all, for glare). Without detect.Scan.Glared it measured 0.18, a
// mismatch. Compared on the faces' features (highPass), the glow costs 0.17 where it is not
// left out: lifting the ghost towards white fades its features with it.
func TestGhostUnderGlow(t *testing.T) {
	e := testEngine(t)
	d := newDemoEdit(t, "genuine phone photo", func(s samples.Sample) bool { return s.Label == "genuine" && s.Capture == "phone" })
	g := d.ghost
	cx, cy := float64(g.Min.X)+glowAt*float64(g.Dx()), float64(g.Min.Y)+glowAt*float64(g.Dy())
	sigma := 0.4 * float64(max(g.Dx(), g.Dy()))
	dark := func(c color.RGBA) color.RGBA { return scaleRGB(c, 0.85) }
	base := d.edit(func(x, y int, c color.RGBA) color.RGBA { return dark(c) })
	glow := d.edit(func(x, y int, c color.RGBA) color.RGBA {
		c = dark(c)
		a := glowPeak * math.Exp(-(math.Pow(float64(x)-cx, 2)+math.Pow(float64(y)-cy, 2))/(2*sigma*sigma))
		lift := func(v uint8) uint8 { return uint8(float64(v) + a*(255-float64(v))) }
		return color.RGBA{lift(c.R), lift(c.G), lift(c.B), 255}
	})
	v0, ok := measureOf(d.ghostOf(e, base), "portrait_ghost.correlation")
	if !ok {
		t.Fatal("without the glow: no correlation measured")
	}
	f := d.ghostOf(e, glow)
	v1, measured := measureOf(f, "portrait_ghost.correlation")
	t.Logf("correlation without the glow %.3f; under it %s %s, %.3f (glare share %v)", v0, f.Status, f.Reason, v1, f.Evidence["glare_share"])
	switch {
	case f.Status == detect.StatusNotDone && f.Reason == "glare":
	case measured && f.Status == detect.StatusPass && v1 >= v0-0.2:
	default:
		t.Errorf("under a glow: %s %s, correlation %.3f (measured %v), want it left out or passed within 0.2 of %.3f", f.Status, f.Reason, v1, measured, v0)
	}
}

// glowPeak is the share of the way to white that TestGhostUnderGlow's glow lightens the page at
// its centre, which lies at glowAt of the ghost's width and height from its top-left corner.
const (
	glowPeak = 0.7
	glowAt   = 0.5
)

// TestGhostOnGeneratedPhotos runs portrait_ghost on phone photos the sample generator makes
// (a seed used nowhere else), of genuine documents and of substituted portraits whose ghost
// images are left as they were: no genuine photo may fail it, and at least minGhostCaught of
// the substitutions must. The floor lies below the count when this test was written (6 of 15;
// the comparison it replaced, on 16×20 less its best-fitting plane and under the risk model
// of its time, failed 2 and left 2 out for glare): a change that catches fewer fails.
func TestGhostOnGeneratedPhotos(t *testing.T) {
	const n, minGhostCaught = 24, 5
	e := testEngine(t)
	lib, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cfg := samples.Config{Out: dir, Seed: 31031, Count: n, Captures: []capture.Kind{capture.Phone},
		Attacks: []samples.Attack{samples.PhotoSubstitution}, GenuineShare: 0.5, Library: lib}
	if _, err := samples.Generate(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	set, err := samples.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	caught, forged := 0, 0
	for _, sm := range set {
		img, err := os.ReadFile(filepath.Join(dir, sm.File))
		if err != nil {
			t.Fatal(err)
		}
		f := findingOf(t, e, Input{Image: img}, "portrait_ghost")
		v, _ := measureOf(f, "portrait_ghost.correlation")
		t.Logf("%s %s: %s %s, correlation %.3f", sm.ID, sm.Label, f.Status, f.Reason, v)
		if sm.Label == "genuine" {
			if f.Status == detect.StatusFail {
				t.Errorf("%s: genuine photo failed: correlation %.3f (evidence %v)", sm.ID, v, f.Evidence)
			}
			continue
		}
		forged++
		if f.Status == detect.StatusFail {
			caught++
		}
	}
	t.Logf("%d of %d substituted portraits failed", caught, forged)
	if forged == 0 || caught < minGhostCaught {
		t.Errorf("%d of %d substituted portraits failed, want at least %d", caught, forged, minGhostCaught)
	}
}
