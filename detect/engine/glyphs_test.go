package engine

import (
	"context"
	"image"
	"slices"
	"testing"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/detect/detecttest"
	"github.com/docverify/docverify/mrz"
	"gocv.io/x/gocv"
)

// TestPageMRZGlyphs: a page whose MRZ a shake blurred (0.6 mm up and down) beyond what the
// OCR reads, registered onto its model: reading the MRZ again in the page's frame ends with
// every character as printed, read glyph by glyph, its data holding. The window is narrow: the
// MRZ model of session 30 reads a 0.55 mm shake in the page's frame itself, and at 0.65 mm the
// glyphs misread too.
func TestPageMRZGlyphs(t *testing.T) {
	e := testEngine(t)
	scan := detecttest.MovedPage(t, "uto-passport-2024", 0, 0)
	defer scan.Close()
	scan.ID.Correlation, scan.ID.H = 1, [9]float64{1, 0, 0, 0, 1, 0, 0, 0, 1}
	scan.PageIR = gocv.NewMat() // no infrared image (Close closes it)
	spec := scan.Spec()
	lines, err := mrz.Generate(spec.MRZFormat, mrz.Fields{DocumentCode: "P", IssuingState: "UTO", Surname: "HALVORSEN",
		GivenNames: "MAJA", DocumentNumber: "734021856", Nationality: "UTO", BirthDate: mrz.Date{Year: 1979, Month: 11, Day: 3},
		Sex: "F", ExpiryDate: mrz.Date{Year: 2032, Month: 8, Day: 21}})
	if err != nil {
		t.Fatal(err)
	}
	region, _ := spec.Region("mrz")
	drawn, err := detect.RenderMRZ(spec, region, lines)
	if err != nil {
		t.Fatal(err)
	}
	defer drawn.Close()
	bgr := gocv.NewMat()
	defer bgr.Close()
	gocv.CvtColor(drawn, &bgr, gocv.ColorGrayToBGR)
	dst := scan.Page.Region(region.Rect.Px(spec.DPI))
	bgr.CopyTo(&dst)
	dst.Close()
	px := spec.DPI / 25.4
	gocv.GaussianBlur(scan.Page, &scan.Page, image.Point{}, 0.05*px, 0.60*px, gocv.BorderReplicate)
	scan.BlurSigma = 0.1 * px

	ctx := context.Background()
	scan.MRZ = e.reader.Read(ctx, scan.Page, gocv.NewMat())
	if scan.MRZ.Document.Valid {
		t.Fatalf("the OCR read the shaken MRZ valid (%q): the test needs a harder shake", scan.MRZ.Raw)
	}
	e.readPageMRZ(ctx, scan)
	if !slices.Equal(scan.MRZ.Raw, lines) {
		t.Fatalf("read %q, want %q", scan.MRZ.Raw, lines)
	}
	if !scan.MRZ.Glyphs || !scan.MRZ.DataHolds() {
		t.Errorf("glyph by glyph %v, data holding %v (errors %v)", scan.MRZ.Glyphs, scan.MRZ.DataHolds(), scan.MRZ.Document.Errors)
	}
}
