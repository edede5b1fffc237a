package detect

import (
	"image"
	"image/color"
	"strings"
	"testing"

	"github.com/otiai10/gosseract/v2"
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

	// Run OpenCV for real: light a 50 × 40 region of a black image and count it back.
	m := gocv.Zeros(100, 200, gocv.MatTypeCV8U)
	defer m.Close()
	roi := m.Region(image.Rect(10, 20, 60, 60))
	defer roi.Close()
	roi.SetTo(gocv.NewScalar(255, 0, 0, 0))
	if n := gocv.CountNonZero(m); n != 50*40 {
		t.Errorf("OpenCV counted %d lit pixels, want %d", n, 50*40)
	}
}

// TestTesseractReads proves Tesseract runs: it reads a line OpenCV drew.
func TestTesseractReads(t *testing.T) {
	img := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(255, 255, 255, 0), 120, 900, gocv.MatTypeCV8U)
	defer img.Close()
	gocv.PutText(&img, "DOCVERIFY 2026", image.Pt(30, 80), gocv.FontHersheySimplex, 2, color.RGBA{0, 0, 0, 0}, 4)
	png, err := gocv.IMEncode(gocv.PNGFileExt, img)
	if err != nil {
		t.Fatal(err)
	}
	defer png.Close()
	c := gosseract.NewClient()
	defer c.Close()
	if err := c.SetImageFromBytes(png.GetBytes()); err != nil {
		t.Fatal(err)
	}
	text, err := c.Text()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.ReplaceAll(text, " ", ""), "DOCVERIFY2026") {
		t.Errorf("Tesseract read %q, want DOCVERIFY 2026", text)
	}
}
