package templates

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEmbeddedLibrary loads the shipped specimens: four Utopian models, valid, with their
// images, and the regions the checks rely on.
func TestEmbeddedLibrary(t *testing.T) {
	lib, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"uto-idcard-2021", "uto-passport-2019", "uto-passport-2024", "uto-visa-2020"}
	var got []string
	for _, s := range lib.All() {
		got = append(got, s.Spec.ID)
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("specimens %v, want %v", got, want)
	}
	for _, s := range lib.All() {
		for _, ch := range []Channel{Visible, Infrared, Ultraviolet} {
			img, err := s.Image(ch)
			if err != nil {
				t.Fatalf("%s: %v", s.Spec.ID, err)
			}
			if b := img.Bounds(); b.Dx() != s.Spec.PagePx().X || b.Dy() != s.Spec.PagePx().Y {
				t.Errorf("%s %s image is %v, want %v at %g dpi", s.Spec.ID, ch, b.Size(), s.Spec.PagePx(), s.Spec.DPI)
			}
		}
		for _, name := range []string{"mrz", "portrait", "ghost_portrait", "ovd", "emblem", "guilloche", "background",
			"field:surname", "label:surname", "field:document_number", "field:birth_date", "field:expiry_date", "uv_pattern"} {
			if _, ok := s.Spec.Region(name); !ok {
				t.Errorf("%s has no region %q", s.Spec.ID, name)
			}
		}
		if s.Spec.IssuingState != "UTO" || !s.Spec.Fictional {
			t.Errorf("%s: shipped specimens are fictional Utopian ones", s.Spec.ID)
		}
	}
	if len(lib.Version()) != 12 {
		t.Errorf("version %q", lib.Version())
	}
}

// TestValidate runs the broken specs of testdata/bad_specs.json: each must be rejected with an
// error that names the problem.
func TestValidate(t *testing.T) {
	base, err := ReadSpec("specimens/uto-passport-2019/spec.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Name  string          `json:"name"`
		Patch json.RawMessage `json:"patch"` // merged over the base spec
		Want  string          `json:"want"`  // in the error
	}
	b, err := os.ReadFile("testdata/bad_specs.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			s := *base
			s.Regions = append([]Region(nil), base.Regions...)
			if err := json.Unmarshal(c.Patch, &s); err != nil {
				t.Fatal(err)
			}
			err := s.Validate()
			if err == nil || !strings.Contains(err.Error(), c.Want) {
				t.Errorf("Validate() = %v, want an error containing %q", err, c.Want)
			}
		})
	}
}

// TestLoadDirectory extends the library from a directory, and reports a broken one clearly.
func TestLoadDirectory(t *testing.T) {
	dir := t.TempDir()
	spec, err := ReadSpec("specimens/uto-passport-2019/spec.json")
	if err != nil {
		t.Fatal(err)
	}
	spec.ID = "uto-passport-2019-agency"
	spec.Images.IR, spec.Images.UV = "", ""
	os.MkdirAll(filepath.Join(dir, spec.ID), 0o755)
	js, _ := json.Marshal(spec)
	os.WriteFile(filepath.Join(dir, spec.ID, "spec.json"), js, 0o644)
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "visible.png is missing") {
		t.Fatalf("Load without the image = %v, want a missing-image error", err)
	}
	img, _ := os.ReadFile("specimens/uto-passport-2019/visible.png")
	os.WriteFile(filepath.Join(dir, spec.ID, "visible.png"), img, 0o644)
	lib, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	s, ok := lib.Get(spec.ID)
	if !ok || s.Source != dir {
		t.Fatalf("added specimen not found, or wrong source: %v", s)
	}
	if _, err := s.Image(Infrared); err == nil {
		t.Error("an IR image was returned for a specimen without one")
	}
	// The same id twice is an error.
	os.MkdirAll(filepath.Join(dir, "copy"), 0o755)
	os.WriteFile(filepath.Join(dir, "copy", "spec.json"), js, 0o644)
	os.WriteFile(filepath.Join(dir, "copy", "visible.png"), img, 0o644)
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "already loaded") {
		t.Errorf("duplicate id: %v", err)
	}
}

func TestNumberMatches(t *testing.T) {
	s := Spec{NumberFormat: "@##@#####"}
	for n, want := range map[string]bool{"X24A00017": true, "X24A0001": false, "124A00017": false, "X24A0001Z": false} {
		if s.NumberMatches(n) != want {
			t.Errorf("NumberMatches(%q) = %v", n, !want)
		}
	}
}
