package main

import (
	"bytes"
	"image"
	"math"
	"strings"
	"testing"
)

const fontPath = "../../../templates/fonts/OCRB.ttf"

var everyLevel = []weight{{Clean, 1}, {Moderate, 1}, {Heavy, 1}}

func loadFace(t testing.TB) *typeface {
	t.Helper()
	face, err := loadTypeface(fontPath)
	if err != nil {
		t.Fatal(err)
	}
	return face
}

// TestRenderReproducible is the property the recipe rests on: image i of a set depends only on
// the seed and i, so the training and evaluation sets can be made again, in any order.
func TestRenderReproducible(t *testing.T) {
	face := loadFace(t)
	for i := range 6 {
		s1, _, img1, box1, err := render(face, 9, everyLevel, 0, i)
		if err != nil {
			t.Fatal(err)
		}
		s2, _, img2, box2, _ := render(face, 9, everyLevel, 0, i)
		if s1 != s2 || box1 != box2 || !bytes.Equal(img1.Pix, img2.Pix) {
			t.Errorf("image %d differs between two renders", i)
		}
	}
}

// TestRenderSamples checks what every image must satisfy: MRZ characters only, a box inside
// the image, a size that follows the cap height, and ink where the box says.
func TestRenderSamples(t *testing.T) {
	face := loadFace(t)
	for i := range 30 {
		s, p, img, box, err := render(face, 5, everyLevel, 0, i)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.text) < 20 || strings.Trim(s.text, Alphabet) != "" {
			t.Errorf("image %d: text %q is not an MRZ line", i, s.text)
		}
		b := img.Bounds()
		if !box.In(b) || box.Dx() < len(s.text)*int(p.height)/2 || box.Dy() < int(p.height)/2 {
			t.Errorf("image %d: box %v for an image %v, %d characters %.0f px high", i, box, b, len(s.text), p.height)
		}
		if b.Dy() > int(6*p.height) {
			t.Errorf("image %d: %v is too tall for characters %.0f px high", i, b, p.height)
		}
		// The darkest pixels lie in the box.
		var in, all int
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				if img.GrayAt(x, y).Y < 60 || p.otsu && img.GrayAt(x, y).Y == 0 {
					all++
					if (x >= box.Min.X && x < box.Max.X && y >= box.Min.Y && y < box.Max.Y) || p.neighbours {
						in++
					}
				}
			}
		}
		if all > 0 && float64(in) < 0.9*float64(all) {
			t.Errorf("image %d: %d of %d dark pixels outside the box %v", i, all-in, all, box)
		}
	}
}

func TestLevelsMix(t *testing.T) {
	count := map[string]int{}
	for i := range 3000 {
		count[chooseLevel(rngFor(1, i), []weight{{Clean, 1}, {Heavy, 3}})]++
	}
	if count[Moderate] != 0 || count[Clean] < 650 || count[Clean] > 850 {
		t.Errorf("levels drawn: %v, want about 750 clean, 2250 heavy", count)
	}
}

func TestBoxFile(t *testing.T) {
	got := boxFile("P<1", image.Rect(2, 3, 40, 20), 25)
	want := "P 2 5 40 22 0\n< 2 5 40 22 0\n1 2 5 40 22 0\n\t 2 5 40 22 0\n"
	if got != want {
		t.Errorf("boxFile = %q, want %q", got, want)
	}
}

func TestHomography(t *testing.T) {
	src := [4][2]float64{{0, 0}, {100, 0}, {100, 30}, {0, 30}}
	dst := [4][2]float64{{3, 1}, {98, -2}, {101, 33}, {-1, 29}}
	m := solveHomography(src, dst)
	inv := m.inverse()
	for k := range src {
		x, y := m.apply(src[k][0], src[k][1])
		if math.Hypot(x-dst[k][0], y-dst[k][1]) > 1e-9 {
			t.Errorf("corner %d goes to (%g, %g), want %v", k, x, y, dst[k])
		}
		x, y = inv.apply(dst[k][0], dst[k][1])
		if math.Hypot(x-src[k][0], y-src[k][1]) > 1e-9 {
			t.Errorf("corner %d comes back to (%g, %g), want %v", k, x, y, src[k])
		}
	}
}

func TestOtsu(t *testing.T) {
	pix := append(bytes.Repeat([]byte{30}, 100), bytes.Repeat([]byte{200}, 300)...)
	if th := otsu(pix); th < 30 || th >= 200 {
		t.Errorf("otsu = %d, want a threshold between the two levels 30 and 200", th)
	}
}

func TestParseFlags(t *testing.T) {
	if _, err := parseFlags([]string{"-out", "x", "-mix", "clean=1,bad=2"}); err == nil {
		t.Error("an unknown level was accepted")
	}
	cfg, err := parseFlags([]string{"-out", "x", "-mix", "heavy=1"})
	if err != nil || len(cfg.mix) != 1 || cfg.mix[0].level != Heavy {
		t.Errorf("parseFlags = %+v, %v", cfg, err)
	}
}

func BenchmarkRender(b *testing.B) {
	face := loadFace(b)
	i := 0
	for b.Loop() {
		if _, _, _, _, err := render(face, 1, everyLevel, 0, i); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
