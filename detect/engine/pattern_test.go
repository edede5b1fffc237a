package engine

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"testing"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/samples"
)

// TestSecurityPatternKinds runs security_pattern on the demo set's genuine visa scan as given,
// with its rosette redrawn (plain lines over it) and with its waves redrawn: each redrawing
// fails the check on its own measure (security_pattern.correlation for the rosette,
// security_pattern.lines for the waves), and the finding points at the region redrawn.
func TestSecurityPatternKinds(t *testing.T) {
	e := testEngine(t)
	s := demoSample(t, "genuine scan of a model with a rosette and waves", func(c samples.Sample) bool {
		_, w := c.Regions["guilloche:waves"]
		_, r := c.Regions["guilloche"]
		return c.Label == "genuine" && c.Capture == "scan" && w && r
	})
	in := demoSampleInput(t, s)
	src, _, err := image.Decode(bytes.NewReader(in.Image))
	if err != nil {
		t.Fatal(err)
	}
	bounds := func(q samples.Quad) image.Rectangle {
		r := image.Rect(int(q[0][0]), int(q[0][1]), int(q[0][0]), int(q[0][1]))
		for _, p := range q {
			r = r.Union(image.Rect(int(p[0]), int(p[1]), int(p[0])+1, int(p[1])+1))
		}
		return r
	}
	// redrawn paints r with the paper's colour crossed by thin horizontal lines: a pattern
	// drawn anew, not the specimen's.
	redrawn := func(r image.Rectangle) []byte {
		dst := image.NewRGBA(src.Bounds())
		draw.Draw(dst, dst.Bounds(), src, src.Bounds().Min, draw.Src)
		paper := color.RGBA{236, 230, 222, 255}
		ink := color.RGBA{150, 140, 170, 255}
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				c := paper
				if (y-r.Min.Y)%9 < 2 {
					c = ink
				}
				dst.SetRGBA(x, y, c)
			}
		}
		var b bytes.Buffer
		if err := png.Encode(&b, dst); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	rosette, waves := bounds(s.Regions["guilloche"]), bounds(s.Regions["guilloche:waves"])
	for _, tc := range []struct {
		name    string
		img     []byte
		status  detect.Status
		measure string          // the measure that must be below its threshold
		region  image.Rectangle // where the finding must point
	}{
		{"as scanned", in.Image, detect.StatusPass, "", image.Rectangle{}},
		{"rosette redrawn", redrawn(rosette), detect.StatusFail, "security_pattern.correlation", rosette},
		{"waves redrawn", redrawn(waves), detect.StatusFail, "security_pattern.lines", waves},
	} {
		in := in
		in.Image = tc.img
		rep, err := e.Check(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		var f detect.Finding
		for _, c := range rep.Checks {
			if c.Name == "security_pattern" {
				f = c
			}
		}
		t.Logf("%s: %s %s, evidence %v", tc.name, f.Status, f.Reason, f.Evidence["measures"])
		if f.Status != tc.status {
			t.Errorf("%s: %s %s, want %s", tc.name, f.Status, f.Reason, tc.status)
			continue
		}
		if tc.measure == "" {
			continue
		}
		ms, _ := f.Evidence["measures"].(map[string]float64)
		th, _ := f.Evidence["thresholds"].(map[string]float64)
		if v, ok := ms[tc.measure]; !ok || v >= th[tc.measure] {
			t.Errorf("%s: %s = %v (threshold %v), want below", tc.name, tc.measure, ms[tc.measure], th[tc.measure])
		}
		if f.Region == nil {
			t.Errorf("%s: no region", tc.name)
			continue
		}
		c := image.Pt(int((f.Region[0][0]+f.Region[2][0])/2), int((f.Region[0][1]+f.Region[2][1])/2))
		if !c.In(tc.region) {
			t.Errorf("%s: the finding points at %v, outside the region redrawn %v", tc.name, c, tc.region)
		}
	}
}
