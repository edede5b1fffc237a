package capture

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// TestDump writes shots to $CAPTURE_DUMP for looking at them (JPEG as delivered, PNG of the
// decoded JPEG, and a PNG crop at full size); it skips when that is unset.
func TestDump(t *testing.T) {
	dir := os.Getenv("CAPTURE_DUMP")
	if dir == "" {
		t.Skip("set CAPTURE_DUMP to a directory to write sample shots")
	}
	p := testPage(true, true)
	for _, k := range Kinds() {
		for seed := uint64(1); seed <= 8; seed++ {
			s, err := Take(rand.New(rand.NewPCG(seed, 7)), k, p)
			if err != nil {
				t.Fatal(err)
			}
			for name, b := range map[string][]byte{"vis": s.Visible, "ir": s.IR, "uv": s.UV} {
				if b != nil {
					dumpJPEG(t, filepath.Join(dir, fmt.Sprintf("%s-%d-%s", k, seed, name)), b)
				}
			}
		}
	}
}

func dumpJPEG(t *testing.T, base string, b []byte) {
	t.Helper()
	if err := os.WriteFile(base+".jpg", b, 0o644); err != nil {
		t.Fatal(err)
	}
	img, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	dumpPNG(t, base+".png", img)
	c := img.Bounds().Size().Div(2)
	crop := image.NewRGBA(image.Rect(0, 0, 400, 300))
	for y := 0; y < 300; y++ {
		for x := 0; x < 400; x++ {
			crop.Set(x, y, img.At(c.X+x-200, c.Y+y-150))
		}
	}
	dumpPNG(t, base+"-crop.png", crop)
}

func dumpPNG(t *testing.T, name string, img image.Image) {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDumpEffects writes Reprint and Recapture results to $CAPTURE_DUMP (full page and a
// full-size crop); it skips when that is unset.
func TestDumpEffects(t *testing.T) {
	dir := os.Getenv("CAPTURE_DUMP")
	if dir == "" {
		t.Skip("set CAPTURE_DUMP to a directory to write sample effects")
	}
	p := testPage(false, false)
	for _, s := range Strengths() {
		for seed := uint64(1); seed <= 5; seed++ {
			for name, f := range map[string]func(*rand.Rand, *image.RGBA, string) *image.RGBA{"reprint": Reprint, "recapture": Recapture} {
				out := f(rand.New(rand.NewPCG(seed, 9)), p.Visible, s)
				base := filepath.Join(dir, fmt.Sprintf("%s-%s-%d", name, s, seed))
				dumpPNG(t, base+".png", out)
				dumpPNG(t, base+"-crop.png", out.SubImage(image.Rect(560, 440, 960, 740)))
			}
		}
	}
}
