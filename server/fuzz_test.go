package server

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/docverify/docverify/detect"
)

// FuzzImageChecks feeds arbitrary bytes to the header check an upload meets before it may
// queue: it never panics, and refuses with a public 4xx error or accepts. Seeded from
// testdata/.
func FuzzImageChecks(f *testing.F) {
	files, _ := filepath.Glob("testdata/*")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		err := preflight(partImage, b, detect.DefaultLimits)
		if err == nil {
			return
		}
		pe := publicError(err)
		if pe.Status < 400 || pe.Status >= 500 {
			t.Errorf("%d %s for bad bytes: want a 4xx", pe.Status, pe.Code)
		}
		var ie *detect.ImageError
		if pe.Code == CodeInternal && !errors.As(err, &ie) {
			t.Errorf("internal error for bad bytes: %v", err)
		}
	})
}
