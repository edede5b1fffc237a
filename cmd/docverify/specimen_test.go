package main

import (
	"bytes"
	"encoding/json"
	"image"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docverify/docverify/samples"
	"github.com/docverify/docverify/samples/capture"
	"github.com/docverify/docverify/templates"
	"golang.org/x/image/draw"
)

func TestSpecimenListShow(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"specimen", "list"}, nil, &out, &errOut); code != exitOK {
		t.Fatalf("list: %d %s", code, errOut.String())
	}
	for _, id := range []string{"uto-passport-2019", "uto-passport-2024", "uto-idcard-2021", "uto-visa-2020"} {
		if !strings.Contains(out.String(), id) {
			t.Errorf("list lacks %s:\n%s", id, out.String())
		}
	}
	out.Reset()
	if code := run([]string{"specimen", "show", "uto-visa-2020"}, nil, &out, &errOut); code != exitOK {
		t.Fatalf("show: %d %s", code, errOut.String())
	}
	var s templates.Spec
	if err := json.Unmarshal(out.Bytes(), &s); err != nil || s.ID != "uto-visa-2020" || len(s.Regions) == 0 {
		t.Errorf("show printed %v (%v)", s.ID, err)
	}
	if code := run([]string{"specimen", "show", "no-such-thing"}, nil, &out, &errOut); code != exitInvalid {
		t.Errorf("show of an unknown id: exit %d", code)
	}
}

// TestSpecimenAdd adds a model from a flatbed scan of a genuine document: the page is found,
// straightened to the spec's size, and the library loads it; the new reference image matches
// the model's own.
func TestSpecimenAdd(t *testing.T) {
	lib, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	ref, _ := lib.Get("uto-passport-2019")
	spec := ref.Spec
	p, _ := samples.SpecimenPerson(&spec)
	doc, err := samples.NewDocument(&spec, p, 5)
	if err != nil {
		t.Fatal(err)
	}
	r, err := samples.Render(doc, false)
	if err != nil {
		t.Fatal(err)
	}
	shot, err := capture.Take(rand.New(rand.NewPCG(3, 4)), capture.Scan, r.Page)
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	scan := filepath.Join(tmp, "scan.jpg")
	os.WriteFile(scan, shot.Visible, 0o644)
	spec.ID = "agency-passport-2019"
	js, _ := json.Marshal(spec)
	specFile := filepath.Join(tmp, "spec.json")
	os.WriteFile(specFile, js, 0o644)

	dir := filepath.Join(tmp, "specimens")
	var out, errOut bytes.Buffer
	if code := run([]string{"specimen", "add", "--image", scan, "--spec", specFile, "--specimens", dir}, nil, &out, &errOut); code != exitOK {
		t.Fatalf("add: exit %d: %s", code, errOut.String())
	}
	added, err := templates.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	s, ok := added.Get("agency-passport-2019")
	if !ok {
		t.Fatal("added specimen not in the library")
	}
	img, err := s.Image(templates.Visible)
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds().Size() != spec.PagePx() {
		t.Errorf("reference image %v, want %v", img.Bounds().Size(), spec.PagePx())
	}
	orig, _ := ref.Image(templates.Visible)
	other, _ := lib.Get("uto-passport-2024")
	otherImg, _ := other.Image(templates.Visible)
	own, foreign := correlation(img, orig), correlation(img, otherImg)
	if own < 0.6 || own < foreign+0.2 {
		t.Errorf("the normalised scan correlates %.2f with its model's reference and %.2f with another model's; want ≥ 0.6 and well apart", own, foreign)
	}
	// Adding it again is refused.
	if code := run([]string{"specimen", "add", "--image", scan, "--spec", specFile, "--specimens", dir}, nil, &out, &errOut); code == exitOK {
		t.Error("adding the same id twice succeeded")
	}
}

// correlation is the normalised cross-correlation of two images' grey levels at 160×110.
func correlation(a, b image.Image) float64 {
	grey := func(img image.Image) []float64 {
		g := image.NewGray(image.Rect(0, 0, 160, 110))
		draw.ApproxBiLinear.Scale(g, g.Rect, img, img.Bounds(), draw.Src, nil)
		v := make([]float64, len(g.Pix))
		var m float64
		for i, p := range g.Pix {
			v[i] = float64(p)
			m += v[i] / float64(len(v))
		}
		for i := range v {
			v[i] -= m
		}
		return v
	}
	x, y := grey(a), grey(b)
	var xy, xx, yy float64
	for i := range x {
		xy += x[i] * y[i]
		xx += x[i] * x[i]
		yy += y[i] * y[i]
	}
	return xy / math.Sqrt(xx*yy)
}
