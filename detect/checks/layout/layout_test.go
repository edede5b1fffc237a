package layout

import (
	"image"
	"math"
	"testing"

	"gocv.io/x/gocv"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/detect/checks/vizmrz"
	"github.com/docverify/docverify/detect/detecttest"
	"github.com/docverify/docverify/templates"
)

// TestStopAtPictures checks, on every model of the library, that no field's or caption's
// search window reaches into a portrait, ghost portrait or OVD, and that each still holds its
// box and reaches past it where nothing is in the way.
func TestStopAtPictures(t *testing.T) {
	lib, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	narrowed := 0
	for _, sp := range lib.All() {
		s := &detect.Scan{ID: &detect.Identification{Spec: &sp.Spec}}
		pxmm := sp.Spec.DPI / 25.4
		reach := int(3.5 * pxmm)
		page := sp.Spec.PagePx()
		for _, reg := range sp.Spec.Regions {
			if _, field := reg.Kind.IsField(); !field && reg.Kind != templates.KindLabel {
				continue
			}
			r, _ := s.RegionRect(reg.Name)
			full := image.Rect(r.Min.X-reach, r.Min.Y, r.Max.X+reach, r.Max.Y).Intersect(image.Rect(0, 0, page.X, page.Y))
			w := stopAtPictures(s, full, r)
			if !r.In(w) {
				t.Errorf("%s %s: window %v does not hold the box %v", sp.Spec.ID, reg.Name, w, r)
			}
			for _, k := range pictures {
				for _, pic := range sp.Spec.RegionsOf(k) {
					pr, _ := s.RegionRect(pic.Name)
					if pr.Overlaps(w) && !pr.Overlaps(r) {
						t.Errorf("%s %s: window %v reaches into %s %v", sp.Spec.ID, reg.Name, w, pic.Name, pr)
					}
				}
			}
			if w != full {
				narrowed++
			}
		}
	}
	// The identity card's fields and captions start 3 mm right of its portrait: their windows
	// must have been narrowed.
	if narrowed == 0 {
		t.Error("no window was narrowed: the identity card's fields beside the portrait should be")
	}
}

// TestLabelOffset moves the identity card's reference by a few pixels and finds each caption
// moved by as much, also under a reflection that lightens the captions (as on a phone photo
// under a lamp) where their first column of ink is lost.
func TestLabelOffset(t *testing.T) {
	const dx, dy = 5, -3
	s := detecttest.MovedPage(t, "uto-idcard-2021", dx, dy)
	defer s.Close()
	// A reflection: everything pushed two thirds of the way to white.
	glare := gocv.NewMat()
	defer glare.Close()
	s.Page.ConvertToWithParams(&glare, gocv.MatTypeCV8U, 1.0/3, 170)
	pxmm := s.Spec().DPI / 25.4
	for _, tc := range []struct {
		name string
		page gocv.Mat
	}{{"moved", s.Page}, {"moved, under a reflection", glare}} {
		sc := &detect.Scan{ID: s.ID, Page: tc.page, RefBlurred: s.RefBlurred}
		found := 0
		for _, reg := range s.Spec().RegionsOf(templates.KindLabel) {
			r, _ := sc.RegionRect(reg.Name)
			x, y, ok := labelOffset(sc, r, pxmm)
			if !ok {
				t.Errorf("%s: %s not found", tc.name, reg.Name)
				continue
			}
			found++
			if math.Abs(x-dx) > 1 || math.Abs(y-dy) > 1 {
				t.Errorf("%s: %s found %.0f, %.0f px off, want %d, %d", tc.name, reg.Name, x, y, dx, dy)
			}
		}
		if found < 5 {
			t.Errorf("%s: %d captions found, want the card's 10", tc.name, found)
		}
	}
}

// TestPrintOffsetOffPage asks for print outside the page: nothing is found there, and a box
// that only a sliver of the page's corner overlaps does not crash the search.
func TestPrintOffsetOffPage(t *testing.T) {
	s := detecttest.MovedPage(t, "uto-idcard-2021", 0, 0)
	defer s.Close()
	w, h := s.Page.Cols(), s.Page.Rows()
	for _, r := range []image.Rectangle{
		image.Rect(-50, -50, -10, -10), // before the page
		image.Rect(w+5, 10, w+60, 40),  // beyond it
		image.Rect(10, h+5, 80, h+40),  // below it
	} {
		if x, y, c := s.PrintOffset(r, 10); c != 0 {
			t.Errorf("print at %v found at %d, %d (%.2f), want nothing", r, x, y, c)
		}
	}
	s.PrintOffset(image.Rect(w-3, h-3, w+40, h+40), 10) // a corner's sliver
}

