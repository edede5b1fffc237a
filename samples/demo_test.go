package samples

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/docverify/docverify/samples/capture"
)

// DemoSeed is the seed of the demo set in samples/demo (make demo).
const DemoSeed = 20261126

// TestDemoSetReproducible regenerates the demo set and compares it with the committed one,
// byte for byte: the generator is deterministic, and the committed set is what it makes today.
// When the renderer changes, `make demo` refreshes the set.
func TestDemoSetReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("regenerates the demo set")
	}
	dir := t.TempDir()
	cfg := Config{Out: dir, Seed: DemoSeed, Demo: true, Captures: []capture.Kind{capture.Scan, capture.Kiosk, capture.Phone},
		Attacks: Attacks, GenuineShare: 0.4, Library: library(t)}
	if _, err := Generate(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	committed, err := ReadManifest("demo")
	if err != nil {
		t.Fatal(err)
	}
	fresh, _ := ReadManifest(dir)
	if len(committed) != len(fresh) {
		t.Fatalf("committed demo set has %d samples, a fresh one %d: run make demo", len(committed), len(fresh))
	}
	a, _ := os.ReadFile(filepath.Join("demo", ManifestName))
	b, _ := os.ReadFile(filepath.Join(dir, ManifestName))
	if !bytes.Equal(a, b) {
		t.Fatal("the committed demo manifest differs from a fresh one: run make demo")
	}
	var size int64
	genuine, attacks := map[string]bool{}, map[string]bool{}
	for _, s := range committed {
		for _, f := range []*string{&s.File, s.IR, s.UV} {
			if f == nil {
				continue
			}
			x, err := os.ReadFile(filepath.Join("demo", *f))
			if err != nil {
				t.Fatal(err)
			}
			y, _ := os.ReadFile(filepath.Join(dir, *f))
			if !bytes.Equal(x, y) {
				t.Errorf("%s differs from a fresh one: run make demo", *f)
			}
			size += int64(len(x))
		}
		if s.Attack == nil {
			genuine[s.Specimen] = true
			genuine[s.Capture] = true
		} else {
			attacks[*s.Attack] = true
		}
	}
	if size > 8<<20 {
		t.Errorf("demo set is %.1f MB, more than 8", float64(size)/(1<<20))
	}
	if len(attacks) != len(Attacks) || !genuine["scan"] || !genuine["kiosk"] || !genuine["phone"] || len(genuine) != 3+len(library(t).All()) {
		t.Errorf("demo set covers attacks %v and genuine %v", attacks, genuine)
	}
}
