package capture

import (
	"bytes"
	"errors"
	"image"
	"image/jpeg"
	"math"
	"math/rand/v2"
	"testing"
)

func seeded(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x5eed)) }

func TestTakeDeterministic(t *testing.T) {
	p := testPage(true, true)
	for _, k := range Kinds() {
		t.Run(string(k), func(t *testing.T) {
			a, err := Take(seeded(1), k, p)
			if err != nil {
				t.Fatal(err)
			}
			b, err := Take(seeded(1), k, p)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Visible, b.Visible) || !bytes.Equal(a.IR, b.IR) || !bytes.Equal(a.UV, b.UV) || a.H != b.H {
				t.Error("the same seed gave different shots")
			}
			c, err := Take(seeded(2), k, p)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Equal(a.Visible, c.Visible) || a.H == c.H {
				t.Error("different seeds gave the same shot")
			}
		})
	}
}

// TestTakeIgnoresContent checks that a shot's randomness depends on nothing but the random
// source and the kind: a genuine and a forged page (different content, with or without IR
// and UV) get the same geometry, quality, and the same draws from r.
func TestTakeIgnoresContent(t *testing.T) {
	genuine := testPage(true, true)
	blank := image.NewRGBA(genuine.Visible.Rect)
	forged := Page{Visible: blank, DPI: 300}
	for _, k := range Kinds() {
		t.Run(string(k), func(t *testing.T) {
			r1, r2 := seeded(3), seeded(3)
			a, err := Take(r1, k, genuine)
			if err != nil {
				t.Fatal(err)
			}
			b, err := Take(r2, k, forged)
			if err != nil {
				t.Fatal(err)
			}
			if a.H != b.H || a.Width != b.Width || a.Height != b.Height || a.Quality != b.Quality {
				t.Errorf("geometry or quality depends on content: %v %dx%d q%d vs %v %dx%d q%d", a.H, a.Width, a.Height, a.Quality, b.H, b.Width, b.Height, b.Quality)
			}
			if r1.Uint64() != r2.Uint64() {
				t.Error("Take drew a different number of values from r")
			}
			// The visible image must not depend on whether IR and UV are there.
			c, err := Take(seeded(3), k, Page{Visible: genuine.Visible, DPI: 300})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Visible, c.Visible) {
				t.Error("the visible shot depends on the presence of IR and UV")
			}
			if (k == Kiosk) != (a.IR != nil && a.UV != nil) || c.IR != nil || c.UV != nil || b.IR != nil {
				t.Errorf("IR/UV present: %v/%v, without them in the page: %v/%v", a.IR != nil, a.UV != nil, c.IR != nil, c.UV != nil)
			}
		})
	}
}

func TestTakeErrors(t *testing.T) {
	good := testPage(false, false).Visible
	small := image.NewRGBA(image.Rect(0, 0, 10, 10))
	tests := []struct {
		name string
		kind Kind
		page Page
	}{
		{"no visible", Scan, Page{}},
		{"empty visible", Scan, Page{Visible: image.NewRGBA(image.Rectangle{})}},
		{"IR size", Kiosk, Page{Visible: good, IR: small}},
		{"UV size", Kiosk, Page{Visible: good, UV: small}},
		{"negative DPI", Scan, Page{Visible: good, DPI: -300}},
		{"NaN DPI", Scan, Page{Visible: good, DPI: math.NaN()}},
		{"unknown kind", Kind("fax"), Page{Visible: good}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := seeded(1)
			if _, err := Take(r, tt.kind, tt.page); err == nil {
				t.Error("no error")
			} else if tt.kind != "fax" && !errors.Is(err, ErrPage) {
				t.Errorf("error %v is not ErrPage", err)
			}
		})
	}
}

// jpegQuality infers the IJG quality of a baseline JPEG from its luminance quantisation
// table (the sum of its entries, which does not depend on their order).
func jpegQuality(t *testing.T, b []byte) int {
	t.Helper()
	base := [64]int{
		16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
		14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
		18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
		49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
	}
	sum := -1
	for i := 2; i+4 < len(b); {
		if b[i] != 0xFF {
			t.Fatal("bad JPEG marker")
		}
		marker, n := b[i+1], int(b[i+2])<<8|int(b[i+3])
		if marker == 0xDB && b[i+4] == 0 { // 8-bit table 0
			sum = 0
			for _, v := range b[i+5 : i+5+64] {
				sum += int(v)
			}
			break
		}
		i += 2 + n
	}
	for q := 1; q <= 100; q++ {
		scale := 200 - 2*q
		if q < 50 {
			scale = 5000 / q
		}
		s := 0
		for _, v := range base {
			s += min(255, max(1, (v*scale+50)/100))
		}
		if s == sum {
			return q
		}
	}
	t.Fatalf("no IJG quality gives a luminance table summing to %d", sum)
	return 0
}

