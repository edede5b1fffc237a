package mrz

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// seedLines adds every MRZ of testdata/ to a fuzz corpus, lines joined by newlines.
func seedLines(f *testing.F) {
	var docs []struct {
		Lines []string `json:"lines"`
	}
	var repairs []struct {
		Raw []string `json:"raw"`
	}
	for name, v := range map[string]any{"testdata/documents.json": &docs, "testdata/repairs.json": &repairs} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		if err := json.Unmarshal(b, v); err != nil {
			f.Fatal(err)
		}
	}
	for _, d := range docs {
		f.Add(strings.Join(d.Lines, "\n"))
	}
	for _, r := range repairs {
		f.Add(strings.Join(r.Raw, "\n"))
	}
}

// FuzzParse: Parse never panics, and a document it calls valid has a layout, no errors and
// every check digit holding.
func FuzzParse(f *testing.F) {
	seedLines(f)
	f.Fuzz(func(t *testing.T, s string) {
		d := ParseAt(strings.Split(s, "\n"), testNow)
		if d.Valid {
			if d.Format == FormatUnknown || len(d.Errors) > 0 || !checksHold(d) {
				t.Fatalf("valid with format %v, errors %v, checks %v", d.Format, errorCodes(d), d.Checks)
			}
		} else if len(d.Errors) == 0 {
			t.Fatal("invalid without an error")
		}
		if _, err := d.MarshalJSON(); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzRepair: Repair never panics; its output either validates on its own (Parse of the
// repaired lines agrees) or carries an error saying why not.
func FuzzRepair(f *testing.F) {
	seedLines(f)
	f.Fuzz(func(t *testing.T, s string) {
		d := RepairAt(strings.Split(s, "\n"), testNow)
		if d.Valid {
			if p := ParseAt(d.Lines, testNow); !p.Valid {
				t.Fatalf("repair says valid, Parse of its lines says %v", errorCodes(p))
			}
		} else if len(d.Errors) == 0 {
			t.Fatal("invalid without an error")
		}
	})
}
