package detect

import (
	"image"
	"image/color"
	"math"
	"testing"

	"gocv.io/x/gocv"
)

// TestFindPage lays a light page on a dark desk, turned and in perspective, and finds its
// corners; also with a key ring lying against its top edge (a phone photo of seed 23023: the
// rectangle around the page and the ring put the page's top corners 60 pixels high, and the
// page did not register to its model), and with a coin over its bottom edge.
func TestFindPage(t *testing.T) {
	corners := Quad{{300, 290}, {1100, 160}, {1190, 650}, {390, 800}}
	for _, tc := range []struct {
		name  string
		extra func(img *gocv.Mat)
	}{
		{"alone", func(*gocv.Mat) {}},
		{"a key ring against its top edge", func(img *gocv.Mat) {
			gocv.Circle(img, image.Pt(720, 190), 28, color.RGBA{200, 180, 40, 0}, 9)
			gocv.Line(img, image.Pt(730, 160), image.Pt(760, 90), color.RGBA{30, 30, 30, 0}, 8)
		}},
		{"a coin over its bottom edge", func(img *gocv.Mat) {
			gocv.Circle(img, image.Pt(800, 735), 40, color.RGBA{60, 120, 200, 0}, -1)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			img := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(45, 50, 45, 0), 1200, 1600, gocv.MatTypeCV8UC3)
			defer img.Close()
			pts := make([]image.Point, 4)
			for i, c := range corners {
				pts[i] = image.Pt(int(c[0]), int(c[1]))
			}
			pv := gocv.NewPointsVectorFromPoints([][]image.Point{pts})
			gocv.FillPoly(&img, pv, color.RGBA{230, 232, 235, 0})
			pv.Close()
			tc.extra(&img)
			gocv.GaussianBlur(img, &img, image.Point{}, 2, 2, gocv.BorderReplicate)
			q, area, err := FindPage(img)
			if err != nil {
				t.Fatal(err)
			}
			for i := range q {
				if d := math.Hypot(q[i][0]-corners[i][0], q[i][1]-corners[i][1]); d > 6 {
					t.Errorf("corner %d at %.0f, %.0f, want %.0f, %.0f (%.0f px off)", i, q[i][0], q[i][1], corners[i][0], corners[i][1], d)
				}
			}
			if area < 0.15 || area > 0.3 {
				t.Errorf("area %.3f of the image, want about 0.22", area)
			}
		})
	}
}