// TestGeometry takes shots and checks what H and the images say: size, rotation, scale,
// offset, the page inside the frame, the JPEG quality, and the page content where H puts it.
func TestGeometry(t *testing.T) {
	tests := []struct {
		kind       Kind
		seeds      int
		maxRot     float64 // degrees
		scale      [2]float64
		quality    [2]int
		tolerance  float64 // marker position error, shot px
		minMarkers float64 // fraction of markers found
	}{
		{Scan, 12, 3, [2]float64{0.99, 1.01}, [2]int{70, 95}, 1, 1},
		{Kiosk, 8, 1, [2]float64{0.997, 1.003}, [2]int{88, 95}, 1, 1},
		{Phone, 16, 0, [2]float64{0, 0}, [2]int{75, 92}, 2, 0.9},
	}
	p := testPage(true, true)
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			found, total := 0, 0
			for seed := uint64(1); seed <= uint64(tt.seeds); seed++ {
				s, err := Take(seeded(100+seed), tt.kind, p)
				if err != nil {
					t.Fatal(err)
				}
				if q := jpegQuality(t, s.Visible); q != s.Quality || q < tt.quality[0] || q > tt.quality[1] {
					t.Errorf("seed %d: JPEG quality %d, Shot.Quality %d, want %v", seed, q, s.Quality, tt.quality)
				}
				inside := pageQuad(pageW, pageH).mapped(mat3(s.H)).inside(s.Width, s.Height)
				if tt.kind != Phone && !inside {
					t.Errorf("seed %d: page corners %v outside the %dx%d shot", seed, s.Corners(pageW, pageH), s.Width, s.Height)
				}
				if tt.kind != Phone {
					rot := math.Atan2(s.H[3], s.H[0]) * 180 / math.Pi
					sc := math.Hypot(s.H[0], s.H[3])
					if math.Abs(rot) > tt.maxRot || sc < tt.scale[0] || sc > tt.scale[1] || s.H[6] != 0 || s.H[7] != 0 {
						t.Errorf("seed %d: rotation %.2f°, scale %.4f, H %v", seed, rot, sc, s.H)
					}
				}
				if tt.kind == Kiosk {
					cx, cy := s.Map((pageW-1)/2.0, (pageH-1)/2.0)
					if math.Abs(cx-(float64(s.Width)-1)/2) > mm(2) || math.Abs(cy-(float64(s.Height)-1)/2) > mm(2) {
						t.Errorf("seed %d: page centre at (%.1f, %.1f) in a %dx%d frame", seed, cx, cy, s.Width, s.Height)
					}
				}
				imgs := []struct {
					name   string
					b      []byte
					bright bool
				}{{"visible", s.Visible, false}, {"IR", s.IR, false}, {"UV", s.UV, true}}
				for _, im := range imgs {
					if im.b == nil {
						continue
					}
					g := decodeGrey(t, im.b)
					if g.Rect.Dx() != s.Width || g.Rect.Dy() != s.Height {
						t.Fatalf("seed %d %s: image %v, shot %dx%d", seed, im.name, g.Rect.Size(), s.Width, s.Height)
					}
					for _, m := range markers {
						x, y := s.Map(m[0], m[1])
						k := mat3(s.H).localScale(m[0], m[1])
						if x < 0 || y < 0 || x >= float64(s.Width) || y >= float64(s.Height) {
							continue
						}
						total++
						fx, fy, ok := findMarker(g, x, y, markerRadius*k*1.8+4, im.bright)
						if !ok {
							continue
						}
						found++
						if d := math.Hypot(fx-x, fy-y); d > tt.tolerance {
							t.Errorf("seed %d %s: marker at page %v found at (%.1f, %.1f), H puts it at (%.1f, %.1f): %.2f px off", seed, im.name, m, fx, fy, x, y, d)
						}
					}
				}
			}
			t.Logf("found %d of %d markers", found, total)
			if float64(found) < tt.minMarkers*float64(total) {
				t.Errorf("found %d of %d markers", found, total)
			}
		})
	}
}