// TestPrintOffsetOnce places every caption of a page moved by (3, −2) pixels: each is found
// there, a second asking gives the same answer without searching again (the layout check and
// the portraits' anchors ask for the same captions; a search allocates images, an answer kept
// nothing), and a scan that never asked finds the same.
func TestPrintOffsetOnce(t *testing.T) {
	s := detecttest.MovedPage(t, "uto-passport-2019", 3, -2)
	defer s.Close()
	fresh := detecttest.MovedPage(t, "uto-passport-2019", 3, -2)
	defer fresh.Close()
	found := 0
	for _, reg := range s.Spec().Regions {
		if reg.Kind != templates.KindLabel {
			continue
		}
		r, ok := s.RegionRect(reg.Name)
		if !ok {
			continue
		}
		x, y, c := s.PrintOffset(r, 12)
		if c > 0.5 {
			found++
			if x != 3 || y != -2 {
				t.Errorf("%s: found at %d, %d (%.2f), want 3, -2", reg.Name, x, y, c)
			}
		}
		var x2, y2 int
		var c2 float64
		if allocs := testing.AllocsPerRun(3, func() { x2, y2, c2 = s.PrintOffset(r, 12) }); allocs > 0 {
			t.Errorf("%s: asked again, %.0f allocations: searched again", reg.Name, allocs)
		}
		if x2 != x || y2 != y || c2 != c {
			t.Errorf("%s: asked again, %d, %d (%.4f), first %d, %d (%.4f)", reg.Name, x2, y2, c2, x, y, c)
		}
		// Another rectangle is searched anew, and a scan that never asked finds the same.
		reach := 12
		if allocs := testing.AllocsPerRun(2, func() { reach--; s.PrintOffset(r, reach) }); allocs == 0 {
			t.Errorf("%s: another reach answered without a search", reg.Name)
		}
		if x3, y3, c3 := fresh.PrintOffset(r, 12); x3 != x || y3 != y || c3 != c {
			t.Errorf("%s: a fresh scan finds %d, %d (%.4f), the asked one %d, %d (%.4f)", reg.Name, x3, y3, c3, x, y, c)
		}
	}
	if found < 5 {
		t.Errorf("%d captions found, want 5 or more", found)
	}
}

// TestRunPlacedFields runs the check on the identity card's reference moved by (5, −3)
// pixels, with the fields' places as viz_mrz_match would report them: where the page is moved
// as a whole, no shift; where the fields are a millimetre right of their captions, a shift of a
// millimetre, also when ink in five captions' boxes (a moved field's) drags their matches off.
func TestRunPlacedFields(t *testing.T) {
	const dx, dy = 5, -3
	s := detecttest.MovedPage(t, "uto-idcard-2021", dx, dy)
	defer s.Close()
	pxmm := s.Spec().DPI / 25.4
	all := []string{"surname", "given_names", "document_number", "birth_date", "expiry_date", "sex", "nationality"}
	names := all
	placed := func(extra float64) map[string][]float64 {
		out := map[string][]float64{}
		for _, name := range names {
			out[name] = []float64{dx/pxmm + extra, dy / pxmm}
		}
		return out
	}
	smudged := []string{"label:surname", "label:given_names", "label:document_number", "label:birth_date", "label:nationality"}
	for _, tc := range []struct {
		name    string
		extra   float64 // mm the fields lie right of their place, the page's move aside
		smudge  bool
		drawn   int // fields found by their drawn text
		by      string
		wantMin float64
		wantMax float64
		status  detect.Status
	}{
		{"moved as a whole", 0, false, 7, "drawn text", 0, 0.15, detect.StatusPass},
		{"fields a millimetre right", 1, false, 7, "drawn text", 0.9, 1.1, detect.StatusFail},
		{"fields a millimetre right, five captions smudged", 1, true, 7, "drawn text", 0.9, 1.1, detect.StatusFail},
		// Two fields found by their text: the others' ink places them, the page moved whole.
		{"two fields found by their text", 1, false, 2, "ink", 0, 0.2, detect.StatusPass},
	} {
		t.Run(tc.name, func(t *testing.T) {
			names = all[:tc.drawn]
			page := s.Page.Clone()
			defer page.Close()
			if tc.smudge {
				for _, name := range smudged {
					r, _ := s.RegionRect(name)
					r = r.Add(image.Pt(dx, dy))
					ink := page.Region(image.Rect(r.Min.X+r.Dx()/3, r.Min.Y, r.Max.X, r.Min.Y+r.Dy()/2))
					ink.SetTo(gocv.NewScalar(20, 20, 20, 0))
					ink.Close()
				}
			}
			id := *s.ID
			id.Correlation = 0.99 // registered
			sc := &detect.Scan{ID: &id, Page: page, RefBlurred: s.RefBlurred}
			viz := detect.Finding{Status: detect.StatusPass, Evidence: map[string]any{"offsets_mm": placed(tc.extra)}}
			f, err := Check.Run(&detect.Pass{Check: Check, Scan: sc, ResultOf: map[*detect.Check]detect.Finding{vizmrz.Check: viz}})
			if err != nil {
				t.Fatal(err)
			}
			ms, _ := f.Evidence["measures"].(map[string]float64)
			key := map[string]string{"drawn text": "layout.shift_mm", "ink": "layout.ink_shift_mm"}[tc.by]
			got, ok := ms[key]
			if !ok {
				t.Fatalf("not measured: %+v", f)
			}
			if got < tc.wantMin || got > tc.wantMax || f.Status != tc.status {
				t.Errorf("shift %.2f mm (%s), want %.1f–%.1f (%s); evidence %v", got, f.Status, tc.wantMin, tc.wantMax, tc.status, f.Evidence)
			}
			if by := f.Evidence["measured_by"]; by != tc.by {
				t.Errorf("measured by %v, want %s", by, tc.by)
			}
			if tc.by != "drawn text" {
				return
			}
			// Each field placed is measured where it lies, its caption found or, smudged, taken
			// at the captions' median.
			byField := f.Evidence["fields_mm"].(map[string][]float64)
			for name := range placed(0) {
				if v, ok := byField[name]; ok && (math.Abs(v[0]-tc.extra) > 0.15 || math.Abs(v[1]) > 0.15) {
					t.Errorf("%s measured %v mm off, want %.1f, 0", name, v, tc.extra)
				}
			}
		})
	}
}
