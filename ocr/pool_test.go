package ocr_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"os"
	"reflect"
	"sync"
	"testing"

	"github.com/docverify/docverify/ocr"
	"github.com/docverify/docverify/templates"
	"github.com/fogleman/gg"
	"golang.org/x/image/bmp"
)

// line draws an MRZ line in OCR-B, black on white, the size a 300 dpi scan gives.
func line(t *testing.T, text string) *image.Gray {
	t.Helper()
	face, done, err := templates.Face("ocrb", 36)
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	w, h := 30*len(text)+40, 56
	dc := gg.NewContext(w, h)
	dc.SetColor(color.White)
	dc.Clear()
	dc.SetColor(color.Black)
	dc.SetFontFace(face)
	for i, r := range text {
		dc.DrawStringAnchored(string(r), 20+15+30*float64(i), 28, 0.5, 0.5)
	}
	g := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			g.Set(x, y, dc.Image().At(x, y))
		}
	}
	return g
}

func newPool(t *testing.T, workers int) *ocr.Pool {
	t.Helper()
	if os.Getenv("OMP_THREAD_LIMIT") == "" {
		t.Skip("needs OMP_THREAD_LIMIT=1 in the environment (make test sets it): Tesseract reads it when it loads")
	}
	p, err := ocr.NewPool(ocr.Config{Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p
}

// TestReadLine reads clean MRZ lines with the embedded model, through every client of the pool
// at once; each character carries a confidence and a box.
func TestReadLine(t *testing.T) {
	p := newPool(t, 2)
	if p.Size() != 2 {
		t.Fatalf("pool of %d clients, want 2", p.Size())
	}
	lines := []string{
		"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
		"L898902C36UTO7408122F1204159ZE184226B<<<<<10",
		"I<UTOD231458907<<<<<<<<<<<<<<<",
		"7408122F1204159UTO<<<<<<<<<<<6",
	}
	var wg sync.WaitGroup
	for i := range 8 {
		want := lines[i%len(lines)]
		img := ocr.BMP(line(t, want))
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := p.ReadLine(context.Background(), img)
			if err != nil {
				t.Error(err)
				return
			}
			if got.Text != want {
				t.Errorf("read %q, want %q", got.Text, want)
			}
			if len(got.Chars) != len([]rune(got.Text)) {
				t.Errorf("%d characters with confidences for %q", len(got.Chars), got.Text)
			}
			for _, c := range got.Chars {
				if c.Conf <= 0 || c.Conf > 100 || c.Box.Empty() {
					t.Errorf("character %q: confidence %v, box %v", c.Text, c.Conf, c.Box)
				}
			}
		}()
	}
	wg.Wait()
}

// TestReadLineCancelled returns the context's error when every client is busy and the caller
// gives up.
func TestReadLineCancelled(t *testing.T) {
	p := newPool(t, 1)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	img := ocr.BMP(line(t, "P<UTO"))
	// With a client free and the context done, select picks either: over 20 calls, some must
	// give up with the context's error, and none may fail otherwise.
	cancelled := 0
	for range 20 {
		_, err := p.ReadLine(ctx, img)
		switch err {
		case nil:
		case context.Canceled:
			cancelled++
		default:
			t.Fatalf("error %v, want nil or %v", err, context.Canceled)
		}
	}
	if cancelled == 0 {
		t.Error("no call gave up although its context was done")
	}
}

func TestConfigValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  ocr.Config
		ok   bool
	}{
		{"defaults", ocr.Config{}, true},
		{"negative workers", ocr.Config{Workers: -1}, false},
		{"too many workers", ocr.Config{Workers: 1000}, false},
		{"missing model", ocr.Config{TessdataDir: t.TempDir(), Language: "nosuch"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.cfg.Validate(); (err == nil) != tc.ok {
				t.Errorf("Validate() = %v, want ok %v", err, tc.ok)
			}
		})
	}
}

// TestModelFilesRemoved: once the pool is made, the embedded model written for Tesseract is
// gone from the temporary directory, and the clients still read.
func TestModelFilesRemoved(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	p := newPool(t, 1)
	left, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 0 {
		t.Fatalf("%d entries left in the temporary directory, first %s", len(left), left[0].Name())
	}
	want := "I<UTOD231458907<<<<<<<<<<<<<<<"
	got, err := p.ReadLine(context.Background(), ocr.BMP(line(t, want)))
	if err != nil || got.Text != want {
		t.Fatalf("after the files went: read %q, %v; want %q", got.Text, err, want)
	}
}

// pgm is the binary PGM of g, the encoding the reader handed Tesseract before BMP.
func pgm(g *image.Gray) []byte {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	out := fmt.Appendf(nil, "P5\n%d %d\n255\n", w, h)
	for y := range h {
		out = append(out, g.Pix[y*g.Stride:y*g.Stride+w]...)
	}
	return out
}

// TestBMPReadsAsPGM: the BMP decodes to the image's own pixels (odd widths need row padding; a
// sub-image has a stride wider than its width), and Tesseract reads it exactly as it reads the
// same pixels as a PGM: the same text, confidences and boxes.
func TestBMPReadsAsPGM(t *testing.T) {
	whole := line(t, "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<")
	for _, r := range []image.Rectangle{whole.Rect, image.Rect(3, 2, 3+1201, 2+51), image.Rect(0, 0, 7, 5)} {
		g := whole.SubImage(r).(*image.Gray)
		m, err := bmp.Decode(bytes.NewReader(ocr.BMP(g)))
		if err != nil {
			t.Fatalf("%v: %v", r, err)
		}
		if m.Bounds().Size() != r.Size() {
			t.Fatalf("%v: decoded %v", r, m.Bounds())
		}
		for y := range r.Dy() {
			for x := range r.Dx() {
				gy, _, _, _ := m.At(x, y).RGBA()
				if want := g.GrayAt(r.Min.X+x, r.Min.Y+y).Y; uint8(gy>>8) != want {
					t.Fatalf("%v: pixel (%d, %d) is %d, want %d", r, x, y, gy>>8, want)
				}
			}
		}
	}

	p := newPool(t, 1)
	for _, text := range []string{"L898902C36UTO7408122F1204159ZE184226B<<<<<10", "I<UTOD231458907<<<<<<<<<<<<<<<"} {
		g := line(t, text)
		g = g.SubImage(image.Rect(1, 0, g.Rect.Dx()-2, g.Rect.Dy())).(*image.Gray) // an odd width
		want, err := p.ReadLine(context.Background(), pgm(g))
		if err != nil {
			t.Fatal(err)
		}
		got, err := p.ReadLine(context.Background(), ocr.BMP(g))
		if err != nil {
			t.Fatal(err)
		}
		if want.Text != text {
			t.Fatalf("the PGM read %q, want %q", want.Text, text)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("BMP read %+v\nPGM read %+v", got, want)
		}
	}
}