// TestKioskIR checks that the kiosk's IR image is grey and its UV image in colour.
func TestKioskIR(t *testing.T) {
	s, err := Take(seeded(9), Kiosk, testPage(true, true))
	if err != nil {
		t.Fatal(err)
	}
	ir, err := jpeg.Decode(bytes.NewReader(s.IR))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := ir.(*image.Gray); !ok {
		t.Errorf("IR decodes to %T, want *image.Gray", ir)
	}
	uv, err := jpeg.Decode(bytes.NewReader(s.UV))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := uv.(*image.YCbCr); !ok {
		t.Errorf("UV decodes to %T, want colour", uv)
	}
}

// decomposePhone recovers the pose from a phone shot's H: the tilt of the page, its
// in-plane rotation, knowing the camera (focal length, principal point at the centre).
func decomposePhone(h mat3, w, h0, fw, fh int) (tilt, psi float64) {
	f := phoneFocal * float64(max(fw, fh))
	u0, v0 := (float64(fw)-1)/2, (float64(fh)-1)/2
	kinv := mat3{1 / f, 0, -u0 / f, 0, 1 / f, -v0 / f, 0, 0, 1}
	m := kinv.mul(h).mul(translation((float64(w)-1)/2, (float64(h0)-1)/2))
	if m[8] < 0 {
		for i := range m {
			m[i] = -m[i]
		}
	}
	n1 := math.Sqrt(m[0]*m[0] + m[3]*m[3] + m[6]*m[6])
	n2 := math.Sqrt(m[1]*m[1] + m[4]*m[4] + m[7]*m[7])
	r1 := [3]float64{m[0] / n1, m[3] / n1, m[6] / n1}
	r2 := [3]float64{m[1] / n2, m[4] / n2, m[7] / n2}
	nz := r1[0]*r2[1] - r1[1]*r2[0]
	tilt = math.Acos(min(1, math.Abs(nz)))
	psi = math.Atan2(r1[1]-r2[0], r1[0]+r2[1])
	return tilt, psi
}

// TestPhonePoses checks the phone's pose distribution over many draws, from H alone:
// tilt ≤ 20°, in-plane rotation ≤ 15° off a quarter turn, orientations (about 70% upright),
// the document's size, and at least 97% of documents wholly inside the frame.
func TestPhonePoses(t *testing.T) {
	const n = 4000
	r := seeded(42)
	var quarters [4]int
	inside := 0
	for i := 0; i < n; i++ {
		pose := drawPhonePose(r)
		cam, h := pose.geometry(pageW, pageH)
		tilt, psi := decomposePhone(h, pageW, pageH, cam.w, cam.h)
		q := int(math.Round(psi/(math.Pi/2))) & 3
		roll := math.Remainder(psi, math.Pi/2)
		quarters[q]++
		if tilt > radians(20.01) || math.Abs(roll) > radians(15.01) {
			t.Fatalf("draw %d: tilt %.2f°, roll %.2f°", i, tilt*180/math.Pi, roll*180/math.Pi)
		}
		if math.Abs(tilt-pose.tilt) > 1e-6 || math.Abs(math.Remainder(psi-float64(pose.quarter)*math.Pi/2-pose.roll, 2*math.Pi)) > 1e-6 {
			t.Fatalf("draw %d: H gives tilt %.4f, psi %.4f; drawn %.4f, %d×90° %+.4f", i, tilt, psi, pose.tilt, pose.quarter, pose.roll)
		}
		doc := pageQuad(pageW, pageH).mapped(h)
		x0, y0, x1, y1 := doc.bounds()
		cov := max((x1-x0)/float64(cam.w), (y1-y0)/float64(cam.h))
		if cov < 0.34 || cov > 0.86 {
			t.Fatalf("draw %d: document covers %.3f of the frame", i, cov)
		}
		if doc.inside(cam.w, cam.h) {
			inside++
		}
	}
	if f := float64(inside) / n; f < 0.97 || f == 1 {
		t.Errorf("%.3f of documents wholly inside the frame, want at least 0.97 (and a few partly out)", f)
	}
	if f := float64(quarters[0]) / n; f < 0.66 || f > 0.74 {
		t.Errorf("%.3f upright, want about 0.7 (orientations %v)", f, quarters)
	}
	for q := 1; q < 4; q++ {
		if f := float64(quarters[q]) / n; f < 0.08 || f > 0.12 {
			t.Errorf("%.3f turned %d×90°, want about 0.1", f, q)
		}
	}
}
