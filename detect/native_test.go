package detect

import (
	"image"
	"image/color"
	"strings"
	"testing"

	"gocv.io/x/gocv"
)

// TestNativeLibraries proves that OpenCV and Tesseract link, load and run, and that they are
// the versions the project is pinned to (Debian 12: OpenCV 4.6.0, Tesseract 5.3.0).
func TestNativeLibraries(t *testing.T) {
	v := Versions()
	if !strings.HasPrefix(v.OpenCV, "4.6.") {
		t.Errorf("OpenCV version = %q, want 4.6.x (gocv v0.31.0 is pinned to it)", v.OpenCV)
	}
	if v.GoCV != "0.31.0" {
		t.Errorf("gocv version = %q, want 0.31.0", v.GoCV)
	}
	if !strings.HasPrefix(v.Tesseract, "5.3.") {
		t.Errorf("Tesseract version = %q, want 5.3.x", v.Tesseract)
	}

	// Run OpenCV for real: a filled rectangle has the area we drew.
	m := gocv.NewMatWithSize(100, 200, gocv.MatTypeCV8U)
	defer m.Close()
	gocv.Rectangle(&m, image.Rect(10, 20, 60, 70), color.RGBA{255, 255, 255, 0}, -1)
	if n := gocv.CountNonZero(m); n != 51*51 {
		t.Errorf("OpenCV counted %d lit pixels, want %d", n, 51*51)
	}
}
