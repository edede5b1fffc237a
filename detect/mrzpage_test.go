package detect

import (
	"context"
	"image"
	"image/color"
	"slices"
	"testing"
	"time"

	"github.com/docverify/docverify/mrz"
	"github.com/docverify/docverify/templates"
	"gocv.io/x/gocv"
)

// specimenPage is the embedded specimen id's visible reference image (a page in its own frame)
// and its spec; close the Mat.
func specimenPage(t *testing.T, id string) (gocv.Mat, *templates.Spec) {
	t.Helper()
	sp := testSpecimen(t, id)
	b, err := sp.ImageBytes(templates.Visible)
	if err != nil {
		t.Fatal(err)
	}
	m, err := gocv.IMDecode(b, gocv.IMReadColor)
	if err != nil || m.Empty() {
		t.Fatalf("%s: decode: %v", id, err)
	}
	return m, &sp.Spec
}

var specimenIDs = []string{"uto-passport-2019", "uto-passport-2024", "uto-idcard-2021", "uto-visa-2020"}

// TestMRZLines checks the MRZ lines placed by the model's layout against the print of each
// specimen's reference: as many lines as its format has, in order down the page, and nearly all
// the ink of the MRZ region inside them.
func TestMRZLines(t *testing.T) {
	for _, id := range specimenIDs {
		t.Run(id, func(t *testing.T) {
			page, spec := specimenPage(t, id)
			defer page.Close()
			region, ok := spec.Region("mrz")
			if !ok {
				t.Fatal("no mrz region")
			}
			lines := MRZLines(spec, region)
			if len(lines) != spec.MRZFormat.Lines() {
				t.Fatalf("%d lines, the format has %d", len(lines), spec.MRZFormat.Lines())
			}
			for i := 1; i < len(lines); i++ {
				if lines[i][0][1] <= lines[i-1][0][1] {
					t.Errorf("line %d is not below line %d: %v, %v", i, i-1, lines[i], lines[i-1])
				}
			}
			grey := gocv.NewMat()
			defer grey.Close()
			gocv.CvtColor(page, &grey, gocv.ColorBGRToGray)
			r := region.Rect.Px(spec.DPI).Inset(-20).Intersect(image.Rect(0, 0, grey.Cols(), grey.Rows()))
			ink, in := 0, 0
			for y := r.Min.Y; y < r.Max.Y; y++ {
				for x := r.Min.X; x < r.Max.X; x++ {
					if grey.GetUCharAt(y, x) > 90 {
						continue
					}
					ink++
					for _, q := range lines {
						if float64(x) >= q[0][0] && float64(x) <= q[1][0] && float64(y) >= q[0][1] && float64(y) <= q[2][1] {
							in++
							break
						}
					}
				}
			}
			if ink == 0 {
				t.Fatal("no ink in the MRZ region")
			}
			if share := float64(in) / float64(ink); share < 0.99 {
				t.Errorf("%.3f of the MRZ region's ink lies in the lines (%d of %d), want ≥ 0.99", share, in, ink)
			}
		})
	}
}

// TestReadPage reads each specimen's MRZ in its page frame: where the layout puts the lines,
// the page as it is and moved 1.5 mm down (a registration that far off: the lines are found
// again in the area), and checks the reading equals that of the whole image and that its box
// is given in the input image's pixels.
func TestReadPage(t *testing.T) {
	r := testReader(t)
	for _, id := range specimenIDs {
		for _, down := range []float64{0, 1.5} {
			t.Run(id, func(t *testing.T) {
				ref, spec := specimenPage(t, id)
				defer ref.Close()
				page := gocv.NewMat()
				defer page.Close()
				shift := down * spec.DPI / 25.4
				a := gocv.NewMatWithSize(2, 3, gocv.MatTypeCV64F)
				defer a.Close()
				for i, v := range []float64{1, 0, 0, 0, 1, shift} {
					a.SetDoubleAt(i/3, i%3, v)
				}
				gocv.WarpAffineWithParams(ref, &page, a, image.Pt(ref.Cols(), ref.Rows()), gocv.InterpolationLinear, gocv.BorderReplicate, color.RGBA{})
				want := r.Read(context.Background(), ref, gocv.NewMat())
				if !want.Document.Valid {
					t.Fatalf("the whole reference did not read valid: %v", want.Document.Errors)
				}
				region, _ := spec.Region("mrz")
				area := region.Rect.Px(spec.DPI).Inset(-int(4 * spec.DPI / 25.4))
				toImage := func(x, y float64) (float64, float64) { return x + 1000, y + 2000 }
				got := r.ReadPage(context.Background(), page, gocv.NewMat(), MRZLines(spec, region), area, toImage)
				if got == nil {
					t.Fatal("nothing read")
				}
				if !got.Document.Valid || !slices.Equal(got.Document.Lines, want.Document.Lines) {
					t.Fatalf("read %q (valid %v), want %q", got.Document.Lines, got.Document.Valid, want.Document.Lines)
				}
				if got.Box == nil {
					t.Fatal("no box")
				}
				mr := region.Rect.Px(spec.DPI)
				for _, p := range got.Box {
					if p[0] < float64(mr.Min.X)+1000-60 || p[0] > float64(mr.Max.X)+1000+60 ||
						p[1] < float64(mr.Min.Y)+shift+2000-60 || p[1] > float64(mr.Max.Y)+shift+2000+60 {
						t.Errorf("box corner %v is not about the MRZ region %v moved by (1000, %.0f)", p, mr, 2000+shift)
					}
				}
			})
		}
	}
}

// TestSupersedes keeps a reading made again in the page's frame only when it is valid, read at
// the layout's width, and agrees on the names with a first reading of the same layout.
func TestSupersedes(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	reading := func(raw ...string) *MRZReading {
		return &MRZReading{Raw: raw, Document: mrz.RepairWith(raw, mrz.Hints{}, now)}
	}
	names, data := icaoTD3[0], icaoTD3[1]
	otherName := "P<UTOERIKSSON<<ANNE<MARIA<<<<<<<<<<<<<<<<<<<"
	for _, tc := range []struct {
		name      string
		again     *MRZReading
		prev      *MRZReading
		supersede bool
	}{
		{"valid, the first not found", reading(names, data), reading(), true},
		{"valid, the first a wrong digit", reading(names, data), reading(names, with(data, 15, '9')), true},
		{"not valid", reading(names, with(data, 15, '9')), reading(), false},
		{"valid after a filler dropped", reading(names, data[:38]+"<"+data[38:]), reading(), false},
		{"names differ from the first's", reading(otherName, data), reading(names, with(data, 15, '9')), false},
		{"names differ, the first of another layout", reading(otherName, data), reading("IDUTO"), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "valid after a filler dropped" && !tc.again.Document.Valid {
				t.Skip("the repair did not make the line valid: nothing to test")
			}
			if got := tc.again.Supersedes(tc.prev); got != tc.supersede {
				t.Errorf("Supersedes = %v, want %v (valid %v, errors %v)", got, tc.supersede, tc.again.Document.Valid, tc.again.Document.Errors)
			}
		})
	}
}
