package capture

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"testing"
)

// The test page is a TD3 data page at 300 dpi: 125 × 88 mm.
const (
	pageW = 1476
	pageH = 1039
)

// markers are the centres of the test page's round markers, page pixels.
var markers = [][2]float64{{120, 100}, {pageW - 121, 100}, {pageW - 121, pageH - 55}, {120, pageH - 55}, {740, 520}}

const markerRadius = 14

// testPage renders a passport-like data page: a pastel guilloche background, a photo, text
// lines, an MRZ, and the markers (black discs on visible and IR, bright discs on UV).
func testPage(withIR, withUV bool) Page {
	vis := image.NewRGBA(image.Rect(0, 0, pageW, pageH))
	ir := image.NewRGBA(vis.Rect)
	uv := image.NewRGBA(vis.Rect)
	for y := 0; y < pageH; y++ {
		for x := 0; x < pageW; x++ {
			fx, fy := float64(x), float64(y)
			g := 0.5 + 0.5*math.Sin(fx/9+6*math.Sin(fy/37)+2*math.Sin(fx/61))
			h := 0.5 + 0.5*math.Sin(fy/7+5*math.Sin(fx/43))
			c := color.RGBA{uint8(236 - 30*g), uint8(226 - 18*h), uint8(240 - 40*g*h), 255}
			vis.SetRGBA(x, y, c)
			ir.SetRGBA(x, y, color.RGBA{235, 235, 235, 255})
			f := uint8(40 + 30*g)
			uv.SetRGBA(x, y, color.RGBA{f / 3, f / 4, f, 255})
		}
	}
	fill := func(img *image.RGBA, r image.Rectangle, c color.RGBA) {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				img.SetRGBA(x, y, c)
			}
		}
	}
	dark := color.RGBA{30, 30, 40, 255}
	// Photo.
	fill(vis, image.Rect(80, 230, 420, 690), color.RGBA{170, 160, 150, 255})
	fill(ir, image.Rect(80, 230, 420, 690), color.RGBA{120, 120, 120, 255})
	for y := 300; y < 600; y++ {
		for x := 150; x < 350; x++ {
			if dx, dy := float64(x-250)/90, float64(y-430)/120; dx*dx+dy*dy < 1 {
				vis.SetRGBA(x, y, color.RGBA{200, 160, 130, 255})
				ir.SetRGBA(x, y, color.RGBA{90, 90, 90, 255})
			}
		}
	}
	// Text lines: words of bars of glyph-sized strokes.
	for line := 0; line < 8; line++ {
		y := 250 + line*60
		for x := 470; x < 1300; x += 14 {
			if (x/14+line)%7 == 0 || math.Abs(float64(x)-740) < 50 && math.Abs(float64(y)-520) < 60 {
				continue
			}
			r := image.Rect(x, y, x+9, y+22)
			fill(vis, r, dark)
			fill(ir, r, dark)
		}
	}
	// MRZ.
	for line := 0; line < 2; line++ {
		y := 800 + line*80
		for x := 70; x < 1400; x += 30 {
			r := image.Rect(x, y, x+20, y+40)
			fill(vis, r, color.RGBA{10, 10, 10, 255})
			fill(ir, r, color.RGBA{10, 10, 10, 255})
		}
	}
	// A fluorescent feature on UV.
	for y := 300; y < 700; y++ {
		for x := 500; x < 1200; x++ {
			if math.Abs(math.Sin(float64(x)/25)*80+500-float64(y)) < 6 {
				uv.SetRGBA(x, y, color.RGBA{120, 230, 90, 255})
			}
		}
	}
	for _, m := range markers {
		for y := int(m[1]) - markerRadius - 2; y <= int(m[1])+markerRadius+2; y++ {
			for x := int(m[0]) - markerRadius - 2; x <= int(m[0])+markerRadius+2; x++ {
				if math.Hypot(float64(x)-m[0], float64(y)-m[1]) <= markerRadius {
					vis.SetRGBA(x, y, color.RGBA{0, 0, 0, 255})
					ir.SetRGBA(x, y, color.RGBA{0, 0, 0, 255})
					uv.SetRGBA(x, y, color.RGBA{255, 255, 255, 255})
				} else if math.Hypot(float64(x)-m[0], float64(y)-m[1]) <= markerRadius+2 {
					// A white ring, so the marker stands out from any background.
					vis.SetRGBA(x, y, color.RGBA{255, 255, 255, 255})
					ir.SetRGBA(x, y, color.RGBA{255, 255, 255, 255})
					uv.SetRGBA(x, y, color.RGBA{0, 0, 0, 255})
				}
			}
		}
	}
	p := Page{Visible: vis, DPI: 300}
	if withIR {
		p.IR = ir
	}
	if withUV {
		p.UV = uv
	}
	return p
}

// decodeGrey decodes a JPEG into a grey-level image.
func decodeGrey(t testing.TB, b []byte) *image.Gray {
	t.Helper()
	img, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decoding JPEG: %v", err)
	}
	g := image.NewGray(img.Bounds())
	for y := g.Rect.Min.Y; y < g.Rect.Max.Y; y++ {
		for x := g.Rect.Min.X; x < g.Rect.Max.X; x++ {
			g.Set(x, y, img.At(x, y))
		}
	}
	return g
}

// findMarker locates a disc near (x, y) within radius: the centroid of the pixels darker
// (or, when bright, lighter) than halfway between the window's extremes.
func findMarker(g *image.Gray, x, y, radius float64, bright bool) (float64, float64, bool) {
	r := image.Rect(int(x-radius), int(y-radius), int(x+radius)+1, int(y+radius)+1).Intersect(g.Rect)
	if r.Empty() {
		return 0, 0, false
	}
	lo, hi := 255, 0
	for yy := r.Min.Y; yy < r.Max.Y; yy++ {
		for xx := r.Min.X; xx < r.Max.X; xx++ {
			v := int(g.GrayAt(xx, yy).Y)
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	if hi-lo < 40 {
		return 0, 0, false
	}
	mid := (lo + hi) / 2
	var sx, sy, n float64
	for yy := r.Min.Y; yy < r.Max.Y; yy++ {
		for xx := r.Min.X; xx < r.Max.X; xx++ {
			v := int(g.GrayAt(xx, yy).Y)
			if (!bright && v < mid) || (bright && v > mid) {
				sx += float64(xx)
				sy += float64(yy)
				n++
			}
		}
	}
	if n == 0 {
		return 0, 0, false
	}
	return sx / n, sy / n, true
}
