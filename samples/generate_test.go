package samples

import (
	"bytes"
	"context"
	"image"
	_ "image/jpeg"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docverify/docverify/mrz"
	"github.com/docverify/docverify/samples/capture"
	"github.com/docverify/docverify/templates"
)

func library(t testing.TB) *templates.Library {
	t.Helper()
	lib, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

func config(t testing.TB, out string, n int) Config {
	return Config{Out: out, Seed: 42, Count: n, Captures: []capture.Kind{capture.Scan, capture.Kiosk, capture.Phone},
		Attacks: Attacks, GenuineShare: 0.4, Library: library(t)}
}

// TestGenerateDeterministic: the same seed gives the same bytes, whatever the number of workers.
func TestGenerateDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	ca, cb := config(t, a, 10), config(t, b, 10)
	ca.Workers, cb.Workers = 1, 2
	for _, c := range []Config{ca, cb} {
		if _, err := Generate(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	}
	ma, _ := os.ReadFile(filepath.Join(a, ManifestName))
	mb, _ := os.ReadFile(filepath.Join(b, ManifestName))
	if !bytes.Equal(ma, mb) || len(ma) == 0 {
		t.Fatal("manifests differ between runs with the same seed")
	}
	set, err := ReadManifest(a)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range set {
		for _, f := range []*string{&s.File, s.IR, s.UV} {
			if f == nil {
				continue
			}
			x, _ := os.ReadFile(filepath.Join(a, *f))
			y, _ := os.ReadFile(filepath.Join(b, *f))
			if !bytes.Equal(x, y) || len(x) == 0 {
				t.Errorf("%s differs between runs with the same seed", *f)
			}
		}
	}
}

// TestManifestContract checks every line of a generated set against the documented manifest:
// labels, captures, images where they say, IR and UV for kiosk captures only, regions inside the
// image, the MRZ's data in fields, and forgeries that are what their attack says.
func TestManifestContract(t *testing.T) {
	dir := t.TempDir()
	cfg := config(t, dir, 60)
	if _, err := Generate(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	set, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(set) != 60 {
		t.Fatalf("%d samples, want 60", len(set))
	}
	attacks := map[string]bool{}
	for _, s := range set {
		f, err := os.Open(filepath.Join(dir, s.File))
		if err != nil {
			t.Fatal(err)
		}
		cfgImg, _, err := image.DecodeConfig(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", s.File, err)
		}
		if (s.Capture == "kiosk") != (s.IR != nil && s.UV != nil) {
			t.Errorf("%s: capture %s with ir %v uv %v", s.ID, s.Capture, s.IR, s.UV)
		}
		if (s.Label == "genuine") != (s.Attack == nil && s.Strength == nil) {
			t.Errorf("%s: label %s with attack %v", s.ID, s.Label, s.Attack)
		}
		if s.Attack != nil {
			attacks[*s.Attack] = true
			if *s.Attack == string(UVIRFail) && s.Capture != "kiosk" {
				t.Errorf("%s: uv_ir_fail on a %s capture", s.ID, s.Capture)
			}
		}
		for _, name := range []string{"document", "mrz", "portrait", "field:surname", "label:surname", "background"} {
			q, ok := s.Regions[name]
			if !ok {
				t.Errorf("%s: no region %q", s.ID, name)
				continue
			}
			inside := 0
			for _, c := range q {
				if c[0] >= 0 && c[1] >= 0 && c[0] <= float64(cfgImg.Width) && c[1] <= float64(cfgImg.Height) {
					inside++
				}
			}
			if inside < 4 && s.Capture != "phone" {
				t.Errorf("%s: region %s %v is outside the %dx%d image", s.ID, name, q, cfgImg.Width, cfgImg.Height)
			}
		}
		d := mrz.Parse(s.MRZ)
		if got := d.Fields.DocumentNumber; got != s.Fields.DocumentNumber {
			t.Errorf("%s: fields.document_number %q, the MRZ says %q", s.ID, s.Fields.DocumentNumber, got)
		}
		isAttack := func(a Attack) bool { return s.Attack != nil && *s.Attack == string(a) }
		switch {
		case s.Label == "genuine" || isAttack(PhotoSubstitution) || isAttack(LayoutShift) || isAttack(CounterfeitPrint):
			if !d.Valid {
				t.Errorf("%s (%s): MRZ invalid: %v", s.ID, s.Label, d.Err())
			}
			if s.Printed["document_number"] != s.Fields.DocumentNumber {
				t.Errorf("%s: printed number %q differs from the MRZ's %q", s.ID, s.Printed["document_number"], s.Fields.DocumentNumber)
			}
		case isAttack(MRZChecksum):
			if d.Valid {
				t.Errorf("%s: mrz_checksum forgery with a valid MRZ", s.ID)
			}
		case isAttack(MRZRecomputed):
			if !d.Valid {
				t.Errorf("%s: mrz_recomputed forgery with an invalid MRZ: %v", s.ID, d.Err())
			}
		}
		if s.Specimen == "" || (isAttack(Fantasy) != strings.HasPrefix(s.Specimen, "fantasy-")) {
			t.Errorf("%s: specimen %q for attack %v", s.ID, s.Specimen, s.Attack)
		}
	}
	if len(attacks) < 8 {
		t.Errorf("only %d attack classes in 60 samples", len(attacks))
	}
}

// TestCaptureIndependentOfLabel: a sample's capture depends on the seed, its index and the
// capture kind only: the genuine and the forged version of the same sample are captured with
// the same geometry, quality and noise, so capture statistics cannot tell them apart.
func TestCaptureIndependentOfLabel(t *testing.T) {
	cfg := config(t, t.TempDir(), 1)
	os.MkdirAll(filepath.Join(cfg.Out, "images"), 0o755)
	spec, _ := cfg.Library.Get("uto-passport-2019")
	for _, kind := range []capture.Kind{capture.Scan, capture.Phone} {
		var shots [2]Sample
		for i, genuine := range []bool{true, false} {
			s, _, err := makeSample(cfg, plan{index: 3, kind: kind, spec: &spec.Spec, genuine: genuine, attack: VIZAltered, strength: Obvious})
			if err != nil {
				t.Fatal(err)
			}
			shots[i] = s
		}
		if shots[0].Regions["document"] != shots[1].Regions["document"] {
			t.Errorf("%s: the forged version is captured differently: %v vs %v", kind, shots[0].Regions["document"], shots[1].Regions["document"])
		}
	}
}

// TestForgeries checks that each attack makes the change it claims, on the document before
// capture.
func TestForgeries(t *testing.T) {
	lib := library(t)
	s, _ := lib.Get("uto-passport-2019")
	spec := &s.Spec
	for _, a := range Attacks {
		if a == Fantasy {
			continue
		}
		for _, st := range Strengths {
			rng := rand.New(rand.NewPCG(1, 2))
			p := newPerson(rng, spec, DefaultDate)
			doc, err := NewDocument(spec, p, 9)
			if err != nil {
				t.Fatal(err)
			}
			genuine, _ := NewDocument(spec, p, 9)
			after, err := forge(rng, doc, &p, a, st)
			if err != nil {
				t.Fatal(err)
			}
			changed := after != nil || doc.PortraitSeed != doc.GhostSeed || strings.Join(doc.MRZ, "") != strings.Join(genuine.MRZ, "") ||
				doc.Tamper.Patch != nil || doc.Tamper.MRZFont != "" || doc.Tamper.MRZPitchMM != 0 || len(doc.Tamper.Without) > 0 ||
				len(doc.Tamper.Replace) > 0 || len(doc.Tamper.Shift) > 0 || doc.Tamper.UVNoPattern
			if !changed {
				t.Errorf("%s %s changed nothing", a, st)
			}
		}
	}
	// A fantasy model is no model of the library.
	f := fantasySpec(rand.New(rand.NewPCG(3, 4)), spec, Moderate)
	if _, ok := lib.Get(f.ID); ok || f.IssuingState == "UTO" {
		t.Errorf("fantasy model %s (%s) is in the library or claims Utopia", f.ID, f.IssuingState)
	}
	if err := f.Validate(); err != nil && !strings.Contains(err.Error(), "issuing_state") {
		t.Errorf("fantasy model is malformed: %v", err)
	}
}

// BenchmarkSample measures making one sample (draw, forge, capture, encode) per capture kind.
func BenchmarkSample(b *testing.B) {
	cfg := config(b, b.TempDir(), 1)
	os.MkdirAll(filepath.Join(cfg.Out, "images"), 0o755)
	spec, _ := cfg.Library.Get("uto-passport-2019")
	for _, kind := range []capture.Kind{capture.Scan, capture.Kiosk, capture.Phone} {
		b.Run(string(kind), func(b *testing.B) {
			i := 0
			for b.Loop() {
				if _, _, err := makeSample(cfg, plan{index: i, kind: kind, spec: &spec.Spec, genuine: true}); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

func TestDemoEmbedded(t *testing.T) {
	fsys, set, err := Demo()
	if err != nil {
		t.Fatal(err)
	}
	if len(set) < 10 {
		t.Fatalf("demo set has %d samples", len(set))
	}
	for _, s := range set {
		if _, err := fs.Stat(fsys, s.File); err != nil {
			t.Errorf("%s: %v", s.ID, err)
		}
	}
}
