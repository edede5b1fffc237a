package mrzchecksums

import (
	"math"
	"testing"

	"github.com/docverify/docverify/mrz"
)

func TestScore(t *testing.T) {
	for _, tc := range []struct {
		name string
		conf float64
		want float64
	}{
		{"read surely", 0.99, 1},
		{"just sure", 0.97, 1},
		{"just below sure", 0.9699, 0.5 + 0.4*(0.1699/0.17)},
		{"halfway", 0.885, 0.7},
		{"unsure", 0.80, 0.5},
		{"very unsure", 0.30, 0.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Score(tc.conf); math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("Score(%v) = %v, want %v", tc.conf, got, tc.want)
			}
		})
	}
}

func TestConfidence(t *testing.T) {
	by := map[string]float64{"document_number": 0.99, "birth_date": 0.85, "expiry_date": 0.98}
	bad := func(field, found string) mrz.Check { return mrz.Check{Field: field, Found: found, Expected: "1"} }
	good := mrz.Check{Field: "document_number", Valid: true, Found: "1", Expected: "1"}
	for _, tc := range []struct {
		name   string
		checks []mrz.Check
		byCk   map[string]float64
		want   float64
	}{
		{"the failing field read surely, an unsure one elsewhere", []mrz.Check{good, bad("expiry_date", "4"), bad("composite", "2")}, by, 0.98},
		{"the failing field read unsurely", []mrz.Check{bad("birth_date", "4"), bad("composite", "2")}, by, 0.85},
		{"the surest of two failing fields", []mrz.Check{bad("birth_date", "4"), bad("document_number", "7")}, by, 0.99},
		{"only the composite failed", []mrz.Check{good, bad("composite", "2")}, by, 0.80},
		{"places not known", []mrz.Check{bad("birth_date", "4")}, nil, 0.80},
		{"a failed check without its confidence", []mrz.Check{bad("optional_data", "4")}, by, 0.80},
		{"a filler where the check digit stands", []mrz.Check{bad("expiry_date", "<")}, by, 0.80},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Confidence(tc.checks, tc.byCk, 0.80); got != tc.want {
				t.Errorf("Confidence = %v, want %v", got, tc.want)
			}
		})
	}
}
