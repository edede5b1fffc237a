package engine

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/mrz"
	"github.com/docverify/docverify/samples"
	"github.com/docverify/docverify/samples/capture"
)

// TestTruncatedNamesMatch checks a genuine identity card whose given names do not fit the MRZ
// (Doc 9303 truncates them: MARIANA PATRÍCIA FÁTIMA is MARIANA<PATRIC<F). The page prints the
// names whole, so viz_mrz_match must not find them changed: drawn as the MRZ cuts them, the
// letters after the first cut stand where the page prints others. Before only the first word was
// compared for such names, three phone photos of three failed so (margins −0.32 to −0.47; a genuine
// phone photo of seed 21021 was rejected so); the scan passed.
func TestTruncatedNamesMatch(t *testing.T) {
	e := testEngine(t)
	sp, ok := e.Library().Get("uto-idcard-2021")
	if !ok {
		t.Fatal("no uto-idcard-2021")
	}
	p := samples.Person{Surname: "Nunes Marques", GivenNames: "Mariana Patrícia Fátima", Sex: "F",
		BirthDate: mrz.Date{Year: 1944, Month: 8, Day: 27}, PlaceOfBirth: "Vila Nova", Nationality: "UTO",
		DocumentNumber: "ID3992901", IssueDate: mrz.Date{Year: 2023, Month: 12, Day: 5},
		ExpiryDate: mrz.Date{Year: 2033, Month: 12, Day: 4}, PortraitSeed: 11}
	doc, err := samples.NewDocument(&sp.Spec, p, 5)
	if err != nil {
		t.Fatal(err)
	}
	if d := mrz.Parse(doc.MRZ); d.Fields.GivenNames == "MARIANA PATRICIA FATIMA" || !hasWarning(d, mrz.WarnTruncated) {
		t.Fatalf("the MRZ %q does not truncate the given names (%q)", doc.MRZ, d.Fields.GivenNames)
	}
	page, err := samples.Render(doc, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		kind capture.Kind
		seed uint64
	}{{capture.Scan, 3}, {capture.Phone, 1}, {capture.Phone, 2}, {capture.Phone, 4}} {
		t.Run(fmt.Sprintf("%s %d", tc.kind, tc.seed), func(t *testing.T) {
			shot, err := capture.Take(rand.New(rand.NewPCG(tc.seed, 3)), tc.kind, page.Page)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := e.Check(t.Context(), Input{Image: shot.Visible})
			if err != nil {
				t.Fatal(err)
			}
			var viz detect.Finding
			for _, f := range rep.Checks {
				if f.Name == "viz_mrz_match" {
					viz = f
				}
			}
			t.Logf("verdict %s %d; viz_mrz_match %s %s, margins %v", rep.Verdict, rep.RiskScore, viz.Status, viz.Reason, viz.Evidence["margins"])
			if viz.Status != detect.StatusPass {
				t.Errorf("viz_mrz_match %s (%s), want pass: %+v", viz.Status, viz.Reason, rep.Fields)
			}
			found := false
			for _, f := range rep.Fields {
				if f.Name == "given_names" {
					found = true
					if !f.Match {
						t.Errorf("given names %q against the page's %q: no match", f.MRZ, f.VIZ)
					}
				}
			}
			if !found {
				t.Error("the given names were not compared")
			}
		})
	}
}

func hasWarning(d *mrz.Document, c mrz.Code) bool {
	for _, w := range d.Warnings {
		if w.Code == c {
			return true
		}
	}
	return false
}
