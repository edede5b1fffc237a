package detect

import (
	"image"
	"testing"

	"github.com/docverify/docverify/templates"
	"gocv.io/x/gocv"
)

// TestKnn2 checks the Hamming matcher against OpenCV's brute-force matcher on the ORB
// descriptors of two models' reference images: for every descriptor the same two nearest
// distances (indices may differ where distances tie).
func TestKnn2(t *testing.T) {
	lib, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	all := lib.All()
	if len(all) < 2 {
		t.Fatal("the library needs two models for this test")
	}
	orb := newORB()
	defer orb.Close()
	describe := func(s *templates.Specimen, scale float64) gocv.Mat {
		img, err := s.Image(templates.Visible)
		if err != nil {
			t.Fatal(err)
		}
		mat, err := toBGR(img)
		if err != nil {
			t.Fatal(err)
		}
		defer mat.Close()
		gray := gocv.NewMat()
		defer gray.Close()
		gocv.CvtColor(mat, &gray, gocv.ColorBGRToGray)
		gocv.Resize(gray, &gray, image.Point{}, scale, scale, gocv.InterpolationArea)
		none := gocv.NewMat()
		defer none.Close()
		_, desc := orb.DetectAndCompute(gray, none)
		return desc
	}
	query, train := describe(all[0], 0.5), describe(all[1], 0.4)
	defer query.Close()
	defer train.Close()
	if query.Rows() < 100 || train.Rows() < 100 {
		t.Fatalf("too few descriptors: %d and %d", query.Rows(), train.Rows())
	}
	bf := gocv.NewBFMatcherWithParams(gocv.NormHamming, false)
	defer bf.Close()
	want := bf.KnnMatch(query, train, 2)
	got := knn2(descriptorsOf(query), descriptorsOf(train))
	if len(got) != len(want) {
		t.Fatalf("%d results, OpenCV %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if int(w[0].Distance) != g.d1 || int(w[1].Distance) != g.d2 {
			t.Fatalf("descriptor %d: distances %d, %d; OpenCV %v, %v", i, g.d1, g.d2, w[0].Distance, w[1].Distance)
		}
		if g.best == g.second || g.best < 0 || g.second < 0 {
			t.Fatalf("descriptor %d: indices %d, %d", i, g.best, g.second)
		}
	}
	// One train descriptor: no second neighbour.
	one := knn2(descriptorsOf(query)[:8], descriptorsOf(train)[:4])
	if one[0].second != -1 || one[1].best != 0 {
		t.Errorf("one train descriptor: %+v", one)
	}
}
