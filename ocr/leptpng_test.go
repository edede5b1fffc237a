package ocr

import "testing"

// TestFastPNGWrites checks that Tesseract's round trip of each word image through PNG goes
// through leptpng.c's pixWriteMem: the symbol resolves to it, and a PNG it writes is stored
// (no smaller than the pixels) and reads back the same.
func TestFastPNGWrites(t *testing.T) {
	if !fastPNGWrites() {
		t.Fatal("pixWriteMem resolves to Leptonica's, not leptpng.c's: Tesseract would compress every word image")
	}
	const w, h = 300, 40
	size := pngSize(w, h)
	if size < 0 {
		t.Fatal("the PNG written did not read back the same")
	}
	if size < w*h {
		t.Errorf("a %d×%d grey PNG took %d bytes: compressed, not stored", w, h, size)
	}
}
